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

/*
 * Length of the well-formed UTF-8 sequence at s (RFC 3629: no overlong
 * forms, no surrogates, nothing past U+10FFFF), 0 if there is none.
 */
static int print_utf8_len(const unsigned char *s)
{
	unsigned char c = s[0];
	int n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
	unsigned char lo = 0x80, hi = 0xbf;	/* bounds of the second byte */

	if (c < 0xc2 || c > 0xf4)
		return 0;
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (int i = 2; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

/* A JSON string: names come from the kernel and clients, so bytes that are
 * not UTF-8 become U+FFFD rather than a document no parser accepts. */
static void print_json_str(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	fputc('"', print_fp);
	while (*s) {
		unsigned char c = *s;
		int n;

		if (c == '"' || c == '\\')
			fprintf(print_fp, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			fprintf(print_fp, "\\u%04x", c);
		else if (c < 0x80)
			fputc(c, print_fp);
		else if ((n = print_utf8_len(s)) > 0) {
			fwrite(s, 1, n, print_fp);
			s += n;
			continue;
		} else
			fputs("\\ufffd", print_fp);
		s++;
	}
	fputc('"', print_fp);
}

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

/*
 * Where a format holds exactly one conversion spelled conv ("%s", "%llu")
 * and no other '%': its offset, else -1.  The text printers write such
 * formats ("via %s ", "metric %llu ") without vfprintf, which was most of
 * a state snapshot's time: a million routes print several million fields.
 */
static int print_simple_conv(const char *fmt, const char *conv)
{
	const char *p = strchr(fmt, '%');
	size_t n = strlen(conv);

	if (!p || strncmp(p, conv, n) || strchr(p + n, '%'))
		return -1;
	return (int)(p - fmt);
}

/* fmt with its one conversion (at off, conv_len long) replaced by val. */
static void print_around(const char *fmt, int off, size_t conv_len, const char *val)
{
	fwrite_unlocked(fmt, 1, off, print_fp);
	fputs_unlocked(val, print_fp);
	fputs_unlocked(fmt + off + conv_len, print_fp);
}

static const char *print_u64(uint64_t v, char buf[21])
{
	char *p = buf + 20;

	*p = '\0';
	do
		*--p = (char)('0' + v % 10);
	while (v /= 10);
	return p;
}

void print_string(enum print_type t, const char *key, const char *fmt, const char *val)
{
	int off;

	if (print_json) {
		if (t & PRINT_JSON) {
			print_json_key(key);
			print_json_str(val);
		}
	} else if (t & PRINT_FP) {
		off = print_simple_conv(fmt, "%s");
		if (off >= 0)
			print_around(fmt, off, 2, val);
		else
			fprintf(print_fp, fmt, val);
	}
}

void print_uint(enum print_type t, const char *key, const char *fmt, uint64_t val)
{
	char num[21];
	int off;

	if (print_json) {
		if (t & PRINT_JSON) {
			print_json_key(key);
			fputs_unlocked(print_u64(val, num), print_fp);
		}
	} else if (t & PRINT_FP) {
		off = print_simple_conv(fmt, "%llu");
		if (off >= 0)
			print_around(fmt, off, 4, print_u64(val, num));
		else
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
	if (!strchr(fmt, '%')) {
		fputs_unlocked(fmt, print_fp);
		return;
	}
	va_start(ap, fmt);
	vfprintf(print_fp, fmt, ap);
	va_end(ap);
}

void print_nl(void)
{
	if (!print_json)
		fputc_unlocked('\n', print_fp);
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
