/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Unit tests of names.c: interface names as the kernel's dev_valid_name()
 * and `ip link` take them (minus control characters and '#'), the quoting
 * of words in one-line errors, and the line encoding of the state files:
 * every line of valid words splits back into the same words, and a word it
 * could not hold is refused rather than written.
 * Prints "ok - ..." / "not ok - ..." per case and a final count.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "check.h"

struct ifname_case {
	const char *name;
	bool valid;
};

static const struct ifname_case ifname_cases[] = {
	{ "eth0", true },
	{ "br-lan.10_x", true },
	{ "b0123456789abcd", true },		/* 15 bytes: IFNAMSIZ - 1 */
	{ "b\"\\\xc3\xa9@", true },		/* ip and the kernel take these */
	{ "", false },
	{ "b0123456789abcde", false },		/* 16 bytes */
	{ ".", false },
	{ "..", false },
	{ "...", true },
	{ "a/b", false },
	{ "a:b", false },
	{ "a b", false },
	{ "a\tb", false },
	{ "a\nb", false },
	{ "z\nlink del eth1", false },
	{ "a\vb", false },
	{ "a\xa0" "b", false },			/* the kernel's isspace() */
	{ "a#b", false },			/* a comment when read back */
	{ "#", false },
	{ "a\x01" "b", false },
	{ "a\x7f" "b", false },
};

static void test_ifname(void)
{
	char q[64], desc[128];

	for (size_t i = 0; i < sizeof(ifname_cases) / sizeof(ifname_cases[0]); i++) {
		const struct ifname_case *c = &ifname_cases[i];

		snprintf(desc, sizeof(desc), "ifname \"%s\" %s", name_quote(q, sizeof(q), c->name),
			 c->valid ? "valid" : "refused");
		report(name_ifname_valid(c->name) == c->valid, desc);
	}
}

struct quote_case {
	const char *in, *want;
	size_t size;
};

static const struct quote_case quote_cases[] = {
	{ "z\nlink del eth1", "z\\nlink del eth1", 64 },
	{ "a\"b\\c", "a\\\"b\\\\c", 64 },
	{ "\t\r\x01\x7f", "\\t\\r\\x01\\x7f", 64 },
	{ "br\xc3\xa9", "br\xc3\xa9", 64 },
	{ "abcdefghij", "abcd...", 8 },
	{ "\n\n\n\n", "\\n\\n\\n\\n", 9 },
	{ "\n\n\n\n\n", "\\n\\n\\n...", 10 },
};

static void test_quote(void)
{
	char q[64], desc[160], shown[64];

	for (size_t i = 0; i < sizeof(quote_cases) / sizeof(quote_cases[0]); i++) {
		const struct quote_case *c = &quote_cases[i];

		name_quote(q, c->size, c->in);
		snprintf(desc, sizeof(desc), "quote: %s", name_quote(shown, sizeof(shown), c->want));
		report(!strcmp(q, c->want) && strlen(q) < c->size && !strpbrk(q, "\n\r\t"), desc);
	}
}

/* A random word of bytes a line can hold: 0x21..0xff but '#' and 0x7f. */
static void random_word(char *w, size_t max)
{
	size_t n = 1 + (size_t)rand() % max;

	for (size_t i = 0; i < n; i++) {
		unsigned char b;

		do
			b = (unsigned char)(0x21 + rand() % (0x100 - 0x21));
		while (b == '#' || b == 0x7f);
		w[i] = (char)b;
	}
	w[n] = '\0';
}

static void test_roundtrip(void)
{
	char words[8][20], line[256], copy[256], *argv[8], *back[9];
	bool ok = true;
	int argc, n;

	srand(7);
	for (int round = 0; round < 10000 && ok; round++) {
		argc = 1 + rand() % 8;
		for (int i = 0; i < argc; i++) {
			random_word(words[i], sizeof(words[i]) - 1);
			argv[i] = words[i];
		}
		n = name_line_join(line, sizeof(line), argc, argv);
		ok = n > 0 && line[n - 1] == '\n' && strlen(line) == (size_t)n &&
		     !memchr(line, '\n', (size_t)n - 1);
		strcpy(copy, line);
		ok = ok && name_line_split(copy, back, 9) == argc;
		for (int i = 0; ok && i < argc; i++)
			ok = !strcmp(back[i], argv[i]);
	}
	report(ok, "10000 lines of random valid words split back into the same words");
}

static void test_join_refuses(void)
{
	char line[64], *bad[] = { "link", "add", "vx1", "bridge", "z\nlink del eth1" };
	char *hash[] = { "link", "add", "vx1", "bridge", "b#x" };
	char *empty[] = { "route", "" };
	char *space[] = { "a b" };
	char *ok[] = { "route", "add", "default", "blackhole" };
	char *lng[] = { "0123456789012345678901234567890123456789", "0123456789012345678901234" };

	report(name_line_join(line, sizeof(line), 5, bad) == -EINVAL, "join refuses a newline");
	report(name_line_join(line, sizeof(line), 5, hash) == -EINVAL, "join refuses '#'");
	report(name_line_join(line, sizeof(line), 2, empty) == -EINVAL, "join refuses an empty word");
	report(name_line_join(line, sizeof(line), 1, space) == -EINVAL, "join refuses a space");
	report(name_line_join(line, sizeof(line), 0, ok) == -EINVAL, "join refuses no words");
	report(name_line_join(line, sizeof(line), 2, lng) == -E2BIG, "join refuses what does not fit");
	report(name_line_join(line, sizeof(line), 4, ok) == 28 &&
	       !strcmp(line, "route add default blackhole\n"), "join: words, spaces and '\\n'");
}

static void test_split(void)
{
	char l1[] = "  link\tadd  p1 bridge br0 # a comment\r\n", l2[] = "# only a comment\n";
	char l3[] = "a b c d e", *argv[8];

	report(name_line_split(l1, argv, 8) == 5 && !strcmp(argv[0], "link") &&
	       !strcmp(argv[1], "add") && !strcmp(argv[4], "br0"),
	       "split: tabs, runs of spaces, a comment and CRLF");
	report(name_line_split(l2, argv, 8) == 0, "split: a comment line has no words");
	report(name_line_split(l3, argv, 4) == -E2BIG, "split: more words than room: -E2BIG");
}

int main(void)
{
	test_ifname();
	test_quote();
	test_roundtrip();
	test_join_refuses();
	test_split();
	return report_done();
}
