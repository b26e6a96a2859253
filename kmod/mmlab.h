/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mmlab.h - what the module's glue files share: the one module-wide state,
 * the statistics table and each part's init/exit.
 *
 * The glue (main.c, arena.c, proc.c, debugfs.c, netlink.c) stays thin: it
 * turns kernel interfaces into calls of the portable core (core/) and
 * prints what the core knows. No algorithm lives here.
 *
 * Lock order (outermost first):
 *   genl_mutex (the genl core, around every netlink handler),
 *   or bench_lock (bench.c: one benchmark run at a time)
 *     mmlab.mmu_lock (mmu.c: the software MMU, its spaces and TLB)
 *     mmlab.slab_mutex (slab.c: the set of caches, the object handles)
 *       drain_mutex (slab.c: one drain of every CPU's array at a time)
 *         a cache's lock (struct mmlab_kcache: its slabs and lists)
 *           mmlab.buddy_lock (buddy.c: the buddy allocator, its handles)
 *             mmlab_event_lock (netlink.c: event sending vs unregistration)
 * The slab fast paths take none of these: they pin the task to its CPU.
 * The arena's geometry is immutable while the module is loaded, and the
 * statistics are atomics, so their readers take no lock; everything of
 * the buddy is read and written under mmlab.buddy_lock.
 */
#ifndef _MMLAB_H
#define _MMLAB_H

#include <linux/atomic.h>
#include <linux/mutex.h>
#include <linux/mmlab.h>

#include "core/arena.h"
#include "core/buddy.h"
#include "core/handle.h"
#include "core/kmalloc.h"
#include "core/mmu.h"
#include "core/objtab.h"
#include "core/slab.h"

/**
 * enum mmlab_stat - module-wide counters
 * @MMLAB_STAT_NL_REQUESTS: netlink requests handled
 * @MMLAB_STAT_NL_ERRORS: netlink requests that failed
 * @MMLAB_STAT_VALIDATE_RUNS: invariant checker runs
 * @MMLAB_STAT_VALIDATE_ERRORS: violations found over all runs
 * @MMLAB_STAT_EVENTS: events multicast
 * @MMLAB_STAT_RESETS: statistics resets (never reset itself)
 * @MMLAB_STAT_NR: number of counters
 */
enum mmlab_stat {
	MMLAB_STAT_NL_REQUESTS,
	MMLAB_STAT_NL_ERRORS,
	MMLAB_STAT_VALIDATE_RUNS,
	MMLAB_STAT_VALIDATE_ERRORS,
	MMLAB_STAT_EVENTS,
	MMLAB_STAT_RESETS,
	MMLAB_STAT_NR
};

/**
 * struct mmlab_stat_desc - how a counter is shown and reset
 * @name: name in debugfs mmlab/stats
 * @attr: netlink attribute in the %MMLAB_A_STATS nest
 * @resettable: zeroed by a statistics reset
 */
struct mmlab_stat_desc {
	const char *name;
	int attr;
	bool resettable;
};

extern const struct mmlab_stat_desc mmlab_stat_descs[MMLAB_STAT_NR];

/**
 * struct mmlab - the module's state
 * @arena: the frames mmlab owns
 * @backing: where they come from (&enum mmlab_backing)
 * @stats: counters, indexed by &enum mmlab_stat
 * @event_seq: sequence number of the last event sent
 * @buddy: the buddy allocator on the arena
 * @handles: the blocks allocated through netlink, and the fit allocator
 *	when it partitions the arena (see core/handle.c)
 * @buddy_lock: serializes @buddy, @handles and @buddy_gen
 * @buddy_gen: bumped by every change of the buddy (dump consistency)
 * @compact_proactive: proactive compaction threshold, thousandths of the
 *	unusable index at the pageblock order; 0: off
 * @slabs: the slab allocator on the arena (core/slab.c)
 * @kmalloc: its kmalloc classes
 * @objs: the slab objects held through netlink, by handle
 * @slab_mutex: serializes the set of caches, @objs and @kmalloc's table
 * @mmu: the software MMU on the arena (core/mmu.c)
 * @mmu_lock: serializes @mmu (see mmu.c)
 */
struct mmlab {
	struct mmlab_arena arena;
	u32 backing;
	atomic64_t stats[MMLAB_STAT_NR];
	atomic64_t event_seq;
	struct mmlab_buddy buddy;
	struct mmlab_handles handles;
	struct mutex buddy_lock; /* protects buddy, handles, buddy_gen */
	unsigned int buddy_gen;
	unsigned int compact_proactive;
	struct mmlab_slabs slabs;
	struct mmlab_kmalloc kmalloc;
	struct mmlab_objtab objs;
	struct mutex slab_mutex; /* protects slabs' cache list, objs */
	struct mmlab_mmu mmu;
	struct mutex mmu_lock; /* protects mmu */
};

/**
 * struct mmlab_kcache - what the module keeps with each slab cache
 *	(struct mmlab_slab_cache.priv)
 * @lock: the cache's lock (see core/slab.c "Lock order")
 * @owner: the netlink port that created it and owns it; 0: persistent
 * @dir: its debugfs directory, mmlab/slab/<name>
 */
struct mmlab_kcache {
	struct mutex lock; /* the cache's slabs and lists */
	u32 owner;
	struct dentry *dir;
};

extern struct mmlab mmlab;

static inline void mmlab_stat_add(enum mmlab_stat s, u64 n)
{
	atomic64_add(n, &mmlab.stats[s]);
}

static inline u64 mmlab_stat_read(enum mmlab_stat s)
{
	return atomic64_read(&mmlab.stats[s]);
}

extern atomic_t mmlab_fail_nth;
bool mmlab_fault_inject(void);
void mmlab_fault_init(void);

void mmlab_stats_reset(void);
unsigned int mmlab_validate(void);

int mmlab_arena_init(u64 bytes, unsigned int max_order);
void mmlab_arena_exit(void);
int mmlab_memmap_init(u64 base, u64 size, u64 arena_bytes,
		      unsigned int max_order);
void mmlab_memmap_exit(void);
extern const char *const mmlab_mt_names[MMLAB_MT_NR];

int mmlab_buddy_init(void);
void mmlab_buddy_exit(void);
unsigned int mmlab_buddy_lock(void);
void mmlab_buddy_unlock(bool changed);
bool mmlab_buddy_maybe_compact(struct mmlab_compact_result *res);
void *mmlab_page_alloc(unsigned int order, unsigned int mt);
int mmlab_page_free(void *mem);
void *mmlab_page_alloc_untracked(unsigned int order, unsigned int mt);
int mmlab_page_free_untracked(void *mem);
int mmlab_slab_init(void);
void mmlab_slab_exit(void);
void mmlab_slab_exit_caches(void);
int mmlab_kcache_create(const struct mmlab_slab_cache_req *req, u32 owner,
			struct mmlab_slab_cache **cp);
int mmlab_kcache_destroy(struct mmlab_slab_cache *c);
void mmlab_slab_drain_all(struct mmlab_slab_cache *c);
void *mmlab_kcache_alloc(struct mmlab_slab_cache *c, u32 bytes);
int mmlab_kcache_free(struct mmlab_slab_cache *c, void *p);
void *mmlab_kmalloc_obj(u64 size);
int mmlab_kfree_obj(void *p);
int mmlab_obj_free(struct mmlab_obj *o);
unsigned int mmlab_slab_validate_all(void);
void mmlab_slab_debugfs_add(struct mmlab_slab_cache *c);
void mmlab_slab_debugfs_remove(struct mmlab_slab_cache *c);
void mmlab_slab_debugfs_exit(void);
int mmlab_mmu_init(void);
void mmlab_mmu_exit(void);
bool mmlab_mmu_lock(void);
void mmlab_mmu_unlock(void);
u64 mmlab_mmu_events(unsigned int budget);
void mmlab_mmu_space_added(struct mmlab_space *sp);
struct dentry *mmlab_mmu_debugfs_add(struct dentry *parent, const char *name,
				     u32 id);
void mmlab_mmu_debugfs_init(struct dentry *dir);
int mmlab_proc_init(void);
void mmlab_proc_exit(void);
void mmlab_debugfs_init(void);
void mmlab_debugfs_exit(void);
struct dentry;
extern struct dentry *mmlab_debugfs_dir;
void mmlab_bench_debugfs_init(struct dentry *dir);
void mmlab_bench_slab_debugfs_init(struct dentry *dir);
void mmlab_bench_mmu_debugfs_init(struct dentry *dir);

/**
 * struct mmlab_bench_cell - one allocator, pattern and size of a benchmark
 *	(bench.c, bench_slab.c)
 * @ns: the fastest run's nanoseconds
 * @pairs: alloc+free pairs in a run
 * @err: 0, or the error that stopped a run (the cell then has no time)
 */
struct mmlab_bench_cell {
	u64 ns;
	u64 pairs;
	int err;
};

const char *mmlab_bench_cell_ns(const struct mmlab_bench_cell *c, char *buf,
				size_t n);
const char *mmlab_bench_cell_ratio(const struct mmlab_bench_cell *m,
				   const struct mmlab_bench_cell *k, char *buf,
				   size_t n);
int mmlab_genl_init(void);
void mmlab_genl_exit(void);

/**
 * struct mmlab_event_info - what an event carries besides its type
 * @validate_errors: for %MMLAB_EVENT_VALIDATE
 * @compact: for %MMLAB_EVENT_COMPACT
 * @proactive: for %MMLAB_EVENT_COMPACT: run by the threshold
 * @allocator: for %MMLAB_EVENT_ALLOCATOR: &enum mmlab_allocator
 * @fit_policy: for %MMLAB_EVENT_ALLOCATOR to the fit allocator: its policy
 * @fault: for %MMLAB_EVENT_FAULT
 */
struct mmlab_event_info {
	u32 validate_errors;
	struct mmlab_compact_result compact;
	bool proactive;
	u32 allocator;
	u32 fit_policy;
	struct mmlab_fault_info fault;
};

void mmlab_genl_event(enum mmlab_event type,
		      const struct mmlab_event_info *info);

#endif /* _MMLAB_H */
