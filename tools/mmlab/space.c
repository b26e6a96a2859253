// SPDX-License-Identifier: GPL-2.0
/*
 * mmlab space { show | create | destroy | map | unmap | protect | grow |
 *		 clone | maps | read | write | help }
 *
 * The software MMU's address spaces (SPACE_CREATE, SPACE_DESTROY,
 * SPACE_GET and its dump, SPACE_CLONE), their regions (MAP, UNMAP,
 * PROTECT, GROW, the REGION_GET dump, printed as /proc/PID/maps) and
 * their bytes, read and written through the translation (SPACE_READ,
 * SPACE_WRITE: demand paging and copy on write as an access does).
 *
 * A space, like a cache, belongs to the netlink socket that created it
 * unless it is persistent, and the socket of one mmlab run closes when
 * it exits; so `space create` and `space clone` ask for persistent spaces
 * unless told "transient", and a transient space only shows the shape a
 * space of that geometry has.
 *
 * print_access() shows what accesses did, for `space show`, `access`
 * (access.c) and the MMU's totals of `arena show` (arena.c); the
 * arguments every MMU command takes (a space, an address) are read by
 * space_arg_id() and space_arg_addr(), also for translate.c and
 * access.c.
 */
#include <linux/mmlab.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mmlab.h"
#include "print.h"

static void space_help(FILE *f)
{
	fprintf(f,
		"Usage: mmlab space [ show [ ID ] ]\n"
		"       mmlab space create [ geometry GEOMETRY ] [ inverted ] [ persistent | transient ]\n"
		"       mmlab space destroy ID\n"
		"       mmlab space map ID ADDR LEN [ prot PROT ] [ kind KIND ] [ shm SHM ]\n"
		"       mmlab space unmap ID ADDR LEN\n"
		"       mmlab space protect ID ADDR LEN PROT\n"
		"       mmlab space grow ID ADDR PAGES\n"
		"       mmlab space clone ID [ persistent | transient ]\n"
		"       mmlab space maps ID\n"
		"       mmlab space write ID ADDR STRING\n"
		"       mmlab space read ID ADDR LEN\n"
		"       mmlab space help\n"
		"where  GEOMETRY := { x86-32 | x86-64 | x86-64-la57 | sv39 | sv48 | sv57 | BITS/.../OFFSET }\n"
		"       (default x86-64; a split such as 10/10/12: index bits per level, top first)\n"
		"       KIND := { code | data | heap | stack | shared }   (default data)\n"
		"       PROT := { [r][w][x] | [r-][w-][x-] | none }   (default r-x for code, else rw-)\n"
		"       ADDR := { 0xHEX | DECIMAL }   LEN := { 0xHEX | BYTES[K|M|G] }\n"
		"       PAGES: pages to grow a heap up or a stack down; negative shrinks a heap\n"
		"       SHM: the shared object to map (shared regions; default: a new one)\n"
		"Spaces are persistent (they stay until destroyed) unless \"transient\":\n"
		"transient ones belong to this mmlab process and go when it exits.\n"
		"map prints the shared object of a shared region; maps lists the regions\n"
		"as /proc/PID/maps; read prints LEN (1..65536) bytes as hex and text.\n");
}

#define SPACE_USAGE(...)	mmlab_usage_error("space help", __VA_ARGS__)

/* the current word, for messages ("" at the end of the line) */
static const char *word_or_empty(struct mmlab *m)
{
	return mmlab_argv(m) ? mmlab_argv(m) : "";
}

/* bytes of one `space read`: the core's limit */
#define SPACE_READ_MAX		65536

int space_arg_id(struct mmlab *m, const char *hint, const char *cmd,
		 __u32 *id)
{
	const char *w = mmlab_argv(m);
	unsigned int v;

	if (!w)
		return mmlab_usage_error(hint, "%s: needs a space id", cmd);
	if (mmlab_parse_u32(w, 1, ~0U, &v))
		return mmlab_usage_error(hint,
					 "%s: a space id is a number 1..4294967295, not \"%s\"",
					 cmd, w);
	mmlab_arg_inc(m);
	*id = v;
	return 0;
}

int space_arg_addr(struct mmlab *m, const char *hint, const char *cmd,
		   __u64 *addr)
{
	const char *w = mmlab_argv(m);
	unsigned long long v;

	if (!w)
		return mmlab_usage_error(hint, "%s: needs an address", cmd);
	if (mmlab_parse_handle(w, &v))
		return mmlab_usage_error(hint,
					 "%s: an address is 0xHEX or decimal, not \"%s\"",
					 cmd, w);
	mmlab_arg_inc(m);
	*addr = v;
	return 0;
}

/* LEN: bytes > 0, 0xHEX or with K, M, G; consumed */
static int space_arg_len(struct mmlab *m, const char *cmd, __u64 *len)
{
	const char *w = mmlab_argv(m);
	unsigned long long v;

	if (!w)
		return SPACE_USAGE("%s: needs a length", cmd);
	if (mmlab_parse_len(w, &v) || !v)
		return mmlab_usage_error("space help",
					 "%s: a length is bytes > 0 (0xHEX, or K, M, G suffixes), not \"%s\"",
					 cmd, w);
	mmlab_arg_inc(m);
	*len = v;
	return 0;
}

/* PROT after the word "prot" (or in its place); consumed */
static int space_arg_prot(struct mmlab *m, const char *cmd, __u32 *prot)
{
	const char *w = mmlab_argv(m);
	unsigned int p;

	if (!w)
		return SPACE_USAGE("%s: needs protections (r, w, x, as \"rw\" or \"r-x\", or none)",
				   cmd);
	if (mmlab_parse_prot(w, &p))
		return mmlab_usage_error("space help",
					 "%s: protections are r, w, x (as \"rw\" or \"r-x\") or none, not \"%s\"",
					 cmd, w);
	mmlab_arg_inc(m);
	*prot = p;
	return 0;
}

/* ID ADDR LEN, the head of map, unmap and protect */
static int space_arg_range(struct mmlab *m, const char *cmd, __u32 *id,
			   __u64 *addr, __u64 *len)
{
	int err = space_arg_id(m, "space help", cmd, id);

	if (!err)
		err = space_arg_addr(m, "space help", cmd, addr);
	if (!err)
		err = space_arg_len(m, cmd, len);
	return err;
}

/*
 * @num / @den in thousandths, rounded down; 0 when @den is 0. In long
 * double, which holds every 64-bit count exactly, so that no count
 * overflows when multiplied.
 */
static int per_mille(unsigned long long num, unsigned long long den)
{
	return den ? (int)((long double)num * 1000 / den) : 0;
}

/* thousandths as a percentage with one decimal: 667 -> "66.7%" */
static void print_percent(const char *fmt, int milli)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%d.%d%%", milli / 10, milli % 10);
	print_string(PRINT_FP, NULL, fmt, buf);
}

/* JSON keys of the fault counters, in enum mmlab_fault_kind order */
static const char * const fault_keys[MMLAB_NL_FAULT_KINDS] = {
	"zero", "shared", "cow_copy", "cow_reuse", "segv", "prot", "oom",
};

/*
 * What accesses did, four lines of text (each starts with two spaces):
 *	  accesses 12: reads 6, writes 4, execs 2
 *	  TLB hits 8, misses 4: hit ratio 66.7%
 *	  walks 4, entries read 8: 2.000 a walk; level 0 4 (1.000), level 1 4 (1.000)
 *	  faults 4: zero 3, shared 0, cow-copy 0, cow-reuse 0, segv 1, prot 0, oom 0
 * An inverted space's walks read "anchors 4 (1.000), chain 5 (1.250)".
 * JSON: "accesses":12,"reads":6,"writes":4,"execs":2,"tlb_hits":8,
 * "tlb_misses":4,"hit_ratio":0.666,"walks":4,"walk_reads":8,
 * "reads_per_walk":2.000,"level_reads":[4,4],"level_reads_per_walk":
 * [1.000,1.000],"faults":{"zero":3,...,"oom":0},"faults_total":4 - in the
 * caller's object. The ratios are thousandths, rounded down.
 *
 * With @s, the accesses of that space: the reads of its levels (an
 * inverted space's anchors and chain entries) and no more, should the
 * kernel send a count for every level a geometry may have; without, of
 * every space: every count sent.
 */
void print_access(const struct mmlab_access_info *a,
		  const struct mmlab_space_info *s)
{
	bool inverted = s && s->inverted;
	unsigned int nr = a->nr_levels, i;
	unsigned long long faults = 0;

	if (s && (inverted ? 2 : s->levels) < nr)
		nr = inverted ? 2 : s->levels;

	for (i = 0; i < MMLAB_NL_FAULT_KINDS; i++)
		faults += a->faults[i];
	print_u64(PRINT_ANY, "accesses", "  accesses %llu", a->accesses);
	print_u64(PRINT_ANY, "reads", ": reads %llu", a->reads);
	print_u64(PRINT_ANY, "writes", ", writes %llu", a->writes);
	print_u64(PRINT_ANY, "execs", ", execs %llu\n", a->execs);
	print_u64(PRINT_ANY, "tlb_hits", "  TLB hits %llu", a->tlb_hits);
	print_u64(PRINT_ANY, "tlb_misses", ", misses %llu", a->tlb_misses);
	print_percent(": hit ratio %s\n",
		      per_mille(a->tlb_hits, a->tlb_hits + a->tlb_misses));
	print_milli(PRINT_JSON, "hit_ratio", NULL,
		    per_mille(a->tlb_hits, a->tlb_hits + a->tlb_misses));
	print_u64(PRINT_ANY, "walks", "  walks %llu", a->walks);
	print_u64(PRINT_ANY, "walk_reads", ", entries read %llu",
		  a->walk_reads);
	print_milli(PRINT_ANY, "reads_per_walk", ": %s a walk",
		    per_mille(a->walk_reads, a->walks));
	open_json_array("level_reads");
	for (i = 0; i < nr; i++) {
		if (inverted)
			print_string(PRINT_FP, NULL, "%s",
				     i ? ", chain " : "; anchors ");
		else
			print_u32(PRINT_FP, NULL,
				  i ? ", level %u " : "; level %u ", i);
		print_u64(PRINT_ANY, NULL, "%llu", a->level_reads[i]);
		print_milli(PRINT_FP, NULL, " (%s)",
			    per_mille(a->level_reads[i], a->walks));
	}
	close_json_array();
	open_json_array("level_reads_per_walk");
	for (i = 0; i < nr; i++)
		print_milli(PRINT_JSON, NULL, NULL,
			    per_mille(a->level_reads[i], a->walks));
	close_json_array();
	print_u64(PRINT_FP, NULL, "\n  faults %llu", faults);
	open_json_object("faults");
	for (i = 0; i < MMLAB_NL_FAULT_KINDS; i++) {
		print_string(PRINT_FP, NULL, i ? ", %s " : ": %s ",
			     mmlab_fault_name(i));
		print_u64(PRINT_ANY, fault_keys[i], "%llu", a->faults[i]);
	}
	close_json_object();
	print_u64(PRINT_JSON, "faults_total", NULL, faults);
	print_nl();
}

const char *space_split(const struct mmlab_space_info *s, char *buf,
			size_t len)
{
	size_t n = 0;
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; i < s->levels && n < len; i++)
		n += snprintf(buf + n, len - n, "%u/", s->bits[i]);
	if (n < len)
		snprintf(buf + n, len - n, "%u", mmlab_space_offset_bits(s));
	return buf;
}

/*
 * One space in detail. Text:
 *	space 1: x86-32 (10/10/12), 2 levels, 32-bit addresses, 4-byte entries, persistent
 *	  regions 3, rss 4 pages, table frames 2
 * and print_access()'s lines; an inverted space says "inverted table"
 * for its levels, a space of a transient owner "owner PORT", a split
 * geometry is not repeated. JSON: "id":1,"geometry":"x86-32","split":
 * "10/10/12","levels":2,"bits":[10,10],"offset_bits":12,"va_bits":32,
 * "pte_size":4,"inverted":false,"owner":0,"persistent":true,"regions":3,
 * "rss":4,"table_frames":2,"access":{...} (print_access()).
 */
static void print_space(const struct mmlab_space_info *s)
{
	char split[64];
	unsigned int i;

	space_split(s, split, sizeof(split));
	print_u32(PRINT_ANY, "id", "space %u: ", s->id);
	print_string(PRINT_ANY, "geometry", "%s", s->geometry);
	if (strcmp(split, s->geometry))
		print_string(PRINT_FP, NULL, " (%s)", split);
	print_string(PRINT_JSON, "split", NULL, split);
	if (s->inverted)
		print_string(PRINT_FP, NULL, "%s", ", inverted table");
	else
		print_u32(PRINT_FP, NULL, ", %u levels", s->levels);
	print_u32(PRINT_JSON, "levels", NULL, s->levels);
	open_json_array("bits");
	for (i = 0; i < s->levels; i++)
		print_u32(PRINT_JSON, NULL, NULL, s->bits[i]);
	close_json_array();
	print_u32(PRINT_JSON, "offset_bits", NULL,
		  mmlab_space_offset_bits(s));
	print_u32(PRINT_ANY, "va_bits", ", %u-bit addresses", s->va_bits);
	print_u32(PRINT_ANY, "pte_size", ", %u-byte entries", s->pte_size);
	print_flag(PRINT_JSON, "inverted", NULL, s->inverted);
	print_u32(PRINT_JSON, "owner", NULL, s->owner);
	print_flag(PRINT_ANY, "persistent", ", persistent", !s->owner);
	if (s->owner)
		print_u32(PRINT_FP, NULL, ", owner %u", s->owner);
	print_u32(PRINT_ANY, "regions", "\n  regions %u", s->regions);
	print_u64(PRINT_ANY, "rss", ", rss %llu pages", s->rss);
	print_u64(PRINT_ANY, "table_frames", ", table frames %llu\n",
		  s->table_frames);
	open_json_object("access");
	print_access(&s->access, s);
	close_json_object();
}

#define SPACE_ROW_FMT	"%4s %-14s %6s %3s %-8s %7s %8s %8s %10s %10s %9s %9s %s\n"

/* One space, one row of `space show` (text only). */
static void print_space_row(const struct mmlab_space_info *s)
{
	unsigned long long faults = 0;
	unsigned int i;

	for (i = 0; i < MMLAB_NL_FAULT_KINDS; i++)
		faults += s->access.faults[i];
	printf("%4u %-14s %6u %3u %-8s %7u %8llu %8llu %10llu %10llu %9llu %9llu ",
	       s->id, s->geometry, s->levels, s->va_bits,
	       s->inverted ? "yes" : "no", s->regions,
	       (unsigned long long)s->rss,
	       (unsigned long long)s->table_frames,
	       (unsigned long long)s->access.accesses,
	       (unsigned long long)s->access.tlb_hits,
	       (unsigned long long)s->access.walks, faults);
	if (s->owner)
		printf("%u\n", s->owner);
	else
		puts("persistent");
}

/*
 * Text: a head and a row per space. JSON: {"spaces":[{...},...]}, each
 * as print_space() has it.
 */
static int space_show_all(struct mmlab *m)
{
	struct mmlab_spaces spaces = { 0 };
	size_t i;
	int err;

	err = mmlab_nl_ready(m, "space show");
	if (err)
		return err;
	err = mmlab_nl_space_dump(&m->nl, &spaces);
	if (err) {
		mmlab_spaces_free(&spaces);
		return mmlab_perror(m, "space show", err);
	}
	new_json_obj(m->json, m->pretty);
	if (!is_json_context())
		printf(SPACE_ROW_FMT, "ID", "GEOMETRY", "LEVELS", "VA",
		       "INVERTED", "REGIONS", "RSS", "TABLES", "ACCESSES",
		       "TLB HITS", "WALKS", "FAULTS", "OWNER");
	open_json_array("spaces");
	for (i = 0; i < spaces.n; i++) {
		if (is_json_context()) {
			open_json_object(NULL);
			print_space(&spaces.v[i]);
			close_json_object();
		} else {
			print_space_row(&spaces.v[i]);
		}
	}
	close_json_array();
	delete_json_obj();
	mmlab_spaces_free(&spaces);
	return MMLAB_EXIT_OK;
}

/* JSON: {"space":{...}}; @note: a text line after it, or NULL */
static void space_print_one(struct mmlab *m,
			    const struct mmlab_space_info *s, const char *note)
{
	new_json_obj(m->json, m->pretty);
	open_json_object("space");
	print_space(s);
	close_json_object();
	if (note)
		print_string(PRINT_FP, NULL, "%s\n", note);
	delete_json_obj();
}

static int space_show(struct mmlab *m)
{
	struct mmlab_space_info s;
	__u32 id;
	int err;

	if (!mmlab_argv(m))
		return space_show_all(m);
	err = space_arg_id(m, "space help", "space show", &id);
	if (!err)
		err = mmlab_nl_ready(m, "space show");
	if (err)
		return err;
	err = mmlab_nl_space_get(&m->nl, id, &s);
	if (err)
		return mmlab_perror(m, "space show", err);
	space_print_one(m, &s, NULL);
	return MMLAB_EXIT_OK;
}

#define TRANSIENT_NOTE	"transient: destroyed when mmlab exits"

static int space_create(struct mmlab *m)
{
	struct mmlab_space_req req = { .persistent = true };
	struct mmlab_space_info s;
	const char *w;
	int err;

	while ((w = mmlab_argv(m))) {
		if (mmlab_take_lifetime(m, &req.persistent))
			continue;
		mmlab_arg_inc(m);
		if (!strcmp(w, "inverted")) {
			req.inverted = true;
		} else if (!strcmp(w, "geometry")) {
			w = mmlab_argv(m);
			if (!w || !*w || strlen(w) >= MMLAB_NL_GEOM_LEN)
				return mmlab_usage_error("space help",
							 "space create: geometry needs a preset or a split such as 10/10/12 (1..31 characters), not \"%s\"",
							 w ? w : "");
			req.geometry = w;
			mmlab_arg_inc(m);
		} else {
			return SPACE_USAGE("space create: unknown argument \"%s\"",
					   w);
		}
	}
	err = mmlab_nl(m);
	if (err)
		return err;
	err = mmlab_nl_space_create(&m->nl, &req, &s);
	if (err)
		return mmlab_perror(m, "space create", err);
	space_print_one(m, &s, req.persistent ? NULL : TRANSIENT_NOTE);
	return MMLAB_EXIT_OK;
}

static int space_destroy(struct mmlab *m)
{
	__u32 id;
	int err;

	err = space_arg_id(m, "space help", "space destroy", &id);
	if (!err)
		err = mmlab_nl_ready(m, "space destroy");
	if (err)
		return err;
	err = mmlab_nl_space_destroy(&m->nl, id);
	if (err)
		return mmlab_perror(m, "space destroy", err);
	return MMLAB_EXIT_OK;
}

static int space_clone(struct mmlab *m)
{
	struct mmlab_space_info child;
	bool persistent = true;
	__u32 id;
	int err;

	err = space_arg_id(m, "space help", "space clone", &id);
	if (err)
		return err;
	mmlab_take_lifetime(m, &persistent);
	err = mmlab_nl_ready(m, "space clone");
	if (err)
		return err;
	err = mmlab_nl_space_clone(&m->nl, id, persistent, &child);
	if (err)
		return mmlab_perror(m, "space clone", err);
	space_print_one(m, &child, persistent ? NULL : TRANSIENT_NOTE);
	return MMLAB_EXIT_OK;
}

/*
 * The words of `space map` into @req: ID ADDR LEN, then prot, kind and
 * shm in any order. Without prot, code is r-x and the rest rw-; shm
 * makes a region shared, and no other kind takes one.
 */
static int parse_map(struct mmlab *m, struct mmlab_map_req *req)
{
	bool have_prot = false, have_kind = false;
	unsigned int v;
	const char *w;
	int err;

	memset(req, 0, sizeof(*req));
	req->kind = MMLAB_REGION_DATA;
	err = space_arg_range(m, "space map", &req->space, &req->addr,
			      &req->len);
	while (!err && (w = mmlab_argv(m))) {
		mmlab_arg_inc(m);
		if (!strcmp(w, "prot")) {
			err = space_arg_prot(m, "space map", &req->prot);
			have_prot = true;
		} else if (!strcmp(w, "kind")) {
			if (mmlab_parse_region_kind(mmlab_argv(m), &req->kind))
				return mmlab_usage_error("space help",
							 "space map: kind needs code, data, heap, stack or shared, not \"%s\"",
							 word_or_empty(m));
			mmlab_arg_inc(m);
			have_kind = true;
		} else if (!strcmp(w, "shm")) {
			if (mmlab_parse_u32(mmlab_argv(m), 1, ~0U, &v))
				return mmlab_usage_error("space help",
							 "space map: shm needs a shared object id 1..4294967295, not \"%s\"",
							 word_or_empty(m));
			mmlab_arg_inc(m);
			req->shm = v;
		} else {
			return SPACE_USAGE("space map: unknown argument \"%s\"",
					   w);
		}
	}
	if (err)
		return err;
	if (req->shm && !have_kind)
		req->kind = MMLAB_REGION_SHARED;
	if (req->shm && req->kind != MMLAB_REGION_SHARED)
		return SPACE_USAGE("space map: shm is for a shared region, not a %s one",
				   mmlab_region_kind_name(req->kind));
	if (!have_prot)
		req->prot = req->kind == MMLAB_REGION_CODE ?
			    MMLAB_PROT_READ | MMLAB_PROT_EXEC :
			    MMLAB_PROT_READ | MMLAB_PROT_WRITE;
	return 0;
}

/* Text: nothing, or "shm 3" for a shared region; JSON: {"shm":3}. */
static int space_map(struct mmlab *m)
{
	struct mmlab_map_req req;
	__u32 shm;
	int err;

	err = parse_map(m, &req);
	if (!err)
		err = mmlab_nl(m);
	if (err)
		return err;
	err = mmlab_nl_map(&m->nl, &req, &shm);
	if (err)
		return mmlab_perror(m, "space map", err);
	if (req.kind == MMLAB_REGION_SHARED) {
		new_json_obj(m->json, m->pretty);
		print_u32(PRINT_ANY, "shm", "shm %u\n", shm);
		delete_json_obj();
	}
	return MMLAB_EXIT_OK;
}

static int space_unmap(struct mmlab *m)
{
	__u64 addr, len;
	__u32 id;
	int err;

	err = space_arg_range(m, "space unmap", &id, &addr, &len);
	if (!err)
		err = mmlab_nl_ready(m, "space unmap");
	if (err)
		return err;
	err = mmlab_nl_unmap(&m->nl, id, addr, len);
	if (err)
		return mmlab_perror(m, "space unmap", err);
	return MMLAB_EXIT_OK;
}

static int space_protect(struct mmlab *m)
{
	__u64 addr, len;
	__u32 id, prot;
	int err;

	err = space_arg_range(m, "space protect", &id, &addr, &len);
	if (!err)
		err = space_arg_prot(m, "space protect", &prot);
	if (!err)
		err = mmlab_nl_ready(m, "space protect");
	if (err)
		return err;
	err = mmlab_nl_protect(&m->nl, id, addr, len, prot);
	if (err)
		return mmlab_perror(m, "space protect", err);
	return MMLAB_EXIT_OK;
}

/* Text: "edge 0x405000"; JSON: {"edge":"0x405000"}. */
static int space_grow(struct mmlab *m)
{
	__u64 addr, edge;
	long long pages;
	__u32 id;
	int err;

	err = space_arg_id(m, "space help", "space grow", &id);
	if (!err)
		err = space_arg_addr(m, "space help", "space grow", &addr);
	if (err)
		return err;
	if (!mmlab_argv(m))
		return SPACE_USAGE("space grow: needs a number of pages");
	if (mmlab_parse_pages(mmlab_argv(m), &pages))
		return mmlab_usage_error("space help",
					 "space grow: pages is a non-zero number (negative shrinks a heap), not \"%s\"",
					 mmlab_argv(m));
	mmlab_arg_inc(m);
	err = mmlab_nl_ready(m, "space grow");
	if (err)
		return err;
	err = mmlab_nl_grow(&m->nl, id, addr, pages, &edge);
	if (err)
		return mmlab_perror(m, "space grow", err);
	new_json_obj(m->json, m->pretty);
	print_hex(PRINT_ANY, "edge", "edge 0x%llx\n", edge);
	delete_json_obj();
	return MMLAB_EXIT_OK;
}

/*
 * One region, as a line of /proc/PID/maps: its range, its protections
 * and p (private) or s (shared), its kind, for a shared region its
 * object (and the object's page the region starts at, when not 0), its
 * pages mapped:
 *	00400000-00402000 r-xp code   rss 1
 *	00600000-00601000 rw-s shared shm 3 rss 1
 * JSON: {"start":"0x400000","end":"0x402000","prot":"r-x","kind":"code",
 * "shm":3,"pgoff":0,"rss":1}, shm and pgoff for shared regions only.
 */
static void print_region(const struct mmlab_region *r)
{
	char prot[MMLAB_PROT_STR_LEN];

	open_json_object(NULL);
	print_hex(PRINT_ANY, "start", "%08llx", r->start);
	print_hex(PRINT_ANY, "end", "-%08llx", r->end);
	print_string(PRINT_ANY, "prot", " %s", mmlab_prot_str(r->prot, prot));
	print_string(PRINT_FP, NULL, "%s", r->has_shm ? "s" : "p");
	print_enum(PRINT_ANY, "kind", " %-6s", mmlab_region_kind_name(r->kind),
		   r->kind);
	if (r->has_shm) {
		print_u32(PRINT_ANY, "shm", " shm %u", r->shm);
		if (r->pgoff || is_json_context())
			print_u64(PRINT_ANY, "pgoff", " pgoff %llu", r->pgoff);
	}
	print_u64(PRINT_ANY, "rss", " rss %llu\n", r->rss);
	close_json_object();
}

/* Text: a line per region, in address order; JSON: {"regions":[...]}. */
static int space_maps(struct mmlab *m)
{
	struct mmlab_regions regions = { 0 };
	size_t i;
	__u32 id;
	int err;

	err = space_arg_id(m, "space help", "space maps", &id);
	if (!err)
		err = mmlab_nl_ready(m, "space maps");
	if (err)
		return err;
	err = mmlab_nl_regions(&m->nl, id, &regions);
	if (err) {
		mmlab_regions_free(&regions);
		return mmlab_perror(m, "space maps", err);
	}
	new_json_obj(m->json, m->pretty);
	open_json_array("regions");
	for (i = 0; i < regions.n; i++)
		print_region(&regions.v[i]);
	close_json_array();
	delete_json_obj();
	mmlab_regions_free(&regions);
	return MMLAB_EXIT_OK;
}

/* The bytes of STRING, sent in pieces of at most MMLAB_NL_RW_MAX. */
static int space_write(struct mmlab *m)
{
	const char *s;
	size_t len, done, n;
	__u64 addr;
	__u32 id;
	int err;

	err = space_arg_id(m, "space help", "space write", &id);
	if (!err)
		err = space_arg_addr(m, "space help", "space write", &addr);
	if (err)
		return err;
	s = mmlab_argv(m);
	if (!s || !*s)
		return SPACE_USAGE("space write: needs a string of at least one byte");
	mmlab_arg_inc(m);
	err = mmlab_nl_ready(m, "space write");
	if (err)
		return err;
	len = strlen(s);
	for (done = 0; done < len; done += n) {
		n = len - done < MMLAB_NL_RW_MAX ? len - done : MMLAB_NL_RW_MAX;
		err = mmlab_nl_space_write(&m->nl, id, addr + done, s + done,
					   n);
		if (err)
			return mmlab_perror(m, "space write", err);
	}
	return MMLAB_EXIT_OK;
}

/*
 * @len bytes read at @addr, as hexdump -C prints them, the virtual
 * address first (16 bytes a line, printable ASCII on the right):
 *	00403000  68 65 6c 6c 6f 00 00 00  00 00 00 00 00 00 00 00  |hello...........|
 * JSON: "addr":"0x403000","length":16,"data":"68656c6c6f00...".
 */
static void print_bytes(__u64 addr, const unsigned char *buf, size_t len)
{
	char *hex;
	size_t i, j;

	print_hex(PRINT_JSON, "addr", NULL, addr);
	print_u64(PRINT_JSON, "length", NULL, len);
	if (is_json_context()) {
		hex = malloc(2 * len + 1);
		if (!hex)
			return;
		for (i = 0; i < len; i++)
			snprintf(hex + 2 * i, 3, "%02x", buf[i]);
		hex[2 * len] = '\0';
		print_string(PRINT_JSON, "data", NULL, hex);
		free(hex);
		return;
	}
	for (i = 0; i < len; i += 16) {
		printf("%08llx ", (unsigned long long)(addr + i));
		for (j = 0; j < 16; j++) {
			if (j == 8)
				putchar(' ');
			if (i + j < len)
				printf(" %02x", buf[i + j]);
			else
				fputs("   ", stdout);
		}
		fputs("  |", stdout);
		for (j = 0; j < 16 && i + j < len; j++)
			putchar(isprint(buf[i + j]) ? buf[i + j] : '.');
		puts("|");
	}
}

static int space_read(struct mmlab *m)
{
	unsigned char *buf;
	size_t done, n;
	__u64 addr, len;
	__u32 id;
	int err;

	err = space_arg_id(m, "space help", "space read", &id);
	if (!err)
		err = space_arg_addr(m, "space help", "space read", &addr);
	if (!err)
		err = space_arg_len(m, "space read", &len);
	if (err)
		return err;
	if (len > SPACE_READ_MAX)
		return SPACE_USAGE("space read: reads 1..65536 bytes, not %llu",
				   (unsigned long long)len);
	err = mmlab_nl_ready(m, "space read");
	if (err)
		return err;
	buf = malloc(len);
	if (!buf)
		return mmlab_perror(m, "space read", -ENOMEM);
	for (done = 0; done < len; done += n) {
		n = len - done < MMLAB_NL_RW_MAX ? len - done : MMLAB_NL_RW_MAX;
		err = mmlab_nl_space_read(&m->nl, id, addr + done, buf + done,
					  n);
		if (err) {
			free(buf);
			return mmlab_perror(m, "space read", err);
		}
	}
	new_json_obj(m->json, m->pretty);
	print_bytes(addr, buf, len);
	delete_json_obj();
	free(buf);
	return MMLAB_EXIT_OK;
}

int cmd_space(struct mmlab *m)
{
	static const struct {
		const char *name;
		int (*fn)(struct mmlab *m);
	} cmds[] = {
		{ "show", space_show },
		{ "create", space_create },
		{ "destroy", space_destroy },
		{ "map", space_map },
		{ "unmap", space_unmap },
		{ "protect", space_protect },
		{ "grow", space_grow },
		{ "clone", space_clone },
		{ "maps", space_maps },
		{ "write", space_write },
		{ "read", space_read },
	};
	size_t i;

	if (!mmlab_argv(m))
		return space_show(m);
	if (mmlab_argv_match(m, "help")) {
		space_help(stdout);
		return MMLAB_EXIT_OK;
	}
	for (i = 0; i < ARRAY_SIZE(cmds); i++)
		if (mmlab_argv_match(m, cmds[i].name))
			return cmds[i].fn(m);
	return SPACE_USAGE("space: unknown command \"%s\"", mmlab_argv(m));
}
