// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Text/JSON printer.  JSON is written incrementally with a small stack
 * that remembers whether a container already has a member (for commas).
 */
#include <stdarg.h>
#include <string.h>

#include "print.h"

#define PRINT_DEPTH_MAX 16

static FILE *print_fp;
static bool print_json;
static int print_depth;
static bool print_has_member[PRINT_DEPTH_MAX];
static char print_close[PRINT_DEPTH_MAX];
static bool print_started;	/* JSON written: print_end() ends the line */

void print_begin(FILE *f, bool json)
{
	print_fp = f;
	print_json = json;
	print_depth = 0;
	print_started = false;
}

bool print_is_json(void)
{
	return print_json;
}

static void print_json_str(const char *s)
{
	fputc('"', print_fp);
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			fprintf(print_fp, "\\%c", c);
		else if (c < 0x20)
			fprintf(print_fp, "\\u%04x", c);
		else
			fputc(c, print_fp);
	}
	fputc('"', print_fp);
}

/* Comma and key before a new JSON value. */
static void print_json_key(const char *key)
{
	print_started = true;
	if (print_depth > 0) {
		if (print_has_member[print_depth - 1])
			fputc(',', print_fp);
		print_has_member[print_depth - 1] = true;
	}
	if (key) {
		print_json_str(key);
		fputc(':', print_fp);
	}
}

static void print_push(const char *key, char open, char close)
{
	if (!print_json)
		return;
	print_json_key(key);
	fputc(open, print_fp);
	if (print_depth < PRINT_DEPTH_MAX) {
		print_has_member[print_depth] = false;
		print_close[print_depth] = close;
		print_depth++;
	}
}

static void print_pop(void)
{
	if (!print_json || print_depth == 0)
		return;
	print_depth--;
	fputc(print_close[print_depth], print_fp);
}

void print_open_array(const char *key)
{
	print_push(key, '[', ']');
}

void print_close_array(void)
{
	print_pop();
}

void print_open_object(const char *key)
{
	print_push(key, '{', '}');
}

void print_close_object(void)
{
	print_pop();
}

void print_end(void)
{
	if (!print_json)
		return;
	while (print_depth > 0)
		print_pop();
	if (print_started)
		fputc('\n', print_fp);
}

void print_string(enum print_type t, const char *key, const char *fmt, const char *val)
{
	if (print_json) {
		if (t & PRINT_JSON) {
			print_json_key(key);
			print_json_str(val);
		}
	} else if (t & PRINT_FP) {
		fprintf(print_fp, fmt, val);
	}
}

void print_uint(enum print_type t, const char *key, const char *fmt, uint64_t val)
{
	if (print_json) {
		if (t & PRINT_JSON) {
			print_json_key(key);
			fprintf(print_fp, "%llu", (unsigned long long)val);
		}
	} else if (t & PRINT_FP) {
		fprintf(print_fp, fmt, (unsigned long long)val);
	}
}

void print_bool(enum print_type t, const char *key, const char *fmt, bool val)
{
	if (print_json) {
		if (t & PRINT_JSON) {
			print_json_key(key);
			fputs(val ? "true" : "false", print_fp);
		}
	} else if ((t & PRINT_FP) && val) {
		fputs(fmt, print_fp);
	}
}

void print_text(const char *fmt, ...)
{
	va_list ap;

	if (print_json)
		return;
	va_start(ap, fmt);
	vfprintf(print_fp, fmt, ap);
	va_end(ap);
}

void print_nl(void)
{
	if (!print_json)
		fputc('\n', print_fp);
}

const char *print_ip(uint32_t a, char buf[16])
{
	snprintf(buf, 16, "%u.%u.%u.%u", a >> 24, (a >> 16) & 0xff, (a >> 8) & 0xff, a & 0xff);
	return buf;
}

const char *print_mac(const uint8_t m[6], char buf[18])
{
	snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
	return buf;
}
