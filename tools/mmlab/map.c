// SPDX-License-Identifier: GPL-2.0
/*
 * The picture of an arena (see map.h): layout, cells, text and SVG.
 *
 * Layout: a row holds a power of two of cells, as many as the width
 * allows, so that rows start at aligned frames and an aligned block never
 * looks shifted; a cell holds a power of two of frames, the smallest that
 * keeps the map within the rows allowed. Cells are computed in one pass
 * over the runs, each run adding its frames to the cells it covers.
 *
 * Colors (text: ANSI SGR, only if asked; SVG: fills): used frames by
 * migratetype, free frames by the order of their free block, from red
 * (order 0, the fragments) to green (the largest orders).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "map.h"
#include "print.h"

static unsigned int digits(unsigned long long v)
{
	unsigned int n = 1;

	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

int map_layout(unsigned long long frames, unsigned int width,
	       unsigned int max_rows, unsigned long long group,
	       struct map_layout *l)
{
	unsigned int label_w = digits(frames ? frames - 1 : 0);
	unsigned int avail, cols = 8;

	if (group & (group - 1))
		return -EINVAL;
	/* "LABEL |cells|" */
	avail = width > label_w + 3 ? width - label_w - 3 : 0;
	while (cols * 2 <= avail && cols < (1U << 16))
		cols *= 2;
	if (!max_rows)
		max_rows = 1;
	if (!group) {
		group = 1;
		while ((frames + group - 1) / group >
		       (unsigned long long)cols * max_rows)
			group *= 2;
	}
	memset(l, 0, sizeof(*l));
	l->frames = frames;
	l->group = group;
	l->cells = (frames + group - 1) / group;
	if (l->cells > MAP_CELLS_MAX)
		return -E2BIG;
	/* a map narrower than a row: no padding */
	while (cols > 1 && cols / 2 >= l->cells)
		cols /= 2;
	l->cols = cols;
	l->rows = (l->cells + cols - 1) / cols;
	l->label_w = l->rows ? digits((l->rows - 1ULL) * cols * group) : 1;
	return 0;
}

void map_cells(const struct map_view *v, const struct map_layout *l,
	       struct map_cell *cells)
{
	unsigned long long i, f, end, next;
	size_t r;

	memset(cells, 0, l->cells * sizeof(*cells));
	for (i = 0; i < l->cells; i++)
		cells[i].free_order = -1;
	for (r = 0; r < v->nr_runs; r++) {
		const struct map_run *run = &v->runs[r];
		struct map_cell *c;

		if (run->start >= l->frames || !run->len ||
		    run->kind >= MAP_NR_KINDS)
			continue;
		end = run->len > l->frames - run->start ? l->frames :
		      run->start + run->len;
		cells[run->start / l->group].head[run->kind] = true;
		for (f = run->start; f < end; f = next) {
			c = &cells[f / l->group];
			next = (f / l->group + 1) * l->group;
			if (next > end)
				next = end;
			c->count[run->kind] += next - f;
			if (run->kind == MAP_FREE && run->order > c->free_order)
				c->free_order = run->order;
		}
	}
}

enum map_kind map_dominant(const struct map_cell *c)
{
	unsigned int k, best = MAP_NR_KINDS, n = 0;

	for (k = 0; k < MAP_NR_KINDS; k++) {
		if (c->count[k] > n) {
			n = c->count[k];
			best = k;
		}
	}
	return best;
}

char map_char(const struct map_cell *c)
{
	static const char chars[MAP_NR_KINDS] = "URMXp.";
	enum map_kind k = map_dominant(c);

	if (k == MAP_NR_KINDS)
		return ' ';	/* frames no run covers */
	if (k <= MAP_USED && !c->head[k])
		return chars[k] - 'A' + 'a';
	return chars[k];
}

void map_totals(const struct map_view *v,
		unsigned long long totals[MAP_NR_KINDS])
{
	size_t r;

	memset(totals, 0, MAP_NR_KINDS * sizeof(totals[0]));
	for (r = 0; r < v->nr_runs; r++)
		if (v->runs[r].kind < MAP_NR_KINDS)
			totals[v->runs[r].kind] += v->runs[r].len;
}

#define LEVELS	6

unsigned int map_order_level(int order, unsigned int max_order)
{
	unsigned int level;

	if (order < 0)
		return 0;
	if (!max_order)
		return LEVELS - 1;
	level = (unsigned int)order * (LEVELS - 1) / max_order;
	return level < LEVELS ? level : LEVELS - 1;
}

/* ANSI SGR: used kinds on a background, the rest in a foreground color */
static const char * const sgr_kind[MAP_NR_KINDS] = {
	[MAP_UNMOVABLE]		= "97;41",
	[MAP_RECLAIMABLE]	= "30;43",
	[MAP_MOVABLE]		= "97;44",
	[MAP_USED]		= "30;47",
	[MAP_PCP]		= "35",
};

static const char * const sgr_level[LEVELS] = {
	"31", "91", "33", "93", "32", "92",
};

/* the colors of cells, in ANSI SGR or SVG fills */
struct palette {
	const char *none;		/* a cell of no kind */
	const char * const *kind;	/* by kind, MAP_NR_KINDS */
	const char * const *level;	/* free cells, LEVELS */
};

static const struct palette sgr_palette = { "0", sgr_kind, sgr_level };

/* used cells by their dominant kind, free ones by their block's order */
static const char *cell_color(const struct map_cell *c,
			      unsigned int max_order, const struct palette *p)
{
	enum map_kind k = map_dominant(c);

	if (k == MAP_NR_KINDS)
		return p->none;
	if (k == MAP_FREE)
		return p->level[map_order_level(c->free_order, max_order)];
	return p->kind[k];
}

void map_print(FILE *f, const struct map_layout *l,
	       const struct map_cell *cells, unsigned int max_order,
	       bool color)
{
	unsigned long long i = 0;
	unsigned int r, c;

	for (r = 0; r < l->rows; r++) {
		const char *cur = NULL;

		fprintf(f, "%*llu |", l->label_w,
			(unsigned long long)r * l->cols * l->group);
		for (c = 0; c < l->cols; c++, i++) {
			if (i >= l->cells) {
				if (cur)
					fputs("\033[0m", f);
				cur = NULL;
				fputc(' ', f);
				continue;
			}
			if (color) {
				const char *s = cell_color(&cells[i], max_order,
							   &sgr_palette);

				if (!cur || strcmp(cur, s))
					fprintf(f, "\033[0;%sm", s);
				cur = s;
			}
			fputc(map_char(&cells[i]), f);
		}
		if (cur)
			fputs("\033[0m", f);
		fputs("|\n", f);
	}
}

static void legend_item(FILE *f, bool color, const char *sgr,
			const char *sample, const char *text)
{
	if (color)
		fprintf(f, "  \033[0;%sm%s\033[0m %s", sgr, sample, text);
	else
		fprintf(f, "  %s %s", sample, text);
}

void map_print_legend(FILE *f, const struct map_view *v,
		      const struct map_layout *l, bool color)
{
	unsigned int o, max = v->nr_orders ? v->nr_orders - 1 : 0;

	fprintf(f, "legend: a cell is %llu frame%s, drawn as what most of %s\n",
		l->group, l->group == 1 ? "" : "s",
		l->group == 1 ? "it is" : "them are");
	if (v->typed) {
		legend_item(f, color, sgr_kind[MAP_UNMOVABLE], "U",
			    "unmovable");
		legend_item(f, color, sgr_kind[MAP_MOVABLE], "M", "movable");
		legend_item(f, color, sgr_kind[MAP_RECLAIMABLE], "R",
			    "reclaimable");
		legend_item(f, color, sgr_kind[MAP_PCP], "p", "per-CPU");
	} else {
		legend_item(f, color, sgr_kind[MAP_USED], "X", "used");
	}
	legend_item(f, color, sgr_level[LEVELS - 1], ".", "free\n");
	fprintf(f, "  capital: a %s starts in the cell",
		v->typed ? "block" : "partition");
	if (color && v->nr_orders) {
		fputs(v->typed ? "; free by order:" : "; holes by class:", f);
		for (o = 0; o <= max; o++)
			fprintf(f, " \033[0;%sm%u\033[0m",
				sgr_level[map_order_level(o, max)], o);
	}
	fputc('\n', f);
}

unsigned int map_bar_len(unsigned long long part, unsigned long long total,
			 unsigned int width)
{
	unsigned long long len;

	if (!total)
		return 0;
	len = (part * width + total / 2) / total;
	if (part && !len)
		len = 1;
	return len < width ? len : width;
}

void map_print_orders(FILE *f, const struct map_view *v, bool color)
{
	unsigned int o, i, max = v->nr_orders ? v->nr_orders - 1 : 0;
	unsigned long long total = 0, frames, len;
	char u[MILLI_BUF_LEN], e[MILLI_BUF_LEN];

	for (o = 0; o < v->nr_orders; o++)
		total += v->orders[o].frames;
	if (v->typed)
		fprintf(f, "order   blocks   frames  share  %-*s  unusable  extfrag\n",
			MAP_BAR_WIDTH + 2, "free frames");
	else
		fprintf(f, "class    holes   frames  share  %-*s  unusable  extfrag\n",
			MAP_BAR_WIDTH + 2, "hole frames");
	for (o = 0; o < v->nr_orders; o++) {
		frames = v->orders[o].frames;
		len = map_bar_len(frames, total, MAP_BAR_WIDTH);
		fprintf(f, "%5u %8llu %8llu %5.1f%% |", o, v->orders[o].blocks,
			frames, total ? 100.0 * frames / total : 0.0);
		if (color && len)
			fprintf(f, "\033[0;%sm",
				sgr_level[map_order_level(o, max)]);
		for (i = 0; i < MAP_BAR_WIDTH; i++) {
			if (i == len && color && len)
				fputs("\033[0m", f);
			fputc(i < len ? '#' : ' ', f);
		}
		if (color && len == MAP_BAR_WIDTH)
			fputs("\033[0m", f);
		fprintf(f, "| %9s %8s\n",
			format_milli(u, sizeof(u), v->orders[o].unusable),
			format_milli(e, sizeof(e), v->orders[o].extfrag));
	}
}

void map_print_orders_json(const struct map_order *orders,
			   unsigned int nr_orders)
{
	unsigned int o;

	open_json_array("orders");
	for (o = 0; o < nr_orders; o++) {
		open_json_object(NULL);
		print_u32(PRINT_JSON, "order", NULL, o);
		print_u64(PRINT_JSON, "free", NULL, orders[o].blocks);
		print_u64(PRINT_JSON, "frames", NULL, orders[o].frames);
		print_milli(PRINT_JSON, "unusable", NULL, orders[o].unusable);
		print_milli(PRINT_JSON, "extfrag", NULL, orders[o].extfrag);
		close_json_object();
	}
	close_json_array();
}

void svg_escape(FILE *f, const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&apos;", f);
			break;
		default:
			/* XML 1.0 allows no other control character */
			if (*p < 0x20 && *p != '\t' && *p != '\n')
				fputc('?', f);
			else
				fputc(*p, f);
		}
	}
}

static const char * const svg_kind[MAP_NR_KINDS] = {
	[MAP_UNMOVABLE]		= "#d62728",
	[MAP_RECLAIMABLE]	= "#e7ba52",
	[MAP_MOVABLE]		= "#1f77b4",
	[MAP_USED]		= "#7f7f7f",
	[MAP_PCP]		= "#9467bd",
};

/* free cells: pale, so that used blocks stand out */
static const char * const svg_level[LEVELS] = {
	"#fcbba1", "#fdd0a2", "#fee391", "#e5f5b0", "#c7e9c0", "#a1d99b",
};

/* bars: strong */
static const char * const svg_bar[LEVELS] = {
	"#de2d26", "#fc8d59", "#fec44f", "#d9ef8b", "#91cf60", "#1a9850",
};

static const struct palette svg_palette = {
	"#ffffff", svg_kind, svg_level
};

#define SVG_MARGIN	16
#define SVG_LINE	16
#define SVG_BAR		240
#define SVG_MIN_WIDTH	900

static unsigned int cell_px(const struct map_layout *l)
{
	unsigned int px = l->cols ? 768 / l->cols : 12;

	return px < 2 ? 2 : px > 24 ? 24 : px;
}

static unsigned int panel_width(const struct map_panel *p)
{
	unsigned int w = 2 * SVG_MARGIN + 64 + p->layout->cols *
			 cell_px(p->layout);

	return w < SVG_MIN_WIDTH ? SVG_MIN_WIDTH : w;
}

static unsigned int panel_height(const struct map_panel *p)
{
	return SVG_LINE * (p->view->note ? 2 : 1) + 8 +
	       p->layout->rows * cell_px(p->layout) + 8 +
	       SVG_LINE * 2 + 8 +
	       SVG_LINE * (p->view->nr_orders + 2) + 2 * SVG_MARGIN;
}

static void svg_text(FILE *f, unsigned int x, unsigned int y,
		     const char *attrs, const char *s)
{
	fprintf(f, "<text x=\"%u\" y=\"%u\"%s>", x, y, attrs);
	svg_escape(f, s);
	fputs("</text>\n", f);
}

static void svg_swatch(FILE *f, unsigned int *x, unsigned int y,
		       const char *fill, const char *label)
{
	fprintf(f,
		"<rect x=\"%u\" y=\"%u\" width=\"10\" height=\"10\" fill=\"%s\" stroke=\"#444\" stroke-width=\"0.5\"/>\n",
		*x, y - 9, fill);
	svg_text(f, *x + 14, y, "", label);
	*x += 14 + 8 * (unsigned int)strlen(label) + 8;
}

/* the map: one rect per run of equal cells in a row, a line per head */
static unsigned int svg_map(FILE *f, const struct map_panel *p,
			    unsigned int y)
{
	const struct map_layout *l = p->layout;
	unsigned int px = cell_px(l), r, c, x0 = SVG_MARGIN + 64;
	unsigned int max = p->view->nr_orders ? p->view->nr_orders - 1 : 0;
	char label[32];

	fputs("<g class=\"map\">\n", f);
	for (r = 0; r < l->rows; r++) {
		unsigned long long first = (unsigned long long)r * l->cols;
		unsigned int run = 0;

		snprintf(label, sizeof(label), "%llu", first * l->group);
		svg_text(f, x0 - 6, y + (r + 1) * px - 1,
			 " text-anchor=\"end\" font-size=\"9\"",
			 px >= 8 || !(r % 8) ? label : "");
		for (c = 0; c < l->cols && first + c < l->cells; c++) {
			const struct map_cell *cell = &p->cells[first + c];
			const char *fill = cell_color(cell, max, &svg_palette);
			bool last = c + 1 == l->cols ||
				    first + c + 1 == l->cells ||
				    strcmp(fill, cell_color(cell + 1, max,
							    &svg_palette));

			run++;
			if (last) {
				fprintf(f,
					"<rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"%u\" fill=\"%s\"/>\n",
					x0 + (c + 1 - run) * px, y + r * px,
					run * px, px, fill);
				run = 0;
			}
		}
		for (c = 0; c < l->cols && first + c < l->cells; c++) {
			const struct map_cell *cell = &p->cells[first + c];
			enum map_kind k = map_dominant(cell);

			if (k <= MAP_USED && cell->head[k])
				fprintf(f,
					"<rect x=\"%u\" y=\"%u\" width=\"1\" height=\"%u\" fill=\"#000\" fill-opacity=\"0.5\"/>\n",
					x0 + c * px, y + r * px, px);
		}
	}
	fprintf(f,
		"<rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"%u\" fill=\"none\" stroke=\"#444\"/>\n",
		x0, y, l->cols * px, l->rows * px);
	fputs("</g>\n", f);
	return y + l->rows * px;
}

static unsigned int svg_legend(FILE *f, const struct map_panel *p,
			       unsigned int y)
{
	const struct map_view *v = p->view;
	unsigned int x = SVG_MARGIN, o, max;
	char text[96];

	max = v->nr_orders ? v->nr_orders - 1 : 0;
	snprintf(text, sizeof(text),
		 "a cell is %llu frame%s, colored by what most of them are; a dark edge: a block starts",
		 p->layout->group, p->layout->group == 1 ? "" : "s");
	svg_text(f, SVG_MARGIN, y, " font-size=\"11\"", text);
	y += SVG_LINE;
	if (v->typed) {
		svg_swatch(f, &x, y, svg_kind[MAP_UNMOVABLE], "unmovable");
		svg_swatch(f, &x, y, svg_kind[MAP_MOVABLE], "movable");
		svg_swatch(f, &x, y, svg_kind[MAP_RECLAIMABLE], "reclaimable");
		svg_swatch(f, &x, y, svg_kind[MAP_PCP], "per-CPU");
	} else {
		svg_swatch(f, &x, y, svg_kind[MAP_USED], "used");
	}
	for (o = 0; o <= max && v->nr_orders; o++) {
		snprintf(text, sizeof(text),
			 o ? "%u" : v->typed ? "free, order %u" : "holes, class %u",
			 o);
		svg_swatch(f, &x, y, svg_level[map_order_level(o, max)], text);
	}
	return y;
}

/* a row per order: bar of its share of the free frames, blocks, indices */
static unsigned int svg_orders(FILE *f, const struct map_panel *p,
			       unsigned int y)
{
	const struct map_view *v = p->view;
	unsigned int o, max = v->nr_orders ? v->nr_orders - 1 : 0;
	unsigned int xb = SVG_MARGIN + 64, xt = xb + SVG_BAR + 12;
	unsigned long long total = 0, frames;
	char text[128], u[MILLI_BUF_LEN], e[MILLI_BUF_LEN];
	char size[SIZE_BUF_LEN];

	for (o = 0; o < v->nr_orders; o++)
		total += v->orders[o].frames;
	svg_text(f, SVG_MARGIN, y, " font-weight=\"bold\"",
		 v->typed ? "order" : "class");
	svg_text(f, xb, y, " font-weight=\"bold\"",
		 "share of the free frames");
	svg_text(f, xt, y, " font-weight=\"bold\" xml:space=\"preserve\"",
		 v->typed ? "   blocks    frames  unusable   extfrag" :
		 "    holes    frames  unusable   extfrag");
	for (o = 0; o < v->nr_orders; o++) {
		y += SVG_LINE;
		frames = v->orders[o].frames;
		snprintf(text, sizeof(text), "%u", o);
		svg_text(f, SVG_MARGIN, y, "", text);
		fprintf(f, "<rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"%u\" fill=\"#eee\"/>\n",
			xb, y - 11, SVG_BAR, 12);
		if (frames)
			fprintf(f,
				"<rect x=\"%u\" y=\"%u\" width=\"%.1f\" height=\"%u\" fill=\"%s\"/>\n",
				xb, y - 11, (double)SVG_BAR * frames / total,
				12, svg_bar[map_order_level(o, max)]);
		snprintf(text, sizeof(text), "%9llu %9llu %9s %9s",
			 v->orders[o].blocks, frames,
			 format_milli(u, sizeof(u), v->orders[o].unusable),
			 format_milli(e, sizeof(e), v->orders[o].extfrag));
		svg_text(f, xt, y, " xml:space=\"preserve\"", text);
	}
	y += SVG_LINE;
	format_size(size, sizeof(size), v->internal_frag);
	if (v->largest < 0)
		snprintf(text, sizeof(text),
			 "nothing free, internal fragmentation %s", size);
	else if (v->typed)
		snprintf(text, sizeof(text),
			 "largest free order %d (%llu frames), internal fragmentation %s",
			 v->largest, v->largest_frames, size);
	else
		snprintf(text, sizeof(text),
			 "largest free block %llu frames, internal fragmentation %s",
			 v->largest_frames, size);
	svg_text(f, SVG_MARGIN, y, "", text);
	return y;
}

/* The charts' plot area, and the colors of their series. */
#define CHART_W		640
#define CHART_H		180
#define CHART_LEFT	(SVG_MARGIN + 80)
#define CHART_HEIGHT	(SVG_LINE + 8 + CHART_H + SVG_LINE * 3 + SVG_MARGIN)

static const char * const chart_colors[] = {
	"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
	"#e377c2", "#7f7f7f",
};

/* bar charts: px a bar, px between groups, px a label's character */
#define BAR_W		8
#define BAR_GAP		8
#define LABEL_CHAR	6

/* the plot's width: CHART_W, wider for bar groups that need more */
static unsigned int chart_w(const struct svg_chart *c)
{
	size_t w;

	if (!c->labels)
		return CHART_W;
	w = c->nr_points * (c->nr_series * BAR_W + BAR_GAP);
	return w > CHART_W ? (unsigned int)w : CHART_W;
}

/* room under a bar chart's axis for its labels, written downwards */
static unsigned int labels_h(const struct svg_chart *c)
{
	size_t i, len, max = 0;

	for (i = 0; c->labels && i < c->nr_points; i++) {
		len = strlen(c->labels[i]);
		if (len > max)
			max = len;
	}
	if (max > 40)
		max = 40;
	return max ? (unsigned int)max * LABEL_CHAR + 8 : 0;
}

static unsigned int chart_height(const struct svg_chart *c)
{
	return CHART_HEIGHT + (c->labels ? labels_h(c) + 4 : 0);
}

static unsigned int chart_x(const struct svg_chart *c, size_t i)
{
	unsigned long long x0 = c->x[0], x1 = c->x[c->nr_points - 1];

	if (x1 == x0)
		return CHART_LEFT;
	return CHART_LEFT + (unsigned int)((c->x[i] - x0) * CHART_W /
					   (x1 - x0));
}

/*
 * The bars of a chart whose axes are drawn, from @bottom up to @ymax at
 * CHART_H: a <g> per series, then the labels under the axis; returns
 * the y of the legend's line.
 */
static unsigned int svg_bars(FILE *f, const struct svg_chart *c,
			     unsigned int bottom, unsigned long long ymax)
{
	unsigned int group = c->nr_series * BAR_W + BAR_GAP, s, x, h;
	char attrs[96];
	size_t i;

	for (s = 0; s < c->nr_series; s++) {
		const unsigned long long *v = &c->y[s * c->nr_points];

		fprintf(f, "<g fill=\"%s\"><title>",
			chart_colors[s % (sizeof(chart_colors) /
					  sizeof(chart_colors[0]))]);
		svg_escape(f, c->names[s]);
		fputc(':', f);
		for (i = 0; i < c->nr_points; i++) {
			fputc(' ', f);
			svg_escape(f, c->labels[i]);
			fprintf(f, ":%llu", v[i]);
		}
		fputs("</title>\n", f);
		for (i = 0; i < c->nr_points; i++) {
			h = (unsigned int)(v[i] * CHART_H / ymax);
			if (v[i] && !h)
				h = 1;
			fprintf(f,
				"<rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"%u\"/>\n",
				CHART_LEFT + (unsigned int)i * group +
				BAR_GAP / 2 + s * BAR_W, bottom - h, BAR_W - 1,
				h);
		}
		fputs("</g>\n", f);
	}
	for (i = 0; i < c->nr_points; i++) {
		x = CHART_LEFT + (unsigned int)i * group + group / 2;
		snprintf(attrs, sizeof(attrs),
			 " font-size=\"10\" transform=\"rotate(90 %u %u)\"", x,
			 bottom + 6);
		svg_text(f, x, bottom + 6, attrs, c->labels[i]);
	}
	return bottom + labels_h(c) + 2 * SVG_LINE + 4;
}

/*
 * a chart: its title, axes with their end values, a polyline a series
 * (or bars, see struct svg_chart)
 */
static unsigned int svg_chart(FILE *f, const struct svg_chart *c,
			      unsigned int y)
{
	unsigned long long ymax = 1;
	unsigned int top, bottom, s, lx;
	char label[64];
	size_t i;

	svg_text(f, SVG_MARGIN, y, " font-weight=\"bold\"", c->title);
	for (i = 0; i < c->nr_series * c->nr_points; i++)
		if (c->y[i] > ymax)
			ymax = c->y[i];
	top = y + 8;
	bottom = top + CHART_H;
	fprintf(f,
		"<path d=\"M%u %u V%u H%u\" fill=\"none\" stroke=\"#444\"/>\n",
		CHART_LEFT, top, bottom, CHART_LEFT + chart_w(c));
	snprintf(label, sizeof(label), "%llu", ymax);
	svg_text(f, SVG_MARGIN, top + 10, "", label);
	svg_text(f, SVG_MARGIN, bottom, "", "0");
	if (c->labels) {
		y = svg_bars(f, c, bottom, ymax);
		lx = CHART_LEFT;
		for (s = 0; s < c->nr_series; s++)
			svg_swatch(f, &lx, y, chart_colors[s %
				   (sizeof(chart_colors) /
				    sizeof(chart_colors[0]))], c->names[s]);
		return y + SVG_LINE;
	}
	snprintf(label, sizeof(label), "event %llu", c->x[0]);
	svg_text(f, CHART_LEFT, bottom + SVG_LINE, "", label);
	snprintf(label, sizeof(label), "event %llu", c->x[c->nr_points - 1]);
	svg_text(f, CHART_LEFT + CHART_W - 8 * (unsigned int)strlen(label),
		 bottom + SVG_LINE, "", label);
	lx = CHART_LEFT;
	for (s = 0; s < c->nr_series; s++) {
		const unsigned long long *v = &c->y[s * c->nr_points];
		const char *color = chart_colors[s % (sizeof(chart_colors) /
							  sizeof(chart_colors[0]))];

		fprintf(f,
			"<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"",
			color);
		for (i = 0; i < c->nr_points; i++)
			fprintf(f, "%s%u,%u", i ? " " : "", chart_x(c, i),
				bottom - (unsigned int)(v[i] * CHART_H / ymax));
		fputs("\"><title>", f);
		svg_escape(f, c->names[s]);
		fputc(':', f);
		for (i = 0; i < c->nr_points; i++)
			fprintf(f, " %llu:%llu", c->x[i], v[i]);
		fputs("</title></polyline>\n", f);
		svg_swatch(f, &lx, bottom + 2 * SVG_LINE + 4, color,
			   c->names[s]);
	}
	return bottom + 3 * SVG_LINE;
}

int svg_write(FILE *f, const char *title, const struct map_panel *panels,
	      unsigned int n, const struct svg_chart *charts,
	      unsigned int nr_charts)
{
	unsigned int i, width = SVG_MIN_WIDTH, height = 2 * SVG_MARGIN + 24;
	unsigned int y;

	for (i = 0; i < n; i++) {
		if (panel_width(&panels[i]) > width)
			width = panel_width(&panels[i]);
		height += panel_height(&panels[i]);
	}
	for (i = 0; i < nr_charts; i++) {
		if (!charts[i].nr_points)
			continue;
		height += chart_height(&charts[i]);
		if (CHART_LEFT + chart_w(&charts[i]) + SVG_MARGIN > width)
			width = CHART_LEFT + chart_w(&charts[i]) + SVG_MARGIN;
	}
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
	fprintf(f,
		"<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%u\" height=\"%u\" viewBox=\"0 0 %u %u\" font-family=\"monospace\" font-size=\"12\">\n",
		width, height, width, height);
	fputs("<title>", f);
	svg_escape(f, title);
	fputs("</title>\n", f);
	fputs("<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n", f);
	svg_text(f, SVG_MARGIN, SVG_MARGIN + 12,
		 " font-size=\"16\" font-weight=\"bold\"", title);
	y = SVG_MARGIN + 24;
	for (i = 0; i < n; i++) {
		const struct map_panel *p = &panels[i];

		y += SVG_MARGIN;
		svg_text(f, SVG_MARGIN, y, " font-weight=\"bold\"",
			 p->view->title);
		if (p->view->note) {
			y += SVG_LINE;
			svg_text(f, SVG_MARGIN, y, "", p->view->note);
		}
		y = svg_map(f, p, y + 8);
		y = svg_legend(f, p, y + 8 + SVG_LINE);
		y = svg_orders(f, p, y + 8 + SVG_LINE);
		y += SVG_MARGIN;
	}
	for (i = 0; i < nr_charts; i++)
		if (charts[i].nr_points)
			y = svg_chart(f, &charts[i], y + SVG_MARGIN + SVG_LINE) +
			    SVG_MARGIN;
	fputs("</svg>\n", f);
	return ferror(f) ? -EIO : 0;
}

int svg_write_file(const char *path, const char *title,
		   const struct map_panel *panels, unsigned int n,
		   const struct svg_chart *charts, unsigned int nr_charts)
{
	size_t len = strlen(path) + 5;
	char *tmp = malloc(len);
	FILE *f;
	int err;

	if (!tmp)
		return -ENOMEM;
	snprintf(tmp, len, "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f) {
		err = -errno;
		free(tmp);
		return err;
	}
	err = svg_write(f, title, panels, n, charts, nr_charts);
	if (fclose(f) && !err)
		err = -errno;
	if (!err && rename(tmp, path))
		err = -errno;
	if (err)
		unlink(tmp);
	free(tmp);
	return err;
}
