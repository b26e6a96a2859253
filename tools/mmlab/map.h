/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The picture of an arena: `mmlab frag` draws the module's arena with it,
 * `mmlab frag compare` the arenas of its replays. Knows neither netlink nor
 * the print API: a view goes in, text or SVG comes out.
 *
 * A view is the arena as runs of frames (a block, a hole) of one kind,
 * plus the free lists per order and their fragmentation indices. The map
 * draws the frames as cells, @group frames a cell, @cols cells a row; a
 * cell shows the kind most of its frames have (ties go to the used
 * kinds), in capitals where a block starts inside the cell:
 *
 *	   0 |MMMMmmmmU.......|     M movable, U unmovable, R reclaimable,
 *	  16 |pp..............|     X used (no type), p per-CPU, . free
 */
#ifndef _MMLAB_MAP_H
#define _MMLAB_MAP_H

#include <stdbool.h>
#include <stdio.h>

/* what a frame is; the order of the tie-break, used kinds first */
enum map_kind {
	MAP_UNMOVABLE,
	MAP_RECLAIMABLE,
	MAP_MOVABLE,
	MAP_USED,		/* used, of no (known) migratetype */
	MAP_PCP,
	MAP_FREE,
	MAP_NR_KINDS,
};

#define MAP_ORDERS		32
#define MAP_CELLS_MAX		(1ULL << 20)
#define MAP_ROWS_DEFAULT	32	/* when not drawing on a terminal */

/* frames start..start+len-1 are of one kind; order: a free block's */
struct map_run {
	unsigned long long start;
	unsigned long long len;
	enum map_kind kind;
	int order;		/* free runs: the order of the block, else -1 */
};

/*
 * The free blocks of one order (a buddy's free list; for a fit allocator
 * the holes of 2^order up to 2^(order+1)-1 units, the last order taking
 * every larger hole), the frames in them, and the indices (thousandths).
 */
struct map_order {
	unsigned long long blocks;
	unsigned long long frames;
	int unusable;
	int extfrag;
};

/*
 * @typed: the runs carry migratetypes and per-CPU frames (a buddy), else
 * they are used (MAP_USED) or free (a fit allocator, in units)
 * @note: a line under the title, or NULL
 */
struct map_view {
	const char *title;
	const char *note;
	bool typed;
	unsigned long long frames;
	unsigned int nr_orders;		/* 0..nr_orders-1 */
	struct map_order orders[MAP_ORDERS];
	unsigned long long internal_frag;	/* bytes */
	int largest;			/* largest free order, -1: none */
	unsigned long long largest_frames;	/* frames in the largest */
	const struct map_run *runs;
	size_t nr_runs;
};

struct map_layout {
	unsigned long long frames;
	unsigned long long group;	/* frames a cell, a power of two */
	unsigned long long cells;	/* frames / group, rounded up */
	unsigned int cols;		/* cells a row, a power of two */
	unsigned int rows;
	unsigned int label_w;		/* digits of the row labels */
};

struct map_cell {
	unsigned int count[MAP_NR_KINDS];	/* frames of each kind */
	bool head[MAP_NR_KINDS];	/* a run of that kind starts here */
	int free_order;			/* largest free block touching, -1 */
};

/*
 * Fit @frames into rows of at most @width columns (row labels included)
 * and at most @max_rows rows, @group frames a cell; @group 0 picks the
 * smallest power of two that fits. -E2BIG if that makes more than
 * MAP_CELLS_MAX cells, -EINVAL for a group that is no power of two.
 */
int map_layout(unsigned long long frames, unsigned int width,
	       unsigned int max_rows, unsigned long long group,
	       struct map_layout *l);

/* @cells: l->cells entries, filled from the view's runs */
void map_cells(const struct map_view *v, const struct map_layout *l,
	       struct map_cell *cells);
enum map_kind map_dominant(const struct map_cell *c);
char map_char(const struct map_cell *c);

/* frames of each kind over the view's runs */
void map_totals(const struct map_view *v,
		unsigned long long totals[MAP_NR_KINDS]);

/* 0 (red, small) .. 5 (green, big): the color step of a free order */
unsigned int map_order_level(int order, unsigned int max_order);

/* text: the map rows, with ANSI colors if @color */
void map_print(FILE *f, const struct map_layout *l,
	       const struct map_cell *cells, unsigned int max_order,
	       bool color);
void map_print_legend(FILE *f, const struct map_view *v,
		      const struct map_layout *l, bool color);
/*
 * text: one line per order (a fit's size class), a bar for its share of
 * the free frames
 */
void map_print_orders(FILE *f, const struct map_view *v, bool color);
#define MAP_BAR_WIDTH	24
/* '#'s of a bar @width wide for @part of @total; at least one if @part */
unsigned int map_bar_len(unsigned long long part, unsigned long long total,
			 unsigned int width);
/* JSON: the "orders" array, an object per order */
void map_print_orders_json(const struct map_order *orders,
			   unsigned int nr_orders);

/* XML character data: & < > " ' escaped, other control characters '?' */
void svg_escape(FILE *f, const char *s);

/* one arena of an SVG document */
struct map_panel {
	const struct map_view *view;
	const struct map_layout *layout;
	const struct map_cell *cells;
};

/*
 * A line chart of some quantity over time: one polyline per series, all
 * on the same x values (events), each with a <title> listing its points
 * ("name: x:y x:y ..."), so that a viewer shows them and a test reads them.
 *
 * With @labels, a bar chart instead: a group of bars per point, named by
 * its label under the axis (x is not used), a bar per series in the
 * group; each series' bars are one <g> whose <title> lists them
 * ("name: label:y label:y ...").
 */
struct svg_chart {
	const char *title;		/* what y is, e.g. "largest hole" */
	unsigned int nr_series;
	const char *const *names;	/* nr_series */
	const unsigned long long *x;	/* nr_points, increasing */
	const unsigned long long *y;	/* nr_series rows of nr_points */
	size_t nr_points;
	const char *const *labels;	/* bars: nr_points; NULL: lines */
};

/*
 * A standalone SVG document: @title, then per panel its title and note,
 * the map, the legend, and a bar per order with the free blocks and the
 * indices; then the @nr_charts charts (those without a point are left
 * out). No panel is fine: a document of charts. Returns 0 or -EIO if writing
 * failed.
 */
int svg_write(FILE *f, const char *title, const struct map_panel *panels,
	      unsigned int n, const struct svg_chart *charts,
	      unsigned int nr_charts);
/*
 * The same into @path, by way of @path.tmp and a rename, so that a reader
 * never sees half a picture. 0 or a negative errno.
 */
int svg_write_file(const char *path, const char *title,
		   const struct map_panel *panels, unsigned int n,
		   const struct svg_chart *charts, unsigned int nr_charts);

#endif /* _MMLAB_MAP_H */
