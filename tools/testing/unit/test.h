/* SPDX-License-Identifier: GPL-2.0 */
/*
 * test.h - a small test framework for the portable core's unit tests.
 *
 * A test case is a void function. It runs once per selected case and
 * prints one KTAP-like line:
 *
 *	ok 3 arena_create_sizes_x_orders
 *	not ok 4 arena_validate_gap # arena_validate.c:88: ASSERT_EQ(...) ...
 *
 * Lines starting with '#' are diagnostics. The run ends with the line
 * "N passed, N failed".
 *
 * An ASSERT_*() that fails records where and why, then jumps back to the
 * runner, which runs the case's deferred cleanups (t_defer(), in reverse
 * order) so that one failing case does not leak into the next. After every
 * case the runner also checks that the case left no table of the core's
 * allocated (the shim's live count is back where it was) and raised no
 * WARN_ON_ONCE() it did not announce with t_expect_warnings().
 *
 * A case that loops over variants (sizes, orders, ...) names the current
 * one with t_variant(); a failure message then says which variant failed,
 * as memblock's PREFIX_PUSH() does.
 *
 * Randomness comes from t_rand(), seeded per case from the run's seed (see
 * t_seed()), so a case's random stream does not depend on which other
 * cases ran.
 */
#ifndef _MMLAB_TEST_H
#define _MMLAB_TEST_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "seam.h"

#ifndef __noreturn
#define __noreturn	__attribute__((__noreturn__))
#endif

struct t_case {
	const char *name;
	void (*fn)(void);
};

struct t_suite {
	const char *name;
	const struct t_case *cases;
	unsigned int nr_cases;
};

#define T_CASE(fn)	{ #fn, fn }
#define T_SUITE(sname, array)	\
	{ .name = sname, .cases = array, .nr_cases = ARRAY_SIZE(array) }

int t_main(int argc, char **argv, const struct t_suite *suites,
	   unsigned int nr_suites);

/* Fail the current case now: record the reason and leave the case. */
void __noreturn __printf(3, 4)
t_fail(const char *file, int line, const char *fmt, ...);

/* Fail the current case but go on (for cleanups and checks after it). */
void __printf(1, 2) t_fail_soft(const char *fmt, ...);

/* Name the variant being tested; "" (or NULL) clears it. */
void __printf(1, 2) t_variant(const char *fmt, ...);

/* Print a diagnostic line ("# ...") now. */
void __printf(1, 2) t_diag(const char *fmt, ...);

/* Run @fn(@arg) when the current case ends, passed or failed. */
void t_defer(void (*fn)(void *arg), void *arg);

/*
 * Scopes, for cases that loop: t_scope() marks the deferred cleanups
 * registered so far; t_unwind(mark) runs (in reverse order) and forgets
 * those registered since. A loop body between the two cleans up after
 * itself, pass or fail.
 */
unsigned int t_scope(void);
void t_unwind(unsigned int mark);

/* The shim's live allocations when the current case started. */
unsigned long t_kv_live_at_start(void);

/* The current case raised @n warnings on purpose. */
void t_expect_warnings(unsigned long n);

/* Random numbers: t_rand() 64 bits, t_rand_below(n) in [0, n). */
unsigned long long t_rand(void);
unsigned long long t_rand_below(unsigned long long n);

/* The run's seed and the iteration scale of randomized cases. */
unsigned long long t_seed(void);
unsigned long t_iterations(unsigned long dflt);

/* Verbose run (-v or MMLAB_TEST_VERBOSE=1). */
bool t_verbose(void);

/*
 * Assertions. Integer comparisons print both sides in decimal and hex.
 * Compare values of the same signedness (-Wsign-compare is on).
 */
#define ASSERT_TRUE(x)							\
	do {								\
		if (!(x))						\
			t_fail(__FILE__, __LINE__, "ASSERT_TRUE(%s)", #x); \
	} while (0)

#define ASSERT_FALSE(x)							\
	do {								\
		if (x)							\
			t_fail(__FILE__, __LINE__, "ASSERT_FALSE(%s)", #x); \
	} while (0)

#define __T_ASSERT_CMP(a, b, op)					\
	do {								\
		typeof(a) __ta = (a);					\
		typeof(b) __tb = (b);					\
									\
		if (!(__ta op __tb))					\
			t_fail(__FILE__, __LINE__,			\
			       "ASSERT(%s %s %s): %lld (%#llx) vs %lld (%#llx)", \
			       #a, #op, #b,				\
			       (long long)__ta, (unsigned long long)__ta, \
			       (long long)__tb, (unsigned long long)__tb); \
	} while (0)

#define ASSERT_EQ(a, b)		__T_ASSERT_CMP(a, b, ==)
#define ASSERT_NE(a, b)		__T_ASSERT_CMP(a, b, !=)
#define ASSERT_LT(a, b)		__T_ASSERT_CMP(a, b, <)
#define ASSERT_LE(a, b)		__T_ASSERT_CMP(a, b, <=)
#define ASSERT_GT(a, b)		__T_ASSERT_CMP(a, b, >)
#define ASSERT_GE(a, b)		__T_ASSERT_CMP(a, b, >=)

#define ASSERT_PTR_EQ(a, b)						\
	do {								\
		const void *__ta = (a), *__tb = (b);			\
									\
		if (__ta != __tb)					\
			t_fail(__FILE__, __LINE__,			\
			       "ASSERT_PTR_EQ(%s, %s): %p vs %p",	\
			       #a, #b, __ta, __tb);			\
	} while (0)

#define ASSERT_NULL(a)		ASSERT_PTR_EQ(a, NULL)

#define ASSERT_NOT_NULL(a)						\
	do {								\
		if (!(a))						\
			t_fail(__FILE__, __LINE__,			\
			       "ASSERT_NOT_NULL(%s)", #a);		\
	} while (0)

#define ASSERT_STR_EQ(a, b)						\
	do {								\
		const char *__ta = (a), *__tb = (b);			\
									\
		if (!__ta || !__tb || strcmp(__ta, __tb))		\
			t_fail(__FILE__, __LINE__,			\
			       "ASSERT_STR_EQ(%s, %s): \"%s\" vs \"%s\"", \
			       #a, #b, __ta ? __ta : "(null)",		\
			       __tb ? __tb : "(null)");			\
	} while (0)

/* @hay contains @needle. */
#define ASSERT_CONTAINS(hay, needle)					\
	do {								\
		const char *__th = (hay), *__tn = (needle);		\
									\
		if (!__th || !strstr(__th, __tn))			\
			t_fail(__FILE__, __LINE__,			\
			       "ASSERT_CONTAINS(%s, \"%s\"): got \"%s\"", \
			       #hay, __tn, __th ? __th : "(null)");	\
	} while (0)

#endif /* _MMLAB_TEST_H */
