/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The words the daemon keeps: interface names as `ip link` accepts them,
 * and the one encoding of a command as a line, which the state journal,
 * the snapshot and --config share.  Pure functions, no router.
 *
 * A line is words separated by spaces or tabs; '#' starts a comment.  A
 * word therefore holds any byte but NUL, the control characters
 * (0x01-0x1f, 0x7f), space and '#'.  There is no quoting: a word the
 * encoding cannot hold is refused where it enters (cmd_run()), so no
 * command that changes state ever holds one, and every line read back
 * gives the words that were written.
 */
#ifndef XR_NAMES_H
#define XR_NAMES_H

#include <stdbool.h>
#include <stddef.h>

/*
 * An interface name the kernel's dev_valid_name() would take (1..15
 * bytes, not "." or "..", no '/', ':' or whitespace) that is also a word
 * (no control character, no '#').
 */
bool name_ifname_valid(const char *s);
/* Can a line hold s as one word, reading back the same? */
bool name_word_valid(const char *s);
/*
 * s for a one-line message: '\\' and '"' backslashed, control characters
 * as \n, \t, \r or \xHH, truncated with "..." to fit size (> 4).
 * Returns buf.
 */
char *name_quote(char *buf, size_t size, const char *s);
/*
 * The words as one line ending in '\n' into buf[0..size): its length, or
 * -EINVAL if a word is not name_word_valid() (or there is none), -E2BIG if
 * it does not fit.
 */
int name_line_join(char *buf, size_t size, int argc, char *const *argv);
/*
 * Split line (modified in place) into at most max words, dropping a '#'
 * comment: the number of words, or -E2BIG if there are more.
 */
int name_line_split(char *line, char **argv, int max);

#endif
