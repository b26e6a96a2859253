// SPDX-License-Identifier: GPL-2.0
/*
 * mmlab_runas - run a program as an unprivileged user, for the selftests'
 * "nobody may not" checks.
 *
 *	mmlab_runas UID GID PROGRAM [ARG]...
 *
 * Drops the supplementary groups, then the gid, then the uid (in that
 * order: after setuid() the others are no longer permitted), checks that
 * root cannot be regained, and execs PROGRAM. Busybox's su needs a login
 * shell and setpriv lacks --reuid, so the tests carry this instead.
 *
 * Exit codes: 125 usage or privilege drop failed, 127 exec failed,
 * otherwise PROGRAM's.
 */
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int parse_id(const char *s, unsigned long *id)
{
	char *end;

	errno = 0;
	*id = strtoul(s, &end, 10);
	return errno || end == s || *end || *id > 0xfffffffeUL ? -1 : 0;
}

int main(int argc, char **argv)
{
	unsigned long uid, gid;

	if (argc < 4 || parse_id(argv[1], &uid) || parse_id(argv[2], &gid)) {
		fprintf(stderr, "usage: %s UID GID PROGRAM [ARG]...\n", argv[0]);
		return 125;
	}
	if (setgroups(0, NULL) || setgid((gid_t)gid) || setuid((uid_t)uid)) {
		fprintf(stderr, "%s: dropping to %lu:%lu: %s\n", argv[0], uid, gid,
			strerror(errno));
		return 125;
	}
	if (uid != 0 && setuid(0) == 0) {
		fprintf(stderr, "%s: could regain root after dropping it\n", argv[0]);
		return 125;
	}
	execvp(argv[3], &argv[3]);
	fprintf(stderr, "%s: %s: %s\n", argv[0], argv[3], strerror(errno));
	return 127;
}
