/* SPDX-License-Identifier: GPL-2.0 */
/*
 * buddy.h - the binary buddy allocator on the arena's frames.
 *
 * See buddy.c for the data structures, their invariants and the lock order.
 */
#ifndef _MMLAB_CORE_BUDDY_H
#define _MMLAB_CORE_BUDDY_H

#include "seam.h"
#include "arena.h"
#include "frag.h"

/* The largest max_order the buddy takes (the arena's is smaller). */
#define MMLAB_BUDDY_ORDER_MAX	20
#define MMLAB_BUDDY_ORDERS	(MMLAB_BUDDY_ORDER_MAX + 1)

/* Pageblock order when the arena is big enough (x86-64 Linux's value). */
#define MMLAB_PAGEBLOCK_ORDER	9

/* What free frames are filled with when poisoning (PAGE_POISON's value). */
#define MMLAB_POISON		0xaa

/* A frame index that is no frame: end of a list. */
#define MMLAB_NIL		((u32)~0U)

/*
 * Migratetypes, numbered as Linux numbers them (include/linux/mmzone.h):
 * the uapi's enum mmlab_mt uses the same values.
 */
enum mmlab_buddy_mt {
	MMLAB_MT_UNMOVABLE,
	MMLAB_MT_MOVABLE,
	MMLAB_MT_RECLAIMABLE,
	MMLAB_MT_NR,
};

/* What a frame is (struct mmlab_frame.state). */
enum mmlab_frame_state {
	MMLAB_FRAME_TAIL,	/* inside a block, not its first frame */
	MMLAB_FRAME_FREE,	/* first frame of a free block, on a free list */
	MMLAB_FRAME_USED,	/* first frame of an allocated block */
	MMLAB_FRAME_PCP,	/* an order-0 block on a per-CPU list */
};

/**
 * struct mmlab_frame - the buddy's metadata of one frame (12 bytes)
 * @next: FREE/PCP: next block on its list, or MMLAB_NIL
 * @prev: FREE/PCP: previous block on its list, or MMLAB_NIL
 * @requested: USED: bytes the caller asked for (internal fragmentation
 *	is 2^order pages minus this)
 * @tag: USED: the caller's word for the block (the module: a handle slot);
 *	reported to mmlab_buddy_ops.moved when compaction moves the block
 * @state: enum mmlab_frame_state
 * @order: FREE/USED/PCP: the block's order; TAIL: unused (0)
 * @mt: FREE/PCP: the list the block is on; USED: the migratetype asked for
 * @limit: the largest order of a block holding this frame: the order of
 *	its arena chunk, capped at max_order. Fixed at creation.
 */
struct mmlab_frame {
	union {
		struct {
			u32 next;
			u32 prev;
		};
		struct {
			u32 requested;
			u32 tag;
		};
	};
	u8 state;
	u8 order;
	u8 mt;
	u8 limit;
};

/**
 * struct mmlab_buddy_order_stats - what happened at one order
 * @allocs: blocks handed out
 * @frees: blocks given back
 * @splits: blocks of this order split in two
 * @merges: pairs of buddies of this order merged into one of order + 1
 * @fail_nomem: requests refused because fewer pages than asked were free
 * @fail_frag: requests refused although enough pages were free
 *	(external fragmentation)
 * @used: blocks of this order now allocated
 * @requested: bytes asked for by the allocated blocks of this order
 */
struct mmlab_buddy_order_stats {
	u64 allocs;
	u64 frees;
	u64 splits;
	u64 merges;
	u64 fail_nomem;
	u64 fail_frag;
	u64 used;
	u64 requested;
};

/**
 * struct mmlab_buddy_stats - counters of the whole allocator
 * @steals: allocations served from another migratetype's free list
 * @claims: pageblocks whose migratetype a steal changed
 * @pcp_refills: batches moved from the free lists to a per-CPU list
 * @pcp_drains: batches moved back from a per-CPU list
 * @pcp_hits: order-0 allocations served by a per-CPU list
 * @compactions: compaction runs
 * @compact_scanned: frames the migration scanner looked at
 * @compact_moved: frames copied to another place
 * @compact_blocks: blocks moved
 * @last_fail_order: order of the last refused request (-1: none)
 * @last_fail_extfrag: its fragmentation index (thousandths, as
 *	/sys/kernel/debug/extfrag/extfrag_index)
 * @poison_errors: poisoned free blocks found overwritten when handed out
 */
struct mmlab_buddy_stats {
	u64 steals;
	u64 claims;
	u64 pcp_refills;
	u64 pcp_drains;
	u64 pcp_hits;
	u64 compactions;
	u64 compact_scanned;
	u64 compact_moved;
	u64 compact_blocks;
	int last_fail_order;
	int last_fail_extfrag;
	u64 poison_errors;
};

/**
 * struct mmlab_buddy_ops - the allocator's calls back to its owner
 * @moved: compaction moved the block @tag from frame @from to frame @to
 *	(the contents are already copied)
 */
struct mmlab_buddy_ops {
	void (*moved)(void *priv, u32 tag, u32 from, u32 to);
};

/* A per-CPU list of order-0 blocks of one migratetype. */
struct mmlab_pcp_list {
	u32 head;
	u32 count;
};

/* One CPU's order-0 cache. */
struct mmlab_pcp {
	struct mmlab_pcp_list list[MMLAB_MT_NR];
	u32 count;
};

/**
 * struct mmlab_buddy - a buddy allocator over an arena
 * @arena: the frames (geometry only; the buddy keeps arena->nr_free)
 * @ops: callbacks, may be NULL
 * @priv: their argument
 * @nr_frames: frames managed (the arena's)
 * @max_order: largest block order
 * @pb_order: order of the grouping unit of migratetypes
 * @nr_pageblocks: pageblocks (the last one may be partial)
 * @nr_cpus: per-CPU caches in @pcp
 * @pcp_batch: frames a per-CPU refill or drain moves; 0: no per-CPU lists
 * @pcp_high: a per-CPU list longer than this is drained by a batch
 * @poison: free frames are filled with MMLAB_POISON and checked when
 *	handed out and by mmlab_buddy_validate()
 * @frames: one entry per frame
 * @pageblock_mt: the migratetype of each pageblock
 * @free_head: list heads, per order and migratetype
 * @nr_free_blocks: blocks on each list
 * @bitmap: per order, one bit per naturally aligned block of that order,
 *	set iff that block is free with exactly that order
 * @bitmap_off: where each order's bits start in @bitmap, in words
 * @pcp: the per-CPU caches
 * @nr_free: frames on the free lists
 * @nr_pcp: frames on per-CPU lists
 * @order_stats: per-order counters
 * @stats: whole-allocator counters
 */
struct mmlab_buddy {
	struct mmlab_arena *arena;
	const struct mmlab_buddy_ops *ops;
	void *priv;
	u64 nr_frames;
	unsigned int max_order;
	unsigned int pb_order;
	u64 nr_pageblocks;
	unsigned int nr_cpus;
	unsigned int pcp_batch;
	unsigned int pcp_high;
	bool poison;
	struct mmlab_frame *frames;
	u8 *pageblock_mt;
	u32 free_head[MMLAB_BUDDY_ORDERS][MMLAB_MT_NR];
	u64 nr_free_blocks[MMLAB_BUDDY_ORDERS][MMLAB_MT_NR];
	u64 *bitmap;
	u64 bitmap_off[MMLAB_BUDDY_ORDERS];
	struct mmlab_pcp *pcp;
	u64 nr_free;
	u64 nr_pcp;
	struct mmlab_buddy_order_stats order_stats[MMLAB_BUDDY_ORDERS];
	struct mmlab_buddy_stats stats;
};

/**
 * struct mmlab_buddy_config - knobs of mmlab_buddy_create()
 * @nr_cpus: per-CPU caches to keep (>= 1)
 * @pcp_batch: per-CPU batch; 0 picks one from the arena's size (none for
 *	arenas under 4 MiB, so small teaching arenas show every merge);
 *	MMLAB_PCP_OFF turns the per-CPU lists off
 * @pb_order: 0 picks min(MMLAB_PAGEBLOCK_ORDER, largest chunk order)
 * @poison: poison free frames (a debugging aid: costs a pass over each
 *	block on every allocation and free)
 */
struct mmlab_buddy_config {
	unsigned int nr_cpus;
	unsigned int pcp_batch;
	unsigned int pb_order;
	bool poison;
};

#define MMLAB_PCP_OFF		((unsigned int)~0U)

/**
 * struct mmlab_frame_info - one frame as the page map shows it
 * @head: first frame of the block holding the frame
 * @state: the head's state (FREE, USED or PCP)
 * @order: the block's order
 * @mt: the block's migratetype (its list's, or the one asked for)
 * @pageblock_mt: the migratetype of the frame's pageblock
 * @tag: USED: the block's tag
 * @requested: USED: bytes asked for
 */
struct mmlab_frame_info {
	u64 head;
	unsigned int state;
	unsigned int order;
	unsigned int mt;
	unsigned int pageblock_mt;
	u32 tag;
	u32 requested;
};

/**
 * struct mmlab_compact_result - what one compaction run did
 * @order: the order it tried to make available
 * @scanned: frames the migration scanner looked at
 * @moved: frames copied
 * @blocks: blocks moved
 * @unusable_before: unusable free index at @order before (thousandths)
 * @unusable_after: and after
 * @largest_before: largest free block order before (-1: none)
 * @largest_after: and after
 */
struct mmlab_compact_result {
	unsigned int order;
	u64 scanned;
	u64 moved;
	u64 blocks;
	int unusable_before;
	int unusable_after;
	int largest_before;
	int largest_after;
};

/**
 * struct mmlab_buddy_meta - the memory the allocator keeps for its arena
 * @frames: struct mmlab_frame, one per frame
 * @bitmaps: the per-order free bitmaps
 * @pageblocks: one migratetype byte per pageblock
 * @pcp: the per-CPU list heads, one set per CPU
 *
 * Bytes of each table, as allocated by mmlab_buddy_create(); the
 * struct mmlab_buddy itself and the owner's tables (handles) are not
 * counted.
 */
struct mmlab_buddy_meta {
	u64 frames;
	u64 bitmaps;
	u64 pageblocks;
	u64 pcp;
};

int mmlab_buddy_create(struct mmlab_buddy *b, struct mmlab_arena *arena,
		       const struct mmlab_buddy_config *cfg,
		       const struct mmlab_buddy_ops *ops, void *priv);
void mmlab_buddy_destroy(struct mmlab_buddy *b);

int mmlab_buddy_size_order(const struct mmlab_buddy *b, u64 bytes);
int mmlab_buddy_alloc(struct mmlab_buddy *b, unsigned int order,
		      unsigned int mt, unsigned int cpu, u32 requested,
		      u32 tag, u64 *frame);
int mmlab_buddy_free(struct mmlab_buddy *b, u64 frame, unsigned int cpu);
void mmlab_buddy_drain(struct mmlab_buddy *b);
void mmlab_buddy_reset_stats(struct mmlab_buddy *b);

int mmlab_buddy_frame_info(const struct mmlab_buddy *b, u64 frame,
			   struct mmlab_frame_info *info);
u64 mmlab_buddy_free_blocks(const struct mmlab_buddy *b, unsigned int order,
			    int mt);
int mmlab_buddy_largest_free(const struct mmlab_buddy *b);
void mmlab_buddy_frag_info(const struct mmlab_buddy *b, unsigned int order,
			   struct mmlab_frag_info *info);
u64 mmlab_buddy_pageblocks(const struct mmlab_buddy *b, unsigned int mt);
u64 mmlab_buddy_internal_frag(const struct mmlab_buddy *b, int order);

int mmlab_buddy_compact(struct mmlab_buddy *b, unsigned int order,
			struct mmlab_compact_result *res);

unsigned int mmlab_buddy_validate(const struct mmlab_buddy *b);
void mmlab_buddy_metadata(const struct mmlab_buddy *b,
			  struct mmlab_buddy_meta *m);

#endif /* _MMLAB_CORE_BUDDY_H */
