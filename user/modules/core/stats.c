// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * `status` (is the daemon up, how big is it) and `stats [dev DEV]`: the
 * fast path's per-port counters by their names from stats.h, non-zero
 * ones in text, all of them in JSON so scripts can rely on every key.
 */
#include <string.h>

#include "cmd.h"
#include "dp.h"
#include "metrics.h"
#include "nsm.h"
#include "print.h"
#include "rib.h"
#include "router.h"

static int status_cmd_show(struct cmd_ctx *c, int argc, char **argv)
{
	struct router *r = c->r;
	struct timespec now;
	uint64_t up;

	if (argc > 0)
		return cmd_garbage(c, "status", argv[0]);
	clock_gettime(CLOCK_MONOTONIC, &now);
	up = now.tv_sec - r->started.tv_sec;
	print_open_object(NULL);
	print_string(PRINT_ANY, "state", "xrouterd %s: ", "running");
	print_uint(PRINT_ANY, "ports", "%llu ports, ", link_count(r));
	print_uint(PRINT_ANY, "routes", "%llu routes, ", rib_count(r->rib));
	print_uint(PRINT_ANY, "neighbours", "%llu neighbours, ", nsm_count(r->neigh));
	print_uint(PRINT_ANY, "uptime", "uptime %llus", up);
	print_nl();
	print_close_object();
	return 0;
}

static void stats_port(struct router *r, const struct rt_port *p)
{
	uint64_t v[XR_STAT_MAX];

	if (dp_stats_read(r->dp, p->slot, v))
		return;
	print_open_object(NULL);
	print_string(PRINT_ANY, "dev", "dev %s", p->name);
	for (unsigned i = 0; i < XR_STAT_MAX; i++) {
		if (v[i] || print_is_json())
			print_uint(PRINT_JSON, xr_stat_names[i], "", v[i]);
		if (v[i])
			print_text(" %s %llu", xr_stat_names[i], (unsigned long long)v[i]);
	}
	print_nl();
	print_close_object();
}

static int stats_cmd_show(struct cmd_ctx *c, int argc, char **argv)
{
	const struct rt_port *only = NULL;

	if (argc > 0 && strcmp(argv[0], "dev"))
		return cmd_garbage(c, "stats", argv[0]);
	if (argc == 1)
		return cmd_incomplete(c);
	if (argc > 2)
		return cmd_garbage(c, argv[1], argv[2]);
	if (argc == 2) {
		only = link_port_by_name(c->r, argv[1]);
		if (!only)
			return cmd_err(c, "unknown device \"%s\"", argv[1]);
	}
	print_open_array(NULL);
	for (unsigned i = 0; i < XR_MAX_PORTS; i++) {
		const struct rt_port *p = &c->r->ports[i];

		if (p->used && (!only || only == p))
			stats_port(c->r, p);
	}
	print_close_array();
	return 0;
}

static const struct cmd_def stats_cmds[] = {
	{ "status", NULL, status_cmd_show, CMD_RO, "", "the daemon, its fast path and tables" },
	{ "stats", NULL, stats_cmd_show, CMD_RO, "[ dev DEV ]", "the fast path's counters per port" },
};
XR_COMMANDS(stats_cmds)

/* ---- metrics ---- */

/*
 * stats.h's counters in three families, by the group each name begins
 * with, the label value being the rest of the name `stats` prints: so a
 * counter added to stats.h is exported with no change here.
 */
struct stats_group {
	const char *prefix;
	const char *family;
	const char *label;
	const char *help;
};

static const struct stats_group stats_groups[] = {
	{ "handoff_", "xrouter_handoffs_total", "reason",
	  "Frames the fast path handed to the daemon, by port and reason." },
	{ "drop_", "xrouter_drops_total", "reason",
	  "Frames the fast path dropped, by port and reason (handoff_ratelimit: over the "
	  "hand-off rate limit; handoff_failed: the hand-off ring was full)." },
	{ "", "xrouter_port_packets_total", "result",
	  "Frames by port: rx every frame in; forwarded, switched, flooded, handoff and "
	  "pass what the fast path did with them." },
};

static const struct stats_group *stats_group_of(const char *name)
{
	const struct stats_group *g = stats_groups;

	while (strncmp(name, g->prefix, strlen(g->prefix)))
		g++;	/* the last prefix is "": every name ends somewhere */
	return g;
}

static void stats_metrics_port(struct metrics *m, struct router *r, const struct rt_port *p)
{
	const struct stats_group *open = NULL;
	uint64_t v[XR_STAT_MAX];

	if (dp_stats_read(r->dp, p->slot, v))
		return;
	for (unsigned i = 0; i < XR_STAT_MAX; i++) {
		const struct stats_group *g = stats_group_of(xr_stat_names[i]);

		if (g != open)
			metrics_family(m, g->family, METRICS_COUNTER, g->help);
		open = g;
		metrics_sample(m, METRICS_L({ "dev", p->name },
			{ g->label, xr_stat_names[i] + strlen(g->prefix) }), v[i]);
	}
}

static void stats_metrics(struct metrics *m, struct router *r)
{
	for (unsigned i = 0; i < XR_MAX_PORTS; i++)
		if (r->ports[i].used)
			stats_metrics_port(m, r, &r->ports[i]);
}

static struct metrics_collector stats_collector = { "stats", stats_metrics, NULL };
XR_METRICS(stats_collector)
