// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * daemon/cmd.c: the argument parsers' and the dispatcher's error lines,
 * compared whole, and `help` printed from a table this test registers (no
 * module is linked in: the daemon archive's dispatcher sees only it).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cmd.h"

/* What the test table's handlers saw. */
static int calls, changes, last_af, changed_argc;
static char last[64];

static int t_set(struct cmd_ctx *c, int argc, char **argv)
{
	calls++;
	last_af = c->af;
	if (argc < 1)
		return cmd_incomplete(c);
	snprintf(last, sizeof(last), "%s", argv[0]);
	return 0;
}

static int t_show(struct cmd_ctx *c, int argc, char **argv)
{
	(void)argv;
	calls++;
	fprintf(c->out, "%d things\n", argc);
	return 0;
}

static int t_fail(struct cmd_ctx *c, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	calls++;
	return cmd_err(c, "no such thing");
}

static const struct cmd_def t_cmds[] = {
	{ "thing", "set", t_set, 0, "NAME [ size NUMBER ]", "set a thing" },
	{ "thing", "show", t_show, CMD_RO, "", "list the things" },
	{ "thing", "break", t_fail, 0, NULL, NULL },
	{ "widgets", NULL, t_show, CMD_RO, "[ dev DEV ]\nall", "count the widgets" },
};
XR_COMMANDS(t_cmds)

static void t_changed(int argc, char **argv)
{
	(void)argv;
	changes++;
	changed_argc = argc;
}

/* One command's whole output and error text. */
struct run {
	struct cmd_ctx c;
	char *out, *err;
	size_t out_len, err_len;
	int ret;
};

static void run_open(struct run *r, bool may_write, bool json)
{
	memset(r, 0, sizeof(*r));
	r->c.out = open_memstream(&r->out, &r->out_len);
	r->c.err = open_memstream(&r->err, &r->err_len);
	r->c.may_write = may_write;
	r->c.json = json;
}

static void run_close(struct run *r)
{
	fclose(r->c.out);
	fclose(r->c.err);
}

static void run_free(struct run *r)
{
	free(r->out);
	free(r->err);
}

/* Run words (a copy of line split by cmd_run_line) and check both streams whole. */
static void check_line(const char *line, bool may_write, int ret, const char *out,
		       const char *err)
{
	char *copy = strdup(line), d[256];
	struct run r;

	run_open(&r, may_write, false);
	r.ret = cmd_run_line(&r.c, copy);
	run_close(&r);
	snprintf(d, sizeof(d), "\"%.60s\"%s: exit %d, stdout and stderr as expected", line,
		 may_write ? "" : " (not root)", ret);
	report(r.ret == ret && !strcmp(r.out, out) && !strcmp(r.err, err), d);
	if (r.ret != ret || strcmp(r.out, out) || strcmp(r.err, err))
		fprintf(stderr, "  got %d, stdout \"%s\", stderr \"%s\"\n", r.ret, r.out, r.err);
	run_free(&r);
	free(copy);
}

/* A parser's call: its return and its whole error text. */
#define CHECK_PARSE(call, want_ret, want_err, desc) do {			\
	struct run r_;								\
	struct cmd_ctx *c = &r_.c;						\
	run_open(&r_, true, false);						\
	r_.ret = (call);							\
	run_close(&r_);								\
	report(r_.ret == (want_ret) && !strcmp(r_.err, want_err), desc);	\
	if (r_.ret != (want_ret) || strcmp(r_.err, want_err))			\
		fprintf(stderr, "  got %d, \"%s\"\n", r_.ret, r_.err);		\
	run_free(&r_);								\
} while (0)

static void test_error_helpers(void)
{
	CHECK_PARSE(cmd_err(c, "thing %d is %s", 7, "odd"), -1, "Error: thing 7 is odd\n",
		    "cmd_err: \"Error: \", the message, one newline");
	CHECK_PARSE(cmd_inv_arg(c, "x\ny\"z", "invalid address"), -1,
		    "Error: argument \"x\\ny\\\"z\" is wrong: invalid address\n",
		    "cmd_inv_arg quotes the word onto one line");
	CHECK_PARSE(cmd_garbage(c, "dev", "eth1"), -1,
		    "Error: either \"dev\" is duplicate, or \"eth1\" is a garbage.\n",
		    "cmd_garbage in ip's words");
	CHECK_PARSE(cmd_incomplete(c), -1, "Error: command line is not complete.\n",
		    "cmd_incomplete in ip's words");
}

static void test_parsers(void)
{
	uint32_t v = 0;
	uint8_t mac[6];
	struct xr_prefix p;
	struct xr_ip a;

	CHECK_PARSE(cmd_parse_ip(c, "10.1.2.3", &v), 0, "", "cmd_parse_ip takes a dotted quad");
	report(v == HOST4(10, 1, 2, 3), "... in host order");
	CHECK_PARSE(cmd_parse_ip(c, "10.1", &v), -1,
		    "Error: argument \"10.1\" is wrong: invalid address\n",
		    "cmd_parse_ip refuses \"10.1\"");
	CHECK_PARSE(cmd_parse_ip(c, "010.1.2.3", &v), -1,
		    "Error: argument \"010.1.2.3\" is wrong: invalid address\n",
		    "cmd_parse_ip refuses octal-looking \"010.1.2.3\"");
	CHECK_PARSE(cmd_parse_prefix(c, "10.8.0.0/16", AF_INET, &p), 0, "",
		    "cmd_parse_prefix takes 10.8.0.0/16");
	report(p.addr.af == AF_INET && p.addr.v4 == htonl(HOST4(10, 8, 0, 0)) && p.len == 16,
	       "... as 10.8.0.0 and 16");
	CHECK_PARSE(cmd_parse_prefix(c, "default", AF_INET, &p), 0, "", "cmd_parse_prefix takes default");
	report(p.addr.af == AF_INET && p.addr.v4 == 0 && p.len == 0, "... as 0.0.0.0/0");
	CHECK_PARSE(cmd_parse_prefix(c, "10.0.0.0/33", AF_INET, &p), -1,
		    "Error: argument \"10.0.0.0/33\" is wrong: invalid prefix\n",
		    "cmd_parse_prefix refuses /33");
	CHECK_PARSE(cmd_parse_prefix(c, "10.0.0.0/", AF_INET, &p), -1,
		    "Error: argument \"10.0.0.0/\" is wrong: invalid prefix\n",
		    "cmd_parse_prefix refuses an empty length");
	CHECK_PARSE(cmd_parse_prefix(c, "10.0.0.1/24", AF_INET, &p), -1,
		    "Error: Invalid prefix for given prefix length.\n",
		    "cmd_parse_prefix refuses host bits, in ip's words");
	CHECK_PARSE(cmd_parse_mac(c, "02:00:00:00:00:0a", mac), 0, "", "cmd_parse_mac takes a MAC");
	report(mac[0] == 2 && mac[5] == 10, "... byte by byte");
	CHECK_PARSE(cmd_parse_mac(c, "2:0:0:0:0:1", mac), -1,
		    "Error: argument \"2:0:0:0:0:1\" is wrong: invalid lladdr\n",
		    "cmd_parse_mac refuses single-digit bytes");
	CHECK_PARSE(cmd_parse_mac(c, "02-00-00-00-00-0a", mac), -1,
		    "Error: argument \"02-00-00-00-00-0a\" is wrong: invalid lladdr\n",
		    "cmd_parse_mac refuses '-' separators");
	CHECK_PARSE(cmd_parse_u32(c, "metric", "4294967295", &v), 0, "",
		    "cmd_parse_u32 takes 4294967295");
	report(v == UINT32_MAX, "... as UINT32_MAX");
	CHECK_PARSE(cmd_parse_u32(c, "metric", "4294967296", &v), -1,
		    "Error: argument \"4294967296\" is wrong: \"metric\" value is invalid\n",
		    "cmd_parse_u32 refuses 2^32");
	CHECK_PARSE(cmd_parse_u32(c, "ageing", "-1", &v), -1,
		    "Error: argument \"-1\" is wrong: \"ageing\" value is invalid\n",
		    "cmd_parse_u32 refuses a sign");
	CHECK_PARSE(cmd_parse_u32(c, "metric", "12x", &v), -1,
		    "Error: argument \"12x\" is wrong: \"metric\" value is invalid\n",
		    "cmd_parse_u32 refuses trailing garbage");
	CHECK_PARSE(cmd_parse_ifname(c, "dev", "eth0"), 0, "", "cmd_parse_ifname takes eth0");
	CHECK_PARSE(cmd_parse_ifname(c, "dev", "a/b"), -1,
		    "Error: argument \"a/b\" is wrong: \"dev\" not a valid ifname\n",
		    "cmd_parse_ifname refuses '/'");
	CHECK_PARSE(cmd_parse_ifname(c, "bridge", "sixteen-chars-xx"), -1,
		    "Error: argument \"sixteen-chars-xx\" is wrong: \"bridge\" not a valid ifname\n",
		    "cmd_parse_ifname refuses 16 bytes, naming its key");
	CHECK_PARSE(cmd_parse_addr(c, "192.0.2.1", AF_INET, &a), 0, "",
		    "cmd_parse_addr takes an IPv4 address");
	report(a.af == AF_INET && a.v4 == htonl(HOST4(192, 0, 2, 1)), "... in network order");
	CHECK_PARSE(cmd_parse_addr(c, "192.0.2", AF_INET, &a), -1,
		    "Error: argument \"192.0.2\" is wrong: invalid address\n",
		    "cmd_parse_addr refuses \"192.0.2\"");
	CHECK_PARSE(cmd_parse_addr(c, "2001:db8::1", AF_UNSPEC, &a), 0, "",
		    "cmd_parse_addr of either family takes 2001:db8::1");
	report(a.af == AF_INET6 && a.b[0] == 0x20 && a.b[15] == 1, "... as IPv6");
}

static void test_dispatch(void)
{
	char line[CMD_LINE_MAX + 2];
	int n;

	cmd_on_change(t_changed);
	calls = changes = 0;
	check_line("thing set a1", true, 0, "", "");
	report(calls == 1 && changes == 1 && !strcmp(last, "a1"),
	       "a write command runs its handler once and reaches the journal hook");
	check_line("thing", true, 0, "0 things\n", "");
	report(changes == 1, "an object alone runs show, which the journal hook never sees");
	check_line("widgets dev x", false, 0, "2 things\n", "");
	check_line("thing break", true, 1, "", "Error: no such thing\n");
	report(changes == 1, "a refused command never reaches the journal hook");
	check_line("   # a comment", true, 0, "", "");
	check_line("nosuch", true, 1, "", "Error: unknown command \"nosuch\", try \"xrouterctl help\"\n");
	check_line("thing frob", true, 1, "",
		   "Error: unknown command \"frob\", try \"xrouterctl thing help\"\n");
	calls = 0;
	check_line("thing set a2", false, 1, "",
		   "Error: permission denied: changing state needs root\n");
	report(calls == 0 && changes == 1, "permission denied: the handler never ran");
	check_line("thing show", false, 0, "0 things\n", "");
	check_line("thing set a\001b", true, 1, "",
		   "Error: argument \"a\\x01b\" is wrong: holds a control character, a space or '#'\n");
	check_line("thing set dev x\033", true, 1, "",
		   "Error: argument \"x\\x1b\" is wrong: \"dev\" not a valid ifname\n");
	memset(line, 'a', CMD_LINE_MAX + 1);
	line[CMD_LINE_MAX + 1] = '\0';
	check_line(line, true, 1, "", "Error: line too long (more than 4096 characters)\n");
	n = 0;
	for (int i = 0; i <= CMD_WORDS_MAX; i++)
		n += snprintf(line + n, sizeof(line) - n, "w ");
	check_line(line, true, 1, "", "Error: too many words (more than 64)\n");
	{
		char *argv[] = { NULL };
		struct run r;

		run_open(&r, true, false);
		r.ret = cmd_run(&r.c, 0, argv);
		run_close(&r);
		report(r.ret == 1 && !strcmp(r.err, "Error: command line is not complete.\n"),
		       "no words: the command line is not complete");
		run_free(&r);
	}
	cmd_on_change(NULL);
}

static void test_help(void)
{
	static const char all[] =
		"thing set NAME [ size NUMBER ]                set a thing\n"
		"thing show                                    list the things\n"
		"thing break\n"
		"widgets [ dev DEV ]                           count the widgets\n"
		"widgets all\n";
	static const char thing[] =
		"thing set NAME [ size NUMBER ]                set a thing\n"
		"thing show                                    list the things\n"
		"thing break\n";
	struct run r;
	char help[] = "help";

	check_line("help", true, 0, all, "");
	check_line("help", false, 0, all, "");
	check_line("thing help", false, 0, thing, "");
	check_line("nosuch help", true, 1, "",
		   "Error: unknown command \"nosuch\", try \"xrouterctl help\"\n");
	check_line("thing set help", true, 0, "", "");
	report(!strcmp(last, "help"), "\"help\" after a verb is the handler's argument");
	run_open(&r, false, true);
	r.ret = cmd_run(&r.c, 1, (char *[]){ help, NULL });
	run_close(&r);
	report(r.ret == 0 && !strcmp(r.out,
		"[{\"object\":\"thing\",\"verb\":\"set\",\"args\":[\"NAME [ size NUMBER ]\"],"
		"\"help\":\"set a thing\"},"
		"{\"object\":\"thing\",\"verb\":\"show\",\"args\":[\"\"],\"help\":\"list the things\"},"
		"{\"object\":\"thing\",\"verb\":\"break\",\"args\":[\"\"]},"
		"{\"object\":\"widgets\",\"args\":[\"[ dev DEV ]\",\"all\"],"
		"\"help\":\"count the widgets\"}]\n"), "-j help: one object per command");
	if (r.ret)
		fprintf(stderr, "  got \"%s\"\n", r.out);
	run_free(&r);
}

/* `-4` / `-6` before the object: the handler's family; the journal keeps the word. */
static void test_family(void)
{
	cmd_on_change(t_changed);
	check_line("-6 thing set a6", true, 0, "", "");
	report(last_af == AF_INET6 && !strcmp(last, "a6") && changed_argc == 4,
	       "-6: the handler sees AF_INET6, the journal all four words");
	check_line("-4 thing set a4", true, 0, "", "");
	report(last_af == AF_INET, "-4: AF_INET");
	check_line("thing set a0", true, 0, "", "");
	report(last_af == AF_UNSPEC, "no flag: AF_UNSPEC, whatever the line before said");
	check_line("-6", true, 1, "", "Error: command line is not complete.\n");
	check_line("-6 thing show", false, 0, "0 things\n", "");
	check_line("-6 thing help", false, 0,
		   "thing set NAME [ size NUMBER ]                set a thing\n"
		   "thing show                                    list the things\n"
		   "thing break\n", "");
	check_line("-5 thing show", true, 1, "",
		   "Error: unknown command \"-5\", try \"xrouterctl help\"\n");
	cmd_on_change(NULL);
}

int main(void)
{
	test_error_helpers();
	test_parsers();
	test_dispatch();
	test_help();
	test_family();
	return report_done();
}
