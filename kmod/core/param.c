// SPDX-License-Identifier: GPL-2.0
/*
 * param.c - parsing and checking of mmlab's tunables.
 *
 * The module's parameters (and later netlink attributes and the tool's
 * arguments) go through these functions, so a bad value gets the same
 * verdict and the same words wherever it is given. Each check returns an
 * errno and, through @why, a message that completes "arena_size=X: ...".
 *
 * Sizes are written as a decimal number with an optional binary suffix:
 *
 *	size   := digits [ suffix [ "iB" | "B" ] ] [ "\n" ]
 *	suffix := K | M | G | T	(case-insensitive, powers of 1024)
 *
 * ("64M", "64MiB", "64mb" and "67108864" are the same size.) Unlike the
 * kernel's memparse(), trailing junk, an empty string, a sign and overflow
 * are errors, not silently truncated values.
 *
 * No state, no locks.
 */
#include "seam.h"
#include "param.h"
#include "arena.h"

static int suffix_shift(char c)
{
	switch (c) {
	case 'k': case 'K':
		return 10;
	case 'm': case 'M':
		return 20;
	case 'g': case 'G':
		return 30;
	case 't': case 'T':
		return 40;
	default:
		return -1;
	}
}

/**
 * mmlab_parse_size - parse a size such as "64M"
 * @s: the text (NUL-terminated); one trailing newline is allowed
 * @bytes: the size in bytes, written only on success
 *
 * Return: 0, -EINVAL if @s is not a size, -ERANGE if it does not fit in
 * 64 bits.
 */
int mmlab_parse_size(const char *s, u64 *bytes)
{
	u64 v = 0;
	int shift = 0;

	if (*s < '0' || *s > '9')
		return -EINVAL;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (check_mul_overflow(v, (u64)10, &v) ||
		    check_add_overflow(v, (u64)(*s - '0'), &v))
			return -ERANGE;
	}
	if (*s && *s != '\n') {
		shift = suffix_shift(*s);
		if (shift < 0)
			return -EINVAL;
		s++;
		if (*s == 'i' && s[1] == 'B')
			s += 2;
		else if (*s == 'B' || *s == 'b')
			s++;
	}
	if (*s == '\n')
		s++;
	if (*s)
		return -EINVAL;
	if (shift && check_shl_overflow(v, shift, &v))
		return -ERANGE;
	*bytes = v;
	return 0;
}

/**
 * mmlab_parse_size_strerror - say why mmlab_parse_size() failed
 * @err: its return value
 *
 * Return: a message that completes "arena_size=X: ...".
 */
const char *mmlab_parse_size_strerror(int err)
{
	if (err == -ERANGE)
		return "too large";
	return "not a size (expected NUMBER[K|M|G|T], e.g. 64M)";
}

/**
 * mmlab_check_arena_size - is this a size the arena can have?
 * @bytes: the size asked for
 * @ram: the machine's RAM in bytes, or 0 to skip the checks against RAM
 * @avail: memory the machine can spare now in bytes (MemAvailable)
 * @why: set to a message when the size is refused
 *
 * A size is refused when it is below 64 KiB (16 frames), not a multiple
 * of the frame size, above 64 GiB or above @ram (-EINVAL: it can never
 * work), or when taking it would leave less than an eighth of @ram of
 * @avail (-ENOMEM: it might work on a quieter machine). The margin keeps
 * a test VM usable: an arena that drains the host's last pages would get
 * processes, init among them, killed by the OOM killer.
 *
 * Return: 0, -EINVAL or -ENOMEM.
 */
int mmlab_check_arena_size(u64 bytes, u64 ram, u64 avail, const char **why)
{
	const u64 page = 1ULL << MMLAB_PAGE_SHIFT;

	if (bytes < (1ULL << MMLAB_ARENA_MIN_SHIFT)) {
		*why = "below the minimum of 64K (16 frames)";
		return -EINVAL;
	}
	if (bytes & (page - 1)) {
		*why = "not a multiple of the frame size";
		return -EINVAL;
	}
	if (bytes > (1ULL << MMLAB_ARENA_MAX_SHIFT)) {
		*why = "above the maximum of 64G";
		return -EINVAL;
	}
	if (!ram)
		return 0;
	if (bytes > ram) {
		*why = "exceeds the machine's RAM";
		return -EINVAL;
	}
	if (avail < ram / 8 || bytes > avail - ram / 8) {
		*why = "exceeds the memory available now (an eighth of RAM is kept free)";
		return -ENOMEM;
	}
	return 0;
}

/**
 * mmlab_check_max_order - is this a block order the arena can have?
 * @order: the largest block order asked for
 * @limit: the largest order the backing can supply in one piece
 * @why: set to a message when the order is refused
 *
 * Return: 0 or -EINVAL.
 */
int mmlab_check_max_order(unsigned int order, unsigned int limit,
			  const char **why)
{
	if (order > limit) {
		*why = "above the largest order the page allocator can supply";
		return -EINVAL;
	}
	return 0;
}
