// SPDX-License-Identifier: GPL-2.0
/*
 * mmlab frag compare TRACE [ OPTIONS ]
 *
 * Replays an alloc/free trace in userspace against the module's buddy
 * allocator and against each fit policy of its variable-partition
 * allocator (sim.c, built from kmod/core), then prints them side by side:
 * refused requests, free frames, holes, the largest free block, internal
 * fragmentation, the fits' search steps, the unusable and fragmentation
 * indices per order, and each arena's map; optionally the same over time.
 * Needs no module.
 *
 * The trace format (Documentation/tools/mmlab.rst):
 *
 *	# a comment, to the end of the line
 *	arena FRAMES		the arena's frames (default 1024); before
 *	max_order N		any event; the buddy's largest order (10)
 *	a ID SIZE		allocate SIZE bytes (K, M, G), named ID
 *	f ID			free the block named ID
 *
 * An ID is any word; it may be used again once freed. A trace that frees
 * what is not allocated, or allocates a live ID, is refused with its line.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "mmlab.h"
#include "map.h"
#include "print.h"
#include "sim.h"

#define TRACE_FRAMES_DEFAULT	1024
#define TRACE_ORDER_DEFAULT	10
#define COMPARE_ROWS		8	/* map rows per allocator, by default */
#define SVG_WIDTH		140

static void compare_help(FILE *f)
{
	fprintf(f,
		"Usage: mmlab frag compare TRACE [ --every N ] [ --svg FILE ] [ --group N ]\n"
		"                          [ --width COLS ] [ --color[=WHEN] ]\n"
		"  replays TRACE against the buddy allocator and the first, next, best,\n"
		"  worst and quick fit allocators, in userspace (no module needed)\n"
		"  --every N       also show the numbers every N events\n"
		"  --svg FILE      write the maps, free blocks and indices as SVG instead\n"
		"                  (with --every, also charts of them over time)\n"
		"  --group N       frames a cell of the maps, a power of two (default: fit)\n"
		"  --width COLS    lay the maps out for COLS columns\n"
		"  --color[=WHEN]  auto (on a terminal; the default), always, never\n"
		"TRACE: lines \"a ID SIZE\" (allocate SIZE bytes, K/M/G, as ID) and \"f ID\",\n"
		"optionally first \"arena FRAMES\" (default 1024) and \"max_order N\" (10);\n"
		"# starts a comment.\n");
}

#define COMPARE_USAGE(...)	mmlab_usage_error("frag compare help", \
						  __VA_ARGS__)

/* --- the trace ---------------------------------------------------------- */

/* ids by name: open addressing, the table at most half full */
struct names {
	char **keys;
	unsigned int *ids;
	bool *live;
	size_t cap;
	unsigned int n;
};

static unsigned long long hash(const char *s)
{
	unsigned long long h = 1469598103934665603ULL;	/* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static size_t names_slot(const struct names *t, const char *key)
{
	size_t i = hash(key) & (t->cap - 1);

	while (t->keys[i] && strcmp(t->keys[i], key))
		i = (i + 1) & (t->cap - 1);
	return i;
}

static int names_grow(struct names *t)
{
	struct names n = { .cap = t->cap ? t->cap * 2 : 256, .n = t->n };
	size_t i, j;

	n.keys = calloc(n.cap, sizeof(*n.keys));
	n.ids = calloc(n.cap, sizeof(*n.ids));
	n.live = calloc(n.cap, sizeof(*n.live));
	if (!n.keys || !n.ids || !n.live) {
		free(n.keys);
		free(n.ids);
		free(n.live);
		return -ENOMEM;
	}
	for (i = 0; i < t->cap; i++) {
		if (!t->keys[i])
			continue;
		j = names_slot(&n, t->keys[i]);
		n.keys[j] = t->keys[i];
		n.ids[j] = t->ids[i];
		n.live[j] = t->live[i];
	}
	free(t->keys);
	free(t->ids);
	free(t->live);
	*t = n;
	return 0;
}

/* the slot of @key, added (not live) if new; -ENOMEM */
static long names_get(struct names *t, const char *key)
{
	size_t i;

	if (2 * (t->n + 1) > t->cap && names_grow(t))
		return -ENOMEM;
	i = names_slot(t, key);
	if (!t->keys[i]) {
		t->keys[i] = strdup(key);
		if (!t->keys[i])
			return -ENOMEM;
		t->ids[i] = t->n++;
	}
	return i;
}

static void names_free(struct names *t)
{
	size_t i;

	for (i = 0; i < t->cap; i++)
		free(t->keys[i]);
	free(t->keys);
	free(t->ids);
	free(t->live);
}

struct trace_reader {
	const char *path;
	unsigned int line;
	char *err;
	size_t err_len;
};

/* "path:line: why" into r->err; returns -EINVAL */
__printf(2, 3)
static int trace_error(struct trace_reader *r, const char *fmt, ...)
{
	int n = snprintf(r->err, r->err_len, "%s:%u: ", r->path, r->line);
	va_list ap;

	if (n >= 0 && (size_t)n < r->err_len) {
		va_start(ap, fmt);
		vsnprintf(r->err + n, r->err_len - n, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

static int push_event(struct sim_trace *t, size_t *cap, bool alloc,
		      unsigned int id, unsigned long long size)
{
	struct sim_event *e;

	e = mmlab_grow(t->events, t->nr_events, cap, sizeof(*e), 256);
	if (!e)
		return -ENOMEM;
	t->events = e;
	e = &t->events[t->nr_events++];
	e->alloc = alloc;
	e->id = id;
	e->size = size;
	return 0;
}

#define TRACE_WORDS	4

/* one line's words (comments cut), at most TRACE_WORDS; -1: too many */
static int split(char *line, char **w)
{
	char *p = strchr(line, '#');
	int n = 0;

	if (p)
		*p = '\0';
	for (p = strtok(line, " \t\r\n"); p; p = strtok(NULL, " \t\r\n")) {
		if (n == TRACE_WORDS)
			return -1;
		w[n++] = p;
	}
	return n;
}

/* one line into @t; the names tell which ids are live */
static int trace_line(struct trace_reader *r, char *line,
		      struct sim_trace *t, struct names *names, size_t *cap)
{
	unsigned long long v = 0;
	char *w[TRACE_WORDS];
	unsigned int o;
	long slot;
	int n = split(line, w);

	if (n == 0)
		return 0;
	if (n < 0)
		return trace_error(r, "too many words");
	if (!strcmp(w[0], "arena") || !strcmp(w[0], "max_order")) {
		if (t->nr_events)
			return trace_error(r, "\"%s\" after the first event",
					   w[0]);
		if (n != 2)
			return trace_error(r, "\"%s\" takes one number", w[0]);
		if (w[0][0] == 'a') {
			if (mmlab_parse_u64(w[1], &v) || !v ||
			    v > SIM_MAX_FRAMES)
				return trace_error(r, "arena needs frames 1..134217728, not \"%s\"",
						   w[1]);
			t->frames = v;
		} else {
			if (mmlab_parse_u32(w[1], 0, SIM_MAX_ORDER, &o))
				return trace_error(r, "max_order needs 0..20, not \"%s\"",
						   w[1]);
			t->max_order = o;
		}
		return 0;
	}
	if (!strcmp(w[0], "a")) {
		if (n != 3)
			return trace_error(r, "\"a\" takes an ID and a SIZE");
		if (mmlab_parse_size(w[2], &v) || !v)
			return trace_error(r, "a size is bytes > 0 (K, M, G), not \"%s\"",
					   w[2]);
	} else if (!strcmp(w[0], "f")) {
		if (n != 2)
			return trace_error(r, "\"f\" takes an ID");
	} else {
		return trace_error(r, "unknown event \"%s\" (a, f, arena, max_order)",
				   w[0]);
	}
	slot = names_get(names, w[1]);
	if (slot < 0)
		return -ENOMEM;
	if (names->live[slot] && w[0][0] == 'a')
		return trace_error(r, "\"%s\" is allocated already", w[1]);
	if (!names->live[slot] && w[0][0] == 'f')
		return trace_error(r, "\"%s\" is not allocated", w[1]);
	names->live[slot] = w[0][0] == 'a';
	return push_event(t, cap, w[0][0] == 'a', names->ids[slot],
			  w[0][0] == 'a' ? v : 0);
}

/* Read @path into @t. 0; -EINVAL with @err "path:line: why"; -errno. */
static int trace_read(const char *path, struct sim_trace *t, char *err,
		      size_t err_len)
{
	struct trace_reader r = { path, 0, err, err_len };
	struct names names = { 0 };
	size_t len = 0, cap = 0;
	char *line = NULL;
	int ret = 0;
	FILE *f;

	memset(t, 0, sizeof(*t));
	t->frames = TRACE_FRAMES_DEFAULT;
	t->max_order = TRACE_ORDER_DEFAULT;
	f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	if (!f) {
		ret = -errno;
		snprintf(err, err_len, "%s: %s", path, strerror(errno));
		return ret;
	}
	while (!ret && getline(&line, &len, f) >= 0) {
		r.line++;
		ret = trace_line(&r, line, t, &names, &cap);
	}
	if (!ret && ferror(f)) {
		ret = -EIO;
		snprintf(err, err_len, "%s: read error", path);
	}
	if (ret == -ENOMEM)
		snprintf(err, err_len, "%s: %s", path, strerror(ENOMEM));
	t->nr_ids = names.n;
	free(line);
	names_free(&names);
	if (f != stdin)
		fclose(f);
	if (ret) {
		free(t->events);
		t->events = NULL;
	}
	return ret;
}

/* --- output ------------------------------------------------------------- */

struct compare_opts {
	const char *trace;
	unsigned long long every;
	struct pic_opts pic;
};

static void print_trace_summary(const struct sim_trace *t, const char *path)
{
	unsigned long long allocs = 0;
	char size[SIZE_BUF_LEN];
	size_t i;

	for (i = 0; i < t->nr_events; i++)
		allocs += t->events[i].alloc;
	print_string(PRINT_ANY, "trace", "trace %s", path);
	print_u64(PRINT_ANY, "events", ": %llu events", t->nr_events);
	print_u64(PRINT_ANY, "allocs", ", %llu allocations", allocs);
	print_u64(PRINT_ANY, "frees", ", %llu frees", t->nr_events - allocs);
	print_u64(PRINT_ANY, "frames", "; arena %llu frames", t->frames);
	print_u64(PRINT_JSON, "page_size", NULL, SIM_PAGE_SIZE);
	print_string(PRINT_FP, NULL, " of %s",
		     format_size(size, sizeof(size), SIM_PAGE_SIZE));
	print_u32(PRINT_ANY, "max_order", ", max_order %u\n", t->max_order);
}

static void print_table(const struct sim_result *res)
{
	char size[SIZE_BUF_LEN];
	unsigned int a;

	printf("\n%-10s %7s %7s %7s %7s %7s %9s %9s\n", "allocator",
	       "served", "failed", "free", "holes", "largest", "intfrag",
	       "steps");
	for (a = 0; a < SIM_NR_ALLOCS; a++) {
		const struct sim_result *r = &res[a];

		printf("%-10s %7llu %7llu %7llu %7llu %7llu %9s", r->name,
		       r->allocs, r->failures, r->free, r->holes, r->largest,
		       format_size(size, sizeof(size), r->internal_frag));
		if (r->has_steps)
			printf(" %9llu\n", r->search_steps);
		else
			printf(" %9s\n", "-");
	}
}

static void print_indices(const struct sim_result *res, bool extfrag)
{
	char buf[MILLI_BUF_LEN];
	unsigned int a, o;

	printf("\n%s\n%-10s", extfrag ? "fragmentation index by order" :
	       "unusable free index by order", "allocator");
	for (o = 0; o < res[0].nr_orders; o++)
		printf(" %6u", o);
	putchar('\n');
	for (a = 0; a < SIM_NR_ALLOCS; a++) {
		printf("%-10s", res[a].name);
		for (o = 0; o < res[a].nr_orders; o++)
			printf(" %6s",
			       format_milli(buf, sizeof(buf),
					    extfrag ? res[a].orders[o].extfrag :
					    res[a].orders[o].unusable));
		putchar('\n');
	}
}

static void print_samples(const struct sim_result *res,
			  unsigned long long every)
{
	char cell[48];
	unsigned int a;
	size_t i;

	printf("\nover time, every %llu events: failures/largest free block (frames)\n%9s",
	       every, "event");
	for (a = 0; a < SIM_NR_ALLOCS; a++)
		printf(" %11s", res[a].name);
	putchar('\n');
	for (i = 0; i < res[0].nr_samples; i++) {
		printf("%9llu", res[0].samples[i].event);
		for (a = 0; a < SIM_NR_ALLOCS; a++) {
			snprintf(cell, sizeof(cell), "%llu/%llu",
				 res[a].samples[i].failures,
				 res[a].samples[i].largest);
			printf(" %11s", cell);
		}
		putchar('\n');
	}
}

/* a result as a view of map.c, its note written into @note */
static void result_view(const struct sim_result *r, bool typed,
			unsigned long long frames, struct map_view *v,
			char *note, size_t note_len)
{
	char size[SIZE_BUF_LEN];
	int n;

	memset(v, 0, sizeof(*v));
	v->title = r->name;
	v->typed = typed;
	v->frames = frames;
	v->nr_orders = r->nr_orders;
	memcpy(v->orders, r->orders, sizeof(v->orders));
	v->internal_frag = r->internal_frag;
	v->largest = -1;
	if (r->largest)
		for (v->largest = 0; 2ULL << v->largest <= r->largest;
		     v->largest++)
			;
	v->largest_frames = r->largest;
	v->runs = r->runs;
	v->nr_runs = r->nr_runs;
	n = snprintf(note, note_len,
		     "served %llu, failed %llu; free %llu frames in %llu holes, the largest %llu; internal fragmentation %s",
		     r->allocs, r->failures, r->free, r->holes, r->largest,
		     format_size(size, sizeof(size), r->internal_frag));
	if (r->has_steps && n >= 0 && (size_t)n < note_len)
		snprintf(note + n, note_len - n, "; search steps %llu",
			 r->search_steps);
	v->note = note;
}

struct compare_maps {
	struct map_view views[SIM_NR_ALLOCS];
	struct map_layout layouts[SIM_NR_ALLOCS];
	struct map_cell *cells[SIM_NR_ALLOCS];
	char notes[SIM_NR_ALLOCS][192];
};

static int build_maps(const struct sim_trace *t, const struct sim_result *res,
		      const struct compare_opts *o, unsigned int cols,
		      unsigned int rows, struct compare_maps *cm)
{
	unsigned int a;
	int err;

	for (a = 0; a < SIM_NR_ALLOCS; a++) {
		result_view(&res[a], a == SIM_BUDDY, t->frames, &cm->views[a],
			    cm->notes[a], sizeof(cm->notes[a]));
		err = map_layout(t->frames, cols, rows, o->pic.group,
				 &cm->layouts[a]);
		if (err)
			return err;
		cm->cells[a] = calloc(cm->layouts[a].cells ?
				      cm->layouts[a].cells : 1,
				      sizeof(*cm->cells[a]));
		if (!cm->cells[a])
			return -ENOMEM;
		map_cells(&cm->views[a], &cm->layouts[a], cm->cells[a]);
	}
	return 0;
}

static void free_maps(struct compare_maps *cm)
{
	unsigned int a;

	for (a = 0; a < SIM_NR_ALLOCS; a++)
		free(cm->cells[a]);
}

static void print_maps(const struct compare_maps *cm, bool color)
{
	const struct map_layout *l = &cm->layouts[0];
	unsigned int a;

	printf("\nmaps, %llu frame%s a cell: M a buddy block, X a fit block (capital: it starts\n",
	       l->group, l->group == 1 ? "" : "s");
	printf("in the cell), . free; a cell shows what most of its frames are\n");
	for (a = 0; a < SIM_NR_ALLOCS; a++) {
		printf("%s\n", cm->views[a].title);
		map_print(stdout, &cm->layouts[a], cm->cells[a],
			  cm->views[a].nr_orders ?
			  cm->views[a].nr_orders - 1 : 0, color);
	}
}

/*
 * JSON: {"compare":{"trace":"t","events":13,"allocs":10,"frees":3,
 *	"frames":16,"page_size":4096,"max_order":4,"allocators":[{"name":
 *	"buddy","served":8,"failures":2,"frees":2,"skipped":1,"free":1,
 *	"holes":1,"largest":1,"internal_frag":16384,"orders":[{"order":0,
 *	"free":1,"frames":1,"unusable":0.000,"extfrag":-1.000},...],
 *	"blocks":[{"start":0,"frames":8,"state":"used"},...]},...]}}, the
 *	fits with "search_steps" and "insert_steps", and "samples" with
 *	--every.
 */
static void print_result_json(const struct sim_result *r)
{
	size_t i;

	open_json_object(NULL);
	print_string(PRINT_JSON, "name", NULL, r->name);
	print_u64(PRINT_JSON, "served", NULL, r->allocs);
	print_u64(PRINT_JSON, "failures", NULL, r->failures);
	print_u64(PRINT_JSON, "frees", NULL, r->frees);
	print_u64(PRINT_JSON, "skipped", NULL, r->skipped);
	print_u64(PRINT_JSON, "free", NULL, r->free);
	print_u64(PRINT_JSON, "holes", NULL, r->holes);
	print_u64(PRINT_JSON, "largest", NULL, r->largest);
	print_u64(PRINT_JSON, "internal_frag", NULL, r->internal_frag);
	if (r->has_steps) {
		print_u64(PRINT_JSON, "search_steps", NULL, r->search_steps);
		print_u64(PRINT_JSON, "insert_steps", NULL, r->insert_steps);
	}
	map_print_orders_json(r->orders, r->nr_orders);
	open_json_array("blocks");
	for (i = 0; i < r->nr_runs; i++) {
		open_json_object(NULL);
		print_u64(PRINT_JSON, "start", NULL, r->runs[i].start);
		print_u64(PRINT_JSON, "frames", NULL, r->runs[i].len);
		print_string(PRINT_JSON, "state", NULL,
			     r->runs[i].kind == MAP_FREE ? "free" : "used");
		close_json_object();
	}
	close_json_array();
	if (r->nr_samples) {
		open_json_array("samples");
		for (i = 0; i < r->nr_samples; i++) {
			const struct sim_sample *s = &r->samples[i];

			open_json_object(NULL);
			print_u64(PRINT_JSON, "event", NULL, s->event);
			print_u64(PRINT_JSON, "failures", NULL, s->failures);
			print_u64(PRINT_JSON, "free", NULL, s->free);
			print_u64(PRINT_JSON, "largest", NULL, s->largest);
			print_u64(PRINT_JSON, "holes", NULL, s->holes);
			close_json_object();
		}
		close_json_array();
	}
	close_json_object();
}

/*
 * With --every, the samples as two charts: the largest free block, and
 * the requests refused so far, one line per allocator. Every allocator
 * replays the same events, so the samples fall on the same x values.
 * 0 (@c[0].nr_points 0: no samples) or -ENOMEM; the arrays are freed by
 * free_charts().
 */
static int build_charts(const struct sim_result *res, struct svg_chart *c,
			const char **names)
{
	size_t n = res[0].nr_samples, i;
	unsigned long long *x, *largest, *failures;
	unsigned int a;

	memset(c, 0, 2 * sizeof(*c));
	for (a = 0; a < SIM_NR_ALLOCS; a++)
		if (res[a].nr_samples != n)
			return 0;
	if (!n)
		return 0;
	x = calloc(n, sizeof(*x));
	largest = calloc(n * SIM_NR_ALLOCS, sizeof(*largest));
	failures = calloc(n * SIM_NR_ALLOCS, sizeof(*failures));
	if (!x || !largest || !failures) {
		free(x);
		free(largest);
		free(failures);
		return -ENOMEM;
	}
	for (a = 0; a < SIM_NR_ALLOCS; a++) {
		names[a] = res[a].name;
		for (i = 0; i < n; i++) {
			x[i] = res[0].samples[i].event;
			largest[a * n + i] = res[a].samples[i].largest;
			failures[a * n + i] = res[a].samples[i].failures;
		}
	}
	c[0].title = "largest free block (frames), over the events";
	c[0].y = largest;
	c[1].title = "requests refused so far";
	c[1].y = failures;
	for (i = 0; i < 2; i++) {
		c[i].nr_series = SIM_NR_ALLOCS;
		c[i].names = names;
		c[i].x = x;
		c[i].nr_points = n;
	}
	return 0;
}

static void free_charts(struct svg_chart *c)
{
	free((void *)c[0].x);
	free((void *)c[0].y);
	free((void *)c[1].y);
}

static int compare_write_svg(const char *path, const char *trace,
			     const struct compare_maps *cm,
			     const struct sim_result *res)
{
	struct map_panel p[SIM_NR_ALLOCS];
	const char *names[SIM_NR_ALLOCS];
	struct svg_chart charts[2];
	char title[256];
	unsigned int a;
	int err;

	for (a = 0; a < SIM_NR_ALLOCS; a++) {
		p[a].view = &cm->views[a];
		p[a].layout = &cm->layouts[a];
		p[a].cells = cm->cells[a];
	}
	snprintf(title, sizeof(title), "mmlab frag compare %s", trace);
	err = build_charts(res, charts, names);
	if (err)
		return err;
	err = svg_write_file(path, title, p, SIM_NR_ALLOCS, charts, 2);
	free_charts(charts);
	return err;
}

/* --- the command -------------------------------------------------------- */

static int parse_compare_opts(struct mmlab *m, struct compare_opts *o)
{
	const char *w, *val;
	int err;

	o->trace = mmlab_argv(m);
	if (!o->trace)
		return COMPARE_USAGE("frag compare: needs a trace file");
	if (o->trace[0] == '-' && o->trace[1])
		return mmlab_usage_error("frag compare help",
					 "frag compare: needs a trace file before the options, not \"%s\"",
					 o->trace);
	mmlab_arg_inc(m);
	o->pic.when = m->color;
	while ((w = mmlab_argv(m))) {
		if (mmlab_opt_value(m, "--every", &val)) {
			if (mmlab_parse_u64(val, &o->every) || !o->every)
				return mmlab_usage_error("frag compare help",
							 "frag compare: --every needs a number of events > 0, not \"%s\"",
							 val ? val : "");
			continue;
		}
		err = pic_opt(m, "frag compare", &o->pic);
		if (err < 0)
			return COMPARE_USAGE("frag compare: unknown argument \"%s\"",
					     w);
		if (err)
			return err;
	}
	return pic_opts_done(m, "frag compare", &o->pic);
}

static int compare_print(struct mmlab *m, const struct compare_opts *o,
			 const struct sim_trace *t,
			 const struct sim_result *res)
{
	struct compare_maps cm = { 0 };
	unsigned int cols, rows, a;
	int err;

	mmlab_term_size(&cols, &rows);
	if (o->pic.width)
		cols = o->pic.width;
	else if (o->pic.svg)
		cols = SVG_WIDTH;
	err = build_maps(t, res, o, cols, o->pic.svg ? 64 : COMPARE_ROWS, &cm);
	if (err) {
		if (err == -E2BIG)
			fprintf(stderr,
				"mmlab: frag compare: --group %llu makes maps of more than %llu cells\n",
				o->pic.group, MAP_CELLS_MAX);
		else
			fprintf(stderr, "mmlab: frag compare: %s\n",
				strerror(-err));
		free_maps(&cm);
		return MMLAB_EXIT_FAIL;
	}

	if (o->pic.svg) {
		err = compare_write_svg(o->pic.svg, o->trace, &cm, res);
		if (err) {
			fprintf(stderr, "mmlab: frag compare: %s: %s\n",
				o->pic.svg, strerror(-err));
			free_maps(&cm);
			return MMLAB_EXIT_FAIL;
		}
		free_maps(&cm);
		return MMLAB_EXIT_OK;
	}

	new_json_obj(m->json, m->pretty);
	open_json_object("compare");
	print_trace_summary(t, o->trace);
	if (m->json) {
		open_json_array("allocators");
		for (a = 0; a < SIM_NR_ALLOCS; a++)
			print_result_json(&res[a]);
		close_json_array();
	} else {
		print_table(res);
		print_indices(res, false);
		print_indices(res, true);
		if (o->every)
			print_samples(res, o->every);
		print_maps(&cm, o->pic.color);
	}
	close_json_object();
	delete_json_obj();
	free_maps(&cm);
	return MMLAB_EXIT_OK;
}

int cmd_frag_compare(struct mmlab *m)
{
	struct sim_result res[SIM_NR_ALLOCS] = { { 0 } };
	struct compare_opts o = { 0 };
	struct sim_trace t;
	char err[256];
	unsigned int a;
	int ret;

	if (mmlab_argv_match(m, "help")) {
		compare_help(stdout);
		return MMLAB_EXIT_OK;
	}
	ret = parse_compare_opts(m, &o);
	if (ret)
		return ret;
	ret = trace_read(o.trace, &t, err, sizeof(err));
	if (ret) {
		fprintf(stderr, "mmlab: frag compare: %s\n", err);
		return MMLAB_EXIT_FAIL;
	}
	for (a = 0; a < SIM_NR_ALLOCS && !ret; a++) {
		ret = sim_run(&t, a, o.every, &res[a], err, sizeof(err));
		if (ret)
			fprintf(stderr, "mmlab: frag compare: %s\n",
				err[0] ? err : strerror(-ret));
	}
	if (!ret)
		ret = compare_print(m, &o, &t, res);
	else
		ret = MMLAB_EXIT_FAIL;
	for (a = 0; a < SIM_NR_ALLOCS; a++)
		sim_result_free(&res[a]);
	free(t.events);
	return ret;
}
