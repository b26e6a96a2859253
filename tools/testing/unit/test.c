// SPDX-License-Identifier: GPL-2.0
/*
 * test.c - the runner behind test.h.
 *
 *	mmlab-unit [-v] [-l] [-s SEED] [-i ITERATIONS] [FILTER...]
 *
 * -v prints every invariant violation the core reports (mmlab_report())
 * and other details; -l lists the cases; -s fixes the random seed
 * (default: MMLAB_TEST_SEED, else a new one each run, printed); -i sets
 * the iterations of randomized cases (default: MMLAB_TEST_ITERS, else each
 * case's own). A FILTER keeps the cases whose "suite.case" name contains
 * it.
 *
 * Output: KTAP-like, "ok N name" or "not ok N name # reason" per case, and
 * "N passed, N failed" as the very last line. The last case is always
 * "runner.no_leaks": no table of the core is alive at the end, and, under
 * AddressSanitizer, LeakSanitizer finds no leak either. The exit status is
 * 1 when any case failed.
 */
#include <getopt.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "seam.h"
#include "test.h"

#if defined(__SANITIZE_ADDRESS__)
#define T_HAVE_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define T_HAVE_LSAN 1
#endif
#endif

#ifdef T_HAVE_LSAN
#include <sanitizer/lsan_interface.h>

const char *__asan_default_options(void);

/* Defaults for a run outside the Makefile; ASAN_OPTIONS still wins. */
const char *__asan_default_options(void)
{
	return "detect_leaks=1";
}
#endif

#define T_MAX_DEFER	256

struct t_deferred {
	void (*fn)(void *arg);
	void *arg;
};

static struct {
	jmp_buf jmp;
	bool failed;
	char reason[1024];
	char variant[256];
	struct t_deferred defer[T_MAX_DEFER];
	unsigned int nr_defer;
	unsigned long warn_expected;
	unsigned long kv_live_before;
	unsigned long warn_before;
	unsigned long long rng;
	unsigned long long seed;
	long iterations;
	bool verbose;
} t;

static void t_record(const char *file, int line, const char *fmt,
		     va_list ap)
{
	size_t used;

	t.failed = true;
	if (t.reason[0])
		return;		/* the first failure is the one to read */
	used = 0;
	if (file)
		used = snprintf(t.reason, sizeof(t.reason), "%s:%d: ",
				file, line);
	if (used < sizeof(t.reason))
		used += vsnprintf(t.reason + used, sizeof(t.reason) - used,
				  fmt, ap);
	if (t.variant[0] && used < sizeof(t.reason))
		snprintf(t.reason + used, sizeof(t.reason) - used, " [%s]",
			 t.variant);
}

void t_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	t_record(file, line, fmt, ap);
	va_end(ap);
	longjmp(t.jmp, 1);
}

void t_fail_soft(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	t_record(NULL, 0, fmt, ap);
	va_end(ap);
}

void t_variant(const char *fmt, ...)
{
	va_list ap;

	if (!fmt) {
		t.variant[0] = '\0';
		return;
	}
	va_start(ap, fmt);
	vsnprintf(t.variant, sizeof(t.variant), fmt, ap);
	va_end(ap);
}

void t_diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
}

void t_defer(void (*fn)(void *arg), void *arg)
{
	if (t.nr_defer == T_MAX_DEFER)
		t_fail(__FILE__, __LINE__, "more than %d deferred cleanups",
		       T_MAX_DEFER);
	t.defer[t.nr_defer].fn = fn;
	t.defer[t.nr_defer].arg = arg;
	t.nr_defer++;
}

unsigned int t_scope(void)
{
	return t.nr_defer;
}

void t_unwind(unsigned int mark)
{
	while (t.nr_defer > mark) {
		struct t_deferred d = t.defer[--t.nr_defer];

		d.fn(d.arg);
	}
}

unsigned long t_kv_live_at_start(void)
{
	return t.kv_live_before;
}

void t_expect_warnings(unsigned long n)
{
	t.warn_expected += n;
}

/* splitmix64: small, fast, and every seed gives a good stream. */
unsigned long long t_rand(void)
{
	unsigned long long z = (t.rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

unsigned long long t_rand_below(unsigned long long n)
{
	return n ? (unsigned long long)(((__uint128_t)t_rand() * n) >> 64)
		 : 0;
}

unsigned long long t_seed(void)
{
	return t.seed;
}

unsigned long t_iterations(unsigned long dflt)
{
	return t.iterations > 0 ? (unsigned long)t.iterations : dflt;
}

bool t_verbose(void)
{
	return t.verbose;
}

/* FNV-1a: a case's stream is the run's seed mixed with the case's name. */
static unsigned long long t_hash(const char *s)
{
	unsigned long long h = 0xcbf29ce484222325ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

static void t_print_result(unsigned int n, const char *suite,
			   const char *name)
{
	char *p;

	if (!t.failed) {
		printf("ok %u %s.%s\n", n, suite, name);
		return;
	}
	/* KTAP: the reason must not hold a newline or a '#'. */
	for (p = t.reason; *p; p++)
		if (*p == '\n' || *p == '#')
			*p = ' ';
	printf("not ok %u %s.%s # %s\n", n, suite, name, t.reason);
}

static void t_run_case(const struct t_case *c)
{
	t.failed = false;
	t.reason[0] = '\0';
	t.variant[0] = '\0';
	t.nr_defer = 0;
	t.warn_expected = 0;
	t.rng = t.seed ^ t_hash(c->name);
	shim.kv_fail_at = 0;
	shim.warn_quiet = false;
	shim.cpu = 0;
	shim.pinned = 0;
	shim.pin_errors = 0;
	shim_report_reset();
	t.kv_live_before = shim.kv_live;
	t.warn_before = shim.warnings;

	if (!setjmp(t.jmp))
		c->fn();
	t.variant[0] = '\0';
	/* Cleanups in reverse order; one that fails does not stop the rest. */
	while (t.nr_defer) {
		struct t_deferred d = t.defer[--t.nr_defer];

		if (!setjmp(t.jmp))
			d.fn(d.arg);
	}
	shim.kv_fail_at = 0;
	if (shim.kv_live != t.kv_live_before)
		t_fail_soft("%lu table(s) of the core still allocated after the case",
			    shim.kv_live - t.kv_live_before);
	if (shim.warnings - t.warn_before != t.warn_expected)
		t_fail_soft("%lu WARN_ON_ONCE() hit(s), %lu expected",
			    shim.warnings - t.warn_before, t.warn_expected);
}

/* The last case: nothing leaked over the whole run. */
static bool t_run_leak_check(void)
{
	bool lsan_found = false;

	t.failed = false;
	t.reason[0] = '\0';
	if (shim.kv_live)
		t_fail_soft("%lu table(s) of the core never freed",
			    shim.kv_live);
#ifdef T_HAVE_LSAN
	fflush(stdout);
	if (__lsan_do_recoverable_leak_check()) {
		t_fail_soft("LeakSanitizer found leaks (see stderr)");
		lsan_found = true;
	}
#endif
	return lsan_found;
}

static bool t_selected(const struct t_suite *s, const struct t_case *c,
		       char **filters, int nr_filters)
{
	char full[256];
	int i;

	if (!nr_filters)
		return true;
	snprintf(full, sizeof(full), "%s.%s", s->name, c->name);
	for (i = 0; i < nr_filters; i++)
		if (strstr(full, filters[i]))
			return true;
	return false;
}

static unsigned long long t_env_ull(const char *name, bool *found)
{
	const char *v = getenv(name);

	*found = v && *v;
	return *found ? strtoull(v, NULL, 0) : 0;
}

static void t_usage(const char *prog)
{
	fprintf(stderr,
		"usage: %s [-v] [-l] [-s SEED] [-i ITERATIONS] [FILTER...]\n"
		"  env: MMLAB_TEST_SEED, MMLAB_TEST_ITERS, MMLAB_TEST_VERBOSE\n",
		prog);
}

int t_main(int argc, char **argv, const struct t_suite *suites,
	   unsigned int nr_suites)
{
	unsigned int i, j, n, total = 0, passed = 0, failed = 0;
	bool list = false, have_seed, found, lsan_found;
	int opt;

	setvbuf(stdout, NULL, _IOLBF, 0);
	t.seed = t_env_ull("MMLAB_TEST_SEED", &have_seed);
	t.iterations = (long)t_env_ull("MMLAB_TEST_ITERS", &found);
	t.verbose = t_env_ull("MMLAB_TEST_VERBOSE", &found) != 0;
	while ((opt = getopt(argc, argv, "vls:i:h")) != -1) {
		switch (opt) {
		case 'v':
			t.verbose = true;
			break;
		case 'l':
			list = true;
			break;
		case 's':
			t.seed = strtoull(optarg, NULL, 0);
			have_seed = true;
			break;
		case 'i':
			t.iterations = strtol(optarg, NULL, 0);
			break;
		default:
			t_usage(argv[0]);
			return opt == 'h' ? 0 : 2;
		}
	}
	if (!have_seed) {
		t.rng = (unsigned long long)time(NULL) ^
			((unsigned long long)getpid() << 32);
		t.seed = t_rand();
	}
	shim.report_verbose = t.verbose;

	for (i = 0; i < nr_suites; i++)
		for (j = 0; j < suites[i].nr_cases; j++)
			if (t_selected(&suites[i], &suites[i].cases[j],
				       argv + optind, argc - optind))
				total++;
	if (list) {
		for (i = 0; i < nr_suites; i++)
			for (j = 0; j < suites[i].nr_cases; j++)
				if (t_selected(&suites[i], &suites[i].cases[j],
					       argv + optind, argc - optind))
					printf("%s.%s\n", suites[i].name,
					       suites[i].cases[j].name);
		return 0;
	}
	if (!total) {
		/* A typo in a filter must not look like a green run. */
		fprintf(stderr, "%s: no case matches the filter(s)\n", argv[0]);
		return 2;
	}

	printf("KTAP version 1\n1..%u\n", total + 1);
	t_diag("seed %llu (rerun with MMLAB_TEST_SEED=%llu)", t.seed, t.seed);
	n = 0;
	for (i = 0; i < nr_suites; i++) {
		for (j = 0; j < suites[i].nr_cases; j++) {
			const struct t_case *c = &suites[i].cases[j];

			if (!t_selected(&suites[i], c, argv + optind,
					argc - optind))
				continue;
			t_run_case(c);
			t_print_result(++n, suites[i].name, c->name);
			if (t.failed)
				failed++;
			else
				passed++;
		}
	}
	lsan_found = t_run_leak_check();
	t_print_result(++n, "runner", "no_leaks");
	if (t.failed)
		failed++;
	else
		passed++;
	printf("%u passed, %u failed\n", passed, failed);
	fflush(NULL);
	/* Leaks already reported: skip the exit-time report after our last line. */
	if (lsan_found)
		_exit(1);
	return failed ? 1 : 0;
}
