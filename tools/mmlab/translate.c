// SPDX-License-Identifier: GPL-2.0
/*
 * mmlab translate SPACE ADDR
 *
 * A page-table walk as the textbooks draw it (TRANSLATE, after SPACE_GET
 * for the space's geometry): the address cut into its index fields and
 * the page offset, then one line per entry the walk read - the level,
 * the index, the table's frame, the entry in hex and its bits decoded
 * (P R W X A D COW, the frame it names) - down to the page's frame, the
 * offset and the arena ("physical") address, frame << offset bits |
 * offset. Where the walk stops short it says why: a table missing on the
 * way, a leaf that maps nothing, a swap entry. For a space whose
 * translations are in the inverted table, the hash bucket and the chain
 * entries read instead. Whether the TLB holds the translation last.
 *
 * A translation is an inspection: the kernel sets no bit, fills no TLB
 * entry and counts nothing for it.
 */
#include <linux/mmlab.h>

#include <stdio.h>
#include <string.h>

#include "mmlab.h"
#include "print.h"

static void translate_help(FILE *f)
{
	fprintf(f,
		"Usage: mmlab translate SPACE ADDR\n"
		"       mmlab translate help\n"
		"where  SPACE: a space id (mmlab space show)   ADDR := { 0xHEX | DECIMAL }\n"
		"Walks SPACE's page table for ADDR and draws what it read: the address cut\n"
		"into index fields and offset, the entry read at each level (its bits P R W\n"
		"X A D COW and the frame it names), the frame, offset and arena address of\n"
		"the page, or where and why the walk stopped; for an inverted space, the\n"
		"hash bucket and the chain entries. Changes nothing.\n");
}

/* the entry format of kmod/core/pgtable.h, as the uapi does not have it */
#define PTE_P			0x01ULL
#define PTE_R			0x02ULL
#define PTE_W			0x04ULL
#define PTE_X			0x08ULL
#define PTE_A			0x10ULL
#define PTE_D			0x20ULL
#define PTE_COW			0x40ULL
#define PTE_FRAME_SHIFT		12
#define SWP_TYPE_SHIFT		1
#define SWP_TYPE_MASK		0x3fULL
#define IPT_NIL			0xffffffffULL

static const struct {
	unsigned long long bit;
	const char *name;
} pte_bits[] = {
	{ PTE_P, "P" }, { PTE_R, "R" }, { PTE_W, "W" }, { PTE_X, "X" },
	{ PTE_A, "A" }, { PTE_D, "D" }, { PTE_COW, "COW" },
};

/*
 * What an entry says. Present: its bits set, the frame it names,
 * text " P R W A -> frame 8" (@what "frame" or "level 1 table at
 * frame"), JSON "present":true,"flags":["P","R","W","A"],"frame":8. Not
 * present: " (none)", or " (swap type 1, offset 3)", JSON
 * "present":false and "swap_type", "swap_offset" for a swap entry.
 */
static void print_entry_bits(unsigned long long e, const char *what)
{
	unsigned int i;

	print_flag(PRINT_JSON, "present", NULL, e & PTE_P);
	if (!(e & PTE_P)) {
		if (!e) {
			print_string(PRINT_FP, NULL, "%s", " (none)");
			return;
		}
		print_u64(PRINT_ANY, "swap_type", " (swap type %llu",
			  (e >> SWP_TYPE_SHIFT) & SWP_TYPE_MASK);
		print_u64(PRINT_ANY, "swap_offset", ", offset %llu)",
			  e >> PTE_FRAME_SHIFT);
		return;
	}
	open_json_array("flags");
	for (i = 0; i < ARRAY_SIZE(pte_bits); i++)
		if (e & pte_bits[i].bit)
			print_string(PRINT_ANY, NULL, " %s", pte_bits[i].name);
	close_json_array();
	print_string(PRINT_FP, NULL, " -> %s", what);
	print_u64(PRINT_ANY, "frame", " %llu", e >> PTE_FRAME_SHIFT);
}

/*
 * @v in hex, zero-padded to @width digits, between @pre and @post
 * (neither holding a '%'): text only, or JSON @key as a hex string.
 */
static void print_hex_w(const char *key, const char *pre, int width,
			unsigned long long v, const char *post)
{
	char fmt[96];

	snprintf(fmt, sizeof(fmt), "%s0x%%0%dllx%s", pre, width, post);
	print_hex(key ? PRINT_ANY : PRINT_FP, key, fmt, v);
}

/* a field of the address: [low, low + bits) */
struct xlate_field {
	const char *name;
	unsigned int low;
	unsigned int bits;
	unsigned long long value;
};

/* the address's fields, top first, the offset last; returns how many */
static unsigned int xlate_fields(const struct mmlab_space_info *s,
				 unsigned long long addr,
				 struct xlate_field *f, char names[][24])
{
	unsigned int l, low = mmlab_space_offset_bits(s);

	for (l = s->levels; l-- > 0;) {
		snprintf(names[l], sizeof(names[l]), "level %u", l);
		f[l].name = names[l];
		f[l].low = low;
		f[l].bits = s->bits[l];
		low += s->bits[l];
	}
	for (l = 0; l < s->levels; l++)
		f[l].value = (addr >> f[l].low) & ((1ULL << f[l].bits) - 1);
	f[s->levels].name = "offset";
	f[s->levels].low = 0;
	f[s->levels].bits = mmlab_space_offset_bits(s);
	f[s->levels].value = addr & ((1ULL << f[s->levels].bits) - 1);
	return s->levels + 1;
}

/*
 * The address cut into its fields, as columns:
 *	            level 0      level 1      offset
 *	  bits      31..22       21..12       11..0
 *	  binary    0000000001   0000000011   000000000100
 *	  index     1            3            4
 * (text only; JSON has "fields").
 */
static void print_fields(const struct xlate_field *f, unsigned int n)
{
	char cell[MMLAB_NL_LEVELS + 1][4][72];
	unsigned int width[MMLAB_NL_LEVELS + 1];
	static const char * const rows[] = { "", "bits", "binary", "index" };
	unsigned int i, r, b;

	for (i = 0; i < n; i++) {
		snprintf(cell[i][0], sizeof(cell[i][0]), "%s", f[i].name);
		snprintf(cell[i][1], sizeof(cell[i][1]), "%u..%u",
			 f[i].low + f[i].bits - 1, f[i].low);
		for (b = 0; b < f[i].bits && b < sizeof(cell[i][2]) - 1; b++)
			cell[i][2][b] = (f[i].value >> (f[i].bits - 1 - b)) & 1 ?
					'1' : '0';
		cell[i][2][b] = '\0';
		snprintf(cell[i][3], sizeof(cell[i][3]), "%llu", f[i].value);
		width[i] = 0;
		for (r = 0; r < 4; r++)
			if (strlen(cell[i][r]) > width[i])
				width[i] = strlen(cell[i][r]);
	}
	for (r = 0; r < 4; r++) {
		printf("  %-8s", rows[r]);
		for (i = 0; i < n; i++)
			printf("  %-*s", i + 1 < n ? (int)width[i] : 0,
			       cell[i][r]);
		putchar('\n');
	}
}

/* A multi-level walk: the fields, then a line per entry read. */
static const char *print_walk(const struct mmlab_space_info *s,
			      const struct mmlab_translation *x)
{
	struct xlate_field f[MMLAB_NL_LEVELS + 1];
	char names[MMLAB_NL_LEVELS][24], what[48];
	int hexw = 2 * s->pte_size;
	const struct mmlab_step *st;
	unsigned int n, i;

	n = xlate_fields(s, x->addr, f, names);
	if (!is_json_context())
		print_fields(f, n);
	open_json_array("fields");
	for (i = 0; i + 1 < n; i++) {
		open_json_object(NULL);
		print_u32(PRINT_JSON, "level", NULL, i);
		print_u32(PRINT_JSON, "high", NULL, f[i].low + f[i].bits - 1);
		print_u32(PRINT_JSON, "low", NULL, f[i].low);
		print_u32(PRINT_JSON, "bits", NULL, f[i].bits);
		print_u64(PRINT_JSON, "index", NULL, f[i].value);
		close_json_object();
	}
	close_json_array();

	open_json_array("steps");
	for (i = 0; i < x->nr_steps; i++) {
		st = &x->steps[i];
		open_json_object(NULL);
		print_u32(PRINT_ANY, "level", "  level %u:", st->level);
		print_u64(PRINT_ANY, "table", " table at frame %llu",
			  st->table);
		print_u32(PRINT_ANY, "index", ", entry %u", st->index);
		if (st->has_shift) {
			print_u32(PRINT_JSON, "shift", NULL, st->shift);
			print_u32(PRINT_JSON, "bits", NULL, st->bits);
		}
		print_hex_w("entry", " = ", hexw, st->entry, "");
		if (st->level + 1 < s->levels)
			snprintf(what, sizeof(what), "level %u table at frame",
				 st->level + 1);
		else
			snprintf(what, sizeof(what), "page frame");
		print_entry_bits(st->entry, what);
		print_nl();
		close_json_object();
	}
	close_json_array();

	st = x->nr_steps ? &x->steps[x->nr_steps - 1] : NULL;
	if (x->present)
		return "mapped";
	if (st && !(st->entry & PTE_P) && st->level + 1 < s->levels) {
		print_u32(PRINT_FP, NULL,
			  "  stopped at level %u: ", st->level);
		print_u32(PRINT_FP, NULL,
			  "no level %u table covers the address: not mapped\n",
			  st->level + 1);
		return "no-table";
	}
	if (x->pte) {
		print_string(PRINT_FP, NULL, "%s\n",
			     "  not present: the page is swapped out");
		return "swapped";
	}
	print_string(PRINT_FP, NULL, "%s\n",
		     "  not present: no page is mapped at the address");
	return "not-present";
}

/* An inverted space: the page, the anchor, the chain entries read. */
static const char *print_chain(const struct mmlab_space_info *s,
			       const struct mmlab_translation *x)
{
	unsigned int off = mmlab_space_offset_bits(s), i;
	unsigned long long vpn = x->addr >> off;
	int hexw = 2 * s->pte_size;
	const struct mmlab_step *st;
	bool found = false;

	print_hex(PRINT_ANY, "vpn", "  virtual page 0x%llx", vpn);
	print_hex_w(NULL, ", offset ", (off + 3) / 4, x->offset, "\n");
	open_json_array("steps");
	for (i = 0; i < x->nr_steps; i++) {
		st = &x->steps[i];
		open_json_object(NULL);
		print_u32(PRINT_JSON, "level", NULL, st->level);
		if (st->level == 0) {
			print_u32(PRINT_ANY, "bucket",
				  "  hash anchor: bucket %u", st->index);
			print_flag(PRINT_JSON, "empty", NULL,
				   st->entry == IPT_NIL);
			if (st->entry == IPT_NIL)
				print_string(PRINT_FP, NULL, "%s\n",
					     " -> an empty chain");
			else
				print_u64(PRINT_ANY, "slot", " -> slot %llu\n",
					  st->entry);
			close_json_object();
			continue;
		}
		found = i + 1 == x->nr_steps && x->pte && st->table == vpn &&
			st->entry == x->pte;
		print_u32(PRINT_ANY, "slot", "  chain: slot %u", st->index);
		print_hex(PRINT_ANY, "vpn", ": vpn 0x%llx", st->table);
		print_hex_w("entry", ", entry ", hexw, st->entry, "");
		print_entry_bits(st->entry, "frame");
		print_flag(PRINT_JSON, "match", NULL, found);
		print_string(PRINT_FP, NULL, " (%s)\n",
			     found ? "this page" : st->table == vpn ?
			     "another space's" : "another page");
		close_json_object();
	}
	close_json_array();
	if (x->reads > x->nr_steps)
		print_u32(PRINT_FP, NULL, "  ... %u more chain entries read\n",
			  x->reads - x->nr_steps);
	if (x->present)
		return "mapped";
	if (x->pte) {
		print_string(PRINT_FP, NULL, "%s\n",
			     "  not present: the page is swapped out");
		return "swapped";
	}
	print_string(PRINT_FP, NULL, "%s\n",
		     "  no entry for the page in the chain: not mapped");
	return "no-entry";
}

/*
 * The whole figure. Text, a two-level space:
 *	translate 0x00403004 in space 1: x86-32 (10/10/12), 2 levels, 4-byte entries
 *	            level 0      level 1      offset
 *	  bits      31..22       21..12       11..0
 *	  binary    0000000001   0000000011   000000000100
 *	  index     1            3            4
 *	  level 0: table at frame 5, entry 1 = 0x00006023 P R W A -> level 1 table at frame 6
 *	  level 1: table at frame 6, entry 3 = 0x00008067 P R W A D -> page frame 8
 *	  page frame 8, offset 0x004: arena address 0x8004
 *	  2 entries read; the TLB holds the translation
 * JSON: {"translation":{"space":1,"addr":"0x403004","geometry":"x86-32",
 * "inverted":false,"va_bits":32,"pte_size":4,"offset_bits":12,"offset":4,
 * "fields":[{"level":0,"high":31,"low":22,"bits":10,"index":1},...],
 * "steps":[{"level":0,"table":5,"index":1,"entry":"0x6023","present":true,
 * "flags":["P","R","W","A"],"frame":6},...],"result":"mapped",
 * "pte":"0x8067","present":true,"frame":8,"physical":"0x8004","reads":2,
 * "tlb_cached":true}}; an inverted space has "vpn" and its steps
 * {"level":0,"bucket":B,"empty":false,"slot":S} and {"level":1,"slot":S,
 * "vpn":"0x403","entry":"0x...",...,"match":true} instead of "fields".
 */
static void print_translation(const struct mmlab_space_info *s,
			      const struct mmlab_translation *x)
{
	unsigned int off = mmlab_space_offset_bits(s);
	int addrw = (s->va_bits + 3) / 4, offw = (off + 3) / 4;
	const char *result;
	char split[64];

	open_json_object("translation");
	print_u32(PRINT_JSON, "space", NULL, s->id);
	print_hex_w("addr", "translate ", addrw, x->addr, "");
	print_u32(PRINT_FP, NULL, " in space %u: ", s->id);
	print_string(PRINT_ANY, "geometry", "%s", s->geometry);
	space_split(s, split, sizeof(split));
	if (strcmp(split, s->geometry))
		print_string(PRINT_FP, NULL, " (%s)", split);
	print_flag(PRINT_ANY, "inverted", ", inverted table", s->inverted);
	if (!s->inverted)
		print_u32(PRINT_FP, NULL, ", %u levels", s->levels);
	print_u32(PRINT_JSON, "va_bits", NULL, s->va_bits);
	print_u32(PRINT_ANY, "pte_size", ", %u-byte entries\n", s->pte_size);
	print_u32(PRINT_JSON, "offset_bits", NULL, off);
	print_u32(PRINT_JSON, "offset", NULL, x->offset);

	result = s->inverted ? print_chain(s, x) : print_walk(s, x);
	print_string(PRINT_JSON, "result", NULL, result);
	print_hex(PRINT_JSON, "pte", NULL, x->pte);
	print_flag(PRINT_JSON, "present", NULL, x->present);
	if (x->present) {
		print_u64(PRINT_ANY, "frame", "  page frame %llu", x->frame);
		print_hex_w(NULL, ", offset ", offw, x->offset, "");
		print_hex(PRINT_ANY, "physical", ": arena address 0x%llx\n",
			  x->frame << off | x->offset);
	}
	print_u32(PRINT_ANY, "reads", x->reads == 1 ? "  %u entry read" :
		  "  %u entries read", x->reads);
	print_flag(PRINT_JSON, "tlb_cached", NULL, x->tlb_cached);
	print_string(PRINT_FP, NULL, "%s\n", x->tlb_cached ?
		     "; the TLB holds the translation" :
		     "; the TLB does not hold it");
	close_json_object();
}

int cmd_translate(struct mmlab *m)
{
	struct mmlab_translation x;
	struct mmlab_space_info s;
	__u64 addr;
	__u32 id;
	int err;

	if (mmlab_argv_match(m, "help")) {
		translate_help(stdout);
		return MMLAB_EXIT_OK;
	}
	err = space_arg_id(m, "translate help", "translate", &id);
	if (!err)
		err = space_arg_addr(m, "translate help", "translate", &addr);
	if (!err)
		err = mmlab_nl_ready(m, "translate");
	if (err)
		return err;
	err = mmlab_nl_space_get(&m->nl, id, &s);
	if (!err)
		err = mmlab_nl_translate(&m->nl, id, addr, &x);
	if (err)
		return mmlab_perror(m, "translate", err);
	new_json_obj(m->json, m->pretty);
	print_translation(&s, &x);
	delete_json_obj();
	return MMLAB_EXIT_OK;
}
