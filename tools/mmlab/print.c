// SPDX-License-Identifier: GPL-2.0
/*
 * Text and JSON output behind one API (see print.h).
 *
 * The JSON side is a tiny streaming writer: a stack of open objects and
 * arrays, each remembering whether it has a member yet (to place the
 * commas) and whether it is an array (whose members have no key). Compact
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
	int depth;			/* open containers, the root included */
	bool has_member[JSON_MAX_DEPTH];
	bool is_array[JSON_MAX_DEPTH];
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

static bool in_array(void)
{
	return out.depth > 0 && out.is_array[out.depth - 1];
}

/*
 * Start a member of the innermost container: comma, layout, and in an
 * object "key":
 */
static void jw_key(const char *key)
{
	if (out.depth == 0)
		return;
	if (out.has_member[out.depth - 1])
		putchar(',');
	out.has_member[out.depth - 1] = true;
	jw_indent();
	if (in_array())
		return;
	jw_string(key ? key : "");
	putchar(':');
	if (out.pretty)
		putchar(' ');
}

static void jw_open(bool array)
{
	putchar(array ? '[' : '{');
	out.has_member[out.depth] = false;
	out.is_array[out.depth] = array;
	out.depth++;
}

static void jw_close(void)
{
	if (out.depth == 0)
		return;
	out.depth--;
	if (out.has_member[out.depth])
		jw_indent();
	putchar(out.is_array[out.depth] ? ']' : '}');
}

void new_json_obj(bool json, bool pretty)
{
	out.json = json;
	out.pretty = json && pretty;
	out.depth = 0;
	if (out.json)
		jw_open(false);
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

/*
 * Containers nested deeper than JSON_MAX_DEPTH are not opened; their
 * members land in the innermost open one. Callers nest a few levels.
 */
static void open_container(const char *key, bool array)
{
	if (!out.json || out.depth >= JSON_MAX_DEPTH)
		return;
	jw_key(key);
	jw_open(array);
}

static void close_container(bool array)
{
	if (out.json && out.depth > 1 && out.is_array[out.depth - 1] == array)
		jw_close();
}

void open_json_object(const char *key)
{
	open_container(key, false);
}

void close_json_object(void)
{
	close_container(false);
}

void open_json_array(const char *key)
{
	open_container(key, true);
}

void close_json_array(void)
{
	close_container(true);
}

/* a JSON member needs a key in an object, none in an array */
static bool want_json(enum output_type t, const char *key)
{
	return out.json && (t & PRINT_JSON) && (key || in_array());
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

void print_int(enum output_type t, const char *key, const char *fmt, int v)
{
	if (want_json(t, key)) {
		jw_key(key);
		printf("%d", v);
	} else if (want_text(t, fmt)) {
		printf(fmt, v);
	}
}

void print_hex(enum output_type t, const char *key, const char *fmt,
	       unsigned long long v)
{
	if (want_json(t, key)) {
		jw_key(key);
		printf("\"0x%llx\"", v);
	} else if (want_text(t, fmt)) {
		printf(fmt, v);
	}
}

void print_enum(enum output_type t, const char *key, const char *fmt,
		const char *name, unsigned int v)
{
	char buf[16];

	if (!name) {
		snprintf(buf, sizeof(buf), "%u", v);
		name = buf;
	}
	print_string(t, key, fmt, name);
}

void print_flag(enum output_type t, const char *key, const char *fmt,
		bool v)
{
	if (want_json(t, key)) {
		jw_key(key);
		fputs(v ? "true" : "false", stdout);
	} else if (want_text(t, fmt) && v) {
		fputs(fmt, stdout);
	}
}

void print_milli(enum output_type t, const char *key, const char *fmt,
		 int thousandths)
{
	char buf[MILLI_BUF_LEN];

	if (want_json(t, key)) {
		jw_key(key);
		fputs(format_milli(buf, sizeof(buf), thousandths), stdout);
	} else if (want_text(t, fmt)) {
		printf(fmt, format_milli(buf, sizeof(buf), thousandths));
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

const char *format_milli(char *buf, unsigned int len, int thousandths)
{
	long long v = thousandths;
	unsigned long long a = v < 0 ? -v : v;

	snprintf(buf, len, "%s%llu.%03llu", v < 0 ? "-" : "", a / 1000,
		 a % 1000);
	return buf;
}
