// SPDX-License-Identifier: GPL-2.0
/*
 * mmlab allocator { show | set | help }
 *
 * Which allocator partitions the module's arena (ALLOCATOR_GET): the buddy
 * allocator, the default, or the variable-partition allocator under one
 * of its fit policies. For the fit allocator, show prints its counters
 * and, as `buddy show` prints the free lists per order, its holes per
 * size class: class k holds the holes of 2^k to 2^(k+1)-1 frames, with
 * the module's unusable and fragmentation indices of a request of 2^k
 * frames.
 *
 * set (ALLOCATOR_SET) switches the arena, or the fit policy, while
 * nothing is allocated; the kernel refuses with EBUSY and says what is in
 * the way. Its reply is the allocator now in charge, printed as show
 * prints it.
 */
#include <linux/mmlab.h>

#include <stdio.h>
#include <string.h>

#include "mmlab.h"
#include "map.h"
#include "print.h"

static void allocator_help(FILE *f)
{
	fprintf(f,
		"Usage: mmlab allocator [ show ]\n"
		"       mmlab allocator set { buddy | fit [ policy POLICY ] }\n"
		"       mmlab allocator help\n"
		"where  POLICY := { first | next | best | worst | quick }   (default first)\n"
		"set: only while nothing is allocated, neither buddy blocks nor partitions.\n"
		"Under the fit allocator, mmlab buddy alloc and free take its partitions.\n");
}

#define ALLOCATOR_USAGE(...)	mmlab_usage_error("allocator help", \
						  __VA_ARGS__)

/* one size class in JSON (the text table is map_print_orders()'s) */
static void print_class_json(unsigned int k, const struct mmlab_fit_class *c)
{
	open_json_object(NULL);
	print_u32(PRINT_JSON, "order", NULL, k);
	print_u64(PRINT_JSON, "holes", NULL, c->holes);
	print_u64(PRINT_JSON, "hole_frames", NULL, c->hole_frames);
	print_milli(PRINT_JSON, "unusable", NULL, c->unusable);
	print_milli(PRINT_JSON, "extfrag", NULL, c->extfrag);
	close_json_object();
}

/*
 * Text:
 *	allocator fit, policy best
 *	  frames 16384, free 16342 in 2 holes, largest hole 16000 frames
 *	  partitions 3, internal fragmentation 3 KiB
 *	  allocs 5, frees 2, failures 1 (1 for fragmentation)
 *	  search steps 12, insert steps 3, splits 4, coalesces 1
 *	class    holes   frames  share  hole frames                 unusable  extfrag
 *	    0        1        1   0.0% |#                       |     0.000   -1.000
 *	...
 * or "allocator buddy". JSON: {"allocator":"fit","policy":"best",
 *	"fit":{"frames":16384,...,"classes":[{"order":0,"holes":1,
 *	"hole_frames":1,"unusable":0.000,"extfrag":-1.000},...]}} or
 *	{"allocator":"buddy"}; an allocator or a policy the tool does not
 *	know is its number, as a string.
 */
static void print_allocator(const struct mmlab_allocator_info *ai)
{
	const struct mmlab_fit_info *fi = &ai->fit;
	struct map_view v = { 0 };
	unsigned int k;

	print_enum(PRINT_ANY, "allocator", "allocator %s",
		   mmlab_allocator_name(ai->allocator), ai->allocator);
	if (!ai->is_fit) {
		print_nl();
		return;
	}
	print_enum(PRINT_ANY, "policy", ", policy %s\n",
		   mmlab_policy_name(ai->policy), ai->policy);

	open_json_object("fit");
	print_u64(PRINT_ANY, "frames", "  frames %llu", fi->frames);
	print_u64(PRINT_ANY, "free", ", free %llu", fi->free);
	print_u64(PRINT_ANY, "holes",
		  fi->holes == 1 ? " in %llu hole" : " in %llu holes",
		  fi->holes);
	print_u64(PRINT_ANY, "largest", ", largest hole %llu frames\n",
		  fi->largest);
	print_u64(PRINT_ANY, "used", "  partitions %llu", fi->used);
	print_size(PRINT_FP, NULL, ", internal fragmentation %s\n",
		   fi->internal_frag);
	print_u64(PRINT_JSON, "internal_frag", NULL, fi->internal_frag);
	print_u64(PRINT_ANY, "allocs", "  allocs %llu", fi->allocs);
	print_u64(PRINT_ANY, "frees", ", frees %llu", fi->frees);
	print_u64(PRINT_ANY, "failures", ", failures %llu", fi->failures);
	print_u64(PRINT_ANY, "fail_frag", " (%llu for fragmentation)\n",
		  fi->fail_frag);
	print_u64(PRINT_ANY, "search_steps", "  search steps %llu",
		  fi->search_steps);
	print_u64(PRINT_ANY, "insert_steps", ", insert steps %llu",
		  fi->insert_steps);
	print_u64(PRINT_ANY, "splits", ", splits %llu", fi->splits);
	print_u64(PRINT_ANY, "coalesces", ", coalesces %llu\n",
		  fi->coalesces);

	if (is_json_context()) {
		open_json_array("classes");
		for (k = 0; k < fi->nr_classes; k++)
			print_class_json(k, &fi->classes[k]);
		close_json_array();
	} else {
		/* the table frag draws: holes per class, bars, indices */
		frag_view_fit(fi, &v);
		map_print_orders(stdout, &v, false);
	}
	close_json_object();
}

static int allocator_show(struct mmlab *m)
{
	struct mmlab_allocator_info ai;
	int err;

	err = mmlab_nl_ready(m, "allocator show");
	if (err)
		return err;
	err = mmlab_nl_allocator_get(&m->nl, &ai);
	if (err)
		return mmlab_perror(m, "allocator show", err);
	new_json_obj(m->json, m->pretty);
	print_allocator(&ai);
	delete_json_obj();
	return MMLAB_EXIT_OK;
}

static int allocator_set(struct mmlab *m)
{
	struct mmlab_allocator_info ai;
	unsigned int allocator, policy;
	const char *w = mmlab_argv(m);
	int err, arg = -1;

	if (!w)
		return ALLOCATOR_USAGE("allocator set: needs buddy or fit");
	if (mmlab_parse_allocator(w, &allocator))
		return ALLOCATOR_USAGE("allocator set: unknown allocator \"%s\" (buddy, fit)",
				       w);
	mmlab_arg_inc(m);
	if (mmlab_argv_match(m, "policy")) {
		if (allocator != MMLAB_ALLOCATOR_FIT)
			return ALLOCATOR_USAGE("allocator set: a policy is for the fit allocator");
		w = mmlab_argv(m);
		if (mmlab_parse_policy(w, &policy))
			return mmlab_usage_error("allocator help",
						 "allocator set: policy needs first, next, best, worst or quick, not \"%s\"",
						 w ? w : "");
		arg = policy;
		mmlab_arg_inc(m);
	}
	err = mmlab_nl_ready(m, "allocator set");
	if (err)
		return err;
	err = mmlab_nl_allocator_set(&m->nl, allocator, arg, &ai);
	if (err)
		return mmlab_perror(m, "allocator set", err);
	new_json_obj(m->json, m->pretty);
	print_allocator(&ai);
	delete_json_obj();
	return MMLAB_EXIT_OK;
}

int cmd_allocator(struct mmlab *m)
{
	if (!mmlab_argv(m) || mmlab_argv_match(m, "show"))
		return allocator_show(m);
	if (mmlab_argv_match(m, "set"))
		return allocator_set(m);
	if (mmlab_argv_match(m, "help")) {
		allocator_help(stdout);
		return MMLAB_EXIT_OK;
	}
	return ALLOCATOR_USAGE("allocator: unknown command \"%s\"",
			       mmlab_argv(m));
}
