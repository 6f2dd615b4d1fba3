/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The metrics registry: how modules publish numbers for Prometheus
 * without the daemon knowing them.  A module registers a collector from a
 * constructor (XR_METRICS), as it registers its commands; a scrape
 * (metrics_collect(), served by metrics_http.c) runs every collector over
 * one writer, which emits the text exposition format 0.0.4.
 *
 * The writer keeps the format's rules so collectors cannot break them:
 * HELP and TYPE once per family, a family's samples together even when
 * several collectors add to it (ip4 and ip6 both count routes), names
 * checked (`xrouter_[a-z0-9_]+`, counters ending `_total`), label values
 * escaped.  A collector's mistake drops its samples, not the scrape.
 */
#ifndef XR_METRICS_H
#define XR_METRICS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

struct router;
struct metrics;

enum metrics_type {
	METRICS_COUNTER,
	METRICS_GAUGE,
};

struct metrics_label {
	const char *name;	/* [a-z_][a-z0-9_]*, not beginning "__" */
	const char *value;	/* any text: escaped on the way out */
};

/* Labels written in place: metrics_sample(m, METRICS_L({ "dev", name }), v). */
#define METRICS_L(...)							\
	(const struct metrics_label[]){ __VA_ARGS__ },			\
	(unsigned)(sizeof((const struct metrics_label[]){ __VA_ARGS__ }) /	\
		   sizeof(struct metrics_label))

/*
 * Open a family; the samples that follow belong to it.  Opening one that
 * is already there (same type) adds to it.  0, or -EINVAL for a bad name,
 * a counter not named *_total, or a type other than the family's first:
 * the samples until the next family are then dropped.
 */
int metrics_family(struct metrics *m, const char *name, enum metrics_type type,
		   const char *help);
/* One sample of the open family: 0, -EINVAL (bad label name, no family) or -ENOMEM. */
int metrics_sample(struct metrics *m, const struct metrics_label *labels, unsigned n,
		   uint64_t value);

/* An address family as label value: iproute2's words, as `addr show -j` prints them. */
static inline const char *metrics_af_label(int af)
{
	return af == AF_INET ? "inet" : af == AF_INET6 ? "inet6" : "unspec";
}

/* A writer of its own, for tests and the collectors' callers. */
struct metrics *metrics_new(void);
/*
 * The exposition text, families sorted by name, NUL-terminated (len
 * excludes it), to free(); NULL on ENOMEM.  Frees m either way.
 */
char *metrics_finish(struct metrics *m, size_t *len);
void metrics_free(struct metrics *m);

/* Is name a metric name the writer takes?  (xrouter_..., or a standard process_ one) */
int metrics_name_check(const char *name, enum metrics_type type);

struct metrics_collector {
	const char *name;	/* the module's, for the log */
	void (*collect)(struct metrics *m, struct router *r);
	struct metrics_collector *next;
};

/* From a constructor (XR_METRICS), before the daemon starts. */
void metrics_register(struct metrics_collector *c);
#define XR_METRICS(c)							\
	static void __attribute__((constructor)) c##_register(void)	\
	{								\
		metrics_register(&(c));					\
	}

/* Every registered collector over r: metrics_finish()'s text, or NULL on ENOMEM. */
char *metrics_collect(struct router *r, size_t *len);

#endif
