/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the object commands share: the parsed command line, the lazily
 * opened netlink handle and the error helpers.
 *
 * Exit status: 0 success, 1 failure (the kernel said no, the module is
 * not loaded, validate found errors), 2 usage error.
 */
#ifndef _MMLAB_H
#define _MMLAB_H

#include <stdbool.h>
#include <stdio.h>

#include "nl.h"

#ifndef __printf
#define __printf(a, b)	__attribute__((format(printf, a, b)))
#endif
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

enum {
	MMLAB_EXIT_OK = 0,
	MMLAB_EXIT_FAIL = 1,
	MMLAB_EXIT_USAGE = 2,
};

/* --color=WHEN */
enum mmlab_color {
	MMLAB_COLOR_AUTO,
	MMLAB_COLOR_ALWAYS,
	MMLAB_COLOR_NEVER,
};

struct mmlab {
	int argc;
	char **argv;
	bool json;
	bool pretty;
	enum mmlab_color color;
	bool nl_open;
	struct mmlab_nl nl;
};

/* the argument cursor: current word or NULL, advance, exact match */
const char *mmlab_argv(struct mmlab *m);
void mmlab_arg_inc(struct mmlab *m);
bool mmlab_argv_match(struct mmlab *m, const char *word);

/* The terminal's size, or $COLUMNS, or 80 columns; rows 0: unknown. */
void mmlab_term_size(unsigned int *cols, unsigned int *rows);

/*
 * "--name VALUE" or "--name=VALUE": 1 and *val (NULL when VALUE is
 * missing) if the current word is that option, else 0. Consumes what it
 * takes.
 */
int mmlab_opt_value(struct mmlab *m, const char *name, const char **val);

/* "persistent" or "transient" as the current word: consumed, true */
bool mmlab_take_lifetime(struct mmlab *m, bool *persistent);

/* 0 if no arguments are left, else a usage error (exit status 2) */
int mmlab_no_more_args(struct mmlab *m, const char *what);

/* a usage error: one line on stderr, exit status 2 */
__printf(2, 3)
int mmlab_usage_error(const char *hint, const char *fmt, ...);

/* open netlink on first use; 0, or an exit status after a message */
int mmlab_nl(struct mmlab *m);
/*
 * The prologue of a command "what" that has read all its arguments and
 * talks to the module: no arguments left, netlink open. 0, or an exit
 * status after a message.
 */
int mmlab_nl_ready(struct mmlab *m, const char *what);

/* "mmlab: what: strerror[: detail]"; returns MMLAB_EXIT_FAIL */
int mmlab_perror(struct mmlab *m, const char *what, int err);

struct mmlab_status;
/*
 * The common prologue of a command "what" that reads the status: no
 * arguments left, netlink open, STATUS_GET into @st. 0, or an exit status
 * after a message.
 */
int mmlab_status(struct mmlab *m, const char *what, struct mmlab_status *st);

/* parse.c: 0, -EINVAL (not a number of that form) or -ERANGE */
int mmlab_parse_u64(const char *s, unsigned long long *v);
int mmlab_parse_u32(const char *s, unsigned int min, unsigned int max,
		    unsigned int *v);
/* "0x1f" (hex) or "31" (decimal), a u64 */
int mmlab_parse_handle(const char *s, unsigned long long *v);
/* bytes: "4096", "4K", "2M", "1G" (binary units, either case) */
int mmlab_parse_size(const char *s, unsigned long long *v);
/* "unmovable", "movable", "reclaimable" */
int mmlab_parse_mt(const char *s, unsigned int *mt);
/* seconds, up to 3 decimals ("2", "0.5"), > 0 and <= a day, in ms */
#define MMLAB_INTERVAL_MAX_S	86400
int mmlab_parse_interval(const char *s, unsigned int *ms);
/* "auto", "always", "never" */
int mmlab_parse_color(const char *s, enum mmlab_color *c);
/* "buddy", "fit" (enum mmlab_allocator) */
int mmlab_parse_allocator(const char *s, unsigned int *allocator);
/* "first", "next", "best", "worst", "quick" (enum mmlab_placement) */
int mmlab_parse_policy(const char *s, unsigned int *policy);
/*
 * "red-zone,poison": enum mmlab_cache_flags, by their YNL names
 * (hwcache-align, red-zone, poison, ctor, checks), comma-separated
 */
int mmlab_parse_cache_flags(const char *s, unsigned int *flags);
/* the name of bit @bit of enum mmlab_cache_flags, or NULL */
const char *mmlab_cache_flag_name(unsigned int bit);
/* bytes of a range: "0x2000" (hex), or a size as mmlab_parse_size() */
int mmlab_parse_len(const char *s, unsigned long long *v);
/* pages to grow: "3" or "-3", not 0, within a signed 64-bit number */
int mmlab_parse_pages(const char *s, long long *v);
/*
 * protections, enum mmlab_prot bits: "none", the letters r, w, x each at
 * most once ("rw", "rx"), or /proc/PID/maps' form ("r-x", "---")
 */
int mmlab_parse_prot(const char *s, unsigned int *prot);
/* @prot as "r-x" into @buf, MMLAB_PROT_STR_LEN bytes */
#define MMLAB_PROT_STR_LEN	4
const char *mmlab_prot_str(unsigned int prot, char *buf);
/* "code", "data", "heap", "stack", "shared" (enum mmlab_region_kind) */
int mmlab_parse_region_kind(const char *s, unsigned int *kind);
/* "lru", "random" (enum mmlab_tlb_repl) */
int mmlab_parse_tlb_repl(const char *s, unsigned int *repl);
/* names of enum values; NULL for a value the tool does not know */
const char *mmlab_mt_name(unsigned int mt);
const char *mmlab_state_name(unsigned int state);
const char *mmlab_allocator_name(unsigned int allocator);
const char *mmlab_policy_name(unsigned int policy);
const char *mmlab_region_kind_name(unsigned int kind);
/* the YNL spec's names: "zero", "cow-copy", ... */
const char *mmlab_fault_name(unsigned int kind);
const char *mmlab_access_kind_name(unsigned int kind);
const char *mmlab_tlb_repl_name(unsigned int repl);

/* buddy.c, shared with frag.c and monitor.c */
void print_block(const struct mmlab_block *b);
void print_compact(const struct mmlab_compact *c, bool one_line);
typedef int (*mmlab_dump_fn)(struct mmlab_nl *nl, struct mmlab_blocks *b);

/*
 * A dump of the arena's blocks (mmlab_nl_pagemap or mmlab_nl_freelist),
 * tried again while the kernel flags it inconsistent (NLM_F_DUMP_INTR),
 * at most MMLAB_DUMP_TRIES times; then *inconsistent is set and a warning
 * printed, and the last snapshot is kept. 0, or an exit status after a
 * message.
 */
#define MMLAB_DUMP_TRIES	5
int mmlab_dump(struct mmlab *m, const char *what, mmlab_dump_fn dump,
	       struct mmlab_blocks *blocks, bool *inconsistent);

int cmd_arena(struct mmlab *m);
int cmd_buddy(struct mmlab *m);
int cmd_allocator(struct mmlab *m);
/* frag.c: the picture options that frag and frag compare share */
struct pic_opts {
	const char *svg;		/* --svg FILE */
	unsigned long long group;	/* --group N; 0: fit the map */
	unsigned int width;		/* --width COLS; 0: the terminal's */
	enum mmlab_color when;		/* --color[=WHEN] */
	bool color;			/* ANSI colors: set by pic_opts_done() */
};

/*
 * The current word as one of the picture options of @cmd ("frag", "frag
 * compare"): -1 if it is none, 0 if it was taken with its value, else the
 * exit status of a usage error.
 */
int pic_opt(struct mmlab *m, const char *cmd, struct pic_opts *p);
/* After the last word: 0, or a usage error; decides p->color. */
int pic_opts_done(struct mmlab *m, const char *cmd, struct pic_opts *p);

int cmd_frag(struct mmlab *m);
int cmd_frag_compare(struct mmlab *m);
/* frag.c: the fit allocator's size classes as map.c's bars (allocator.c) */
struct map_view;
void frag_view_fit(const struct mmlab_fit_info *fi, struct map_view *v);
int cmd_stats(struct mmlab *m);
int cmd_monitor(struct mmlab *m);

/*
 * cache.c: what a cache's slabs hold, after tools/mm/slabinfo.c:
 *	slab_bytes = num_slabs * (page_size << order)
 *	used       = live * object_size
 *	loss       = slab_bytes - used
 *	efficiency = used / slab_bytes	(1.000 without a slab)
 *	use        = active_objs / num_objs	(0.000 without an object)
 * The fractions in thousandths. For a kmalloc class also the bytes its
 * live objects were granted (used) and those asked for (requested).
 */
struct cache_usage {
	unsigned long long slab_bytes;
	unsigned long long used;
	unsigned long long loss;
	unsigned int use;
	unsigned int efficiency;
	unsigned long long granted;
	unsigned long long requested;
};

void cache_usage(const struct mmlab_cache *c, unsigned int page_size,
		 struct cache_usage *u);
/*
 * Every cache (the CACHE_GET dump, into @caches, emptied first) and the
 * arena's page size; netlink open. 0, or an exit status after a message.
 */
int cache_dump(struct mmlab *m, const char *what, struct mmlab_caches *caches,
	       unsigned int *page_size);
int cmd_cache(struct mmlab *m);
int cmd_kmalloc(struct mmlab *m);
int cmd_kfree(struct mmlab *m);
int cmd_slabtop(struct mmlab *m);

/*
 * space.c: the arguments of the MMU's commands, read and consumed: a
 * space id (1..2^32-1) and an address (0xHEX or decimal). 0, or a usage
 * error of @cmd pointing at "mmlab @hint".
 */
int space_arg_id(struct mmlab *m, const char *hint, const char *cmd,
		 __u32 *id);
int space_arg_addr(struct mmlab *m, const char *hint, const char *cmd,
		   __u64 *addr);
/* "10/10/12": @s's index bits per level, then its offset bits */
const char *space_split(const struct mmlab_space_info *s, char *buf,
			size_t len);
/*
 * What accesses did, as text lines or JSON keys of the open object: of
 * the space @s (whose levels it shows; an inverted space's walks read
 * anchors and chain entries), or of every space (@s NULL).
 */
void print_access(const struct mmlab_access_info *a,
		  const struct mmlab_space_info *s);
int cmd_space(struct mmlab *m);
int cmd_translate(struct mmlab *m);
int cmd_tlb(struct mmlab *m);
int cmd_access(struct mmlab *m);

#endif /* _MMLAB_H */
