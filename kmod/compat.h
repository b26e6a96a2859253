/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat.h - the differences between the kernels mmlab builds against
 * (6.1 and 6.12), kept in one place. Everything else is written against
 * what both offer: classic genl_ops with a per-op policy, NLA_U32/NLA_U64,
 * fixed-string extack messages.
 */
#ifndef _MMLAB_COMPAT_H
#define _MMLAB_COMPAT_H

#include <linux/version.h>
#include <linux/mmzone.h>

/*
 * The largest order the page allocator hands out in one block. Until 6.4
 * MAX_ORDER was exclusive (orders 0..MAX_ORDER-1); 6.4 made it inclusive
 * and 6.8 renamed it MAX_PAGE_ORDER.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 8, 0)
#define MMLAB_PAGE_ORDER_MAX	MAX_PAGE_ORDER
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
#define MMLAB_PAGE_ORDER_MAX	MAX_ORDER
#else
#define MMLAB_PAGE_ORDER_MAX	(MAX_ORDER - 1)
#endif

#endif /* _MMLAB_COMPAT_H */
