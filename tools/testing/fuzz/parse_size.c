// SPDX-License-Identifier: GPL-2.0
/*
 * parse_size.c - libFuzzer harness for mmlab_parse_size().
 *
 * For any input (cut at its first NUL, as a C string would be):
 *
 *   1. no crash, no read past the string (ASan), no undefined behaviour
 *      (UBSan);
 *   2. the verdict is 0, -EINVAL or -ERANGE, and *bytes is written only
 *      on success;
 *   3. the verdict and the value agree with a reference parser written
 *      differently (the grammar spelled out by hand, 128-bit arithmetic);
 *   4. a size that parses, printed back in decimal, with the largest
 *      suffix that divides it, and with a trailing newline, parses to the
 *      same size.
 *
 * Build and run: make -C tools/testing fuzz-run (needs clang).
 */
#include "seam.h"

#include "../../kmod/core/param.c"

#include <stdio.h>
#include <stdlib.h>

#define SENTINEL	0x5e5e5e5e5e5e5e5eULL

static void fuzz_fail(const char *what, const char *s, int err, u64 v)
{
	fprintf(stderr, "parse_size: %s: input \"%s\": err %d value %llu\n",
		what, s, err, v);
	abort();
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * The reference: the grammar of param.c's comment, read one piece at a
 * time. A digit string too large for 64 bits is -ERANGE whatever follows
 * it (mmlab_parse_size() stops there).
 */
static int ref_parse(const char *s, u64 *bytes)
{
	static const char suffixes[] = "KMGT";
	__uint128_t v = 0;
	unsigned int shift = 0, i;

	if (!is_digit(*s))
		return -EINVAL;
	for (; is_digit(*s); s++) {
		v = v * 10 + (unsigned int)(*s - '0');
		if (v > ~0ULL)
			return -ERANGE;
	}
	for (i = 0; i < 4; i++) {
		if (*s == suffixes[i] || *s == suffixes[i] + ('a' - 'A')) {
			shift = 10 * (i + 1);
			s++;
			if (s[0] == 'i' && s[1] == 'B')
				s += 2;
			else if (s[0] == 'B' || s[0] == 'b')
				s += 1;
			break;
		}
	}
	if (*s == '\n')
		s++;
	if (*s)
		return -EINVAL;
	v <<= shift;
	if (v > ~0ULL)
		return -ERANGE;
	*bytes = (u64)v;
	return 0;
}

static void round_trip(const char *fmt_suffix, unsigned int shift, u64 v,
		       const char *orig)
{
	char buf[48];
	u64 back = SENTINEL;
	int err;

	snprintf(buf, sizeof(buf), "%llu%s", v >> shift, fmt_suffix);
	err = mmlab_parse_size(buf, &back);
	if (err || back != v)
		fuzz_fail("round trip", orig, err, back);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static const char *const suffix[] = { "K", "MiB", "g", "TB" };
	u64 got = SENTINEL, want = SENTINEL;
	int err, ref;
	char *s;
	int i;

	s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	err = mmlab_parse_size(s, &got);
	ref = ref_parse(s, &want);
	if (err != 0 && err != -EINVAL && err != -ERANGE)
		fuzz_fail("unexpected error", s, err, got);
	if (err != ref)
		fuzz_fail("verdict differs from the reference", s, err, got);
	if (err && got != SENTINEL)
		fuzz_fail("written on failure", s, err, got);
	if (!err && got != want)
		fuzz_fail("value differs from the reference", s, err, got);

	if (!err) {
		round_trip("", 0, got, s);
		round_trip("\n", 0, got, s);
		for (i = 3; i >= 0; i--) {
			unsigned int shift = 10 * (i + 1);

			if (got & ((1ULL << shift) - 1))
				continue;
			round_trip(suffix[i], shift, got, s);
			break;
		}
	}
	free(s);
	return 0;
}
