/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The netlink layer of the mmlab tool: the only file that knows libnl.
 *
 * It opens a generic netlink socket, resolves the "mmlab" family, sends
 * requests, waits for the kernel's ack or error (keeping the extack
 * message) and turns replies and events into the plain structs below.
 * The object commands (arena.c, stats.c, monitor.c, buddy.c, frag.c,
 * allocator.c, cache.c, slabtop.c, space.c, translate.c, tlb.c,
 * access.c) see only these.
 *
 * Functions return 0 or a negative errno. After an error, nl->detail
 * holds the kernel's extack message or a description of a malformed
 * reply ("" if there is none); mmlab_perror() prints both.
 */
#ifndef _MMLAB_NL_H
#define _MMLAB_NL_H

#include <stdbool.h>
#include <linux/types.h>

struct nl_sock;

#define MMLAB_NL_DETAIL_LEN	256
#define MMLAB_NL_VERSION_LEN	32

struct mmlab_nl {
	struct nl_sock *sk;
	int family;
	char detail[MMLAB_NL_DETAIL_LEN];
};

struct mmlab_arena {
	__u64 size;
	__u64 frames;
	__u64 frames_free;
	__u32 page_size;
	__u32 max_order;
	__u32 chunks;
	__u32 chunk_order_min;
	__u32 chunk_order_max;
	__u32 backing;			/* enum mmlab_backing */
};

struct mmlab_stats {
	__u64 nl_requests;
	__u64 nl_errors;
	__u64 validate_runs;
	__u64 validate_errors;
	__u64 events;
	__u64 resets;
};

/* Levels a reply may describe (bits, reads per level); more is malformed. */
#define MMLAB_NL_LEVELS		8
/* Fault kinds the tool knows (enum mmlab_fault_kind). */
#define MMLAB_NL_FAULT_KINDS	7
/* A geometry's name: a preset or a split such as "9/9/9/9/12". */
#define MMLAB_NL_GEOM_LEN	32

/*
 * An %MMLAB_A_ACCESS (or %MMLAB_A_SPACE_S_ACCESS, %MMLAB_A_MMU_M_ACCESS)
 * nest: what accesses did. @level_reads has one count per level the
 * kernel sent, from the top (an inverted space: the anchors, then the
 * chain entries).
 */
struct mmlab_access_info {
	__u64 accesses;
	__u64 reads;
	__u64 writes;
	__u64 execs;
	__u64 tlb_hits;
	__u64 tlb_misses;
	__u64 walks;
	__u64 walk_reads;
	unsigned int nr_levels;
	__u64 level_reads[MMLAB_NL_LEVELS];
	__u64 faults[MMLAB_NL_FAULT_KINDS];	/* by enum mmlab_fault_kind */
	__u64 events_dropped;			/* ACCESS replies only */
};

/* Add @from's counters to @to (the replies of an access trace's batches). */
void mmlab_access_add(struct mmlab_access_info *to,
		      const struct mmlab_access_info *from);

/* %MMLAB_A_MMU of STATUS_GET: what the software MMU takes, its totals. */
struct mmlab_mmu_info {
	__u32 spaces;
	__u32 shms;
	__u64 data_frames;
	__u64 table_frames;
	__u64 ipt_bytes;
	__u64 ipt_used;
	__u64 mapped;
	struct mmlab_access_info access;
};

struct mmlab_status {
	char version[MMLAB_NL_VERSION_LEN];
	struct mmlab_arena arena;
	struct mmlab_stats stats;
	bool has_mmu;			/* a module without an MMU sends none */
	struct mmlab_mmu_info mmu;
};

/* Migratetypes the tool knows (enum mmlab_migratetype); more are ignored. */
#define MMLAB_NL_MT_NR		3
/* Orders a buddy reply may describe (0..max order); more is malformed. */
#define MMLAB_NL_ORDERS		32

/*
 * One %MMLAB_A_BLOCK: a block of the arena, free, used or per-CPU. A
 * buddy block has an order and a migratetype; a partition or a hole of
 * the fit allocator has neither, only its size in frames.
 */
struct mmlab_block {
	__u64 frame;
	__u64 frames;			/* BLOCK_FRAMES, else 2^order */
	__u64 handle;			/* has_handle */
	__u32 order;			/* has_order */
	__u32 state;			/* enum mmlab_block_state, maybe unknown */
	__u32 mt;			/* has_mt: enum mmlab_migratetype */
	__u32 requested;		/* has_requested */
	__u32 owner;			/* has_owner */
	bool has_order;
	bool has_mt;
	bool has_handle;
	bool has_requested;
	bool has_owner;
	bool persistent;
};

/* A growing array of blocks: an allocation reply or a dump. */
struct mmlab_blocks {
	struct mmlab_block *v;
	size_t n;
	size_t cap;
	bool interrupted;		/* a dump flagged NLM_F_DUMP_INTR */
};

void mmlab_blocks_free(struct mmlab_blocks *b);

/* One %MMLAB_A_BUDDY_ORDER nest. */
struct mmlab_order_info {
	__u64 free;
	__u64 free_mt[MMLAB_NL_MT_NR];
	__u64 allocs;
	__u64 frees;
	__u64 splits;
	__u64 merges;
	__u64 fail_nomem;
	__u64 fail_frag;
	__u64 used;
	__u64 internal_frag;
	__s32 unusable;			/* thousandths */
	__s32 extfrag;			/* thousandths, -1000: would succeed */
};

/* %MMLAB_A_BUDDY: the buddy allocator's counters. */
struct mmlab_buddy_info {
	__u32 max_order;
	__u32 pageblock_order;
	__u32 pcp_batch;
	__u32 pcp_high;
	__u32 handles;
	__s32 largest;			/* -1: nothing free */
	__s32 last_fail_order;		/* -1: none */
	__s32 last_fail_extfrag;
	__u64 free;
	__u64 pcp;
	__u64 steals;
	__u64 claims;
	__u64 pcp_refills;
	__u64 pcp_drains;
	__u64 pcp_hits;
	__u64 compactions;
	__u64 compact_scanned;
	__u64 compact_moved;
	__u64 internal_frag;
	__u64 pageblocks[MMLAB_NL_MT_NR];
	unsigned int nr_orders;		/* max_order + 1 */
	struct mmlab_order_info orders[MMLAB_NL_ORDERS];
};

/* %MMLAB_A_COMPACT: what one compaction run did. */
struct mmlab_compact {
	__u32 order;
	__u64 scanned;
	__u64 moved;
	__u64 blocks;
	__s32 unusable_before;
	__s32 unusable_after;
	__s32 largest_before;
	__s32 largest_after;
	bool proactive;
};

/* Size classes a fit reply may describe (0..log2(frames)); more is malformed. */
#define MMLAB_NL_FIT_CLASSES	32

/*
 * One %MMLAB_A_FIT_CLASS: the holes of 2^k..2^(k+1)-1 frames, and the
 * indices of a request of 2^k frames.
 */
struct mmlab_fit_class {
	__u64 holes;
	__u64 hole_frames;
	__s32 unusable;			/* thousandths */
	__s32 extfrag;			/* thousandths, -1000: would succeed */
};

/* %MMLAB_A_FIT: the fit allocator's counters, in frames and partitions. */
struct mmlab_fit_info {
	__u64 frames;
	__u64 free;			/* frames in holes */
	__u64 holes;
	__u64 used;			/* partitions */
	__u64 largest;			/* frames in the largest hole */
	__u64 allocs;
	__u64 frees;
	__u64 failures;
	__u64 fail_frag;		/* of failures, for fragmentation */
	__u64 search_steps;
	__u64 insert_steps;
	__u64 splits;
	__u64 coalesces;
	__u64 internal_frag;		/* bytes */
	unsigned int nr_classes;	/* log2(frames) + 1 */
	struct mmlab_fit_class classes[MMLAB_NL_FIT_CLASSES];
};

/*
 * The %MMLAB_CMD_ALLOCATOR_GET (and _SET) reply: which allocator has the
 * arena; under the fit allocator (@is_fit) also its policy and numbers.
 */
struct mmlab_allocator_info {
	__u32 allocator;		/* enum mmlab_allocator, maybe unknown */
	__u32 policy;			/* is_fit: enum mmlab_placement */
	bool is_fit;
	struct mmlab_fit_info fit;	/* is_fit */
};

/* A %MMLAB_CMD_BUDDY_ALLOC request. */
struct mmlab_alloc_req {
	bool by_size;			/* size, else order */
	__u32 order;
	__u64 size;
	bool has_mt;			/* else the kernel's default */
	__u32 mt;
	__u32 count;			/* 0: the kernel's default (1) */
	bool persistent;
};

/* A slab cache's name: 1..31 characters (uapi MMLAB_A_CACHE_NAME). */
#define MMLAB_NL_CACHE_NAME_LEN	32

/*
 * One %MMLAB_A_CACHE: a slab cache's shape, occupancy and counters, as
 * the module computes them (struct mmlab_slab_info).
 */
struct mmlab_cache {
	char name[MMLAB_NL_CACHE_NAME_LEN];
	__u32 object_size;		/* bytes the user may touch */
	__u32 align;
	__u32 flags;			/* enum mmlab_cache_flags */
	__u32 ctor;			/* the constructor's byte, with CTOR */
	__u32 stride;			/* slabinfo's objsize */
	__u32 red_left;
	__u32 objects;			/* per slab */
	__u32 order;			/* a slab is 2^order frames */
	__u32 waste;			/* bytes of a slab no object uses */
	__u32 colors;
	__u32 limit;			/* per-CPU array; 0: none */
	__u32 batch;
	__u32 min_empty;
	__u64 active_objs;		/* in use or on per-CPU arrays */
	__u64 num_objs;
	__u64 active_slabs;
	__u64 num_slabs;
	__u64 cpu_objs;			/* free, on per-CPU arrays */
	__u64 live;			/* handed out, not freed */
	__u64 requested;		/* kmalloc: bytes asked for by live */
	bool kmalloc;
	bool persistent;
	__u64 alloc_fast;
	__u64 alloc_slow;
	__u64 free_fast;
	__u64 free_slow;
	__u64 refills;
	__u64 drains;
	__u64 slabs_new;
	__u64 slabs_freed;
	__u64 fail;
	__u64 errors;
};

/* The CACHE_GET dump: every cache, newest first. */
struct mmlab_caches {
	struct mmlab_cache *v;
	size_t n;
	size_t cap;
};

void mmlab_caches_free(struct mmlab_caches *c);

/* A %MMLAB_CMD_CACHE_CREATE request. */
struct mmlab_cache_req {
	const char *name;
	__u64 size;
	__u32 align;			/* 0: the kernel's default */
	__u32 flags;			/* enum mmlab_cache_flags */
	int ctor;			/* 0..255; < 0: none */
	bool has_mt;			/* else unmovable */
	__u32 mt;
	bool persistent;
};

/*
 * The objects of a CACHE_ALLOC or KMALLOC reply, by handle; a KMALLOC
 * reply adds the class (a cache's name, or "kmalloc-large") and the
 * bytes each object has (@has_class).
 */
struct mmlab_objects {
	__u64 *v;
	size_t n;
	size_t cap;
	bool has_class;
	char class[MMLAB_NL_CACHE_NAME_LEN];
	__u64 granted;
};

void mmlab_objects_free(struct mmlab_objects *o);

/* %MMLAB_A_SPACE: an address space. */
struct mmlab_space_info {
	__u32 id;
	__u32 owner;			/* netlink port; 0: persistent */
	bool inverted;
	char geometry[MMLAB_NL_GEOM_LEN];
	__u32 levels;
	__u32 bits[MMLAB_NL_LEVELS];	/* index bits per level, top first */
	__u32 va_bits;
	__u32 pte_size;
	__u32 regions;
	__u64 rss;
	__u64 table_frames;
	struct mmlab_access_info access;
};

/* The page offset's bits of @s: its va_bits less the index bits. */
unsigned int mmlab_space_offset_bits(const struct mmlab_space_info *s);

/* The SPACE_GET dump: every space. */
struct mmlab_spaces {
	struct mmlab_space_info *v;
	size_t n;
	size_t cap;
};

void mmlab_spaces_free(struct mmlab_spaces *s);

/* A %MMLAB_CMD_SPACE_CREATE request. */
struct mmlab_space_req {
	const char *geometry;		/* NULL: the kernel's default */
	bool inverted;
	bool persistent;
};

/* A %MMLAB_CMD_MAP request. */
struct mmlab_map_req {
	__u32 space;
	__u64 addr;
	__u64 len;
	__u32 prot;			/* enum mmlab_prot bits */
	__u32 kind;			/* enum mmlab_region_kind */
	__u32 shm;			/* shared: an object to map; 0: a new one */
};

/* %MMLAB_A_REGION: a region of a space, from the REGION_GET dump. */
struct mmlab_region {
	__u64 start;
	__u64 end;			/* exclusive */
	__u32 prot;			/* enum mmlab_prot bits */
	__u32 kind;			/* enum mmlab_region_kind, maybe unknown */
	__u32 shm;			/* has_shm */
	bool has_shm;
	__u64 pgoff;			/* has_shm: the object's first page */
	__u64 rss;
};

struct mmlab_regions {
	struct mmlab_region *v;
	size_t n;
	size_t cap;
};

void mmlab_regions_free(struct mmlab_regions *r);

/* Steps a translation may carry (uapi: at most 8); more is malformed. */
#define MMLAB_NL_STEPS		8

/*
 * %MMLAB_A_TRANSLATION_STEP: one entry a walk read. Multi-level: @level,
 * @index into the table of frame @table, the entry, and where the index
 * sits in the address (@shift, @bits: has_shift). Inverted: @level 0 the
 * hash anchor (@index the bucket, @entry the chain's first slot or
 * 0xffffffff), @level 1 a chain entry (@index its slot, @entry its PTE,
 * @table its virtual page number).
 */
struct mmlab_step {
	__u32 level;
	__u32 index;
	__u64 entry;
	__u64 table;
	__u32 shift;
	__u32 bits;
	bool has_shift;
};

/* %MMLAB_A_TRANSLATION: what a walk found. */
struct mmlab_translation {
	__u64 addr;
	__u64 pte;			/* the leaf; 0: none, or no table */
	bool present;
	__u64 frame;			/* present */
	__u32 offset;
	bool tlb_cached;
	__u32 reads;			/* entries read, @nr_steps of them here */
	unsigned int nr_steps;
	struct mmlab_step steps[MMLAB_NL_STEPS];
};

/* %MMLAB_A_TLB: the TLB's shape and counters. */
struct mmlab_tlb_info {
	__u32 entries;
	__u32 ways;
	__u32 sets;
	__u32 repl;			/* enum mmlab_tlb_repl, maybe unknown */
	bool no_asid;
	__u32 valid;
	__u64 hits;
	__u64 misses;
	__u64 fills;
	__u64 evictions;
	__u64 flush_all;
	__u64 flush_asid;
	__u64 flush_range;
	__u64 switch_flushes;
	__u64 invalidated;
};

/* A %MMLAB_CMD_TLB_SET request; 0 (or repl < 0): the kernel's default. */
struct mmlab_tlb_req {
	__u32 entries;
	__u32 ways;
	int repl;
	bool no_asid;
};

/* %MMLAB_A_TLB_ENTRY: a valid entry, from the TLB_ENTRY_GET dump. */
struct mmlab_tlb_entry {
	__u32 set;
	__u32 way;
	__u32 space;
	__u64 vpn;
	__u64 frame;
	__u32 prot;			/* enum mmlab_prot bits */
	bool dirty;
};

struct mmlab_tlb_entries {
	struct mmlab_tlb_entry *v;
	size_t n;
	size_t cap;
};

void mmlab_tlb_entries_free(struct mmlab_tlb_entries *e);

/* %MMLAB_A_FAULT of a fault event. */
struct mmlab_fault {
	__u32 space;
	__u32 kind;			/* enum mmlab_fault_kind, maybe unknown */
	__u32 access;			/* enum mmlab_access_kind, maybe unknown */
	__u64 addr;
	__u64 frame;			/* has_frame */
	bool has_frame;
};

struct mmlab_nl_event {
	__u32 type;			/* enum mmlab_event, maybe unknown */
	bool has_seq;
	bool has_validate_errors;
	bool has_compact;
	bool has_allocator;
	bool has_fit_policy;
	bool has_fault;
	__u64 seq;
	__u32 validate_errors;
	__u32 allocator;		/* enum mmlab_allocator, maybe unknown */
	__u32 fit_policy;		/* enum mmlab_placement, maybe unknown */
	struct mmlab_compact compact;
	struct mmlab_fault fault;
};

/* return 0 to go on, 1 to stop the monitor */
typedef int (*mmlab_event_fn)(const struct mmlab_nl_event *ev, void *arg);

/* -ENOENT: the family is not registered (module not loaded) */
int mmlab_nl_open(struct mmlab_nl *nl);
void mmlab_nl_close(struct mmlab_nl *nl);

int mmlab_nl_status_get(struct mmlab_nl *nl, struct mmlab_status *st);
int mmlab_nl_stats_reset(struct mmlab_nl *nl);
int mmlab_nl_validate(struct mmlab_nl *nl, __u32 *errors);

int mmlab_nl_buddy_get(struct mmlab_nl *nl, struct mmlab_buddy_info *bi);
/* the new blocks are appended to @blocks */
int mmlab_nl_buddy_alloc(struct mmlab_nl *nl,
			 const struct mmlab_alloc_req *req,
			 struct mmlab_blocks *blocks);
int mmlab_nl_buddy_free(struct mmlab_nl *nl, const __u64 *handles,
			unsigned int n);
/* @order < 0: the kernel's default (max order) */
int mmlab_nl_buddy_compact(struct mmlab_nl *nl, int order,
			   struct mmlab_compact *res);
/*
 * The FREELIST_GET and PAGEMAP_GET dumps, appended to @blocks (empty it
 * first). blocks->interrupted tells that the arena changed while the dump
 * ran (NLM_F_DUMP_INTR): the blocks are then no consistent snapshot.
 */
int mmlab_nl_freelist(struct mmlab_nl *nl, struct mmlab_blocks *blocks);
int mmlab_nl_pagemap(struct mmlab_nl *nl, struct mmlab_blocks *blocks);

int mmlab_nl_allocator_get(struct mmlab_nl *nl,
			   struct mmlab_allocator_info *ai);
/*
 * Put the arena under @allocator (enum mmlab_allocator), with fit policy
 * @policy (enum mmlab_placement; < 0: none sent, the kernel's default);
 * @ai gets the reply, the allocator now in charge.
 */
int mmlab_nl_allocator_set(struct mmlab_nl *nl, __u32 allocator, int policy,
			   struct mmlab_allocator_info *ai);

/* @c gets the cache created (@req->name), as CACHE_GET would give it. */
int mmlab_nl_cache_create(struct mmlab_nl *nl,
			  const struct mmlab_cache_req *req,
			  struct mmlab_cache *c);
int mmlab_nl_cache_destroy(struct mmlab_nl *nl, const char *name);
int mmlab_nl_cache_get(struct mmlab_nl *nl, const char *name,
		       struct mmlab_cache *c);
/* The CACHE_GET dump, appended to @caches (empty it first). */
int mmlab_nl_cache_dump(struct mmlab_nl *nl, struct mmlab_caches *caches);
/*
 * @count (1..1024; 0: the kernel's default, 1) objects of the cache
 * @name, or kmallocs of @size bytes (which also give the class and the
 * bytes granted); the handles are appended to @objs.
 */
int mmlab_nl_cache_alloc(struct mmlab_nl *nl, const char *name,
			 __u32 count, bool persistent,
			 struct mmlab_objects *objs);
int mmlab_nl_kmalloc(struct mmlab_nl *nl, __u64 size, __u32 count,
		     bool persistent, struct mmlab_objects *objs);
/* CACHE_FREE (@name: NULL, or the cache they must be of) and KFREE */
int mmlab_nl_cache_free(struct mmlab_nl *nl, const char *name,
			const __u64 *handles, unsigned int n);
int mmlab_nl_kfree(struct mmlab_nl *nl, const __u64 *handles,
		   unsigned int n);

/* @s gets the space created, as SPACE_GET would give it. */
int mmlab_nl_space_create(struct mmlab_nl *nl,
			  const struct mmlab_space_req *req,
			  struct mmlab_space_info *s);
int mmlab_nl_space_destroy(struct mmlab_nl *nl, __u32 id);
int mmlab_nl_space_get(struct mmlab_nl *nl, __u32 id,
		       struct mmlab_space_info *s);
/* The SPACE_GET dump, appended to @spaces (empty it first). */
int mmlab_nl_space_dump(struct mmlab_nl *nl, struct mmlab_spaces *spaces);
/* @child gets the new space */
int mmlab_nl_space_clone(struct mmlab_nl *nl, __u32 id, bool persistent,
			 struct mmlab_space_info *child);
/* *@shm: the shared object a shared region maps, else 0 */
int mmlab_nl_map(struct mmlab_nl *nl, const struct mmlab_map_req *req,
		 __u32 *shm);
int mmlab_nl_unmap(struct mmlab_nl *nl, __u32 id, __u64 addr, __u64 len);
int mmlab_nl_protect(struct mmlab_nl *nl, __u32 id, __u64 addr, __u64 len,
		     __u32 prot);
/* *@edge: the region's new edge */
int mmlab_nl_grow(struct mmlab_nl *nl, __u32 id, __u64 addr, __s64 pages,
		  __u64 *edge);
/* The REGION_GET dump of space @id, appended to @regions (empty it first). */
int mmlab_nl_regions(struct mmlab_nl *nl, __u32 id,
		     struct mmlab_regions *regions);
/*
 * Run @n references (1..MMLAB_ACCESS_BATCH_MAX, built as the uapi says)
 * in space @id; @a gets what they did.
 */
int mmlab_nl_access(struct mmlab_nl *nl, __u32 id, const __u64 *refs,
		    unsigned int n, struct mmlab_access_info *a);
/* @len: 1..MMLAB_NL_RW_MAX bytes, through the space's translation */
#define MMLAB_NL_RW_MAX		4096
int mmlab_nl_space_write(struct mmlab_nl *nl, __u32 id, __u64 addr,
			 const void *data, unsigned int len);
int mmlab_nl_space_read(struct mmlab_nl *nl, __u32 id, __u64 addr,
			void *buf, unsigned int len);
int mmlab_nl_translate(struct mmlab_nl *nl, __u32 id, __u64 addr,
		       struct mmlab_translation *x);
int mmlab_nl_tlb_get(struct mmlab_nl *nl, struct mmlab_tlb_info *t);
int mmlab_nl_tlb_set(struct mmlab_nl *nl, const struct mmlab_tlb_req *req);
/* The TLB_ENTRY_GET dump, appended to @entries (empty it first). */
int mmlab_nl_tlb_entries(struct mmlab_nl *nl,
			 struct mmlab_tlb_entries *entries);

/*
 * Join the "events" group and call fn for each event until it returns 1
 * or an error occurs. Lost events (receive buffer overrun) are reported
 * on stderr and the monitor goes on; the module's unloading ends it with
 * -ENODEV.
 */
int mmlab_nl_monitor(struct mmlab_nl *nl, mmlab_event_fn fn, void *arg);

#endif /* _MMLAB_NL_H */
