/* SPDX-License-Identifier: GPL-2.0 */
/*
 * seam.h - the one header the portable core includes (kernel side).
 *
 * The core (kmod/core/ *.c) holds mmlab's algorithms. Its .c files include
 * this header and the core's own headers, which include nothing but this
 * one. In the module build this file maps what the core needs onto
 * <linux/...>. tools/testing/shim/seam.h provides the same names for
 * userspace under the SAME include guard; a userspace build includes that
 * one first, so this one is skipped, and the very same .c files compile
 * into the unit tests, the fuzzers and the trace simulator.
 *
 * The core may use, and the shim must provide:
 *   u8 u16 u32 u64 s32 s64 bool size_t, true/false, NULL
 *   errno values (EINVAL, ENOMEM, ERANGE, ...)
 *   memset memcpy memcmp memmove strlen strcmp strscpy snprintf
 *   min min_t max max_t, ARRAY_SIZE, BIT, BIT_ULL, fls64, ilog2, is_power_of_2,
 *   hweight64
 *   likely unlikely noinline, WARN_ON_ONCE, BUILD_BUG_ON
 *   check_add_overflow check_mul_overflow check_shl_overflow
 *   mmlab_kvcalloc(n, size) / mmlab_kvfree(p)  - tables, may sleep; may
 *                                              fail on purpose (fault
 *                                              injection, both sides)
 *   mmlab_sort(base, num, size, cmp)           - heapsort, no allocation
 *   mmlab_report(fmt, ...)                     - one invariant violation
 *   mmlab_cond_resched()                       - a long walk may yield here
 *                                              (the caller holds no
 *                                              spinlock)
 *   mmlab_cpu_pin() / mmlab_cpu_unpin()        - pin the caller to its CPU
 *                                              (no preemption, no
 *                                              migration) and return the
 *                                              CPU; no sleeping until
 *                                              unpinned
 *   MMLAB_PAGE_SHIFT                           - log2 of a frame's size
 *
 * Nothing else: no locks, no printk levels, no kernel types beyond these.
 * Locking is the caller's (see each core file's "Lock order" comment).
 */
#ifndef _MMLAB_SEAM_H
#define _MMLAB_SEAM_H

#include <linux/types.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/sort.h>
#include <linux/log2.h>
#include <linux/bitops.h>
#include <linux/minmax.h>
#include <linux/printk.h>
#include <linux/bug.h>
#include <linux/overflow.h>
#include <linux/sched.h>
#include <linux/smp.h>

#define MMLAB_PAGE_SHIFT	PAGE_SHIFT

/* kmod/fault.c: the module's allocation-failure injector. */
bool mmlab_fault_inject(void);

#define mmlab_kvcalloc(n, size) \
	(mmlab_fault_inject() ? NULL : kvcalloc(n, size, GFP_KERNEL))
#define mmlab_kvfree(p)		kvfree(p)
#define mmlab_sort(base, num, size, cmp) sort(base, num, size, cmp, NULL)
#define mmlab_report(fmt, ...)	pr_err("invariant: " fmt, ##__VA_ARGS__)
#define mmlab_cond_resched()	cond_resched()
#define mmlab_cpu_pin()		get_cpu()
#define mmlab_cpu_unpin()	put_cpu()

#endif /* _MMLAB_SEAM_H */
