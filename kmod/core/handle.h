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

/* Most blocks one request may allocate or free. */
#define MMLAB_HANDLE_BATCH_MAX	1024

/* struct mmlab_handle_slot.flags */
#define MMLAB_HANDLE_PERSISTENT	0x1	/* survives its owner's socket */

/**
 * struct mmlab_handle_slot - one entry of the handle table
 * @frame: IN USE: the block's first frame (compaction updates it);
 *	FREE: the next free slot's index, or MMLAB_NIL
 * @gen: generation, bumped when the slot is given back: a handle made
 *	with an older generation is stale
 * @owner: the owner's id (the module: the netlink port id)
 * @order: the block's order
 * @in_use: the slot names a live block
 * @flags: MMLAB_HANDLE_*
 */
struct mmlab_handle_slot {
	u32 frame;
	u32 gen;
	u32 owner;
	u8 order;
	u8 in_use;
	u8 flags;
};

/**
 * struct mmlab_handles - the handle table of one buddy allocator
 * @buddy: the allocator the blocks come from
 * @slots: the table, grown by doubling
 * @cap: entries in @slots
 * @used: entries ever handed out (the rest, above, are untouched)
 * @free_head: first slot on the free-slot list, or MMLAB_NIL
 * @live: slots in use
 */
struct mmlab_handles {
	struct mmlab_buddy *buddy;
	struct mmlab_handle_slot *slots;
	u32 cap;
	u32 used;
	u32 free_head;
	u32 live;
};

/**
 * struct mmlab_handle_req - one allocation request from userspace
 * @order: block order
 * @mt: migratetype
 * @requested: bytes asked for, 0: the whole block
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
void mmlab_handles_moved(void *priv, u32 tag, u32 from, u32 to);
unsigned int mmlab_handles_validate(const struct mmlab_handles *h);

#endif /* _MMLAB_CORE_HANDLE_H */
