// SPDX-License-Identifier: GPL-2.0
/*
 * buddy.c - the binary buddy allocator on the arena's frames.
 *
 * Knuth's buddy system as Linux runs it (mm/page_alloc.c): free blocks of
 * 2^order frames, naturally aligned, kept on one free list per order (and
 * per migratetype); the buddy of the block at frame i of order k is the
 * block at i ^ 2^k; allocation takes the smallest free block that fits and
 * splits it, putting the upper halves back on the lower lists (expand());
 * freeing merges the block with its buddy for as long as the buddy is free
 * and of the same order (__free_one_page()).
 *
 * Data structures
 *
 *   frames[nr_frames]       struct mmlab_frame, 12 bytes a frame: state,
 *                           order, list links or (allocated) the bytes
 *                           requested and the caller's tag
 *   free_head[order][mt]    doubly linked lists through frames[].next/prev
 *                           (NIL-terminated, new blocks at the head)
 *   bitmap, per order       one bit per aligned block of that order:
 *                           "this block is free, at exactly this order";
 *                           finding whether a buddy is free is one bit test
 *   pageblock_mt[]          migratetype of each pageblock
 *   pcp[cpu].list[mt]       order-0 blocks parked per CPU
 *
 *      order 2  [0]=NIL  [1]=4 ──▶ 12 ──▶ NIL
 *      order 1  [1]=2 ──▶ NIL
 *      order 0  [1]=1 ──▶ NIL
 *      frames   0 U  1 F0  2 F1  3 t  4 F2  5 t  6 t  7 t  8 U2 ...
 *
 * Geometry: the arena is cut into chunks aligned to their own order (see
 * arena.c, invariant 2); chunks are not physically adjacent, so a block
 * may never grow past its chunk: frames[i].limit is the chunk's order
 * capped at max_order, and two buddies merge only below that limit. Since
 * each chunk is aligned to its order, i ^ 2^k stays in the chunk for every
 * k < limit.
 *
 * Migratetypes (mm/page_alloc.c __rmqueue_fallback): every pageblock starts
 * MOVABLE. A request of type t takes the smallest block on t's lists; when
 * there is none it steals the largest block of a fallback type (unmovable:
 * reclaimable, movable; movable: reclaimable, unmovable; reclaimable:
 * unmovable, movable). A steal of a block of at least a pageblock, or by
 * an unmovable/reclaimable request, or of a block of at least half a
 * pageblock, moves every free block of that pageblock to t's lists, and
 * claims the pageblock for t when at least half of it is then free. Freed
 * blocks go to the list of their pageblock's type.
 *
 * Per-CPU lists (mm/page_alloc.c rmqueue_pcplist): order-0 requests are
 * served from the CPU's list of their type, refilled by pcp_batch frames
 * from the free lists when empty; order-0 frees go onto it, and when it
 * holds more than pcp_high frames, pcp_batch of them go back to the free
 * lists (and merge). Parked frames count as free for users (nr_pcp) but
 * are not on the free lists: the indices do not see them until drained.
 *
 * Invariants (checked by mmlab_buddy_validate()):
 *
 *   1. Every frame belongs to exactly one block: walking the frames, a
 *      FREE/USED/PCP head of order k at i is aligned (i % 2^k == 0),
 *      k <= frames[i].limit, and frames i+1 .. i+2^k-1 are TAIL.
 *   2. bit(k, i >> k) is set iff frame i is a FREE head of order k.
 *   3. The lists hold exactly the FREE heads, each on the list of its
 *      order and mt, with consistent prev links and counts.
 *   4. Merge invariant: no FREE block of order k < limit has a FREE buddy
 *      of order k (freeing always merged as far as it could).
 *   5. The PCP lists hold exactly the PCP frames (order 0), with counts.
 *   6. nr_free and nr_pcp count the frames on free lists and PCP lists;
 *      arena->nr_free == nr_free + nr_pcp; each order's "used" counter
 *      counts its USED heads and "requested" sums their requested bytes.
 *   7. When poisoning, every byte of every free and PCP block is
 *      MMLAB_POISON.
 *
 * Poisoning (a debugging aid, config.poison): every free frame is filled
 * with MMLAB_POISON; a block handed out (allocation, compaction target) is
 * checked first, and validate() checks every free block. A byte that
 * changed means someone wrote to memory after freeing it: reported once a
 * block, counted in stats.poison_errors; the allocation goes on.
 *
 * Cost: allocation and free are O(max_order), independent of the arena's
 * size (list heads, bitmap tests, XOR). Metadata: 12 bytes a frame, plus
 * about 2 bits a frame of bitmaps and one byte a pageblock
 * (mmlab_buddy_metadata() counts them).
 *
 * Lock order: none here; the caller serializes every call on one buddy
 * (the module: mmlab.buddy_lock, a mutex). Callbacks (ops->moved) run
 * under it. The walks over the whole arena (create, compaction, validate)
 * call mmlab_cond_resched() now and then, so the caller must not hold a
 * spinlock across them.
 */
#include "seam.h"
#include "buddy.h"

#define BITS_PER_WORD	64

static const u8 fallbacks[MMLAB_MT_NR][MMLAB_MT_NR - 1] = {
	[MMLAB_MT_UNMOVABLE]	= { MMLAB_MT_RECLAIMABLE, MMLAB_MT_MOVABLE },
	[MMLAB_MT_MOVABLE]	= { MMLAB_MT_RECLAIMABLE, MMLAB_MT_UNMOVABLE },
	[MMLAB_MT_RECLAIMABLE]	= { MMLAB_MT_UNMOVABLE, MMLAB_MT_MOVABLE },
};

static u64 order_bits(const struct mmlab_buddy *b, unsigned int order)
{
	return (b->nr_frames + (1ULL << order) - 1) >> order;
}

static u64 bitmap_words(const struct mmlab_buddy *b, unsigned int order)
{
	return (order_bits(b, order) + BITS_PER_WORD - 1) / BITS_PER_WORD;
}

static u64 *bit_word(const struct mmlab_buddy *b, unsigned int order,
		     u64 frame)
{
	u64 bit = frame >> order;

	return &b->bitmap[b->bitmap_off[order] + bit / BITS_PER_WORD];
}

static bool bit_test(const struct mmlab_buddy *b, unsigned int order,
		     u64 frame)
{
	return *bit_word(b, order, frame) &
	       (1ULL << ((frame >> order) % BITS_PER_WORD));
}

static void bit_flip(struct mmlab_buddy *b, unsigned int order, u64 frame)
{
	*bit_word(b, order, frame) ^= 1ULL << ((frame >> order) %
					       BITS_PER_WORD);
}

static unsigned int pageblock_of(const struct mmlab_buddy *b, u64 frame)
{
	return b->pageblock_mt[frame >> b->pb_order];
}

static void poison_block(struct mmlab_buddy *b, u64 frame,
			 unsigned int order)
{
	if (b->poison)
		memset(mmlab_arena_frame_mem(b->arena, frame), MMLAB_POISON,
		       (size_t)1 << (order + MMLAB_PAGE_SHIFT));
}

/*
 * Whether the poisoned block at @frame is intact; reports the first byte
 * that is not (once a block). @when says who looked.
 */
static bool poison_intact(const struct mmlab_buddy *b, u64 frame,
			  unsigned int order, const char *when)
{
	const u8 *p = mmlab_arena_frame_mem(b->arena, frame);
	size_t i, n = (size_t)1 << (order + MMLAB_PAGE_SHIFT);

	if (!b->poison)
		return true;
	for (i = 0; i < n && p[i] == MMLAB_POISON; i++)
		;
	if (i == n)
		return true;
	mmlab_report("free block %llu (order %u) overwritten at byte %zu: %#x (%s)\n",
		     frame, order, i, p[i], when);
	return false;
}

/* Link @frame at the head of the list starting at *@head. */
static void link_push(struct mmlab_buddy *b, u32 *head, u64 frame)
{
	struct mmlab_frame *f = &b->frames[frame];

	f->prev = MMLAB_NIL;
	f->next = *head;
	if (*head != MMLAB_NIL)
		b->frames[*head].prev = frame;
	*head = frame;
}

/* Unlink @frame from the list starting at *@head; its links are zeroed. */
static void link_del(struct mmlab_buddy *b, u32 *head, u64 frame)
{
	struct mmlab_frame *f = &b->frames[frame];

	if (f->prev != MMLAB_NIL)
		b->frames[f->prev].next = f->next;
	else
		*head = f->next;
	if (f->next != MMLAB_NIL)
		b->frames[f->next].prev = f->prev;
	f->next = 0;
	f->prev = 0;
}

/* Put the free block at @frame (order @order) on the head of list @mt. */
static void list_add_free(struct mmlab_buddy *b, u64 frame,
			  unsigned int order, unsigned int mt)
{
	struct mmlab_frame *f = &b->frames[frame];

	f->state = MMLAB_FRAME_FREE;
	f->order = order;
	f->mt = mt;
	link_push(b, &b->free_head[order][mt], frame);
	b->nr_free_blocks[order][mt]++;
	b->nr_free += 1ULL << order;
	bit_flip(b, order, frame);
}

/* Take the free block at @frame off its list; it becomes a TAIL. */
static void list_del_free(struct mmlab_buddy *b, u64 frame)
{
	struct mmlab_frame *f = &b->frames[frame];
	unsigned int order = f->order, mt = f->mt;

	link_del(b, &b->free_head[order][mt], frame);
	b->nr_free_blocks[order][mt]--;
	b->nr_free -= 1ULL << order;
	bit_flip(b, order, frame);
	f->state = MMLAB_FRAME_TAIL;
	f->order = 0;
	f->mt = 0;
}

/*
 * Free the block at @frame of @order to the lists, merging with its buddy
 * as long as the buddy is free at the same order (__free_one_page()).
 */
static void free_one(struct mmlab_buddy *b, u64 frame, unsigned int order)
{
	unsigned int limit = b->frames[frame].limit;

	while (order < limit) {
		u64 buddy = frame ^ (1ULL << order);

		if (buddy >= b->nr_frames || !bit_test(b, order, buddy))
			break;
		list_del_free(b, buddy);
		b->order_stats[order].merges++;
		if (buddy < frame) {
			b->frames[frame].state = MMLAB_FRAME_TAIL;
			b->frames[frame].order = 0;
			frame = buddy;
		}
		order++;
	}
	list_add_free(b, frame, order, pageblock_of(b, frame));
}

/*
 * Split the block at @frame from @high down to @low: the upper halves go
 * to the lists of @mt (expand()); the caller owns [frame, frame + 2^low).
 */
static void expand(struct mmlab_buddy *b, u64 frame, unsigned int low,
		   unsigned int high, unsigned int mt)
{
	while (high > low) {
		b->order_stats[high].splits++;
		high--;
		list_add_free(b, frame + (1ULL << high), high, mt);
	}
}

/* The smallest free block of @order or more on @mt's lists, split. */
static bool rmqueue_smallest(struct mmlab_buddy *b, unsigned int order,
			     unsigned int mt, u64 *frame)
{
	unsigned int o;

	for (o = order; o <= b->max_order; o++) {
		u32 head = b->free_head[o][mt];

		if (head == MMLAB_NIL)
			continue;
		list_del_free(b, head);
		expand(b, head, order, o, mt);
		*frame = head;
		return true;
	}
	return false;
}

/* Move every free block of the pageblock holding @frame to @mt's lists. */
static u64 move_pageblock_free(struct mmlab_buddy *b, u64 frame,
			       unsigned int mt)
{
	u64 start = frame >> b->pb_order << b->pb_order;
	u64 end = min_t(u64, start + (1ULL << b->pb_order),
			b->nr_frames);
	u64 i = start, moved = 0;

	while (i < end) {
		struct mmlab_frame *f = &b->frames[i];
		unsigned int order = f->order;

		if (f->state == MMLAB_FRAME_FREE) {
			if (f->mt != mt) {
				list_del_free(b, i);
				list_add_free(b, i, order, mt);
			}
			moved += 1ULL << order;
		}
		if (f->state == MMLAB_FRAME_TAIL)
			i++;
		else
			i += 1ULL << order;
	}
	return moved;
}

static void set_pageblocks(struct mmlab_buddy *b, u64 frame,
			   unsigned int order, unsigned int mt)
{
	u64 pb = frame >> b->pb_order;
	u64 n = order > b->pb_order ?
		1ULL << (order - b->pb_order) : 1;

	while (n--) {
		if (b->pageblock_mt[pb] != mt)
			b->stats.claims++;
		b->pageblock_mt[pb++] = mt;
	}
}

/*
 * No block on @mt's lists: steal the largest block of a fallback type
 * (__rmqueue_fallback() and steal_suitable_fallback()), so that the
 * retried rmqueue_smallest() finds it on @mt's lists.
 */
static bool steal_fallback(struct mmlab_buddy *b, unsigned int order,
			   unsigned int mt)
{
	unsigned int pb = b->pb_order;
	int o;

	for (o = b->max_order; o >= (int)order; o--) {
		unsigned int i;

		for (i = 0; i < ARRAY_SIZE(fallbacks[mt]); i++) {
			unsigned int from = fallbacks[mt][i];
			u32 head = b->free_head[o][from];
			u64 span;

			if (head == MMLAB_NIL)
				continue;
			b->stats.steals++;
			if ((unsigned int)o >= pb) {
				set_pageblocks(b, head, o, mt);
				list_del_free(b, head);
				list_add_free(b, head, o, mt);
				return true;
			}
			if ((unsigned int)o >= pb / 2 ||
			    mt != MMLAB_MT_MOVABLE) {
				span = min_t(u64, 1ULL << pb, b->nr_frames);
				if (move_pageblock_free(b, head, mt) * 2 >= span)
					set_pageblocks(b, head, pb, mt);
				return true;
			}
			list_del_free(b, head);
			list_add_free(b, head, o, mt);
			return true;
		}
	}
	return false;
}

static bool rmqueue(struct mmlab_buddy *b, unsigned int order,
		    unsigned int mt, u64 *frame)
{
	if (rmqueue_smallest(b, order, mt, frame))
		return true;
	return steal_fallback(b, order, mt) &&
	       rmqueue_smallest(b, order, mt, frame);
}

static void pcp_push(struct mmlab_buddy *b, unsigned int cpu, u64 frame,
		     unsigned int mt)
{
	struct mmlab_pcp *pcp = &b->pcp[cpu];
	struct mmlab_frame *f = &b->frames[frame];

	f->state = MMLAB_FRAME_PCP;
	f->order = 0;
	f->mt = mt;
	link_push(b, &pcp->list[mt].head, frame);
	pcp->list[mt].count++;
	pcp->count++;
	b->nr_pcp++;
}

static u64 pcp_pop(struct mmlab_buddy *b, unsigned int cpu, unsigned int mt)
{
	struct mmlab_pcp *pcp = &b->pcp[cpu];
	u32 frame = pcp->list[mt].head;
	struct mmlab_frame *f = &b->frames[frame];

	link_del(b, &pcp->list[mt].head, frame);
	pcp->list[mt].count--;
	pcp->count--;
	b->nr_pcp--;
	f->state = MMLAB_FRAME_TAIL;
	f->mt = 0;
	return frame;
}

/* Give up to @n frames of @cpu's lists back to the free lists. */
static void pcp_drain(struct mmlab_buddy *b, unsigned int cpu, u64 n)
{
	struct mmlab_pcp *pcp = &b->pcp[cpu];
	unsigned int mt = 0;

	if (!pcp->count)
		return;
	b->stats.pcp_drains++;
	while (n && pcp->count) {
		if (!pcp->list[mt].count) {
			mt = (mt + 1) % MMLAB_MT_NR;
			continue;
		}
		free_one(b, pcp_pop(b, cpu, mt), 0);
		n--;
	}
}

static bool pcp_alloc(struct mmlab_buddy *b, unsigned int cpu,
		      unsigned int mt, u64 *frame)
{
	struct mmlab_pcp_list *list = &b->pcp[cpu].list[mt];

	if (!list->count) {
		unsigned int i;
		u64 f;

		for (i = 0; i < b->pcp_batch && rmqueue(b, 0, mt, &f); i++)
			pcp_push(b, cpu, f, mt);
		if (!i)
			return false;
		b->stats.pcp_refills++;
	} else {
		b->stats.pcp_hits++;
	}
	*frame = pcp_pop(b, cpu, mt);
	return true;
}

/**
 * mmlab_buddy_frag_info - the free lists, seen from a request of @order
 * @b: the allocator
 * @order: the request's order (<= max_order)
 * @info: filled as mm/vmstat.c's fill_contig_page_info() fills it
 *
 * Frames on per-CPU lists are not counted, as the kernel does not count
 * them either.
 */
void mmlab_buddy_frag_info(const struct mmlab_buddy *b, unsigned int order,
			   struct mmlab_frag_info *info)
{
	unsigned int o;

	memset(info, 0, sizeof(*info));
	for (o = 0; o <= b->max_order; o++) {
		u64 blocks = mmlab_buddy_free_blocks(b, o, -1);

		info->free_blocks_total += blocks;
		info->free_pages += blocks << o;
		if (o >= order)
			info->free_blocks_suitable += blocks << (o - order);
	}
}

static void count_failure(struct mmlab_buddy *b, unsigned int order)
{
	struct mmlab_frag_info info;

	mmlab_buddy_frag_info(b, order, &info);
	if (mmlab_frag_verdict(order, &info) == MMLAB_FRAG_NOMEM)
		b->order_stats[order].fail_nomem++;
	else
		b->order_stats[order].fail_frag++;
	b->stats.last_fail_order = order;
	b->stats.last_fail_extfrag = mmlab_extfrag_index(order, &info);
}

/**
 * mmlab_buddy_size_order - the order of the smallest block of @bytes
 * @b: the allocator
 * @bytes: requested size
 *
 * Return: the order, or -EINVAL for 0 bytes or more than a max_order block.
 */
int mmlab_buddy_size_order(const struct mmlab_buddy *b, u64 bytes)
{
	u64 frames;
	unsigned int order;

	if (!bytes || bytes > (1ULL << (b->max_order + MMLAB_PAGE_SHIFT)))
		return -EINVAL;
	frames = (bytes + (1ULL << MMLAB_PAGE_SHIFT) - 1) >> MMLAB_PAGE_SHIFT;
	order = fls64(frames - 1);
	return order;
}

/**
 * mmlab_buddy_alloc - allocate a block of 2^@order frames
 * @b: the allocator
 * @order: 0..max_order
 * @mt: migratetype (enum mmlab_buddy_mt)
 * @cpu: the caller's CPU (< nr_cpus), for the per-CPU lists
 * @requested: bytes the caller will use (1..2^order pages); 0 means all
 * @tag: the caller's word for the block
 * @frame: the block's first frame, on success
 *
 * Return: 0; -EINVAL for an order, type, cpu or size out of range (nothing
 * changed, nothing counted); -ENOMEM when no block can be had, counted as
 * lack of memory or fragmentation at @order.
 */
int mmlab_buddy_alloc(struct mmlab_buddy *b, unsigned int order,
		      unsigned int mt, unsigned int cpu, u32 requested,
		      u32 tag, u64 *frame)
{
	struct mmlab_buddy_order_stats *os;
	struct mmlab_frame *f;
	u64 block_bytes;
	bool ok;

	if (order > b->max_order || mt >= MMLAB_MT_NR || cpu >= b->nr_cpus)
		return -EINVAL;
	block_bytes = 1ULL << (order + MMLAB_PAGE_SHIFT);
	if (!requested)
		requested = block_bytes > (u32)~0U ? (u32)~0U : block_bytes;
	else if (requested > block_bytes)
		return -EINVAL;

	if (order == 0 && b->pcp_batch)
		ok = pcp_alloc(b, cpu, mt, frame);
	else
		ok = rmqueue(b, order, mt, frame);
	if (!ok && b->nr_pcp) {
		/* as the kernel does before giving up: drain and retry */
		mmlab_buddy_drain(b);
		ok = rmqueue(b, order, mt, frame);
	}
	if (!ok) {
		count_failure(b, order);
		return -ENOMEM;
	}

	if (!poison_intact(b, *frame, order, "allocation"))
		b->stats.poison_errors++;
	f = &b->frames[*frame];
	f->state = MMLAB_FRAME_USED;
	f->order = order;
	f->mt = mt;
	f->requested = requested;
	f->tag = tag;
	os = &b->order_stats[order];
	os->allocs++;
	os->used++;
	os->requested += requested;
	b->arena->nr_free -= 1ULL << order;
	return 0;
}

/**
 * mmlab_buddy_free - give back the block whose first frame is @frame
 * @b: the allocator
 * @frame: a frame mmlab_buddy_alloc() returned and not yet freed
 * @cpu: the caller's CPU (< nr_cpus)
 *
 * Return: 0, or -EINVAL when @frame is not the first frame of an allocated
 * block (double free, a frame inside a block, out of range) or @cpu is out
 * of range; nothing is changed then.
 */
int mmlab_buddy_free(struct mmlab_buddy *b, u64 frame, unsigned int cpu)
{
	struct mmlab_buddy_order_stats *os;
	struct mmlab_frame *f;
	unsigned int order;

	if (frame >= b->nr_frames || cpu >= b->nr_cpus)
		return -EINVAL;
	f = &b->frames[frame];
	if (f->state != MMLAB_FRAME_USED)
		return -EINVAL;
	order = f->order;
	os = &b->order_stats[order];
	os->frees++;
	os->used--;
	os->requested -= f->requested;
	b->arena->nr_free += 1ULL << order;
	f->requested = 0;
	f->tag = 0;
	poison_block(b, frame, order);

	if (order == 0 && b->pcp_batch) {
		pcp_push(b, cpu, frame, pageblock_of(b, frame));
		if (b->pcp[cpu].count > b->pcp_high)
			pcp_drain(b, cpu, b->pcp_batch);
		return 0;
	}
	f->state = MMLAB_FRAME_TAIL;
	f->order = 0;
	free_one(b, frame, order);
	return 0;
}

/**
 * mmlab_buddy_reset_stats - zero the counters of what happened
 * @b: the allocator
 *
 * Event counters (allocations, frees, splits, merges, failures, steals,
 * per-CPU and compaction counters, the last failure) start again from
 * zero; what describes the present (blocks in use and the bytes they
 * requested, per order) is kept, so validate() still holds.
 */
void mmlab_buddy_reset_stats(struct mmlab_buddy *b)
{
	unsigned int o;

	for (o = 0; o < MMLAB_BUDDY_ORDERS; o++) {
		struct mmlab_buddy_order_stats *os = &b->order_stats[o];
		u64 used = os->used, requested = os->requested;

		memset(os, 0, sizeof(*os));
		os->used = used;
		os->requested = requested;
	}
	memset(&b->stats, 0, sizeof(b->stats));
	b->stats.last_fail_order = -1;
}

/**
 * mmlab_buddy_drain - give every per-CPU frame back to the free lists
 * @b: the allocator
 */
void mmlab_buddy_drain(struct mmlab_buddy *b)
{
	unsigned int cpu;

	for (cpu = 0; cpu < b->nr_cpus; cpu++)
		pcp_drain(b, cpu, b->pcp[cpu].count);
}

/**
 * mmlab_buddy_free_blocks - free blocks of @order on the free lists
 * @b: the allocator
 * @order: 0..max_order
 * @mt: a migratetype, or -1 for all
 *
 * Return: the count (/proc/buddyinfo's number for the order).
 */
u64 mmlab_buddy_free_blocks(const struct mmlab_buddy *b, unsigned int order,
			    int mt)
{
	u64 n = 0;
	unsigned int t;

	if (order > b->max_order)
		return 0;
	if (mt >= 0)
		return mt < MMLAB_MT_NR ? b->nr_free_blocks[order][mt] : 0;
	for (t = 0; t < MMLAB_MT_NR; t++)
		n += b->nr_free_blocks[order][t];
	return n;
}

/**
 * mmlab_buddy_largest_free - order of the largest free block
 * @b: the allocator
 *
 * Return: the order, or -1 when the free lists are empty.
 */
int mmlab_buddy_largest_free(const struct mmlab_buddy *b)
{
	int o;

	for (o = b->max_order; o >= 0; o--)
		if (mmlab_buddy_free_blocks(b, o, -1))
			return o;
	return -1;
}

/**
 * mmlab_buddy_pageblocks - pageblocks of a migratetype
 * @b: the allocator
 * @mt: the migratetype
 *
 * Return: how many pageblocks are of @mt (/proc/pagetypeinfo's second
 * table).
 */
u64 mmlab_buddy_pageblocks(const struct mmlab_buddy *b, unsigned int mt)
{
	u64 i, n = 0;

	for (i = 0; i < b->nr_pageblocks; i++)
		n += b->pageblock_mt[i] == mt;
	return n;
}

/**
 * mmlab_buddy_internal_frag - bytes granted but not requested
 * @b: the allocator
 * @order: an order, or -1 for all orders
 *
 * Return: the sum over allocated blocks of 2^order pages minus the bytes
 * their callers asked for.
 */
u64 mmlab_buddy_internal_frag(const struct mmlab_buddy *b, int order)
{
	u64 sum = 0;
	int o;

	for (o = 0; o <= (int)b->max_order; o++) {
		const struct mmlab_buddy_order_stats *os = &b->order_stats[o];

		if (order >= 0 && o != order)
			continue;
		sum += (os->used << (o + MMLAB_PAGE_SHIFT)) - os->requested;
	}
	return sum;
}

/**
 * mmlab_buddy_frame_info - what a frame belongs to, for the page map
 * @b: the allocator
 * @frame: 0..nr_frames-1
 * @info: filled on success
 *
 * Finds the block holding @frame by looking at the aligned heads above it,
 * O(max_order).
 *
 * Return: 0, or -EINVAL when @frame is out of range.
 */
int mmlab_buddy_frame_info(const struct mmlab_buddy *b, u64 frame,
			   struct mmlab_frame_info *info)
{
	const struct mmlab_frame *f;
	unsigned int k;
	u64 head = frame;

	if (frame >= b->nr_frames)
		return -EINVAL;
	for (k = 0; k <= b->frames[frame].limit; k++) {
		head = frame >> k << k;
		f = &b->frames[head];
		if (f->state != MMLAB_FRAME_TAIL && f->order >= k)
			break;
	}
	f = &b->frames[head];
	if (WARN_ON_ONCE(f->state == MMLAB_FRAME_TAIL))
		return -EINVAL;
	info->head = head;
	info->state = f->state;
	info->order = f->order;
	info->mt = f->mt;
	info->pageblock_mt = pageblock_of(b, frame);
	info->tag = f->state == MMLAB_FRAME_USED ? f->tag : 0;
	info->requested = f->state == MMLAB_FRAME_USED ? f->requested : 0;
	return 0;
}

/*
 * The free block of @order or more holding the aligned block at @frame of
 * @order: its first frame and order. False when there is none.
 */
static bool free_block_holding(const struct mmlab_buddy *b, u64 frame,
			       unsigned int order, u64 *head, unsigned int *k)
{
	for (*k = order; *k <= b->frames[frame].limit; (*k)++) {
		*head = frame >> *k << *k;
		if (bit_test(b, *k, *head))
			return true;
	}
	return false;
}

/*
 * Carve the aligned block [@dst, @dst + 2^@order) out of the free block
 * holding it, giving the rest back to the lists. False when @dst is not
 * inside a free block of @order or more.
 */
static bool carve_free(struct mmlab_buddy *b, u64 dst, unsigned int order)
{
	unsigned int k, mt;
	u64 head;

	if (!free_block_holding(b, dst, order, &head, &k))
		return false;
	mt = b->frames[head].mt;
	list_del_free(b, head);
	while (k > order) {
		u64 half;

		b->order_stats[k].splits++;
		k--;
		half = 1ULL << k;
		if (dst >= head + half) {
			list_add_free(b, head, k, mt);
			head += half;
		} else {
			list_add_free(b, head + half, k, mt);
		}
	}
	return true;
}

/*
 * The free scanner: the highest free aligned block of @order in
 * [@low, *@cursor); moves *@cursor down to it.
 */
static bool find_target(const struct mmlab_buddy *b, unsigned int order,
			u64 low, u64 *cursor, u64 *target)
{
	u64 size = 1ULL << order;
	u64 c = *cursor >> order << order, head;
	unsigned int k;

	while (c >= low + size) {
		c -= size;
		if (free_block_holding(b, c, order, &head, &k)) {
			*cursor = c;
			*target = c;
			return true;
		}
	}
	return false;
}

/* Move the USED block at @src to the free aligned block at @dst. */
static void migrate_block(struct mmlab_buddy *b, u64 src, u64 dst)
{
	struct mmlab_frame *s = &b->frames[src], *d = &b->frames[dst];
	unsigned int order = s->order;

	carve_free(b, dst, order);
	if (!poison_intact(b, dst, order, "compaction"))
		b->stats.poison_errors++;
	memcpy(mmlab_arena_frame_mem(b->arena, dst),
	       mmlab_arena_frame_mem(b->arena, src),
	       (size_t)1 << (order + MMLAB_PAGE_SHIFT));
	d->state = MMLAB_FRAME_USED;
	d->order = order;
	d->mt = s->mt;
	d->requested = s->requested;
	d->tag = s->tag;
	if (b->ops && b->ops->moved)
		b->ops->moved(b->priv, s->tag, src, dst);
	s->state = MMLAB_FRAME_TAIL;
	s->order = 0;
	s->requested = 0;
	s->tag = 0;
	poison_block(b, src, order);
	free_one(b, src, order);
}

static int unusable_at(const struct mmlab_buddy *b, unsigned int order)
{
	struct mmlab_frag_info info;

	mmlab_buddy_frag_info(b, order, &info);
	return mmlab_unusable_index(order, &info);
}

/**
 * mmlab_buddy_compact - move movable blocks to rebuild a block of @order
 * @b: the allocator
 * @order: the order wanted (<= max_order)
 * @res: what was done
 *
 * As mm/compaction.c: the per-CPU lists are drained, then a migration
 * scanner walks up from the first frame and a free scanner down from the
 * last; each MOVABLE allocated block the migration scanner finds is copied
 * into the highest free aligned block of its order above it, the caller
 * is told the new place (ops->moved) and the old block is freed, merging.
 * It stops when a free block of @order exists, or when the scanners meet.
 * Unmovable and reclaimable blocks are never moved. Contents are
 * preserved.
 *
 * Return: 0, or -EINVAL for an order above max_order.
 */
int mmlab_buddy_compact(struct mmlab_buddy *b, unsigned int order,
			struct mmlab_compact_result *res)
{
	u64 i = 0, cursor = b->nr_frames, steps = 0;

	if (order > b->max_order)
		return -EINVAL;
	memset(res, 0, sizeof(*res));
	mmlab_buddy_drain(b);
	res->order = order;
	res->unusable_before = unusable_at(b, order);
	res->largest_before = mmlab_buddy_largest_free(b);
	b->stats.compactions++;

	while (i < cursor && mmlab_buddy_largest_free(b) < (int)order) {
		struct mmlab_frame *f = &b->frames[i];
		u64 size, dst;

		if (f->state == MMLAB_FRAME_TAIL) {
			i++;
			continue;
		}
		if (!(++steps % 256))
			mmlab_cond_resched();
		size = 1ULL << f->order;
		res->scanned += size;
		if (f->state != MMLAB_FRAME_USED ||
		    f->mt != MMLAB_MT_MOVABLE) {
			i += size;
			continue;
		}
		if (!find_target(b, f->order, i, &cursor, &dst))
			break;
		migrate_block(b, i, dst);
		res->moved += size;
		res->blocks++;
		i += size;
	}

	res->unusable_after = unusable_at(b, order);
	res->largest_after = mmlab_buddy_largest_free(b);
	b->stats.compact_scanned += res->scanned;
	b->stats.compact_moved += res->moved;
	b->stats.compact_blocks += res->blocks;
	return 0;
}

/**
 * mmlab_buddy_create - put every frame of @arena on the free lists
 * @b: the allocator, filled on success, zeroed on failure
 * @arena: a created arena (its geometry must not change while @b lives)
 * @cfg: knobs
 * @ops: callbacks, or NULL
 * @priv: their argument
 *
 * Each chunk of the arena becomes one free block of its order, MOVABLE,
 * as the kernel's memory starts out.
 *
 * Return: 0, -EINVAL for an arena or config the buddy cannot take (more
 * than 2^32 - 2 frames, max_order above MMLAB_BUDDY_ORDER_MAX, no CPU,
 * pageblock order above max_order), -ENOMEM.
 */
int mmlab_buddy_create(struct mmlab_buddy *b, struct mmlab_arena *arena,
		       const struct mmlab_buddy_config *cfg,
		       const struct mmlab_buddy_ops *ops, void *priv)
{
	unsigned int o, t, c;
	u64 words = 0;

	memset(b, 0, sizeof(*b));
	if (!arena->nr_frames || arena->nr_frames >= MMLAB_NIL ||
	    arena->max_order > MMLAB_BUDDY_ORDER_MAX || !cfg->nr_cpus ||
	    cfg->pb_order > arena->max_order)
		return -EINVAL;
	b->arena = arena;
	b->ops = ops;
	b->priv = priv;
	b->nr_frames = arena->nr_frames;
	b->max_order = arena->max_order;
	b->pb_order = cfg->pb_order ? cfg->pb_order :
			     min_t(unsigned int, MMLAB_PAGEBLOCK_ORDER,
				   arena->chunk_order_max);
	b->nr_pageblocks = (b->nr_frames + (1ULL << b->pb_order) - 1) >>
			   b->pb_order;
	b->nr_cpus = cfg->nr_cpus;
	if (cfg->pcp_batch == MMLAB_PCP_OFF)
		b->pcp_batch = 0;
	else if (cfg->pcp_batch)
		b->pcp_batch = cfg->pcp_batch;
	else
		b->pcp_batch = min_t(u64, 63, b->nr_frames >> 10);
	b->pcp_high = 4 * b->pcp_batch;
	b->poison = cfg->poison;
	b->stats.last_fail_order = -1;

	for (o = 0; o <= b->max_order; o++) {
		b->bitmap_off[o] = words;
		words += bitmap_words(b, o);
		for (t = 0; t < MMLAB_MT_NR; t++)
			b->free_head[o][t] = MMLAB_NIL;
	}
	b->frames = mmlab_kvcalloc(b->nr_frames, sizeof(*b->frames));
	b->bitmap = mmlab_kvcalloc(words, sizeof(*b->bitmap));
	b->pageblock_mt = mmlab_kvcalloc(b->nr_pageblocks, 1);
	b->pcp = mmlab_kvcalloc(b->nr_cpus, sizeof(*b->pcp));
	if (!b->frames || !b->bitmap || !b->pageblock_mt || !b->pcp) {
		mmlab_buddy_destroy(b);
		return -ENOMEM;
	}
	memset(b->pageblock_mt, MMLAB_MT_MOVABLE, b->nr_pageblocks);
	for (c = 0; c < b->nr_cpus; c++)
		for (t = 0; t < MMLAB_MT_NR; t++)
			b->pcp[c].list[t].head = MMLAB_NIL;

	for (c = 0; c < arena->nr_chunks; c++) {
		const struct mmlab_chunk *ch = &arena->chunks[c];
		unsigned int limit = min(ch->order, b->max_order);
		u64 i;

		mmlab_cond_resched();
		for (i = 0; i < (1ULL << ch->order); i++)
			b->frames[ch->first + i].limit = limit;
		for (i = 0; i < (1ULL << ch->order); i += 1ULL << limit) {
			poison_block(b, ch->first + i, limit);
			list_add_free(b, ch->first + i, limit,
				      MMLAB_MT_MOVABLE);
		}
	}
	arena->nr_free = b->nr_free;
	return 0;
}

/**
 * mmlab_buddy_metadata - how much memory the allocator's tables take
 * @b: a created allocator
 * @m: filled with the bytes of each table
 *
 * What the "Metadata" line at the top of this file promises, measured:
 * the benchmarks divide it by the arena's frames.
 */
void mmlab_buddy_metadata(const struct mmlab_buddy *b,
			  struct mmlab_buddy_meta *m)
{
	m->frames = b->nr_frames * sizeof(*b->frames);
	m->bitmaps = (b->bitmap_off[b->max_order] +
		      bitmap_words(b, b->max_order)) * sizeof(*b->bitmap);
	m->pageblocks = b->nr_pageblocks;
	m->pcp = (u64)b->nr_cpus * sizeof(*b->pcp);
}

/**
 * mmlab_buddy_destroy - free the allocator's tables
 * @b: the allocator (created, or zeroed); zeroed on return
 *
 * Blocks still allocated are simply forgotten: the arena's frames go back
 * to their backing with the arena.
 */
void mmlab_buddy_destroy(struct mmlab_buddy *b)
{
	mmlab_kvfree(b->frames);
	mmlab_kvfree(b->bitmap);
	mmlab_kvfree(b->pageblock_mt);
	mmlab_kvfree(b->pcp);
	memset(b, 0, sizeof(*b));
}

/* Invariants 3 and 5: one list; returns the errors, adds its frames. */
static unsigned int check_list(const struct mmlab_buddy *b, u32 head,
			       unsigned int state, unsigned int order,
			       unsigned int mt, u64 count, u64 *members,
			       const char *what, unsigned int cpu)
{
	u32 prev = MMLAB_NIL, i = head;
	u64 n = 0;

	while (i != MMLAB_NIL) {
		const struct mmlab_frame *f;

		if (i >= b->nr_frames || n > b->nr_frames) {
			mmlab_report("%s %u/%u/%u: link %u out of range or loop\n",
				     what, cpu, order, mt, i);
			return 1;
		}
		f = &b->frames[i];
		if (f->state != state || f->order != order || f->mt != mt ||
		    f->prev != prev) {
			mmlab_report("%s %u/%u/%u: frame %u is state %u order %u mt %u prev %u\n",
				     what, cpu, order, mt, i, f->state,
				     f->order, f->mt, f->prev);
			return 1;
		}
		n++;
		prev = i;
		i = f->next;
	}
	*members += n;
	if (n != count) {
		mmlab_report("%s %u/%u/%u: %llu blocks listed, %llu counted\n",
			     what, cpu, order, mt, n, count);
		return 1;
	}
	return 0;
}

/**
 * mmlab_buddy_validate - check the invariants listed at the top of buddy.c
 * @b: the allocator
 *
 * Reports each violation with mmlab_report(). Allocates nothing.
 *
 * Return: the number of violations found (0: sound).
 */
unsigned int mmlab_buddy_validate(const struct mmlab_buddy *b)
{
	u64 used[MMLAB_BUDDY_ORDERS] = { 0 };
	u64 requested[MMLAB_BUDDY_ORDERS] = { 0 };
	u64 free_heads = 0, free_frames = 0, pcp_frames = 0, listed = 0;
	u64 pcp_listed = 0, bits = 0, i = 0, w;
	unsigned int errors = 0, o, t, c;

	/* 1, 4 and part of 2: walk the blocks */
	while (i < b->nr_frames) {
		const struct mmlab_frame *f = &b->frames[i];
		u64 size = 1ULL << f->order, j;

		if (!(i % 4096))
			mmlab_cond_resched();

		if (f->state == MMLAB_FRAME_TAIL || f->state > MMLAB_FRAME_PCP ||
		    f->order > f->limit || i % size || i + size > b->nr_frames) {
			mmlab_report("frame %llu: state %u order %u limit %u is no block head\n",
				     i, f->state, f->order, f->limit);
			errors++;
			i++;
			continue;
		}
		for (j = 1; j < size; j++) {
			if (b->frames[i + j].state != MMLAB_FRAME_TAIL) {
				mmlab_report("frame %llu in block %llu/%u: state %u\n",
					     i + j, i, f->order,
					     b->frames[i + j].state);
				errors++;
			}
		}
		if (f->state == MMLAB_FRAME_FREE) {
			u64 buddy = i ^ size;

			free_heads++;
			free_frames += size;
			if (!bit_test(b, f->order, i)) {
				mmlab_report("free block %llu order %u: bit clear\n",
					     i, f->order);
				errors++;
			}
			if (f->order < f->limit && buddy < b->nr_frames &&
			    b->frames[buddy].state == MMLAB_FRAME_FREE &&
			    b->frames[buddy].order == f->order) {
				mmlab_report("free buddies %llu, %llu (order %u) not merged\n",
					     i, buddy, f->order);
				errors++;
			}
		} else if (f->state == MMLAB_FRAME_USED) {
			used[f->order]++;
			requested[f->order] += f->requested;
		} else {
			pcp_frames += size;
		}
		if (f->state != MMLAB_FRAME_USED &&
		    !poison_intact(b, i, f->order, "validate"))
			errors++;
		i += size;
	}

	/* 2: as many bits set as free heads (each free head's bit is set) */
	for (o = 0; o <= b->max_order; o++) {
		u64 end = o < b->max_order ? b->bitmap_off[o + 1] :
			  b->bitmap_off[o] + (order_bits(b, o) + 63) / 64;

		for (w = b->bitmap_off[o]; w < end; w++)
			bits += hweight64(b->bitmap[w]);
	}
	if (bits != free_heads) {
		mmlab_report("%llu bits set in the bitmaps, %llu free blocks\n",
			     bits, free_heads);
		errors++;
	}

	/* 3 */
	for (o = 0; o <= b->max_order; o++)
		for (t = 0; t < MMLAB_MT_NR; t++)
			errors += check_list(b, b->free_head[o][t],
					     MMLAB_FRAME_FREE, o, t,
					     b->nr_free_blocks[o][t], &listed,
					     "free list", 0);
	if (listed != free_heads) {
		mmlab_report("%llu blocks on the free lists, %llu free blocks\n",
			     listed, free_heads);
		errors++;
	}

	/* 5 */
	for (c = 0; c < b->nr_cpus; c++) {
		u64 n = 0;

		for (t = 0; t < MMLAB_MT_NR; t++)
			errors += check_list(b, b->pcp[c].list[t].head,
					     MMLAB_FRAME_PCP, 0, t,
					     b->pcp[c].list[t].count, &n,
					     "pcp list", c);
		if (n != b->pcp[c].count) {
			mmlab_report("pcp %u: %llu frames listed, %u counted\n",
				     c, n, b->pcp[c].count);
			errors++;
		}
		pcp_listed += n;
	}
	if (pcp_listed != pcp_frames) {
		mmlab_report("%llu frames on pcp lists, %llu pcp frames\n",
			     pcp_listed, pcp_frames);
		errors++;
	}

	/* 6 */
	if (free_frames != b->nr_free || pcp_frames != b->nr_pcp ||
	    b->arena->nr_free != b->nr_free + b->nr_pcp) {
		mmlab_report("free frames %llu/%llu, pcp %llu/%llu, arena free %llu\n",
			     free_frames, b->nr_free, pcp_frames, b->nr_pcp,
			     b->arena->nr_free);
		errors++;
	}
	for (o = 0; o <= b->max_order; o++) {
		const struct mmlab_buddy_order_stats *os = &b->order_stats[o];

		if (os->used != used[o] || os->requested != requested[o]) {
			mmlab_report("order %u: used %llu/%llu B counted, %llu/%llu B found\n",
				     o, os->used, os->requested, used[o],
				     requested[o]);
			errors++;
		}
	}
	return errors;
}
