// SPDX-License-Identifier: GPL-2.0
/*
 * mmlab frag [ show ] [ OPTIONS ]
 *
 * The picture of the module's arena: the page map (PAGEMAP_GET) drawn as
 * a map of cells, the free lists per order as bars with the unusable and
 * fragmentation indices the module computes (BUDDY_GET), and the internal
 * fragmentation. Text on stdout (ANSI colors on a terminal), JSON with
 * -j, a standalone SVG with --svg FILE; --watch redraws until SIGINT.
 *
 * Under the fit allocator (ALLOCATOR_GET says which one has the arena)
 * the map shows its partitions and holes, and the bars its holes per size
 * class (2^k..2^(k+1)-1 frames) with the indices of a request of 2^k
 * frames, from ALLOCATOR_GET instead of BUDDY_GET.
 *
 * map.c draws; this file fetches, turns the module's blocks into a view,
 * and runs the command line and the watch loop.
 */
#include <linux/mmlab.h>

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mmlab.h"
#include "map.h"
#include "print.h"

#define WATCH_DEFAULT_MS	2000
#define SVG_WIDTH		140	/* columns the SVG map is laid out for */
#define SVG_ROWS		64

struct frag_opts {
	struct pic_opts pic;
	bool watch;
	unsigned int interval_ms;
	bool tty;
};

static void frag_help(FILE *f)
{
	fprintf(f,
		"Usage: mmlab frag [ show ] [ --svg FILE ] [ --watch [SECS] ] [ --group N ]\n"
		"                  [ --width COLS ] [ --color[=WHEN] ]\n"
		"       mmlab frag compare TRACE [ OPTIONS ]   (see mmlab frag compare help)\n"
		"       mmlab frag help\n"
		"  --svg FILE      write the picture to FILE as SVG instead of printing it\n"
		"  --watch [SECS]  redraw every SECS seconds (default 2) until interrupted\n"
		"  --group N       frames a cell of the map, a power of two (default: fit)\n"
		"  --width COLS    lay the map out for COLS columns (default: the terminal)\n"
		"  --color[=WHEN]  auto (on a terminal; the default), always, never\n");
}

/* a usage error of @cmd: "mmlab: CMD: ...; try "mmlab CMD help"" */
__printf(2, 3)
static int pic_usage(const char *cmd, const char *fmt, ...)
{
	char hint[32], msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(hint, sizeof(hint), "%s help", cmd);
	return mmlab_usage_error(hint, "%s: %s", cmd, msg);
}

int pic_opt(struct mmlab *m, const char *cmd, struct pic_opts *p)
{
	const char *w = mmlab_argv(m), *val;
	unsigned long long n;

	if (!strcmp(w, "--color")) {
		mmlab_arg_inc(m);
		p->when = MMLAB_COLOR_ALWAYS;
	} else if (mmlab_opt_value(m, "--color", &val)) {
		if (mmlab_parse_color(val, &p->when))
			return pic_usage(cmd, "--color takes auto, always or never, not \"%s\"",
					 val);
	} else if (mmlab_opt_value(m, "--svg", &val)) {
		if (!val || !*val)
			return pic_usage(cmd, "--svg needs a file name");
		p->svg = val;
	} else if (mmlab_opt_value(m, "--group", &val)) {
		if (mmlab_parse_u64(val, &n) || !n || (n & (n - 1)))
			return pic_usage(cmd, "--group needs a power of two, not \"%s\"",
					 val ? val : "");
		p->group = n;
	} else if (mmlab_opt_value(m, "--width", &val)) {
		if (mmlab_parse_u32(val, 16, 4096, &p->width))
			return pic_usage(cmd, "--width needs columns 16..4096, not \"%s\"",
					 val ? val : "");
	} else {
		return -1;
	}
	return 0;
}

int pic_opts_done(struct mmlab *m, const char *cmd, struct pic_opts *p)
{
	if (p->svg && m->json)
		return pic_usage(cmd, "--svg and -j exclude each other");
	p->color = !m->json && !p->svg &&
		   (p->when == MMLAB_COLOR_ALWAYS ||
		    (p->when == MMLAB_COLOR_AUTO && isatty(STDOUT_FILENO)));
	return 0;
}

static int parse_opts(struct mmlab *m, struct frag_opts *o)
{
	const char *w;
	int err;

	o->interval_ms = WATCH_DEFAULT_MS;
	o->pic.when = m->color;
	while ((w = mmlab_argv(m))) {
		if (!strcmp(w, "--watch")) {
			/* an optional number */
			mmlab_arg_inc(m);
			o->watch = true;
			if (mmlab_argv(m) &&
			    !mmlab_parse_interval(mmlab_argv(m),
						  &o->interval_ms))
				mmlab_arg_inc(m);
		} else if (!strncmp(w, "--watch=", 8)) {
			mmlab_arg_inc(m);
			o->watch = true;
			if (mmlab_parse_interval(w + 8, &o->interval_ms))
				return pic_usage("frag",
						 "--watch needs seconds > 0 (up to 3 decimals), not \"%s\"",
						 w + 8);
		} else {
			err = pic_opt(m, "frag", &o->pic);
			if (err < 0)
				return pic_usage("frag", "unknown argument \"%s\"",
						 w);
			if (err)
				return err;
		}
	}
	o->tty = isatty(STDOUT_FILENO);
	return pic_opts_done(m, "frag", &o->pic);
}

/*
 * What one frame shows: the module's numbers, its blocks as runs; @bi
 * under the buddy, @ai.fit under the fit allocator (@ai.is_fit).
 */
struct frag_snap {
	struct mmlab_status st;
	struct mmlab_allocator_info ai;
	struct mmlab_buddy_info bi;
	struct mmlab_blocks blocks;
	unsigned long long partitions;	/* fit: used blocks of the map */
	unsigned long long holes;	/* fit: free blocks of the map */
	bool inconsistent;
	struct map_run *runs;
	char title[128];
	struct map_view view;
};

static void snap_free(struct frag_snap *s)
{
	mmlab_blocks_free(&s->blocks);
	free(s->runs);
	s->runs = NULL;
}

static enum map_kind block_kind(const struct mmlab_block *b)
{
	if (b->state == MMLAB_BLOCK_FREE)
		return MAP_FREE;
	if (b->state == MMLAB_BLOCK_PCP)
		return MAP_PCP;
	if (!b->has_mt)
		return MAP_USED;	/* a partition */
	switch (b->mt) {
	case MMLAB_MIGRATE_UNMOVABLE:
		return MAP_UNMOVABLE;
	case MMLAB_MIGRATE_MOVABLE:
		return MAP_MOVABLE;
	case MMLAB_MIGRATE_RECLAIMABLE:
		return MAP_RECLAIMABLE;
	}
	return MAP_USED;
}

/* floor(log2(@v)), @v > 0 */
static unsigned int ilog2_ull(unsigned long long v)
{
	unsigned int k = 0;

	while (v >>= 1)
		k++;
	return k;
}

/*
 * The size class of a hole of @frames: floor(log2(frames)), the last
 * class at most (which the kernel's histogram never exceeds anyway).
 */
static int hole_class(unsigned long long frames, unsigned int nr_classes)
{
	unsigned int k = ilog2_ull(frames);

	return k < nr_classes ? (int)k : (int)nr_classes - 1;
}

/* The title: the arena, and which allocator has it. */
static void snap_title(struct frag_snap *s)
{
	char size[SIZE_BUF_LEN], policy[16];
	const char *name;

	format_size(size, sizeof(size), s->st.arena.page_size);
	if (!s->ai.is_fit) {
		snprintf(s->title, sizeof(s->title),
			 "arena %llu frames of %s, max_order %u",
			 (unsigned long long)s->st.arena.frames, size,
			 s->bi.max_order);
		return;
	}
	name = mmlab_policy_name(s->ai.policy);
	if (!name) {
		snprintf(policy, sizeof(policy), "policy %u", s->ai.policy);
		name = policy;
	}
	snprintf(s->title, sizeof(s->title),
		 "arena %llu frames of %s, fit allocator, %s fit",
		 (unsigned long long)s->st.arena.frames, size, name);
}

/* the buddy's free lists per order as the view's bars */
static void view_buddy(struct frag_snap *s)
{
	struct map_view *v = &s->view;
	unsigned int o;

	v->typed = true;
	v->nr_orders = s->bi.nr_orders;
	for (o = 0; o < v->nr_orders && o < MAP_ORDERS; o++) {
		v->orders[o].blocks = s->bi.orders[o].free;
		v->orders[o].frames = s->bi.orders[o].free << o;
		v->orders[o].unusable = s->bi.orders[o].unusable;
		v->orders[o].extfrag = s->bi.orders[o].extfrag;
	}
	v->internal_frag = s->bi.internal_frag;
	v->largest = s->bi.largest;
	v->largest_frames = v->largest < 0 ? 0 : 1ULL << v->largest;
}

/**
 * frag_view_fit - the fit allocator's holes per size class as a view's
 *	bars (map_print_orders() draws them), its internal fragmentation
 *	and largest hole
 * @fi: the fit allocator's numbers
 * @v: the view to fill in
 */
void frag_view_fit(const struct mmlab_fit_info *fi, struct map_view *v)
{
	unsigned int k;

	v->typed = false;
	v->nr_orders = fi->nr_classes;
	for (k = 0; k < v->nr_orders && k < MAP_ORDERS; k++) {
		v->orders[k].blocks = fi->classes[k].holes;
		v->orders[k].frames = fi->classes[k].hole_frames;
		v->orders[k].unusable = fi->classes[k].unusable;
		v->orders[k].extfrag = fi->classes[k].extfrag;
	}
	v->internal_frag = fi->internal_frag;
	v->largest = fi->largest ? hole_class(fi->largest, fi->nr_classes) :
		     -1;
	v->largest_frames = fi->largest;
}

/* the module's snapshot as a view for map.c */
static int snap_view(struct frag_snap *s)
{
	struct map_view *v = &s->view;
	size_t i;

	s->runs = calloc(s->blocks.n ? s->blocks.n : 1, sizeof(*s->runs));
	if (!s->runs)
		return -ENOMEM;
	s->partitions = 0;
	s->holes = 0;
	for (i = 0; i < s->blocks.n; i++) {
		const struct mmlab_block *b = &s->blocks.v[i];
		struct map_run *r = &s->runs[i];

		r->start = b->frame;
		r->len = b->frames;
		r->kind = block_kind(b);
		r->order = -1;
		if (r->kind == MAP_FREE) {
			r->order = b->has_order ? (int)b->order :
				   hole_class(b->frames, s->ai.fit.nr_classes);
			s->holes++;
		} else if (r->kind == MAP_USED) {
			s->partitions++;
		}
	}
	snap_title(s);
	memset(v, 0, sizeof(*v));
	v->title = s->title;
	v->frames = s->st.arena.frames;
	if (s->ai.is_fit)
		frag_view_fit(&s->ai.fit, &s->view);
	else
		view_buddy(s);
	v->runs = s->runs;
	v->nr_runs = s->blocks.n;
	return 0;
}

/*
 * Which allocator has the arena; a module older than ALLOCATOR_GET
 * (EOPNOTSUPP: no such command) has only the buddy.
 */
static int snap_allocator(struct mmlab *m, struct mmlab_allocator_info *ai)
{
	int err = mmlab_nl_allocator_get(&m->nl, ai);

	if (err == -EOPNOTSUPP) {
		memset(ai, 0, sizeof(*ai));
		ai->allocator = MMLAB_ALLOCATOR_BUDDY;
		m->nl.detail[0] = '\0';
		err = 0;
	}
	return err;
}

/* Are the dumped blocks the allocator's? Only the buddy's have an order. */
static bool snap_blocks_match(const struct frag_snap *s)
{
	size_t i;

	for (i = 0; i < s->blocks.n; i++)
		if (s->blocks.v[i].has_order == s->ai.is_fit)
			return false;
	return true;
}

/*
 * The numbers, then the page map. Should the arena change allocator in
 * between, the map is of the other one: fetch both again, as mmlab_dump
 * does for a dump that spanned a change, at most MMLAB_DUMP_TRIES times.
 */
static int snap_get(struct mmlab *m, struct frag_snap *s)
{
	unsigned int tries;
	bool match = false;
	int err;

	for (tries = 0; tries < MMLAB_DUMP_TRIES && !match; tries++) {
		err = snap_allocator(m, &s->ai);
		if (!err)
			err = mmlab_nl_status_get(&m->nl, &s->st);
		if (!err && !s->ai.is_fit)
			err = mmlab_nl_buddy_get(&m->nl, &s->bi);
		if (err)
			return mmlab_perror(m, "frag", err);
		err = mmlab_dump(m, "frag", mmlab_nl_pagemap, &s->blocks,
				 &s->inconsistent);
		if (err)
			return err;
		match = snap_blocks_match(s);
	}
	if (!match) {
		s->inconsistent = true;
		fprintf(stderr,
			"mmlab: frag: the arena changed allocator during each of %u tries: the snapshot is inconsistent\n",
			MMLAB_DUMP_TRIES);
	}
	if (snap_view(s))
		return mmlab_perror(m, "frag", -ENOMEM);
	return 0;
}

/* frames of the used kinds */
static unsigned long long used_of(const unsigned long long *totals)
{
	return totals[MAP_UNMOVABLE] + totals[MAP_MOVABLE] +
	       totals[MAP_RECLAIMABLE] + totals[MAP_USED];
}

/*
 * JSON: {"frag":{"frames":16384,"page_size":4096,"max_order":10,
 *	"used":13,"pcp":31,"free":16340,"internal_frag":12288,"largest":10,
 *	"orders":[{"order":0,"free":1,"frames":1,"unusable":0.000,
 *	"extfrag":-1.000},...],"blocks":[{"frame":0,"order":0,
 *	"state":"used","mt":"movable","handle":"0x100000001",...},...],
 *	"inconsistent":false}}
 * Under the fit allocator: {"frag":{"allocator":"fit","policy":"best",
 *	"frames":16384,"page_size":4096,"used":42,"partitions":3,
 *	"free":16342,"holes":2,"internal_frag":3072,"largest_hole":16000,
 *	"orders":[...],"blocks":[{"frame":0,"frames":9,"state":"used",...},
 *	...],"inconsistent":false}}, "orders" its size classes.
 */
static void print_frag_json(const struct frag_snap *s,
			    const unsigned long long *totals)
{
	const struct map_view *v = &s->view;
	size_t i;

	open_json_object("frag");
	if (s->ai.is_fit) {
		print_enum(PRINT_JSON, "allocator", NULL,
			   mmlab_allocator_name(s->ai.allocator),
			   s->ai.allocator);
		print_enum(PRINT_JSON, "policy", NULL,
			   mmlab_policy_name(s->ai.policy), s->ai.policy);
	}
	print_u64(PRINT_JSON, "frames", NULL, v->frames);
	print_u32(PRINT_JSON, "page_size", NULL, s->st.arena.page_size);
	if (s->ai.is_fit) {
		print_u64(PRINT_JSON, "used", NULL, used_of(totals));
		print_u64(PRINT_JSON, "partitions", NULL, s->partitions);
		print_u64(PRINT_JSON, "free", NULL, totals[MAP_FREE]);
		print_u64(PRINT_JSON, "holes", NULL, s->holes);
		print_u64(PRINT_JSON, "internal_frag", NULL, v->internal_frag);
		print_u64(PRINT_JSON, "largest_hole", NULL, v->largest_frames);
	} else {
		print_u32(PRINT_JSON, "max_order", NULL, s->bi.max_order);
		print_u64(PRINT_JSON, "used", NULL, used_of(totals));
		print_u64(PRINT_JSON, "pcp", NULL, totals[MAP_PCP]);
		print_u64(PRINT_JSON, "free", NULL, totals[MAP_FREE]);
		print_u64(PRINT_JSON, "internal_frag", NULL, v->internal_frag);
		print_int(PRINT_JSON, "largest", NULL, v->largest);
	}
	map_print_orders_json(v->orders, v->nr_orders);
	open_json_array("blocks");
	for (i = 0; i < s->blocks.n; i++)
		print_block(&s->blocks.v[i]);
	close_json_array();
	print_flag(PRINT_JSON, "inconsistent", NULL, s->inconsistent);
	close_json_object();
}

static void print_frag_text(const struct frag_snap *s,
			    const struct map_layout *l,
			    const struct map_cell *cells,
			    const unsigned long long *totals, bool color)
{
	const struct map_view *v = &s->view;
	char size[SIZE_BUF_LEN];

	printf("%s; %llu frame%s a cell\n", v->title, l->group,
	       l->group == 1 ? "" : "s");
	map_print(stdout, l, cells, v->nr_orders ? v->nr_orders - 1 : 0,
		  color);
	map_print_legend(stdout, v, l, color);
	if (s->ai.is_fit)
		printf("used %llu frames in %llu partition%s, free %llu frames in %llu hole%s\n",
		       used_of(totals), s->partitions,
		       s->partitions == 1 ? "" : "s", totals[MAP_FREE],
		       s->holes, s->holes == 1 ? "" : "s");
	else
		printf("used %llu frames, per-CPU %llu, free %llu\n",
		       used_of(totals), totals[MAP_PCP], totals[MAP_FREE]);
	map_print_orders(stdout, v, color);
	if (s->ai.is_fit && v->largest_frames)
		printf("largest hole %llu frames", v->largest_frames);
	else if (!s->ai.is_fit && v->largest >= 0)
		printf("largest free order %d", v->largest);
	else
		printf("nothing free");
	printf(", internal fragmentation %s\n",
	       format_size(size, sizeof(size), v->internal_frag));
}

/* one picture; 0, or an exit status after a message */
static int frag_draw(struct mmlab *m, const struct frag_opts *o)
{
	unsigned long long totals[MAP_NR_KINDS];
	struct frag_snap s = { 0 };
	unsigned int cols, rows, max_rows;
	struct map_cell *cells = NULL;
	struct map_layout l;
	int err;

	err = snap_get(m, &s);
	if (err)
		goto out;

	mmlab_term_size(&cols, &rows);
	if (o->pic.width)
		cols = o->pic.width;
	if (o->pic.svg) {
		cols = o->pic.width ? o->pic.width : SVG_WIDTH;
		max_rows = SVG_ROWS;
	} else if (rows) {
		/* leave room for the legend and the orders */
		max_rows = rows > s.view.nr_orders + 12 ?
			   rows - s.view.nr_orders - 12 : 4;
	} else {
		max_rows = MAP_ROWS_DEFAULT;
	}
	err = map_layout(s.view.frames, cols, max_rows, o->pic.group, &l);
	if (err) {
		fprintf(stderr,
			"mmlab: frag: --group %llu makes a map of %llu cells, more than %llu\n",
			o->pic.group, (s.view.frames + o->pic.group - 1) / o->pic.group,
			MAP_CELLS_MAX);
		err = MMLAB_EXIT_FAIL;
		goto out;
	}
	cells = calloc(l.cells ? l.cells : 1, sizeof(*cells));
	if (!cells) {
		err = mmlab_perror(m, "frag", -ENOMEM);
		goto out;
	}
	map_cells(&s.view, &l, cells);
	map_totals(&s.view, totals);

	if (o->pic.svg) {
		struct map_panel p = { &s.view, &l, cells };

		err = svg_write_file(o->pic.svg, "mmlab frag", &p, 1, NULL, 0);
		if (err) {
			fprintf(stderr, "mmlab: frag: %s: %s\n", o->pic.svg,
				strerror(-err));
			err = MMLAB_EXIT_FAIL;
			goto out;
		}
	} else {
		if (o->watch && o->tty && !m->json)
			fputs("\033[H\033[2J", stdout);
		new_json_obj(m->json, m->pretty);
		if (m->json)
			print_frag_json(&s, totals);
		else
			print_frag_text(&s, &l, cells, totals, o->pic.color);
		delete_json_obj();
	}
	err = s.inconsistent && !o->watch ? MMLAB_EXIT_FAIL : 0;
out:
	free(cells);
	snap_free(&s);
	return err;
}

static volatile sig_atomic_t frag_stop;

static void on_stop(int sig)
{
	(void)sig;
	frag_stop = 1;
}

/* sleep @ms, or less if a signal asked to stop */
static void nap(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (!frag_stop && nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static int frag_show(struct mmlab *m)
{
	struct frag_opts o = { 0 };
	struct sigaction sa;
	int err;

	err = parse_opts(m, &o);
	if (!err)
		err = mmlab_nl(m);
	if (err)
		return err;
	if (!o.watch)
		return frag_draw(m, &o);

	/* no SA_RESTART: SIGINT ends the nap at once */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	while (!frag_stop) {
		err = frag_draw(m, &o);
		if (err)
			return err;
		fflush(stdout);
		nap(o.interval_ms);
	}
	return MMLAB_EXIT_OK;
}

int cmd_frag(struct mmlab *m)
{
	if (mmlab_argv_match(m, "help")) {
		frag_help(stdout);
		return MMLAB_EXIT_OK;
	}
	if (mmlab_argv_match(m, "compare"))
		return cmd_frag_compare(m);
	mmlab_argv_match(m, "show");
	return frag_show(m);
}
