// SPDX-License-Identifier: GPL-2.0
/*
 * handle.c - the arena's blocks for userspace: opaque handles, and the
 * allocator they come from (the buddy, or the fit allocator on the
 * frames the buddy lends it).
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
 *                   slots[s].frame (under the buddy, frames[].tag is s)
 *   free_head ──▶ s1 ──▶ s2 ──▶ NIL   free slots, chained through .frame
 *   [used, cap)     never handed out yet
 *
 * Two allocators. The buddy is in charge by default. While nothing is
 * allocated the arena can be handed to the variable-partition (fit)
 * allocator of fit.c: the buddy then lends it every frame, as the blocks
 * its free lists hold (tagged MMLAB_TAG_FIT), and the fit allocator's
 * units are the arena's frames:
 *
 *   buddy view    [ FIT, order 10 ][ FIT, order 10 ][ FIT, order 4 ]
 *   fit view      [ A:9 ][ hole:40 ][ B:17 ][      hole:1990       ]
 *
 * A partition may straddle two of the buddy's blocks: the fit allocator
 * sees one range of frames, as the textbooks' memory of units. While it
 * is in charge the buddy has nothing free, so mmlab's own blocks
 * (mmlab_page_alloc()) are refused; once every partition is freed the
 * arena goes back to the buddy, which merges its blocks as they were.
 *
 * Invariants (checked by mmlab_handles_validate()):
 *
 *   1. A slot in use names a live block of the allocator in charge, of
 *      the slot's size: under the buddy a USED block whose tag is the
 *      slot; under the fit allocator an allocated partition.
 *   2. The free-slot list holds exactly the slots below @used not in use.
 *   3. @live counts the slots in use; under the buddy no more than its
 *      USED blocks carry a handle; under the fit allocator every
 *      partition has one, and @fit_requested is their bytes asked for.
 *   4. An id is valid iff its slot is in use with the id's generation:
 *      generations only grow, so a freed handle stays invalid even after
 *      its slot is reused (until the 32-bit generation wraps).
 *   5. Under the fit allocator the buddy has no free frame: all are lent.
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
 * mmlab_handles_destroy - free the table (the blocks are the buddy's) and
 *	the fit allocator's (the frames lent to it stay lent)
 * @h: the table
 */
void mmlab_handles_destroy(struct mmlab_handles *h)
{
	mmlab_fit_destroy(&h->fit);
	h->fit_requested = 0;
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
	if (cap >= MMLAB_TAG_FIT)
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
	slot->frames = 0;
	slot->requested = 0;
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
 * mmlab_handles_req_frames - how many frames a request's block has
 * @req: the request
 *
 * Return: 2^order for the buddy; the frames holding @req->requested
 * bytes for the fit allocator (2^order when 0).
 */
u64 mmlab_handles_req_frames(const struct mmlab_handle_req *req)
{
	u64 page = 1ULL << MMLAB_PAGE_SHIFT;

	if (!req->requested)
		return 1ULL << req->order;
	return ((u64)req->requested + page - 1) >> MMLAB_PAGE_SHIFT;
}

/* One block for slot @s from the allocator in charge. */
static int block_alloc(struct mmlab_handles *h,
		       const struct mmlab_handle_req *req, u32 s, u64 *frame)
{
	struct mmlab_handle_slot *slot = &h->slots[s];
	u64 frames = mmlab_handles_req_frames(req);
	int err;

	if (!mmlab_handles_fit_on(h)) {
		err = mmlab_buddy_alloc(h->buddy, req->order, req->mt,
					req->cpu, req->requested, s, frame);
		frames = 1ULL << req->order;
	} else {
		err = mmlab_fit_alloc(&h->fit, frames, frame);
		if (!err) {
			mmlab_fit_set_owner(&h->fit, *frame, s);
			slot->requested = req->requested ? req->requested :
				frames << MMLAB_PAGE_SHIFT;
			h->fit_requested += slot->requested;
		}
	}
	if (!err) {
		slot->frame = *frame;
		slot->frames = frames;
	}
	return err;
}

/* Give back slot @s's block; the slot stays in use. */
static int block_free(struct mmlab_handles *h, u32 s, unsigned int cpu)
{
	struct mmlab_handle_slot *slot = &h->slots[s];
	int err;

	if (!mmlab_handles_fit_on(h))
		return mmlab_buddy_free(h->buddy, slot->frame, cpu);
	err = mmlab_fit_free(&h->fit, slot->frame);
	if (!err)
		h->fit_requested -= slot->requested;
	return err;
}

/**
 * mmlab_handles_alloc - allocate @req->count blocks, one handle each
 * @h: the table
 * @req: the request
 * @ids: @req->count entries: the handles, on success
 * @frames: @req->count entries: the blocks' first frames, on success
 *
 * All or nothing: on failure every block and slot taken is given back.
 * A block the buddy refuses is counted by it as lack of memory or
 * fragmentation; one the fit allocator refuses, in its failures.
 *
 * Return: 0, -EINVAL for a count out of range or a request the allocator
 * refuses as such, -ENOMEM when the table cannot grow or the allocator
 * has no block.
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

		err = block_alloc(h, req, s, &frames[i]);
		if (err) {
			slot_put(h, s);
			while (i--) {
				s = id_slot(ids[i]);
				block_free(h, s, req->cpu);
				slot_put(h, s);
			}
			return err;
		}
		h->slots[s].owner = req->owner;
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

		if (WARN_ON_ONCE(block_free(h, s, cpu)))
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
		if (WARN_ON_ONCE(block_free(h, s, cpu)))
			continue;
		slot_put(h, s);
		n++;
	}
	return n;
}

/**
 * mmlab_handles_block - the block holding a frame, as the allocator in
 *	charge sees it
 * @h: the table
 * @frame: a frame of the arena
 * @bi: filled in
 *
 * Walk the arena block by block with @frame = @bi->head + @bi->frames:
 * O(1) a block from a block's first frame.
 *
 * Return: 0, or -EINVAL for a frame outside the arena.
 */
int mmlab_handles_block(const struct mmlab_handles *h, u64 frame,
			struct mmlab_block_info *bi)
{
	const struct mmlab_handle_slot *slot = NULL;
	u64 size;
	bool used;

	memset(bi, 0, sizeof(*bi));
	if (!mmlab_handles_fit_on(h)) {
		struct mmlab_frame_info fi;
		int err = mmlab_buddy_frame_info(h->buddy, frame, &fi);

		if (err)
			return err;
		bi->head = fi.head;
		bi->frames = 1ULL << fi.order;
		bi->state = fi.state;
		bi->order = fi.order;
		bi->mt = fi.mt;
		if (fi.state == MMLAB_FRAME_USED) {
			bi->requested = fi.requested;
			slot = mmlab_handles_at(h, fi.tag, fi.head);
		}
	} else {
		const struct mmlab_fit *fit = &h->fit;
		u64 u;

		if (frame >= fit->nr_units)
			return -EINVAL;
		/* a block starts at @frame, or its head is the last one before */
		for (u = frame; !(fit->units[u].tag & MMLAB_FIT_TAG_HEAD); u--)
			;
		mmlab_fit_next_block(fit, u, &size, &used);
		bi->head = u;
		bi->frames = size;
		bi->state = used ? MMLAB_FRAME_USED : MMLAB_FRAME_FREE;
		bi->order = -1;
		bi->mt = -1;
		if (used) {
			u32 s = mmlab_fit_owner(fit, u);

			if (s < h->used && h->slots[s].in_use &&
			    h->slots[s].frame == u)
				slot = &h->slots[s];
			if (slot)
				bi->requested = slot->requested;
		}
	}
	bi->slot = slot ? slot - h->slots : -1;
	return 0;
}

/*
 * Give back every block the buddy lent the fit allocator, and gather the
 * order-0 frames parked on per-CPU lists, so the arena's free lists are
 * as they were before it was lent.
 */
static void fit_give_back(struct mmlab_handles *h, unsigned int cpu)
{
	struct mmlab_buddy *b = h->buddy;
	struct mmlab_frame_info fi;
	u64 f = 0;

	while (f < b->nr_frames && !mmlab_buddy_frame_info(b, f, &fi)) {
		if (fi.state == MMLAB_FRAME_USED && fi.tag == MMLAB_TAG_FIT)
			WARN_ON_ONCE(mmlab_buddy_free(b, f, cpu));
		f = fi.head + (1ULL << fi.order);
		mmlab_cond_resched();
	}
	mmlab_buddy_drain(b);
}

/*
 * Take every free frame of the buddy, largest blocks first, each from the
 * list it is on (no steal, no split): the blocks the free lists hold.
 * Order 0 may be served by a per-CPU list refilled from the same type.
 */
static int fit_borrow(struct mmlab_handles *h, unsigned int cpu)
{
	struct mmlab_buddy *b = h->buddy;
	unsigned int mt;
	int o;

	mmlab_buddy_drain(b);
	for (o = b->max_order; o >= 0; o--) {
		for (mt = 0; mt < MMLAB_MT_NR; mt++) {
			while (mmlab_buddy_free_blocks(b, o, mt) ||
			       (!o && b->pcp_batch &&
				b->pcp[cpu].list[mt].count)) {
				u64 f;

				if (WARN_ON_ONCE(mmlab_buddy_alloc(b, o, mt, cpu,
								   0,
								   MMLAB_TAG_FIT,
								   &f))) {
					fit_give_back(h, cpu);
					return -EIO;
				}
			}
		}
		mmlab_cond_resched();
	}
	if (WARN_ON_ONCE(b->nr_free + b->nr_pcp)) {
		fit_give_back(h, cpu);
		return -EIO;
	}
	return 0;
}

/**
 * mmlab_handles_use_fit - partition the arena with the fit allocator
 * @h: the table
 * @policy: the fit policy
 * @cpu: the caller's CPU
 *
 * Allowed only while nothing is allocated: under the buddy, no block of
 * anyone (mmlab's own included); under the fit allocator already, no
 * partition (the policy is then changed in place), unless the policy is
 * the one in force (nothing to do, as for mmlab_handles_use_buddy()
 * under the buddy). The buddy lends the
 * fit allocator every frame, each block as its free lists hold it
 * (counted as its allocations).
 *
 * Return: 0; -EINVAL for an unknown policy or an arena the fit allocator
 * cannot manage (over %MMLAB_FIT_MAX_UNITS frames); -EBUSY while
 * something is allocated; -ENOMEM without memory for the unit table.
 * Nothing changes on error.
 */
int mmlab_handles_use_fit(struct mmlab_handles *h,
			  enum mmlab_fit_policy policy, unsigned int cpu)
{
	struct mmlab_buddy *b = h->buddy;
	int err;

	if ((unsigned int)policy >= MMLAB_FIT_NR_POLICIES)
		return -EINVAL;
	if (mmlab_handles_fit_on(h) && h->fit.policy == policy)
		return 0;	/* as asked already, partitions or not */
	if (mmlab_handles_fit_on(h))
		return mmlab_fit_set_policy(&h->fit, policy);
	if (b->nr_free + b->nr_pcp != b->nr_frames)
		return -EBUSY;
	if (b->nr_frames > MMLAB_FIT_MAX_UNITS)
		return -EINVAL;
	err = mmlab_fit_create(&h->fit, b->nr_frames, policy);
	if (err)
		return err;
	err = fit_borrow(h, cpu);
	if (err)
		mmlab_fit_destroy(&h->fit);
	return err;
}

/**
 * mmlab_handles_use_buddy - give the arena back to the buddy
 * @h: the table
 * @cpu: the caller's CPU
 *
 * The buddy gets back every block it lent and merges them as they were.
 *
 * Return: 0 (also when the buddy is in charge already), or -EBUSY while
 * a partition is allocated (nothing changes then).
 */
int mmlab_handles_use_buddy(struct mmlab_handles *h, unsigned int cpu)
{
	if (!mmlab_handles_fit_on(h))
		return 0;
	if (h->fit.nr_used)
		return -EBUSY;
	fit_give_back(h, cpu);
	mmlab_fit_destroy(&h->fit);
	h->fit_requested = 0;
	return 0;
}

/**
 * mmlab_handles_free_frames - free frames of the arena, whoever manages it
 * @h: the table
 *
 * Return: the buddy's free frames, plus the fit allocator's holes when it
 * has the arena (the buddy then has none).
 */
u64 mmlab_handles_free_frames(const struct mmlab_handles *h)
{
	u64 free = h->buddy->arena->nr_free;

	if (mmlab_handles_fit_on(h))
		free += h->fit.free_units;
	return free;
}

/**
 * mmlab_handles_internal_frag - bytes granted but not asked for
 * @h: the table
 *
 * Return: under the fit allocator, what its partitions hold beyond their
 * requests (a partition is whole frames); under the buddy, its count.
 */
u64 mmlab_handles_internal_frag(const struct mmlab_handles *h)
{
	const struct mmlab_fit *fit = &h->fit;

	if (!mmlab_handles_fit_on(h))
		return mmlab_buddy_internal_frag(h->buddy, -1);
	return ((u64)(fit->nr_units - fit->free_units) << MMLAB_PAGE_SHIFT) -
	       h->fit_requested;
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

/* Invariant 1 for one slot: does it name its allocator's block? */
static bool slot_names_block(const struct mmlab_handles *h, u32 s)
{
	const struct mmlab_handle_slot *slot = &h->slots[s];
	const struct mmlab_buddy *b = h->buddy;
	const struct mmlab_frame *f;

	if (slot->flags & SLOT_MARK)
		return false;
	if (mmlab_handles_fit_on(h))
		return mmlab_fit_size_of(&h->fit, slot->frame) == slot->frames &&
		       mmlab_fit_owner(&h->fit, slot->frame) == s;
	if (slot->frame >= b->nr_frames)
		return false;
	f = &b->frames[slot->frame];
	return f->state == MMLAB_FRAME_USED && f->tag == s &&
	       (1ULL << f->order) == slot->frames;
}

/**
 * mmlab_handles_validate - check the invariants listed in handle.c
 * @h: the table
 *
 * Return: the number of violations, each reported with mmlab_report().
 * Under the fit allocator its own invariants are counted too.
 */
unsigned int mmlab_handles_validate(const struct mmlab_handles *h)
{
	const struct mmlab_buddy *b = h->buddy;
	bool fit_on = mmlab_handles_fit_on(h);
	unsigned int errors = 0;
	u32 s, live = 0, listed = 0;
	u64 requested = 0;

	for (s = 0; s < h->used; s++) {
		const struct mmlab_handle_slot *slot = &h->slots[s];

		if (!slot->in_use)
			continue;
		live++;
		requested += slot->requested;
		if (!slot_names_block(h, s)) {
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
	if (fit_on) {
		errors += mmlab_fit_validate(&h->fit);
		if (h->fit.nr_used != live || requested != h->fit_requested) {
			mmlab_report("fit: %u blocks, %u handles; %llu bytes asked, %llu seen\n",
				     h->fit.nr_used, live,
				     (unsigned long long)h->fit_requested,
				     (unsigned long long)requested);
			errors++;
		}
		if (b->nr_free + b->nr_pcp) {
			mmlab_report("fit: the buddy kept %llu frames free\n",
				     (unsigned long long)(b->nr_free + b->nr_pcp));
			errors++;
		}
	}
	return errors;
}

/**
 * mmlab_kblock_alloc - a block of the buddy for mmlab's own mechanisms
 * @b: the buddy
 * @order: 2^@order frames
 * @mt: MMLAB_MT_UNMOVABLE or MMLAB_MT_RECLAIMABLE: the caller holds the
 *	block by address, so compaction must never move it
 * @cpu: the caller's CPU
 *
 * The block is tagged MMLAB_TAG_KERNEL: no handle names it.
 *
 * Return: the block's memory, or NULL (no block, or a movable one asked
 * for).
 */
void *mmlab_kblock_alloc(struct mmlab_buddy *b, unsigned int order,
			 unsigned int mt, unsigned int cpu)
{
	u64 frame;

	if (mt == MMLAB_MT_MOVABLE ||
	    mmlab_buddy_alloc(b, order, mt, cpu, 0, MMLAB_TAG_KERNEL, &frame))
		return NULL;
	return mmlab_arena_frame_mem(b->arena, frame);
}

/**
 * mmlab_kblock_frame - the first frame of a block of mmlab_kblock_alloc()
 * @b: the buddy
 * @mem: the block's memory
 * @frame: its first frame, on success
 *
 * Return: 0, or -EINVAL when @mem is not the start of such a block.
 */
int mmlab_kblock_frame(const struct mmlab_buddy *b, const void *mem,
		       u64 *frame)
{
	struct mmlab_frame_info fi;
	int err;

	err = mmlab_arena_mem_frame(b->arena, mem, frame);
	if (!err)
		err = mmlab_buddy_frame_info(b, *frame, &fi);
	if (!err && (fi.head != *frame || fi.state != MMLAB_FRAME_USED ||
		     fi.tag != MMLAB_TAG_KERNEL))
		err = -EINVAL;
	return err;
}

/**
 * mmlab_kblock_free - give back a block of mmlab_kblock_alloc()
 * @b: the buddy
 * @mem: the block's memory
 * @cpu: the caller's CPU
 *
 * Return: 0, or -EINVAL when @mem is not the start of such a block
 * (nothing changes).
 */
int mmlab_kblock_free(struct mmlab_buddy *b, void *mem, unsigned int cpu)
{
	u64 frame;
	int err = mmlab_kblock_frame(b, mem, &frame);

	return err ? err : mmlab_buddy_free(b, frame, cpu);
}
