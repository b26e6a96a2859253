// SPDX-License-Identifier: GPL-2.0
/*
 * mmlab arena { show | validate | help }
 */
#include <linux/mmlab.h>

#include <stdio.h>

#include "mmlab.h"
#include "print.h"

static void arena_help(FILE *f)
{
	fprintf(f,
		"Usage: mmlab arena show\n"
		"       mmlab arena validate\n"
		"       mmlab arena help\n");
}

static const char *backing_name(__u32 backing, char *buf, size_t len)
{
	switch (backing) {
	case MMLAB_BACKING_PAGES:
		return "pages";
	case MMLAB_BACKING_MEMMAP:
		return "memmap";
	}
	snprintf(buf, len, "%u", backing);
	return buf;
}

/*
 * The software MMU's part of the status, when the module has one. Text:
 *	mmu 2 spaces, 1 shared object: 10 data frames, 4 table frames, 12 pages mapped
 *	  inverted table 64 KiB, 12 entries used	("no inverted table")
 * then the accesses of every space, live or destroyed, as print_access()
 * prints them. JSON: "mmu":{"spaces":2,"shms":1,"data_frames":10,
 * "table_frames":4,"mapped":12,"ipt_bytes":65536,"ipt_used":12,
 * "access":{...}}.
 */
static void print_mmu(const struct mmlab_mmu_info *mmu)
{
	open_json_object("mmu");
	print_u32(PRINT_ANY, "spaces", mmu->spaces == 1 ? "mmu %u space" :
		  "mmu %u spaces", mmu->spaces);
	print_u32(PRINT_ANY, "shms", mmu->shms == 1 ? ", %u shared object" :
		  ", %u shared objects", mmu->shms);
	print_u64(PRINT_ANY, "data_frames", ": %llu data frames",
		  mmu->data_frames);
	print_u64(PRINT_ANY, "table_frames", ", %llu table frames",
		  mmu->table_frames);
	print_u64(PRINT_ANY, "mapped", ", %llu pages mapped\n", mmu->mapped);
	if (mmu->ipt_bytes || is_json_context()) {
		print_size(PRINT_ANY, "ipt_bytes", "  inverted table %s",
			   mmu->ipt_bytes);
		print_u64(PRINT_ANY, "ipt_used", ", %llu entries used\n",
			  mmu->ipt_used);
	} else {
		print_string(PRINT_FP, NULL, "%s\n", "  no inverted table");
	}
	open_json_object("access");
	print_access(&mmu->access, NULL);
	close_json_object();
	close_json_object();
}

/*
 * Text:
 *	module 0.1.0
 *	arena 64 MiB, page size 4096 B: 16384 frames
 *	  free 16384 frames (64 MiB), used 0 frames (0 B)
 *	  max_order 10, 16 chunks of order 10..10, backing pages
 * JSON (one line):
 *	{"version":"0.1.0","arena":{"size":67108864,"page_size":4096,
 *	 "frames":16384,"frames_free":16384,"frames_used":0,"max_order":10,
 *	 "chunks":16,"chunk_order_min":10,"chunk_order_max":10,
 *	 "backing":"pages"}}
 * and print_mmu()'s lines, or "mmu":{...}, when the module has an MMU.
 */
static void print_arena(const struct mmlab_status *st)
{
	const struct mmlab_arena *a = &st->arena;
	unsigned long long used;
	char buf[16];

	used = a->frames >= a->frames_free ? a->frames - a->frames_free : 0;

	print_string(PRINT_ANY, "version", "module %s\n", st->version);
	open_json_object("arena");
	print_size(PRINT_ANY, "size", "arena %s", a->size);
	print_u32(PRINT_ANY, "page_size", ", page size %u B", a->page_size);
	print_u64(PRINT_ANY, "frames", ": %llu frames\n", a->frames);
	print_u64(PRINT_ANY, "frames_free", "  free %llu frames",
		  a->frames_free);
	print_size(PRINT_FP, NULL, " (%s)",
		   a->frames_free * (unsigned long long)a->page_size);
	print_u64(PRINT_ANY, "frames_used", ", used %llu frames", used);
	print_size(PRINT_FP, NULL, " (%s)\n",
		   used * (unsigned long long)a->page_size);
	print_u32(PRINT_ANY, "max_order", "  max_order %u", a->max_order);
	print_u32(PRINT_ANY, "chunks", ", %u chunks", a->chunks);
	print_u32(PRINT_ANY, "chunk_order_min", " of order %u",
		  a->chunk_order_min);
	print_u32(PRINT_ANY, "chunk_order_max", "..%u", a->chunk_order_max);
	print_string(PRINT_ANY, "backing", ", backing %s\n",
		     backing_name(a->backing, buf, sizeof(buf)));
	close_json_object();
	if (st->has_mmu)
		print_mmu(&st->mmu);
}

static int arena_show(struct mmlab *m)
{
	struct mmlab_status st;
	int err;

	err = mmlab_status(m, "arena show", &st);
	if (err)
		return err;

	new_json_obj(m->json, m->pretty);
	print_arena(&st);
	delete_json_obj();
	return MMLAB_EXIT_OK;
}

static int arena_validate(struct mmlab *m)
{
	__u32 errors;
	int err;

	err = mmlab_nl_ready(m, "arena validate");
	if (err)
		return err;
	err = mmlab_nl_validate(&m->nl, &errors);
	if (err)
		return mmlab_perror(m, "arena validate", err);

	new_json_obj(m->json, m->pretty);
	print_u32(PRINT_ANY, "validate_errors", "validate: %u errors\n",
		  errors);
	delete_json_obj();
	return errors ? MMLAB_EXIT_FAIL : MMLAB_EXIT_OK;
}

int cmd_arena(struct mmlab *m)
{
	if (!mmlab_argv(m) || mmlab_argv_match(m, "show"))
		return arena_show(m);
	if (mmlab_argv_match(m, "validate"))
		return arena_validate(m);
	if (mmlab_argv_match(m, "help")) {
		arena_help(stdout);
		return MMLAB_EXIT_OK;
	}
	return mmlab_usage_error("arena help", "arena: unknown command \"%s\"",
				 mmlab_argv(m));
}
