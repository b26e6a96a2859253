// SPDX-License-Identifier: GPL-2.0
/*
 * fault.c - mmlab's own allocation-failure injector, for any kernel.
 *
 * Stock kernels have no failslab or fail_page_alloc, so mmlab injects its
 * own failures. Every internal allocation of mmlab asks
 * mmlab_fault_inject() first: the core's tables (mmlab_kvcalloc() in the
 * seam), the arena's chunks (arena.c), and netlink replies and events
 * (netlink.c). Arming the injector with N makes the Nth of those calls
 * from then on fail, once, as the kernel's /proc/self/fail-nth does for a
 * task:
 *
 *	insmod mmlab.ko fail_nth=N		during load
 *	echo N > /sys/kernel/debug/mmlab/fail_nth	afterwards
 *
 * Reading debugfs mmlab/fail_nth gives the calls left before the failure:
 * 0 once it fired (or if it was never armed). A sweep arms N = 1, 2, ...
 * around one operation until the operation completes with the injector
 * still armed: then every allocation of that operation has been failed
 * once, and each failure must have given a clean error or a graceful
 * fallback, left state unchanged and leaked nothing.
 *
 * The counter is global, not per task: injection is for test machines, and
 * a concurrent user of mmlab may take the failure instead.
 */
#include <linux/atomic.h>
#include <linux/moduleparam.h>

#include "mmlab.h"

atomic_t mmlab_fail_nth = ATOMIC_INIT(0);

static int fail_nth;
module_param(fail_nth, int, 0);
MODULE_PARM_DESC(fail_nth,
		 "Fail the Nth internal allocation made while loading (testing; 0: never)");

/**
 * mmlab_fault_inject - should this internal allocation fail?
 *
 * Return: true exactly once, on the Nth call after the injector was armed
 * with N.
 */
bool mmlab_fault_inject(void)
{
	return atomic_dec_if_positive(&mmlab_fail_nth) == 0;
}

/**
 * mmlab_fault_init - arm the injector with the fail_nth parameter
 *
 * Called first thing at load, so that the load's own allocations count.
 */
void mmlab_fault_init(void)
{
	atomic_set(&mmlab_fail_nth, max(fail_nth, 0));
}
