// SPDX-License-Identifier: GPL-2.0
/*
 * mmu.c - the software MMU in the module: one lock, frames from the
 * buddy, fault events, the release of a socket's spaces when it closes,
 * and the debugfs directories of the spaces. The MMU itself is
 * core/mmu.c (with core/pgtable.c, ipt.c, tlb.c, vma.c).
 *
 * Lock order: genl_mutex -> mmlab.mmu_lock -> mmlab.buddy_lock ->
 * mmlab_event_lock. mmlab.mmu_lock is a mutex: every caller (netlink,
 * debugfs, the release notifier) runs in process context; the core asks
 * for frames (buddy_lock) and reports faults (events) under it.
 *
 * A space's debugfs directory, mmlab/spaces/<id>/, names the space by id
 * (its files look the id up under the lock, and find nothing once the
 * space is gone). Its removal waits for the files' readers, who may be
 * waiting for mmlab.mmu_lock: so a destroyed space's directory is parked
 * in @graveyard and removed by mmlab_mmu_unlock() with the lock dropped.
 *
 * Data frames and page tables are order-N buddy blocks, unmovable and
 * tagged MMLAB_TAG_KERNEL like mmlab_page_alloc()'s, but held by frame
 * number, so kmemleak does not track them: mmlab_mmu_validate() checks
 * that every frame the MMU holds is reachable from a space or a shared
 * object, and the vmtests check that the buddy gets them all back.
 */
#include <linux/debugfs.h>
#include <linux/mutex.h>
#include <linux/netlink.h>
#include <linux/notifier.h>
#include <net/net_namespace.h>

#include "mmlab.h"

/* The core's numbers are the uapi's. */
static_assert(MMLAB_ACC_READ == (int)MMLAB_ACCESS_READ);
static_assert(MMLAB_ACC_WRITE == (int)MMLAB_ACCESS_WRITE);
static_assert(MMLAB_ACC_EXEC == (int)MMLAB_ACCESS_EXEC);
static_assert(MMLAB_REF_KIND_SHIFT == MMLAB_ACCESS_KIND_SHIFT);
static_assert(MMLAB_MMU_BATCH_MAX == MMLAB_ACCESS_BATCH_MAX);
static_assert(MMLAB_PF_ZERO == (int)MMLAB_FAULT_ZERO);
static_assert(MMLAB_PF_SHARED == (int)MMLAB_FAULT_SHARED);
static_assert(MMLAB_PF_COW_COPY == (int)MMLAB_FAULT_COW_COPY);
static_assert(MMLAB_PF_COW_REUSE == (int)MMLAB_FAULT_COW_REUSE);
static_assert(MMLAB_PF_SEGV == (int)MMLAB_FAULT_SEGV);
static_assert(MMLAB_PF_PROT == (int)MMLAB_FAULT_PROT);
static_assert(MMLAB_PF_OOM == (int)MMLAB_FAULT_OOM);
static_assert(MMLAB_TLB_LRU == (int)MMLAB_TLB_REPL_LRU);
static_assert(MMLAB_TLB_RANDOM == (int)MMLAB_TLB_REPL_RANDOM);
static_assert(MMLAB_VMA_CODE == (int)MMLAB_REGION_CODE);
static_assert(MMLAB_VMA_DATA == (int)MMLAB_REGION_DATA);
static_assert(MMLAB_VMA_HEAP == (int)MMLAB_REGION_HEAP);
static_assert(MMLAB_VMA_STACK == (int)MMLAB_REGION_STACK);
static_assert(MMLAB_VMA_SHARED == (int)MMLAB_REGION_SHARED);
/* uapi PROT_* bits are the PTE's R/W/X shifted down by one */
static_assert(MMLAB_PROT_READ << 1 == MMLAB_PTE_R);
static_assert(MMLAB_PROT_WRITE << 1 == MMLAB_PTE_W);
static_assert(MMLAB_PROT_EXEC << 1 == MMLAB_PTE_X);

static struct dentry *spaces_dir;
static struct dentry *graveyard[MMLAB_SPACES_MAX];
static unsigned int graveyard_nr;
static bool mmu_up;
static unsigned int fault_budget;	/* events a request may still send */
static u64 fault_dropped;		/* faults past the budget */

/**
 * mmlab_mmu_lock - take the MMU's lock
 *
 * Return: false when the MMU is not there (at unload): the lock is not
 * held then.
 */
bool mmlab_mmu_lock(void)
{
	mutex_lock(&mmlab.mmu_lock);
	if (mmu_up)
		return true;
	mutex_unlock(&mmlab.mmu_lock);
	return false;
}

/**
 * mmlab_mmu_unlock - drop the MMU's lock, then remove the debugfs
 *	directories of the spaces destroyed under it
 */
void mmlab_mmu_unlock(void)
{
	struct dentry *d;

	while (graveyard_nr) {
		d = graveyard[--graveyard_nr];
		mutex_unlock(&mmlab.mmu_lock);
		debugfs_remove(d);
		mutex_lock(&mmlab.mmu_lock);
	}
	mutex_unlock(&mmlab.mmu_lock);
}

/**
 * mmlab_mmu_events - set how many fault events the next calls may send
 * @budget: events; the faults past it are only counted
 *
 * Called with mmlab.mmu_lock held, before a request runs accesses.
 *
 * Return: the faults the previous budget dropped.
 */
u64 mmlab_mmu_events(unsigned int budget)
{
	u64 dropped = fault_dropped;

	fault_budget = budget;
	fault_dropped = 0;
	return dropped;
}

static int frame_alloc(void *priv, unsigned int order, u64 *frame)
{
	unsigned int cpu;
	int err;

	if (mmlab_fault_inject())
		return -ENOMEM;
	cpu = mmlab_buddy_lock();
	err = mmlab_buddy_alloc(&mmlab.buddy, order, MMLAB_MT_UNMOVABLE, cpu,
				0, MMLAB_TAG_KERNEL, frame);
	mmlab_buddy_unlock(!err);
	return err;
}

static void frame_free(void *priv, u64 frame, unsigned int order)
{
	unsigned int cpu = mmlab_buddy_lock();

	WARN_ON_ONCE(mmlab_buddy_free(&mmlab.buddy, frame, cpu));
	mmlab_buddy_unlock(true);
}

static void fault_event(void *priv, const struct mmlab_fault_info *f)
{
	struct mmlab_event_info ev = { .fault = *f };

	if (!fault_budget) {
		fault_dropped++;
		return;
	}
	fault_budget--;
	mmlab_genl_event(MMLAB_EVENT_FAULT, &ev);
}

static void space_gone(void *priv, struct mmlab_space *sp)
{
	if (sp->priv && !WARN_ON_ONCE(graveyard_nr == MMLAB_SPACES_MAX))
		graveyard[graveyard_nr++] = sp->priv;
	sp->priv = NULL;
}

static const struct mmlab_mmu_ops mmu_ops = {
	.frame_alloc = frame_alloc,
	.frame_free = frame_free,
	.fault = fault_event,
	.space_gone = space_gone,
};

/**
 * mmlab_mmu_space_added - give a new space its debugfs directory
 * @sp: the space (mmlab.mmu_lock held)
 */
void mmlab_mmu_space_added(struct mmlab_space *sp)
{
	char name[16];

	if (!spaces_dir)
		return;
	snprintf(name, sizeof(name), "%u", sp->id);
	sp->priv = mmlab_mmu_debugfs_add(spaces_dir, name, sp->id);
}

static int mmlab_mmu_release_notify(struct notifier_block *nb,
				    unsigned long event, void *ptr)
{
	struct netlink_notify *n = ptr;
	unsigned int freed;

	if (event != NETLINK_URELEASE || n->protocol != NETLINK_GENERIC ||
	    !net_eq(n->net, &init_net) || !mmlab_mmu_lock())
		return NOTIFY_DONE;
	freed = mmlab_mmu_release(&mmlab.mmu, n->portid);
	mmlab_mmu_unlock();
	if (freed)
		pr_debug("port %u closed: %u address spaces destroyed\n",
			 n->portid, freed);
	return NOTIFY_DONE;
}

static struct notifier_block mmlab_mmu_release_nb = {
	.notifier_call = mmlab_mmu_release_notify,
};

/**
 * mmlab_mmu_init - the MMU, with the default TLB and no space
 *
 * Return: 0, or a negative errno.
 */
int mmlab_mmu_init(void)
{
	const struct mmlab_tlb_config tlb = {
		.entries = MMLAB_TLB_ENTRIES_DFL, .ways = MMLAB_TLB_WAYS_DFL,
		.repl = MMLAB_TLB_LRU,
	};
	int err;

	err = mmlab_mmu_create(&mmlab.mmu, &mmlab.arena, &mmu_ops, NULL, &tlb);
	if (err)
		return err;
	err = netlink_register_notifier(&mmlab_mmu_release_nb);
	if (err) {
		mmlab_mmu_destroy(&mmlab.mmu);
		return err;
	}
	if (mmlab_debugfs_dir) {
		spaces_dir = debugfs_create_dir("spaces", mmlab_debugfs_dir);
		mmlab_mmu_debugfs_init(mmlab_debugfs_dir);
	}
	mutex_lock(&mmlab.mmu_lock);
	mmu_up = true;
	mutex_unlock(&mmlab.mmu_lock);
	return 0;
}

/**
 * mmlab_mmu_exit - destroy every space and the MMU
 */
void mmlab_mmu_exit(void)
{
	netlink_unregister_notifier(&mmlab_mmu_release_nb);
	if (mmlab_mmu_lock()) {
		mmlab_mmu_destroy(&mmlab.mmu);
		mmu_up = false;
		mmlab_mmu_unlock();
	}
	debugfs_remove(spaces_dir);
	spaces_dir = NULL;
}
