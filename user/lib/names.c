// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Interface names and the line encoding of commands (names.h): what may
 * be stored, so that the state a successor replays is the state that was
 * saved, and no name can smuggle a second command into it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <net/if.h>

#include "names.h"

#define NAME_SEPARATORS	" \t\r\n"

/* Bytes no word holds: controls, space and the comment sign. */
static bool name_byte_is_word(unsigned char b)
{
	return b > ' ' && b != 0x7f && b != '#';
}

bool name_word_valid(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!name_byte_is_word((unsigned char)*s))
			return false;
	return true;
}

bool name_ifname_valid(const char *s)
{
	size_t n = strlen(s);

	if (!n || n >= IF_NAMESIZE || !strcmp(s, ".") || !strcmp(s, ".."))
		return false;
	/* dev_valid_name(): the kernel's isspace() also counts 0xa0 (NBSP). */
	if (strpbrk(s, "/:") || strchr(s, 0xa0))
		return false;
	return name_word_valid(s);
}

/* One byte as it reads in a message: 1..4 characters into e. */
static size_t name_quote_byte(char e[5], unsigned char b)
{
	static const char named[] = { '\n', 'n', '\t', 't', '\r', 'r', '\\', '\\', '"', '"' };

	for (size_t i = 0; i < sizeof(named); i += 2) {
		if (b == (unsigned char)named[i]) {
			e[0] = '\\';
			e[1] = named[i + 1];
			return 2;
		}
	}
	if (b < ' ' || b == 0x7f) {
		snprintf(e, 5, "\\x%02x", b);
		return 4;
	}
	e[0] = (char)b;
	return 1;
}

char *name_quote(char *buf, size_t size, const char *s)
{
	size_t len = 0, n, reserve = 1;
	char e[5];

	for (const char *p = s; *p; p++)
		len += name_quote_byte(e, (unsigned char)*p);
	if (len + 1 > size)
		reserve = 4;	/* room for "..." and the NUL */
	len = 0;
	for (; *s; s++) {
		n = name_quote_byte(e, (unsigned char)*s);
		if (len + n + reserve > size) {
			memcpy(buf + len, "...", 3);
			len += 3;
			break;
		}
		memcpy(buf + len, e, n);
		len += n;
	}
	buf[len] = '\0';
	return buf;
}

int name_line_join(char *buf, size_t size, int argc, char *const *argv)
{
	size_t len = 0, n;

	if (argc < 1)
		return -EINVAL;
	for (int i = 0; i < argc; i++) {
		if (!name_word_valid(argv[i]))
			return -EINVAL;
		n = strlen(argv[i]);
		if (len + n + 1 >= size)
			return -E2BIG;
		memcpy(buf + len, argv[i], n);
		len += n;
		buf[len++] = i + 1 < argc ? ' ' : '\n';
	}
	buf[len] = '\0';
	return (int)len;
}

int name_line_split(char *line, char **argv, int max)
{
	char *hash = strchr(line, '#'), *save = NULL, *w;
	int argc = 0;

	if (hash)
		*hash = '\0';
	for (w = strtok_r(line, NAME_SEPARATORS, &save); w;
	     w = strtok_r(NULL, NAME_SEPARATORS, &save)) {
		if (argc == max)
			return -E2BIG;
		argv[argc++] = w;
	}
	return argc;
}
