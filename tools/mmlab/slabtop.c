// SPDX-License-Identifier: GPL-2.0
/*
 * mmlab slabtop [ OPTIONS ]
 *
 * The module's slab caches as procps' slabtop shows the kernel's: the
 * totals, then a row per cache, sorted, refreshed every -d seconds; and,
 * as tools/mm/slabinfo.c reports them, what the slabs lose to internal
 * fragmentation and their efficiency (cache_usage() in cache.c). The
 * numbers are the CACHE_GET dump's, which /proc/mmlab/slabinfo prints
 * too: OBJS, ACTIVE, OBJ SIZE (the stride), OBJ/SLAB and SLABS are its
 * columns.
 *
 * Three ways to show them:
 *  - on a terminal, a full screen drawn with ncurses, redrawn every -d
 *    seconds; keys change the order (the letters of -s), space redraws,
 *    q quits;
 *  - with -o (--once), one screen on stdout, every cache, and exit;
 *    with --svg FILE, a picture of every cache instead (map.c's bar
 *    charts);
 *  - otherwise (stdout no terminal, or -j), a screen every -d seconds
 *    on stdout until interrupted, as top -b does.
 * The text of a screen is made by the same functions in all three, so
 * that what -o prints is what the terminal shows.
 */
#include <linux/mmlab.h>

#include <curses.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mmlab.h"
#include "map.h"
#include "print.h"

#define SLABTOP_DELAY_MS	3000	/* procps slabtop's default */
#define SLABTOP_LINE_LEN	160

enum slabtop_sort {
	SORT_ACTIVE,
	SORT_PER_SLAB,
	SORT_CACHE_SIZE,
	SORT_SLABS,
	SORT_ACTIVE_SLABS,
	SORT_NAME,
	SORT_OBJS,
	SORT_PAGES,
	SORT_OBJ_SIZE,
	SORT_USE,
	SORT_LOSS,
	SORT_NR,
};

/* procps slabtop's letters, and L for the loss (tools/mm/slabinfo -L) */
static const struct {
	char letter;
	const char *word;
	const char *what;
} sort_keys[SORT_NR] = {
	[SORT_ACTIVE]		= { 'a', "active", "active objects" },
	[SORT_PER_SLAB]		= { 'b', "per-slab", "objects per slab" },
	[SORT_CACHE_SIZE]	= { 'c', "cache-size", "cache size" },
	[SORT_SLABS]		= { 'l', "slabs", "slabs" },
	[SORT_ACTIVE_SLABS]	= { 'v', "active-slabs", "active slabs" },
	[SORT_NAME]		= { 'n', "name", "name" },
	[SORT_OBJS]		= { 'o', "objs", "objects" },
	[SORT_PAGES]		= { 'p', "pages", "pages per slab" },
	[SORT_OBJ_SIZE]		= { 's', "size", "object size" },
	[SORT_USE]		= { 'u', "use", "cache utilization" },
	[SORT_LOSS]		= { 'L', "loss", "loss" },
};

static void slabtop_help(FILE *f)
{
	fprintf(f,
		"Usage: mmlab slabtop [ -d | --delay SECS ] [ -s | --sort KEY ] [ -o | --once ]\n"
		"                     [ --svg FILE ]\n"
		"       mmlab slabtop help\n"
		"where  KEY := { a | b | c | l | v | n | o | p | s | u | L }, or its word:\n"
		"       a active (objects), b per-slab (objects), c cache-size, l slabs,\n"
		"       v active-slabs, n name, o objs (the default), p pages (per slab),\n"
		"       s size (of an object), u use, L loss\n"
		"  -d SECS    refresh every SECS seconds (default 3; up to 3 decimals)\n"
		"  -s KEY     sort by KEY: largest first, names in order\n"
		"  -o         print one screen, every cache, and exit\n"
		"  --svg FILE draw every cache into FILE as SVG (bars) and exit\n"
		"On a terminal the keys of -s change the order, space redraws, q quits;\n"
		"elsewhere (or with -j) a screen every SECS seconds until interrupted.\n"
		"LOSS is the slabs' bytes less the live objects' (tools/mm/slabinfo.c),\n"
		"EFF the live objects' share of them.\n");
}

/* "slabtop: ...; try "mmlab slabtop help"" */
#define SLABTOP_USAGE(...)	mmlab_usage_error("slabtop help", __VA_ARGS__)

struct slabtop_opts {
	unsigned int delay_ms;
	enum slabtop_sort sort;
	bool once;
	const char *svg;
};

/* -1 if @s is no sort key, else the key */
static int parse_sort(const char *s)
{
	unsigned int k;

	for (k = 0; s && k < SORT_NR; k++)
		if ((s[0] == sort_keys[k].letter && !s[1]) ||
		    !strcmp(s, sort_keys[k].word))
			return k;
	return -1;
}

/*
 * "-X VALUE", "-XVALUE", "--long VALUE" or "--long=VALUE" as the
 * current word(s): 1 and *val (NULL when missing), consumed; else 0.
 */
static int short_long_value(struct mmlab *m, const char *shrt,
			    const char *lng, const char **val)
{
	const char *w = mmlab_argv(m);

	if (mmlab_opt_value(m, lng, val))
		return 1;
	if (strncmp(w, shrt, 2))
		return 0;
	mmlab_arg_inc(m);
	if (w[2]) {
		*val = w + 2;
	} else {
		*val = mmlab_argv(m);
		mmlab_arg_inc(m);
	}
	return 1;
}

static int parse_slabtop(struct mmlab *m, struct slabtop_opts *o)
{
	const char *w, *val;
	int k;

	o->delay_ms = SLABTOP_DELAY_MS;
	o->sort = SORT_OBJS;
	while ((w = mmlab_argv(m))) {
		if (!strcmp(w, "-o") || !strcmp(w, "--once")) {
			mmlab_arg_inc(m);
			o->once = true;
		} else if (short_long_value(m, "-d", "--delay", &val)) {
			if (mmlab_parse_interval(val, &o->delay_ms))
				return SLABTOP_USAGE("slabtop: -d needs %s, not \"%s\"",
						     "seconds > 0 (up to 3 decimals)",
						     val ? val : "");
		} else if (short_long_value(m, "-s", "--sort", &val)) {
			k = parse_sort(val);
			if (k < 0)
				return SLABTOP_USAGE("slabtop: -s needs %s, not \"%s\"",
						     "a sort key (a b c l v n o p s u L, or a word)",
						     val ? val : "");
			o->sort = k;
		} else if (mmlab_opt_value(m, "--svg", &val)) {
			if (!val || !*val)
				return SLABTOP_USAGE("slabtop: --svg needs a file name");
			o->svg = val;
		} else {
			return SLABTOP_USAGE("slabtop: unknown argument \"%s\"",
					     w);
		}
	}
	if (o->svg && m->json)
		return SLABTOP_USAGE("slabtop: --svg and -j exclude each other");
	return 0;
}

/* a cache and what its slabs hold */
struct slab_row {
	const struct mmlab_cache *c;
	struct cache_usage u;
};

/*
 * The totals of the screen's head: procps slabtop's (sizes by the
 * stride, slabinfo's objsize), then the live objects' loss and
 * efficiency over every cache, and the kmalloc classes' bytes asked for
 * against those granted.
 */
struct slab_totals {
	unsigned long long active_objs;
	unsigned long long num_objs;
	unsigned long long active_slabs;
	unsigned long long num_slabs;
	unsigned int caches;
	unsigned int active_caches;	/* with an active object */
	unsigned long long active_size;	/* active_objs * stride */
	unsigned long long total_size;	/* num_objs * stride */
	unsigned int min_obj;
	unsigned int max_obj;
	unsigned long long avg_obj;	/* total_size / num_objs */
	unsigned long long live;
	unsigned long long slab_bytes;
	unsigned long long used;
	unsigned long long loss;
	unsigned int efficiency;	/* thousandths */
	unsigned long long requested;	/* kmalloc classes */
	unsigned long long granted;
};

static void slab_totals(const struct slab_row *rows, size_t n,
			struct slab_totals *t)
{
	size_t i;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < n; i++) {
		const struct mmlab_cache *c = rows[i].c;

		t->active_objs += c->active_objs;
		t->num_objs += c->num_objs;
		t->active_slabs += c->active_slabs;
		t->num_slabs += c->num_slabs;
		t->caches++;
		t->active_caches += !!c->active_objs;
		t->active_size += c->active_objs * c->stride;
		t->total_size += c->num_objs * c->stride;
		if (!i || c->stride < t->min_obj)
			t->min_obj = c->stride;
		if (c->stride > t->max_obj)
			t->max_obj = c->stride;
		t->live += c->live;
		t->slab_bytes += rows[i].u.slab_bytes;
		t->used += rows[i].u.used;
		t->requested += rows[i].u.requested;
		t->granted += rows[i].u.granted;
	}
	t->avg_obj = t->num_objs ? t->total_size / t->num_objs : 0;
	t->loss = t->slab_bytes > t->used ? t->slab_bytes - t->used : 0;
	t->efficiency = t->slab_bytes ? t->used * 1000 / t->slab_bytes : 1000;
}

/* the sort key of a row, larger first */
static unsigned long long sort_value(const struct slab_row *r,
				     enum slabtop_sort key)
{
	const struct mmlab_cache *c = r->c;

	switch (key) {
	case SORT_ACTIVE:
		return c->active_objs;
	case SORT_PER_SLAB:
		return c->objects;
	case SORT_CACHE_SIZE:
		return r->u.slab_bytes;
	case SORT_SLABS:
		return c->num_slabs;
	case SORT_ACTIVE_SLABS:
		return c->active_slabs;
	case SORT_OBJS:
		return c->num_objs;
	case SORT_PAGES:
		return 1ULL << c->order;
	case SORT_OBJ_SIZE:
		return c->stride;
	case SORT_USE:
		return r->u.use;
	case SORT_LOSS:
		return r->u.loss;
	default:
		return 0;
	}
}

static enum slabtop_sort sort_by;	/* for cmp_rows(), as qsort has no arg */

/* largest first, names in order (by name alone for SORT_NAME) */
static int cmp_rows(const void *a, const void *b)
{
	const struct slab_row *x = a, *y = b;
	unsigned long long vx, vy;

	if (sort_by != SORT_NAME) {
		vx = sort_value(x, sort_by);
		vy = sort_value(y, sort_by);
		if (vx != vy)
			return vx > vy ? -1 : 1;
	}
	return strcmp(x->c->name, y->c->name);
}

/* the rows of @caches, sorted by @key; NULL if out of memory */
static struct slab_row *slab_rows(const struct mmlab_caches *caches,
				  unsigned int page_size,
				  enum slabtop_sort key)
{
	struct slab_row *rows;
	size_t i;

	rows = calloc(caches->n ? caches->n : 1, sizeof(*rows));
	if (!rows)
		return NULL;
	for (i = 0; i < caches->n; i++) {
		rows[i].c = &caches->v[i];
		cache_usage(&caches->v[i], page_size, &rows[i].u);
	}
	sort_by = key;
	qsort(rows, caches->n, sizeof(*rows), cmp_rows);
	return rows;
}

/* "12.5%" of @part in @total, "0.0%" of nothing (as procps prints it) */
static double pct(unsigned long long part, unsigned long long total)
{
	return total ? 100.0 * part / total : 0.0;
}

static double kib(unsigned long long bytes)
{
	return bytes / 1024.0;
}

#define SLABTOP_HEAD_LINES	7

/* the head of a screen, one line each, procps slabtop's five first */
static void head_text(char lines[SLABTOP_HEAD_LINES][SLABTOP_LINE_LEN],
		      const struct slab_totals *t)
{
	snprintf(lines[0], SLABTOP_LINE_LEN,
		 " Active / Total Objects (%% used)    : %llu / %llu (%.1f%%)",
		 t->active_objs, t->num_objs, pct(t->active_objs, t->num_objs));
	snprintf(lines[1], SLABTOP_LINE_LEN,
		 " Active / Total Slabs (%% used)      : %llu / %llu (%.1f%%)",
		 t->active_slabs, t->num_slabs,
		 pct(t->active_slabs, t->num_slabs));
	snprintf(lines[2], SLABTOP_LINE_LEN,
		 " Active / Total Caches (%% used)     : %u / %u (%.1f%%)",
		 t->active_caches, t->caches,
		 pct(t->active_caches, t->caches));
	snprintf(lines[3], SLABTOP_LINE_LEN,
		 " Active / Total Size (%% used)       : %.2fK / %.2fK (%.1f%%)",
		 kib(t->active_size), kib(t->total_size),
		 pct(t->active_size, t->total_size));
	snprintf(lines[4], SLABTOP_LINE_LEN,
		 " Minimum / Average / Maximum Object : %.2fK / %.2fK / %.2fK",
		 kib(t->min_obj), kib(t->avg_obj), kib(t->max_obj));
	snprintf(lines[5], SLABTOP_LINE_LEN,
		 " Live objects / Loss / Efficiency   : %llu / %.2fK / %.1f%%",
		 t->live, kib(t->loss), t->efficiency / 10.0);
	snprintf(lines[6], SLABTOP_LINE_LEN,
		 " kmalloc Requested / Granted        : %.2fK / %.2fK (%.1f%%)",
		 kib(t->requested), kib(t->granted),
		 pct(t->requested, t->granted));
}

/* procps slabtop's columns, then LOSS and EFF */
#define SLABTOP_COLUMNS \
	"  OBJS ACTIVE  USE OBJ SIZE  SLABS OBJ/SLAB CACHE SIZE      LOSS  EFF NAME"

/*
 * One row: procps slabtop's (OBJ SIZE the stride, CACHE SIZE the slabs'
 * bytes in whole KiB), LOSS in KiB, EFF in whole percent.
 */
static void row_text(char *buf, size_t len, const struct slab_row *r)
{
	const struct mmlab_cache *c = r->c;

	snprintf(buf, len, "%6llu %6llu %3u%% %7.2fK %6llu %8u %9lluK %8.2fK %3u%% %s",
		 (unsigned long long)c->num_objs,
		 (unsigned long long)c->active_objs, r->u.use / 10,
		 kib(c->stride), (unsigned long long)c->num_slabs, c->objects,
		 r->u.slab_bytes / 1024, kib(r->u.loss), r->u.efficiency / 10,
		 c->name);
}

/* JSON: the row's numbers (bytes, thousandths) */
static void print_row_json(const struct slab_row *r)
{
	const struct mmlab_cache *c = r->c;

	open_json_object(NULL);
	print_string(PRINT_JSON, "name", NULL, c->name);
	print_u64(PRINT_JSON, "objs", NULL, c->num_objs);
	print_u64(PRINT_JSON, "active", NULL, c->active_objs);
	print_u64(PRINT_JSON, "live", NULL, c->live);
	print_milli(PRINT_JSON, "use", NULL, r->u.use);
	print_u32(PRINT_JSON, "obj_size", NULL, c->stride);
	print_u32(PRINT_JSON, "object_size", NULL, c->object_size);
	print_u64(PRINT_JSON, "slabs", NULL, c->num_slabs);
	print_u64(PRINT_JSON, "active_slabs", NULL, c->active_slabs);
	print_u32(PRINT_JSON, "obj_per_slab", NULL, c->objects);
	print_u32(PRINT_JSON, "pages_per_slab", NULL, 1U << c->order);
	print_u64(PRINT_JSON, "cache_size", NULL, r->u.slab_bytes);
	print_u64(PRINT_JSON, "loss", NULL, r->u.loss);
	print_milli(PRINT_JSON, "efficiency", NULL, r->u.efficiency);
	print_flag(PRINT_JSON, "kmalloc", NULL, c->kmalloc);
	if (c->kmalloc) {
		print_u64(PRINT_JSON, "requested", NULL, r->u.requested);
		print_u64(PRINT_JSON, "granted", NULL, r->u.granted);
	}
	close_json_object();
}

static void print_totals_json(const struct slab_totals *t)
{
	open_json_object("totals");
	print_u64(PRINT_JSON, "active_objs", NULL, t->active_objs);
	print_u64(PRINT_JSON, "num_objs", NULL, t->num_objs);
	print_u64(PRINT_JSON, "active_slabs", NULL, t->active_slabs);
	print_u64(PRINT_JSON, "num_slabs", NULL, t->num_slabs);
	print_u32(PRINT_JSON, "active_caches", NULL, t->active_caches);
	print_u32(PRINT_JSON, "caches", NULL, t->caches);
	print_u64(PRINT_JSON, "active_size", NULL, t->active_size);
	print_u64(PRINT_JSON, "total_size", NULL, t->total_size);
	print_u32(PRINT_JSON, "min_obj", NULL, t->min_obj);
	print_u64(PRINT_JSON, "avg_obj", NULL, t->avg_obj);
	print_u32(PRINT_JSON, "max_obj", NULL, t->max_obj);
	print_u64(PRINT_JSON, "live", NULL, t->live);
	print_u64(PRINT_JSON, "cache_size", NULL, t->slab_bytes);
	print_u64(PRINT_JSON, "loss", NULL, t->loss);
	print_milli(PRINT_JSON, "efficiency", NULL, t->efficiency);
	print_u64(PRINT_JSON, "requested", NULL, t->requested);
	print_u64(PRINT_JSON, "granted", NULL, t->granted);
	close_json_object();
}

/*
 * A screen on stdout. Text: the head, a blank line, the columns, a row
 * per cache. JSON: {"slabtop":{"sort":"objs","totals":{...},
 * "caches":[{...},...]}}, the keys of Documentation/tools/mmlab.rst.
 */
static void print_slabtop(const struct slab_row *rows, size_t n,
			  enum slabtop_sort key)
{
	char head[SLABTOP_HEAD_LINES][SLABTOP_LINE_LEN];
	char line[SLABTOP_LINE_LEN];
	struct slab_totals t;
	unsigned int i;
	size_t r;

	slab_totals(rows, n, &t);
	open_json_object("slabtop");
	print_string(PRINT_JSON, "sort", NULL, sort_keys[key].word);
	if (is_json_context()) {
		print_totals_json(&t);
	} else {
		head_text(head, &t);
		for (i = 0; i < SLABTOP_HEAD_LINES; i++)
			printf("%s\n", head[i]);
		printf("\n%s\n", SLABTOP_COLUMNS);
	}
	open_json_array("caches");
	for (r = 0; r < n; r++) {
		if (is_json_context()) {
			print_row_json(&rows[r]);
		} else {
			row_text(line, sizeof(line), &rows[r]);
			printf("%s\n", line);
		}
	}
	close_json_array();
	close_json_object();
}

/* One snapshot: the caches, their rows sorted. */
struct slabtop_snap {
	struct mmlab_caches caches;
	unsigned int page_size;
	struct slab_row *rows;
};

static void snap_release(struct slabtop_snap *s)
{
	free(s->rows);
	s->rows = NULL;
	mmlab_caches_free(&s->caches);
}

/* 0, or an exit status after a message */
static int snap_take(struct mmlab *m, struct slabtop_snap *s,
		     enum slabtop_sort key)
{
	int err;

	snap_release(s);
	err = cache_dump(m, "slabtop", &s->caches, &s->page_size);
	if (err)
		return err;
	s->rows = slab_rows(&s->caches, s->page_size, key);
	if (!s->rows)
		return mmlab_perror(m, "slabtop", -ENOMEM);
	return 0;
}

#define SVG_CHARTS	2
#define SVG_OBJ_SERIES	3
#define SVG_BYTE_SERIES	3

/*
 * --svg: two bar charts, a group of bars per cache in the order of the
 * rows: its objects (total, active, live), and its bytes (the slabs',
 * the live objects', the loss).
 */
static int slabtop_svg(const char *path, const struct slab_row *rows,
		       size_t n, enum slabtop_sort key)
{
	static const char * const obj_names[SVG_OBJ_SERIES] = {
		"objects", "active", "live",
	};
	static const char * const byte_names[SVG_BYTE_SERIES] = {
		"cache size (bytes)", "in use (bytes)", "loss (bytes)",
	};
	struct svg_chart charts[SVG_CHARTS] = {
		{ "objects per cache: total, active, live",
		  SVG_OBJ_SERIES, obj_names, NULL, NULL, n, NULL },
		{ "bytes per cache: slabs, live objects, loss",
		  SVG_BYTE_SERIES, byte_names, NULL, NULL, n, NULL },
	};
	unsigned long long *objs, *bytes;
	const char **labels;
	char title[96];
	size_t i;
	int err = -ENOMEM;

	objs = calloc(SVG_OBJ_SERIES * n + 1, sizeof(*objs));
	bytes = calloc(SVG_BYTE_SERIES * n + 1, sizeof(*bytes));
	labels = calloc(n + 1, sizeof(*labels));
	if (!objs || !bytes || !labels)
		goto out;
	for (i = 0; i < n; i++) {
		labels[i] = rows[i].c->name;
		objs[i] = rows[i].c->num_objs;
		objs[n + i] = rows[i].c->active_objs;
		objs[2 * n + i] = rows[i].c->live;
		bytes[i] = rows[i].u.slab_bytes;
		bytes[n + i] = rows[i].u.used;
		bytes[2 * n + i] = rows[i].u.loss;
	}
	charts[0].y = objs;
	charts[0].labels = labels;
	charts[1].y = bytes;
	charts[1].labels = labels;
	snprintf(title, sizeof(title), "mmlab slabtop: %zu caches by %s", n,
		 sort_keys[key].what);
	err = svg_write_file(path, title, NULL, 0, charts, SVG_CHARTS);
out:
	free(objs);
	free(bytes);
	free(labels);
	return err;
}

static volatile sig_atomic_t slabtop_stop;

static void slabtop_on_stop(int sig)
{
	(void)sig;
	slabtop_stop = 1;
}

/* sleep @ms, or less if a signal asked to stop */
static void slabtop_nap(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (!slabtop_stop && nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* Text or JSON, a screen every delay until SIGINT or SIGTERM. */
static int slabtop_batch(struct mmlab *m, const struct slabtop_opts *o)
{
	struct slabtop_snap s = { 0 };
	bool first = true;
	int err = 0;

	while (!slabtop_stop) {
		err = snap_take(m, &s, o->sort);
		if (err)
			break;
		if (!first && !m->json)
			putchar('\n');
		first = false;
		new_json_obj(m->json, m->pretty);
		print_slabtop(s.rows, s.caches.n, o->sort);
		delete_json_obj();
		slabtop_nap(o->delay_ms);
	}
	snap_release(&s);
	return err;
}

/* the screen, as many rows as fit; the column line in reverse video */
static void curses_draw(const struct slabtop_snap *s)
{
	char head[SLABTOP_HEAD_LINES][SLABTOP_LINE_LEN];
	char line[SLABTOP_LINE_LEN];
	struct slab_totals t;
	int y = 0, i;
	size_t r;

	slab_totals(s->rows, s->caches.n, &t);
	head_text(head, &t);
	erase();
	for (i = 0; i < SLABTOP_HEAD_LINES && y < LINES; i++)
		mvaddnstr(y++, 0, head[i], COLS);
	if (y + 1 < LINES) {
		y++;
		attron(A_REVERSE);
		mvprintw(y++, 0, "%-*.*s", COLS, COLS, SLABTOP_COLUMNS);
		attroff(A_REVERSE);
	}
	for (r = 0; r < s->caches.n && y < LINES; r++) {
		row_text(line, sizeof(line), &s->rows[r]);
		mvaddnstr(y++, 0, line, COLS);
	}
	refresh();
}

/* ncurses: redraw every delay, keys sort, space redraws, q quits */
static int slabtop_curses(struct mmlab *m, struct slabtop_opts *o)
{
	struct slabtop_snap s = { 0 };
	SCREEN *scr;
	int err = 0, ch, k;
	char key[2] = "";

	scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		fprintf(stderr,
			"mmlab: slabtop: cannot draw on this terminal (TERM=%s); try -o\n",
			getenv("TERM") ? getenv("TERM") : "");
		return MMLAB_EXIT_FAIL;
	}
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	curs_set(0);
	while (!slabtop_stop) {
		err = snap_take(m, &s, o->sort);
		if (err)
			break;
		curses_draw(&s);
		timeout(o->delay_ms);
		ch = getch();
		if (ch == 'q' || ch == 'Q')
			break;
		if (ch > 0 && ch < 128) {
			key[0] = (char)ch;
			k = parse_sort(key);
			if (k >= 0)
				o->sort = k;
		}
	}
	endwin();
	delscreen(scr);
	snap_release(&s);
	return err;
}

int cmd_slabtop(struct mmlab *m)
{
	struct slabtop_opts o = { 0 };
	struct slabtop_snap s = { 0 };
	struct sigaction sa;
	int err;

	if (mmlab_argv_match(m, "help")) {
		slabtop_help(stdout);
		return MMLAB_EXIT_OK;
	}
	err = parse_slabtop(m, &o);
	if (!err)
		err = mmlab_nl(m);
	if (err)
		return err;

	if (o.once || o.svg) {
		err = snap_take(m, &s, o.sort);
		if (err)
			return err;
		if (o.svg) {
			err = slabtop_svg(o.svg, s.rows, s.caches.n, o.sort);
			if (err) {
				fprintf(stderr, "mmlab: slabtop: %s: %s\n", o.svg,
					strerror(-err));
				err = MMLAB_EXIT_FAIL;
			}
		} else {
			new_json_obj(m->json, m->pretty);
			print_slabtop(s.rows, s.caches.n, o.sort);
			delete_json_obj();
		}
		snap_release(&s);
		return err;
	}

	/* no SA_RESTART: a signal ends the nap (and ncurses' wait) at once */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = slabtop_on_stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (!m->json && isatty(STDOUT_FILENO) && isatty(STDIN_FILENO))
		return slabtop_curses(m, &o);
	return slabtop_batch(m, &o);
}
