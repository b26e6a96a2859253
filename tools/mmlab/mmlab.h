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

enum {
	MMLAB_EXIT_OK = 0,
	MMLAB_EXIT_FAIL = 1,
	MMLAB_EXIT_USAGE = 2,
};

struct mmlab {
	int argc;
	char **argv;
	bool json;
	bool pretty;
	bool nl_open;
	struct mmlab_nl nl;
};

/* the argument cursor: current word or NULL, advance, exact match */
const char *mmlab_argv(struct mmlab *m);
void mmlab_arg_inc(struct mmlab *m);
bool mmlab_argv_match(struct mmlab *m, const char *word);

/* 0 if no arguments are left, else a usage error (exit status 2) */
int mmlab_no_more_args(struct mmlab *m, const char *what);

/* a usage error: one line on stderr, exit status 2 */
__printf(2, 3)
int mmlab_usage_error(const char *hint, const char *fmt, ...);

/* open netlink on first use; 0, or an exit status after a message */
int mmlab_nl(struct mmlab *m);

/* "mmlab: what: strerror[: detail]" */
void mmlab_perror(struct mmlab *m, const char *what, int err);

struct mmlab_status;
/*
 * The common prologue of a command "what" that reads the status: no
 * arguments left, netlink open, STATUS_GET into @st. 0, or an exit status
 * after a message.
 */
int mmlab_status(struct mmlab *m, const char *what, struct mmlab_status *st);

int cmd_arena(struct mmlab *m);
int cmd_stats(struct mmlab *m);
int cmd_monitor(struct mmlab *m);

#endif /* _MMLAB_H */
