/* SPDX-License-Identifier: GPL-2.0 */
/*
 * param.h - parsing and checking of mmlab's tunables (module parameters,
 * and later netlink and the tool's arguments). See param.c.
 */
#ifndef _MMLAB_CORE_PARAM_H
#define _MMLAB_CORE_PARAM_H

#include "seam.h"

int mmlab_parse_size(const char *s, u64 *bytes);
const char *mmlab_parse_size_strerror(int err);
int mmlab_check_arena_size(u64 bytes, u64 ram, u64 avail, const char **why);
int mmlab_check_max_order(unsigned int order, unsigned int limit,
			  const char **why);
int mmlab_parse_addr(const char *s, u64 *addr);
const char *mmlab_parse_addr_strerror(int err);
int mmlab_check_memmap(u64 base, u64 size, u64 arena_bytes,
		       const char **why);

#endif /* _MMLAB_CORE_PARAM_H */
