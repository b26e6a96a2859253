// SPDX-License-Identifier: GPL-2.0
/*
 * handle.c - opaque handles for blocks allocated on behalf of userspace.
 *
 * Userspace never sees where a block lives in the kernel, and compaction
 * may move a movable block: so a block allocated through netlink is named
 * by a handle, a 64-bit id that is neither an address nor a frame number:
 *
 *	id = gen << 32 | (slot + 1)
 *
 * Data structures
 *
 *   slots[cap]      struct mmlab_handle_slot; slot s names the block at
 *                   slots[s].frame, whose frames[].tag is s
 *   free_head ──▶ s1 ──▶ s2 ──▶ NIL   free slots, chained through .frame
 *   [used, cap)     never handed out yet
 *
 * Invariants (checked by mmlab_handles_validate()):
 *
 *   1. A slot in use names a USED block of the buddy whose tag is the slot
 *      and whose order is the slot's.
 *   2. The free-slot list holds exactly the slots below @used not in use.
 *   3. @live counts the slots in use, and no more than the buddy's USED
 *      blocks carry a handle.
 *   4. An id is valid iff its slot is in use with the id's generation:
 *      generations only grow, so a freed handle stays invalid even after
 *      its slot is reused (until the 32-bit generation wraps).
 *
 * Requests are all or nothing: an allocation of @count blocks that fails
 * part-way gives back what it took; a free of n handles checks all n
 * (unknown, foreign, repeated) before freeing any.
 *
 * Lock order: none here; the caller holds the buddy's lock.
 */
#include "seam.h"
#include "handle.h"

#define SLOT_MARK	0x80	/* in flags: seen by this check already */

/**
 * mmlab_handles_init - an empty handle table for @b
 * @h: the table
 * @b: the allocator
 */
void mmlab_handles_init(struct mmlab_handles *h, struct mmlab_buddy *b)
{
	memset(h, 0, sizeof(*h));
	h->buddy = b;
	h->free_head = MMLAB_NIL;
}

/**
 * mmlab_handles_destroy - free the table (the blocks are the buddy's)
 * @h: the table
 */
void mmlab_handles_destroy(struct mmlab_handles *h)
{
	mmlab_kvfree(h->slots);
	h->slots = NULL;
	h->cap = 0;
	h->used = 0;
	h->live = 0;
	h->free_head = MMLAB_NIL;
}

/* Room for @n more slots, without touching anything on failure. */
static int reserve(struct mmlab_handles *h, unsigned int n)
{
	u64 free_slots = (u64)(h->cap - h->used) + (h->used - h->live);
	u64 cap = h->cap ? h->cap : 64;
	struct mmlab_handle_slot *s;

	if (free_slots >= n)
		return 0;
	while (cap - h->live < n)
		cap *= 2;
	if (cap >= MMLAB_NIL)
		return -ENOMEM;
	s = mmlab_kvcalloc(cap, sizeof(*s));
	if (!s)
		return -ENOMEM;
	if (h->used)
		memcpy(s, h->slots, (size_t)h->used * sizeof(*s));
	mmlab_kvfree(h->slots);
	h->slots = s;
	h->cap = cap;
	return 0;
}

static u32 slot_get(struct mmlab_handles *h)
{
	u32 s;

	if (h->free_head != MMLAB_NIL) {
		s = h->free_head;
		h->free_head = h->slots[s].frame;
	} else {
		s = h->used++;
	}
	if (!h->slots[s].gen)
		h->slots[s].gen = 1;
	h->slots[s].in_use = 1;
	h->live++;
	return s;
}

static void slot_put(struct mmlab_handles *h, u32 s)
{
	struct mmlab_handle_slot *slot = &h->slots[s];

	slot->in_use = 0;
	slot->flags = 0;
	slot->owner = 0;
	slot->order = 0;
	slot->gen++;
	slot->frame = h->free_head;
	h->free_head = s;
	h->live--;
}

/* The slot @id names; an id whose low half is 0 gives ~0, no slot. */
static u64 id_slot(u64 id)
{
	return (id & 0xffffffffULL) - 1;
}

/**
 * mmlab_handles_id - the id of the block in slot @slot
 * @h: the table
 * @slot: a slot in use
 *
 * Return: the id userspace knows the block by.
 */
u64 mmlab_handles_id(const struct mmlab_handles *h, u32 slot)
{
	return (u64)h->slots[slot].gen << 32 | (slot + 1ULL);
}

/**
 * mmlab_handles_lookup - the slot an id names
 * @h: the table
 * @id: a handle from userspace (anything)
 * @slot: the slot, on success
 *
 * Return: 0, or -ENOENT when @id names no live block.
 */
int mmlab_handles_lookup(const struct mmlab_handles *h, u64 id,
			 const struct mmlab_handle_slot **slot)
{
	u64 s = id_slot(id);

	if (s >= h->used || !h->slots[s].in_use ||
	    h->slots[s].gen != id >> 32)
		return -ENOENT;
	*slot = &h->slots[s];
	return 0;
}

/**
 * mmlab_handles_at - the slot of the allocated block at @frame, if any
 * @h: the table
 * @tag: the block's tag (struct mmlab_frame_info.tag)
 * @frame: the block's first frame
 *
 * Blocks allocated by others than the table (later mechanisms) carry tags
 * of their own: a tag names a slot only if that slot names this block.
 *
 * Return: the slot, or NULL.
 */
const struct mmlab_handle_slot *
mmlab_handles_at(const struct mmlab_handles *h, u32 tag, u64 frame)
{
	if (tag >= h->used || !h->slots[tag].in_use ||
	    h->slots[tag].frame != frame)
		return NULL;
	return &h->slots[tag];
}

/**
 * mmlab_handles_alloc - allocate @req->count blocks, one handle each
 * @h: the table
 * @req: the request
 * @ids: @req->count entries: the handles, on success
 * @frames: @req->count entries: the blocks' first frames, on success
 *
 * All or nothing: on failure every block and slot taken is given back.
 * A refused block is counted by the buddy as lack of memory or
 * fragmentation.
 *
 * Return: 0, -EINVAL for a count out of range or a request the buddy
 * refuses as such, -ENOMEM when the table cannot grow or the buddy has
 * no block.
 */
int mmlab_handles_alloc(struct mmlab_handles *h,
			const struct mmlab_handle_req *req, u64 *ids,
			u64 *frames)
{
	unsigned int i;
	int err;

	if (!req->count || req->count > MMLAB_HANDLE_BATCH_MAX)
		return -EINVAL;
	err = reserve(h, req->count);
	if (err)
		return err;
	for (i = 0; i < req->count; i++) {
		u32 s = slot_get(h);

		err = mmlab_buddy_alloc(h->buddy, req->order, req->mt,
					req->cpu, req->requested, s,
					&frames[i]);
		if (err) {
			slot_put(h, s);
			while (i--) {
				s = id_slot(ids[i]);
				mmlab_buddy_free(h->buddy, frames[i],
						 req->cpu);
				slot_put(h, s);
			}
			return err;
		}
		h->slots[s].frame = frames[i];
		h->slots[s].owner = req->owner;
		h->slots[s].order = req->order;
		h->slots[s].flags = req->flags & MMLAB_HANDLE_PERSISTENT;
		ids[i] = mmlab_handles_id(h, s);
	}
	return 0;
}

/**
 * mmlab_handles_check - may @owner free these handles?
 * @h: the table
 * @ids: the handles
 * @n: how many
 * @owner: who asks
 * @bad: the index of the first bad handle, on failure
 *
 * A handle may be freed by its owner, and a persistent one by anyone.
 *
 * Return: 0; -ENOENT for an id naming no live block; -EPERM for a block
 * of another owner that is not persistent; -EINVAL for an id given twice,
 * or @n out of range (@bad is then @n).
 */
int mmlab_handles_check(const struct mmlab_handles *h, const u64 *ids,
			unsigned int n, u32 owner, unsigned int *bad)
{
	struct mmlab_handle_slot *slots = h->slots;
	unsigned int i, j;
	int err = 0;

	*bad = n;
	if (!n || n > MMLAB_HANDLE_BATCH_MAX)
		return -EINVAL;
	for (i = 0; i < n && !err; i++) {
		const struct mmlab_handle_slot *s;

		if (mmlab_handles_lookup(h, ids[i], &s))
			err = -ENOENT;
		else if (s->owner != owner &&
			 !(s->flags & MMLAB_HANDLE_PERSISTENT))
			err = -EPERM;
		else if (s->flags & SLOT_MARK)
			err = -EINVAL;
		else
			slots[s - slots].flags |= SLOT_MARK;
		if (err)
			*bad = i;
	}
	/* unmark what was marked: the ids before the bad one, or all */
	for (j = 0; j < (err ? *bad : n); j++)
		slots[id_slot(ids[j])].flags &= ~SLOT_MARK;
	return err;
}

/**
 * mmlab_handles_free - free blocks that mmlab_handles_check() accepted
 * @h: the table
 * @ids: the handles
 * @n: how many
 * @cpu: the caller's CPU
 */
void mmlab_handles_free(struct mmlab_handles *h, const u64 *ids,
			unsigned int n, unsigned int cpu)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		u32 s = id_slot(ids[i]);

		if (WARN_ON_ONCE(mmlab_buddy_free(h->buddy, h->slots[s].frame,
						  cpu)))
			continue;
		slot_put(h, s);
	}
}

/**
 * mmlab_handles_release - free what @owner holds, persistent blocks aside
 * @h: the table
 * @owner: whose blocks (its socket closed)
 * @cpu: the caller's CPU
 *
 * Return: the number of blocks freed.
 */
unsigned int mmlab_handles_release(struct mmlab_handles *h, u32 owner,
				   unsigned int cpu)
{
	unsigned int n = 0;
	u32 s;

	for (s = 0; s < h->used; s++) {
		struct mmlab_handle_slot *slot = &h->slots[s];

		if (!slot->in_use || slot->owner != owner ||
		    (slot->flags & MMLAB_HANDLE_PERSISTENT))
			continue;
		if (WARN_ON_ONCE(mmlab_buddy_free(h->buddy, slot->frame, cpu)))
			continue;
		slot_put(h, s);
		n++;
	}
	return n;
}

/**
 * mmlab_handles_moved - struct mmlab_buddy_ops.moved for the table
 * @priv: the table
 * @tag: the slot
 * @from: old first frame
 * @to: new first frame
 */
void mmlab_handles_moved(void *priv, u32 tag, u32 from, u32 to)
{
	struct mmlab_handles *h = priv;

	if (WARN_ON_ONCE(tag >= h->used || !h->slots[tag].in_use ||
			 h->slots[tag].frame != from))
		return;
	h->slots[tag].frame = to;
}

/**
 * mmlab_handles_validate - check the invariants listed in handle.c
 * @h: the table
 *
 * Return: the number of violations, each reported with mmlab_report().
 */
unsigned int mmlab_handles_validate(const struct mmlab_handles *h)
{
	const struct mmlab_buddy *b = h->buddy;
	unsigned int errors = 0;
	u32 s, live = 0, listed = 0;

	for (s = 0; s < h->used; s++) {
		const struct mmlab_handle_slot *slot = &h->slots[s];
		const struct mmlab_frame *f;

		if (!slot->in_use)
			continue;
		live++;
		f = slot->frame < b->nr_frames ? &b->frames[slot->frame] : NULL;
		if (!f || f->state != MMLAB_FRAME_USED || f->tag != s ||
		    f->order != slot->order || (slot->flags & SLOT_MARK)) {
			mmlab_report("handle slot %u: frame %u is not its block\n",
				     s, slot->frame);
			errors++;
		}
	}
	for (s = h->free_head; s != MMLAB_NIL; s = h->slots[s].frame) {
		if (s >= h->used || h->slots[s].in_use || listed > h->used) {
			mmlab_report("free handle slot %u: out of range, in use or loop\n",
				     s);
			errors++;
			break;
		}
		listed++;
	}
	if (live != h->live || live + listed != h->used) {
		mmlab_report("handles: %u live counted, %u found, %u free listed, %u used\n",
			     h->live, live, listed, h->used);
		errors++;
	}
	return errors;
}
