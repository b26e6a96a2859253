/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat.h - the differences between the kernels mmlab builds against
 * (6.1 and 6.12), kept in one place. Everything else is written against
 * what both offer: classic genl_ops with a per-op policy, NLA_U32/NLA_U64,
 * fixed-string extack messages.
 */
#ifndef _MMLAB_COMPAT_H
#define _MMLAB_COMPAT_H

#include <linux/mmzone.h>

/*
 * The largest order the page allocator hands out in one block. 6.8 renamed
 * MAX_ORDER to MAX_PAGE_ORDER, inclusive; in 6.1 MAX_ORDER was exclusive
 * (orders 0..MAX_ORDER-1). (6.4-6.7, not supported, had an inclusive
 * MAX_ORDER: there this is merely one order too cautious.)
 */
#ifdef MAX_PAGE_ORDER
#define MMLAB_PAGE_ORDER_MAX	MAX_PAGE_ORDER
#else
#define MMLAB_PAGE_ORDER_MAX	(MAX_ORDER - 1)
#endif

#endif /* _MMLAB_COMPAT_H */
