/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Unit tests of the metrics writer and registry (metrics.c) and of
 * --metrics' address (metrics_http.c): names refused as the writer
 * promises, label values and help escaped, and every output read back by
 * a strict parser of the text format here (HELP and TYPE once per family,
 * before its samples, a family's samples together), giving back the
 * values written.  Prints "ok - ..." / "not ok - ..." per case and a count.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"
#include "metrics_http.h"
#include "check.h"

#define P_MAX		64	/* samples read back */
#define P_LABELS	4
#define P_TEXT		128

struct p_sample {
	char name[P_TEXT];
	unsigned nl;
	char lname[P_LABELS][P_TEXT], lval[P_LABELS][P_TEXT];
	unsigned long long v;
};

struct parsed {
	struct p_sample s[P_MAX];
	unsigned n;
	char help[8][P_TEXT], type[8][P_TEXT], fam[8][P_TEXT];
	unsigned nfam;
};

/* A quoted value or help text, unescaped to out; the end of it, or NULL. */
static const char *p_unescape(const char *s, char end, char *out)
{
	size_t k = 0;

	for (; *s && *s != end && *s != '\n'; s++) {
		if (k + 1 >= P_TEXT)
			return NULL;
		if (*s != '\\') {
			out[k++] = *s;
			continue;
		}
		s++;
		if (*s == 'n')
			out[k++] = '\n';
		else if (*s == '\\' || (*s == '"' && end == '"'))
			out[k++] = *s;
		else
			return NULL;	/* no other escape exists */
	}
	out[k] = '\0';
	return *s == end ? s : NULL;
}

/* name="value",...} of a sample; the char after '}', or NULL. */
static const char *p_labels(const char *s, struct p_sample *x)
{
	while (*s != '}') {
		size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_");

		if (!n || n >= P_TEXT || s[n] != '=' || s[n + 1] != '"' || x->nl == P_LABELS)
			return NULL;
		memcpy(x->lname[x->nl], s, n);
		x->lname[x->nl][n] = '\0';
		s = p_unescape(s + n + 2, '"', x->lval[x->nl++]);
		if (!s)
			return NULL;
		s++;
		if (*s == ',')
			s++;
		else if (*s != '}')
			return NULL;
	}
	return s + 1;
}

static int p_sample_line(struct parsed *p, const char *line)
{
	struct p_sample *x = &p->s[p->n];
	size_t n = strspn(line, "abcdefghijklmnopqrstuvwxyz0123456789_");
	char *end;

	if (p->n == P_MAX || !p->nfam || !n || n >= P_TEXT)
		return -1;
	memset(x, 0, sizeof(*x));
	memcpy(x->name, line, n);
	/* Only the open family's samples: HELP and TYPE came first, once. */
	if (strcmp(x->name, p->fam[p->nfam - 1]) || !p->type[p->nfam - 1][0])
		return -1;
	line += n;
	if (*line == '{' && !(line = p_labels(line + 1, x)))
		return -1;
	if (*line != ' ')
		return -1;
	x->v = strtoull(line + 1, &end, 10);
	if (*end != '\n' || end == line + 1)
		return -1;
	p->n++;
	return 0;
}

static int p_fam_seen(const struct parsed *p, const char *name)
{
	for (unsigned i = 0; i < p->nfam; i++)
		if (!strcmp(p->fam[i], name))
			return 1;
	return 0;
}

/* "# HELP name text" opens a family; "# TYPE name t" must follow it at once. */
static int p_comment(struct parsed *p, const char *line, int *want_type)
{
	size_t n;

	if (!strncmp(line, "# HELP ", 7)) {
		line += 7;
		n = strcspn(line, " ");
		if (*want_type || p->nfam == 8 || n >= P_TEXT || line[n] != ' ')
			return -1;
		memcpy(p->fam[p->nfam], line, n);
		p->fam[p->nfam][n] = '\0';
		if (p_fam_seen(p, p->fam[p->nfam]) || !p_unescape(line + n + 1, '\n', p->help[p->nfam]))
			return -1;
		p->type[p->nfam++][0] = '\0';
		*want_type = 1;
		return 0;
	}
	if (strncmp(line, "# TYPE ", 7) || !*want_type)
		return -1;
	line += 7;
	n = strlen(p->fam[p->nfam - 1]);
	if (strncmp(line, p->fam[p->nfam - 1], n) || line[n] != ' ')
		return -1;
	line += n + 1;
	if (strncmp(line, "counter\n", 8) && strncmp(line, "gauge\n", 6))
		return -1;
	snprintf(p->type[p->nfam - 1], P_TEXT, "%.*s", (int)strcspn(line, "\n"), line);
	*want_type = 0;
	return 0;
}

/* 0 if text is valid exposition format as this writer promises it. */
static int parse(const char *text, struct parsed *p)
{
	int want_type = 0;

	memset(p, 0, sizeof(*p));
	while (*text) {
		const char *nl = strchr(text, '\n');
		int err;

		if (!nl)
			return -1;	/* every line ends */
		err = *text == '#' ? p_comment(p, text, &want_type) : p_sample_line(p, text);
		if (err || (want_type && *text != '#'))
			return -1;
		text = nl + 1;
	}
	return want_type ? -1 : 0;
}

static const struct p_sample *p_find(const struct parsed *p, const char *name, const char *l0)
{
	for (unsigned i = 0; i < p->n; i++)
		if (!strcmp(p->s[i].name, name) && (!l0 || (p->s[i].nl && !strcmp(p->s[i].lval[0], l0))))
			return &p->s[i];
	return NULL;
}

/* ---- cases ---- */

static void test_names(void)
{
	static const struct { const char *name; enum metrics_type t; int ok; } cases[] = {
		{ "xrouter_routes", METRICS_GAUGE, 1 },
		{ "xrouter_drops_total", METRICS_COUNTER, 1 },
		{ "process_start_time_seconds", METRICS_GAUGE, 1 },
		{ "xrouter_", METRICS_GAUGE, 0 },
		{ "xrouter_Routes", METRICS_GAUGE, 0 },
		{ "xrouter_a-b", METRICS_GAUGE, 0 },
		{ "xrouter_a b", METRICS_GAUGE, 0 },
		{ "routes", METRICS_GAUGE, 0 },
		{ "node_load1", METRICS_GAUGE, 0 },
		{ "xrouter_drops", METRICS_COUNTER, 0 },	/* a counter says _total */
		{ "xrouter_drops_total", METRICS_GAUGE, 0 },	/* a gauge must not */
		{ "process_start_time_seconds", METRICS_COUNTER, 0 },
		{ "", METRICS_GAUGE, 0 },
		{ "xrouter_x", (enum metrics_type)7, 0 },
	};
	char longname[200];
	int all = 1;

	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int ok = !metrics_name_check(cases[i].name, cases[i].t);

		if (ok != cases[i].ok) {
			printf("# \"%s\": %s, want %s\n", cases[i].name, ok ? "taken" : "refused",
			       cases[i].ok ? "taken" : "refused");
			all = 0;
		}
	}
	report(all, "names: xrouter_[a-z0-9_]+, counters *_total, standard process_ names");
	memset(longname, 'a', sizeof(longname));
	memcpy(longname, "xrouter_", 8);
	longname[sizeof(longname) - 1] = '\0';
	report(metrics_name_check(longname, METRICS_GAUGE) == -EINVAL, "names: too long refused");
}

/* A bad family or label name drops those samples only; the rest reads back. */
static void test_refused(void)
{
	struct metrics *m = metrics_new();
	static struct parsed p;
	char *text;
	size_t len;
	int r1, r2, r3, r4, r5, r6;

	r1 = metrics_family(m, "xrouter_bad-name", METRICS_GAUGE, "x");
	r2 = metrics_sample(m, NULL, 0, 1);	/* no family open: dropped */
	r3 = metrics_family(m, "xrouter_ok", METRICS_GAUGE, "fine");
	r4 = metrics_sample(m, METRICS_L({ "__reserved", "x" }), 2);
	r5 = metrics_sample(m, METRICS_L({ "1abc", "x" }, { "dev", "y" }), 3);
	r6 = metrics_sample(m, METRICS_L({ "dev", "eth0" }), 4);
	report(r1 == -EINVAL && r2 == -EINVAL && r3 == 0 && r4 == -EINVAL && r5 == -EINVAL &&
	       r6 == 0, "refused: bad family, no family, reserved and bad label names");
	report(metrics_family(m, "xrouter_ok", METRICS_COUNTER, "x") == -EINVAL &&
	       metrics_sample(m, NULL, 0, 5) == -EINVAL, "refused: a family's type cannot change");
	text = metrics_finish(m, &len);
	report(text && len == strlen(text) && !parse(text, &p) && p.nfam == 1 && p.n == 1 &&
	       p.s[0].v == 4 && !strcmp(p.s[0].lval[0], "eth0"),
	       "refused: only the good sample written, output parses");
	free(text);
}

static void test_escaping(void)
{
	const char *nasty = "a\\b\"c\nd}e,f=g";
	struct metrics *m = metrics_new();
	static struct parsed p;
	const struct p_sample *s;
	char *text;
	size_t len;

	metrics_family(m, "xrouter_esc", METRICS_GAUGE, "help with \\ and\nnewline \"quoted\"");
	metrics_sample(m, METRICS_L({ "dev", nasty }, { "x", "" }), 7);
	metrics_sample(m, METRICS_L({ "dev", "caf\xc3\xa9" }), 8);	/* UTF-8 stays */
	metrics_sample(m, METRICS_L({ "dev", "bad\xff\xc3" }), 9);	/* not UTF-8 */
	metrics_sample(m, METRICS_L({ "dev", "\xed\xa0\x80" }), 10);	/* a surrogate */
	text = metrics_finish(m, &len);
	report(text && !parse(text, &p), "escaping: output parses");
	if (!text)
		return;
	report(!strcmp(p.help[0], "help with \\ and\nnewline \"quoted\""),
	       "escaping: help's backslash and newline read back");
	s = p_find(&p, "xrouter_esc", nasty);
	report(s && s->v == 7 && s->nl == 2 && !strcmp(s->lval[1], ""),
	       "escaping: label value with \\ \" newline } , = reads back");
	report(p_find(&p, "xrouter_esc", "caf\xc3\xa9") != NULL, "escaping: UTF-8 kept as is");
	report(p_find(&p, "xrouter_esc", "bad\xef\xbf\xbd\xef\xbf\xbd") &&
	       p_find(&p, "xrouter_esc", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"),
	       "escaping: bytes that are not UTF-8 become U+FFFD");
	free(text);
}

/* Two collectors adding to one family, interleaved: one HELP/TYPE, together, sorted. */
static void collect_a(struct metrics *m, struct router *r)
{
	(void)r;
	metrics_family(m, "xrouter_z_total", METRICS_COUNTER, "z");
	metrics_sample(m, METRICS_L({ "family", "inet" }), 1);
	metrics_family(m, "xrouter_shared", METRICS_GAUGE, "shared");
	metrics_sample(m, METRICS_L({ "family", "inet" }), 2);
}

static void collect_b(struct metrics *m, struct router *r)
{
	(void)r;
	/* Its samples must not land in the family a left open. */
	metrics_sample(m, METRICS_L({ "family", "leak" }), 99);
	metrics_family(m, "xrouter_shared", METRICS_GAUGE, "shared");
	metrics_sample(m, METRICS_L({ "family", "inet6" }), 3);
	metrics_family(m, "xrouter_a", METRICS_GAUGE, "a");
	metrics_sample(m, NULL, 0, UINT64_MAX);
}

static struct metrics_collector coll_a = { "a", collect_a, NULL };
static struct metrics_collector coll_b = { "b", collect_b, NULL };

static void test_registry(void)
{
	static struct parsed p;
	const struct p_sample *s;
	char *text;
	size_t len;

	metrics_register(&coll_a);
	metrics_register(&coll_b);
	text = metrics_collect(NULL, &len);
	report(text && !parse(text, &p), "registry: two collectors' output parses");
	if (!text)
		return;
	report(p.nfam == 3 && !strcmp(p.fam[0], "xrouter_a") && !strcmp(p.fam[1], "xrouter_shared") &&
	       !strcmp(p.fam[2], "xrouter_z_total") && !strcmp(p.type[2], "counter"),
	       "registry: families once each, sorted by name");
	s = p_find(&p, "xrouter_a", NULL);
	report(s && s->v == UINT64_MAX && s->nl == 0, "registry: no labels, the largest value");
	report(p_find(&p, "xrouter_shared", "inet") && p_find(&p, "xrouter_shared", "inet6") &&
	       !p_find(&p, "xrouter_shared", "leak") && !p_find(&p, "xrouter_z_total", "leak"),
	       "registry: a family shared by two collectors; no sample leaks into another's");
	free(text);
}

static void test_listen_addr(void)
{
	static const struct { const char *s; int af; const char *addr; unsigned port; } ok[] = {
		{ "127.0.0.1:9417", AF_INET, "127.0.0.1", 9417 },
		{ "0.0.0.0:1", AF_INET, "0.0.0.0", 1 },
		{ "[::1]:65535", AF_INET6, "::1", 65535 },
		{ "[2001:db8::5]:80", AF_INET6, "2001:db8::5", 80 },
		{ ":9417", AF_INET6, "::", 9417 },
	};
	static const char *const bad[] = {
		"9417", "127.0.0.1", "127.0.0.1:", "127.0.0.1:0", "127.0.0.1:65536",
		"127.0.0.1:+80", "127.0.0.1:8a", "127.0.0.1:123456", "::1:80", "[::1]80", "[::1",
		"[127.0.0.1]:80", "localhost:80", ":", "", "1.2.3:80", "[]:80", ": 80",
	};
	struct sockaddr_storage ss;
	socklen_t len;
	int all = 1;

	for (unsigned i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		char buf[INET6_ADDRSTRLEN] = "";
		unsigned port = 0;
		int rc = metrics_http_parse(ok[i].s, &ss, &len);

		if (!rc && ss.ss_family == AF_INET) {
			inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, buf, sizeof(buf));
			port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
		} else if (!rc) {
			inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, buf, sizeof(buf));
			port = ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
		}
		if (rc || ss.ss_family != ok[i].af || strcmp(buf, ok[i].addr) || port != ok[i].port) {
			printf("# \"%s\": rc %d, %s port %u\n", ok[i].s, rc, buf, port);
			all = 0;
		}
	}
	report(all, "--metrics: ADDR:PORT, [ADDR]:PORT, :PORT");
	all = 1;
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (metrics_http_parse(bad[i], &ss, &len) != -EINVAL) {
			printf("# \"%s\" taken\n", bad[i]);
			all = 0;
		}
	}
	report(all, "--metrics: malformed addresses and ports refused");
}

int main(void)
{
	test_names();
	test_refused();
	test_escaping();
	test_registry();
	test_listen_addr();
	return report_done();
}
