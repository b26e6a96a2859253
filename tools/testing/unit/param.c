// SPDX-License-Identifier: GPL-2.0
/*
 * param.c - mmlab_parse_size(), mmlab_check_arena_size() and
 * mmlab_check_max_order().
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

static const struct t_case param_cases[] = {
	T_CASE(parse_size_table),
	T_CASE(parse_size_suffixes),
	T_CASE(parse_size_round_trip),
	T_CASE(parse_size_strerror),
	T_CASE(check_arena_size_boundaries),
	T_CASE(check_arena_size_margin_grid),
	T_CASE(check_max_order_limits),
	T_CASE(suffix_shift_table),
};
