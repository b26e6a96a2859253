// SPDX-License-Identifier: GPL-2.0
/*
 * mmlab buddy { show | alloc | free | compact | freelist | pagemap | help }
 *
 * The buddy allocator of the module: its counters (BUDDY_GET), blocks
 * allocated and freed on request (BUDDY_ALLOC, BUDDY_FREE), compaction
 * (BUDDY_COMPACT), and its free lists and page map (the FREELIST_GET and
 * PAGEMAP_GET dumps), one block per line.
 *
 * Under the fit allocator (allocator.c) the same commands allocate and
 * free its partitions, and the page map shows partitions and holes, each
 * by its size in frames: they have no order and no migratetype.
 *
 * Blocks the kernel allocates for a netlink socket are freed when that
 * socket closes, unless allocated persistent. The socket of one mmlab
 * run closes when it exits, so `buddy alloc` asks for persistent blocks
 * unless told "transient": a transient allocation only shows whether and
 * where a request would be served.
 */
#include <linux/mmlab.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mmlab.h"
#include "print.h"

static void buddy_help(FILE *f)
{
	fprintf(f,
		"Usage: mmlab buddy [ show ]\n"
		"       mmlab buddy alloc { order N | size SIZE } [ mt TYPE ] [ count N ]\n"
		"                         [ persistent | transient ]\n"
		"       mmlab buddy free HANDLE...\n"
		"       mmlab buddy compact [ order N ]\n"
		"       mmlab buddy freelist\n"
		"       mmlab buddy pagemap\n"
		"       mmlab buddy help\n"
		"where  TYPE := { unmovable | movable | reclaimable }   (default movable)\n"
		"       SIZE := BYTES[K|M|G]   N of count: 1..1024\n"
		"       HANDLE := { 0xHEX | DECIMAL }, as alloc prints it; 1..1024 of them\n"
		"alloc: blocks are persistent (they stay until freed) unless \"transient\":\n"
		"transient blocks belong to this mmlab process and are freed when it exits.\n"
		"Under the fit allocator (mmlab allocator set fit), alloc and free take\n"
		"partitions of SIZE (in whole frames, up to the arena) or of 2^N frames, and\n"
		"no mt; pagemap shows partitions and holes by their size in frames.\n");
}

/* the word after a keyword, for messages ("" at the end of the line) */
static const char *next_word(struct mmlab *m)
{
	return mmlab_argv(m) ? mmlab_argv(m) : "";
}

#define BUDDY_USAGE(...)	mmlab_usage_error("buddy help", __VA_ARGS__)

/*
 * One block, one line:
 *	frame 1024 order 3 used movable handle 0x100000001 requested 4096
 *	owner 1234 persistent
 * JSON: {"frame":1024,"order":3,"state":"used","mt":"movable",
 *	"handle":"0x100000001","requested":4096,"owner":1234,
 *	"persistent":true}, the last four only when the kernel sent them.
 * A block of the fit allocator has no order and no migratetype: its size
 * in frames stands in for the order,
 *	frame 0 frames 9 used handle 0x100000001 requested 36864 ...
 * JSON: {"frame":0,"frames":9,"state":"used","handle":...}.
 */
void print_block(const struct mmlab_block *b)
{
	open_json_object(NULL);
	print_u64(PRINT_ANY, "frame", "frame %llu", b->frame);
	if (b->has_order)
		print_u32(PRINT_ANY, "order", " order %u", b->order);
	else
		print_u64(PRINT_ANY, "frames", " frames %llu", b->frames);
	print_enum(PRINT_ANY, "state", " %s", mmlab_state_name(b->state),
		   b->state);
	if (b->has_mt)
		print_enum(PRINT_ANY, "mt", " %s", mmlab_mt_name(b->mt),
			   b->mt);
	if (b->has_handle)
		print_hex(PRINT_ANY, "handle", " handle 0x%llx", b->handle);
	if (b->has_requested)
		print_u32(PRINT_ANY, "requested", " requested %u",
			  b->requested);
	if (b->has_owner)
		print_u32(PRINT_ANY, "owner", " owner %u", b->owner);
	if (b->has_handle)
		print_flag(PRINT_ANY, "persistent", " persistent",
			   b->persistent);
	print_nl();
	close_json_object();
}

static void print_blocks(const struct mmlab_blocks *blocks)
{
	size_t i;

	open_json_array("blocks");
	for (i = 0; i < blocks->n; i++)
		print_block(&blocks->v[i]);
	close_json_array();
}

/* text: label, then the order or "none"; JSON: the order or -1 */
static void print_order_none(const char *key, const char *label, int order)
{
	print_string(PRINT_FP, NULL, "%s", label);
	if (order >= 0 || is_json_context())
		print_int(PRINT_ANY, key, "%d", order);
	else
		print_string(PRINT_FP, NULL, "%s", "none");
}

/*
 * Text:
 *	compact order 10: scanned 512 frames, moved 6 frames in 3 blocks
 *	  unusable 0.750 -> 0.000, largest free order 9 -> 10
 * one_line (mmlab monitor, after the event's name): " order 10 scanned 512
 *	moved 6 blocks 3 unusable 0.750->0.000 largest 9->10 [proactive]"
 * JSON: {"order":10,"scanned":512,"moved":6,"blocks":3,
 *	"unusable_before":0.750,"unusable_after":0.000,"largest_before":9,
 *	"largest_after":10,"proactive":false} (largest -1: nothing free)
 */
void print_compact(const struct mmlab_compact *c, bool one_line)
{
	print_u32(PRINT_ANY, "order", one_line ? " order %u" : "compact order %u",
		  c->order);
	print_u64(PRINT_ANY, "scanned",
		  one_line ? " scanned %llu" : ": scanned %llu frames",
		  c->scanned);
	print_u64(PRINT_ANY, "moved",
		  one_line ? " moved %llu" : ", moved %llu frames", c->moved);
	print_u64(PRINT_ANY, "blocks",
		  one_line ? " blocks %llu" : " in %llu blocks\n ", c->blocks);
	print_milli(PRINT_ANY, "unusable_before", " unusable %s",
		    c->unusable_before);
	print_milli(PRINT_ANY, "unusable_after", one_line ? "->%s" : " -> %s",
		    c->unusable_after);
	print_order_none("largest_before",
			 one_line ? " largest " : ", largest free order ",
			 c->largest_before);
	print_order_none("largest_after", one_line ? "->" : " -> ",
			 c->largest_after);
	print_flag(PRINT_ANY, "proactive", " proactive", c->proactive);
	if (!one_line)
		print_nl();
}

/* JSON only: {"unmovable":N,"movable":N,"reclaimable":N} */
static void print_mt_counts(const char *key, const __u64 *v)
{
	unsigned int t;

	open_json_object(key);
	for (t = 0; t < MMLAB_NL_MT_NR; t++)
		print_u64(PRINT_JSON, mmlab_mt_name(t), NULL, v[t]);
	close_json_object();
}

/*
 * Text: a summary, then one line per order. JSON: {"buddy":{...,
 * "orders":[{"order":0,...},...]}}, the keys of Documentation/tools/
 * mmlab.rst.
 */
static void print_buddy(const struct mmlab_buddy_info *bi)
{
	unsigned int o, t;

	open_json_object("buddy");
	print_u32(PRINT_ANY, "max_order", "buddy max_order %u", bi->max_order);
	print_u32(PRINT_ANY, "pageblock_order", ", pageblock order %u\n",
		  bi->pageblock_order);
	print_u64(PRINT_ANY, "free", "  free %llu frames", bi->free);
	print_u64(PRINT_ANY, "pcp", ", pcp %llu frames", bi->pcp);
	print_u32(PRINT_ANY, "pcp_batch", " (batch %u", bi->pcp_batch);
	print_u32(PRINT_ANY, "pcp_high", ", high %u)\n", bi->pcp_high);
	print_order_none("largest", "  largest free order ", bi->largest);
	print_u32(PRINT_ANY, "handles", ", handles %u", bi->handles);
	print_size(PRINT_FP, NULL, ", internal fragmentation %s\n",
		   bi->internal_frag);
	print_u64(PRINT_JSON, "internal_frag", NULL, bi->internal_frag);

	print_string(PRINT_FP, NULL, "%s", "  pageblocks");
	open_json_object("pageblocks");
	for (t = 0; t < MMLAB_NL_MT_NR; t++) {
		print_string(PRINT_FP, NULL, t ? ", %s " : " %s ",
			     mmlab_mt_name(t));
		print_u64(PRINT_ANY, mmlab_mt_name(t), "%llu",
			  bi->pageblocks[t]);
	}
	close_json_object();
	print_u64(PRINT_ANY, "steals", "\n  steals %llu", bi->steals);
	print_u64(PRINT_ANY, "claims", ", claims %llu\n", bi->claims);
	print_u64(PRINT_ANY, "pcp_refills", "  pcp refills %llu",
		  bi->pcp_refills);
	print_u64(PRINT_ANY, "pcp_drains", ", drains %llu", bi->pcp_drains);
	print_u64(PRINT_ANY, "pcp_hits", ", hits %llu\n", bi->pcp_hits);
	print_u64(PRINT_ANY, "compactions", "  compactions %llu",
		  bi->compactions);
	print_u64(PRINT_ANY, "compact_scanned", ", scanned %llu frames",
		  bi->compact_scanned);
	print_u64(PRINT_ANY, "compact_moved", ", moved %llu frames\n",
		  bi->compact_moved);
	if (bi->last_fail_order < 0 && !is_json_context()) {
		print_string(PRINT_FP, NULL, "%s", "  last failure none\n");
	} else {
		print_int(PRINT_ANY, "last_fail_order",
			  "  last failure order %d", bi->last_fail_order);
		print_milli(PRINT_ANY, "last_fail_extfrag",
			    ", extfrag index %s\n", bi->last_fail_extfrag);
	}

	print_string(PRINT_FP, NULL, "%s",
		     "order    free   unmov   movab   recla  allocs   frees  splits  merges   nomem    frag    used  intfrag unusable  extfrag\n");
	open_json_array("orders");
	for (o = 0; o < bi->nr_orders; o++) {
		const struct mmlab_order_info *oi = &bi->orders[o];

		open_json_object(NULL);
		print_u32(PRINT_ANY, "order", "%5u", o);
		print_u64(PRINT_ANY, "free", " %7llu", oi->free);
		for (t = 0; t < MMLAB_NL_MT_NR; t++)
			print_u64(PRINT_FP, NULL, " %7llu", oi->free_mt[t]);
		print_mt_counts("free_mt", oi->free_mt);
		print_u64(PRINT_ANY, "allocs", " %7llu", oi->allocs);
		print_u64(PRINT_ANY, "frees", " %7llu", oi->frees);
		print_u64(PRINT_ANY, "splits", " %7llu", oi->splits);
		print_u64(PRINT_ANY, "merges", " %7llu", oi->merges);
		print_u64(PRINT_ANY, "fail_nomem", " %7llu", oi->fail_nomem);
		print_u64(PRINT_ANY, "fail_frag", " %7llu", oi->fail_frag);
		print_u64(PRINT_ANY, "used", " %7llu", oi->used);
		print_u64(PRINT_ANY, "internal_frag", " %8llu",
			  oi->internal_frag);
		print_milli(PRINT_ANY, "unusable", " %8s", oi->unusable);
		print_milli(PRINT_ANY, "extfrag", " %8s\n", oi->extfrag);
		close_json_object();
	}
	close_json_array();
	close_json_object();
}

static int buddy_show(struct mmlab *m)
{
	struct mmlab_buddy_info bi;
	int err;

	err = mmlab_nl_ready(m, "buddy show");
	if (err)
		return err;
	err = mmlab_nl_buddy_get(&m->nl, &bi);
	if (err)
		return mmlab_perror(m, "buddy show", err);
	new_json_obj(m->json, m->pretty);
	print_buddy(&bi);
	delete_json_obj();
	return MMLAB_EXIT_OK;
}

#define ALLOC_COUNT_MAX		1024	/* uapi: MMLAB_A_COUNT 1..1024 */
#define FREE_HANDLES_MAX	1024	/* uapi: MMLAB_A_HANDLE 1..1024 */
/* larger is no order at all; the kernel refuses above its max order */
#define ORDER_ARG_MAX		63

/* the arguments of buddy alloc into @req; 0 or a usage error */
static int parse_alloc(struct mmlab *m, struct mmlab_alloc_req *req)
{
	bool have_order = false;
	const char *w;

	req->persistent = true;
	while ((w = mmlab_argv(m))) {
		mmlab_arg_inc(m);
		if (!strcmp(w, "persistent") || !strcmp(w, "transient")) {
			req->persistent = w[0] == 'p';
			continue;
		}
		if (!strcmp(w, "order") || !strcmp(w, "size")) {
			if (have_order)
				return BUDDY_USAGE("buddy alloc: give an order or a size, once");
			have_order = true;
			req->by_size = w[0] == 's';
		}
		if (!strcmp(w, "order")) {
			if (mmlab_parse_u32(mmlab_argv(m), 0, ORDER_ARG_MAX,
					    &req->order))
				return mmlab_usage_error("buddy help",
							 "buddy alloc: order needs a number 0..63, not \"%s\"",
							 next_word(m));
		} else if (!strcmp(w, "size")) {
			if (mmlab_parse_size(mmlab_argv(m), &req->size) ||
			    !req->size)
				return mmlab_usage_error("buddy help",
							 "buddy alloc: size needs bytes > 0 (K, M, G suffixes), not \"%s\"",
							 next_word(m));
		} else if (!strcmp(w, "mt")) {
			if (mmlab_parse_mt(mmlab_argv(m), &req->mt))
				return mmlab_usage_error("buddy help",
							 "buddy alloc: mt needs unmovable, movable or reclaimable, not \"%s\"",
							 next_word(m));
			req->has_mt = true;
		} else if (!strcmp(w, "count")) {
			if (mmlab_parse_u32(mmlab_argv(m), 1, ALLOC_COUNT_MAX,
					    &req->count))
				return mmlab_usage_error("buddy help",
							 "buddy alloc: count needs a number 1..1024, not \"%s\"",
							 next_word(m));
		} else {
			return BUDDY_USAGE("buddy alloc: unknown argument \"%s\"",
					   w);
		}
		mmlab_arg_inc(m);
	}
	if (!have_order)
		return BUDDY_USAGE("buddy alloc: needs an order or a size");
	return 0;
}

static int buddy_alloc(struct mmlab *m)
{
	struct mmlab_alloc_req req = { 0 };
	struct mmlab_blocks blocks = { 0 };
	int err;

	err = parse_alloc(m, &req);
	if (!err)
		err = mmlab_nl(m);
	if (err)
		return err;
	err = mmlab_nl_buddy_alloc(&m->nl, &req, &blocks);
	if (err) {
		mmlab_perror(m, "buddy alloc", err);
		mmlab_blocks_free(&blocks);
		return MMLAB_EXIT_FAIL;
	}
	new_json_obj(m->json, m->pretty);
	print_blocks(&blocks);
	delete_json_obj();
	mmlab_blocks_free(&blocks);
	return MMLAB_EXIT_OK;
}

static int buddy_free(struct mmlab *m)
{
	__u64 handles[FREE_HANDLES_MAX];
	unsigned long long id;
	unsigned int n = 0;
	int err;

	if (!mmlab_argv(m))
		return BUDDY_USAGE("buddy free: needs a handle");
	for (; mmlab_argv(m); mmlab_arg_inc(m), n++) {
		if (n == FREE_HANDLES_MAX)
			return BUDDY_USAGE("buddy free: more than 1024 handles");
		if (mmlab_parse_handle(mmlab_argv(m), &id))
			return mmlab_usage_error("buddy help",
						 "buddy free: a handle is a 64-bit number, 0xHEX or decimal, not \"%s\"",
						 mmlab_argv(m));
		handles[n] = id;
	}
	err = mmlab_nl(m);
	if (err)
		return err;
	err = mmlab_nl_buddy_free(&m->nl, handles, n);
	if (err)
		return mmlab_perror(m, "buddy free", err);
	return MMLAB_EXIT_OK;
}

static int buddy_compact(struct mmlab *m)
{
	struct mmlab_compact res;
	unsigned int order;
	int err, arg = -1;

	if (mmlab_argv_match(m, "order")) {
		if (mmlab_parse_u32(mmlab_argv(m), 0, ORDER_ARG_MAX, &order))
			return BUDDY_USAGE("buddy compact: order needs a number 0..63, not \"%s\"",
					   next_word(m));
		arg = order;
		mmlab_arg_inc(m);
	}
	err = mmlab_nl_ready(m, "buddy compact");
	if (err)
		return err;
	err = mmlab_nl_buddy_compact(&m->nl, arg, &res);
	if (err)
		return mmlab_perror(m, "buddy compact", err);
	new_json_obj(m->json, m->pretty);
	open_json_object("compact");
	print_compact(&res, false);
	close_json_object();
	delete_json_obj();
	return MMLAB_EXIT_OK;
}

int mmlab_dump(struct mmlab *m, const char *what, mmlab_dump_fn dump,
	       struct mmlab_blocks *blocks, bool *inconsistent)
{
	unsigned int tries;
	int err;

	*inconsistent = false;
	for (tries = 0; tries < MMLAB_DUMP_TRIES; tries++) {
		mmlab_blocks_free(blocks);
		err = dump(&m->nl, blocks);
		if (err) {
			mmlab_perror(m, what, err);
			mmlab_blocks_free(blocks);
			return MMLAB_EXIT_FAIL;
		}
		if (!blocks->interrupted)
			return 0;
	}
	*inconsistent = true;
	fprintf(stderr,
		"mmlab: %s: the arena changed during each of %u tries: the snapshot is inconsistent\n",
		what, MMLAB_DUMP_TRIES);
	return 0;
}

/* freelist and pagemap: a dump, one block per line */
static int buddy_dump(struct mmlab *m, const char *what, mmlab_dump_fn dump)
{
	struct mmlab_blocks blocks = { 0 };
	bool inconsistent;
	int err;

	err = mmlab_nl_ready(m, what);
	if (!err)
		err = mmlab_dump(m, what, dump, &blocks, &inconsistent);
	if (err)
		return err;
	new_json_obj(m->json, m->pretty);
	print_blocks(&blocks);
	print_flag(PRINT_JSON, "inconsistent", NULL, inconsistent);
	delete_json_obj();
	mmlab_blocks_free(&blocks);
	return inconsistent ? MMLAB_EXIT_FAIL : MMLAB_EXIT_OK;
}

int cmd_buddy(struct mmlab *m)
{
	if (!mmlab_argv(m) || mmlab_argv_match(m, "show"))
		return buddy_show(m);
	if (mmlab_argv_match(m, "alloc"))
		return buddy_alloc(m);
	if (mmlab_argv_match(m, "free"))
		return buddy_free(m);
	if (mmlab_argv_match(m, "compact"))
		return buddy_compact(m);
	if (mmlab_argv_match(m, "freelist"))
		return buddy_dump(m, "buddy freelist", mmlab_nl_freelist);
	if (mmlab_argv_match(m, "pagemap"))
		return buddy_dump(m, "buddy pagemap", mmlab_nl_pagemap);
	if (mmlab_argv_match(m, "help")) {
		buddy_help(stdout);
		return MMLAB_EXIT_OK;
	}
	return BUDDY_USAGE("buddy: unknown command \"%s\"", mmlab_argv(m));
}
