// SPDX-License-Identifier: GPL-2.0
/*
 * buddy.c - the buddy allocator in the module: one lock, the handle
 * table, release of a socket's blocks when it closes, and proactive
 * compaction. The allocator itself is core/buddy.c; the handles are
 * core/handle.c.
 *
 * Lock order: genl_mutex -> mmlab.buddy_lock -> mmlab_event_lock.
 * mmlab.buddy_lock is a mutex: every caller (netlink, debugfs, proc, the
 * netlink release notifier) runs in process context and may sleep, and
 * the handle table grows with kvcalloc() under it. The per-CPU lists of
 * the core are indexed by the CPU the caller runs on when it takes the
 * lock; they model the kernel's batching (what is parked, refilled and
 * drained), not its lock-free fast path, since one lock covers them all.
 *
 * mmlab's own mechanisms (slab, page tables) take blocks with
 * mmlab_page_alloc() and hold them by address. Those blocks are
 * registered with kmemleak, so one that its user loses is reported like
 * any kernel leak; they are tagged MMLAB_TAG_KERNEL and never movable.
 */
#include <linux/kmemleak.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/netlink.h>
#include <linux/notifier.h>
#include <linux/smp.h>
#include <net/net_namespace.h>

#include "mmlab.h"

/* The uapi numbers what the core numbers; keep them the same. */
static_assert(MMLAB_MT_UNMOVABLE == (int)MMLAB_MIGRATE_UNMOVABLE);
static_assert(MMLAB_MT_MOVABLE == (int)MMLAB_MIGRATE_MOVABLE);
static_assert(MMLAB_MT_RECLAIMABLE == (int)MMLAB_MIGRATE_RECLAIMABLE);
static_assert(MMLAB_FRAME_FREE == (int)MMLAB_BLOCK_FREE);
static_assert(MMLAB_FRAME_USED == (int)MMLAB_BLOCK_USED);
static_assert(MMLAB_FRAME_PCP == (int)MMLAB_BLOCK_PCP);

/* As mm/page_alloc.c's migratetype_names[] prints them. */
const char *const mmlab_mt_names[MMLAB_MT_NR] = {
	[MMLAB_MT_UNMOVABLE] = "Unmovable",
	[MMLAB_MT_MOVABLE] = "Movable",
	[MMLAB_MT_RECLAIMABLE] = "Reclaimable",
};

static const struct mmlab_buddy_ops mmlab_buddy_ops = {
	.moved = mmlab_handles_moved,
};

/**
 * mmlab_buddy_lock - take the buddy's lock
 *
 * Return: the CPU to name to the core's per-CPU lists.
 */
unsigned int mmlab_buddy_lock(void)
{
	mutex_lock(&mmlab.buddy_lock);
	return raw_smp_processor_id() % mmlab.buddy.nr_cpus;
}

/**
 * mmlab_buddy_unlock - release the buddy's lock after a change
 * @changed: the free lists or blocks changed (dumps in progress restart)
 */
void mmlab_buddy_unlock(bool changed)
{
	if (changed)
		mmlab.buddy_gen++;
	mutex_unlock(&mmlab.buddy_lock);
}

/**
 * mmlab_buddy_maybe_compact - proactive compaction, after frees
 * @res: what compaction did, when it ran
 *
 * When mmlab.compact_proactive (thousandths, 0: off) is set and the
 * unusable free index at the pageblock order is above it, compact for a
 * pageblock-sized block, as the kernel's proactive compaction uses a
 * score at that order. Called with mmlab.buddy_lock held.
 *
 * Return: true when compaction ran (its result is in @res).
 */
bool mmlab_buddy_maybe_compact(struct mmlab_compact_result *res)
{
	struct mmlab_buddy *b = &mmlab.buddy;
	struct mmlab_frag_info info;
	unsigned int t = READ_ONCE(mmlab.compact_proactive);

	if (!t)
		return false;
	mmlab_buddy_frag_info(b, b->pb_order, &info);
	if (!info.free_pages || mmlab_unusable_index(b->pb_order, &info) <= t)
		return false;
	mmlab_buddy_compact(b, b->pb_order, res);
	return true;
}

static int mmlab_release_notify(struct notifier_block *nb,
				unsigned long event, void *ptr)
{
	struct netlink_notify *n = ptr;
	unsigned int cpu, freed;

	if (event != NETLINK_URELEASE || n->protocol != NETLINK_GENERIC ||
	    !net_eq(n->net, &init_net) || !READ_ONCE(mmlab.handles.live))
		return NOTIFY_DONE;
	cpu = mmlab_buddy_lock();
	freed = mmlab_handles_release(&mmlab.handles, n->portid, cpu);
	mmlab_buddy_unlock(freed);
	if (freed)
		pr_debug("port %u closed: %u blocks freed\n", n->portid,
			 freed);
	return NOTIFY_DONE;
}

static struct notifier_block mmlab_release_nb = {
	.notifier_call = mmlab_release_notify,
};

/* poison=1: fill free frames with a pattern and check it (see buddy.c). */
static bool poison = IS_ENABLED(CONFIG_MMLAB_DEBUG);
module_param(poison, bool, 0444);
MODULE_PARM_DESC(poison,
		 "Poison free frames and report writes to them (default: on in MMLAB_DEBUG builds)");

/**
 * mmlab_page_alloc - a block of the arena for one of mmlab's mechanisms
 * @order: 2^@order frames
 * @mt: MMLAB_MT_UNMOVABLE or MMLAB_MT_RECLAIMABLE: the caller holds the
 *	block's address, so compaction must never move it
 *
 * Registered with kmemleak (min_count 1): losing the address is a leak.
 *
 * Return: the block's memory, or NULL (no block, or a bad argument).
 */
void *mmlab_page_alloc(unsigned int order, unsigned int mt)
{
	void *mem = mmlab_page_alloc_untracked(order, mt);

	if (mem)
		kmemleak_alloc(mem, PAGE_SIZE << order, 1, GFP_KERNEL);
	return mem;
}

/**
 * mmlab_page_alloc_untracked - mmlab_page_alloc(), unknown to kmemleak
 * @order: as mmlab_page_alloc()
 * @mt: as mmlab_page_alloc()
 *
 * For a block whose objects are registered one by one (slabs): kmemleak
 * takes no overlapping objects.
 *
 * Return: as mmlab_page_alloc().
 */
void *mmlab_page_alloc_untracked(unsigned int order, unsigned int mt)
{
	unsigned int cpu = mmlab_buddy_lock();
	void *mem = mmlab_kblock_alloc(&mmlab.buddy, order, mt, cpu);

	mmlab_buddy_unlock(mem);
	return mem;
}

static int page_free(void *mem, bool tracked)
{
	unsigned int cpu = mmlab_buddy_lock();
	u64 frame;
	int err = mmlab_kblock_frame(&mmlab.buddy, mem, &frame);

	if (!err) {
		/* before the block can be handed out and registered again */
		if (tracked)
			kmemleak_free(mem);
		err = mmlab_buddy_free(&mmlab.buddy, frame, cpu);
	}
	mmlab_buddy_unlock(!err);
	return err;
}

/**
 * mmlab_page_free - give back a block of mmlab_page_alloc()
 * @mem: its memory
 *
 * Return: 0, or -EINVAL when @mem is not such a block (nothing changes).
 */
int mmlab_page_free(void *mem)
{
	return page_free(mem, true);
}

/**
 * mmlab_page_free_untracked - give back a block of
 *	mmlab_page_alloc_untracked()
 * @mem: its memory
 *
 * Return: as mmlab_page_free().
 */
int mmlab_page_free_untracked(void *mem)
{
	return page_free(mem, false);
}

/*
 * The arena goes away with every block in it: tell kmemleak that the
 * blocks mmlab_page_alloc() handed out (and someone leaked) are gone, or
 * it would keep objects over memory the kernel reuses.
 */
static void mmlab_page_forget_all(void)
{
	const struct mmlab_buddy *b = &mmlab.buddy;
	struct mmlab_frame_info fi;
	u64 frame = 0;

	while (frame < b->nr_frames &&
	       !mmlab_buddy_frame_info(b, frame, &fi)) {
		if (fi.state == MMLAB_FRAME_USED && fi.tag == MMLAB_TAG_KERNEL)
			kmemleak_free(mmlab_arena_frame_mem(&mmlab.arena,
							    frame));
		frame = fi.head + (1ULL << fi.order);
	}
}

/*
 * MMLAB_DEBUG builds, at load: mmlab_page_alloc()/mmlab_page_free() do
 * what they say and refuse what they must (a movable block, an address
 * inside a block or outside the arena, a double free), leaving the arena
 * as it was and its counters at zero. 0, or -EIO after saying which
 * check failed.
 */
static int mmlab_page_selftest(void)
{
	unsigned int order = min(mmlab.buddy.max_order, 1U);
	u64 before = mmlab.arena.nr_free;
	const char *why = NULL;
	int local;
	u8 *p;

	if (mmlab_page_alloc(0, MMLAB_MT_MOVABLE))
		why = "a movable block was handed out";
	p = mmlab_page_alloc(order, MMLAB_MT_UNMOVABLE);
	if (!why && !p)
		why = "no block";
	if (!why && mmlab.arena.nr_free != before - (1ULL << order))
		why = "the block was not taken";
	if (!why && mmlab_page_free(&local) != -EINVAL)
		why = "an address outside the arena was accepted";
	if (!why && order && mmlab_page_free(p + PAGE_SIZE) != -EINVAL)
		why = "an address inside a block was accepted";
	if (!why && mmlab_page_free(p))
		why = "the block was refused";
	if (!why && mmlab_page_free(p) != -EINVAL)
		why = "a double free was accepted";
	if (!why && mmlab.arena.nr_free != before)
		why = "frames were lost";
	if (!why) {
		/* a test leaves no trace: counters start from zero */
		mmlab_buddy_lock();
		mmlab_buddy_reset_stats(&mmlab.buddy);
		mmlab_buddy_unlock(false);
		return 0;
	}
	pr_err("page allocation self-test failed: %s\n", why);
	return -EIO;
}

/**
 * mmlab_buddy_init - put the arena's frames on the buddy's free lists
 *
 * Return: 0, or the error of mmlab_buddy_create() or of the notifier.
 */
int mmlab_buddy_init(void)
{
	struct mmlab_buddy_config cfg = {
		.nr_cpus = num_possible_cpus(),
		.poison = poison,
	};
	int err;

	mutex_init(&mmlab.buddy_lock);
	err = mmlab_buddy_create(&mmlab.buddy, &mmlab.arena, &cfg,
				 &mmlab_buddy_ops, &mmlab.handles);
	if (err) {
		pr_err("cannot set up the buddy allocator: error %d\n", err);
		return err;
	}
	mmlab_handles_init(&mmlab.handles, &mmlab.buddy);
	if (IS_ENABLED(CONFIG_MMLAB_DEBUG)) {
		err = mmlab_page_selftest();
		if (err) {
			mmlab_buddy_destroy(&mmlab.buddy);
			return err;
		}
	}
	err = netlink_register_notifier(&mmlab_release_nb);
	if (err) {
		pr_err("cannot watch netlink sockets: error %d\n", err);
		mmlab_buddy_destroy(&mmlab.buddy);
	}
	return err;
}

/**
 * mmlab_buddy_exit - forget the buddy (after netlink is gone)
 */
void mmlab_buddy_exit(void)
{
	netlink_unregister_notifier(&mmlab_release_nb);
	mmlab_page_forget_all();
	mmlab_handles_destroy(&mmlab.handles);
	mmlab_buddy_destroy(&mmlab.buddy);
}
