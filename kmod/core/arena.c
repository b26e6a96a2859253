// SPDX-License-Identifier: GPL-2.0
/*
 * arena.c - the frames mmlab owns, and where they live.
 *
 * Every mechanism of mmlab (buddy, slab, page tables, swap) runs on the
 * arena and only on it. The arena numbers its frames 0..nr_frames-1 ("arena
 * frame index"); that index space is what the allocators see, whatever
 * memory backs it.
 *
 * Data structures
 *
 *   struct mmlab_arena
 *     chunks[] ──▶ { first = 0,    order = 10, pfn = P0, mem = M0 }
 *                  { first = 1024, order = 10, pfn = P1, mem = M1 }
 *                  { first = 2048, order = 7,  pfn = P2, mem = M2 }
 *                  ...
 *
 *   A chunk is 2^order frames that are physically contiguous (one
 *   alloc_pages() block in the module, one aligned malloc in userspace).
 *   The arena is the concatenation of its chunks in index space. The size
 *   is cut into chunks greedily: each chunk takes the largest order that
 *   is <= the current limit (max_order at first) and fits in what remains.
 *   When the backing cannot supply a chunk of some order, the limit drops
 *   by one and the fill goes on with smaller chunks (a fragmented host
 *   still yields an arena, in more pieces); the limit never rises again.
 *
 * Invariants (checked by mmlab_arena_validate()):
 *
 *   1. The chunks tile [0, nr_frames) in order: chunks[0].first == 0 and
 *      chunks[i + 1].first == chunks[i].first + 2^chunks[i].order, and the
 *      last one ends at nr_frames.
 *   2. Orders never increase along chunks[], every order is <= max_order,
 *      hence every chunk starts at an index aligned to its own size
 *      (first % 2^order == 0): a sum of larger powers of two is a
 *      multiple of each smaller one. An allocator that splits and merges
 *      by index can therefore treat each chunk as one naturally aligned
 *      top-level block. Two chunks are NOT physically adjacent in general:
 *      such an allocator must never merge across a chunk boundary.
 *   3. No two chunks overlap in physical memory, and every physical range
 *      is aligned to its order (pfn % 2^order == 0), as alloc_pages gives.
 *   4. nr_free <= nr_frames; chunk_order_min/max match chunks[].
 *
 * A fixed range as backing (struct mmlab_range)
 *
 *   A backing that owns one physical range (memmap=) instead of asking an
 *   allocator must hand out naturally aligned chunks too, from a range
 *   that need only be frame aligned. mmlab_range cuts the range into the
 *   naturally aligned blocks of at most max_order that a walk from its
 *   start makes when it takes, each time, the largest block that both
 *   fits and is aligned where it stands. Here pfns 5..26, max_order 3:
 *
 *     pfn   5  6     8              16             24    26 27
 *           |o0|-o1-|------o3------|------o3------|-o1-|o0|
 *           '-head--'------------ run ------------'-tail--'
 *
 *   Orders rise along the head and fall along the tail, so each order
 *   below max_order occurs at most twice, and the cut is a few words
 *   (struct mmlab_range), not a list. The fill above asks for orders that
 *   never increase; the range answers an order with a block of exactly
 *   that order not yet handed out, or with -ENOMEM, on which the fill
 *   drops to the next order. Since the largest block left is never
 *   larger than what remains, nor than the fill's limit, the fill takes
 *   every block exactly once, largest first:
 *
 *     arena index   0: o3 @8    8: o3 @16   16: o1 @6   18: o1 @24
 *                  20: o0 @5   21: o0 @26
 *
 *   Invariants 1-3 hold unchanged; only the physical order of the chunks
 *   differs from their index order, which invariant 2 already allows.
 *
 * mmlab_arena_validate() sorts a copy of the chunk table in a scratch
 * buffer allocated with the table, so that checking never fails for lack
 * of memory and cannot mistake "could not check" for "unsound".
 *
 * Lock order: none here. The arena's geometry is fixed between
 * mmlab_arena_create() and mmlab_arena_destroy(), so readers need no lock;
 * callers serialize mmlab_arena_validate(), which writes the scratch buffer;
 * the allocators built on the arena bring their own locks and document
 * where they stand relative to each other.
 */
#include "seam.h"
#include "arena.h"

/**
 * mmlab_arena_next_order - order of the next chunk of a greedy fill
 * @remaining: frames still to be placed (> 0)
 * @limit: largest order allowed
 *
 * Return: the largest order k <= @limit with 2^k <= @remaining.
 */
unsigned int mmlab_arena_next_order(u64 remaining, unsigned int limit)
{
	unsigned int fit = fls64(remaining) - 1;

	return min(fit, limit);
}

static int arena_push_chunk(struct mmlab_arena *a,
			    const struct mmlab_chunk *c)
{
	if (a->nr_chunks == a->chunk_cap) {
		unsigned int cap = a->chunk_cap ? a->chunk_cap * 2 : 16;
		struct mmlab_chunk *n;

		n = mmlab_kvcalloc(cap, sizeof(*n));
		if (!n)
			return -ENOMEM;
		if (a->nr_chunks)
			memcpy(n, a->chunks, a->nr_chunks * sizeof(*n));
		mmlab_kvfree(a->chunks);
		a->chunks = n;
		a->chunk_cap = cap;
	}
	a->chunks[a->nr_chunks++] = *c;
	return 0;
}

static void arena_release_chunks(struct mmlab_arena *a)
{
	while (a->nr_chunks) {
		a->nr_chunks--;
		a->ops->chunk_free(a->priv, &a->chunks[a->nr_chunks]);
	}
	mmlab_kvfree(a->chunks);
	mmlab_kvfree(a->scratch);
	a->chunks = NULL;
	a->scratch = NULL;
	a->by_mem = NULL;
	a->chunk_cap = 0;
}

/* By address, for mmlab_arena_mem_frame()'s binary search. */
static int chunk_cmp_mem(const void *l, const void *r)
{
	const struct mmlab_chunk *a = l, *b = r;
	const u8 *x = a->mem, *y = b->mem;

	if (x != y)
		return x < y ? -1 : 1;
	return 0;
}

/**
 * mmlab_arena_create - reserve the backing of an arena
 * @a: the arena, zeroed or stale; filled on success, zeroed on failure
 * @nr_frames: frames wanted (> 0)
 * @max_order: largest chunk order, and the allocators' largest block order
 * @ops: backing operations
 * @priv: their argument
 *
 * Fills the arena greedily with chunks of decreasing order (see the
 * comment at the top of this file). On any failure every chunk taken so
 * far is given back, so a failed create holds nothing.
 *
 * Return: 0, -EINVAL for a zero size, -ENOMEM when the backing runs dry
 * even at order 0 or the chunk table or its scratch copy cannot be had,
 * or the error of
 * @ops->chunk_alloc other than -ENOMEM.
 */
int mmlab_arena_create(struct mmlab_arena *a, u64 nr_frames,
		       unsigned int max_order,
		       const struct mmlab_arena_ops *ops, void *priv)
{
	unsigned int limit = max_order;
	u64 placed = 0;
	int err;

	memset(a, 0, sizeof(*a));
	if (!nr_frames || max_order >= 64)
		return -EINVAL;
	a->ops = ops;
	a->priv = priv;
	a->max_order = max_order;

	while (placed < nr_frames) {
		struct mmlab_chunk c = { .first = placed };

		c.order = mmlab_arena_next_order(nr_frames - placed, limit);
		err = ops->chunk_alloc(priv, c.order, &c);
		if (err == -ENOMEM && c.order > 0) {
			limit = c.order - 1;
			continue;
		}
		if (err)
			goto fail;
		c.first = placed;
		err = arena_push_chunk(a, &c);
		if (err) {
			ops->chunk_free(priv, &c);
			goto fail;
		}
		placed += 1ULL << c.order;
	}
	/* one allocation: validate's scratch, then the table by address */
	a->scratch = mmlab_kvcalloc(2 * (size_t)a->nr_chunks,
				    sizeof(*a->scratch));
	if (!a->scratch) {
		err = -ENOMEM;
		goto fail;
	}
	a->by_mem = a->scratch + a->nr_chunks;
	memcpy(a->by_mem, a->chunks, a->nr_chunks * sizeof(*a->by_mem));
	mmlab_sort(a->by_mem, a->nr_chunks, sizeof(*a->by_mem),
		   chunk_cmp_mem);
	a->nr_frames = nr_frames;
	a->nr_free = nr_frames;
	a->chunk_order_max = a->chunks[0].order;
	a->chunk_order_min = a->chunks[a->nr_chunks - 1].order;
	return 0;

fail:
	arena_release_chunks(a);
	memset(a, 0, sizeof(*a));
	return err;
}

/**
 * mmlab_arena_destroy - give the arena's backing back
 * @a: an arena made by mmlab_arena_create(), or a zeroed one
 *
 * Chunks are returned in the reverse order of their allocation. The arena
 * is zeroed afterwards, so destroying twice is harmless.
 */
void mmlab_arena_destroy(struct mmlab_arena *a)
{
	if (a->ops)
		arena_release_chunks(a);
	memset(a, 0, sizeof(*a));
}

/**
 * mmlab_arena_chunk_of - the chunk that holds a frame
 * @a: the arena
 * @frame: arena frame index
 *
 * Binary search over the chunk table: O(log nr_chunks).
 *
 * Return: the chunk, or NULL if @frame is outside the arena.
 */
const struct mmlab_chunk *mmlab_arena_chunk_of(const struct mmlab_arena *a,
					       u64 frame)
{
	unsigned int lo = 0, hi = a->nr_chunks;

	if (frame >= a->nr_frames)
		return NULL;
	/* Invariant 1: the last chunk with first <= frame holds it. */
	while (hi - lo > 1) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (a->chunks[mid].first <= frame)
			lo = mid;
		else
			hi = mid;
	}
	return &a->chunks[lo];
}

/**
 * mmlab_arena_frame_mem - where a frame's bytes live
 * @a: the arena
 * @frame: arena frame index
 *
 * Return: the mapped address of the frame, or NULL if @frame is outside
 * the arena.
 */
void *mmlab_arena_frame_mem(const struct mmlab_arena *a, u64 frame)
{
	const struct mmlab_chunk *c = mmlab_arena_chunk_of(a, frame);

	if (!c)
		return NULL;
	return (u8 *)c->mem + ((frame - c->first) << MMLAB_PAGE_SHIFT);
}

/* A chunk's frame of @p, if @p is in it. */
static bool chunk_mem_frame(const struct mmlab_chunk *c, const u8 *p,
			    u64 *frame)
{
	const u8 *base = c->mem;
	size_t len = (size_t)1 << (c->order + MMLAB_PAGE_SHIFT);

	if (p < base || p >= base + len)
		return false;
	*frame = c->first + ((size_t)(p - base) >> MMLAB_PAGE_SHIFT);
	return true;
}

/**
 * mmlab_arena_mem_frame - which frame an address of the arena is in
 * @a: the arena
 * @mem: an address inside a frame (as mmlab_arena_frame_mem() gives)
 * @frame: the frame, on success
 *
 * A binary search of the chunks by address (@a->by_mem), O(log chunks):
 * kfree() and the slab caches' slow paths find an object's slab this
 * way. An arena made by hand, without the table, is searched linearly.
 *
 * Return: 0, or -EINVAL when @mem is not in the arena.
 */
int mmlab_arena_mem_frame(const struct mmlab_arena *a, const void *mem,
			  u64 *frame)
{
	const u8 *p = mem;
	unsigned int lo = 0, hi = a->nr_chunks, mid, i;

	if (!a->by_mem) {
		for (i = 0; i < a->nr_chunks; i++)
			if (chunk_mem_frame(&a->chunks[i], p, frame))
				return 0;
		return -EINVAL;
	}
	/* the last chunk that starts at or below @p */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((const u8 *)a->by_mem[mid].mem <= p)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo && chunk_mem_frame(&a->by_mem[lo - 1], p, frame))
		return 0;
	return -EINVAL;
}

static int chunk_cmp_pfn(const void *l, const void *r)
{
	const struct mmlab_chunk *a = l, *b = r;

	if (a->pfn != b->pfn)
		return a->pfn < b->pfn ? -1 : 1;
	/* Equal pfns: a stable order, so reports name chunks the same way. */
	if (a->first != b->first)
		return a->first < b->first ? -1 : 1;
	return 0;
}

/*
 * Invariant 3, on a copy of the table sorted by pfn. Each chunk is checked
 * against the chunk reaching furthest among those before it, not only
 * against its neighbour: a large chunk may hold several smaller ones that
 * do not touch each other. Orders out of range are reported by the caller
 * and skipped here.
 */
static unsigned int arena_validate_physical(const struct mmlab_arena *a)
{
	const struct mmlab_chunk *far = NULL;
	struct mmlab_chunk *byp = a->scratch;
	unsigned int i, errors = 0;
	u64 end = 0;

	if (a->nr_chunks < 2)
		return 0;
	if (!byp) {
		mmlab_report("no scratch buffer to check chunk overlap\n");
		return 1;
	}
	memcpy(byp, a->chunks, a->nr_chunks * sizeof(*byp));
	mmlab_sort(byp, a->nr_chunks, sizeof(*byp), chunk_cmp_pfn);
	for (i = 0; i < a->nr_chunks; i++) {
		if (byp[i].order >= 64)
			continue;
		if (far && byp[i].pfn < end) {
			mmlab_report("chunks at index %llu and %llu overlap in physical memory\n",
				     far->first, byp[i].first);
			errors++;
		}
		if (!far || byp[i].pfn + (1ULL << byp[i].order) > end) {
			far = &byp[i];
			end = byp[i].pfn + (1ULL << byp[i].order);
		}
	}
	return errors;
}

/**
 * mmlab_arena_validate - check the arena's invariants
 * @a: the arena
 *
 * Checks invariants 1-4 listed at the top of this file and reports each
 * violation through mmlab_report().
 *
 * Return: the number of violations found (0 for a sound arena).
 */
unsigned int mmlab_arena_validate(const struct mmlab_arena *a)
{
	unsigned int i, errors = 0, omin = ~0U, omax = 0;
	u64 next = 0;

	if (!a->nr_chunks) {
		if (a->nr_frames || a->nr_free) {
			mmlab_report("%llu frames but no chunk\n", a->nr_frames);
			errors++;
		}
		return errors;
	}
	for (i = 0; i < a->nr_chunks; i++) {
		const struct mmlab_chunk *c = &a->chunks[i];
		u64 size;

		if (c->order >= 64) {
			mmlab_report("chunk %u: order %u out of range\n",
				     i, c->order);
			errors++;
			continue;
		}
		if (c->order > a->max_order) {
			mmlab_report("chunk %u: order %u above max_order %u\n",
				     i, c->order, a->max_order);
			errors++;
		}
		size = 1ULL << c->order;
		if (c->first != next) {
			mmlab_report("chunk %u: starts at %llu, expected %llu\n",
				     i, c->first, next);
			errors++;
		}
		if (c->first & (size - 1)) {
			mmlab_report("chunk %u: index %llu not aligned to order %u\n",
				     i, c->first, c->order);
			errors++;
		}
		if (c->pfn & (size - 1)) {
			mmlab_report("chunk %u: pfn %llu not aligned to order %u\n",
				     i, c->pfn, c->order);
			errors++;
		}
		if (i && c->order > a->chunks[i - 1].order) {
			mmlab_report("chunk %u: order %u above previous %u\n",
				     i, c->order, a->chunks[i - 1].order);
			errors++;
		}
		if (!c->mem) {
			mmlab_report("chunk %u: no memory\n", i);
			errors++;
		}
		omin = min(omin, c->order);
		omax = max(omax, c->order);
		next = c->first + size;
	}
	if (next != a->nr_frames) {
		mmlab_report("chunks cover %llu frames, arena has %llu\n",
			     next, a->nr_frames);
		errors++;
	}
	if (a->nr_free > a->nr_frames) {
		mmlab_report("%llu free frames of %llu\n", a->nr_free,
			     a->nr_frames);
		errors++;
	}
	if (omin != a->chunk_order_min || omax != a->chunk_order_max) {
		mmlab_report("chunk orders %u..%u recorded as %u..%u\n",
			     omin, omax, a->chunk_order_min,
			     a->chunk_order_max);
		errors++;
	}
	return errors + arena_validate_physical(a);
}

/*
 * A word that names its frame and position, so that a frame written
 * through one address and found at another is caught.
 */
static u64 arena_stamp(u64 frame, unsigned int word)
{
	return (frame * 0x9e3779b97f4a7c15ULL) ^ ((u64)word << 56) ^
	       0x6d6d6c6162ULL;	/* "mmlab" */
}

/**
 * mmlab_arena_selftest - prove every frame is addressable and distinct
 * @a: an arena whose frames hold nothing of value
 *
 * Writes a stamp naming the frame into the first and the last word of
 * every frame, then reads all stamps back: a frame that is not writable,
 * or two frame indices that alias the same memory, show up as mismatches.
 * The two words are zeroed afterwards. Costs two passes over two words a
 * frame.
 *
 * Return: the number of mismatching words (0 when sound).
 */
u64 mmlab_arena_selftest(const struct mmlab_arena *a)
{
	const unsigned int last = (1U << MMLAB_PAGE_SHIFT) / sizeof(u64) - 1;
	u64 f, bad = 0;

	for (f = 0; f < a->nr_frames; f++) {
		u64 *w = mmlab_arena_frame_mem(a, f);

		w[0] = arena_stamp(f, 0);
		w[last] = arena_stamp(f, 1);
	}
	for (f = 0; f < a->nr_frames; f++) {
		u64 *w = mmlab_arena_frame_mem(a, f);

		if (w[0] != arena_stamp(f, 0))
			bad++;
		if (w[last] != arena_stamp(f, 1))
			bad++;
		w[0] = 0;
		w[last] = 0;
	}
	return bad;
}

/**
 * mmlab_range_init - cut a fixed run of frames into naturally aligned blocks
 * @r: the cut, filled on success, zeroed on failure
 * @pfn: first frame of the range
 * @nr_frames: frames in the range (> 0)
 * @max_order: largest block order (< 64)
 *
 * When a frame aligned to 2^@max_order lies in [@pfn, @pfn + @nr_frames]
 * (ends included), the run of @max_order blocks spans the aligned frames
 * between the first and the last such frame, and the head and the tail
 * are what is left on either side: each shorter than 2^@max_order, so
 * their bits are the orders of their blocks. Otherwise the range is split
 * at its most aligned frame (the highest bit in which its two ends differ
 * set, the bits below it clear); head and tail are then both shorter than
 * that frame's alignment, and the run is empty.
 *
 * Return: 0, or -EINVAL for an empty range, an order of 64 or more or a
 * range that wraps around.
 */
int mmlab_range_init(struct mmlab_range *r, u64 pfn, u64 nr_frames,
		     unsigned int max_order)
{
	u64 end, size, mask, lo, hi, split;

	memset(r, 0, sizeof(*r));
	if (!nr_frames || max_order >= 64 ||
	    check_add_overflow(pfn, nr_frames, &end))
		return -EINVAL;
	r->base = pfn;
	r->max_order = max_order;
	size = 1ULL << max_order;
	hi = end & ~(size - 1);
	if (!check_add_overflow(pfn, size - 1, &lo)) {
		lo &= ~(size - 1);
		if (lo <= hi) {
			r->head = lo - pfn;
			r->run = lo;
			r->nr_run = (hi - lo) >> max_order;
			r->tail = end - hi;
			return 0;
		}
	}
	mask = (1ULL << (fls64(pfn ^ end) - 1)) - 1;
	split = end & ~mask;
	r->head = split - pfn;
	r->run = split;
	r->tail = end - split;
	return 0;
}

/* Where the tail's block of order @bit starts: after the larger ones. */
static u64 range_tail_pfn(const struct mmlab_range *r, u64 bit)
{
	return r->run + (r->nr_run << r->max_order) +
	       (r->tail & ~(bit | (bit - 1)));
}

/**
 * mmlab_range_take - hand out a block of the range
 * @r: the cut
 * @order: the block's order
 * @pfn: its first frame, written only on success
 *
 * Blocks of the run go out from its start; of the two blocks an order
 * below max_order may have, the head's goes out first.
 *
 * Return: 0, or -ENOMEM when no block of exactly @order is left.
 */
int mmlab_range_take(struct mmlab_range *r, unsigned int order, u64 *pfn)
{
	u64 bit;

	if (order == r->max_order && r->run_taken < r->nr_run) {
		*pfn = r->run + (r->run_taken++ << order);
		return 0;
	}
	if (order >= r->max_order)
		return -ENOMEM;
	bit = 1ULL << order;
	if ((r->head & bit) && !(r->head_taken & bit)) {
		r->head_taken |= bit;
		*pfn = r->base + (r->head & (bit - 1));
		return 0;
	}
	if ((r->tail & bit) && !(r->tail_taken & bit)) {
		r->tail_taken |= bit;
		*pfn = range_tail_pfn(r, bit);
		return 0;
	}
	return -ENOMEM;
}

/**
 * mmlab_range_put - take back a block mmlab_range_take() handed out
 * @r: the cut
 * @order: the block's order
 * @pfn: its first frame
 *
 * Blocks of the run come back in the reverse order of their going out,
 * as mmlab_arena_destroy() gives chunks back.
 *
 * Return: 0, or -EINVAL if (@order, @pfn) is not a block out (never
 * handed out, already given back, or a run block out of turn).
 */
int mmlab_range_put(struct mmlab_range *r, unsigned int order, u64 pfn)
{
	u64 bit;

	if (order == r->max_order && r->run_taken &&
	    pfn == r->run + ((r->run_taken - 1) << order)) {
		r->run_taken--;
		return 0;
	}
	if (order >= r->max_order)
		return -EINVAL;
	bit = 1ULL << order;
	if ((r->head_taken & bit) && pfn == r->base + (r->head & (bit - 1))) {
		r->head_taken &= ~bit;
		return 0;
	}
	if ((r->tail_taken & bit) && pfn == range_tail_pfn(r, bit)) {
		r->tail_taken &= ~bit;
		return 0;
	}
	return -EINVAL;
}

/**
 * mmlab_range_idle - is every block of the range back?
 * @r: the cut
 *
 * Return: true when no block is out.
 */
bool mmlab_range_idle(const struct mmlab_range *r)
{
	return !r->head_taken && !r->tail_taken && !r->run_taken;
}
