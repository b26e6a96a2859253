// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the tool's software-MMU side, #included by test-unit.c
 * (whose CHECK(), capture() and test_m they use): the parsers of the
 * words (protections, lengths, pages, kinds), of the replies (spaces,
 * regions, translations, the TLB and its entries, access counters, the
 * MMU's status, fault events) built here as the kernel would send them,
 * the reference-trace reader, the commands' usage errors, and the exact
 * text and JSON of every printer, as Documentation/tools/mmlab.rst shows
 * them.
 *
 * The space used throughout is the textbook's two-level x86-32 space:
 *
 *	0x00403004 = | 0000000001 | 0000000011 | 000000000100 |
 *	               level 0: 1   level 1: 3   offset: 4
 *
 *	root table (frame 5)        level 1 table (frame 6)      page (frame 8)
 *	[1] 0x0000600f ----------->  [3] 0x00008037 ----------->  + 0x004
 *	    P R W X, frame 6             P R W A D, frame 8          = 0x8004
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

/* attributes a test leaves out of what it builds, or changes */
struct mmu_msg_opts {
	int skip;		/* an attribute type not to put, or 0 */
	int nr_bits;		/* bits attributes; < 0: one per level */
	unsigned int levels;	/* 0: 2 */
	bool inverted;
	bool future;		/* attributes from a newer module */
	unsigned int access_levels;	/* level_reads sent; 0: the levels */
};

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

/* space 1, x86-32: 3 regions, 4 pages, 2 table frames, persistent */
static void put_space(struct nl_msg *msg, const struct mmu_msg_opts *o)
{
	unsigned int levels = o->levels ? o->levels : 2, i, nr_bits;
	struct nlattr *nest = nla_nest_start(msg, MMLAB_A_SPACE);

	nr_bits = o->nr_bits < 0 ? levels : (unsigned int)o->nr_bits;
	if (o->skip != MMLAB_A_SPACE_S_ID)
		nla_put_u32(msg, MMLAB_A_SPACE_S_ID, o->inverted ? 2 : 1);
	nla_put_u32(msg, MMLAB_A_SPACE_OWNER, o->inverted ? 4321 : 0);
	if (o->inverted)
		nla_put_flag(msg, MMLAB_A_SPACE_S_INVERTED);
	if (o->skip != MMLAB_A_SPACE_S_GEOMETRY)
		nla_put_string(msg, MMLAB_A_SPACE_S_GEOMETRY,
			       o->inverted ? "x86-64" : "x86-32");
	nla_put_u32(msg, MMLAB_A_SPACE_LEVELS, levels);
	for (i = 0; i < nr_bits; i++)
		nla_put_u32(msg, MMLAB_A_SPACE_BITS, o->inverted ? 9 : 10);
	if (o->skip != MMLAB_A_SPACE_VA_BITS)
		nla_put_u32(msg, MMLAB_A_SPACE_VA_BITS,
			    o->inverted ? 48 : 32);
	nla_put_u32(msg, MMLAB_A_SPACE_PTE_SIZE, o->inverted ? 8 : 4);
	nla_put_u32(msg, MMLAB_A_SPACE_REGIONS, 3);
	nla_put_u64(msg, MMLAB_A_SPACE_RSS, 4);
	nla_put_u64(msg, MMLAB_A_SPACE_TABLE_FRAMES, o->inverted ? 0 : 2);
	if (o->future)
		nla_put_u32(msg, MMLAB_A_SPACE_MAX + 1, 7);
	if (o->skip != MMLAB_A_SPACE_S_ACCESS)
		put_access(msg, MMLAB_A_SPACE_S_ACCESS,
			   o->access_levels ? o->access_levels :
			   o->inverted ? 2 : levels, false, o->skip);
	nla_nest_end(msg, nest);
}

static struct nl_msg *space_msg(const struct mmu_msg_opts *o)
{
	struct nl_msg *msg = nlmsg_alloc();

	genlmsg_put(msg, 0, 1, 0x20, 0, 0, MMLAB_CMD_SPACE_GET, 1);
	if (o->future)
		nla_put_u32(msg, MMLAB_A_MAX + 3, 7);
	put_space(msg, o);
	return msg;
}

static int parse_space_msg(const struct mmu_msg_opts *o,
			   struct mmlab_space_info *s, struct mmlab_nl *nl)
{
	struct nl_msg *msg = space_msg(o);
	int err = parse_space_reply(nl, nlmsg_hdr(msg), s);

	nlmsg_free(msg);
	return err;
}

static const char space1_text[] =
	"space 1: x86-32 (10/10/12), 2 levels, 32-bit addresses, 4-byte entries, persistent\n"
	"  regions 3, rss 4 pages, table frames 2\n"
	"  accesses 12: reads 6, writes 4, execs 2\n"
	"  TLB hits 8, misses 4: hit ratio 66.6%\n"
	"  walks 4, entries read 8: 2.000 a walk; level 0 4 (1.000), level 1 4 (1.000)\n"
	"  faults 4: zero 3, shared 0, cow-copy 0, cow-reuse 0, segv 1, prot 0, oom 0\n";

static const char access_json[] =
	"\"accesses\":12,\"reads\":6,\"writes\":4,\"execs\":2,\"tlb_hits\":8,\"tlb_misses\":4,"
	"\"hit_ratio\":0.666,\"walks\":4,\"walk_reads\":8,\"reads_per_walk\":2.000,"
	"\"level_reads\":[4,4],\"level_reads_per_walk\":[1.000,1.000],"
	"\"faults\":{\"zero\":3,\"shared\":0,\"cow_copy\":0,\"cow_reuse\":0,\"segv\":1,"
	"\"prot\":0,\"oom\":0},\"faults_total\":4";

static void do_print_space_one(void *arg)
{
	space_print_one(&test_m, arg, NULL);
}

/*
 * Expect a space's reply parsed whole (attributes from the future
 * skipped), refused when an attribute is missing or its bits do not fit
 * its levels, and printed as Documentation/tools/mmlab.rst shows it.
 */
static void test_space_reply(void)
{
	struct mmu_msg_opts o = { .nr_bits = -1, .future = true };
	struct mmlab_nl nl = { 0 };
	struct mmlab_space_info s;
	char buf[4096], want[4096];
	int err;

	err = parse_space_msg(&o, &s, &nl);
	CHECK(err == 0, "space reply: %d %s", err, nl.detail);
	CHECK(s.id == 1 && !s.owner && !s.inverted && s.levels == 2 &&
	      s.bits[0] == 10 && s.bits[1] == 10 && s.va_bits == 32 &&
	      s.pte_size == 4 && s.regions == 3 && s.rss == 4 &&
	      s.table_frames == 2, "space fields");
	CHECK_STR(s.geometry, "x86-32");
	CHECK(mmlab_space_offset_bits(&s) == 12, "offset bits");
	CHECK(s.access.accesses == 12 && s.access.nr_levels == 2 &&
	      s.access.level_reads[1] == 4 &&
	      s.access.faults[MMLAB_FAULT_SEGV] == 1 &&
	      !s.access.events_dropped, "access fields");

	test_m.json = false;
	capture(buf, sizeof(buf), do_print_space_one, &s);
	CHECK_STR(buf, space1_text);
	test_m.json = true;
	capture(buf, sizeof(buf), do_print_space_one, &s);
	snprintf(want, sizeof(want),
		 "{\"space\":{\"id\":1,\"geometry\":\"x86-32\",\"split\":\"10/10/12\",\"levels\":2,"
		 "\"bits\":[10,10],\"offset_bits\":12,\"va_bits\":32,\"pte_size\":4,"
		 "\"inverted\":false,\"owner\":0,\"persistent\":true,\"regions\":3,\"rss\":4,"
		 "\"table_frames\":2,\"access\":{%s}}}\n", access_json);
	CHECK_STR(buf, want);
	test_m.json = false;

	/* an inverted space of a socket: its owner, anchors and chains */
	o = (struct mmu_msg_opts){ .nr_bits = -1, .levels = 4,
				   .inverted = true };
	err = parse_space_msg(&o, &s, &nl);
	CHECK(err == 0, "inverted space: %d %s", err, nl.detail);
	capture(buf, sizeof(buf), do_print_space_one, &s);
	CHECK_STR(buf,
		  "space 2: x86-64 (9/9/9/9/12), inverted table, 48-bit addresses, 8-byte entries, owner 4321\n"
		  "  regions 3, rss 4 pages, table frames 0\n"
		  "  accesses 12: reads 6, writes 4, execs 2\n"
		  "  TLB hits 8, misses 4: hit ratio 66.6%\n"
		  "  walks 4, entries read 8: 2.000 a walk; anchors 4 (1.000), chain 4 (1.000)\n"
		  "  faults 4: zero 3, shared 0, cow-copy 0, cow-reuse 0, segv 1, prot 0, oom 0\n");

	/*
	 * a count for every level a geometry may have (5): the space's two
	 * are shown, an inverted space's anchors and chain
	 */
	o = (struct mmu_msg_opts){ .nr_bits = -1, .access_levels = 5 };
	err = parse_space_msg(&o, &s, &nl);
	CHECK(err == 0 && s.access.nr_levels == 5, "5 level_reads: %d %s",
	      err, nl.detail);
	capture(buf, sizeof(buf), do_print_space_one, &s);
	CHECK(strstr(buf, "a walk; level 0 1 (0.250), level 1 1 (0.250)\n"),
	      "two levels of five: %s", buf);
	test_m.json = true;
	capture(buf, sizeof(buf), do_print_space_one, &s);
	CHECK(strstr(buf, "\"level_reads\":[1,1],\"level_reads_per_walk\":[0.250,0.250],"),
	      "two levels of five, JSON: %s", buf);
	test_m.json = false;
	o = (struct mmu_msg_opts){ .nr_bits = -1, .levels = 4,
				   .inverted = true, .access_levels = 5 };
	err = parse_space_msg(&o, &s, &nl);
	capture(buf, sizeof(buf), do_print_space_one, &s);
	CHECK(err == 0 && strstr(buf, "a walk; anchors 1 (0.250), chain 1 (0.250)\n"),
	      "anchors and chain of five: %s", buf);

	/* what the ABI promises and the reply lacks is named */
	o = (struct mmu_msg_opts){ .nr_bits = -1,
				   .skip = MMLAB_A_SPACE_VA_BITS };
	err = parse_space_msg(&o, &s, &nl);
	CHECK(err == -EBADMSG, "no va_bits: %d", err);
	CHECK_STR(nl.detail, "reply lacks attribute \"space va_bits\"");
	o.skip = MMLAB_A_SPACE_S_ACCESS;
	CHECK(parse_space_msg(&o, &s, &nl) == -EBADMSG, "no access");
	CHECK_STR(nl.detail, "reply lacks attribute \"space access\"");
	o.skip = MMLAB_A_ACCESS_FAULTS_OOM;
	CHECK(parse_space_msg(&o, &s, &nl) == -EBADMSG, "no faults_oom");
	CHECK_STR(nl.detail, "reply lacks attribute \"access faults_oom\"");
	o = (struct mmu_msg_opts){ .nr_bits = 1 };
	CHECK(parse_space_msg(&o, &s, &nl) == -EBADMSG, "one bits of two");
	CHECK_STR(nl.detail, "space 1 has 1 bits attributes, not 2");
	o.nr_bits = 3;
	CHECK(parse_space_msg(&o, &s, &nl) == -EBADMSG, "three bits of two");
	CHECK_STR(nl.detail,
		  "space 1 has more bits attributes than its 2 levels");
	o = (struct mmu_msg_opts){ .nr_bits = -1, .levels = 9 };
	CHECK(parse_space_msg(&o, &s, &nl) == -EBADMSG, "9 levels");
	CHECK_STR(nl.detail, "space 1 has 9 levels");
	/* 4 levels of 10 bits do not fit 32-bit addresses */
	o = (struct mmu_msg_opts){ .nr_bits = -1, .levels = 4 };
	CHECK(parse_space_msg(&o, &s, &nl) == -EBADMSG, "40 bits in 32");
	CHECK_STR(nl.detail, "space 1 has 32-bit addresses for 40 index bits");
}

/* Expect the SPACE_GET dump's rows under their head. */
static void do_space_rows(void *arg)
{
	struct mmlab_spaces *spaces = arg;
	size_t i;

	printf(SPACE_ROW_FMT, "ID", "GEOMETRY", "LEVELS", "VA", "INVERTED",
	       "REGIONS", "RSS", "TABLES", "ACCESSES", "TLB HITS", "WALKS",
	       "FAULTS", "OWNER");
	for (i = 0; i < spaces->n; i++)
		print_space_row(&spaces->v[i]);
}

static void test_space_dump(void)
{
	struct mmu_msg_opts o = { .nr_bits = -1 };
	struct mmlab_spaces spaces = { 0 };
	struct mmlab_nl nl = { 0 };
	struct nl_msg *msg;
	char buf[2048];
	int err;

	msg = space_msg(&o);
	err = parse_dump_space(&nl, nlmsg_hdr(msg), &spaces);
	nlmsg_free(msg);
	o = (struct mmu_msg_opts){ .nr_bits = -1, .levels = 4,
				   .inverted = true };
	msg = space_msg(&o);
	err = err ? err : parse_dump_space(&nl, nlmsg_hdr(msg), &spaces);
	nlmsg_free(msg);
	CHECK(err == 0 && spaces.n == 2, "dump of 2: %d %s", err, nl.detail);
	capture(buf, sizeof(buf), do_space_rows, &spaces);
	CHECK_STR(buf,
		  "  ID GEOMETRY       LEVELS  VA INVERTED REGIONS      RSS   TABLES   ACCESSES   TLB HITS     WALKS    FAULTS OWNER\n"
		  "   1 x86-32              2  32 no             3        4        2         12          8         4         4 persistent\n"
		  "   2 x86-64              4  48 yes            3        4        0         12          8         4         4 4321\n");
	mmlab_spaces_free(&spaces);
}

static struct nl_msg *region_msg(__u64 start, __u64 end, unsigned int prot,
				 unsigned int kind, int shm, __u64 pgoff)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct nlattr *nest;

	genlmsg_put(msg, 0, 1, 0x20, 0, 0, MMLAB_CMD_REGION_GET, 1);
	nest = nla_nest_start(msg, MMLAB_A_REGION);
	nla_put_u64(msg, MMLAB_A_REGION_START, start);
	nla_put_u64(msg, MMLAB_A_REGION_END, end);
	nla_put_u32(msg, MMLAB_A_REGION_R_PROT, prot);
	nla_put_u32(msg, MMLAB_A_REGION_R_KIND, kind);
	if (shm >= 0) {
		nla_put_u32(msg, MMLAB_A_REGION_R_SHM, shm);
		nla_put_u64(msg, MMLAB_A_REGION_PGOFF, pgoff);
	}
	nla_put_u64(msg, MMLAB_A_REGION_RSS, 1);
	nla_nest_end(msg, nest);
	return msg;
}

static void do_print_regions(void *arg)
{
	struct mmlab_regions *r = arg;
	size_t i;

	new_json_obj(test_m.json, false);
	open_json_array("regions");
	for (i = 0; i < r->n; i++)
		print_region(&r->v[i]);
	close_json_array();
	delete_json_obj();
}

/*
 * Expect `space maps` as /proc/PID/maps: a private code region, a stack,
 * a shared region from its object's third page, and a kind this tool
 * does not know; an empty region refused.
 */
static void test_regions(void)
{
	struct mmlab_regions regions = { 0 };
	struct mmlab_nl nl = { 0 };
	struct nl_msg *msg[5];
	char buf[2048];
	unsigned int i;
	int err = 0;

	msg[0] = region_msg(0x400000, 0x402000, 5, MMLAB_REGION_CODE, -1, 0);
	msg[1] = region_msg(0x600000, 0x601000, 3, MMLAB_REGION_SHARED, 3, 0);
	msg[2] = region_msg(0x602000, 0x604000, 1, MMLAB_REGION_SHARED, 3, 2);
	msg[3] = region_msg(0xbfff0000, 0xc0000000, 3, 9, -1, 0);
	msg[4] = region_msg(0x5000, 0x5000, 3, MMLAB_REGION_DATA, -1, 0);
	for (i = 0; i < 4; i++)
		err = err ? err : parse_dump_region(&nl, nlmsg_hdr(msg[i]),
						    &regions);
	CHECK(err == 0 && regions.n == 4, "regions: %d %s", err, nl.detail);
	CHECK(parse_dump_region(&nl, nlmsg_hdr(msg[4]), &regions) == -EBADMSG &&
	      regions.n == 4, "an empty region");
	CHECK_STR(nl.detail, "region 0x5000-0x5000 is empty");
	for (i = 0; i < 5; i++)
		nlmsg_free(msg[i]);

	test_m.json = false;
	capture(buf, sizeof(buf), do_print_regions, &regions);
	CHECK_STR(buf,
		  "00400000-00402000 r-xp code   rss 1\n"
		  "00600000-00601000 rw-s shared shm 3 rss 1\n"
		  "00602000-00604000 r--s shared shm 3 pgoff 2 rss 1\n"
		  "bfff0000-c0000000 rw-p 9      rss 1\n");
	test_m.json = true;
	capture(buf, sizeof(buf), do_print_regions, &regions);
	CHECK_STR(buf,
		  "{\"regions\":[{\"start\":\"0x400000\",\"end\":\"0x402000\",\"prot\":\"r-x\",\"kind\":\"code\",\"rss\":1},"
		  "{\"start\":\"0x600000\",\"end\":\"0x601000\",\"prot\":\"rw-\",\"kind\":\"shared\",\"shm\":3,\"pgoff\":0,\"rss\":1},"
		  "{\"start\":\"0x602000\",\"end\":\"0x604000\",\"prot\":\"r--\",\"kind\":\"shared\",\"shm\":3,\"pgoff\":2,\"rss\":1},"
		  "{\"start\":\"0xbfff0000\",\"end\":\"0xc0000000\",\"prot\":\"rw-\",\"kind\":\"9\",\"rss\":1}]}\n");
	test_m.json = false;
	mmlab_regions_free(&regions);
}

static void do_print_bytes(void *arg)
{
	new_json_obj(test_m.json, false);
	print_bytes(0x403000, arg, 20);
	delete_json_obj();
}

/* Expect `space read` as hexdump -C prints, from the address read. */
static void test_read_dump(void)
{
	unsigned char bytes[20] = "hello, world\n";
	char buf[1024];

	bytes[19] = 0xff;
	test_m.json = false;
	capture(buf, sizeof(buf), do_print_bytes, bytes);
	CHECK_STR(buf,
		  "00403000  68 65 6c 6c 6f 2c 20 77  6f 72 6c 64 0a 00 00 00  |hello, world....|\n"
		  "00403010  00 00 00 ff                                       |....|\n");
	test_m.json = true;
	capture(buf, sizeof(buf), do_print_bytes, bytes);
	CHECK_STR(buf,
		  "{\"addr\":\"0x403000\",\"length\":20,\"data\":\"68656c6c6f2c20776f726c640a000000000000ff\"}\n");
	test_m.json = false;
}

/* one step of a translation reply */
struct step_spec {
	__u32 level, index;
	__u64 entry, table;
	int shift, bits;	/* < 0: not sent */
};

static struct nl_msg *translation_msg(__u64 addr, __u64 pte, bool present,
				      __u64 frame, bool cached, __u32 reads,
				      const struct step_spec *st,
				      unsigned int n, int skip)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct nlattr *nest, *sn;
	unsigned int i;

	genlmsg_put(msg, 0, 1, 0x20, 0, 0, MMLAB_CMD_TRANSLATE, 1);
	nest = nla_nest_start(msg, MMLAB_A_TRANSLATION);
	nla_put_u64(msg, MMLAB_A_TRANSLATION_T_ADDR, addr);
	nla_put_u64(msg, MMLAB_A_TRANSLATION_PTE, pte);
	if (present)
		nla_put_flag(msg, MMLAB_A_TRANSLATION_PRESENT);
	if (present && skip != MMLAB_A_TRANSLATION_FRAME)
		nla_put_u64(msg, MMLAB_A_TRANSLATION_FRAME, frame);
	nla_put_u32(msg, MMLAB_A_TRANSLATION_OFFSET, addr & 0xfff);
	if (cached)
		nla_put_flag(msg, MMLAB_A_TRANSLATION_TLB_CACHED);
	nla_put_u32(msg, MMLAB_A_TRANSLATION_READS, reads);
	for (i = 0; i < n; i++) {
		sn = nla_nest_start(msg, MMLAB_A_TRANSLATION_STEP);
		nla_put_u32(msg, MMLAB_A_STEP_LEVEL, st[i].level);
		nla_put_u32(msg, MMLAB_A_STEP_INDEX, st[i].index);
		if (skip != MMLAB_A_STEP_ENTRY)
			nla_put_u64(msg, MMLAB_A_STEP_ENTRY, st[i].entry);
		if (st[i].level || st[i].shift >= 0)
			nla_put_u64(msg, MMLAB_A_STEP_TABLE, st[i].table);
		if (st[i].shift >= 0) {
			nla_put_u32(msg, MMLAB_A_STEP_SHIFT, st[i].shift);
			nla_put_u32(msg, MMLAB_A_STEP_BITS, st[i].bits);
		}
		nla_nest_end(msg, sn);
	}
	nla_nest_end(msg, nest);
	return msg;
}

struct xlate_case {
	struct mmlab_space_info *s;
	struct mmlab_translation *x;
};

static void do_print_translation(void *arg)
{
	struct xlate_case *c = arg;

	new_json_obj(test_m.json, false);
	print_translation(c->s, c->x);
	delete_json_obj();
}

/* parse @msg (freed) into @x and print it for @s into @buf */
static int xlate(struct nl_msg *msg, struct mmlab_space_info *s,
		 struct mmlab_translation *x, char *buf, size_t len)
{
	struct xlate_case c = { s, x };
	struct mmlab_nl nl = { 0 };
	int err = parse_translation_reply(&nl, nlmsg_hdr(msg), x);

	nlmsg_free(msg);
	if (err) {
		snprintf(buf, len, "%s", nl.detail);
		return err;
	}
	capture(buf, len, do_print_translation, &c);
	return 0;
}

/*
 * Expect the textbook's figure of 0x00403004 on x86-32 (the diagram at
 * the top of this file): indices 1 and 3, offset 4, frame 8, arena
 * address 0x8004; then a walk stopped at a missing level-1 table, a leaf
 * that maps nothing, a swapped-out page.
 */
static void test_translate_walk(void)
{
	static const struct step_spec walk[] = {
		{ 0, 1, 0x600f, 5, 22, 10 },
		{ 1, 3, 0x8037, 6, 12, 10 },
	};
	struct mmu_msg_opts o = { .nr_bits = -1 };
	struct mmlab_nl nl = { 0 };
	struct mmlab_translation x;
	struct mmlab_space_info s;
	struct step_spec st[2];
	char buf[4096];
	int err;

	CHECK(!parse_space_msg(&o, &s, &nl), "space: %s", nl.detail);
	test_m.json = false;
	err = xlate(translation_msg(0x00403004, 0x8037, true, 8, true, 2,
				    walk, 2, 0), &s, &x, buf, sizeof(buf));
	CHECK(err == 0, "translation: %d %s", err, buf);
	CHECK(x.present && x.frame == 8 && x.offset == 4 && x.reads == 2 &&
	      x.nr_steps == 2 && x.steps[1].has_shift &&
	      x.steps[1].shift == 12, "translation fields");
	CHECK_STR(buf,
		  "translate 0x00403004 in space 1: x86-32 (10/10/12), 2 levels, 4-byte entries\n"
		  "            level 0     level 1     offset\n"
		  "  bits      31..22      21..12      11..0\n"
		  "  binary    0000000001  0000000011  000000000100\n"
		  "  index     1           3           4\n"
		  "  level 0: table at frame 5, entry 1 = 0x0000600f P R W X -> level 1 table at frame 6\n"
		  "  level 1: table at frame 6, entry 3 = 0x00008037 P R W A D -> page frame 8\n"
		  "  page frame 8, offset 0x004: arena address 0x8004\n"
		  "  2 entries read; the TLB holds the translation\n");
	test_m.json = true;
	xlate(translation_msg(0x00403004, 0x8037, true, 8, true, 2, walk, 2,
			      0), &s, &x, buf, sizeof(buf));
	CHECK_STR(buf,
		  "{\"translation\":{\"space\":1,\"addr\":\"0x403004\",\"geometry\":\"x86-32\",\"inverted\":false,"
		  "\"va_bits\":32,\"pte_size\":4,\"offset_bits\":12,\"offset\":4,"
		  "\"fields\":[{\"level\":0,\"high\":31,\"low\":22,\"bits\":10,\"index\":1},"
		  "{\"level\":1,\"high\":21,\"low\":12,\"bits\":10,\"index\":3}],"
		  "\"steps\":[{\"level\":0,\"table\":5,\"index\":1,\"shift\":22,\"bits\":10,\"entry\":\"0x600f\","
		  "\"present\":true,\"flags\":[\"P\",\"R\",\"W\",\"X\"],\"frame\":6},"
		  "{\"level\":1,\"table\":6,\"index\":3,\"shift\":12,\"bits\":10,\"entry\":\"0x8037\","
		  "\"present\":true,\"flags\":[\"P\",\"R\",\"W\",\"A\",\"D\"],\"frame\":8}],"
		  "\"result\":\"mapped\",\"pte\":\"0x8037\",\"present\":true,\"frame\":8,\"physical\":\"0x8004\","
		  "\"reads\":2,\"tlb_cached\":true}}\n");
	test_m.json = false;

	/* no level 1 table: one entry read, none */
	st[0] = (struct step_spec){ 0, 1, 0, 5, 22, 10 };
	err = xlate(translation_msg(0x00403004, 0, false, 0, false, 1, st, 1,
				    0), &s, &x, buf, sizeof(buf));
	CHECK(err == 0 && strstr(buf,
				 "  level 0: table at frame 5, entry 1 = 0x00000000 (none)\n"
				 "  stopped at level 0: no level 1 table covers the address: not mapped\n"
				 "  1 entry read; the TLB does not hold it\n"),
	      "a missing table: %s", buf);
	CHECK(!strstr(buf, "page frame"), "no frame without a page");

	/* a leaf that is none; a copy-on-write leaf; a swap entry */
	st[1] = (struct step_spec){ 1, 3, 0, 6, 12, 10 };
	st[0].entry = 0x600f;
	err = xlate(translation_msg(0x00403004, 0, false, 0, false, 2, st, 2,
				    0), &s, &x, buf, sizeof(buf));
	CHECK(err == 0 && strstr(buf,
				 "  level 1: table at frame 6, entry 3 = 0x00000000 (none)\n"
				 "  not present: no page is mapped at the address\n"),
	      "a leaf that is none: %s", buf);
	st[1].entry = 0x9053;
	err = xlate(translation_msg(0x00403004, 0x9053, true, 9, false, 2, st,
				    2, 0), &s, &x, buf, sizeof(buf));
	CHECK(err == 0 && strstr(buf,
				 "entry 3 = 0x00009053 P R A COW -> page frame 9\n"),
	      "copy on write: %s", buf);
	st[1].entry = 0x3002;
	err = xlate(translation_msg(0x00403004, 0x3002, false, 0, false, 2, st,
				    2, 0), &s, &x, buf, sizeof(buf));
	CHECK(err == 0 && strstr(buf,
				 "entry 3 = 0x00003002 (swap type 1, offset 3)\n"
				 "  not present: the page is swapped out\n"),
	      "swapped out: %s", buf);

	/* refused: no frame for a present page, steps without entries,
	 * more steps than entries read, too many steps
	 */
	err = xlate(translation_msg(0x00403004, 0x8037, true, 8, false, 2,
				    walk, 2, MMLAB_A_TRANSLATION_FRAME),
		    &s, &x, buf, sizeof(buf));
	CHECK(err == -EBADMSG, "no frame: %d", err);
	CHECK_STR(buf, "reply lacks attribute \"translation frame\"");
	err = xlate(translation_msg(0x00403004, 0x8037, true, 8, false, 2,
				    walk, 2, MMLAB_A_STEP_ENTRY),
		    &s, &x, buf, sizeof(buf));
	CHECK(err == -EBADMSG, "no entry: %d", err);
	CHECK_STR(buf, "reply lacks attribute \"step entry\"");
	err = xlate(translation_msg(0x00403004, 0x8037, true, 8, false, 1,
				    walk, 2, 0), &s, &x, buf, sizeof(buf));
	CHECK(err == -EBADMSG, "2 steps, 1 read: %d", err);
	CHECK_STR(buf, "2 steps for 1 entries read");
	{
		struct step_spec many[9];
		unsigned int i;

		for (i = 0; i < 9; i++)
			many[i] = (struct step_spec){ 1, i, 0, 0, -1, -1 };
		err = xlate(translation_msg(0x1000, 0, false, 0, false, 20,
					    many, 9, 0), &s, &x, buf,
			    sizeof(buf));
		CHECK(err == -EBADMSG, "9 steps: %d", err);
		CHECK_STR(buf, "more than 8 steps");
	}
	st[0] = (struct step_spec){ 0, 1, 0, 5, 60, 10 };
	err = xlate(translation_msg(0x00403004, 0, false, 0, false, 1, st, 1,
				    0), &s, &x, buf, sizeof(buf));
	CHECK(err == -EBADMSG, "10 bits at bit 60: %d", err);
	CHECK_STR(buf, "step of 10 bits at bit 60");
}

/*
 * Expect an inverted space's figure: the page and offset, the bucket,
 * the chain entries read (another page, another space's entry for the
 * same page, the match), the frame; then an empty bucket, and a chain
 * longer than the steps the reply holds.
 */
static void test_translate_inverted(void)
{
	static const struct step_spec chain[] = {
		{ 0, 1234, 77, 0, -1, -1 },
		{ 1, 77, 0x9017, 0x1a2, -1, -1 },
		{ 1, 12, 0xa017, 0x403, -1, -1 },
		{ 1, 31, 0x8037, 0x403, -1, -1 },
	};
	struct mmu_msg_opts o = { .nr_bits = -1, .levels = 4,
				  .inverted = true };
	struct mmlab_nl nl = { 0 };
	struct mmlab_translation x;
	struct mmlab_space_info s;
	struct step_spec st[8];
	unsigned int i;
	char buf[4096];
	int err;

	CHECK(!parse_space_msg(&o, &s, &nl), "space: %s", nl.detail);
	test_m.json = false;
	err = xlate(translation_msg(0x403004, 0x8037, true, 8, false, 4,
				    chain, 4, 0), &s, &x, buf, sizeof(buf));
	CHECK(err == 0, "chain: %d %s", err, buf);
	CHECK_STR(buf,
		  "translate 0x000000403004 in space 2: x86-64 (9/9/9/9/12), inverted table, 8-byte entries\n"
		  "  virtual page 0x403, offset 0x004\n"
		  "  hash anchor: bucket 1234 -> slot 77\n"
		  "  chain: slot 77: vpn 0x1a2, entry 0x0000000000009017 P R W A -> frame 9 (another page)\n"
		  "  chain: slot 12: vpn 0x403, entry 0x000000000000a017 P R W A -> frame 10 (another space's)\n"
		  "  chain: slot 31: vpn 0x403, entry 0x0000000000008037 P R W A D -> frame 8 (this page)\n"
		  "  page frame 8, offset 0x004: arena address 0x8004\n"
		  "  4 entries read; the TLB does not hold it\n");
	test_m.json = true;
	xlate(translation_msg(0x403004, 0x8037, true, 8, false, 4, chain, 2,
			      0), &s, &x, buf, sizeof(buf));
	CHECK(strstr(buf,
		     "\"vpn\":\"0x403\",\"steps\":[{\"level\":0,\"bucket\":1234,\"empty\":false,\"slot\":77},"
		     "{\"level\":1,\"slot\":77,\"vpn\":\"0x1a2\",\"entry\":\"0x9017\",\"present\":true,"
		     "\"flags\":[\"P\",\"R\",\"W\",\"A\"],\"frame\":9,\"match\":false}],"
		     "\"result\":\"mapped\","),
	      "inverted JSON: %s", buf);
	test_m.json = false;

	/* an empty bucket: nothing mapped */
	st[0] = (struct step_spec){ 0, 7, 0xffffffff, 0, -1, -1 };
	err = xlate(translation_msg(0x403004, 0, false, 0, false, 1, st, 1,
				    0), &s, &x, buf, sizeof(buf));
	CHECK(err == 0 && strstr(buf,
				 "  hash anchor: bucket 7 -> an empty chain\n"
				 "  no entry for the page in the chain: not mapped\n"
				 "  1 entry read;"), "empty bucket: %s", buf);

	/* 11 read, 8 in the reply */
	st[0].entry = 1;
	for (i = 1; i < 8; i++)
		st[i] = (struct step_spec){ 1, i, 0x5017, 0x100 + i, -1, -1 };
	err = xlate(translation_msg(0x403004, 0, false, 0, false, 11, st, 8,
				    0), &s, &x, buf, sizeof(buf));
	CHECK(err == 0 && strstr(buf, "  ... 3 more chain entries read\n"),
	      "long chain: %s", buf);
}

static struct nl_msg *tlb_msg(__u32 entries, __u32 ways, __u32 sets,
			      bool no_asid, int skip)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct nlattr *nest;

	genlmsg_put(msg, 0, 1, 0x20, 0, 0, MMLAB_CMD_TLB_GET, 1);
	nest = nla_nest_start(msg, MMLAB_A_TLB);
	nla_put_u32(msg, MMLAB_A_TLB_T_ENTRIES, entries);
	nla_put_u32(msg, MMLAB_A_TLB_T_WAYS, ways);
	nla_put_u32(msg, MMLAB_A_TLB_SETS, sets);
	nla_put_u32(msg, MMLAB_A_TLB_T_REPL, MMLAB_TLB_REPL_LRU);
	if (no_asid)
		nla_put_flag(msg, MMLAB_A_TLB_T_NO_ASID);
	nla_put_u32(msg, MMLAB_A_TLB_VALID, 2);
	nla_put_u64(msg, MMLAB_A_TLB_HITS, 95);
	nla_put_u64(msg, MMLAB_A_TLB_MISSES, 5);
	nla_put_u64(msg, MMLAB_A_TLB_FILLS, 5);
	nla_put_u64(msg, MMLAB_A_TLB_EVICTIONS, 1);
	nla_put_u64(msg, MMLAB_A_TLB_FLUSH_ALL, 1);
	nla_put_u64(msg, MMLAB_A_TLB_FLUSH_ASID, 0);
	nla_put_u64(msg, MMLAB_A_TLB_FLUSH_RANGE, 2);
	if (skip != MMLAB_A_TLB_SWITCH_FLUSHES)
		nla_put_u64(msg, MMLAB_A_TLB_SWITCH_FLUSHES, 1);
	nla_put_u64(msg, MMLAB_A_TLB_INVALIDATED, 3);
	nla_nest_end(msg, nest);
	return msg;
}

static struct nl_msg *tlb_entry_msg(__u32 set, __u64 vpn, bool dirty)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct nlattr *nest;

	genlmsg_put(msg, 0, 1, 0x20, 0, 0, MMLAB_CMD_TLB_ENTRY_GET, 1);
	nest = nla_nest_start(msg, MMLAB_A_TLB_ENTRY);
	nla_put_u32(msg, MMLAB_A_TLB_ENTRY_SET, set);
	nla_put_u32(msg, MMLAB_A_TLB_ENTRY_WAY, 1);
	nla_put_u32(msg, MMLAB_A_TLB_ENTRY_SPACE, 1);
	nla_put_u64(msg, MMLAB_A_TLB_ENTRY_VPN, vpn);
	nla_put_u64(msg, MMLAB_A_TLB_ENTRY_FRAME, 8);
	nla_put_u32(msg, MMLAB_A_TLB_ENTRY_E_PROT,
		    MMLAB_PROT_READ | (dirty ? MMLAB_PROT_WRITE : 0));
	if (dirty)
		nla_put_flag(msg, MMLAB_A_TLB_ENTRY_DIRTY);
	nla_nest_end(msg, nest);
	return msg;
}

struct tlb_case {
	struct mmlab_tlb_info *t;
	struct mmlab_tlb_entries *e;
};

static void do_print_tlb(void *arg)
{
	struct tlb_case *c = arg;
	size_t i;

	new_json_obj(test_m.json, false);
	open_json_object("tlb");
	print_tlb(c->t);
	if (c->e->n && !is_json_context())
		printf(TLB_ROW_FMT, "SET", "WAY", "SPACE", "VPN", "FRAME",
		       "PROT", "DIRTY");
	open_json_array("contents");
	for (i = 0; i < c->e->n; i++)
		print_tlb_entry(&c->e->v[i]);
	close_json_array();
	close_json_object();
	delete_json_obj();
}

/* Expect `tlb show`: the shape, the counters, the entries. */
static void test_tlb(void)
{
	struct mmlab_tlb_entries entries = { 0 };
	struct tlb_case c = { NULL, &entries };
	struct mmlab_nl nl = { 0 };
	struct mmlab_tlb_info t;
	struct nl_msg *msg;
	char buf[4096];
	int err;

	msg = tlb_msg(64, 4, 16, false, 0);
	err = parse_tlb_reply(&nl, nlmsg_hdr(msg), &t);
	nlmsg_free(msg);
	CHECK(err == 0, "tlb: %d %s", err, nl.detail);
	msg = tlb_entry_msg(3, 0x403, true);
	err = parse_dump_tlb_entry(&nl, nlmsg_hdr(msg), &entries);
	nlmsg_free(msg);
	msg = tlb_entry_msg(10, 0x7ffffffff, false);
	err = err ? err : parse_dump_tlb_entry(&nl, nlmsg_hdr(msg), &entries);
	nlmsg_free(msg);
	CHECK(err == 0 && entries.n == 2, "entries: %d %s", err, nl.detail);
	c.t = &t;
	test_m.json = false;
	capture(buf, sizeof(buf), do_print_tlb, &c);
	CHECK_STR(buf,
		  "tlb 64 entries: 16 sets of 4 ways, lru, with ASIDs; 2 valid\n"
		  "  hits 95, misses 5: hit ratio 95.0%; fills 5, evictions 1\n"
		  "  flushes: all 1 (1 on a switch of spaces), of a space 0, of a range 2; 3 entries invalidated\n"
		  "  SET  WAY  SPACE                VPN      FRAME PROT DIRTY\n"
		  "    3    1      1              0x403          8 rw-  yes\n"
		  "   10    1      1        0x7ffffffff          8 r--  no\n");
	test_m.json = true;
	capture(buf, sizeof(buf), do_print_tlb, &c);
	CHECK_STR(buf,
		  "{\"tlb\":{\"entries\":64,\"sets\":16,\"ways\":4,\"repl\":\"lru\",\"no_asid\":false,\"valid\":2,"
		  "\"hits\":95,\"misses\":5,\"hit_ratio\":0.950,\"fills\":5,\"evictions\":1,\"flush_all\":1,"
		  "\"switch_flushes\":1,\"flush_asid\":0,\"flush_range\":2,\"invalidated\":3,\"contents\":["
		  "{\"set\":3,\"way\":1,\"space\":1,\"vpn\":\"0x403\",\"frame\":8,\"prot\":\"rw-\",\"dirty\":true},"
		  "{\"set\":10,\"way\":1,\"space\":1,\"vpn\":\"0x7ffffffff\",\"frame\":8,\"prot\":\"r--\",\"dirty\":false}]}}\n");
	test_m.json = false;
	mmlab_tlb_entries_free(&entries);

	/* direct mapped, without ASIDs */
	msg = tlb_msg(8, 1, 8, true, 0);
	err = parse_tlb_reply(&nl, nlmsg_hdr(msg), &t);
	nlmsg_free(msg);
	capture(buf, sizeof(buf), do_print_tlb, &c);
	CHECK(err == 0 && !strncmp(buf,
				   "tlb 8 entries: 8 sets of 1 way, lru, without ASIDs; 2 valid\n",
				   60), "direct mapped: %s", buf);

	/* refused: a shape that does not add up, a counter missing */
	msg = tlb_msg(64, 4, 8, false, 0);
	CHECK(parse_tlb_reply(&nl, nlmsg_hdr(msg), &t) == -EBADMSG,
	      "4 ways of 8 sets are no 64 entries");
	nlmsg_free(msg);
	CHECK_STR(nl.detail, "tlb of 64 entries, 4 ways, 8 sets, 2 valid");
	msg = tlb_msg(64, 4, 16, false, MMLAB_A_TLB_SWITCH_FLUSHES);
	CHECK(parse_tlb_reply(&nl, nlmsg_hdr(msg), &t) == -EBADMSG,
	      "no switch_flushes");
	nlmsg_free(msg);
	CHECK_STR(nl.detail, "reply lacks attribute \"tlb switch_flushes\"");
}

/* --- access ------------------------------------------------------------- */

/* write @text to a temporary file, read it as a reference trace */
static int ref_trace_text(const char *text, struct ref_trace *t, char *err,
			  size_t err_len, char *path)
{
	int ret = text_file(text, "/tmp/mmlab-refs-XXXXXX", path);

	if (ret)
		return ret;
	ret = ref_trace_read(path, t, err, err_len);
	unlink(path);
	return ret;
}

/*
 * Expect every line the trace format allows, read as the uapi builds a
 * reference (kind << MMLAB_ACCESS_KIND_SHIFT | address), the largest
 * address and its line remembered; and every bad line refused with the
 * file and line, leaving nothing.
 */
static void test_ref_trace(void)
{
	static const struct {
		const char *text;
		const char *why;	/* after "path:" */
	} bad[] = {
		{ "R 0x1000\nQ 0x2000\n",
		  "2: unknown access \"Q\" (R, W or X, either case)" },
		{ "RW 0x1000\n",
		  "1: unknown access \"RW\" (R, W or X, either case)" },
		{ "# c\n\nW\n", "3: \"W\" needs an address" },
		{ "x 0xg\n", "1: an address is 0xHEX or decimal, not \"0xg\"" },
		{ "R -4\n", "1: an address is 0xHEX or decimal, not \"-4\"" },
		{ "R 4K\n", "1: an address is 0xHEX or decimal, not \"4K\"" },
		{ "R 0x4000000000000000\n",
		  "1: an address is below 2^62, not \"0x4000000000000000\"" },
		{ "R 18446744073709551616\n",
		  "1: an address is 0xHEX or decimal, not \"18446744073709551616\"" },
		{ "R 0x1000 W\n", "1: too many words: a line is KIND ADDR" },
		{ "R 0x1000 0x2000 0x3000 0x4000\n",
		  "1: too many words: a line is KIND ADDR" },
		{ "0x1000 R\n",
		  "1: unknown access \"0x1000\" (R, W or X, either case)" },
	};
	char err[320], path[32], want[400];
	struct ref_trace t = { 0 };
	size_t i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		ret = ref_trace_text(bad[i].text, &t, err, sizeof(err), path);
		snprintf(want, sizeof(want), "%s:%s", path, bad[i].why);
		CHECK(ret == -EINVAL && !t.refs && !t.n, "bad trace %zu: %d",
		      i, ret);
		CHECK_STR(err, want);
	}

	ret = ref_trace_text("# a trace\n"
			     "R 0x00403004\n"
			     "\n"
			     "  w\t4198404   # decimal\n"
			     "X 0x3fffffffffffffff\n"
			     "r 0\r\n"
			     "W 0x1000#no blank before the comment\n",
			     &t, err, sizeof(err), path);
	CHECK(ret == 0 && t.n == 5, "a good trace: %d %s", ret, err);
	if (t.n == 5) {
		CHECK(t.refs[0] == 0x403004, "R 0x00403004: %llx",
		      (unsigned long long)t.refs[0]);
		CHECK(t.refs[1] == (1ULL << 62 | 4198404), "w 4198404");
		CHECK(t.refs[2] == (2ULL << 62 | 0x3fffffffffffffffULL),
		      "X 0x3fff...");
		CHECK(t.refs[3] == 0, "r 0");
		CHECK(t.refs[4] == (1ULL << 62 | 0x1000), "W 0x1000");
		CHECK(t.max_addr == 0x3fffffffffffffffULL && t.max_line == 5,
		      "the largest address, line %lu", t.max_line);
	}
	ref_trace_free(&t);

	ret = ref_trace_text("# nothing\n\n", &t, err, sizeof(err), path);
	CHECK(ret == 0 && !t.n, "a trace of comments: %d", ret);
	ret = ref_trace_read("/nonexistent/refs", &t, err, sizeof(err));
	CHECK(ret == -ENOENT, "no file: %d", ret);
	CHECK_STR(err, "/nonexistent/refs: No such file or directory");

	/* the example trace of the sources reads */
	snprintf(path, sizeof(path), "%s", "");
	ret = ref_trace_read(MMLAB_SRCDIR "/traces/x86-32.refs", &t, err,
			     sizeof(err));
	CHECK(ret == 0 && t.n == 12, "traces/x86-32.refs: %d %zu %s", ret,
	      t.n, err);
	ref_trace_free(&t);
}

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

struct totals_case {
	struct mmlab_space_info *s;
	struct mmlab_access_info *a;
};

static void do_print_totals(void *arg)
{
	struct totals_case *c = arg;

	new_json_obj(test_m.json, false);
	print_trace_totals("t.refs", c->s, 12, 1, c->a);
	delete_json_obj();
}

/* Expect the totals of `access`, with and without dropped events. */
static void test_access_totals(void)
{
	struct mmu_msg_opts o = { .nr_bits = -1 };
	struct mmlab_nl nl = { 0 };
	struct mmlab_space_info s;
	struct totals_case c = { &s, &s.access };
	char buf[4096], want[4096];

	CHECK(!parse_space_msg(&o, &s, &nl), "space: %s", nl.detail);
	test_m.json = false;
	capture(buf, sizeof(buf), do_print_totals, &c);
	snprintf(want, sizeof(want),
		 "trace t.refs: space 1 (x86-32), 12 references in 1 batch\n%s",
		 strstr(space1_text, "  accesses"));
	CHECK_STR(buf, want);
	s.access.events_dropped = 5;
	capture(buf, sizeof(buf), do_print_totals, &c);
	CHECK(strstr(buf, "oom 0\n  fault events dropped 5 (a batch multicasts at most 32)\n"),
	      "dropped events: %s", buf);
	test_m.json = true;
	capture(buf, sizeof(buf), do_print_totals, &c);
	snprintf(want, sizeof(want),
		 "{\"access\":{\"trace\":\"t.refs\",\"space\":1,\"references\":12,\"batches\":1,%s,"
		 "\"events_dropped\":5}}\n", access_json);
	CHECK_STR(buf, want);
	test_m.json = false;
}

/* --- status and events -------------------------------------------------- */

/*
 * Expect `arena show` to add the MMU of STATUS_GET when the module sends
 * one, and to be as it was when it does not (test_status()).
 */
static void test_status_mmu(void)
{
	struct mmlab_nl nl = { 0 };
	struct mmlab_status st;
	struct nl_msg *msg;
	struct nlattr *nest;
	char buf[4096];
	int err;

	msg = status_reply(true, false);
	nest = nla_nest_start(msg, MMLAB_A_MMU);
	nla_put_u32(msg, MMLAB_A_MMU_SPACES, 2);
	nla_put_u32(msg, MMLAB_A_MMU_SHMS, 1);
	nla_put_u64(msg, MMLAB_A_MMU_DATA_FRAMES, 10);
	nla_put_u64(msg, MMLAB_A_MMU_TABLE_FRAMES, 4);
	nla_put_u64(msg, MMLAB_A_MMU_IPT_BYTES, 65536);
	nla_put_u64(msg, MMLAB_A_MMU_IPT_USED, 12);
	nla_put_u64(msg, MMLAB_A_MMU_MAPPED, 12);
	put_access(msg, MMLAB_A_MMU_M_ACCESS, 2, false, 0);
	nla_nest_end(msg, nest);
	err = parse_status(&nl, nlmsg_hdr(msg), &st);
	nlmsg_free(msg);
	CHECK(err == 0 && st.has_mmu && st.mmu.spaces == 2 &&
	      st.mmu.ipt_used == 12 && st.mmu.access.walks == 4,
	      "status with an MMU: %d %s", err, nl.detail);
	test_m.json = false;
	capture(buf, sizeof(buf), do_print_arena, &st);
	CHECK(strstr(buf,
		     "  max_order 10, 16 chunks of order 10..10, backing pages\n"
		     "mmu 2 spaces, 1 shared object: 10 data frames, 4 table frames, 12 pages mapped\n"
		     "  inverted table 64 KiB, 12 entries used\n"
		     "  accesses 12: reads 6, writes 4, execs 2\n"),
	      "arena show with an MMU: %s", buf);
	test_m.json = true;
	capture(buf, sizeof(buf), do_print_arena, &st);
	CHECK(strstr(buf,
		     "\"backing\":\"pages\"},\"mmu\":{\"spaces\":2,\"shms\":1,\"data_frames\":10,"
		     "\"table_frames\":4,\"mapped\":12,\"ipt_bytes\":65536,\"ipt_used\":12,"
		     "\"access\":{\"accesses\":12,"), "-j arena show with an MMU: %s",
	      buf);
	test_m.json = false;
	st.mmu.ipt_bytes = 0;
	st.mmu.spaces = 1;
	capture(buf, sizeof(buf), do_print_arena, &st);
	CHECK(strstr(buf,
		     "mmu 1 space, 1 shared object: 10 data frames, 4 table frames, 12 pages mapped\n"
		     "  no inverted table\n"),
	      "no inverted table: %s", buf);

	/* an MMU nest that lacks a counter is refused */
	msg = status_reply(true, false);
	nest = nla_nest_start(msg, MMLAB_A_MMU);
	nla_put_u32(msg, MMLAB_A_MMU_SPACES, 2);
	nla_nest_end(msg, nest);
	CHECK(parse_status(&nl, nlmsg_hdr(msg), &st) == -EBADMSG,
	      "a short MMU nest");
	nlmsg_free(msg);
	CHECK_STR(nl.detail, "reply lacks attribute \"mmu shms\"");
}

static struct nl_msg *fault_event(__u64 seq, __u32 kind, __u32 access,
				  __u64 addr, int frame)
{
	struct nl_msg *msg = event_msg(MMLAB_CMD_EVENT, MMLAB_EVENT_FAULT,
				       seq, -1);
	struct nlattr *nest = nla_nest_start(msg, MMLAB_A_FAULT);

	nla_put_u32(msg, MMLAB_A_FAULT_SPACE, 1);
	nla_put_u32(msg, MMLAB_A_FAULT_KIND, kind);
	nla_put_u32(msg, MMLAB_A_FAULT_ACCESS_KIND, access);
	nla_put_u64(msg, MMLAB_A_FAULT_F_ADDR, addr);
	if (frame >= 0)
		nla_put_u64(msg, MMLAB_A_FAULT_FRAME, frame);
	nla_nest_end(msg, nest);
	return msg;
}

/* Expect fault events on one line each, the frame when there is one. */
static void test_fault_events(void)
{
	struct nl_msg *msg;
	char buf[512];

	test_m.nl.family = 0x20;
	mon_state = (struct monitor_state){ .m = &test_m };
	test_m.json = false;
	msg = fault_event(20, MMLAB_FAULT_ZERO, MMLAB_ACCESS_WRITE, 0x403004,
			  8);
	capture(buf, sizeof(buf), do_event, msg);
	nlmsg_free(msg);
	CHECK_STR(buf, "seq 20 fault space 1 zero write 0x403004 frame 8\n");
	msg = fault_event(21, MMLAB_FAULT_SEGV, MMLAB_ACCESS_READ, 0x900000,
			  -1);
	capture(buf, sizeof(buf), do_event, msg);
	nlmsg_free(msg);
	CHECK_STR(buf, "seq 21 fault space 1 segv read 0x900000\n");
	/* a frame sent with a fault that mapped none means nothing */
	msg = fault_event(22, MMLAB_FAULT_PROT, MMLAB_ACCESS_WRITE, 0x400000,
			  0);
	capture(buf, sizeof(buf), do_event, msg);
	nlmsg_free(msg);
	CHECK_STR(buf, "seq 22 fault space 1 prot write 0x400000\n");
	msg = fault_event(23, 9, 7, 0x1000, -1);
	capture(buf, sizeof(buf), do_event, msg);
	nlmsg_free(msg);
	CHECK_STR(buf, "seq 23 fault space 1 9 7 0x1000\n");
	test_m.json = true;
	msg = fault_event(24, MMLAB_FAULT_COW_COPY, MMLAB_ACCESS_WRITE,
			  0x403000, 12);
	capture(buf, sizeof(buf), do_event, msg);
	nlmsg_free(msg);
	CHECK_STR(buf,
		  "{\"seq\":24,\"event\":\"fault\",\"event_type\":5,\"fault\":{\"space\":1,\"kind\":\"cow-copy\","
		  "\"access\":\"write\",\"addr\":\"0x403000\",\"frame\":12}}\n");
	test_m.json = false;
}

/* --- the commands' words ------------------------------------------------ */

/* @fn of the words @args, stderr silenced; its exit status */
static int run_words(int (*fn)(struct mmlab *m), const char *args,
		     struct mmlab *m)
{
	static char copy[512];
	static char *argv[32];
	char *tok, *save = NULL;
	int argc = 0, err, saved, null;

	snprintf(copy, sizeof(copy), "%s", args);
	for (tok = strtok_r(copy, " ", &save); tok && argc < 32;
	     tok = strtok_r(NULL, " ", &save))
		argv[argc++] = tok;
	memset(m, 0, sizeof(*m));
	m->argc = argc;
	m->argv = argv;
	fflush(stderr);
	saved = dup(STDERR_FILENO);
	null = open("/dev/null", O_WRONLY);
	dup2(null, STDERR_FILENO);
	close(null);
	err = fn(m);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	return err;
}

static int map_words(struct mmlab *m)
{
	static struct mmlab_map_req req;

	return parse_map(m, &req) ? MMLAB_EXIT_USAGE : (int)req.prot << 8 |
	       req.kind << 4 | (req.shm ? 1 : 0);
}

/*
 * Expect each of @n word lists of @fn (after the object) to be a usage
 * error found before netlink is opened: exit 2, and no socket.
 */
static void expect_usage(int (*fn)(struct mmlab *m), const char *obj,
			 const char * const *words, size_t n)
{
	struct mmlab m;
	size_t i;
	int ret;

	for (i = 0; i < n; i++) {
		ret = run_words(fn, words[i], &m);
		CHECK(ret == MMLAB_EXIT_USAGE && !m.nl_open, "%s %s: %d", obj,
		      words[i], ret);
	}
}

/*
 * Expect `space map`'s defaults (rw- data, r-x code, shm making a region
 * shared), and every usage error of `space`.
 */
static void test_space_words(void)
{
	static const char * const usage[] = {
		"bogus", "show x", "show 0", "show 4294967296", "show 1 2",
		"destroy", "destroy -1", "create inverted bogus",
		"create geometry", "create persistent 1",
		"create geometry 0123456789012345678901234567890123", "map",
		"map 1", "map 1 0x1000", "map 1 zz 4K", "map 1 0x1000 0",
		"map 1 0x1000 4Q", "map 1 0x1000 4K prot",
		"map 1 0x1000 4K prot rwq", "map 1 0x1000 4K prot rr",
		"map 1 0x1000 4K kind", "map 1 0x1000 4K kind text",
		"map 1 0x1000 4K shm 0", "map 1 0x1000 4K shm x",
		"map 1 0x1000 4K kind heap shm 2", "map 1 0x1000 4K private",
		"unmap 1 0x1000", "unmap 1 0x1000 4K x", "protect 1 0x1000 4K",
		"protect 1 0x1000 4K rwy", "protect 1 0x1000 4K r extra",
		"grow 1 0x1000", "grow 1 0x1000 0", "grow 1 0x1000 x",
		"grow 1 0x1000 +1", "grow 1 0x1000 1 2", "clone",
		"clone 1 forever", "maps", "maps 1 2", "write 1 0x1000",
		"write 1", "write 1 0x1000 a b", "read 1 0x1000",
		"read 1 0x1000 0", "read 1 0x1000 65537",
		"read 1 0x1000 4K more",
	};
	struct mmlab m;

	expect_usage(cmd_space, "space", usage, ARRAY_SIZE(usage));
	CHECK(run_words(map_words, "1 0x1000 4K", &m) ==
	      (3 << 8 | MMLAB_REGION_DATA << 4), "map: rw- data");
	CHECK(run_words(map_words, "1 0x1000 4K kind code", &m) ==
	      (5 << 8 | MMLAB_REGION_CODE << 4), "map: r-x code");
	CHECK(run_words(map_words, "1 0x1000 4K kind stack prot r", &m) ==
	      (1 << 8 | MMLAB_REGION_STACK << 4), "map: r-- stack");
	CHECK(run_words(map_words, "1 0x1000 4K shm 3", &m) ==
	      (3 << 8 | MMLAB_REGION_SHARED << 4 | 1), "map: shm 3");
	CHECK(run_words(map_words, "1 0x1000 4K prot none kind shared", &m) ==
	      (MMLAB_REGION_SHARED << 4), "map: a new shared object");
}

/* Expect every usage error of `translate`. */
static void test_translate_words(void)
{
	static const char * const usage[] = {
		"", "1", "x 0x1000", "1 0xg", "1 0x1000 2",
	};

	expect_usage(cmd_translate, "translate", usage, ARRAY_SIZE(usage));
}

/* Expect every usage error of `tlb`. */
static void test_tlb_words(void)
{
	static const char * const usage[] = {
		"bogus", "show all", "set entries", "set entries 0",
		"set entries 4097", "set ways x", "set repl fifo", "set repl",
		"set asid",
	};

	expect_usage(cmd_tlb, "tlb", usage, ARRAY_SIZE(usage));
}

/* Expect every usage error of `access` but those of a trace's lines. */
static void test_access_words(void)
{
	static const char * const usage[] = {
		"", "1", "x --trace t", "1 --trace", "1 --trace=", "1 t",
		"1 --trace t extra",
	};

	expect_usage(cmd_access, "access", usage, ARRAY_SIZE(usage));
}

static void test_mmu(void)
{
	test_prot_words();
	test_mmu_words();
	test_space_reply();
	test_space_dump();
	test_regions();
	test_read_dump();
	test_translate_walk();
	test_translate_inverted();
	test_tlb();
	test_ref_trace();
	test_access_sum();
	test_access_totals();
	test_status_mmu();
	test_fault_events();
	test_space_words();
	test_translate_words();
	test_tlb_words();
	test_access_words();
}
