// SPDX-License-Identifier: GPL-2.0
/*
 * mmlab - control and observe the mmlab kernel module.
 *
 *	mmlab [ OPTIONS ] OBJECT { COMMAND | help }
 *
 * This file parses the options, dispatches to the object (arena.c,
 * stats.c, monitor.c, buddy.c, allocator.c, frag.c, cache.c for cache,
 * kmalloc and kfree, slabtop.c, and the software MMU's space.c,
 * translate.c, tlb.c and access.c) and holds what the objects share.
 * It opens the netlink socket only when a command needs it, so help and
 * --version work without the module.
 */
#include <linux/mmlab.h>

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "version.h"		/* kmod/version.h: MMLAB_VERSION */
#include "mmlab.h"

const char *mmlab_argv(struct mmlab *m)
{
	return m->argc > 0 ? m->argv[0] : NULL;
}

void mmlab_arg_inc(struct mmlab *m)
{
	if (m->argc > 0) {
		m->argc--;
		m->argv++;
	}
}

bool mmlab_argv_match(struct mmlab *m, const char *word)
{
	if (m->argc == 0 || strcmp(m->argv[0], word))
		return false;
	mmlab_arg_inc(m);
	return true;
}

int mmlab_usage_error(const char *hint, const char *fmt, ...)
{
	va_list ap;

	fputs("mmlab: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "; try \"mmlab %s\"\n", hint);
	return MMLAB_EXIT_USAGE;
}

void mmlab_term_size(unsigned int *cols, unsigned int *rows)
{
	struct winsize ws;
	const char *env = getenv("COLUMNS");
	unsigned int c;

	*cols = 80;
	*rows = 0;
	if (isatty(STDOUT_FILENO) &&
	    !ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) && ws.ws_col) {
		*cols = ws.ws_col;
		*rows = ws.ws_row;
	} else if (env && !mmlab_parse_u32(env, 16, 4096, &c)) {
		*cols = c;
	}
}

int mmlab_opt_value(struct mmlab *m, const char *name, const char **val)
{
	const char *w = mmlab_argv(m);
	size_t len = strlen(name);

	if (!w || strncmp(w, name, len) || (w[len] && w[len] != '='))
		return 0;
	mmlab_arg_inc(m);
	if (w[len] == '=') {
		*val = w + len + 1;
	} else {
		*val = mmlab_argv(m);
		mmlab_arg_inc(m);
	}
	return 1;
}

bool mmlab_take_lifetime(struct mmlab *m, bool *persistent)
{
	const char *w = mmlab_argv(m);

	if (!w || (strcmp(w, "persistent") && strcmp(w, "transient")))
		return false;
	*persistent = w[0] == 'p';
	mmlab_arg_inc(m);
	return true;
}

int mmlab_no_more_args(struct mmlab *m, const char *what)
{
	if (m->argc == 0)
		return 0;
	return mmlab_usage_error("help", "%s: unexpected argument \"%s\"",
				 what, mmlab_argv(m));
}

int mmlab_perror(struct mmlab *m, const char *what, int err)
{
	if (m->nl.detail[0])
		fprintf(stderr, "mmlab: %s: %s: %s\n", what, strerror(-err),
			m->nl.detail);
	else
		fprintf(stderr, "mmlab: %s: %s\n", what, strerror(-err));
	return MMLAB_EXIT_FAIL;
}

int mmlab_nl(struct mmlab *m)
{
	int err;

	if (m->nl_open)
		return 0;
	err = mmlab_nl_open(&m->nl);
	if (err == -ENOENT) {
		fprintf(stderr,
			"mmlab: module not loaded (generic netlink family \"%s\" not found)\n",
			MMLAB_GENL_NAME);
		return MMLAB_EXIT_FAIL;
	}
	if (err)
		return mmlab_perror(m, "netlink", err);
	m->nl_open = true;
	return 0;
}

int mmlab_nl_ready(struct mmlab *m, const char *what)
{
	int err;

	err = mmlab_no_more_args(m, what);
	return err ? err : mmlab_nl(m);
}

int mmlab_status(struct mmlab *m, const char *what, struct mmlab_status *st)
{
	int err;

	err = mmlab_nl_ready(m, what);
	if (err)
		return err;
	err = mmlab_nl_status_get(&m->nl, st);
	if (err)
		return mmlab_perror(m, what, err);
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: mmlab [ OPTIONS ] OBJECT { COMMAND | help }\n"
		"       mmlab { -V[ersion] | -h[elp] | help }\n"
		"where  OBJECT := { arena | stats | monitor | buddy | allocator | frag |\n"
		"                   cache | kmalloc | kfree | slabtop |\n"
		"                   space | translate | tlb | access }\n"
		"       OPTIONS := { -j[son] | -p[retty] | --color[=WHEN] }\n"
		"\n"
		"       mmlab arena { show | validate | help }\n"
		"       mmlab stats { show | reset | help }\n"
		"       mmlab monitor [ count N ]\n"
		"       mmlab buddy { show | alloc | free | compact | freelist | pagemap | help }\n"
		"       mmlab allocator { show | set { buddy | fit [ policy POLICY ] } | help }\n"
		"       mmlab frag [ show ] [ --svg FILE ] [ --watch [SECS] ] ...\n"
		"       mmlab frag compare TRACE [ --every N ] [ --svg FILE ] ...\n"
		"       mmlab cache { show | create | destroy | alloc | free | help }\n"
		"       mmlab kmalloc SIZE [ count N ] [ persistent | transient ]\n"
		"       mmlab kfree HANDLE...\n"
		"       mmlab slabtop [ -d SECS ] [ -s KEY ] [ -o ] [ --svg FILE ]\n"
		"       mmlab space { show | create | destroy | map | unmap | protect | grow |\n"
		"                     clone | maps | write | read | help }\n"
		"       mmlab translate SPACE ADDR\n"
		"       mmlab tlb { show | set | help }\n"
		"       mmlab access SPACE --trace FILE\n"
		"\n"
		"  -j, --json          JSON output, one object per line\n"
		"  -p, --pretty        indented JSON (implies --json)\n"
		"  --color[=WHEN]      colors: auto (on a terminal, the default),\n"
		"                      always (also --color alone) or never\n"
		"  -V, --version       print the version and exit\n"
		"  -h, --help          print this help and exit\n");
}

static const struct mmlab_object {
	const char *name;
	int (*cmd)(struct mmlab *m);
} objects[] = {
	{ "arena",	cmd_arena },
	{ "stats",	cmd_stats },
	{ "monitor",	cmd_monitor },
	{ "buddy",	cmd_buddy },
	{ "allocator",	cmd_allocator },
	{ "frag",	cmd_frag },
	{ "cache",	cmd_cache },
	{ "kmalloc",	cmd_kmalloc },
	{ "kfree",	cmd_kfree },
	{ "slabtop",	cmd_slabtop },
	{ "space",	cmd_space },
	{ "translate",	cmd_translate },
	{ "tlb",	cmd_tlb },
	{ "access",	cmd_access },
};

static int dispatch(struct mmlab *m)
{
	const char *obj = mmlab_argv(m);
	size_t i;

	if (!obj) {
		usage(stderr);
		return MMLAB_EXIT_USAGE;
	}
	if (!strcmp(obj, "help")) {
		usage(stdout);
		return MMLAB_EXIT_OK;
	}
	for (i = 0; i < ARRAY_SIZE(objects); i++) {
		if (!strcmp(obj, objects[i].name)) {
			mmlab_arg_inc(m);
			return objects[i].cmd(m);
		}
	}
	return mmlab_usage_error("help", "unknown object \"%s\"", obj);
}

int main(int argc, char **argv)
{
	static const struct option long_options[] = {
		{ "json",	no_argument,	NULL, 'j' },
		{ "pretty",	no_argument,	NULL, 'p' },
		{ "version",	no_argument,	NULL, 'V' },
		{ "help",	no_argument,	NULL, 'h' },
		{ "color",	optional_argument, NULL, 'c' },
		{ NULL,		0,		NULL, 0 },
	};
	struct mmlab m = { 0 };
	int opt, ret;

	opterr = 0;
	/* '+': stop at the object, never permute the command's words */
	while ((opt = getopt_long(argc, argv, "+jpVh", long_options,
				  NULL)) != -1) {
		switch (opt) {
		case 'j':
			m.json = true;
			break;
		case 'p':
			m.json = true;
			m.pretty = true;
			break;
		case 'c':
			m.color = MMLAB_COLOR_ALWAYS;
			if (optarg && mmlab_parse_color(optarg, &m.color))
				return mmlab_usage_error("help",
							 "--color takes auto, always or never, not \"%s\"",
							 optarg);
			break;
		case 'V':
			printf("mmlab %s\n", MMLAB_VERSION);
			return MMLAB_EXIT_OK;
		case 'h':
			usage(stdout);
			return MMLAB_EXIT_OK;
		default:
			if (optopt && strncmp(argv[optind - 1], "--", 2))
				return mmlab_usage_error("help",
							 "unknown option \"-%c\"",
							 optopt);
			return mmlab_usage_error("help",
						 "unknown option \"%s\"",
						 argv[optind - 1]);
		}
	}

	m.argc = argc - optind;
	m.argv = argv + optind;
	ret = dispatch(&m);

	if (m.nl_open)
		mmlab_nl_close(&m.nl);
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "mmlab: write error: %s\n", strerror(errno));
		return MMLAB_EXIT_FAIL;
	}
	return ret;
}
