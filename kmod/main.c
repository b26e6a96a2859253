// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - module parameters, load and unload, module-wide statistics.
 *
 * Load order: arena (the pages), /proc, debugfs, generic netlink last, so
 * nothing can reach mmlab before it is whole. Unload runs the same list
 * backwards: netlink first, so no request or event is in flight when the
 * rest goes away.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/kernel.h>
#include <linux/sysfs.h>
#include <net/genetlink.h>

#include "mmlab.h"
#include "compat.h"
#include "version.h"
#include "core/param.h"

struct mmlab mmlab;

const struct mmlab_stat_desc mmlab_stat_descs[MMLAB_STAT_NR] = {
	[MMLAB_STAT_NL_REQUESTS] = {
		"nl_requests", MMLAB_A_STATS_NL_REQUESTS, true },
	[MMLAB_STAT_NL_ERRORS] = {
		"nl_errors", MMLAB_A_STATS_NL_ERRORS, true },
	[MMLAB_STAT_VALIDATE_RUNS] = {
		"validate_runs", MMLAB_A_STATS_VALIDATE_RUNS, true },
	[MMLAB_STAT_VALIDATE_ERRORS] = {
		"validate_errors", MMLAB_A_STATS_VALIDATE_ERRORS, true },
	[MMLAB_STAT_EVENTS] = {
		"events", MMLAB_A_STATS_EVENTS, true },
	[MMLAB_STAT_RESETS] = {
		"resets", MMLAB_A_STATS_RESETS, false },
};

/**
 * mmlab_stats_reset - zero the resettable counters and say so
 *
 * Used by debugfs mmlab/reset_stats and %MMLAB_CMD_STATS_RESET alike.
 */
void mmlab_stats_reset(void)
{
	int i;

	for (i = 0; i < MMLAB_STAT_NR; i++)
		if (mmlab_stat_descs[i].resettable)
			atomic64_set(&mmlab.stats[i], 0);
	mmlab_stat_add(MMLAB_STAT_RESETS, 1);
	mmlab_genl_event(MMLAB_EVENT_STATS_RESET, NULL);
}

/**
 * mmlab_validate - run every invariant checker, count and announce it
 *
 * Used by debugfs mmlab/validate and %MMLAB_CMD_VALIDATE alike. Each
 * violation is also logged (pr_err) by the checker that found it.
 *
 * Return: the number of violations found.
 */
unsigned int mmlab_validate(void)
{
	struct mmlab_event_info ev;

	ev.validate_errors = mmlab_arena_validate(&mmlab.arena);
	mmlab_buddy_lock();
	ev.validate_errors += mmlab_buddy_validate(&mmlab.buddy);
	ev.validate_errors += mmlab_handles_validate(&mmlab.handles);
	mmlab_buddy_unlock(false);
	ev.validate_errors += mmlab_slab_validate_all();
	if (mmlab_mmu_lock()) {
		ev.validate_errors += mmlab_mmu_validate(&mmlab.mmu);
		mmlab_mmu_unlock();
	}
	mmlab_stat_add(MMLAB_STAT_VALIDATE_RUNS, 1);
	mmlab_stat_add(MMLAB_STAT_VALIDATE_ERRORS, ev.validate_errors);
	mmlab_genl_event(MMLAB_EVENT_VALIDATE, &ev);
	return ev.validate_errors;
}

/*
 * arena_size=SIZE: bytes, written as mmlab_parse_size() reads them. With a
 * memmap range the range sets the size, and arena_size then reads back as
 * the range's size.
 */
static u64 arena_size = 64ULL << 20;
static bool arena_size_given;

static int arena_size_set(const char *val, const struct kernel_param *kp)
{
	const char *why;
	u64 bytes;
	int err;

	err = mmlab_parse_size(val, &bytes);
	if (err) {
		pr_err("arena_size=%s: %s\n", val,
		       mmlab_parse_size_strerror(err));
		return -EINVAL;
	}
	/* RAM is checked at load time, when the arena is taken. */
	err = mmlab_check_arena_size(bytes, 0, 0, &why);
	if (err) {
		pr_err("arena_size=%s: %s\n", val, why);
		return err;
	}
	*(u64 *)kp->arg = bytes;
	arena_size_given = true;
	return 0;
}

static int arena_size_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%llu\n", *(u64 *)kp->arg);
}

static const struct kernel_param_ops arena_size_ops = {
	.set = arena_size_set,
	.get = arena_size_get,
};

module_param_cb(arena_size, &arena_size_ops, &arena_size, 0444);
MODULE_PARM_DESC(arena_size,
		 "Arena size: NUMBER[K|M|G|T], 64K..64G, a multiple of the page size (default 64M; with memmap_size, equal to it or absent)");

/* max_order=N: the largest block order of the arena. */
static unsigned int max_order = 10;

static int max_order_set(const char *val, const struct kernel_param *kp)
{
	const char *why;
	unsigned int v;
	int err;

	err = kstrtouint(val, 10, &v);
	if (err) {
		pr_err("max_order=%s: not a number\n", val);
		return -EINVAL;
	}
	err = mmlab_check_max_order(v, MMLAB_PAGE_ORDER_MAX, &why);
	if (err) {
		pr_err("max_order=%s: %s (%d)\n", val, why,
		       MMLAB_PAGE_ORDER_MAX);
		return err;
	}
	*(unsigned int *)kp->arg = v;
	return 0;
}

static const struct kernel_param_ops max_order_ops = {
	.set = max_order_set,
	.get = param_get_uint,
};

module_param_cb(max_order, &max_order_ops, &max_order, 0444);
MODULE_PARM_DESC(max_order, "Largest block order of the arena, 0..10 (default 10)");

/* compact_proactive=N: proactive compaction threshold, 0..1000. */
static int compact_proactive_set(const char *val,
				 const struct kernel_param *kp)
{
	unsigned int v;

	if (kstrtouint(val, 10, &v) || v > 1000) {
		pr_err("compact_proactive=%s: not a number in 0..1000\n", val);
		return -EINVAL;
	}
	WRITE_ONCE(*(unsigned int *)kp->arg, v);
	return 0;
}

static const struct kernel_param_ops compact_proactive_ops = {
	.set = compact_proactive_set,
	.get = param_get_uint,
};

module_param_cb(compact_proactive, &compact_proactive_ops,
		&mmlab.compact_proactive, 0644);
MODULE_PARM_DESC(compact_proactive,
		 "Compact when the unusable free index at the pageblock order exceeds N/1000 after a free; 0 (default) never");

/*
 * memmap_base=ADDR memmap_size=SIZE: adopt that physical range, reserved at
 * boot with memmap=SIZE$ADDR, instead of taking pages (memmap.c). Only
 * parsed here; checked at load, when both are known. 0 is "not given", as
 * the parameters read back when there is no range, so that a module
 * reloaded with the parameters it had loads the same way.
 */
static u64 memmap_base;
static u64 memmap_size;
static bool memmap_base_given, memmap_size_given;

static int memmap_base_set(const char *val, const struct kernel_param *kp)
{
	u64 v;
	int err;

	err = mmlab_parse_addr(val, &v);
	if (err) {
		pr_err("memmap_base=%s: %s\n", val,
		       mmlab_parse_addr_strerror(err));
		return -EINVAL;
	}
	*(u64 *)kp->arg = v;
	memmap_base_given = v != 0;
	return 0;
}

static int memmap_base_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%#llx\n", *(u64 *)kp->arg);
}

static const struct kernel_param_ops memmap_base_ops = {
	.set = memmap_base_set,
	.get = memmap_base_get,
};

module_param_cb(memmap_base, &memmap_base_ops, &memmap_base, 0444);
MODULE_PARM_DESC(memmap_base,
		 "Physical address of a range reserved at boot with memmap=SIZE$ADDR, adopted as the arena: 0xHEX or NUMBER[K|M|G|T], page aligned (with memmap_size)");

static int memmap_size_set(const char *val, const struct kernel_param *kp)
{
	u64 v;
	int err;

	err = mmlab_parse_size(val, &v);
	if (err) {
		pr_err("memmap_size=%s: %s\n", val,
		       mmlab_parse_size_strerror(err));
		return -EINVAL;
	}
	*(u64 *)kp->arg = v;
	memmap_size_given = v != 0;
	return 0;
}

static const struct kernel_param_ops memmap_size_ops = {
	.set = memmap_size_set,
	.get = arena_size_get,
};

module_param_cb(memmap_size, &memmap_size_ops, &memmap_size, 0444);
MODULE_PARM_DESC(memmap_size,
		 "Size of the memmap= range to adopt: NUMBER[K|M|G|T], 64K..64G, page aligned; sets the arena's size (with memmap_base)");

/* The arena from pages, or from the memmap range if one was given. */
static int mmlab_backing_init(void)
{
	int ret;

	if (!memmap_base_given && !memmap_size_given)
		return mmlab_arena_init(arena_size, max_order);
	if (!memmap_base_given || !memmap_size_given) {
		pr_err("memmap_base= and memmap_size= go together\n");
		return -EINVAL;
	}
	ret = mmlab_memmap_init(memmap_base, memmap_size,
				arena_size_given ? arena_size : 0, max_order);
	if (!ret)
		arena_size = memmap_size;
	return ret;
}

static void mmlab_backing_exit(void)
{
	if (mmlab.backing == MMLAB_BACKING_MEMMAP)
		mmlab_memmap_exit();
	else
		mmlab_arena_exit();
}

static int __init mmlab_init(void)
{
	const struct mmlab_arena *a = &mmlab.arena;
	int ret;

	mmlab_fault_init();
	/* /proc/mmlab/slabinfo takes it from the start */
	mutex_init(&mmlab.slab_mutex);
	mutex_init(&mmlab.mmu_lock);
	ret = mmlab_backing_init();
	if (ret)
		return ret;
	ret = mmlab_buddy_init();
	if (ret)
		goto err_arena;
	ret = mmlab_proc_init();
	if (ret)
		goto err_buddy;
	mmlab_debugfs_init();
	ret = mmlab_slab_init();
	if (ret)
		goto err_debugfs;
	ret = mmlab_mmu_init();
	if (ret)
		goto err_slab;
	ret = mmlab_genl_init();
	if (ret)
		goto err_mmu;

	pr_info("loaded: arena %llu kB, %llu frames in %u chunks (order %u..%u), max_order %u\n",
		a->nr_frames << (PAGE_SHIFT - 10), a->nr_frames, a->nr_chunks,
		a->chunk_order_min, a->chunk_order_max, a->max_order);
	return 0;

err_mmu:
	mmlab_mmu_exit();
err_slab:
	mmlab_slab_exit();
err_debugfs:
	mmlab_debugfs_exit();
	mmlab_proc_exit();
err_buddy:
	mmlab_buddy_exit();
err_arena:
	mmlab_backing_exit();
	return ret;
}

static void __exit mmlab_exit(void)
{
	unsigned int chunks = mmlab.arena.nr_chunks;
	u64 frames = mmlab.arena.nr_frames;

	mmlab_genl_exit();
	mmlab_mmu_exit();
	mmlab_slab_exit();
	mmlab_debugfs_exit();
	mmlab_proc_exit();
	mmlab_buddy_exit();
	mmlab_backing_exit();
	pr_info("unloaded: released %u chunks, %llu frames\n", chunks, frames);
}

module_init(mmlab_init);
module_exit(mmlab_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("mmlab developers");
MODULE_DESCRIPTION("Memory-management laboratory on a private page arena");
MODULE_VERSION(MMLAB_VERSION);
MODULE_ALIAS_GENL_FAMILY(MMLAB_GENL_NAME);
