// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * lib/print.c in JSON mode: every document it writes is read back by a
 * real JSON parser (python3's json module), and the values that come back
 * are compared with what was printed.  Text mode for contrast.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "print.h"

/* Each case prints one JSON document: what python's json.dumps() of the
 * parsed value (ASCII-only, compact) must read. */
struct pcase {
	const char *desc;
	void (*print)(void);
	const char *want;
};

static void p_quotes(void)
{
	print_open_object(NULL);
	print_string(PRINT_ANY, "s", "%s", "say \"hi\"");
	print_close_object();
}

static void p_backslash(void)
{
	print_open_object(NULL);
	print_string(PRINT_ANY, "s", "%s", "C:\\dir\\");
	print_close_object();
}

static void p_control(void)
{
	print_open_object(NULL);
	print_string(PRINT_ANY, "s", "%s", "a\001b\nc\td\037e\177");
	print_close_object();
}

static void p_utf8(void)
{
	print_open_object(NULL);
	print_string(PRINT_ANY, "s", "%s", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
	print_close_object();
}

/* Stray continuation, truncated, overlong, surrogate and past-U+10FFFF
 * sequences: each bad byte one U+FFFD, the good text around kept. */
static void p_bad_utf8(void)
{
	print_open_object(NULL);
	print_string(PRINT_ANY, "s", "%s",
		     "a\x80" "b\xc3 c\xc0\xaf" "d\xed\xa0\x80" "e\xf4\x90\x80\x80" "f\xc3\xa9");
	print_close_object();
}

static void p_key_escaped(void)
{
	print_open_object(NULL);
	print_string(PRINT_ANY, "k\"\\\n", "%s", "v");
	print_close_object();
}

static void p_nested(void)
{
	print_open_array(NULL);
	print_open_object(NULL);
	print_string(PRINT_ANY, "dst", "%s ", "10.0.0.0/8");
	print_uint(PRINT_ANY, "metric", "metric %llu", 20);
	print_bool(PRINT_ANY, "static", "static", true);
	print_bool(PRINT_ANY, "dead", "dead", false);
	print_open_array("flags");
	print_string(PRINT_JSON, NULL, "", "onlink");
	print_string(PRINT_JSON, NULL, "", "pervasive");
	print_close_array();
	print_open_object("nh");
	print_open_array("list");
	print_open_object(NULL);
	print_uint(PRINT_JSON, "weight", "", 1);
	print_close_object();
	print_close_array();
	print_close_object();
	print_close_object();
	print_open_object(NULL);
	print_string(PRINT_FP, "text", "%s", "text only: not in JSON");
	print_text("neither %d", 1);
	print_nl();
	print_uint(PRINT_ANY, "max", "%llu", UINT64_MAX);
	print_close_object();
	print_close_array();
}

static void p_empty_array(void)
{
	print_open_array(NULL);
	print_close_array();
}

static void p_empty_nested(void)
{
	print_open_object(NULL);
	print_open_array("a");
	print_close_array();
	print_open_object("o");
	print_close_object();
	print_open_array("b");
	print_open_array(NULL);
	print_close_array();
	print_close_array();
	print_close_object();
}

/* print_end() closes what the caller left open. */
static void p_left_open(void)
{
	print_open_array(NULL);
	print_open_object(NULL);
	print_string(PRINT_ANY, "dev", "%s", "eth0");
	print_open_array("x");
	print_uint(PRINT_JSON, NULL, "", 0);
}

static void p_deep(void)
{
	for (int i = 0; i < 16; i++)
		print_open_array(NULL);
	print_string(PRINT_JSON, NULL, "", "bottom");
}

static const struct pcase cases[] = {
	{ "quotes in a string", p_quotes, "{\"s\":\"say \\\"hi\\\"\"}" },
	{ "backslashes in a string", p_backslash, "{\"s\":\"C:\\\\dir\\\\\"}" },
	{ "control characters and DEL", p_control,
	  "{\"s\":\"a\\u0001b\\nc\\td\\u001fe\\u007f\"}" },
	{ "non-ASCII UTF-8 (2, 3 and 4 bytes)", p_utf8,
	  "{\"s\":\"caf\\u00e9 \\u20ac \\ud83d\\ude00\"}" },
	{ "bytes that are not UTF-8 replaced, one U+FFFD each", p_bad_utf8,
	  "{\"s\":\"a\\ufffdb\\ufffd c\\ufffd\\ufffdd\\ufffd\\ufffd\\ufffde"
	  "\\ufffd\\ufffd\\ufffd\\ufffdf\\u00e9\"}" },
	{ "a key needing escapes", p_key_escaped, "{\"k\\\"\\\\\\n\":\"v\"}" },
	{ "nested arrays and objects, numbers, booleans; text-only output left out", p_nested,
	  "[{\"dst\":\"10.0.0.0/8\",\"metric\":20,\"static\":true,\"dead\":false,"
	  "\"flags\":[\"onlink\",\"pervasive\"],\"nh\":{\"list\":[{\"weight\":1}]}},"
	  "{\"max\":18446744073709551615}]" },
	{ "an empty array", p_empty_array, "[]" },
	{ "empty arrays and objects inside others", p_empty_nested,
	  "{\"a\":[],\"o\":{},\"b\":[[]]}" },
	{ "containers left open are closed by print_end", p_left_open,
	  "[{\"dev\":\"eth0\",\"x\":[0]}]" },
	{ "16 levels deep", p_deep,
	  "[[[[[[[[[[[[[[[[\"bottom\"]]]]]]]]]]]]]]]]" },
};

#define N_CASES	(sizeof(cases) / sizeof(cases[0]))

/* Parse each line of path as one JSON document; print its compact ASCII
 * dump, or "INVALID: why", one line per document. */
static const char parse_py[] =
	"import json, sys\n"
	"for line in open(sys.argv[1], 'rb'):\n"
	"    try:\n"
	"        print(json.dumps(json.loads(line.decode('utf-8')), separators=(',', ':')))\n"
	"    except Exception as e:\n"
	"        print('INVALID: ' + str(e).replace('\\n', ' '))\n";

static void test_json(void)
{
	char path[] = "/tmp/print_test.XXXXXX", cmd[256], got[1024], d[160];
	FILE *f, *p;
	int fd = mkstemp(path);
	unsigned i;

	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		report(false, "a temporary file for the documents");
		return;
	}
	for (i = 0; i < N_CASES; i++) {
		print_begin(f, true);
		cases[i].print();
		print_end();
	}
	fclose(f);
	snprintf(cmd, sizeof(cmd), "python3 -c \"$PRINT_TEST_PY\" %s", path);
	setenv("PRINT_TEST_PY", parse_py, 1);
	p = popen(cmd, "r");
	if (!p) {
		report(false, "python3 runs");
		unlink(path);
		return;
	}
	for (i = 0; i < N_CASES && fgets(got, sizeof(got), p); i++) {
		got[strcspn(got, "\n")] = '\0';
		snprintf(d, sizeof(d), "JSON: %s parses and round-trips", cases[i].desc);
		report(!strcmp(got, cases[i].want), d);
		if (strcmp(got, cases[i].want))
			fprintf(stderr, "  want %s\n  got  %s\n", cases[i].want, got);
	}
	report(i == N_CASES, "one document per case, one line each");
	report(pclose(p) == 0, "python3 parsed the file (exit 0)");
	unlink(path);
}

static void test_text(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	print_begin(f, false);
	print_open_array(NULL);
	print_open_object(NULL);
	print_string(PRINT_ANY, "dst", "%s ", "10.0.0.0/8");
	print_string(PRINT_JSON, "json", "%s", "json only");
	print_uint(PRINT_ANY, "metric", "metric %llu", 20);
	print_bool(PRINT_ANY, "static", " static", true);
	print_bool(PRINT_ANY, "dead", " dead", false);
	print_text(" %s", "tail");
	print_nl();
	print_close_object();
	print_close_array();
	print_end();
	fclose(f);
	report(!strcmp(buf, "10.0.0.0/8 metric 20 static tail\n"),
	       "text: format strings only, no containers, false booleans silent");
	free(buf);
}

/* The text printer writes simple formats itself: the same bytes as printf,
 * whatever the format's shape (none, one or two conversions, "%%", a width). */
static void test_text_formats(void)
{
	static const char *const sfmt[] = { "via %s ", "%s", "%s ", "dev %s", "no conversion",
					    "%% %s", "%s %%", "[%5s]" };
	static const char *const ufmt[] = { "metric %llu ", "%llu", "%llu%%", "[%4llu]" };
	static const uint64_t uval[] = { 0, 7, 10, 4294967295ull, 18446744073709551615ull };
	char *buf = NULL, want[256];
	size_t len = 0;
	bool same = true;

	for (unsigned i = 0; i < sizeof(sfmt) / sizeof(sfmt[0]); i++) {
		FILE *f = open_memstream(&buf, &len);

		print_begin(f, false);
		print_string(PRINT_ANY, "k", sfmt[i], "eth0");
		fclose(f);
		snprintf(want, sizeof(want), sfmt[i], "eth0");
		same = same && !strcmp(buf, want);
		free(buf);
	}
	for (unsigned i = 0; i < sizeof(ufmt) / sizeof(ufmt[0]); i++) {
		for (unsigned j = 0; j < sizeof(uval) / sizeof(uval[0]); j++) {
			FILE *f = open_memstream(&buf, &len);

			print_begin(f, false);
			print_uint(PRINT_ANY, "k", ufmt[i], uval[j]);
			print_text("no conversion; ");
			print_text("%u %s", 3u, "x");
			fclose(f);
			snprintf(want, sizeof(want), ufmt[i], (unsigned long long)uval[j]);
			strcat(want, "no conversion; 3 x");
			same = same && !strcmp(buf, want);
			free(buf);
		}
	}
	report(same, "text: simple formats print the bytes printf prints, others go through it");
}

int main(void)
{
	test_json();
	test_text();
	test_text_formats();
	return report_done();
}
