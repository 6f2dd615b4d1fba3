/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The one command parser, shared by the control socket and --config so
 * their errors read alike.  A command is the words of an xrouterctl line
 * without the program name; handlers validate every argument before they
 * change anything, and print one iproute2-worded line on error.
 */
#ifndef XR_CMD_H
#define XR_CMD_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "net.h"

struct dp;
struct router;

#define CMD_LINE_MAX	4096	/* characters in one command line */
#define CMD_WORDS_MAX	64

struct cmd_ctx {
	struct router *r;	/* the modules' state (module.h): opaque here */
	struct dp *dp;		/* replay: answer hand-offs between lines */
	FILE *out;		/* the reply's stdout */
	FILE *err;		/* the reply's stderr: errors and warnings */
	bool json;
	bool may_write;		/* peer was root when it connected (ctl.c) */
	/* Replay and adopted --config: an object already there, identical, is fine. */
	bool idempotent;
	/* `-4` / `-6` before the object (AF_INET, AF_INET6), else AF_UNSPEC: set
	 * by cmd_run() for the handler, as `ip -6` narrows a command. */
	int af;
	/* The control socket's client, for a command that streams its reply
	 * (CMD_STREAM: it dups the fd and sets streamed); not from --config. */
	bool can_stream;
	int stream_fd;
	bool streamed;
};

/* Run one command: 0 done, 1 refused (an error line is on c->err).
 * `help` and `OBJECT help` list the registered commands (cmd_def).  A
 * leading `-4` or `-6` sets c->af; the journal sees the words as given. */
int cmd_run(struct cmd_ctx *c, int argc, char **argv);
/*
 * Split a config/state line into words (modifies line) and run it.
 * Blank lines and '#' comments are 0 without running anything.
 */
int cmd_run_line(struct cmd_ctx *c, char *line);

/* Error helpers: print "Error: ..." on c->err, return -1 for the handler. */
int cmd_err(struct cmd_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int cmd_inv_arg(struct cmd_ctx *c, const char *arg, const char *what);
int cmd_garbage(struct cmd_ctx *c, const char *key, const char *word);
int cmd_incomplete(struct cmd_ctx *c);

/* Parsers: 0 or -1 after printing the error. */
/* An address of af (AF_UNSPEC: either); lib/net.h's text forms. */
int cmd_parse_addr(struct cmd_ctx *c, const char *s, int af, struct xr_ip *out);
/* An IPv4 address, host order: for the ARP side until it speaks xr_ip. */
int cmd_parse_ip(struct cmd_ctx *c, const char *s, uint32_t *out);
/* A route's destination of af: "default" or ADDR[/LEN] with no host bits. */
int cmd_parse_prefix(struct cmd_ctx *c, const char *s, int af, struct xr_prefix *out);
int cmd_parse_mac(struct cmd_ctx *c, const char *s, uint8_t mac[6]);
int cmd_parse_u32(struct cmd_ctx *c, const char *key, const char *s, uint32_t *out);
/* A name `ip link` accepts and a line can hold (names.h); key names it in the error. */
int cmd_parse_ifname(struct cmd_ctx *c, const char *key, const char *s);
/* Without printing: for callers that try several forms. */
int cmd_mac_from_str(const char *s, uint8_t mac[6]);

/* Handlers, registered by the modules that own the objects; argv starts after the verb. */
typedef int (*cmd_fn)(struct cmd_ctx *c, int argc, char **argv);

enum cmd_flags {
	CMD_RO = 1 << 0,	/* reads state only: anyone may run it */
	/* Root only, but no state to save: the journal does not see it (trace). */
	CMD_NOSAVE = 1 << 1,
};

/*
 * One command: what the dispatcher runs and what `help` prints, from the
 * same entry so the two never disagree.  args is the grammar after the
 * verb in iproute2's notation ("PREFIX [ via ADDRESS ]"), "" for none;
 * several forms are separated by '\n', each printed on its own line.
 */
struct cmd_def {
	const char *object;
	const char *verb;	/* NULL: the object takes arguments directly */
	cmd_fn fn;
	unsigned flags;
	const char *args;
	const char *help;	/* one line: what it does */
};

struct cmd_table {
	const struct cmd_def *defs;
	unsigned n;
	struct cmd_table *next;
};

/* A module's commands, from its constructor (XR_COMMANDS). */
void cmd_register(struct cmd_table *t);
#define XR_COMMANDS(defs)						\
	static struct cmd_table defs##_table = {			\
		defs, sizeof(defs) / sizeof((defs)[0]), NULL };		\
	static void __attribute__((constructor)) defs##_register(void)	\
	{								\
		cmd_register(&defs##_table);				\
	}

/*
 * After each accepted change, with the command's words: the state
 * journal's hook (state.c).  One hook; NULL for none.
 */
void cmd_on_change(void (*fn)(int argc, char **argv));

#endif
