// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The metrics registry and its writer (metrics.h): each family's samples
 * are gathered in a buffer of their own, so collectors may add to a family
 * in any order, and the text is assembled once every collector ran.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"

#define METRICS_NAME_MAX	96	/* longer names are refused */

struct mbuf {
	char *p;
	size_t len, cap;
};

struct metrics_fam {
	char name[METRICS_NAME_MAX];
	enum metrics_type type;
	char *help;
	struct mbuf body;
};

struct metrics {
	struct metrics_fam *fams;
	unsigned n, cap;
	int cur;		/* open family, -1: none (or dropped) */
	int err;		/* -ENOMEM once anything was lost to memory */
};

static struct metrics_collector *collectors;

/* Standard names outside our prefix, as Prometheus' client libraries export them. */
static const struct {
	const char *name;
	enum metrics_type type;
} metrics_std_names[] = {
	{ "process_start_time_seconds", METRICS_GAUGE },
};

/* ---- growing text ---- */

static int mbuf_reserve(struct mbuf *b, size_t more)
{
	size_t cap = b->cap ? b->cap : 256;
	char *p;

	if (b->len + more + 1 <= b->cap)
		return 0;
	while (cap < b->len + more + 1)
		cap *= 2;
	p = realloc(b->p, cap);
	if (!p)
		return -ENOMEM;
	b->p = p;
	b->cap = cap;
	return 0;
}

static int mbuf_put(struct mbuf *b, const char *s, size_t n)
{
	if (mbuf_reserve(b, n))
		return -ENOMEM;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

static int mbuf_puts(struct mbuf *b, const char *s)
{
	return mbuf_put(b, s, strlen(s));
}

/* Bytes in the valid UTF-8 sequence at s, 0 if it is not one (RFC 3629). */
static size_t utf8_len(const unsigned char *s)
{
	size_t n = s[0] < 0x80 ? 1 : s[0] >= 0xc2 && s[0] < 0xe0 ? 2 :
		   s[0] >= 0xe0 && s[0] < 0xf0 ? 3 : s[0] >= 0xf0 && s[0] < 0xf5 ? 4 : 0;

	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	/* Overlong forms, surrogates and past U+10FFFF. */
	if ((n == 3 && s[0] == 0xe0 && s[1] < 0xa0) || (n == 3 && s[0] == 0xed && s[1] >= 0xa0) ||
	    (n == 4 && s[0] == 0xf0 && s[1] < 0x90) || (n == 4 && s[0] == 0xf4 && s[1] >= 0x90))
		return 0;
	return n;
}

/*
 * s with the exposition format's escapes: \\ and \n, and \" in label
 * values.  The format is UTF-8, and an interface name may hold any byte:
 * what is not UTF-8 becomes U+FFFD rather than an unparseable scrape.
 */
static int mbuf_escaped(struct mbuf *b, const char *s, int quote)
{
	const unsigned char *u = (const unsigned char *)s;

	while (*u) {
		const char *e = *u == '\\' ? "\\\\" : *u == '\n' ? "\\n" :
				(*u == '"' && quote) ? "\\\"" : NULL;
		size_t n = e ? 1 : utf8_len(u);
		int err = e ? mbuf_puts(b, e) : n ? mbuf_put(b, (const char *)u, n) :
			  mbuf_puts(b, "\xef\xbf\xbd");

		if (err)
			return err;
		u += n ? n : 1;
	}
	return 0;
}

/* ---- names ---- */

static int name_chars_ok(const char *s, size_t from)
{
	size_t i;

	for (i = from; s[i]; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return 0;
	return i > from && i < METRICS_NAME_MAX;
}

/* 1: a standard name of that type, -1: of another, 0: not one. */
static int name_is_std(const char *name, enum metrics_type type)
{
	for (size_t i = 0; i < sizeof(metrics_std_names) / sizeof(metrics_std_names[0]); i++)
		if (!strcmp(name, metrics_std_names[i].name))
			return metrics_std_names[i].type == type ? 1 : -1;
	return 0;
}

static int has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcmp(s + n - k, suffix);
}

int metrics_name_check(const char *name, enum metrics_type type)
{
	if (type != METRICS_COUNTER && type != METRICS_GAUGE)
		return -EINVAL;
	if (name_is_std(name, type))
		return name_is_std(name, type) > 0 ? 0 : -EINVAL;
	if (strncmp(name, "xrouter_", 8) || !name_chars_ok(name, 8))
		return -EINVAL;
	/* A counter's name says so; a gauge's must not look like one. */
	if ((type == METRICS_COUNTER) != has_suffix(name, "_total"))
		return -EINVAL;
	return 0;
}

static int label_name_ok(const char *s)
{
	if (!s || !*s || (*s >= '0' && *s <= '9') || !strncmp(s, "__", 2))
		return 0;
	return name_chars_ok(s, 0);
}

/* ---- the writer ---- */

struct metrics *metrics_new(void)
{
	struct metrics *m = calloc(1, sizeof(*m));

	if (m)
		m->cur = -1;
	return m;
}

void metrics_free(struct metrics *m)
{
	if (!m)
		return;
	for (unsigned i = 0; i < m->n; i++) {
		free(m->fams[i].help);
		free(m->fams[i].body.p);
	}
	free(m->fams);
	free(m);
}

static int fam_find(const struct metrics *m, const char *name)
{
	for (unsigned i = 0; i < m->n; i++)
		if (!strcmp(m->fams[i].name, name))
			return (int)i;
	return -1;
}

static int fam_add(struct metrics *m, const char *name, enum metrics_type type,
		   const char *help)
{
	struct metrics_fam *f;

	if (m->n == m->cap) {
		unsigned cap = m->cap ? m->cap * 2 : 16;

		f = realloc(m->fams, cap * sizeof(*f));
		if (!f)
			return -ENOMEM;
		m->fams = f;
		m->cap = cap;
	}
	f = &m->fams[m->n];
	*f = (struct metrics_fam){ .type = type, .help = strdup(help ? help : "") };
	if (!f->help)
		return -ENOMEM;
	snprintf(f->name, sizeof(f->name), "%s", name);
	return (int)m->n++;
}

int metrics_family(struct metrics *m, const char *name, enum metrics_type type,
		   const char *help)
{
	int i;

	m->cur = -1;
	if (!name || metrics_name_check(name, type))
		return -EINVAL;
	i = fam_find(m, name);
	if (i >= 0 && m->fams[i].type != type)
		return -EINVAL;
	if (i < 0)
		i = fam_add(m, name, type, help);
	if (i < 0)
		return m->err = i;
	m->cur = i;
	return 0;
}

static int sample_write(struct mbuf *b, const char *name, const struct metrics_label *l,
			unsigned n, uint64_t value)
{
	char num[32];
	int err = mbuf_puts(b, name);

	for (unsigned i = 0; i < n && !err; i++) {
		err = mbuf_puts(b, i ? "," : "{");
		err = err ? err : mbuf_puts(b, l[i].name);
		err = err ? err : mbuf_puts(b, "=\"");
		err = err ? err : mbuf_escaped(b, l[i].value ? l[i].value : "", 1);
		err = err ? err : mbuf_puts(b, "\"");
	}
	if (n && !err)
		err = mbuf_puts(b, "}");
	snprintf(num, sizeof(num), " %" PRIu64 "\n", value);
	return err ? err : mbuf_puts(b, num);
}

int metrics_sample(struct metrics *m, const struct metrics_label *labels, unsigned n,
		   uint64_t value)
{
	struct metrics_fam *f;
	size_t keep;
	int err;

	if (m->cur < 0)
		return -EINVAL;
	for (unsigned i = 0; i < n; i++)
		if (!label_name_ok(labels[i].name))
			return -EINVAL;
	f = &m->fams[m->cur];
	keep = f->body.len;
	err = sample_write(&f->body, f->name, labels, n, value);
	if (err && f->body.p) {
		/* No half line: the scrape stays parseable. */
		f->body.len = keep;
		f->body.p[keep] = '\0';
	}
	if (err)
		m->err = err;
	return err;
}

static int fam_cmp(const void *a, const void *b)
{
	return strcmp(((const struct metrics_fam *)a)->name, ((const struct metrics_fam *)b)->name);
}

static int fam_write(struct mbuf *out, const struct metrics_fam *f)
{
	int err = mbuf_puts(out, "# HELP ");

	err = err ? err : mbuf_puts(out, f->name);
	err = err ? err : mbuf_puts(out, " ");
	err = err ? err : mbuf_escaped(out, f->help, 0);
	err = err ? err : mbuf_puts(out, "\n# TYPE ");
	err = err ? err : mbuf_puts(out, f->name);
	err = err ? err : mbuf_puts(out, f->type == METRICS_COUNTER ? " counter\n" : " gauge\n");
	return err ? err : mbuf_put(out, f->body.p ? f->body.p : "", f->body.len);
}

char *metrics_finish(struct metrics *m, size_t *len)
{
	struct mbuf out = {};
	int err = m->err;

	if (m->n)
		qsort(m->fams, m->n, sizeof(*m->fams), fam_cmp);
	for (unsigned i = 0; i < m->n && !err; i++)
		err = fam_write(&out, &m->fams[i]);
	err = err ? err : mbuf_reserve(&out, 0);
	metrics_free(m);
	if (err) {
		free(out.p);
		return NULL;
	}
	out.p[out.len] = '\0';
	*len = out.len;
	return out.p;
}

/* ---- the registry ---- */

void metrics_register(struct metrics_collector *c)
{
	c->next = collectors;
	collectors = c;
}

char *metrics_collect(struct router *r, size_t *len)
{
	struct metrics *m = metrics_new();

	if (!m)
		return NULL;
	for (struct metrics_collector *c = collectors; c; c = c->next) {
		c->collect(m, r);
		m->cur = -1;	/* a family is never left open for the next one */
	}
	return metrics_finish(m, len);
}
