// SPDX-License-Identifier: GPL-2.0
/*
 * mmlab access SPACE --trace FILE
 *
 * Runs a reference trace in an address space as a CPU would: every
 * reference looks up the TLB, walks the table on a miss and faults when
 * the page is not there (ACCESS). The trace is read whole first, so that
 * a bad line is a usage error before anything is sent; then it goes in
 * batches of at most MMLAB_ACCESS_BATCH_MAX references, and the replies
 * are summed and printed as one.
 *
 * The trace format (Documentation/tools/mmlab.rst), one reference a line:
 *
 *	# a comment, to the end of the line
 *	R 0x403004		a load (read) at 0x403004
 *	W 4198404		a store (write), the address in decimal
 *	X 0x401000		an instruction fetch (execute)
 *
 * The kind is R, W or X, in either case; the address 0xHEX or decimal,
 * below 2^MMLAB_ACCESS_KIND_SHIFT. Blank lines are skipped.
 */
#include <linux/mmlab.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "grow.h"
#include "mmlab.h"
#include "print.h"

static void access_help(FILE *f)
{
	fprintf(f,
		"Usage: mmlab access SPACE --trace FILE\n"
		"       mmlab access help\n"
		"Runs the references of FILE (- for stdin) in SPACE: TLB, page-table walk,\n"
		"page faults, as a CPU does; prints what they did, summed. FILE has one\n"
		"reference a line, \"KIND ADDR\": KIND is R (read), W (write) or X (execute),\n"
		"either case; ADDR is 0xHEX or DECIMAL; # starts a comment.\n");
}

#define ACCESS_USAGE(...)	mmlab_usage_error("access help", __VA_ARGS__)
#define ACCESS_STR2(x)		#x
#define ACCESS_STR(x)		ACCESS_STR2(x)

/* long enough to show a progress bar for, on a terminal: in batches */
#define ACCESS_PROGRESS_BATCHES	16
#define ACCESS_BAR_WIDTH	40

/* The references of a trace, ready to send. */
struct ref_trace {
	__u64 *refs;
	size_t n;
	size_t cap;
	__u64 max_addr;			/* the largest address */
	unsigned long max_line;		/* and its line */
};

static void ref_trace_free(struct ref_trace *t)
{
	free(t->refs);
	memset(t, 0, sizeof(*t));
}

#define REF_WORDS	3

/*
 * One line of a trace: 1 and *@ref when it holds a reference, 0 when it
 * holds none (blank, a comment), -EINVAL with @why otherwise. @line is
 * cut into words.
 */
static int ref_line(char *line, __u64 *ref, char *why, size_t len)
{
	char *w[REF_WORDS], *p = strchr(line, '#');
	unsigned long long addr;
	unsigned int kind;
	int n = 0;

	if (p)
		*p = '\0';
	for (p = strtok(line, " \t\r\n"); p && n < REF_WORDS;
	     p = strtok(NULL, " \t\r\n"))
		w[n++] = p;
	if (!n)
		return 0;
	if (n > 2) {
		snprintf(why, len, "too many words: a line is KIND ADDR");
		return -EINVAL;
	}
	if (!w[0][0] || w[0][1] || !strchr("RWXrwx", w[0][0])) {
		snprintf(why, len,
			 "unknown access \"%s\" (R, W or X, either case)",
			 w[0]);
		return -EINVAL;
	}
	switch (w[0][0]) {
	case 'R': case 'r':
		kind = MMLAB_ACCESS_READ;
		break;
	case 'W': case 'w':
		kind = MMLAB_ACCESS_WRITE;
		break;
	default:
		kind = MMLAB_ACCESS_EXEC;
	}
	if (n < 2) {
		snprintf(why, len, "\"%s\" needs an address", w[0]);
		return -EINVAL;
	}
	if (mmlab_parse_handle(w[1], &addr)) {
		snprintf(why, len, "an address is 0xHEX or decimal, not \"%s\"",
			 w[1]);
		return -EINVAL;
	}
	if (addr >> MMLAB_ACCESS_KIND_SHIFT) {
		snprintf(why, len, "an address is below 2^%u, not \"%s\"",
			 MMLAB_ACCESS_KIND_SHIFT, w[1]);
		return -EINVAL;
	}
	*ref = (__u64)kind << MMLAB_ACCESS_KIND_SHIFT | addr;
	return 1;
}

/*
 * Read the trace @path ("-": stdin) into @t (emptied first). 0; -EINVAL
 * with @err "path:line: why" for a bad line; -errno with @err "path:
 * strerror" when it cannot be read.
 */
static int ref_trace_read(const char *path, struct ref_trace *t, char *err,
			  size_t err_len)
{
	size_t len = 0;
	unsigned long lineno = 0;
	char *line = NULL, why[160];
	__u64 ref, *v;
	int ret = 0;
	FILE *f;

	ref_trace_free(t);
	f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	if (!f) {
		ret = -errno;
		snprintf(err, err_len, "%s: %s", path, strerror(errno));
		return ret;
	}
	while (!ret && getline(&line, &len, f) >= 0) {
		lineno++;
		ret = ref_line(line, &ref, why, sizeof(why));
		if (ret < 0) {
			snprintf(err, err_len, "%s:%lu: %s", path, lineno, why);
			break;
		}
		if (!ret)
			continue;
		ret = 0;
		v = mmlab_grow(t->refs, t->n, &t->cap, sizeof(*v), 1024);
		if (!v) {
			ret = -ENOMEM;
			snprintf(err, err_len, "%s: %s", path, strerror(ENOMEM));
			break;
		}
		t->refs = v;
		t->refs[t->n++] = ref;
		ref &= (1ULL << MMLAB_ACCESS_KIND_SHIFT) - 1;
		if (t->n == 1 || ref > t->max_addr) {
			t->max_addr = ref;
			t->max_line = lineno;
		}
	}
	if (!ret && ferror(f)) {
		ret = -EIO;
		snprintf(err, err_len, "%s: read error", path);
	}
	free(line);
	if (f != stdin)
		fclose(f);
	if (ret)
		ref_trace_free(t);
	return ret;
}

/* "mmlab: access: [#####.....]  45% 29491/65536" on stderr, in place */
static void progress(size_t done, size_t total)
{
	unsigned int fill = total ? done * ACCESS_BAR_WIDTH / total : 0, i;
	char bar[ACCESS_BAR_WIDTH + 1];

	for (i = 0; i < ACCESS_BAR_WIDTH; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[ACCESS_BAR_WIDTH] = '\0';
	fprintf(stderr, "\rmmlab: access: [%s] %3zu%% %zu/%zu", bar,
		total ? done * 100 / total : 0, done, total);
	fflush(stderr);
}

static void progress_clear(void)
{
	fprintf(stderr, "\r%*s\r", ACCESS_BAR_WIDTH + 50, "");
	fflush(stderr);
}

/*
 * The summed replies. Text:
 *	trace refs.trace: 12 references in 1 batch, space 1 (x86-32)
 * then print_access()'s lines, and, when the kernel multicast fewer
 * fault events than there were faults,
 *	  fault events dropped 5 (a batch multicasts at most 32)
 * JSON: {"access":{"trace":"refs.trace","space":1,"references":12,
 * "batches":1, print_access()'s keys, "events_dropped":0}}.
 */
static void print_trace_totals(const char *path,
			       const struct mmlab_space_info *s, size_t refs,
			       size_t batches,
			       const struct mmlab_access_info *a)
{
	open_json_object("access");
	print_string(PRINT_ANY, "trace", "trace %s", path);
	print_u32(PRINT_ANY, "space", ": space %u", s->id);
	print_string(PRINT_FP, NULL, " (%s)", s->geometry);
	print_u64(PRINT_ANY, "references", refs == 1 ? ", %llu reference" :
		  ", %llu references", refs);
	print_u64(PRINT_ANY, "batches", batches == 1 ? " in %llu batch\n" :
		  " in %llu batches\n", batches);
	print_access(a, s);
	print_u64(PRINT_JSON, "events_dropped", NULL, a->events_dropped);
	if (a->events_dropped)
		print_u64(PRINT_FP, NULL,
			  "  fault events dropped %llu (a batch multicasts at most "
			  ACCESS_STR(MMLAB_FAULT_EVENTS_MAX) ")\n",
			  a->events_dropped);
	close_json_object();
}

/* SPACE --trace FILE: 0, or a usage error */
static int access_args(struct mmlab *m, __u32 *id, const char **path)
{
	const char *w;
	int err;

	err = space_arg_id(m, "access help", "access", id);
	if (err)
		return err;
	*path = NULL;
	while ((w = mmlab_argv(m))) {
		if (!mmlab_opt_value(m, "--trace", path))
			return ACCESS_USAGE("access: unknown argument \"%s\"",
					    w);
		if (!*path || !**path)
			return ACCESS_USAGE("access: --trace needs a file name (- for stdin)");
	}
	if (!*path)
		return ACCESS_USAGE("access: needs --trace FILE");
	return 0;
}

int cmd_access(struct mmlab *m)
{
	struct mmlab_access_info sum = { 0 }, a;
	struct ref_trace t = { 0 };
	struct mmlab_space_info s;
	size_t done, n, batches, batch = 0;
	const char *path;
	char err_buf[320];
	bool bar;
	__u32 id;
	int err;

	if (mmlab_argv_match(m, "help")) {
		access_help(stdout);
		return MMLAB_EXIT_OK;
	}
	err = access_args(m, &id, &path);
	if (err)
		return err;
	err = ref_trace_read(path, &t, err_buf, sizeof(err_buf));
	if (err == -EINVAL)
		return mmlab_usage_error("access help", "access: %s", err_buf);
	if (err) {
		fprintf(stderr, "mmlab: access: %s\n", err_buf);
		return MMLAB_EXIT_FAIL;
	}
	if (!t.n)
		return mmlab_usage_error("access help",
					 "access: %s has no reference", path);
	err = mmlab_nl(m);
	if (!err) {
		err = mmlab_nl_space_get(&m->nl, id, &s);
		if (err)
			err = mmlab_perror(m, "access", err);
	}
	if (!err && s.va_bits < 64 && t.max_addr >> s.va_bits) {
		fprintf(stderr,
			"mmlab: access: %s:%lu: address 0x%llx is beyond the %u-bit addresses of space %u\n",
			path, t.max_line, (unsigned long long)t.max_addr,
			s.va_bits, id);
		err = MMLAB_EXIT_FAIL;
	}
	if (err) {
		ref_trace_free(&t);
		return err;
	}

	batches = (t.n + MMLAB_ACCESS_BATCH_MAX - 1) / MMLAB_ACCESS_BATCH_MAX;
	bar = batches >= ACCESS_PROGRESS_BATCHES && isatty(STDERR_FILENO);
	for (done = 0; done < t.n; done += n) {
		n = t.n - done < MMLAB_ACCESS_BATCH_MAX ? t.n - done :
		    MMLAB_ACCESS_BATCH_MAX;
		batch++;
		err = mmlab_nl_access(&m->nl, id, t.refs + done, n, &a);
		if (err) {
			if (bar)
				progress_clear();
			snprintf(err_buf, sizeof(err_buf),
				 "access: batch %zu of %zu", batch, batches);
			ref_trace_free(&t);
			return mmlab_perror(m, err_buf, err);
		}
		mmlab_access_add(&sum, &a);
		if (bar)
			progress(done + n, t.n);
	}
	if (bar)
		progress_clear();
	new_json_obj(m->json, m->pretty);
	print_trace_totals(path, &s, t.n, batches, &sum);
	delete_json_obj();
	ref_trace_free(&t);
	return MMLAB_EXIT_OK;
}
