/* SPDX-License-Identifier: GPL-2.0 */
/*
 * seam.h - the portable core's seam, userspace side.
 *
 * kmod/core/seam.h lists what the core may use and maps it onto
 * <linux/...>. This file provides the same names on top of libc, under the
 * SAME include guard. A userspace translation unit includes this file
 * first (the Makefile puts tools/testing/shim on the include path, and the
 * test and fuzzer sources include "seam.h" before any core file); when the
 * core's own #include "seam.h" later finds kmod/core/seam.h, the guard is
 * already defined and the kernel side is skipped. The very same core .c
 * files thus build into the module, the unit tests and the fuzzers.
 *
 * On top of the plain mappings the shim adds what tests need to see
 * inside the core:
 *
 *   mmlab_kvcalloc/mmlab_kvfree   count live and total allocations, and can
 *                                 be told to fail the Nth one
 *   mmlab_report                  counts invariant violations and keeps the
 *                                 last message; prints only when verbose
 *   WARN_ON_ONCE                  prints once per site, counts every hit
 *   mmlab_cpu_pin/unpin           answer the CPU a test chose (@cpu) and
 *                                 count pinning, so tests see nesting and
 *                                 what runs pinned
 *
 * The state behind them is struct shim_state (shim.c), one per process.
 * Nothing here is thread-safe: the core takes no lock, its callers do, and
 * the tests are single-threaded.
 */
#ifndef _MMLAB_SEAM_H
#define _MMLAB_SEAM_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

/* Kernel integer types. u64 is unsigned long long, as in the kernel, so
 * that the core's "%llu" formats are right on every architecture.
 */
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef int32_t s32;
typedef unsigned long long u64;
typedef long long s64;

_Static_assert(sizeof(u64) == 8, "u64 must be 64 bits");

#define MMLAB_PAGE_SHIFT	12

#ifndef __printf
#define __printf(a, b)		__attribute__((format(printf, a, b)))
#endif
#ifndef __must_check
#define __must_check		__attribute__((warn_unused_result))
#endif

#define noinline		__attribute__((__noinline__))
#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)

/*
 * min()/max() as strict as the oldest kernel mmlab builds for (6.1): both
 * sides must have the same type, or the pointer comparison below warns
 * (and -Werror stops the build). Each argument is evaluated once.
 */
#define __shim_cmp(x, y, op) ({				\
	typeof(x) __x = (x);				\
	typeof(y) __y = (y);				\
	(void)(&__x == &__y);				\
	__x op __y ? __x : __y; })

#define min(x, y)		__shim_cmp(x, y, <)
#define max(x, y)		__shim_cmp(x, y, >)
#define min_t(type, x, y)	__shim_cmp((type)(x), (type)(y), <)
#define max_t(type, x, y)	__shim_cmp((type)(x), (type)(y), >)

/* Zero, but a build error when @a is a pointer rather than an array. */
#define __shim_must_be_array(a)						\
	((int)sizeof(struct { int:(-!!__builtin_types_compatible_p(	\
		typeof(a), typeof(&(a)[0]))); }))
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]) + __shim_must_be_array(a))

#define BIT(nr)			(1UL << (nr))
#define BIT_ULL(nr)		(1ULL << (nr))

/* The kernel's strscpy(): -E2BIG (and a cut, terminated copy) if too long. */
static inline ssize_t strscpy(char *dst, const char *src, size_t size)
{
	size_t len = strnlen(src, size);

	if (!size)
		return -E2BIG;
	if (len == size) {
		memcpy(dst, src, size - 1);
		dst[size - 1] = '\0';
		return -E2BIG;
	}
	memcpy(dst, src, len + 1);
	return len;
}

/* An expression, usable as a statement: a negative array size fails. */
#define BUILD_BUG_ON(cond)	((void)sizeof(char[1 - 2 * !!(cond)]))

/* fls64(0) == 0, fls64(1) == 1, fls64(1ULL << 63) == 64. */
static inline int fls64(u64 x)
{
	return x ? 64 - __builtin_clzll(x) : 0;
}

static inline unsigned int hweight64(u64 x)
{
	return __builtin_popcountll(x);
}

/*
 * ilog2(): floor(log2(n)), a constant expression for a constant argument.
 * As the kernel's: a constant 0 or 1 gives 0, a variable 0 gives -1.
 */
static inline int __shim_ilog2(u64 n)
{
	return fls64(n) - 1;
}

#define ilog2(n)							\
	__builtin_choose_expr(__builtin_constant_p(n),			\
		((u64)(n) < 2 ? 0 : 63 - __builtin_clzll((u64)(n) | 1)), \
		__shim_ilog2(n))

static inline bool is_power_of_2(unsigned long n)
{
	return n != 0 && (n & (n - 1)) == 0;
}

/* Overflow checks: true when the result does not fit; *@d is written. */
static inline bool __must_check __shim_must_check_overflow(bool overflow)
{
	return overflow;
}

#define check_add_overflow(a, b, d)	\
	__shim_must_check_overflow(__builtin_add_overflow(a, b, d))
#define check_sub_overflow(a, b, d)	\
	__shim_must_check_overflow(__builtin_sub_overflow(a, b, d))
#define check_mul_overflow(a, b, d)	\
	__shim_must_check_overflow(__builtin_mul_overflow(a, b, d))

/* "x >= 0" without a -Wtype-limits warning for unsigned x. */
#define __shim_non_negative(x)	((x) > 0 || (x) == 0)

/*
 * check_shl_overflow(a, s, d): *d = a << s, and true when that loses
 * information: s negative or not below the width of *d, a negative, or a
 * bit of a shifted out (or into the sign bit of a signed *d). On such an
 * overflow *d holds a << s truncated, or a when s was out of range.
 */
#define check_shl_overflow(a, s, d) __shim_must_check_overflow(({	\
	typeof(a) __a = (a);						\
	typeof(s) __s = (s);						\
	typeof(d) __d = (d);						\
	unsigned long long __full = __a;				\
	unsigned int __sh = __shim_non_negative(__s) &&			\
			    (u64)__s < 8 * sizeof(*__d) ? __s : 0;	\
	*__d = (typeof(*__d))(__full << __sh);				\
	(s64)__sh != (s64)__s || !__shim_non_negative(*__d) ||		\
	!__shim_non_negative(__a) ||					\
	(unsigned long long)(*__d >> __sh) != (unsigned long long)__a; \
}))

/**
 * struct shim_state - what the shim counts, and its knobs
 * @kv_live: allocations made by mmlab_kvcalloc() and not yet freed
 * @kv_total: successful mmlab_kvcalloc() calls since start
 * @kv_calls: mmlab_kvcalloc() calls since start, failed ones included
 * @kv_failed: mmlab_kvcalloc() calls that returned NULL
 * @kv_fail_at: fail the call whose number (@kv_calls after it) equals
 *	this; 0 never fails. One-shot: see shim_kv_fail_nth().
 * @reports: mmlab_report() calls since start
 * @report_verbose: print every report on stderr
 * @report_last: the last report's text
 * @report_log: the reports since the last shim_report_reset(), one a
 *	line, cut short when full
 * @warnings: WARN_ON_ONCE() conditions found true since start
 * @warn_quiet: count warnings without printing them (a test that
 *	provokes one on purpose)
 * @cpu: the CPU mmlab_cpu_pin() answers (a test moves "its thread")
 * @pinned: pins not yet undone
 * @pin_errors: a pin while pinned, or an unpin while not
 */
struct shim_state {
	unsigned long kv_live;
	unsigned long kv_total;
	unsigned long kv_calls;
	unsigned long kv_failed;
	unsigned long kv_fail_at;
	unsigned long reports;
	bool report_verbose;
	char report_last[256];
	char report_log[4096];
	unsigned long warnings;
	bool warn_quiet;
	unsigned int cpu;
	unsigned int pinned;
	unsigned long pin_errors;
};

extern struct shim_state shim;

void *mmlab_kvcalloc(size_t n, size_t size);
void mmlab_kvfree(const void *p);

/* Make the @nth next mmlab_kvcalloc() call fail (1: the very next one). */
void shim_kv_fail_nth(unsigned long nth);

void __printf(1, 2) mmlab_report(const char *fmt, ...);

/* Userspace has nothing to yield to; the kernel's may reschedule. */
static inline void mmlab_cond_resched(void)
{
}

/* The kernel's get_cpu()/put_cpu(): here, the CPU the test chose. */
static inline unsigned int mmlab_cpu_pin(void)
{
	if (shim.pinned++)
		shim.pin_errors++;
	return shim.cpu;
}

static inline void mmlab_cpu_unpin(void)
{
	if (!shim.pinned)
		shim.pin_errors++;
	else
		shim.pinned--;
}

/* Forget the reports counted, the last message and the log. */
void shim_report_reset(void);

void mmlab_sort(void *base, size_t num, size_t size,
		int (*cmp)(const void *, const void *));

void shim_warn(const char *cond, const char *file, int line);

#define WARN_ON_ONCE(cond) ({						\
	static bool __warned;						\
	bool __c = !!(cond);						\
									\
	if (unlikely(__c)) {						\
		shim.warnings++;					\
		if (!__warned) {					\
			__warned = true;				\
			shim_warn(#cond, __FILE__, __LINE__);		\
		}							\
	}								\
	unlikely(__c); })

#endif /* _MMLAB_SEAM_H */
