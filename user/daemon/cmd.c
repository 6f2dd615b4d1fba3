// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Command dispatch over the tables the modules register, and the argument
 * parsers.  Full keywords only, as iproute2
 * now recommends; errors are worded like iproute2's so operators
 * recognise them, one line each.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "dp.h"
#include "names.h"
#include "print.h"

static struct cmd_table *cmd_tables;
/* Appended in registration (link) order, so `help` lists a stable order. */
static struct cmd_table **cmd_tables_end = &cmd_tables;
static void (*cmd_changed)(int argc, char **argv);

void cmd_register(struct cmd_table *t)
{
	t->next = NULL;
	*cmd_tables_end = t;
	cmd_tables_end = &t->next;
}

void cmd_on_change(void (*fn)(int argc, char **argv))
{
	cmd_changed = fn;
}

int cmd_err(struct cmd_ctx *c, const char *fmt, ...)
{
	va_list ap;

	fputs("Error: ", c->err);
	va_start(ap, fmt);
	vfprintf(c->err, fmt, ap);
	va_end(ap);
	fputc('\n', c->err);
	return -1;
}

/* A word quoted for an error line: control characters escaped, so it stays one line. */
#define CMD_QUOTE_MAX	256

int cmd_inv_arg(struct cmd_ctx *c, const char *arg, const char *what)
{
	char q[CMD_QUOTE_MAX];

	return cmd_err(c, "argument \"%s\" is wrong: %s", name_quote(q, sizeof(q), arg), what);
}

int cmd_garbage(struct cmd_ctx *c, const char *key, const char *word)
{
	char qk[CMD_QUOTE_MAX], qw[CMD_QUOTE_MAX];

	return cmd_err(c, "either \"%s\" is duplicate, or \"%s\" is a garbage.",
		       name_quote(qk, sizeof(qk), key), name_quote(qw, sizeof(qw), word));
}

int cmd_parse_ifname(struct cmd_ctx *c, const char *key, const char *s)
{
	char what[64];

	if (name_ifname_valid(s))
		return 0;
	snprintf(what, sizeof(what), "\"%s\" not a valid ifname", key);
	return cmd_inv_arg(c, s, what);
}

int cmd_incomplete(struct cmd_ctx *c)
{
	return cmd_err(c, "command line is not complete.");
}

/* Addresses and prefixes are lib/net.h's, one parser for both families. */
int cmd_parse_addr(struct cmd_ctx *c, const char *s, int af, struct xr_ip *out)
{
	if (xr_ip_from_str(s, af, out))
		return cmd_inv_arg(c, s, "invalid address");
	return 0;
}

int cmd_parse_ip(struct cmd_ctx *c, const char *s, uint32_t *out)
{
	struct xr_ip a;

	if (cmd_parse_addr(c, s, AF_INET, &a))
		return -1;
	*out = xr_ip4_host(&a);
	return 0;
}

int cmd_parse_prefix(struct cmd_ctx *c, const char *s, int af, struct xr_prefix *out)
{
	if (!strcmp(s, "default")) {
		*out = (struct xr_prefix){ .addr = { .af = af } };
		return 0;
	}
	if (xr_prefix_from_str(s, af, out))
		return cmd_inv_arg(c, s, "invalid prefix");
	if (xr_prefix_has_host_bits(out))
		return cmd_err(c, "Invalid prefix for given prefix length.");
	return 0;
}

int cmd_mac_from_str(const char *s, uint8_t mac[6])
{
	unsigned v[6];
	int n = -1;

	if (strlen(s) != 17 ||
	    sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%n", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &n) != 6 ||
	    n != 17)
		return -EINVAL;
	for (int i = 0; i < 17; i++) {
		if ((i % 3 == 2) ? s[i] != ':' : !isxdigit((unsigned char)s[i]))
			return -EINVAL;
	}
	for (int i = 0; i < 6; i++)
		mac[i] = v[i];
	return 0;
}

int cmd_parse_mac(struct cmd_ctx *c, const char *s, uint8_t mac[6])
{
	if (cmd_mac_from_str(s, mac))
		return cmd_inv_arg(c, s, "invalid lladdr");
	return 0;
}

int cmd_parse_u32(struct cmd_ctx *c, const char *key, const char *s, uint32_t *out)
{
	char what[64];
	unsigned long long v;
	char *end;

	snprintf(what, sizeof(what), "\"%s\" value is invalid", key);
	if (!isdigit((unsigned char)*s))
		return cmd_inv_arg(c, s, what);
	errno = 0;
	v = strtoull(s, &end, 10);
	if (*end || errno || v > UINT32_MAX)
		return cmd_inv_arg(c, s, what);
	*out = v;
	return 0;
}

/*
 * The words of argv a command's verb takes, 0 if it is not this one.  A
 * verb may be two words ("vlan add": `bridge vlan add ...`, iproute2's
 * grammar); OBJECT alone means OBJECT show.
 */
static int cmd_verb_words(const char *verb, int argc, char **argv)
{
	const char *sp = strchr(verb, ' ');
	size_t n = sp ? (size_t)(sp - verb) : strlen(verb);

	if (argc < 2)
		return strcmp(verb, "show") ? 0 : 1;
	if (strlen(argv[1]) != n || strncmp(verb, argv[1], n))
		return 0;
	if (!sp)
		return 2;
	return argc > 2 && !strcmp(sp + 1, argv[2]) ? 3 : 0;
}

static const struct cmd_def *cmd_lookup(struct cmd_ctx *c, int argc, char **argv, int *used)
{
	const struct cmd_def *obj = NULL;
	const char *verb = argc > 1 ? argv[1] : "show";

	for (const struct cmd_table *t = cmd_tables; t; t = t->next) {
		for (unsigned i = 0; i < t->n; i++) {
			if (strcmp(t->defs[i].object, argv[0]))
				continue;
			obj = &t->defs[i];
			if (!obj->verb) {
				*used = 1;
				return obj;
			}
			*used = cmd_verb_words(obj->verb, argc, argv);
			if (*used)
				return obj;
		}
	}
	if (obj)
		cmd_err(c, "unknown command \"%s\", try \"xrouterctl %s help\"", verb, argv[0]);
	else
		cmd_err(c, "unknown command \"%s\", try \"xrouterctl help\"", argv[0]);
	return NULL;
}

/* Column of the descriptions in `help`; a longer grammar pushes its own out. */
#define CMD_HELP_COL	44

/* One command's forms, each "OBJECT VERB ARGS" on its line (text), or one JSON object. */
static void cmd_help_def(const struct cmd_def *d)
{
	const char *form = d->args ? d->args : "";
	char f[CMD_QUOTE_MAX], line[CMD_QUOTE_MAX * 2];

	print_open_object(NULL);
	print_string(PRINT_JSON, "object", "%s", d->object);
	if (d->verb)
		print_string(PRINT_JSON, "verb", "%s", d->verb);
	print_open_array("args");
	for (bool first = true;; first = false) {
		const char *nl = strchr(form, '\n');

		snprintf(f, sizeof(f), "%.*s", nl ? (int)(nl - form) : (int)strlen(form), form);
		print_string(PRINT_JSON, NULL, "%s", f);
		snprintf(line, sizeof(line), "%s%s%s%s%s", d->object, d->verb ? " " : "",
			 d->verb ? d->verb : "", *f ? " " : "", f);
		if (first && d->help)
			print_text("%-*s  %s\n", CMD_HELP_COL, line, d->help);
		else
			print_text("%s\n", line);
		if (!nl)
			break;
		form = nl + 1;
	}
	print_close_array();
	if (d->help)
		print_string(PRINT_JSON, "help", "%s", d->help);
	print_close_object();
}

static bool cmd_object_known(const char *object)
{
	for (const struct cmd_table *t = cmd_tables; t; t = t->next) {
		for (unsigned i = 0; i < t->n; i++) {
			if (!strcmp(t->defs[i].object, object))
				return true;
		}
	}
	return false;
}

/*
 * `help` and `OBJECT help`: the commands of every table (or of one object),
 * from the entries the dispatcher runs.  Read-only, so anyone may ask.
 */
static int cmd_help(struct cmd_ctx *c, const char *object)
{
	if (object && !cmd_object_known(object))
		return cmd_err(c, "unknown command \"%s\", try \"xrouterctl help\"", object);
	print_begin(c->out, c->json);
	print_open_array(NULL);
	for (const struct cmd_table *t = cmd_tables; t; t = t->next) {
		for (unsigned i = 0; i < t->n; i++) {
			if (!object || !strcmp(t->defs[i].object, object))
				cmd_help_def(&t->defs[i]);
		}
	}
	print_close_array();
	print_end();
	return 0;
}

static bool cmd_is_help(int argc, char **argv)
{
	return (argc == 1 && !strcmp(argv[0], "help")) || (argc == 2 && !strcmp(argv[1], "help"));
}

/* The keyword a name follows, for an error in ip's words: `dev X`, `bridge X`, `link add X`. */
static const char *cmd_word_key(int i, char **argv)
{
	if (i >= 1 && (!strcmp(argv[i - 1], "dev") || !strcmp(argv[i - 1], "bridge")))
		return argv[i - 1];
	if (i == 2 && (!strcmp(argv[0], "link") || !strcmp(argv[0], "bridge")))
		return !strcmp(argv[0], "link") ? "name" : "bridge";
	return NULL;
}

/*
 * No command holds a word its line could not hold (names.h): such a word
 * could never be saved and replayed as itself, and no argument of the
 * grammar needs a control character, a space or '#'.
 */
static int cmd_words_check(struct cmd_ctx *c, int argc, char **argv)
{
	const char *key;
	char what[64];

	for (int i = 0; i < argc; i++) {
		if (name_word_valid(argv[i]))
			continue;
		key = cmd_word_key(i, argv);
		if (key)
			snprintf(what, sizeof(what), "\"%s\" not a valid ifname", key);
		else
			snprintf(what, sizeof(what), "holds a control character, a space or '#'");
		return cmd_inv_arg(c, argv[i], what);
	}
	return 0;
}

static size_t cmd_line_len(int argc, char **argv)
{
	size_t n = 0;

	for (int i = 0; i < argc; i++)
		n += strlen(argv[i]) + 1;
	return n;
}

/* The family word xrouterctl ships before the object: 1 if argv[0] is one. */
static int cmd_family(struct cmd_ctx *c, int argc, char **argv)
{
	c->af = AF_UNSPEC;
	if (argc < 1)
		return 0;
	if (!strcmp(argv[0], "-4"))
		c->af = AF_INET;
	else if (!strcmp(argv[0], "-6"))
		c->af = AF_INET6;
	return c->af != AF_UNSPEC;
}

int cmd_run(struct cmd_ctx *c, int argc, char **argv)
{
	const struct cmd_def *d;
	int used, err, fam = cmd_family(c, argc, argv);

	if (argc - fam < 1)
		return cmd_incomplete(c), 1;
	if (cmd_line_len(argc, argv) > CMD_LINE_MAX)
		return cmd_err(c, "line too long (more than %d characters)", CMD_LINE_MAX), 1;
	if (cmd_words_check(c, argc, argv))
		return 1;
	if (cmd_is_help(argc - fam, argv + fam))
		return cmd_help(c, argc - fam == 2 ? argv[fam] : NULL) ? 1 : 0;
	d = cmd_lookup(c, argc - fam, argv + fam, &used);
	if (!d)
		return 1;
	used += fam;
	if (!(d->flags & CMD_RO) && !c->may_write)
		return cmd_err(c, "permission denied: changing state needs root"), 1;
	print_begin(c->out, c->json);
	err = d->fn(c, argc - used, argv + used);
	print_end();
	if (err)
		return 1;
	if (!(d->flags & (CMD_RO | CMD_NOSAVE)) && cmd_changed)
		cmd_changed(argc, argv);
	return 0;
}

/*
 * A restarted daemon replays its saved state and adopted --config line by
 * line (c->idempotent) before its event loop runs.  Every so many lines,
 * answer what the fast path handed up meanwhile (ARP, pings to the router,
 * unresolved next hops), so hosts keep the router's MAC however long the
 * table.  Between two lines no change is half-applied.
 */
#define CMD_REPLAY_SERVE_EVERY	4096u

static void cmd_replay_serve(struct cmd_ctx *c)
{
	static unsigned n;

	if (c->idempotent && c->dp && ++n % CMD_REPLAY_SERVE_EVERY == 0)
		dp_handoff_consume(c->dp);
}

int cmd_run_line(struct cmd_ctx *c, char *line)
{
	char *argv[CMD_WORDS_MAX + 1];
	int argc;

	if (strlen(line) > CMD_LINE_MAX)
		return cmd_err(c, "line too long (more than %d characters)", CMD_LINE_MAX), 1;
	argc = name_line_split(line, argv, CMD_WORDS_MAX);
	if (argc < 0)
		return cmd_err(c, "too many words (more than %d)", CMD_WORDS_MAX), 1;
	if (!argc)
		return 0;
	argv[argc] = NULL;
	cmd_replay_serve(c);
	return cmd_run(c, argc, argv);
}
