/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One print API for text and JSON output.
 *
 * Every value is printed by exactly one call that names both its JSON key
 * and its text format, so the two outputs cannot drift apart:
 *
 *	print_u64(PRINT_ANY, "frames_free", "free %llu frames", v);
 *
 * prints `free 16384 frames` in text mode and `"frames_free":16384` in
 * JSON mode. PRINT_FP limits a call to text mode (decoration, units),
 * PRINT_JSON to JSON mode (keys with no text counterpart). In JSON mode
 * the format is ignored; in text mode the key is ignored.
 *
 * A "document" is what one command prints: new_json_obj() opens it (the
 * root object in JSON mode), delete_json_obj() closes it, ends the line
 * and flushes stdout. `mmlab monitor` prints one document per event.
 */
#ifndef _MMLAB_PRINT_H
#define _MMLAB_PRINT_H

#include <stdbool.h>

enum output_type {
	PRINT_FP = 1,
	PRINT_JSON = 2,
	PRINT_ANY = PRINT_FP | PRINT_JSON,
};

void new_json_obj(bool json, bool pretty);
void delete_json_obj(void);
bool is_json_context(void);

/*
 * Objects and arrays nest. Inside an array, members have no key: pass
 * NULL (open_json_object(NULL) starts an anonymous object, print_u64()
 * with a NULL key an anonymous number). In text mode these print nothing.
 */
void open_json_object(const char *key);
void close_json_object(void);
void open_json_array(const char *key);
void close_json_array(void);

void print_u64(enum output_type t, const char *key, const char *fmt,
	       unsigned long long v);
void print_u32(enum output_type t, const char *key, const char *fmt,
	       unsigned int v);
void print_string(enum output_type t, const char *key, const char *fmt,
		  const char *s);
void print_int(enum output_type t, const char *key, const char *fmt, int v);
/* JSON: a string "0x1f" (a u64 may not fit a double); text: fmt gets v */
void print_hex(enum output_type t, const char *key, const char *fmt,
	       unsigned long long v);
/*
 * The name of an enum value, or, for a value with no name (@name NULL),
 * the number as a string ("7"): a newer module's value still prints.
 */
void print_enum(enum output_type t, const char *key, const char *fmt,
		const char *name, unsigned int v);
/* JSON: true or false; text: fmt, as is, only when v is true */
void print_flag(enum output_type t, const char *key, const char *fmt,
		bool v);
/*
 * A fixed-point value in thousandths, as the kernel's indices are:
 * JSON: the number (-1.000, 0.042); text: fmt gets a "%s" ("0.042").
 */
void print_milli(enum output_type t, const char *key, const char *fmt,
		 int thousandths);
/* JSON: the number of bytes; text: fmt gets a "%s" such as "64 MiB" */
void print_size(enum output_type t, const char *key, const char *fmt,
		unsigned long long bytes);
/* text only: a newline (JSON output has its own layout) */
void print_nl(void);

/* "64 MiB", "1.5 KiB", "512 B": exact binary units, one decimal else */
const char *format_size(char *buf, unsigned int len, unsigned long long b);
#define SIZE_BUF_LEN	32

/* "0.042", "-1.000", "1.000": thousandths as a decimal */
const char *format_milli(char *buf, unsigned int len, int thousandths);
#define MILLI_BUF_LEN	16

#endif /* _MMLAB_PRINT_H */
