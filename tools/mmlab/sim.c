// SPDX-License-Identifier: GPL-2.0
/*
 * The replay of a trace against the core's allocators (see sim.h).
 *
 * The userspace seam comes first, then the core's .c files, as in
 * tools/testing/unit/main.c: the very code the module runs. The arena is
 * backed by calloc()ed chunks, which the buddy never touches unless it
 * compacts (it does not here), so an arena of many megabytes costs only
 * address space.
 *
 * Per allocator, a table by trace id holds where each live block is and
 * how big it was asked to be: the buddy keeps the bytes requested itself,
 * the fit allocator does not, so internal fragmentation is summed here
 * for it. A refused allocation leaves its id dead, and its free is
 * skipped and counted.
 */
#include "seam.h"

#include "../../kmod/core/arena.c"
#include "../../kmod/core/frag.c"
#include "../../kmod/core/buddy.c"
#include "../../kmod/core/fit.c"

#include <stdio.h>
#include <assert.h>
#include <stdlib.h>

#include "grow.h"
#include "sim.h"

static_assert(SIM_PAGE_SIZE == 1ULL << MMLAB_PAGE_SHIFT,
	      "one page size for the tool and the core");
static_assert(SIM_MAX_ORDER == MMLAB_BUDDY_ORDER_MAX, "buddy orders");
static_assert(SIM_MAX_FRAMES == MMLAB_FIT_MAX_UNITS, "fit units");

static const char * const alloc_names[SIM_NR_ALLOCS] = {
	[SIM_BUDDY]	= "buddy",
	[SIM_FIRST]	= "first fit",
	[SIM_NEXT]	= "next fit",
	[SIM_BEST]	= "best fit",
	[SIM_WORST]	= "worst fit",
	[SIM_QUICK]	= "quick fit",
};

static const enum mmlab_fit_policy fit_policy[SIM_NR_ALLOCS] = {
	[SIM_FIRST]	= MMLAB_FIT_FIRST,
	[SIM_NEXT]	= MMLAB_FIT_NEXT,
	[SIM_BEST]	= MMLAB_FIT_BEST,
	[SIM_WORST]	= MMLAB_FIT_WORST,
	[SIM_QUICK]	= MMLAB_FIT_QUICK,
};

const char *sim_alloc_name(enum sim_alloc a)
{
	return a < SIM_NR_ALLOCS ? alloc_names[a] : "?";
}

/* the arena's backing: zeroed memory, a fake pfn */
static int sim_chunk_alloc(void *priv, unsigned int order,
			   struct mmlab_chunk *chunk)
{
	(void)priv;
	chunk->mem = calloc(1ULL << order, SIM_PAGE_SIZE);
	if (!chunk->mem)
		return -ENOMEM;
	chunk->pfn = chunk->first;
	return 0;
}

static void sim_chunk_free(void *priv, const struct mmlab_chunk *chunk)
{
	(void)priv;
	free(chunk->mem);
}

static const struct mmlab_arena_ops sim_arena_ops = {
	.chunk_alloc = sim_chunk_alloc,
	.chunk_free = sim_chunk_free,
};

/* a live block of the trace: where, and how much was asked */
struct sim_block {
	u64 start;
	u64 size;
	bool live;
};

struct sim {
	enum sim_alloc alloc;
	struct mmlab_arena arena;
	struct mmlab_buddy buddy;
	struct mmlab_fit fit;
	struct sim_block *blocks;	/* by trace id */
	u64 fit_internal;		/* bytes, for the fit allocator */
	struct sim_result *r;
	size_t samples_cap;
};

static u64 pages_of(u64 bytes)
{
	return (bytes + SIM_PAGE_SIZE - 1) / SIM_PAGE_SIZE;
}

static bool sim_alloc_one(struct sim *s, const struct sim_event *e)
{
	struct sim_block *blk = &s->blocks[e->id];
	u64 start;

	if (s->alloc == SIM_BUDDY) {
		int order = mmlab_buddy_size_order(&s->buddy, e->size);
		u32 req = e->size > UINT32_MAX ? UINT32_MAX : (u32)e->size;

		if (order < 0 ||
		    mmlab_buddy_alloc(&s->buddy, order, MMLAB_MT_MOVABLE, 0,
				      req, e->id, &start))
			return false;
	} else {
		u64 n = pages_of(e->size);

		/* -EINVAL for more units than the arena has: refused too */
		if (mmlab_fit_alloc(&s->fit, n, &start))
			return false;
		s->fit_internal += n * SIM_PAGE_SIZE - e->size;
	}
	blk->start = start;
	blk->size = e->size;
	blk->live = true;
	return true;
}

static void sim_free_one(struct sim *s, const struct sim_event *e)
{
	struct sim_block *blk = &s->blocks[e->id];

	if (!blk->live) {
		s->r->skipped++;
		return;
	}
	if (s->alloc == SIM_BUDDY) {
		mmlab_buddy_free(&s->buddy, blk->start, 0);
	} else {
		mmlab_fit_free(&s->fit, blk->start);
		s->fit_internal -= pages_of(blk->size) * SIM_PAGE_SIZE -
				   blk->size;
	}
	blk->live = false;
	s->r->frees++;
}

/* free frames, free blocks and the largest one, of either allocator */
static void sim_free_numbers(struct sim *s, u64 *free, u64 *holes,
			     u64 *largest)
{
	if (s->alloc == SIM_BUDDY) {
		int o = mmlab_buddy_largest_free(&s->buddy);
		struct mmlab_frag_info info;

		mmlab_buddy_frag_info(&s->buddy, 0, &info);
		*free = info.free_pages;
		*holes = info.free_blocks_total;
		*largest = o < 0 ? 0 : 1ULL << o;
	} else {
		struct mmlab_fit_stats st;

		mmlab_fit_get_stats(&s->fit, &st);
		*free = st.free_units;
		*holes = st.holes;
		*largest = st.largest_hole;
	}
}

static int sim_sample(struct sim *s, u64 event)
{
	struct sim_result *r = s->r;
	struct sim_sample *smp;

	smp = mmlab_grow(r->samples, r->nr_samples, &s->samples_cap,
			 sizeof(*smp), 64);
	if (!smp)
		return -ENOMEM;
	r->samples = smp;
	smp = &r->samples[r->nr_samples++];
	smp->event = event;
	smp->failures = r->failures;
	sim_free_numbers(s, &smp->free, &smp->holes, &smp->largest);
	return 0;
}

static int push_run(struct sim_result *r, size_t *cap, u64 start, u64 len,
		    enum map_kind kind, int order)
{
	struct map_run *run;

	run = mmlab_grow(r->runs, r->nr_runs, cap, sizeof(*run), 64);
	if (!run)
		return -ENOMEM;
	r->runs = run;
	run = &r->runs[r->nr_runs++];
	run->start = start;
	run->len = len;
	run->kind = kind;
	run->order = order;
	return 0;
}

/* the end state: numbers, orders, indices, and the blocks as runs */
static int sim_finish(struct sim *s, const struct sim_trace *t)
{
	struct sim_result *r = s->r;
	struct mmlab_frag_info info;
	size_t cap = 0;
	unsigned int o;
	u64 f, size = 0;
	bool used = false;
	int err;

	sim_free_numbers(s, &r->free, &r->holes, &r->largest);
	r->nr_orders = t->max_order + 1;
	for (o = 0; o < r->nr_orders; o++) {
		if (s->alloc == SIM_BUDDY)
			mmlab_buddy_frag_info(&s->buddy, o, &info);
		else
			mmlab_fit_frag_info(&s->fit, o, &info);
		r->orders[o].unusable = mmlab_unusable_index(o, &info);
		r->orders[o].extfrag = mmlab_extfrag_index(o, &info);
	}

	if (s->alloc == SIM_BUDDY) {
		struct mmlab_frame_info fi;

		r->internal_frag = mmlab_buddy_internal_frag(&s->buddy, -1);
		for (o = 0; o < r->nr_orders; o++) {
			r->orders[o].blocks =
				mmlab_buddy_free_blocks(&s->buddy, o, -1);
			r->orders[o].frames = r->orders[o].blocks << o;
		}
		for (f = 0; f < t->frames; f = fi.head + (1ULL << fi.order)) {
			if (mmlab_buddy_frame_info(&s->buddy, f, &fi))
				return -EIO;
			err = push_run(r, &cap, fi.head, 1ULL << fi.order,
				       fi.state == MMLAB_FRAME_FREE ? MAP_FREE :
				       MAP_MOVABLE,
				       fi.state == MMLAB_FRAME_FREE ?
				       (int)fi.order : -1);
			if (err)
				return err;
		}
		return 0;
	}

	r->internal_frag = s->fit_internal;
	r->has_steps = true;
	r->search_steps = s->fit.ev.search_steps;
	r->insert_steps = s->fit.ev.insert_steps;
	for (f = mmlab_fit_next_block(&s->fit, 0, &size, &used);
	     f < t->frames;
	     f = mmlab_fit_next_block(&s->fit, f + size, &size, &used)) {
		/* a hole's class: floor(log2(size)), the last order at most */
		o = min_t(unsigned int, ilog2(size), t->max_order);
		if (!used) {
			r->orders[o].blocks++;
			r->orders[o].frames += size;
		}
		err = push_run(r, &cap, f, size, used ? MAP_USED : MAP_FREE,
			       used ? -1 : (int)o);
		if (err)
			return err;
	}
	return 0;
}

static int sim_setup(struct sim *s, const struct sim_trace *t, char *err,
		     size_t err_len)
{
	struct mmlab_buddy_config cfg = {
		.nr_cpus = 1,
		.pcp_batch = MMLAB_PCP_OFF,
	};
	int ret;

	if (s->alloc != SIM_BUDDY) {
		ret = mmlab_fit_create(&s->fit, t->frames,
				       fit_policy[s->alloc]);
		if (ret)
			snprintf(err, err_len,
				 "%s: cannot manage %llu frames (1..%llu)",
				 sim_alloc_name(s->alloc), t->frames,
				 SIM_MAX_FRAMES);
		return ret;
	}
	ret = mmlab_arena_create(&s->arena, t->frames, t->max_order,
				 &sim_arena_ops, NULL);
	if (!ret) {
		ret = mmlab_buddy_create(&s->buddy, &s->arena, &cfg, NULL,
					 NULL);
		if (ret)
			mmlab_arena_destroy(&s->arena);
	}
	if (ret)
		snprintf(err, err_len,
			 "buddy: cannot build an arena of %llu frames, max_order %u",
			 t->frames, t->max_order);
	return ret;
}

static void sim_teardown(struct sim *s)
{
	if (s->alloc == SIM_BUDDY) {
		mmlab_buddy_destroy(&s->buddy);
		mmlab_arena_destroy(&s->arena);
	} else {
		mmlab_fit_destroy(&s->fit);
	}
	free(s->blocks);
}

int sim_run(const struct sim_trace *t, enum sim_alloc a,
	    unsigned long long every, struct sim_result *r, char *err,
	    size_t err_len)
{
	struct sim s = { .alloc = a, .r = r };
	unsigned int violations;
	size_t i;
	int ret;

	memset(r, 0, sizeof(*r));
	r->name = sim_alloc_name(a);
	err[0] = '\0';
	if (a >= SIM_NR_ALLOCS || t->max_order > SIM_MAX_ORDER)
		return -EINVAL;
	s.blocks = calloc(t->nr_ids ? t->nr_ids : 1, sizeof(*s.blocks));
	if (!s.blocks)
		return -ENOMEM;
	ret = sim_setup(&s, t, err, err_len);
	if (ret) {
		free(s.blocks);
		return ret;
	}

	for (i = 0; i < t->nr_events && !ret; i++) {
		const struct sim_event *e = &t->events[i];

		if (!e->alloc)
			sim_free_one(&s, e);
		else if (sim_alloc_one(&s, e))
			r->allocs++;
		else
			r->failures++;
		if (every && (i + 1) % every == 0)
			ret = sim_sample(&s, i + 1);
	}
	if (!ret && every && t->nr_events % every)
		ret = sim_sample(&s, t->nr_events);
	if (!ret)
		ret = sim_finish(&s, t);

	violations = a == SIM_BUDDY ? mmlab_buddy_validate(&s.buddy) :
				      mmlab_fit_validate(&s.fit);
	if (!ret && violations) {
		snprintf(err, err_len, "%s: %u invariant violations after the replay",
			 r->name, violations);
		ret = -EIO;
	}
	sim_teardown(&s);
	if (ret)
		sim_result_free(r);
	return ret;
}

void sim_result_free(struct sim_result *r)
{
	free(r->runs);
	free(r->samples);
	r->runs = NULL;
	r->samples = NULL;
	r->nr_runs = 0;
	r->nr_samples = 0;
}
