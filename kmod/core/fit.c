// SPDX-License-Identifier: GPL-2.0
/*
 * fit.c - the variable-partition allocator: first, next, best, worst and
 * quick fit over a range of allocation units.
 *
 * The textbook allocator of "memory management with linked lists"
 * (Tanenbaum, MOS) and "free-space management" (OSTEP): the range
 * 0..nr_units-1 is cut into blocks, each either allocated or a hole; an
 * allocation takes the low end of a hole chosen by the policy and leaves
 * the rest as a smaller hole (a split); a free turns its block back into a
 * hole and merges it with a hole on either side (coalescing). The module
 * uses page frames as units, but a unit's index is all this file knows.
 *
 * Data structures
 *
 *   struct mmlab_fit
 *     units[] ──▶ one struct mmlab_fit_unit per unit: { tag, next, prev }
 *     lists[] ──▶ heads, tails and counts of the hole lists
 *
 *   Boundary tags. The first and the last unit of every block, allocated
 *   or free, carry the block's tag: its size, a USED flag, and HEAD or
 *   TAIL (both on a one-unit block). Every other unit's tag is 0:
 *
 *     unit   0     1     2     3     4     5     6     7     8     9
 *          +-----------------------+-----+-----------------+-----------+
 *          |        used, 4        | u,1 |     hole, 3     |  used, 2  |
 *          +-----------------------+-----+-----------------+-----------+
 *     tag   4UH    0     0    4UT  1UHT   3H     0    3T    2UH   2UT
 *
 *   (4UH: size 4, USED, HEAD; 3T: size 3, free, TAIL; 1UHT: a one-unit
 *   allocated block, HEAD and TAIL at once.)
 *
 *   So a free knows in O(1) whether its argument starts an allocated
 *   block (HEAD and USED at that unit), how big that block is, whether
 *   the block before it is a hole (the tag just left of it is that
 *   block's TAIL) and where that hole starts (size back), and whether
 *   the block after it is a hole (the tag just right of it is a HEAD).
 *   Coalescing is therefore O(1) whatever the policy; only the units at
 *   the seams are rewritten, which is why interior tags can be kept 0.
 *
 *   Hole lists. A hole's first unit holds its list links (next, prev:
 *   unit indices, MMLAB_FIT_NONE at the ends). Under first, next, best
 *   and worst fit every hole is on list 0, in address order: a hole that
 *   merges with a neighbouring hole takes that hole's place on the list
 *   in O(1); a hole with no free neighbour finds its place by walking
 *   blocks outwards through the boundary tags, one step left, one step
 *   right, until it meets a hole (it goes next to it) or an end of the
 *   range (it becomes the first or the last hole): O(blocks to the
 *   nearest hole), counted in insert_steps.
 *
 *   Quick fit keeps list k (1 <= k <= MMLAB_FIT_QUICK_MAX) for the holes
 *   of exactly k units and list 0 for the larger ones. These lists are not
 *   address-ordered: a hole that appears or changes size (a split's
 *   remainder, a freed and merged block) is pushed at the front of the
 *   list of its new size, after the holes it merged with left theirs. So
 *   a free costs O(1) under quick fit, coalescing included; and since
 *   coalescing is complete, the small lists hold only holes that could
 *   not be merged, and a merge moves a hole from its small list to the
 *   list of its new size. This is the answer to Tanenbaum's objection
 *   that quick fit makes finding neighbours to merge with expensive: the
 *   boundary tags find them, not the lists.
 *
 * Policies (where the search for n units looks; steps = holes examined)
 *
 *   first  list 0 from the head; the first hole of >= n units.
 *   next   list 0 from the rover (or the head if there is none),
 *          wrapping around once. After an allocation the rover is the
 *          remainder of the hole used, or, if none remained, the hole
 *          after it (wrapping), or none if no hole is left. A free that
 *          merges the rover's hole into a hole starting lower moves the
 *          rover to the merged hole.
 *   best   all of list 0, stopping at an exact fit; the smallest hole of
 *          >= n units, the lowest among equals.
 *   worst  all of list 0; the largest hole, the lowest among equals.
 *   quick  for n <= MMLAB_FIT_QUICK_MAX, the front of list n (one step);
 *          then list 0 from the front, the first hole of >= n units;
 *          then the front of the first non-empty list among n+1..QUICK_MAX.
 *          Small holes of a given size are kept for requests of that size
 *          as long as a larger hole can serve.
 *
 *   Costs: an allocation examines O(holes) holes under first and next fit
 *   (until one fits), best fit (the whole list unless an exact fit comes
 *   first) and worst fit (always the whole list); under quick fit O(1)
 *   when the size's own list is not empty, else O(holes on list 0) plus
 *   at most QUICK_MAX list heads. A free is O(1), plus the walk to the
 *   nearest hole when it merges with nothing on an address-ordered list.
 *   Splitting and coalescing are O(1). mmlab_fit_validate() is
 *   O(nr_units); the statistics and the histogram are O(holes).
 *
 * Metadata cost: 12 bytes a unit (struct mmlab_fit_unit, one table from
 * mmlab_kvcalloc()) plus the fixed struct mmlab_fit. A 4 KiB page frame
 * costs 0.29 % of its size.
 *
 * Invariants (checked by mmlab_fit_validate()):
 *
 *   1. The blocks tile [0, nr_units): walking from unit 0 by head tags
 *      ends exactly at nr_units, and every unit is in one block.
 *   2. Each block's head and tail tags agree on size and state; the tail
 *      is at head + size - 1; every other unit's tag is 0.
 *   3. No two holes are adjacent (coalescing is complete).
 *   4. Each list's links are consistent both ways, its head, tail and
 *      count match a walk, and it holds only hole heads of the sizes it is
 *      for; list 0 is in increasing address order except under quick fit;
 *      the small lists are empty except under quick fit; the lists hold
 *      every hole, each once.
 *   5. free_units, nr_holes and nr_used match the blocks.
 *   6. The rover is none or a hole's head, and none except under next fit.
 *
 * Changing the policy is allowed only while nothing is allocated: then
 * there is exactly one hole, which is moved to the new policy's list.
 *
 * Lock order: none; the caller serializes every call, the read-only ones
 * (mmlab_fit_size_of(), mmlab_fit_next_block(), mmlab_fit_get_stats(),
 * mmlab_fit_histogram(), mmlab_fit_validate()) included.
 */
#include "seam.h"
#include "fit.h"

static const char *const fit_policy_names[MMLAB_FIT_NR_POLICIES] = {
	[MMLAB_FIT_FIRST] = "first",
	[MMLAB_FIT_NEXT] = "next",
	[MMLAB_FIT_BEST] = "best",
	[MMLAB_FIT_WORST] = "worst",
	[MMLAB_FIT_QUICK] = "quick",
};

/**
 * mmlab_fit_policy_name - a policy's name, as the tools show it
 * @policy: the policy
 *
 * Return: "first", "next", "best", "worst" or "quick", or NULL for a value
 * that is not a policy.
 */
const char *mmlab_fit_policy_name(enum mmlab_fit_policy policy)
{
	if ((unsigned int)policy >= MMLAB_FIT_NR_POLICIES)
		return NULL;
	return fit_policy_names[policy];
}

static u32 fit_size(const struct mmlab_fit *fit, u32 u)
{
	return fit->units[u].tag & MMLAB_FIT_TAG_SIZE;
}

static bool fit_used(const struct mmlab_fit *fit, u32 u)
{
	return fit->units[u].tag & MMLAB_FIT_TAG_USED;
}

/* The list a hole of @size units belongs on under the current policy. */
static unsigned int fit_list_of(const struct mmlab_fit *fit, u32 size)
{
	if (fit->policy == MMLAB_FIT_QUICK && size <= MMLAB_FIT_QUICK_MAX)
		return size;
	return 0;
}

/* Write the boundary tags of the block [@start, @start + @size). */
static void fit_set_block(struct mmlab_fit *fit, u32 start, u32 size,
			  bool used)
{
	u32 flags = used ? MMLAB_FIT_TAG_USED : 0;

	if (size == 1) {
		fit->units[start].tag = 1 | MMLAB_FIT_TAG_HEAD |
					MMLAB_FIT_TAG_TAIL | flags;
		return;
	}
	fit->units[start].tag = size | MMLAB_FIT_TAG_HEAD | flags;
	fit->units[start + size - 1].tag = size | MMLAB_FIT_TAG_TAIL | flags;
}

/* Forget the tags of a block about to become part of a larger one. */
static void fit_clear_block(struct mmlab_fit *fit, u32 start, u32 size)
{
	fit->units[start].tag = 0;
	fit->units[start + size - 1].tag = 0;
}

/* Link hole @u between @prev and @next (either MMLAB_FIT_NONE) on @l. */
static void fit_list_link(struct mmlab_fit *fit, unsigned int l, u32 prev,
			  u32 next, u32 u)
{
	struct mmlab_fit_list *list = &fit->lists[l];

	fit->units[u].prev = prev;
	fit->units[u].next = next;
	if (prev == MMLAB_FIT_NONE)
		list->head = u;
	else
		fit->units[prev].next = u;
	if (next == MMLAB_FIT_NONE)
		list->tail = u;
	else
		fit->units[next].prev = u;
	list->count++;
}

static void fit_list_push(struct mmlab_fit *fit, unsigned int l, u32 u)
{
	fit_list_link(fit, l, MMLAB_FIT_NONE, fit->lists[l].head, u);
}

static void fit_list_del(struct mmlab_fit *fit, unsigned int l, u32 u)
{
	struct mmlab_fit_list *list = &fit->lists[l];
	u32 prev = fit->units[u].prev, next = fit->units[u].next;

	if (prev == MMLAB_FIT_NONE)
		list->head = next;
	else
		fit->units[prev].next = next;
	if (next == MMLAB_FIT_NONE)
		list->tail = prev;
	else
		fit->units[next].prev = prev;
	list->count--;
}

/* Hole @new takes the place of hole @old on list @l. */
static void fit_list_replace(struct mmlab_fit *fit, unsigned int l, u32 old,
			     u32 new)
{
	fit_list_del(fit, l, old);
	fit_list_link(fit, l, fit->units[old].prev, fit->units[old].next, new);
}

/*
 * Put the new hole at @s, of @n units and with no free neighbour, in its
 * place on the address-ordered list 0. Walk outwards through the boundary
 * tags, alternating left and right, until a hole or an end of the range:
 * every block passed is allocated, so the first hole met on the left is
 * the new hole's predecessor, the first on the right its successor, and
 * reaching unit 0 (or nr_units) means there is none on that side.
 */
static void fit_insert_ordered(struct mmlab_fit *fit, u32 s, u32 n)
{
	u32 l = s, r = s + n, p;
	u64 steps = 0;

	for (;;) {
		if (!l) {
			fit_list_link(fit, 0, MMLAB_FIT_NONE,
				      fit->lists[0].head, s);
			break;
		}
		p = l - (fit->units[l - 1].tag & MMLAB_FIT_TAG_SIZE);
		steps++;
		if (!fit_used(fit, p)) {
			fit_list_link(fit, 0, p, fit->units[p].next, s);
			break;
		}
		l = p;
		if (r == fit->nr_units) {
			fit_list_link(fit, 0, fit->lists[0].tail,
				      MMLAB_FIT_NONE, s);
			break;
		}
		steps++;
		if (!fit_used(fit, r)) {
			fit_list_link(fit, 0, fit->units[r].prev, r, s);
			break;
		}
		r += fit_size(fit, r);
	}
	fit->ev.insert_steps += steps;
}

/**
 * mmlab_fit_create - set up an allocator with every unit free
 * @fit: the allocator, zeroed or stale; filled on success, zeroed on
 *	failure
 * @nr_units: units to manage, 1..%MMLAB_FIT_MAX_UNITS
 * @policy: the fit policy
 *
 * Takes one table of 12 bytes a unit from mmlab_kvcalloc(); the range
 * starts as one hole.
 *
 * Return: 0, -EINVAL for a size out of range or an unknown policy, or
 * -ENOMEM when the table cannot be had (nothing is then held).
 */
int mmlab_fit_create(struct mmlab_fit *fit, u64 nr_units,
		     enum mmlab_fit_policy policy)
{
	unsigned int l;

	BUILD_BUG_ON(sizeof(struct mmlab_fit_unit) != 12);
	BUILD_BUG_ON(MMLAB_FIT_MAX_UNITS > MMLAB_FIT_TAG_SIZE);
	BUILD_BUG_ON(ilog2(MMLAB_FIT_MAX_UNITS) >= MMLAB_FIT_HIST_CLASSES);
	memset(fit, 0, sizeof(*fit));
	if (!nr_units || nr_units > MMLAB_FIT_MAX_UNITS ||
	    (unsigned int)policy >= MMLAB_FIT_NR_POLICIES)
		return -EINVAL;
	fit->units = mmlab_kvcalloc(nr_units, sizeof(*fit->units));
	if (!fit->units)
		return -ENOMEM;
	fit->nr_units = nr_units;
	fit->policy = policy;
	fit->free_units = nr_units;
	fit->nr_holes = 1;
	fit->rover = MMLAB_FIT_NONE;
	for (l = 0; l < MMLAB_FIT_NR_LISTS; l++) {
		fit->lists[l].head = MMLAB_FIT_NONE;
		fit->lists[l].tail = MMLAB_FIT_NONE;
	}
	fit_set_block(fit, 0, nr_units, false);
	fit_list_push(fit, fit_list_of(fit, nr_units), 0);
	return 0;
}

/**
 * mmlab_fit_destroy - free an allocator's table
 * @fit: an allocator made by mmlab_fit_create(), or a zeroed one
 *
 * Blocks still allocated are forgotten. The allocator is zeroed
 * afterwards, so destroying twice is harmless.
 */
void mmlab_fit_destroy(struct mmlab_fit *fit)
{
	mmlab_kvfree(fit->units);
	memset(fit, 0, sizeof(*fit));
}

/**
 * mmlab_fit_set_policy - change the fit policy of an empty allocator
 * @fit: the allocator
 * @policy: the new policy (may be the current one)
 *
 * With nothing allocated the range is one hole; it moves to the new
 * policy's list and next fit's rover is reset. Event counters are kept.
 *
 * Return: 0, -EINVAL for an unknown policy (or a destroyed allocator),
 * -EBUSY while any block is allocated (nothing is changed on error).
 */
int mmlab_fit_set_policy(struct mmlab_fit *fit, enum mmlab_fit_policy policy)
{
	if ((unsigned int)policy >= MMLAB_FIT_NR_POLICIES || !fit->units)
		return -EINVAL;
	if (fit->nr_used)
		return -EBUSY;
	fit_list_del(fit, fit_list_of(fit, fit->nr_units), 0);
	fit->policy = policy;
	fit_list_push(fit, fit_list_of(fit, fit->nr_units), 0);
	fit->rover = MMLAB_FIT_NONE;
	return 0;
}

/* The hole after @h on list 0, wrapping around to the head. */
static u32 fit_next_wrap(const struct mmlab_fit *fit, u32 h)
{
	u32 next = fit->units[h].next;

	return next == MMLAB_FIT_NONE ? fit->lists[0].head : next;
}

static u32 fit_find_first(const struct mmlab_fit *fit, u32 n, u64 *steps)
{
	u32 h;

	for (h = fit->lists[0].head; h != MMLAB_FIT_NONE;
	     h = fit->units[h].next) {
		++*steps;
		if (fit_size(fit, h) >= n)
			return h;
	}
	return MMLAB_FIT_NONE;
}

static u32 fit_find_next(const struct mmlab_fit *fit, u32 n, u64 *steps)
{
	u32 h = fit->rover, i;

	if (h == MMLAB_FIT_NONE)
		h = fit->lists[0].head;
	for (i = 0; i < fit->nr_holes; i++) {
		++*steps;
		if (fit_size(fit, h) >= n)
			return h;
		h = fit_next_wrap(fit, h);
	}
	return MMLAB_FIT_NONE;
}

static u32 fit_find_best(const struct mmlab_fit *fit, u32 n, u64 *steps)
{
	u32 h, best = MMLAB_FIT_NONE, best_size = 0;

	for (h = fit->lists[0].head; h != MMLAB_FIT_NONE;
	     h = fit->units[h].next) {
		u32 size = fit_size(fit, h);

		++*steps;
		if (size < n || (best != MMLAB_FIT_NONE && size >= best_size))
			continue;
		best = h;
		best_size = size;
		if (size == n)
			break;
	}
	return best;
}

static u32 fit_find_worst(const struct mmlab_fit *fit, u32 n, u64 *steps)
{
	u32 h, worst = MMLAB_FIT_NONE, worst_size = 0;

	for (h = fit->lists[0].head; h != MMLAB_FIT_NONE;
	     h = fit->units[h].next) {
		u32 size = fit_size(fit, h);

		++*steps;
		if (size > worst_size) {
			worst = h;
			worst_size = size;
		}
	}
	return worst_size >= n ? worst : MMLAB_FIT_NONE;
}

static u32 fit_find_quick(const struct mmlab_fit *fit, u32 n, u64 *steps)
{
	u32 h, k;

	if (n <= MMLAB_FIT_QUICK_MAX && fit->lists[n].head != MMLAB_FIT_NONE) {
		++*steps;
		return fit->lists[n].head;
	}
	h = fit_find_first(fit, n, steps);
	if (h != MMLAB_FIT_NONE)
		return h;
	for (k = n + 1; k <= MMLAB_FIT_QUICK_MAX; k++) {
		if (fit->lists[k].head != MMLAB_FIT_NONE) {
			++*steps;
			return fit->lists[k].head;
		}
	}
	return MMLAB_FIT_NONE;
}

/* Allocate the low @n units of hole @h, which has at least @n. */
static void fit_take(struct mmlab_fit *fit, u32 h, u32 n)
{
	u32 m = fit_size(fit, h);

	fit->free_units -= n;
	fit->nr_used++;
	if (fit->policy == MMLAB_FIT_QUICK) {
		fit_list_del(fit, fit_list_of(fit, m), h);
		fit_set_block(fit, h, n, true);
		if (m == n) {
			fit->nr_holes--;
			return;
		}
		fit_set_block(fit, h + n, m - n, false);
		fit_list_push(fit, fit_list_of(fit, m - n), h + n);
		fit->ev.splits++;
		return;
	}
	if (m == n) {
		if (fit->policy == MMLAB_FIT_NEXT) {
			fit->rover = fit_next_wrap(fit, h);
			if (fit->rover == h)
				fit->rover = MMLAB_FIT_NONE;
		}
		fit_list_del(fit, 0, h);
		fit_set_block(fit, h, n, true);
		fit->nr_holes--;
		return;
	}
	/* The remainder keeps the hole's place on the address-ordered list. */
	fit_set_block(fit, h, n, true);
	fit_set_block(fit, h + n, m - n, false);
	fit_list_replace(fit, 0, h, h + n);
	if (fit->policy == MMLAB_FIT_NEXT)
		fit->rover = h + n;
	fit->ev.splits++;
}

/**
 * mmlab_fit_alloc - allocate a block of contiguous units
 * @fit: the allocator
 * @nr_units: units wanted, 1..@fit->nr_units
 * @start: the block's first unit, written only on success
 *
 * The policy picks a hole (see the top of this file) and the block is
 * cut from its low end. Costs O(holes examined), counted in
 * search_steps; O(1) for quick fit's exact sizes.
 *
 * Return: 0, -EINVAL for a size of 0 or above the range (nothing counted),
 * -ENOMEM when no hole is big enough (counted in failures).
 */
int mmlab_fit_alloc(struct mmlab_fit *fit, u64 nr_units, u64 *start)
{
	u64 steps = 0;
	u32 n, h;

	if (!nr_units || nr_units > fit->nr_units)
		return -EINVAL;
	n = nr_units;
	switch (fit->policy) {
	case MMLAB_FIT_NEXT:
		h = fit_find_next(fit, n, &steps);
		break;
	case MMLAB_FIT_BEST:
		h = fit_find_best(fit, n, &steps);
		break;
	case MMLAB_FIT_WORST:
		h = fit_find_worst(fit, n, &steps);
		break;
	case MMLAB_FIT_QUICK:
		h = fit_find_quick(fit, n, &steps);
		break;
	default:
		h = fit_find_first(fit, n, &steps);
		break;
	}
	fit->ev.search_steps += steps;
	if (h == MMLAB_FIT_NONE) {
		fit->ev.failures++;
		if (fit->free_units >= n)
			fit->ev.fail_frag++;
		return -ENOMEM;
	}
	fit_take(fit, h, n);
	fit->units[h].next = MMLAB_FIT_NONE;	/* no owner word yet */
	fit->ev.allocs++;
	*start = h;
	return 0;
}

/* Is @start the first unit of an allocated block? */
static bool fit_is_used_head(const struct mmlab_fit *fit, u64 start)
{
	return start < fit->nr_units &&
	       (fit->units[start].tag &
		(MMLAB_FIT_TAG_HEAD | MMLAB_FIT_TAG_USED)) ==
	       (MMLAB_FIT_TAG_HEAD | MMLAB_FIT_TAG_USED);
}

/**
 * mmlab_fit_set_owner - keep a word with an allocated block
 * @fit: the allocator
 * @start: the block's first unit
 * @owner: the word (the module: the block's handle slot)
 *
 * The word lives in the block's first unit, in the link a hole would use,
 * so finding a block's owner costs neither memory nor a search.
 *
 * Return: 0, or -EINVAL when @start does not start an allocated block.
 */
int mmlab_fit_set_owner(struct mmlab_fit *fit, u64 start, u32 owner)
{
	if (!fit_is_used_head(fit, start))
		return -EINVAL;
	fit->units[start].next = owner;
	return 0;
}

/**
 * mmlab_fit_owner - the word kept with an allocated block
 * @fit: the allocator
 * @start: the block's first unit
 *
 * Return: the word, or %MMLAB_FIT_NONE when none was set or @start does
 * not start an allocated block.
 */
u32 mmlab_fit_owner(const struct mmlab_fit *fit, u64 start)
{
	if (!fit_is_used_head(fit, start))
		return MMLAB_FIT_NONE;
	return fit->units[start].next;
}

/*
 * Coalescing. The freed block B may have a hole L just before it and a
 * hole R just after it; the boundary tags say so in O(1):
 *
 *        L               B               R
 *   ...+-----------+-----------------+-----------+...
 *      |  hole     |    freed        |  hole     |
 *   ...+-----------+-----------------+-----------+...
 *               tag[s-1]:        tag[s+n]:
 *               L's TAIL         R's HEAD
 *
 * The seams' tags are cleared and the merged hole gets fresh ones at its
 * ends. On the address-ordered list the merged hole takes L's place (L
 * simply grows, R leaves the list), or R's place if only R merges, and
 * needs a walk only when it merges with neither. Under quick fit L and R
 * leave their lists and the merged hole goes to the front of the list of
 * its size.
 */
static void fit_coalesce(struct mmlab_fit *fit, u32 s, u32 n)
{
	u32 l = MMLAB_FIT_NONE, r = MMLAB_FIT_NONE, ls = 0, rs = 0;
	u32 start = s, size = n;

	if (s && !fit_used(fit, s - 1)) {
		ls = fit->units[s - 1].tag & MMLAB_FIT_TAG_SIZE;
		l = s - ls;
	}
	if (s + n < fit->nr_units && !fit_used(fit, s + n)) {
		r = s + n;
		rs = fit_size(fit, r);
	}
	fit_clear_block(fit, s, n);
	fit->nr_holes++;
	if (l != MMLAB_FIT_NONE) {
		fit_clear_block(fit, l, ls);
		start = l;
		size += ls;
		fit->nr_holes--;
		fit->ev.coalesces++;
	}
	if (r != MMLAB_FIT_NONE) {
		fit_clear_block(fit, r, rs);
		size += rs;
		fit->nr_holes--;
		fit->ev.coalesces++;
	}
	fit_set_block(fit, start, size, false);

	if (fit->policy == MMLAB_FIT_QUICK) {
		if (l != MMLAB_FIT_NONE)
			fit_list_del(fit, fit_list_of(fit, ls), l);
		if (r != MMLAB_FIT_NONE)
			fit_list_del(fit, fit_list_of(fit, rs), r);
		fit_list_push(fit, fit_list_of(fit, size), start);
	} else if (l != MMLAB_FIT_NONE) {
		if (r != MMLAB_FIT_NONE)
			fit_list_del(fit, 0, r);
	} else if (r != MMLAB_FIT_NONE) {
		fit_list_replace(fit, 0, r, s);
	} else {
		fit_insert_ordered(fit, s, n);
	}
	if (r != MMLAB_FIT_NONE && fit->rover == r)
		fit->rover = start;
}

/**
 * mmlab_fit_free - free an allocated block
 * @fit: the allocator
 * @start: the block's first unit, as mmlab_fit_alloc() gave it
 *
 * The block becomes a hole and merges with a hole on either side, in
 * O(1) through the boundary tags; placing the hole on the address-ordered
 * list costs O(blocks to the nearest hole) when it merges with neither
 * (see fit_insert_ordered()), O(1) under quick fit.
 *
 * Return: 0, or -EINVAL when @start is not the first unit of an allocated
 * block (out of range, inside a block, in a hole, freed already); nothing
 * is changed or counted then.
 */
int mmlab_fit_free(struct mmlab_fit *fit, u64 start)
{
	u32 s, tag;

	if (!fit_is_used_head(fit, start))
		return -EINVAL;
	s = start;
	tag = fit->units[s].tag;
	fit->free_units += tag & MMLAB_FIT_TAG_SIZE;
	fit->nr_used--;
	fit_coalesce(fit, s, tag & MMLAB_FIT_TAG_SIZE);
	fit->ev.frees++;
	return 0;
}

/**
 * mmlab_fit_size_of - the size of an allocated block
 * @fit: the allocator
 * @start: the block's first unit
 *
 * Return: the block's size in units, or 0 when @start is not the first
 * unit of an allocated block.
 */
u64 mmlab_fit_size_of(const struct mmlab_fit *fit, u64 start)
{
	if (!fit_is_used_head(fit, start))
		return 0;
	return fit->units[start].tag & MMLAB_FIT_TAG_SIZE;
}

/**
 * mmlab_fit_next_block - the first block starting at or after a unit
 * @fit: the allocator
 * @unit: where to look from
 * @size: the block's size, written when a block is found
 * @used: whether it is allocated, written when a block is found
 *
 * Walks blocks in address order, for drawing a map:
 *
 *	for (u = mmlab_fit_next_block(fit, 0, &size, &used);
 *	     u < fit->nr_units;
 *	     u = mmlab_fit_next_block(fit, u + size, &size, &used))
 *
 * O(1) from a block's first unit; from inside a block, O(units to its
 * end).
 *
 * Return: the block's first unit, or @fit->nr_units when no block starts
 * at or after @unit.
 */
u64 mmlab_fit_next_block(const struct mmlab_fit *fit, u64 unit, u64 *size,
			 bool *used)
{
	u64 u;

	for (u = unit; u < fit->nr_units; u++) {
		u32 tag = fit->units[u].tag;

		if (tag & MMLAB_FIT_TAG_HEAD) {
			*size = tag & MMLAB_FIT_TAG_SIZE;
			*used = tag & MMLAB_FIT_TAG_USED;
			return u;
		}
	}
	return fit->nr_units;
}

/* Call @fn with the size of every hole, list by list. */
static void fit_walk_holes(const struct mmlab_fit *fit,
			   void (*fn)(void *arg, u32 size), void *arg)
{
	unsigned int l;
	u32 u;

	for (l = 0; l < MMLAB_FIT_NR_LISTS && fit->units; l++)
		for (u = fit->lists[l].head; u != MMLAB_FIT_NONE;
		     u = fit->units[u].next)
			fn(arg, fit_size(fit, u));
}

static void largest_add(void *arg, u32 size)
{
	u32 *largest = arg;

	*largest = max(*largest, size);
}

/**
 * mmlab_fit_get_stats - a snapshot of an allocator's numbers
 * @fit: the allocator
 * @st: filled in
 *
 * The largest hole is found by walking the hole lists: O(holes).
 */
void mmlab_fit_get_stats(const struct mmlab_fit *fit,
			 struct mmlab_fit_stats *st)
{
	u32 largest = 0;

	fit_walk_holes(fit, largest_add, &largest);
	memset(st, 0, sizeof(*st));
	st->ev = fit->ev;
	st->nr_units = fit->nr_units;
	st->free_units = fit->free_units;
	st->used_blocks = fit->nr_used;
	st->holes = fit->nr_holes;
	st->largest_hole = largest;
}

/**
 * mmlab_fit_reset_stats - zero the event counters
 * @fit: the allocator
 *
 * The state (free units, holes, blocks) is not a counter and is kept.
 */
void mmlab_fit_reset_stats(struct mmlab_fit *fit)
{
	memset(&fit->ev, 0, sizeof(fit->ev));
}

static void hist_add(void *arg, u32 size)
{
	struct mmlab_fit_hist *h = arg;
	unsigned int k = ilog2(size);

	h->holes[k]++;
	h->units[k] += size;
}

/**
 * mmlab_fit_histogram - holes by power-of-two size class
 * @fit: the allocator
 * @h: filled in: class k counts the holes of 2^k to 2^(k+1) - 1 units
 *
 * The counterpart of a buddy allocator's free lists per order: a request
 * of 2^j units fits the holes of class j and above. (The indices need
 * more than the classes, since a hole of n units serves n >> j such
 * requests, whatever its class: see mmlab_fit_frag_info().)
 *
 * Walks the hole lists: O(holes).
 */
void mmlab_fit_histogram(const struct mmlab_fit *fit,
			 struct mmlab_fit_hist *h)
{
	memset(h, 0, sizeof(*h));
	fit_walk_holes(fit, hist_add, h);
}

struct frag_walk {
	struct mmlab_frag_info *info;
	unsigned int order;
};

static void frag_add(void *arg, u32 size)
{
	struct frag_walk *w = arg;

	w->info->free_pages += size;
	w->info->free_blocks_total++;
	w->info->free_blocks_suitable += size >> w->order;
}

/**
 * mmlab_fit_frag_info - the holes seen from a request of 2^@order units,
 *	for the indices of frag.c
 * @fit: the allocator
 * @order: the request's order
 * @info: filled in
 *
 * A hole of n units can serve n >> @order such requests: a partition
 * needs no alignment, unlike a buddy block. Walks the hole lists:
 * O(holes).
 */
void mmlab_fit_frag_info(const struct mmlab_fit *fit, unsigned int order,
			 struct mmlab_frag_info *info)
{
	struct frag_walk w = { .info = info, .order = order };

	memset(info, 0, sizeof(*info));
	fit_walk_holes(fit, frag_add, &w);
}

struct fit_census {
	u32 holes;
	u32 free_units;
	u32 used;
};

/* Invariants 1-3: walk the blocks from unit 0 by their head tags. */
static unsigned int fit_validate_blocks(const struct mmlab_fit *fit,
					struct fit_census *c)
{
	u32 u = 0, prev_hole = MMLAB_FIT_NONE, i;
	unsigned int errors = 0;

	while (u < fit->nr_units) {
		u32 tag = fit->units[u].tag;
		u32 size = tag & MMLAB_FIT_TAG_SIZE, last, want;

		/* No block here: the walk cannot go on, nothing to step by. */
		if (!(tag & MMLAB_FIT_TAG_HEAD) || !size ||
		    size > fit->nr_units - u) {
			mmlab_report("fit: unit %u: tag %#x heads no block of <= %u units\n",
				     u, tag, fit->nr_units - u);
			return errors + 1;
		}
		last = u + size - 1;
		want = size | MMLAB_FIT_TAG_TAIL | (tag & MMLAB_FIT_TAG_USED);
		if (size == 1)
			want |= MMLAB_FIT_TAG_HEAD;
		if (fit->units[last].tag != want) {
			mmlab_report("fit: block at %u: tail tag %#x at %u, expected %#x\n",
				     u, fit->units[last].tag, last, want);
			errors++;
		}
		for (i = u + 1; i < last; i++) {
			if (fit->units[i].tag) {
				mmlab_report("fit: block at %u: inner unit %u has tag %#x\n",
					     u, i, fit->units[i].tag);
				errors++;
				break;
			}
		}
		if (tag & MMLAB_FIT_TAG_USED) {
			c->used++;
			prev_hole = MMLAB_FIT_NONE;
		} else {
			if (prev_hole != MMLAB_FIT_NONE) {
				mmlab_report("fit: holes at %u and %u are adjacent\n",
					     prev_hole, u);
				errors++;
			}
			c->holes++;
			c->free_units += size;
			prev_hole = u;
		}
		u += size;
	}
	return errors;
}

/* Invariant 4 for list @l; adds the holes walked to @listed. */
static unsigned int fit_validate_list(const struct mmlab_fit *fit,
				      unsigned int l, u32 *listed)
{
	const struct mmlab_fit_list *list = &fit->lists[l];
	bool ordered = fit->policy != MMLAB_FIT_QUICK;
	u32 u = list->head, prev = MMLAB_FIT_NONE, count = 0;
	unsigned int errors = 0;

	/*
	 * A link out of range, a walk longer than any list can be (a
	 * cycle) or a link to something other than a hole ends the walk:
	 * the links beyond cannot be trusted.
	 */
	while (u != MMLAB_FIT_NONE) {
		u32 tag, size;

		if (u >= fit->nr_units || count == fit->nr_units) {
			mmlab_report("fit: list %u: %s after %u holes\n",
				     l, u >= fit->nr_units ?
				     "link out of range" : "a cycle", count);
			*listed += count;
			return errors + 1;
		}
		tag = fit->units[u].tag;
		size = tag & MMLAB_FIT_TAG_SIZE;
		if ((tag & (MMLAB_FIT_TAG_HEAD | MMLAB_FIT_TAG_USED)) !=
		    MMLAB_FIT_TAG_HEAD) {
			mmlab_report("fit: list %u: unit %u (tag %#x) is not a hole\n",
				     l, u, tag);
			*listed += count;
			return errors + 1;
		}
		if (fit->units[u].prev != prev) {
			mmlab_report("fit: list %u: hole %u links back to %u, expected %u\n",
				     l, u, fit->units[u].prev, prev);
			errors++;
		}
		if (fit_list_of(fit, size) != l) {
			mmlab_report("fit: list %u: hole %u of %u units belongs on list %u\n",
				     l, u, size, fit_list_of(fit, size));
			errors++;
		}
		if (ordered && prev != MMLAB_FIT_NONE && u <= prev) {
			mmlab_report("fit: list %u: hole %u after hole %u\n",
				     l, u, prev);
			errors++;
		}
		count++;
		prev = u;
		u = fit->units[u].next;
	}
	if (list->tail != prev) {
		mmlab_report("fit: list %u: tail %u, last hole %u\n",
			     l, list->tail, prev);
		errors++;
	}
	if (list->count != count) {
		mmlab_report("fit: list %u: count %u, %u holes on it\n",
			     l, list->count, count);
		errors++;
	}
	if (l && count && fit->policy != MMLAB_FIT_QUICK) {
		mmlab_report("fit: list %u holds %u holes under %s fit\n",
			     l, count, fit_policy_names[fit->policy]);
		errors++;
	}
	*listed += count;
	return errors;
}

/**
 * mmlab_fit_validate - check an allocator's invariants
 * @fit: the allocator
 *
 * Checks invariants 1-6 listed at the top of this file and reports each
 * violation through mmlab_report(). Allocates nothing; O(nr_units).
 *
 * Return: the number of violations found (0 for a sound allocator).
 */
unsigned int mmlab_fit_validate(const struct mmlab_fit *fit)
{
	struct fit_census c = { 0 };
	unsigned int errors = 0, l;
	u32 listed = 0;

	if ((unsigned int)fit->policy >= MMLAB_FIT_NR_POLICIES) {
		mmlab_report("fit: policy %u out of range\n",
			     (unsigned int)fit->policy);
		return 1;
	}
	if (!fit->units) {
		if (fit->nr_units) {
			mmlab_report("fit: %u units but no table\n",
				     fit->nr_units);
			errors++;
		}
		return errors;
	}
	errors += fit_validate_blocks(fit, &c);
	for (l = 0; l < MMLAB_FIT_NR_LISTS; l++)
		errors += fit_validate_list(fit, l, &listed);
	if (listed != c.holes) {
		mmlab_report("fit: lists hold %u holes, the blocks %u\n",
			     listed, c.holes);
		errors++;
	}
	if (fit->free_units != c.free_units || fit->nr_holes != c.holes ||
	    fit->nr_used != c.used) {
		mmlab_report("fit: free units, holes, blocks %u %u %u recorded, %u %u %u found\n",
			     fit->free_units, fit->nr_holes, fit->nr_used,
			     c.free_units, c.holes, c.used);
		errors++;
	}
	if (fit->rover != MMLAB_FIT_NONE &&
	    (fit->policy != MMLAB_FIT_NEXT || fit->rover >= fit->nr_units ||
	     (fit->units[fit->rover].tag &
	      (MMLAB_FIT_TAG_HEAD | MMLAB_FIT_TAG_USED)) !=
	     MMLAB_FIT_TAG_HEAD)) {
		mmlab_report("fit: rover %u is not a hole under %s fit\n",
			     fit->rover, fit_policy_names[fit->policy]);
		errors++;
	}
	return errors;
}
