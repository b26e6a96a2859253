/* SPDX-License-Identifier: GPL-2.0 */
/*
 * handle.h - opaque handles for blocks allocated on behalf of userspace.
 *
 * See handle.c for the data structures and invariants.
 */
#ifndef _MMLAB_CORE_HANDLE_H
#define _MMLAB_CORE_HANDLE_H

#include "seam.h"
#include "buddy.h"
#include "fit.h"

/* Most blocks one request may allocate or free. */
#define MMLAB_HANDLE_BATCH_MAX	1024

/*
 * Tags the buddy keeps on blocks that no handle names (a handle's block
 * carries its slot number, always below these).
 */
#define MMLAB_TAG_KERNEL	(MMLAB_NIL - 1)	/* mmlab's own (slab, ...) */
#define MMLAB_TAG_FIT		(MMLAB_NIL - 2)	/* lent to the fit allocator */

/* struct mmlab_handle_slot.flags */
#define MMLAB_HANDLE_PERSISTENT	0x1	/* survives its owner's socket */

/**
 * struct mmlab_handle_slot - one entry of the handle table
 * @frame: IN USE: the block's first frame (compaction updates it);
 *	FREE: the next free slot's index, or MMLAB_NIL
 * @gen: generation, bumped when the slot is given back: a handle made
 *	with an older generation is stale
 * @owner: the owner's id (the module: the netlink port id)
 * @frames: the block's size in frames (2^order for a buddy block)
 * @requested: fit blocks: bytes asked for (the buddy keeps its own)
 * @in_use: the slot names a live block
 * @flags: MMLAB_HANDLE_*
 */
struct mmlab_handle_slot {
	u32 frame;
	u32 gen;
	u32 owner;
	u32 frames;
	u32 requested;
	u8 in_use;
	u8 flags;
};

/**
 * struct mmlab_handles - the arena's blocks for userspace, by handle
 * @buddy: the buddy allocator of the arena
 * @fit: when @fit.units is set, the arena is partitioned by this fit
 *	allocator, whose units are the frames @buddy has lent it whole;
 *	else the blocks come from @buddy
 * @fit_requested: bytes asked for by the live fit blocks
 * @slots: the table, grown by doubling
 * @cap: entries in @slots
 * @used: entries ever handed out (the rest, above, are untouched)
 * @free_head: first slot on the free-slot list, or MMLAB_NIL
 * @live: slots in use
 */
struct mmlab_handles {
	struct mmlab_buddy *buddy;
	struct mmlab_fit fit;
	u64 fit_requested;
	struct mmlab_handle_slot *slots;
	u32 cap;
	u32 used;
	u32 free_head;
	u32 live;
};

/**
 * struct mmlab_handle_req - one allocation request from userspace
 * @order: block order (a fit block of 2^@order frames when @requested
 *	is 0)
 * @mt: migratetype (buddy only)
 * @requested: bytes asked for, 0: the whole block; a fit block is the
 *	frames that hold them
 * @count: blocks to allocate, 1..MMLAB_HANDLE_BATCH_MAX
 * @owner: who owns them
 * @flags: MMLAB_HANDLE_*
 * @cpu: the caller's CPU
 */
struct mmlab_handle_req {
	unsigned int order;
	unsigned int mt;
	u32 requested;
	unsigned int count;
	u32 owner;
	unsigned int flags;
	unsigned int cpu;
};

/**
 * struct mmlab_block_info - one block of the arena as the interfaces show
 *	it, from whichever allocator is in charge
 * @head: first frame
 * @frames: size in frames
 * @state: MMLAB_FRAME_FREE (a free buddy block, or a hole), _USED or _PCP
 * @order: buddy: the block's order; fit: -1
 * @mt: buddy: its migratetype; fit: -1
 * @requested: USED: bytes asked for
 * @slot: USED and named by a handle: the handle's slot; else -1
 */
struct mmlab_block_info {
	u64 head;
	u64 frames;
	unsigned int state;
	int order;
	int mt;
	u32 requested;
	s64 slot;
};

/**
 * mmlab_handles_fit_on - is the arena partitioned by the fit allocator?
 * @h: the table
 *
 * Return: true under the fit allocator, false under the buddy.
 */
static inline bool mmlab_handles_fit_on(const struct mmlab_handles *h)
{
	return h->fit.units;
}

void mmlab_handles_init(struct mmlab_handles *h, struct mmlab_buddy *b);
void mmlab_handles_destroy(struct mmlab_handles *h);
int mmlab_handles_alloc(struct mmlab_handles *h,
			const struct mmlab_handle_req *req, u64 *ids,
			u64 *frames);
int mmlab_handles_check(const struct mmlab_handles *h, const u64 *ids,
			unsigned int n, u32 owner, unsigned int *bad);
void mmlab_handles_free(struct mmlab_handles *h, const u64 *ids,
			unsigned int n, unsigned int cpu);
unsigned int mmlab_handles_release(struct mmlab_handles *h, u32 owner,
				   unsigned int cpu);
int mmlab_handles_lookup(const struct mmlab_handles *h, u64 id,
			 const struct mmlab_handle_slot **slot);
const struct mmlab_handle_slot *
mmlab_handles_at(const struct mmlab_handles *h, u32 tag, u64 frame);
u64 mmlab_handles_id(const struct mmlab_handles *h, u32 slot);
u64 mmlab_handles_req_frames(const struct mmlab_handle_req *req);
int mmlab_handles_block(const struct mmlab_handles *h, u64 frame,
			struct mmlab_block_info *bi);
int mmlab_handles_use_fit(struct mmlab_handles *h,
			  enum mmlab_fit_policy policy, unsigned int cpu);
int mmlab_handles_use_buddy(struct mmlab_handles *h, unsigned int cpu);
u64 mmlab_handles_free_frames(const struct mmlab_handles *h);
u64 mmlab_handles_internal_frag(const struct mmlab_handles *h);
void mmlab_handles_moved(void *priv, u32 tag, u32 from, u32 to);
unsigned int mmlab_handles_validate(const struct mmlab_handles *h);
void *mmlab_kblock_alloc(struct mmlab_buddy *b, unsigned int order,
			 unsigned int mt, unsigned int cpu);
int mmlab_kblock_frame(const struct mmlab_buddy *b, const void *mem,
		       u64 *frame);
int mmlab_kblock_free(struct mmlab_buddy *b, void *mem, unsigned int cpu);

#endif /* _MMLAB_CORE_HANDLE_H */
