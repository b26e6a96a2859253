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
 * Physical addresses (memmap_base=) are hexadecimal after "0x", or written
 * as a size ("256M" is 0x10000000), as the kernel's own memmap= reads them:
 *
 *	addr   := ( "0x" | "0X" ) hexdigits [ "\n" ] | size
 *
 * A leading 0 alone does not mean octal.
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

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/**
 * mmlab_parse_addr - parse a physical address such as "0x10000000"
 * @s: the text (NUL-terminated); one trailing newline is allowed
 * @addr: the address, written only on success
 *
 * Return: 0, -EINVAL if @s is not an address, -ERANGE if it does not fit
 * in 64 bits.
 */
int mmlab_parse_addr(const char *s, u64 *addr)
{
	u64 v = 0;
	int d;

	if (s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
		return mmlab_parse_size(s, addr);
	s += 2;
	if (hex_digit(*s) < 0)
		return -EINVAL;
	for (; (d = hex_digit(*s)) >= 0; s++) {
		if (v >> 60)
			return -ERANGE;
		v = v << 4 | d;
	}
	if (*s == '\n')
		s++;
	if (*s)
		return -EINVAL;
	*addr = v;
	return 0;
}

/**
 * mmlab_parse_addr_strerror - say why mmlab_parse_addr() failed
 * @err: its return value
 *
 * Return: a message that completes "memmap_base=X: ...".
 */
const char *mmlab_parse_addr_strerror(int err)
{
	if (err == -ERANGE)
		return "too large";
	return "not an address (expected 0xHEX or NUMBER[K|M|G|T], e.g. 0x10000000)";
}

/**
 * mmlab_check_memmap - is this a physical range the arena can adopt?
 * @base: first byte of the range
 * @size: bytes in the range
 * @arena_bytes: the arena_size given with it, or 0 if none was given
 * @why: set to a message when the range is refused
 *
 * The checks that need no machine: @base a multiple of the frame size,
 * @size within the arena's bounds (as mmlab_check_arena_size() without
 * RAM), @base + @size within 64 bits, and no arena_size that says
 * otherwise (the range sets the arena's size; an equal arena_size is
 * accepted). Whether the range is reserved, and free, is the module's to
 * check.
 *
 * Return: 0 or -EINVAL.
 */
int mmlab_check_memmap(u64 base, u64 size, u64 arena_bytes,
		       const char **why)
{
	const u64 page = 1ULL << MMLAB_PAGE_SHIFT;
	u64 end;
	int err;

	if (base & (page - 1)) {
		*why = "base not a multiple of the frame size";
		return -EINVAL;
	}
	err = mmlab_check_arena_size(size, 0, 0, why);
	if (err)
		return err;
	if (check_add_overflow(base, size, &end)) {
		*why = "base + size beyond 64 bits";
		return -EINVAL;
	}
	if (arena_bytes && arena_bytes != size) {
		*why = "arena_size differs (the range sets the arena's size)";
		return -EINVAL;
	}
	return 0;
}
