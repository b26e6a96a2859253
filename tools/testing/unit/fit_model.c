// SPDX-License-Identifier: GPL-2.0
/*
 * fit_model.c - the fit allocator's reference model.
 *
 * The model is deliberately naive: one byte a unit says whether the unit
 * is allocated, and every question (where are the holes, which one does
 * the policy pick, what merged with what) is answered by scanning that
 * array from unit 0. It knows nothing of boundary tags or lists. The
 * policies are implemented from their definitions in fit.c's header:
 *
 *   first  the lowest hole of >= n units
 *   next   from the hole at the rover (or the lowest), in address order,
 *          wrapping; the rover then names the remainder, else the next
 *          hole up (wrapping), else none; a free that merges the rover's
 *          hole into one starting lower moves the rover to that start
 *   best   the smallest hole of >= n units, the lowest among equals
 *   worst  the largest hole, the lowest among equals
 *   quick  each hole carries the time it last appeared or changed size
 *          (a stamp); a list "most recently changed first" is then the
 *          holes of the list sorted by decreasing stamp
 *
 * and the model also predicts the search steps each policy takes.
 */

#define FM_NONE		MMLAB_FIT_NONE

struct fit_model {
	u32 n;
	enum mmlab_fit_policy policy;
	u8 *used;		/* per unit: allocated */
	u32 *size;		/* at an allocated block's start: its size */
	u64 *stamp;		/* at a hole's start: when it last changed */
	u32 *hs, *hz;		/* scratch: holes' starts and sizes */
	u64 clock;
	u32 rover;
	struct mmlab_fit_events ev;
	u32 nr_used;
};

static void fm_free(void *arg)
{
	struct fit_model *m = arg;

	free(m->used);
	free(m->size);
	free(m->stamp);
	free(m->hs);
	free(m->hz);
	free(m);
}

static struct fit_model *fm_new(u32 n, enum mmlab_fit_policy policy)
{
	struct fit_model *m = calloc(1, sizeof(*m));

	ASSERT_NOT_NULL(m);
	t_defer(fm_free, m);
	m->n = n;
	m->policy = policy;
	m->used = calloc(n, sizeof(*m->used));
	m->size = calloc(n, sizeof(*m->size));
	m->stamp = calloc(n, sizeof(*m->stamp));
	m->hs = calloc(n, sizeof(*m->hs));
	m->hz = calloc(n, sizeof(*m->hz));
	ASSERT_NOT_NULL(m->hs);
	ASSERT_NOT_NULL(m->hz);
	ASSERT_NOT_NULL(m->used);
	ASSERT_NOT_NULL(m->size);
	ASSERT_NOT_NULL(m->stamp);
	m->stamp[0] = ++m->clock;
	m->rover = FM_NONE;
	return m;
}

/* The hole that contains @u: its start and size. @u must be free. */
static u32 fm_hole_at(const struct fit_model *m, u32 u, u32 *size)
{
	u32 s = u, e = u;

	while (s > 0 && !m->used[s - 1])
		s--;
	while (e < m->n && !m->used[e])
		e++;
	*size = e - s;
	return s;
}

/* The first hole starting at or after @u, or FM_NONE; its size. */
static u32 fm_hole_from(const struct fit_model *m, u32 u, u32 *size)
{
	for (; u < m->n; u++) {
		if (!m->used[u] && (u == 0 || m->used[u - 1]))
			return fm_hole_at(m, u, size);
	}
	return FM_NONE;
}

/* Gather the holes in address order into m->hs[] / m->hz[]. */
static u32 fm_holes(struct fit_model *m)
{
	u32 u, sz, nr = 0;

	for (u = fm_hole_from(m, 0, &sz); u != FM_NONE;
	     u = fm_hole_from(m, u + sz, &sz)) {
		m->hs[nr] = u;
		m->hz[nr] = sz;
		nr++;
	}
	return nr;
}

/*
 * Quick fit's list @l in list order: the hole of list @l with the
 * highest stamp below @below (~0 for the front of the list), or -1.
 */
static int fm_quick_next(const struct fit_model *m, u32 nr, unsigned int l,
			 u64 below)
{
	int best = -1;
	u32 i;

	for (i = 0; i < nr; i++) {
		unsigned int list = m->hz[i] <= MMLAB_FIT_QUICK_MAX ?
				    m->hz[i] : 0;

		if (list != l || m->stamp[m->hs[i]] >= below)
			continue;
		if (best < 0 || m->stamp[m->hs[i]] > m->stamp[m->hs[best]])
			best = (int)i;
	}
	return best;
}

/* Which hole (index in m->hs[]) the policy picks for @n units, or -1. */
static int fm_pick(struct fit_model *m, u32 n, u64 *steps)
{
	u32 nr = fm_holes(m), i, at;
	int pick = -1;
	unsigned int k;
	u64 below;

	*steps = 0;
	switch (m->policy) {
	case MMLAB_FIT_FIRST:
		for (i = 0; i < nr; i++) {
			++*steps;
			if (m->hz[i] >= n)
				return (int)i;
		}
		return -1;
	case MMLAB_FIT_NEXT:
		at = 0;
		if (m->rover != FM_NONE) {
			while (at < nr && m->hs[at] != m->rover)
				at++;
			ASSERT_LT(at, nr);	/* the rover is a hole */
		}
		for (i = 0; i < nr; i++) {
			++*steps;
			if (m->hz[(at + i) % nr] >= n)
				return (int)((at + i) % nr);
		}
		return -1;
	case MMLAB_FIT_BEST:
		for (i = 0; i < nr; i++) {
			++*steps;
			if (m->hz[i] >= n &&
			    (pick < 0 || m->hz[i] < m->hz[pick]))
				pick = (int)i;
			if (m->hz[i] == n)
				break;
		}
		return pick;
	case MMLAB_FIT_WORST:
		for (i = 0; i < nr; i++) {
			++*steps;
			if (pick < 0 || m->hz[i] > m->hz[pick])
				pick = (int)i;
		}
		return pick >= 0 && m->hz[pick] >= n ? pick : -1;
	default:
		if (n <= MMLAB_FIT_QUICK_MAX) {
			pick = fm_quick_next(m, nr, n, ~0ULL);
			if (pick >= 0) {
				++*steps;
				return pick;
			}
		}
		below = ~0ULL;
		for (pick = fm_quick_next(m, nr, 0, below); pick >= 0;
		     pick = fm_quick_next(m, nr, 0, below)) {
			++*steps;
			if (m->hz[pick] >= n)
				return pick;
			below = m->stamp[m->hs[pick]];
		}
		for (k = n + 1; k <= MMLAB_FIT_QUICK_MAX; k++) {
			pick = fm_quick_next(m, nr, k, ~0ULL);
			if (pick >= 0) {
				++*steps;
				return pick;
			}
		}
		return -1;
	}
}

/* What mmlab_fit_alloc() must do: the error, the start, the counters. */
static int fm_alloc(struct fit_model *m, u64 n64, u32 *start)
{
	u32 n = n64, h, m_size, i, sz;
	u64 steps;
	int pick;

	if (!n64 || n64 > m->n)
		return -EINVAL;
	pick = fm_pick(m, n, &steps);
	m->ev.search_steps += steps;
	if (pick < 0) {
		u32 free = 0;

		for (i = 0; i < m->n; i++)
			free += !m->used[i];
		m->ev.failures++;
		m->ev.fail_frag += free >= n;
		return -ENOMEM;
	}
	h = m->hs[pick];
	m_size = m->hz[pick];
	for (i = h; i < h + n; i++)
		m->used[i] = 1;
	m->size[h] = n;
	m->nr_used++;
	m->ev.allocs++;
	if (m_size > n) {
		m->ev.splits++;
		m->stamp[h + n] = ++m->clock;
	}
	if (m->policy == MMLAB_FIT_NEXT) {
		m->rover = fm_hole_from(m, h + n, &sz);
		if (m->rover == FM_NONE)
			m->rover = fm_hole_from(m, 0, &sz);
	}
	*start = h;
	return 0;
}

/* What mmlab_fit_free() must do. */
static int fm_free_block(struct fit_model *m, u64 start64)
{
	u32 s = start64, i, hs, hsize;

	/* size[] is non-zero exactly at the starts of allocated blocks. */
	if (start64 >= m->n || !m->size[s])
		return -EINVAL;
	for (i = s; i < s + m->size[s]; i++)
		m->used[i] = 0;
	if (s > 0 && !m->used[s - 1])
		m->ev.coalesces++;
	if (s + m->size[s] < m->n && !m->used[s + m->size[s]])
		m->ev.coalesces++;
	m->size[s] = 0;
	m->nr_used--;
	m->ev.frees++;
	hs = fm_hole_at(m, s, &hsize);
	m->stamp[hs] = ++m->clock;
	if (m->rover != FM_NONE && m->rover > hs && m->rover < hs + hsize)
		m->rover = hs;
	return 0;
}

static void fm_set_policy(struct fit_model *m, enum mmlab_fit_policy p)
{
	m->policy = p;
	m->rover = FM_NONE;
	m->stamp[0] = ++m->clock;
}
