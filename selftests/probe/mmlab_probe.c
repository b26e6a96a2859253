// SPDX-License-Identifier: GPL-2.0
/*
 * mmlab_probe.c - deliberate bugs that the debug kernel's detectors must
 * report. A test-only module, never part of mmlab: the debug lane loads it
 * once per boot with one probe and expects that boot to go red with that
 * probe's report, proving the detector is alive (a lane that cannot fail
 * proves nothing).
 *
 *   probe=leak          kmalloc() an object and lose the pointer
 *                       -> kmemleak: "unreferenced object"
 *   probe=uaf           read a kmalloc()ed byte after kfree()
 *                       -> KASAN: "BUG: KASAN: slab-use-after-free"
 *   probe=lockorder     take two mutexes in both orders, one after the
 *                       other (no actual deadlock)
 *                       -> lockdep: "possible circular locking dependency"
 *   probe=atomic_sleep  a GFP_KERNEL allocation (which may sleep) while
 *                       holding a spinlock: DEBUG_ATOMIC_SLEEP reports it
 *                       even when the allocation does not actually sleep
 *                       -> "BUG: sleeping function called from invalid context"
 *
 * Like the kernel's kselftest modules, it reports and refuses to stay
 * loaded: init runs the probe and returns -EAGAIN.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/string.h>

static char *probe = "";
module_param(probe, charp, 0);
MODULE_PARM_DESC(probe, "leak | uaf | lockorder | atomic_sleep");

static void probe_leak(void)
{
	char *p = kmalloc(192, GFP_KERNEL);

	if (p)
		memset(p, 0x6b, 192);
	OPTIMIZER_HIDE_VAR(p);
	/* the only reference goes out of scope here */
}

static void probe_uaf(void)
{
	char *p = kmalloc(64, GFP_KERNEL);

	if (!p)
		return;
	OPTIMIZER_HIDE_VAR(p);
	kfree(p);
	pr_info("read after free: %d\n", READ_ONCE(p[8]));
}

static DEFINE_MUTEX(probe_lock_a);
static DEFINE_MUTEX(probe_lock_b);

static void probe_lockorder(void)
{
	mutex_lock(&probe_lock_a);
	mutex_lock(&probe_lock_b);
	mutex_unlock(&probe_lock_b);
	mutex_unlock(&probe_lock_a);

	mutex_lock(&probe_lock_b);
	mutex_lock(&probe_lock_a);
	mutex_unlock(&probe_lock_a);
	mutex_unlock(&probe_lock_b);
}

static DEFINE_SPINLOCK(probe_spin);

static void probe_atomic_sleep(void)
{
	void *p;

	spin_lock(&probe_spin);
	p = kmalloc(32, GFP_KERNEL);
	spin_unlock(&probe_spin);
	kfree(p);
}

static const struct {
	const char *name;
	void (*run)(void);
} probes[] = {
	{ "leak", probe_leak },
	{ "uaf", probe_uaf },
	{ "lockorder", probe_lockorder },
	{ "atomic_sleep", probe_atomic_sleep },
};

static int __init mmlab_probe_init(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(probes); i++) {
		if (strcmp(probe, probes[i].name))
			continue;
		pr_info("running probe %s\n", probe);
		probes[i].run();
		pr_info("probe %s done\n", probe);
		return -EAGAIN;
	}
	pr_err("probe=%s: unknown (leak, uaf, lockorder, atomic_sleep)\n",
	       probe);
	return -EINVAL;
}
module_init(mmlab_probe_init);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("mmlab debug lane: deliberate bugs for the detectors");
