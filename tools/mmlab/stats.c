// SPDX-License-Identifier: GPL-2.0
/*
 * mmlab stats { show | reset | help }
 */
#include <stdio.h>

#include "mmlab.h"
#include "print.h"

static void stats_help(FILE *f)
{
	fprintf(f,
		"Usage: mmlab stats show\n"
		"       mmlab stats reset\n"
		"       mmlab stats help\n");
}

/*
 * Text:
 *	stats
 *	  nl_requests      12
 *	  ...
 * JSON: {"stats":{"nl_requests":12,"nl_errors":0,"validate_runs":1,
 *	  "validate_errors":0,"events":2,"resets":0}}
 */
static void print_stats(const struct mmlab_stats *s)
{
	print_string(PRINT_FP, NULL, "%s\n", "stats");
	open_json_object("stats");
	print_u64(PRINT_ANY, "nl_requests", "  nl_requests      %llu\n",
		  s->nl_requests);
	print_u64(PRINT_ANY, "nl_errors", "  nl_errors        %llu\n",
		  s->nl_errors);
	print_u64(PRINT_ANY, "validate_runs", "  validate_runs    %llu\n",
		  s->validate_runs);
	print_u64(PRINT_ANY, "validate_errors", "  validate_errors  %llu\n",
		  s->validate_errors);
	print_u64(PRINT_ANY, "events", "  events           %llu\n",
		  s->events);
	print_u64(PRINT_ANY, "resets", "  resets           %llu\n",
		  s->resets);
	close_json_object();
}

static int stats_show(struct mmlab *m)
{
	struct mmlab_status st;
	int err;

	err = mmlab_status(m, "stats show", &st);
	if (err)
		return err;

	new_json_obj(m->json, m->pretty);
	print_stats(&st.stats);
	delete_json_obj();
	return MMLAB_EXIT_OK;
}

static int stats_reset(struct mmlab *m)
{
	int err;

	err = mmlab_nl_ready(m, "stats reset");
	if (err)
		return err;
	err = mmlab_nl_stats_reset(&m->nl);
	if (err)
		return mmlab_perror(m, "stats reset", err);
	return MMLAB_EXIT_OK;
}

int cmd_stats(struct mmlab *m)
{
	if (!mmlab_argv(m) || mmlab_argv_match(m, "show"))
		return stats_show(m);
	if (mmlab_argv_match(m, "reset"))
		return stats_reset(m);
	if (mmlab_argv_match(m, "help")) {
		stats_help(stdout);
		return MMLAB_EXIT_OK;
	}
	return mmlab_usage_error("stats help", "stats: unknown command \"%s\"",
				 mmlab_argv(m));
}
