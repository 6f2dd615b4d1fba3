// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The metrics writer (metrics.h) over names it did not choose: label
 * values come from interface names, which the kernel lets hold any byte.
 * Whatever the bytes, the sample stays one line, its quoted value ends
 * where the format says (only \\, \" and \n escapes), bytes that are not
 * UTF-8 never reach the output, and printable ASCII reads back unchanged.
 * The same bytes also go through --metrics' address parser.
 */
#include <string.h>

#include "fuzz.h"
#include "metrics.h"
#include "metrics_http.h"

#define FUZZ_VALUE_MAX	256

/* The quoted label value at s (after '"'), unescaped into out; its end. */
static const char *value_read(const char *s, char *out, size_t cap, size_t *n)
{
	*n = 0;
	for (; *s != '"'; s++) {
		char c = *s;

		FUZZ_CHECK(c && c != '\n');
		if (c == '\\') {
			c = *++s;
			FUZZ_CHECK(c == '\\' || c == '"' || c == 'n');
			c = c == 'n' ? '\n' : c;
		}
		if (*n + 1 < cap)
			out[(*n)++] = c;
	}
	out[*n] = '\0';
	return s;
}

static int printable_ascii(const char *s)
{
	for (; *s; s++)
		if (*s < 0x20 || *s > 0x7e)
			return 0;
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char value[FUZZ_VALUE_MAX], back[4 * FUZZ_VALUE_MAX], *text, *p;
	struct metrics *m = metrics_new();
	struct sockaddr_storage ss;
	socklen_t sslen;
	size_t len, n;

	if (!m)
		return 0;
	n = size < sizeof(value) - 1 ? size : sizeof(value) - 1;
	memcpy(value, data, n);
	value[n] = '\0';
	metrics_http_parse(value, &ss, &sslen);
	FUZZ_CHECK(!metrics_family(m, "xrouter_fuzz", METRICS_GAUGE, value));
	FUZZ_CHECK(!metrics_sample(m, METRICS_L({ "dev", value }), 1));
	text = metrics_finish(m, &len);
	if (!text)
		return 0;
	FUZZ_CHECK(strlen(text) == len && len && text[len - 1] == '\n');
	/* HELP and TYPE, then the sample: three lines whatever the value holds. */
	p = strstr(text, "\nxrouter_fuzz{dev=\"");
	FUZZ_CHECK(p && strchr(text, '\n') < p && strchr(strchr(text, '\n') + 1, '\n') == p);
	p = (char *)value_read(p + strlen("\nxrouter_fuzz{dev=\""), back, sizeof(back), &n);
	FUZZ_CHECK(!strcmp(p, "\"} 1\n"));
	if (printable_ascii(value))
		FUZZ_CHECK(!strcmp(back, value));
	for (const unsigned char *u = (const unsigned char *)text; *u; u++)
		FUZZ_CHECK(*u != 0xff && *u != 0xfe && *u != 0xc0 && *u != 0xc1);
	free(text);
	return 0;
}
