// SPDX-License-Identifier: GPL-2.0
/*
 * param.c - mmlab_parse_size(), mmlab_check_arena_size(),
 * mmlab_check_max_order(), mmlab_parse_addr() and mmlab_check_memmap().
 */

#define KiB	(1ULL << 10)
#define MiB	(1ULL << 20)
#define GiB	(1ULL << 30)
#define TiB	(1ULL << 40)

/* Anything mmlab_parse_size() must not write on failure. */
#define SENTINEL	0x5e5e5e5e5e5e5e5eULL

/*
 * mmlab_parse_size() on a table of texts:
 *
 *   "64K" "64k" "64KiB" "64KB" "64kb" "64M\n"        -> sizes
 *   "" "K" "-1" "+1" " 64M" "12K5" "64X" "64MiBx"   -> -EINVAL
 *   "64M\n\n" (one newline only)                    -> -EINVAL
 *   "18446744073709551616" "16777216T"              -> -ERANGE
 *
 * Expect each verdict, the value on success, and *bytes untouched on
 * failure.
 */
static void parse_size_table(void)
{
	static const struct {
		const char *s;
		int err;
		u64 bytes;
	} t[] = {
		{ "0", 0, 0 },
		{ "1", 0, 1 },
		{ "0064K", 0, 64 * KiB },
		{ "64K", 0, 64 * KiB },
		{ "64k", 0, 64 * KiB },
		{ "64KiB", 0, 64 * KiB },
		{ "64KB", 0, 64 * KiB },
		{ "64kb", 0, 64 * KiB },
		{ "64M\n", 0, 64 * MiB },
		{ "64MiB\n", 0, 64 * MiB },
		{ "1\n", 0, 1 },
		{ "3G", 0, 3 * GiB },
		{ "1T", 0, TiB },
		{ "18446744073709551615", 0, ~0ULL },
		{ "16777215T", 0, 16777215ULL * TiB },
		{ "17179869183G", 0, 17179869183ULL * GiB },
		{ "", -EINVAL, 0 },
		{ "\n", -EINVAL, 0 },
		{ "K", -EINVAL, 0 },
		{ "-1", -EINVAL, 0 },
		{ "+1", -EINVAL, 0 },
		{ " 64M", -EINVAL, 0 },
		{ "64M ", -EINVAL, 0 },
		{ "64 M", -EINVAL, 0 },
		{ "12K5", -EINVAL, 0 },
		{ "64X", -EINVAL, 0 },
		{ "64B", -EINVAL, 0 },
		{ "64iB", -EINVAL, 0 },
		{ "64KBB", -EINVAL, 0 },
		{ "64Kib", -EINVAL, 0 },
		{ "64MiBx", -EINVAL, 0 },
		{ "64M\n\n", -EINVAL, 0 },
		{ "64\nM", -EINVAL, 0 },
		{ "0x10", -EINVAL, 0 },
		{ "1e3", -EINVAL, 0 },
		{ "18446744073709551616", -ERANGE, 0 },
		{ "99999999999999999999999", -ERANGE, 0 },
		{ "16777216T", -ERANGE, 0 },
		{ "17179869184G", -ERANGE, 0 },
		{ "18446744073709551615K", -ERANGE, 0 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		u64 bytes = SENTINEL;

		t_variant("\"%s\"", t[i].s);
		ASSERT_EQ(mmlab_parse_size(t[i].s, &bytes), t[i].err);
		ASSERT_EQ(bytes, t[i].err ? SENTINEL : t[i].bytes);
	}
}

/*
 * Every suffix in every spelling, for values at the edge of 64 bits:
 *
 *   N{k,K,m,M,g,G,t,T}{"",B,b,iB}{"",\n}   N in 0, 1, 1023, max, max+1
 *
 * where max = 2^(64 - shift) - 1. Expect N << shift, and -ERANGE for
 * max + 1.
 */
static void parse_size_suffixes(void)
{
	static const char *const tails[] = { "", "B", "b", "iB" };
	static const char suffix[] = "kKmMgGtT";
	char buf[64];
	unsigned int s, t, nl, v;

	for (s = 0; s < sizeof(suffix) - 1; s++) {
		unsigned int shift = 10 * (s / 2 + 1);
		u64 top = ~0ULL >> shift;
		u64 vals[] = { 0, 1, 1023, top, top + 1 };

		for (t = 0; t < ARRAY_SIZE(tails); t++) {
			for (nl = 0; nl < 2; nl++) {
				for (v = 0; v < ARRAY_SIZE(vals); v++) {
					u64 bytes = SENTINEL;
					int err;

					snprintf(buf, sizeof(buf), "%llu%c%s%s",
						 vals[v], suffix[s], tails[t],
						 nl ? "\n" : "");
					t_variant("\"%s\"", buf);
					err = mmlab_parse_size(buf, &bytes);
					if (vals[v] > top) {
						ASSERT_EQ(err, -ERANGE);
						ASSERT_EQ(bytes, SENTINEL);
					} else {
						ASSERT_EQ(err, 0);
						ASSERT_EQ(bytes, vals[v] << shift);
					}
				}
			}
		}
	}
}

/*
 * Every decimal number printed back: 0..100000 and random 64-bit values.
 *
 * Expect parse(print(v)) == v.
 */
static void parse_size_round_trip(void)
{
	char buf[32];
	u64 v, i;

	for (v = 0; v <= 100000; v++) {
		u64 bytes = SENTINEL;

		snprintf(buf, sizeof(buf), "%llu", v);
		t_variant("%llu", v);
		ASSERT_EQ(mmlab_parse_size(buf, &bytes), 0);
		ASSERT_EQ(bytes, v);
	}
	for (i = 0; i < 10000; i++) {
		u64 bytes = SENTINEL;

		v = t_rand() >> t_rand_below(64);
		snprintf(buf, sizeof(buf), "%llu\n", v);
		t_variant("%llu", v);
		ASSERT_EQ(mmlab_parse_size(buf, &bytes), 0);
		ASSERT_EQ(bytes, v);
	}
}

/*
 * mmlab_parse_size_strerror() completes "arena_size=X: ...".
 *
 * Expect "too large" for -ERANGE and the expected syntax otherwise.
 */
static void parse_size_strerror(void)
{
	ASSERT_STR_EQ(mmlab_parse_size_strerror(-ERANGE), "too large");
	ASSERT_CONTAINS(mmlab_parse_size_strerror(-EINVAL), "not a size");
	ASSERT_CONTAINS(mmlab_parse_size_strerror(-EINVAL), "64M");
}

/*
 * mmlab_check_arena_size() at each boundary (4K frames):
 *
 *   bytes   60K   64K   64K+1  68K      64G   64G+4K
 *           EINVAL  ok  EINVAL  ok       ok    EINVAL      (ram = 0)
 *
 *   ram 1G: bytes > ram -> EINVAL; bytes > avail - ram/8 -> ENOMEM;
 *           avail < ram/8 -> ENOMEM whatever the size
 *
 * Expect each verdict, a reason naming the rule on refusal, and @why
 * untouched on success.
 */
static void check_arena_size_boundaries(void)
{
	static const struct {
		u64 bytes, ram, avail;
		int err;
		const char *why;
	} t[] = {
		{ 0, 0, 0, -EINVAL, "below the minimum" },
		{ 4 * KiB, 0, 0, -EINVAL, "below the minimum" },
		{ 64 * KiB - 4 * KiB, 0, 0, -EINVAL, "below the minimum" },
		{ 64 * KiB - 1, 0, 0, -EINVAL, "below the minimum" },
		{ 64 * KiB, 0, 0, 0, NULL },
		{ 64 * KiB + 1, 0, 0, -EINVAL, "not a multiple" },
		{ 64 * KiB + 4 * KiB, 0, 0, 0, NULL },
		{ 64 * GiB - 4 * KiB, 0, 0, 0, NULL },
		{ 64 * GiB, 0, 0, 0, NULL },
		{ 64 * GiB + 4 * KiB, 0, 0, -EINVAL, "above the maximum" },
		{ ~0ULL, 0, 0, -EINVAL, "not a multiple" },
		{ ~0ULL << 12, 0, 0, -EINVAL, "above the maximum" },
		/* ram = 0 skips the RAM checks, whatever avail says */
		{ 64 * GiB, 0, 1, 0, NULL },
		/* against RAM */
		{ 1 * GiB + 4 * KiB, 1 * GiB, 1 * GiB, -EINVAL, "RAM" },
		{ 128 * GiB, 256 * GiB, 256 * GiB, -EINVAL, "above the maximum" },
		{ 64 * GiB, 128 * GiB, 128 * GiB, 0, NULL },
		/* the margin: avail - ram / 8 is the most an arena may take */
		{ 512 * MiB, 1 * GiB, 640 * MiB, 0, NULL },
		{ 512 * MiB + 4 * KiB, 1 * GiB, 640 * MiB, -ENOMEM, "available" },
		{ 1 * GiB, 1 * GiB, 1 * GiB, -ENOMEM, "eighth of RAM" },
		{ 896 * MiB, 1 * GiB, 1 * GiB, 0, NULL },
		{ 64 * KiB, 1 * GiB, 128 * MiB + 64 * KiB, 0, NULL },
		{ 64 * KiB, 1 * GiB, 128 * MiB + 60 * KiB, -ENOMEM, "available" },
		{ 64 * KiB, 1 * GiB, 128 * MiB, -ENOMEM, "available" },
		{ 64 * KiB, 1 * GiB, 100 * MiB, -ENOMEM, "available" },
		{ 64 * KiB, 1 * GiB, 0, -ENOMEM, "available" },
		{ 64 * KiB, 64 * KiB, ~0ULL, 0, NULL },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		const char *why = "untouched";

		t_variant("bytes=%llu ram=%llu avail=%llu", t[i].bytes,
			  t[i].ram, t[i].avail);
		ASSERT_EQ(mmlab_check_arena_size(t[i].bytes, t[i].ram,
						 t[i].avail, &why), t[i].err);
		if (t[i].err)
			ASSERT_CONTAINS(why, t[i].why);
		else
			ASSERT_STR_EQ(why, "untouched");
	}
}

/*
 * The margin rule against its definition, on a grid: ram 1..64 MiB-ish
 * and avail 0..ram in frames, every arena size from the minimum up.
 *
 * Expect ok exactly when bytes <= avail - ram / 8 (with avail >= ram / 8)
 * and bytes <= ram.
 */
static void check_arena_size_margin_grid(void)
{
	const u64 frame = 1ULL << MMLAB_PAGE_SHIFT;
	u64 ram, avail, bytes;

	for (ram = 16 * frame; ram <= 160 * frame; ram += 9 * frame) {
		for (avail = 0; avail <= ram; avail += 3 * frame) {
			for (bytes = 16 * frame; bytes <= ram + frame;
			     bytes += frame) {
				bool ok = bytes <= ram && avail >= ram / 8 &&
					  bytes <= avail - ram / 8;
				const char *why = NULL;
				int err;

				t_variant("bytes=%llu ram=%llu avail=%llu",
					  bytes, ram, avail);
				err = mmlab_check_arena_size(bytes, ram, avail,
							     &why);
				if (ok) {
					ASSERT_EQ(err, 0);
				} else {
					ASSERT_EQ(err, bytes > ram ? -EINVAL
								   : -ENOMEM);
					ASSERT_NOT_NULL(why);
				}
			}
		}
	}
}

/*
 * mmlab_check_max_order(): an order up to the backing's limit.
 *
 *   order  0   10   11      ~0
 *   limit 10:  ok  ok  EINVAL  EINVAL
 *
 * Expect those verdicts, a reason on refusal, @why untouched otherwise.
 */
static void check_max_order_limits(void)
{
	unsigned int limit, order;

	for (limit = 0; limit <= 12; limit++) {
		for (order = 0; order <= 14; order++) {
			const char *why = "untouched";
			int err = mmlab_check_max_order(order, limit, &why);

			t_variant("order=%u limit=%u", order, limit);
			if (order <= limit) {
				ASSERT_EQ(err, 0);
				ASSERT_STR_EQ(why, "untouched");
			} else {
				ASSERT_EQ(err, -EINVAL);
				ASSERT_CONTAINS(why, "above the largest order");
			}
		}
		ASSERT_EQ(mmlab_check_max_order(~0U, limit, &(const char *){ NULL }),
			  -EINVAL);
	}
}

/*
 * suffix_shift() (static): the one table of suffixes.
 *
 * Expect 10, 20, 30, 40 for K, M, G, T in either case, -1 for anything
 * else (including the byte 'B' and the digits).
 */
static char lower_ascii(unsigned int c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : (char)c;
}

static void suffix_shift_table(void)
{
	static const char *const letters = "kmgt";
	unsigned int c;

	for (c = 0; c < 256; c++) {
		const char *p = c ? strchr(letters, lower_ascii(c)) : NULL;
		int want = p ? 10 * (int)(p - letters + 1) : -1;

		t_variant("char %u", c);
		ASSERT_EQ(suffix_shift((char)c), want);
	}
}

/*
 * mmlab_parse_addr() on a table of texts:
 *
 *   "0x10000000" "0X10000000" "0xdeadBEEF\n" "0x0000000000000000010"  -> hex
 *   "256M" "268435456" "0" "010"                 -> as sizes (no octal)
 *   "0x" "0x\n" "0xg" "0x10M" "0x10 " " 0x10" "-0x10" "0x-1" "x10"
 *   "0x10\n\n"                                   -> -EINVAL
 *   "0x1ffffffffffffffff" "0x10000000000000000"  -> -ERANGE
 *
 * Expect each verdict, the value on success, and *addr untouched on
 * failure.
 */
static void parse_addr_table(void)
{
	static const struct {
		const char *s;
		int err;
		u64 addr;
	} t[] = {
		{ "0x10000000", 0, 0x10000000 },
		{ "0X10000000", 0, 0x10000000 },
		{ "0x10000000\n", 0, 0x10000000 },
		{ "0xdeadBEEF", 0, 0xdeadbeef },
		{ "0x0", 0, 0 },
		{ "0x0000000000000000010", 0, 0x10 },
		{ "0xffffffffffffffff", 0, ~0ULL },
		{ "0x8000000000000000", 0, 1ULL << 63 },
		{ "256M", 0, 256 * MiB },
		{ "256MiB\n", 0, 256 * MiB },
		{ "4G", 0, 4 * GiB },
		{ "268435456", 0, 268435456 },
		{ "0", 0, 0 },
		{ "010", 0, 10 },
		{ "", -EINVAL, 0 },
		{ "\n", -EINVAL, 0 },
		{ "0x", -EINVAL, 0 },
		{ "0X", -EINVAL, 0 },
		{ "0x\n", -EINVAL, 0 },
		{ "0xg", -EINVAL, 0 },
		{ "0x10M", -EINVAL, 0 },
		{ "0x10 ", -EINVAL, 0 },
		{ " 0x10", -EINVAL, 0 },
		{ "-0x10", -EINVAL, 0 },
		{ "+0x10", -EINVAL, 0 },
		{ "0x-1", -EINVAL, 0 },
		{ "0x+1", -EINVAL, 0 },
		{ "x10", -EINVAL, 0 },
		{ "0xx10", -EINVAL, 0 },
		{ "0x10\n\n", -EINVAL, 0 },
		{ "0x1\n0", -EINVAL, 0 },
		{ "10x", -EINVAL, 0 },
		{ "0b101", -EINVAL, 0 },
		{ "0x1ffffffffffffffff", -ERANGE, 0 },
		{ "0x10000000000000000", -ERANGE, 0 },
		{ "18446744073709551616", -ERANGE, 0 },
		{ "16777216T", -ERANGE, 0 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		u64 addr = SENTINEL;

		t_variant("\"%s\"", t[i].s);
		ASSERT_EQ(mmlab_parse_addr(t[i].s, &addr), t[i].err);
		ASSERT_EQ(addr, t[i].err ? SENTINEL : t[i].addr);
	}
}

/*
 * Hexadecimal addresses printed back: random 64-bit values with "%#llx"
 * and "0X%llX", with and without a newline.
 *
 * Expect parse(print(v)) == v.
 */
static void parse_addr_round_trip(void)
{
	char buf[32];
	u64 v, i;

	for (i = 0; i < 20000; i++) {
		u64 addr = SENTINEL;

		v = t_rand() >> t_rand_below(64);
		if (i & 1)
			snprintf(buf, sizeof(buf), "0X%llX%s", v,
				 i & 2 ? "\n" : "");
		else
			snprintf(buf, sizeof(buf), "0x%016llx%s", v,
				 i & 2 ? "\n" : "");
		t_variant("%s", buf);
		ASSERT_EQ(mmlab_parse_addr(buf, &addr), 0);
		ASSERT_EQ(addr, v);
	}
}

/*
 * mmlab_parse_addr_strerror() completes "memmap_base=X: ...".
 *
 * Expect "too large" for -ERANGE and the expected syntax otherwise.
 */
static void parse_addr_strerror(void)
{
	ASSERT_STR_EQ(mmlab_parse_addr_strerror(-ERANGE), "too large");
	ASSERT_CONTAINS(mmlab_parse_addr_strerror(-EINVAL), "not an address");
	ASSERT_CONTAINS(mmlab_parse_addr_strerror(-EINVAL), "0x10000000");
}

/*
 * mmlab_check_memmap() at each boundary (4K frames):
 *
 *   base   0x10000000  0x10000800  0x10001000  2^64 - 16M  2^64 - 64K
 *   size   16M         16M         16M         16M         64K
 *          ok          EINVAL      ok          EINVAL      EINVAL
 *                      (aligned)               (wraps)     (wraps)
 *
 *   size 60K, 64K + 1, 64G + 4K -> EINVAL as for arena_size
 *   arena_size 16M with 16M -> ok; 64M with 16M -> EINVAL; 0 -> ok
 *
 * Expect each verdict, a reason naming the rule on refusal, and @why
 * untouched on success.
 */
static void check_memmap_boundaries(void)
{
	static const struct {
		u64 base, size, arena;
		int err;
		const char *why;
	} t[] = {
		{ 0x10000000, 16 * MiB, 0, 0, NULL },
		{ 0x10001000, 16 * MiB, 0, 0, NULL },
		{ 0x10000800, 16 * MiB, 0, -EINVAL, "base not a multiple" },
		{ 0x10000001, 16 * MiB, 0, -EINVAL, "base not a multiple" },
		{ 0xfff, 64 * KiB, 0, -EINVAL, "base not a multiple" },
		{ 0, 64 * KiB, 0, 0, NULL },
		{ 0x10000000, 60 * KiB, 0, -EINVAL, "below the minimum" },
		{ 0x10000000, 0, 0, -EINVAL, "below the minimum" },
		{ 0x10000000, 64 * KiB + 1, 0, -EINVAL, "not a multiple" },
		{ 0x10000000, 64 * GiB, 0, 0, NULL },
		{ 0x10000000, 64 * GiB + 4 * KiB, 0, -EINVAL, "above the maximum" },
		{ ~0ULL << 24, 16 * MiB, 0, -EINVAL, "beyond 64 bits" },
		{ (~0ULL << 24) - 4 * KiB, 16 * MiB, 0, 0, NULL },
		{ ~0ULL << 16, 64 * KiB, 0, -EINVAL, "beyond 64 bits" },
		{ ~0ULL << 12, 64 * KiB, 0, -EINVAL, "beyond 64 bits" },
		{ 0x10000000, 16 * MiB, 16 * MiB, 0, NULL },
		{ 0x10000000, 16 * MiB, 64 * MiB, -EINVAL, "arena_size differs" },
		{ 0x10000000, 16 * MiB, 16 * MiB + 4 * KiB, -EINVAL,
		  "arena_size differs" },
		/* the range's own faults come first */
		{ 0x10000800, 60 * KiB, 64 * MiB, -EINVAL, "base not a multiple" },
		{ 0x10000000, 60 * KiB, 64 * MiB, -EINVAL, "below the minimum" },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		const char *why = "untouched";

		t_variant("base=%#llx size=%llu arena=%llu", t[i].base,
			  t[i].size, t[i].arena);
		ASSERT_EQ(mmlab_check_memmap(t[i].base, t[i].size, t[i].arena,
					     &why), t[i].err);
		if (t[i].err)
			ASSERT_CONTAINS(why, t[i].why);
		else
			ASSERT_STR_EQ(why, "untouched");
	}
}

/*
 * mmlab_check_memmap() against its definition on random ranges: base and
 * size random, often frame aligned and near the top of 64 bits.
 *
 * Expect ok exactly when base is frame aligned, the size passes
 * mmlab_check_arena_size() without RAM, base + size < 2^64 and the arena
 * size is 0 or the size.
 */
static void check_memmap_random(void)
{
	unsigned long i, iters = t_iterations(100000);

	for (i = 0; i < iters; i++) {
		u64 base = t_rand(), size = t_rand_below(1ULL << 37);
		u64 arena = 0;
		const char *why = NULL;
		bool ok;

		if (t_rand_below(2))
			base &= ~0xfffULL;
		if (t_rand_below(2))
			base |= ~0ULL << 40;
		if (t_rand_below(2))
			size &= ~0xfffULL;
		if (t_rand_below(4) == 0)
			arena = t_rand_below(2) ? size : size + 4096;
		ok = !(base & 0xfff) &&
		     !mmlab_check_arena_size(size, 0, 0, &why) &&
		     size <= ~0ULL - base &&
		     (!arena || arena == size);
		why = NULL;
		t_variant("base=%#llx size=%llu arena=%llu", base, size, arena);
		if (ok) {
			ASSERT_EQ(mmlab_check_memmap(base, size, arena, &why), 0);
			ASSERT_NULL(why);
		} else {
			ASSERT_EQ(mmlab_check_memmap(base, size, arena, &why),
				  -EINVAL);
			ASSERT_NOT_NULL(why);
		}
	}
}

/*
 * hex_digit() (static): the one table of hexadecimal digits.
 *
 * Expect 0..15 for 0-9, a-f and A-F, -1 for every other byte.
 */
static void hex_digit_table(void)
{
	static const char *const digits = "0123456789abcdef";
	unsigned int c;

	for (c = 0; c < 256; c++) {
		const char *p = c ? strchr(digits, lower_ascii(c)) : NULL;
		int want = p ? (int)(p - digits) : -1;

		t_variant("char %u", c);
		ASSERT_EQ(hex_digit((char)c), want);
	}
}

static const struct t_case param_cases[] = {
	T_CASE(parse_size_table),
	T_CASE(parse_size_suffixes),
	T_CASE(parse_size_round_trip),
	T_CASE(parse_size_strerror),
	T_CASE(check_arena_size_boundaries),
	T_CASE(check_arena_size_margin_grid),
	T_CASE(check_max_order_limits),
	T_CASE(suffix_shift_table),
	T_CASE(parse_addr_table),
	T_CASE(parse_addr_round_trip),
	T_CASE(parse_addr_strerror),
	T_CASE(check_memmap_boundaries),
	T_CASE(check_memmap_random),
	T_CASE(hex_digit_table),
};
