// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * daemon/cmd.c: two-word verbs (`bridge vlan add ...`, iproute2's grammar)
 * found by both words, their arguments after them, `help` printing them
 * whole, and a one-word verb of the same object still found.  A table of
 * its own, apart from cmd_test.c's, whose help output it would change.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cmd.h"

static char seen[128];

static int t_record(struct cmd_ctx *c, int argc, char **argv)
{
	size_t n = 0;

	(void)c;
	seen[0] = 0;
	for (int i = 0; i < argc; i++)
		n += snprintf(seen + n, sizeof(seen) - n, "%s%s", i ? " " : "", argv[i]);
	return 0;
}

static const struct cmd_def t_cmds[] = {
	{ "box", "set", t_record, 0, "NAME", "set a box" },
	{ "box", "vlan add", t_record, 0, "dev DEV vid VID", "a box's VLAN" },
	{ "box", "vlan show", t_record, CMD_RO, "", "the boxes' VLANs" },
};
XR_COMMANDS(t_cmds)

/* Run a line; its exit, and stderr as one string (caller frees). */
static int run(const char *line, bool may_write, char **err)
{
	char *copy = strdup(line), *out;
	size_t out_len, err_len;
	struct cmd_ctx c = { .may_write = may_write };
	int ret;

	c.out = open_memstream(&out, &out_len);
	c.err = open_memstream(err, &err_len);
	ret = cmd_run_line(&c, copy);
	fclose(c.out);
	fclose(c.err);
	free(out);
	free(copy);
	return ret;
}

static void check(const char *line, bool may_write, int want, const char *want_seen,
		  const char *want_err, const char *desc)
{
	char *err;
	int ret;

	seen[0] = 0;
	ret = run(line, may_write, &err);
	report(ret == want && !strcmp(seen, want_seen) && !strcmp(err, want_err), desc);
	if (ret != want || strcmp(seen, want_seen) || strcmp(err, want_err))
		fprintf(stderr, "  got %d, args \"%s\", stderr \"%s\"\n", ret, seen, err);
	free(err);
}

int main(void)
{
	check("box vlan add dev p1 vid 10", true, 0, "dev p1 vid 10", "",
	      "a two-word verb: both words taken, the arguments after them");
	check("box set b1", true, 0, "b1", "", "a one-word verb of the same object");
	check("box vlan show", false, 0, "", "", "a read-only two-word verb needs no root");
	check("box vlan add dev p1 vid 10", false, 1, "",
	      "Error: permission denied: changing state needs root\n",
	      "a writing two-word verb needs root");
	check("box vlan", true, 1, "",
	      "Error: unknown command \"vlan\", try \"xrouterctl box help\"\n",
	      "the first word alone is no command");
	check("box vlan frob", true, 1, "",
	      "Error: unknown command \"vlan\", try \"xrouterctl box help\"\n",
	      "an unknown second word is no command");
	check("box vlanadd", true, 1, "",
	      "Error: unknown command \"vlanadd\", try \"xrouterctl box help\"\n",
	      "a verb is matched word by word, not as a prefix");
	return report_done();
}
