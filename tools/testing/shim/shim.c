// SPDX-License-Identifier: GPL-2.0
/*
 * shim.c - the state and the out-of-line parts of the userspace seam.
 *
 * See seam.h in this folder. Allocation goes to calloc()/free(), so
 * AddressSanitizer still sees every byte; the counters only add what ASan
 * cannot say on its own: how many of the core's tables are alive now, and
 * which call to fail next.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "seam.h"

struct shim_state shim;

void *mmlab_kvcalloc(size_t n, size_t size)
{
	size_t bytes;
	void *p;

	shim.kv_calls++;
	if (shim.kv_fail_at && shim.kv_calls == shim.kv_fail_at) {
		shim.kv_fail_at = 0;
		shim.kv_failed++;
		return NULL;
	}
	/* kvcalloc() refuses an n * size that overflows. */
	if (check_mul_overflow(n, size, &bytes)) {
		shim.kv_failed++;
		return NULL;
	}
	p = calloc(n, size);
	if (!p) {
		shim.kv_failed++;
		return NULL;
	}
	shim.kv_live++;
	shim.kv_total++;
	return p;
}

void mmlab_kvfree(const void *p)
{
	if (!p)
		return;
	if (!shim.kv_live) {
		shim_warn("free with no live allocation", __FILE__, __LINE__);
		shim.warnings++;
	} else {
		shim.kv_live--;
	}
	free((void *)p);
}

void shim_kv_fail_nth(unsigned long nth)
{
	shim.kv_fail_at = nth ? shim.kv_calls + nth : 0;
}

void mmlab_report(const char *fmt, ...)
{
	va_list ap;
	size_t used;

	shim.reports++;
	va_start(ap, fmt);
	vsnprintf(shim.report_last, sizeof(shim.report_last), fmt, ap);
	va_end(ap);
	used = strlen(shim.report_log);
	snprintf(shim.report_log + used, sizeof(shim.report_log) - used, "%s",
		 shim.report_last);
	if (shim.report_verbose)
		fprintf(stderr, "# invariant: %s", shim.report_last);
}

void shim_report_reset(void)
{
	shim.reports = 0;
	shim.report_last[0] = '\0';
	shim.report_log[0] = '\0';
}

/*
 * The kernel's sort() is a heapsort that allocates nothing; qsort() may
 * allocate, which is harmless here: its memory is not the core's and is
 * not counted.
 */
void mmlab_sort(void *base, size_t num, size_t size,
		int (*cmp)(const void *, const void *))
{
	qsort(base, num, size, cmp);
}

void shim_warn(const char *cond, const char *file, int line)
{
	if (shim.warn_quiet)
		return;
	fprintf(stderr, "# WARNING: %s:%d: %s\n", file, line, cond);
}
