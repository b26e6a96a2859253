// SPDX-License-Identifier: GPL-2.0
/*
 * Parsers of command-line words: numbers, sizes, handles, migratetypes,
 * allocators and fit policies, cache flags, intervals, and the software
 * MMU's addresses, lengths, pages, protections, region kinds and TLB
 * policies; and the names of the uapi's enum values. Each takes the
 * whole word or fails (-EINVAL, or -ERANGE for a number that does not fit): no sign,
 * no blank, no trailing garbage. The callers turn a failure into a usage
 * error.
 */
#include <linux/mmlab.h>

#include <errno.h>
#include <string.h>

#include "mmlab.h"

/*
 * Leading decimal digits, at least one, into a u64, and where they end;
 * -EINVAL for no word or no digit, -ERANGE on overflow.
 */
static int parse_dec(const char *s, const char **end, unsigned long long *v)
{
	unsigned long long n = 0;
	const char *p = s;

	if (!p || *p < '0' || *p > '9')
		return -EINVAL;
	for (; *p >= '0' && *p <= '9'; p++) {
		unsigned int d = *p - '0';

		if (n > (~0ULL - d) / 10)
			return -ERANGE;
		n = n * 10 + d;
	}
	*end = p;
	*v = n;
	return 0;
}

int mmlab_parse_u64(const char *s, unsigned long long *v)
{
	const char *end;
	int err;

	err = parse_dec(s, &end, v);
	if (err)
		return err;
	return *end ? -EINVAL : 0;
}

int mmlab_parse_u32(const char *s, unsigned int min, unsigned int max,
		    unsigned int *v)
{
	unsigned long long n;
	int err = mmlab_parse_u64(s, &n);

	if (err)
		return err;
	if (n < min || n > max)
		return -ERANGE;
	*v = n;
	return 0;
}

int mmlab_parse_handle(const char *s, unsigned long long *v)
{
	unsigned long long n = 0;
	const char *p;

	if (!s)
		return -EINVAL;
	if (s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
		return mmlab_parse_u64(s, v);
	p = s + 2;
	if (!*p)
		return -EINVAL;
	for (; *p; p++) {
		unsigned int d;

		if (*p >= '0' && *p <= '9')
			d = *p - '0';
		else if (*p >= 'a' && *p <= 'f')
			d = *p - 'a' + 10;
		else if (*p >= 'A' && *p <= 'F')
			d = *p - 'A' + 10;
		else
			return -EINVAL;
		if (n >> 60)
			return -ERANGE;
		n = n << 4 | d;
	}
	*v = n;
	return 0;
}

int mmlab_parse_size(const char *s, unsigned long long *v)
{
	unsigned long long n;
	unsigned int shift = 0;
	const char *end;
	int err;

	err = parse_dec(s, &end, &n);
	if (err)
		return err;
	switch (*end) {
	case '\0':
		break;
	case 'k':
	case 'K':
		shift = 10;
		break;
	case 'm':
	case 'M':
		shift = 20;
		break;
	case 'g':
	case 'G':
		shift = 30;
		break;
	default:
		return -EINVAL;
	}
	if (shift && end[1])
		return -EINVAL;
	if (n > ~0ULL >> shift)
		return -ERANGE;
	*v = n << shift;
	return 0;
}

/* @s among @names[0..@n-1] (NULL entries skipped): its index, or -EINVAL */
static int parse_name(const char *s, const char * const *names,
		      unsigned int n)
{
	unsigned int i;

	for (i = 0; s && i < n; i++)
		if (names[i] && !strcmp(s, names[i]))
			return i;
	return -EINVAL;
}

static const char * const mt_names[] = {
	[MMLAB_MIGRATE_UNMOVABLE]	= "unmovable",
	[MMLAB_MIGRATE_MOVABLE]		= "movable",
	[MMLAB_MIGRATE_RECLAIMABLE]	= "reclaimable",
};

int mmlab_parse_mt(const char *s, unsigned int *mt)
{
	int i = parse_name(s, mt_names, ARRAY_SIZE(mt_names));

	if (i < 0)
		return i;
	*mt = i;
	return 0;
}

const char *mmlab_mt_name(unsigned int mt)
{
	return mt < ARRAY_SIZE(mt_names) ? mt_names[mt] : NULL;
}

static const char * const allocator_names[] = {
	[MMLAB_ALLOCATOR_BUDDY]		= "buddy",
	[MMLAB_ALLOCATOR_FIT]		= "fit",
};

static const char * const policy_names[] = {
	[MMLAB_FIT_POLICY_FIRST]	= "first",
	[MMLAB_FIT_POLICY_NEXT]		= "next",
	[MMLAB_FIT_POLICY_BEST]		= "best",
	[MMLAB_FIT_POLICY_WORST]	= "worst",
	[MMLAB_FIT_POLICY_QUICK]	= "quick",
};

int mmlab_parse_allocator(const char *s, unsigned int *allocator)
{
	int i = parse_name(s, allocator_names, ARRAY_SIZE(allocator_names));

	if (i < 0)
		return i;
	*allocator = i;
	return 0;
}

int mmlab_parse_policy(const char *s, unsigned int *policy)
{
	int i = parse_name(s, policy_names, ARRAY_SIZE(policy_names));

	if (i < 0)
		return i;
	*policy = i;
	return 0;
}

const char *mmlab_allocator_name(unsigned int allocator)
{
	return allocator < ARRAY_SIZE(allocator_names) ?
	       allocator_names[allocator] : NULL;
}

const char *mmlab_policy_name(unsigned int policy)
{
	return policy < ARRAY_SIZE(policy_names) ? policy_names[policy] : NULL;
}

/* bit i of enum mmlab_cache_flags, as Documentation/netlink/mmlab.yaml */
static const char * const cache_flag_names[] = {
	"hwcache-align", "red-zone", "poison", "ctor", "checks",
};

int mmlab_parse_cache_flags(const char *s, unsigned int *flags)
{
	unsigned int f = 0;
	const char *p, *end;
	char word[16];
	size_t len;
	int i;

	if (!s || !*s)
		return -EINVAL;
	for (p = s; ; p = end + 1) {
		end = strchr(p, ',');
		if (!end)
			end = p + strlen(p);
		len = end - p;
		if (!len || len >= sizeof(word))
			return -EINVAL;
		memcpy(word, p, len);
		word[len] = '\0';
		i = parse_name(word, cache_flag_names,
			       ARRAY_SIZE(cache_flag_names));
		if (i < 0)
			return i;
		f |= 1U << i;
		if (!*end)
			break;
	}
	*flags = f;
	return 0;
}

const char *mmlab_cache_flag_name(unsigned int bit)
{
	return bit < ARRAY_SIZE(cache_flag_names) ? cache_flag_names[bit] :
	       NULL;
}

const char *mmlab_state_name(unsigned int state)
{
	switch (state) {
	case MMLAB_BLOCK_FREE:
		return "free";
	case MMLAB_BLOCK_USED:
		return "used";
	case MMLAB_BLOCK_PCP:
		return "pcp";
	}
	return NULL;
}

int mmlab_parse_interval(const char *s, unsigned int *ms)
{
	unsigned long long whole, frac = 0;
	unsigned int digits = 0;
	const char *end;
	int err;

	err = parse_dec(s, &end, &whole);
	if (err)
		return err;
	if (*end == '.') {
		for (end++; *end >= '0' && *end <= '9'; end++, digits++) {
			if (digits >= 3)
				return -EINVAL;
			frac = frac * 10 + (*end - '0');
		}
		if (!digits)
			return -EINVAL;
		for (; digits < 3; digits++)
			frac *= 10;
	}
	if (*end)
		return -EINVAL;
	if (whole > MMLAB_INTERVAL_MAX_S ||
	    (whole == MMLAB_INTERVAL_MAX_S && frac) || (!whole && !frac))
		return -ERANGE;
	*ms = whole * 1000 + frac;
	return 0;
}

int mmlab_parse_color(const char *s, enum mmlab_color *c)
{
	if (!s)
		return -EINVAL;
	if (!strcmp(s, "auto"))
		*c = MMLAB_COLOR_AUTO;
	else if (!strcmp(s, "always"))
		*c = MMLAB_COLOR_ALWAYS;
	else if (!strcmp(s, "never"))
		*c = MMLAB_COLOR_NEVER;
	else
		return -EINVAL;
	return 0;
}

int mmlab_parse_len(const char *s, unsigned long long *v)
{
	if (s && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		return mmlab_parse_handle(s, v);
	return mmlab_parse_size(s, v);
}

int mmlab_parse_pages(const char *s, long long *v)
{
	unsigned long long n;
	bool neg = s && *s == '-';
	int err;

	err = mmlab_parse_u64(neg ? s + 1 : s, &n);
	if (err)
		return err;
	if (!n)
		return -EINVAL;
	if (n > (neg ? 1ULL << 63 : (1ULL << 63) - 1))
		return -ERANGE;
	/* -2^63 is a long long, 2^63 is not */
	*v = neg ? -(long long)(n - 1) - 1 : (long long)n;
	return 0;
}

/*
 * Protections: "none", or "r", "w", "x" each at most once in any order
 * ("rw", "xr"), or their places in /proc/PID/maps' form, "-" for a right
 * not given ("r-x", "---").
 */
int mmlab_parse_prot(const char *s, unsigned int *prot)
{
	static const char letters[] = "rwx";
	unsigned int p = 0, i;
	size_t len;

	if (!s)
		return -EINVAL;
	if (!strcmp(s, "none")) {
		*prot = 0;
		return 0;
	}
	len = strlen(s);
	if (!len || len > 3)
		return -EINVAL;
	if (strchr(s, '-')) {
		/* positional: r or -, w or -, x or - */
		if (len != 3)
			return -EINVAL;
		for (i = 0; i < 3; i++) {
			if (s[i] == letters[i])
				p |= 1U << i;
			else if (s[i] != '-')
				return -EINVAL;
		}
	} else {
		for (i = 0; i < len; i++) {
			const char *l = strchr(letters, s[i]);
			unsigned int bit;

			if (!l)
				return -EINVAL;
			bit = 1U << (l - letters);
			if (p & bit)
				return -EINVAL;
			p |= bit;
		}
	}
	*prot = p;
	return 0;
}

const char *mmlab_prot_str(unsigned int prot, char *buf)
{
	buf[0] = prot & MMLAB_PROT_READ ? 'r' : '-';
	buf[1] = prot & MMLAB_PROT_WRITE ? 'w' : '-';
	buf[2] = prot & MMLAB_PROT_EXEC ? 'x' : '-';
	buf[3] = '\0';
	return buf;
}

/* enum mmlab_region_kind, as Documentation/netlink/mmlab.yaml names it */
static const char * const region_kind_names[] = {
	[MMLAB_REGION_CODE]		= "code",
	[MMLAB_REGION_DATA]		= "data",
	[MMLAB_REGION_HEAP]		= "heap",
	[MMLAB_REGION_STACK]		= "stack",
	[MMLAB_REGION_SHARED]		= "shared",
};

int mmlab_parse_region_kind(const char *s, unsigned int *kind)
{
	int i = parse_name(s, region_kind_names,
			   ARRAY_SIZE(region_kind_names));

	if (i < 0)
		return i;
	*kind = i;
	return 0;
}

const char *mmlab_region_kind_name(unsigned int kind)
{
	return kind < ARRAY_SIZE(region_kind_names) ?
	       region_kind_names[kind] : NULL;
}

static const char * const fault_names[] = {
	[MMLAB_FAULT_ZERO]		= "zero",
	[MMLAB_FAULT_SHARED]		= "shared",
	[MMLAB_FAULT_COW_COPY]		= "cow-copy",
	[MMLAB_FAULT_COW_REUSE]		= "cow-reuse",
	[MMLAB_FAULT_SEGV]		= "segv",
	[MMLAB_FAULT_PROT]		= "prot",
	[MMLAB_FAULT_OOM]		= "oom",
};

const char *mmlab_fault_name(unsigned int kind)
{
	return kind < ARRAY_SIZE(fault_names) ? fault_names[kind] : NULL;
}

static const char * const access_kind_names[] = {
	[MMLAB_ACCESS_READ]		= "read",
	[MMLAB_ACCESS_WRITE]		= "write",
	[MMLAB_ACCESS_EXEC]		= "exec",
};

const char *mmlab_access_kind_name(unsigned int kind)
{
	return kind < ARRAY_SIZE(access_kind_names) ?
	       access_kind_names[kind] : NULL;
}

static const char * const tlb_repl_names[] = {
	[MMLAB_TLB_REPL_LRU]		= "lru",
	[MMLAB_TLB_REPL_RANDOM]		= "random",
};

int mmlab_parse_tlb_repl(const char *s, unsigned int *repl)
{
	int i = parse_name(s, tlb_repl_names, ARRAY_SIZE(tlb_repl_names));

	if (i < 0)
		return i;
	*repl = i;
	return 0;
}

const char *mmlab_tlb_repl_name(unsigned int repl)
{
	return repl < ARRAY_SIZE(tlb_repl_names) ? tlb_repl_names[repl] :
	       NULL;
}
