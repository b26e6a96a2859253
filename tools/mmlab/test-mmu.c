// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the tool's software-MMU side, #included by test-unit.c
 * (whose CHECK() they use): the parsers of the words of its commands
 * (protections, lengths, pages, region kinds, TLB policies), and of the
 * access counters of the replies, built here as the kernel sends them.
 */

/* --- words ---------------------------------------------------------- */

/*
 * Expect every spelling of protections the grammar allows, and none of
 * the others: letters once each in any order, the three places of
 * /proc/PID/maps, "none".
 */
static void test_prot_words(void)
{
	static const struct {
		const char *s;
		int err;
		unsigned int prot;
	} t[] = {
		{ "r", 0, MMLAB_PROT_READ },
		{ "rw", 0, MMLAB_PROT_READ | MMLAB_PROT_WRITE },
		{ "wr", 0, MMLAB_PROT_READ | MMLAB_PROT_WRITE },
		{ "rx", 0, MMLAB_PROT_READ | MMLAB_PROT_EXEC },
		{ "rwx", 0, 7 },
		{ "xwr", 0, 7 },
		{ "x", 0, MMLAB_PROT_EXEC },
		{ "r-x", 0, MMLAB_PROT_READ | MMLAB_PROT_EXEC },
		{ "rw-", 0, MMLAB_PROT_READ | MMLAB_PROT_WRITE },
		{ "---", 0, 0 },
		{ "--x", 0, MMLAB_PROT_EXEC },
		{ "none", 0, 0 },
		{ "", -EINVAL, 0 },
		{ "rr", -EINVAL, 0 },
		{ "rwxr", -EINVAL, 0 },
		{ "rwz", -EINVAL, 0 },
		{ "R", -EINVAL, 0 },
		{ "-", -EINVAL, 0 },
		{ "r-", -EINVAL, 0 },
		{ "x-r", -EINVAL, 0 },
		{ "w--", -EINVAL, 0 },
		{ "r x", -EINVAL, 0 },
		{ "None", -EINVAL, 0 },
		{ NULL, -EINVAL, 0 },
	};
	char buf[MMLAB_PROT_STR_LEN];
	unsigned int prot, i;
	int err;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		prot = 99;
		err = mmlab_parse_prot(t[i].s, &prot);
		CHECK(err == t[i].err && (err || prot == t[i].prot),
		      "prot \"%s\": %d %u", t[i].s ? t[i].s : "(null)", err,
		      prot);
		CHECK(!err || prot == 99, "prot \"%s\" changed on error",
		      t[i].s ? t[i].s : "(null)");
	}
	CHECK_STR(mmlab_prot_str(0, buf), "---");
	CHECK_STR(mmlab_prot_str(MMLAB_PROT_READ | MMLAB_PROT_EXEC, buf),
		  "r-x");
	CHECK_STR(mmlab_prot_str(7, buf), "rwx");
	CHECK_STR(mmlab_prot_str(MMLAB_PROT_WRITE, buf), "-w-");
	/* what is printed reads back */
	for (i = 0; i < 8; i++)
		CHECK(!mmlab_parse_prot(mmlab_prot_str(i, buf), &prot) &&
		      prot == i, "prot %u round trip", i);
}

/* Expect lengths, pages, kinds and TLB policies as the grammar says. */
static void test_mmu_words(void)
{
	unsigned long long v;
	unsigned int u;
	long long p;

	CHECK(!mmlab_parse_len("4096", &v) && v == 4096, "len 4096");
	CHECK(!mmlab_parse_len("8K", &v) && v == 8192, "len 8K");
	CHECK(!mmlab_parse_len("0x2000", &v) && v == 0x2000, "len 0x2000");
	CHECK(!mmlab_parse_len("0X10", &v) && v == 16, "len 0X10");
	CHECK(mmlab_parse_len("0x", &v) == -EINVAL, "len 0x");
	CHECK(mmlab_parse_len("0x1K", &v) == -EINVAL, "len 0x1K");
	CHECK(mmlab_parse_len("-4096", &v) == -EINVAL, "len -4096");
	CHECK(mmlab_parse_len("4 K", &v) == -EINVAL, "len 4 K");
	CHECK(mmlab_parse_len(NULL, &v) == -EINVAL, "len NULL");

	CHECK(!mmlab_parse_pages("3", &p) && p == 3, "pages 3");
	CHECK(!mmlab_parse_pages("-2", &p) && p == -2, "pages -2");
	CHECK(!mmlab_parse_pages("9223372036854775807", &p) &&
	      p == 9223372036854775807LL, "pages 2^63-1");
	CHECK(!mmlab_parse_pages("-9223372036854775808", &p) &&
	      p == -9223372036854775807LL - 1, "pages -2^63");
	CHECK(mmlab_parse_pages("9223372036854775808", &p) == -ERANGE,
	      "pages 2^63");
	CHECK(mmlab_parse_pages("-9223372036854775809", &p) == -ERANGE,
	      "pages -2^63-1");
	CHECK(mmlab_parse_pages("0", &p) == -EINVAL, "pages 0");
	CHECK(mmlab_parse_pages("-0", &p) == -EINVAL, "pages -0");
	CHECK(mmlab_parse_pages("+3", &p) == -EINVAL, "pages +3");
	CHECK(mmlab_parse_pages("--3", &p) == -EINVAL, "pages --3");
	CHECK(mmlab_parse_pages("-", &p) == -EINVAL, "pages -");
	CHECK(mmlab_parse_pages("0x3", &p) == -EINVAL, "pages 0x3");
	CHECK(mmlab_parse_pages(NULL, &p) == -EINVAL, "pages NULL");

	CHECK(!mmlab_parse_region_kind("stack", &u) &&
	      u == MMLAB_REGION_STACK, "kind stack");
	CHECK(!mmlab_parse_region_kind("shared", &u) &&
	      u == MMLAB_REGION_SHARED, "kind shared");
	CHECK(mmlab_parse_region_kind("text", &u) == -EINVAL, "kind text");
	CHECK(mmlab_parse_region_kind("Code", &u) == -EINVAL, "kind Code");
	CHECK_STR(mmlab_region_kind_name(MMLAB_REGION_HEAP), "heap");
	CHECK(!mmlab_region_kind_name(5), "kind 5 has no name");
	CHECK(!mmlab_parse_tlb_repl("random", &u) &&
	      u == MMLAB_TLB_REPL_RANDOM, "repl random");
	CHECK(mmlab_parse_tlb_repl("fifo", &u) == -EINVAL, "repl fifo");
	CHECK_STR(mmlab_tlb_repl_name(MMLAB_TLB_REPL_LRU), "lru");
	CHECK(!mmlab_tlb_repl_name(2), "repl 2 has no name");
	CHECK_STR(mmlab_fault_name(MMLAB_FAULT_COW_REUSE), "cow-reuse");
	CHECK_STR(mmlab_fault_name(MMLAB_FAULT_OOM), "oom");
	CHECK(!mmlab_fault_name(7), "fault 7 has no name");
	CHECK_STR(mmlab_access_kind_name(MMLAB_ACCESS_EXEC), "exec");
	CHECK(!mmlab_access_kind_name(3), "access 3 has no name");
}

/* --- replies ------------------------------------------------------------ */

/*
 * An access nest: 12 accesses (6 reads, 4 writes, 2 execs), 8 TLB hits,
 * 4 misses, 4 walks reading 8 entries, 4 per level for @levels levels,
 * 3 zero-fill faults and a segmentation fault; 5 events dropped if
 * @dropped.
 */
static void put_access(struct nl_msg *msg, int type, unsigned int levels,
		       bool dropped, int skip)
{
	static const struct {
		int type;
		__u64 v;
	} c[] = {
		{ MMLAB_A_ACCESS_ACCESSES, 12 },
		{ MMLAB_A_ACCESS_READS, 6 },
		{ MMLAB_A_ACCESS_WRITES, 4 },
		{ MMLAB_A_ACCESS_EXECS, 2 },
		{ MMLAB_A_ACCESS_TLB_HITS, 8 },
		{ MMLAB_A_ACCESS_TLB_MISSES, 4 },
		{ MMLAB_A_ACCESS_WALKS, 4 },
		{ MMLAB_A_ACCESS_WALK_READS, 8 },
		{ MMLAB_A_ACCESS_FAULTS_ZERO, 3 },
		{ MMLAB_A_ACCESS_FAULTS_SHARED, 0 },
		{ MMLAB_A_ACCESS_FAULTS_COW_COPY, 0 },
		{ MMLAB_A_ACCESS_FAULTS_COW_REUSE, 0 },
		{ MMLAB_A_ACCESS_FAULTS_SEGV, 1 },
		{ MMLAB_A_ACCESS_FAULTS_PROT, 0 },
		{ MMLAB_A_ACCESS_FAULTS_OOM, 0 },
	};
	struct nlattr *nest = nla_nest_start(msg, type);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(c); i++)
		if (c[i].type != skip)
			nla_put_u64(msg, c[i].type, c[i].v);
	for (i = 0; i < levels; i++)
		nla_put_u64(msg, MMLAB_A_ACCESS_LEVEL_READS, 8 / levels);
	if (dropped)
		nla_put_u64(msg, MMLAB_A_ACCESS_EVENTS_DROPPED, 5);
	nla_nest_end(msg, nest);
}

/* --- access ------------------------------------------------------------- */

/* A reply of 4 batches is summed into each counter and level. */
static void test_access_sum(void)
{
	struct mmlab_access_info sum = { 0 }, a;
	struct mmlab_nl nl = { 0 };
	struct nl_msg *msg;
	unsigned int i;
	int err = 0;

	for (i = 0; i < 4; i++) {
		msg = nlmsg_alloc();
		genlmsg_put(msg, 0, 1, 0x20, 0, 0, MMLAB_CMD_ACCESS, 1);
		put_access(msg, MMLAB_A_ACCESS, 2, i == 3, 0);
		err = err ? err : parse_access_reply(&nl, nlmsg_hdr(msg), &a);
		nlmsg_free(msg);
		mmlab_access_add(&sum, &a);
	}
	CHECK(err == 0, "access replies: %d %s", err, nl.detail);
	CHECK(sum.accesses == 48 && sum.reads == 24 && sum.writes == 16 &&
	      sum.execs == 8 && sum.tlb_hits == 32 && sum.tlb_misses == 16 &&
	      sum.walks == 16 && sum.walk_reads == 32 && sum.nr_levels == 2 &&
	      sum.level_reads[0] == 16 && sum.level_reads[1] == 16 &&
	      sum.faults[MMLAB_FAULT_ZERO] == 12 &&
	      sum.faults[MMLAB_FAULT_SEGV] == 4 && sum.events_dropped == 5,
	      "the sum of 4 batches");

	/* nine levels are more than any geometry has */
	msg = nlmsg_alloc();
	genlmsg_put(msg, 0, 1, 0x20, 0, 0, MMLAB_CMD_ACCESS, 1);
	put_access(msg, MMLAB_A_ACCESS, 9, false, 0);
	CHECK(parse_access_reply(&nl, nlmsg_hdr(msg), &a) == -EBADMSG,
	      "9 levels");
	nlmsg_free(msg);
	CHECK_STR(nl.detail, "more than 8 level_reads attributes");
}

static void test_mmu(void)
{
	test_prot_words();
	test_mmu_words();
	test_access_sum();
}
