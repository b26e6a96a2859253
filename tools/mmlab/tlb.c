// SPDX-License-Identifier: GPL-2.0
/*
 * mmlab tlb { show | set | help }
 *
 * The software MMU's TLB, one as one CPU's: its shape and counters
 * (TLB_GET) and its valid entries (the TLB_ENTRY_GET dump), and a new,
 * empty TLB of another shape (TLB_SET). The kernel takes what `set`
 * leaves out from its defaults (64 entries, 4 ways, LRU, with ASIDs),
 * not from the TLB it replaces; `set` prints the TLB it made.
 */
#include <linux/mmlab.h>

#include <stdio.h>
#include <string.h>

#include "mmlab.h"
#include "print.h"

static void tlb_help(FILE *f)
{
	fprintf(f,
		"Usage: mmlab tlb [ show ]\n"
		"       mmlab tlb set [ entries N ] [ ways W ] [ repl { lru | random } ] [ no-asid ]\n"
		"       mmlab tlb help\n"
		"where  N: 1..4096 entries (default 64)   W: 1..4096 ways, dividing N (default 4)\n"
		"show prints the TLB's shape, its counters and its valid entries.\n"
		"set replaces the TLB by an empty one; what it leaves out takes the\n"
		"defaults (64 entries, 4 ways, lru, with ASIDs), not the old TLB's values.\n"
		"no-asid: entries carry no space tag, and a switch of spaces flushes them.\n");
}

#define TLB_USAGE(...)	mmlab_usage_error("tlb help", __VA_ARGS__)

/* uapi: MMLAB_A_TLB_ENTRIES and MMLAB_A_TLB_WAYS, 1..4096 */
#define TLB_ENTRIES_MAX	4096

/* @num / @den in thousandths, rounded down; 0 when @den is 0 */
static int tlb_ratio(unsigned long long num, unsigned long long den)
{
	return den ? (int)((long double)num * 1000 / den) : 0;
}

/*
 * The TLB's shape and counters. Text:
 *	tlb 64 entries: 16 sets of 4 ways, lru, with ASIDs; 12 valid
 *	  hits 95, misses 5: hit ratio 95.0%; fills 5, evictions 0
 *	  flushes: all 1 (0 on a switch of spaces), of a space 0, of a range 2;
 *	    3 entries invalidated		(one line)
 * ("without ASIDs" for no-asid). JSON: "entries":64,"ways":4,"sets":16,
 * "repl":"lru","no_asid":false,"valid":12,"hits":95,"misses":5,
 * "hit_ratio":0.950,"fills":5,"evictions":0,"flush_all":1,
 * "switch_flushes":0,"flush_asid":0,"flush_range":2,"invalidated":3.
 */
static void print_tlb(const struct mmlab_tlb_info *t)
{
	int ratio = tlb_ratio(t->hits, t->hits + t->misses);
	char pct[24];

	print_u32(PRINT_ANY, "entries", "tlb %u entries", t->entries);
	print_u32(PRINT_ANY, "sets", t->sets == 1 ? ": %u set" : ": %u sets",
		  t->sets);
	print_u32(PRINT_ANY, "ways", t->ways == 1 ? " of %u way" :
		  " of %u ways", t->ways);
	print_enum(PRINT_ANY, "repl", ", %s", mmlab_tlb_repl_name(t->repl),
		   t->repl);
	print_flag(PRINT_JSON, "no_asid", NULL, t->no_asid);
	print_string(PRINT_FP, NULL, "%s", t->no_asid ? ", without ASIDs" :
		     ", with ASIDs");
	print_u32(PRINT_ANY, "valid", "; %u valid\n", t->valid);
	print_u64(PRINT_ANY, "hits", "  hits %llu", t->hits);
	print_u64(PRINT_ANY, "misses", ", misses %llu", t->misses);
	snprintf(pct, sizeof(pct), "%d.%d%%", ratio / 10, ratio % 10);
	print_string(PRINT_FP, NULL, ": hit ratio %s", pct);
	print_milli(PRINT_JSON, "hit_ratio", NULL, ratio);
	print_u64(PRINT_ANY, "fills", "; fills %llu", t->fills);
	print_u64(PRINT_ANY, "evictions", ", evictions %llu\n", t->evictions);
	print_u64(PRINT_ANY, "flush_all", "  flushes: all %llu", t->flush_all);
	print_u64(PRINT_ANY, "switch_flushes", " (%llu on a switch of spaces)",
		  t->switch_flushes);
	print_u64(PRINT_ANY, "flush_asid", ", of a space %llu", t->flush_asid);
	print_u64(PRINT_ANY, "flush_range", ", of a range %llu",
		  t->flush_range);
	print_u64(PRINT_ANY, "invalidated", "; %llu entries invalidated\n",
		  t->invalidated);
}

#define TLB_ROW_FMT	"%5s %4s %6s %18s %10s %4s %s\n"

/*
 * A valid entry, a row under TLB_ROW_FMT's head:
 *	  SET  WAY  SPACE                VPN      FRAME PROT DIRTY
 *	    3    0      1              0x403          8 rw-  yes
 * JSON: {"set":3,"way":0,"space":1,"vpn":"0x403","frame":8,"prot":"rw-",
 * "dirty":true}.
 */
static void print_tlb_entry(const struct mmlab_tlb_entry *e)
{
	char prot[MMLAB_PROT_STR_LEN], vpn[24];

	open_json_object(NULL);
	snprintf(vpn, sizeof(vpn), "0x%llx", (unsigned long long)e->vpn);
	print_u32(PRINT_ANY, "set", "%5u", e->set);
	print_u32(PRINT_ANY, "way", " %4u", e->way);
	print_u32(PRINT_ANY, "space", " %6u", e->space);
	print_string(PRINT_FP, NULL, " %18s", vpn);
	print_hex(PRINT_JSON, "vpn", NULL, e->vpn);
	print_u64(PRINT_ANY, "frame", " %10llu", e->frame);
	print_string(PRINT_ANY, "prot", " %-4s", mmlab_prot_str(e->prot, prot));
	print_flag(PRINT_JSON, "dirty", NULL, e->dirty);
	print_string(PRINT_FP, NULL, " %s\n", e->dirty ? "yes" : "no");
	close_json_object();
}

/*
 * `tlb show`: print_tlb(), then the valid entries, set by set (text: a
 * head, then a row each, if there is one). JSON: {"tlb":{...,
 * "contents":[{...},...]}}.
 */
static int tlb_show(struct mmlab *m)
{
	struct mmlab_tlb_entries entries = { 0 };
	struct mmlab_tlb_info t;
	size_t i;
	int err;

	err = mmlab_nl_ready(m, "tlb show");
	if (err)
		return err;
	err = mmlab_nl_tlb_get(&m->nl, &t);
	if (!err)
		err = mmlab_nl_tlb_entries(&m->nl, &entries);
	if (err) {
		mmlab_tlb_entries_free(&entries);
		return mmlab_perror(m, "tlb show", err);
	}
	new_json_obj(m->json, m->pretty);
	open_json_object("tlb");
	print_tlb(&t);
	if (entries.n && !is_json_context())
		printf(TLB_ROW_FMT, "SET", "WAY", "SPACE", "VPN", "FRAME",
		       "PROT", "DIRTY");
	open_json_array("contents");
	for (i = 0; i < entries.n; i++)
		print_tlb_entry(&entries.v[i]);
	close_json_array();
	close_json_object();
	delete_json_obj();
	mmlab_tlb_entries_free(&entries);
	return MMLAB_EXIT_OK;
}

/*
 * The words of `tlb set` into @req; 0 or a usage error. Whether the ways
 * divide the entries is the kernel's to say: either may be its default.
 */
static int parse_tlb_set(struct mmlab *m, struct mmlab_tlb_req *req)
{
	unsigned int v;
	const char *w;

	memset(req, 0, sizeof(*req));
	req->repl = -1;
	while ((w = mmlab_argv(m))) {
		mmlab_arg_inc(m);
		if (!strcmp(w, "no-asid")) {
			req->no_asid = true;
			continue;
		}
		if (!strcmp(w, "entries") || !strcmp(w, "ways")) {
			if (mmlab_parse_u32(mmlab_argv(m), 1, TLB_ENTRIES_MAX,
					    &v))
				return TLB_USAGE("tlb set: %s needs a number 1..4096, not \"%s\"",
						 w, mmlab_argv(m) ?
						 mmlab_argv(m) : "");
			if (w[0] == 'e')
				req->entries = v;
			else
				req->ways = v;
		} else if (!strcmp(w, "repl")) {
			if (mmlab_parse_tlb_repl(mmlab_argv(m), &v))
				return TLB_USAGE("tlb set: repl needs lru or random, not \"%s\"",
						 mmlab_argv(m) ?
						 mmlab_argv(m) : "");
			req->repl = v;
		} else {
			return TLB_USAGE("tlb set: unknown argument \"%s\"", w);
		}
		mmlab_arg_inc(m);
	}
	return 0;
}

/* Replace the TLB, then print the new one as show does (it is empty). */
static int tlb_set(struct mmlab *m)
{
	struct mmlab_tlb_req req;
	struct mmlab_tlb_info t;
	int err;

	err = parse_tlb_set(m, &req);
	if (!err)
		err = mmlab_nl(m);
	if (err)
		return err;
	err = mmlab_nl_tlb_set(&m->nl, &req);
	if (!err)
		err = mmlab_nl_tlb_get(&m->nl, &t);
	if (err)
		return mmlab_perror(m, "tlb set", err);
	new_json_obj(m->json, m->pretty);
	open_json_object("tlb");
	print_tlb(&t);
	close_json_object();
	delete_json_obj();
	return MMLAB_EXIT_OK;
}

int cmd_tlb(struct mmlab *m)
{
	if (!mmlab_argv(m) || mmlab_argv_match(m, "show"))
		return tlb_show(m);
	if (mmlab_argv_match(m, "set"))
		return tlb_set(m);
	if (mmlab_argv_match(m, "help")) {
		tlb_help(stdout);
		return MMLAB_EXIT_OK;
	}
	return TLB_USAGE("tlb: unknown command \"%s\"", mmlab_argv(m));
}
