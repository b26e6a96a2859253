// SPDX-License-Identifier: GPL-2.0
/*
 * Text and JSON output behind one API (see print.h).
 *
 * The JSON side is a tiny streaming writer: a stack of open objects, each
 * remembering whether it has a member yet (to place the commas). Compact
 * output has no whitespace at all, so that a document is one line that
 * scripts can grep; pretty output (-p) puts every member on its own line,
 * indented by four spaces per level.
 */
#include <stdio.h>
#include <stdbool.h>

#include "print.h"

#define JSON_MAX_DEPTH	16
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static struct {
	bool json;
	bool pretty;
	int depth;			/* open objects, the root included */
	bool has_member[JSON_MAX_DEPTH];
} out;

bool is_json_context(void)
{
	return out.json;
}

static void jw_indent(void)
{
	int i;

	if (!out.pretty)
		return;
	putchar('\n');
	for (i = 0; i < out.depth; i++)
		fputs("    ", stdout);
}

static void jw_string(const char *s)
{
	const unsigned char *p;

	putchar('"');
	for (p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", stdout);
			break;
		case '\\':
			fputs("\\\\", stdout);
			break;
		case '\n':
			fputs("\\n", stdout);
			break;
		case '\t':
			fputs("\\t", stdout);
			break;
		case '\r':
			fputs("\\r", stdout);
			break;
		default:
			if (*p < 0x20)
				printf("\\u%04x", *p);
			else
				putchar(*p);
		}
	}
	putchar('"');
}

/* start a member of the innermost object: comma, layout, "key": */
static void jw_key(const char *key)
{
	if (out.depth == 0)
		return;
	if (out.has_member[out.depth - 1])
		putchar(',');
	out.has_member[out.depth - 1] = true;
	jw_indent();
	jw_string(key);
	putchar(':');
	if (out.pretty)
		putchar(' ');
}

static void jw_open(void)
{
	putchar('{');
	if (out.depth < JSON_MAX_DEPTH)
		out.has_member[out.depth] = false;
	out.depth++;
}

static void jw_close(void)
{
	if (out.depth == 0)
		return;
	out.depth--;
	if (out.depth < JSON_MAX_DEPTH && out.has_member[out.depth])
		jw_indent();
	putchar('}');
}

void new_json_obj(bool json, bool pretty)
{
	out.json = json;
	out.pretty = json && pretty;
	out.depth = 0;
	if (out.json)
		jw_open();
}

void delete_json_obj(void)
{
	if (out.json) {
		while (out.depth > 0)
			jw_close();
		putchar('\n');
	}
	fflush(stdout);
}

void open_json_object(const char *key)
{
	if (!out.json || out.depth >= JSON_MAX_DEPTH)
		return;
	jw_key(key);
	jw_open();
}

void close_json_object(void)
{
	if (out.json && out.depth > 1)
		jw_close();
}

static bool want_json(enum output_type t, const char *key)
{
	return out.json && (t & PRINT_JSON) && key;
}

static bool want_text(enum output_type t, const char *fmt)
{
	return !out.json && (t & PRINT_FP) && fmt;
}

void print_u64(enum output_type t, const char *key, const char *fmt,
	       unsigned long long v)
{
	if (want_json(t, key)) {
		jw_key(key);
		printf("%llu", v);
	} else if (want_text(t, fmt)) {
		printf(fmt, v);
	}
}

void print_u32(enum output_type t, const char *key, const char *fmt,
	       unsigned int v)
{
	if (want_json(t, key)) {
		jw_key(key);
		printf("%u", v);
	} else if (want_text(t, fmt)) {
		printf(fmt, v);
	}
}

void print_string(enum output_type t, const char *key, const char *fmt,
		  const char *s)
{
	if (want_json(t, key)) {
		jw_key(key);
		jw_string(s);
	} else if (want_text(t, fmt)) {
		printf(fmt, s);
	}
}

void print_size(enum output_type t, const char *key, const char *fmt,
		unsigned long long bytes)
{
	char buf[SIZE_BUF_LEN];

	if (want_json(t, key)) {
		jw_key(key);
		printf("%llu", bytes);
	} else if (want_text(t, fmt)) {
		printf(fmt, format_size(buf, sizeof(buf), bytes));
	}
}

void print_nl(void)
{
	if (!out.json)
		putchar('\n');
}

const char *format_size(char *buf, unsigned int len, unsigned long long b)
{
	static const char * const units[] = {
		"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB",
	};
	unsigned long long unit = 1;
	unsigned int i = 0;

	while (i + 1 < ARRAY_SIZE(units) && b / unit >= 1024) {
		unit *= 1024;
		i++;
	}
	if (b % unit == 0)
		snprintf(buf, len, "%llu %s", b / unit, units[i]);
	else
		snprintf(buf, len, "%.1f %s", (double)b / (double)unit,
			 units[i]);
	return buf;
}
