// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * `status` (is the daemon up, how big is it) and `stats [dev DEV]`: the
 * fast path's counters of each port and VLAN interface by their names from
 * stats.h, non-zero ones in text, all of them in JSON so scripts can rely
 * on every key.
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

/*
 * Every interface with counters of its own, with its row of the `stats`
 * map: the ports by slot, then the VLAN interfaces (a switch counts on its
 * ports).  fn(r, name, row, ctx).
 */
struct stats_visit {
	void (*fn)(struct router *r, const char *name, unsigned row, void *ctx);
	void *ctx;
};

static void stats_visit_vlan(struct router *r, uint32_t ifid, void *ctx)
{
	const struct stats_visit *sv = ctx;
	unsigned row;

	if ((ifid & XR_IFID_VLAN) && !link_ifid_stats_row(r, ifid, &row))
		sv->fn(r, link_ifid_name(r, ifid), row, sv->ctx);
}

static void stats_foreach(struct router *r,
			  void (*fn)(struct router *r, const char *name, unsigned row, void *ctx),
			  void *ctx)
{
	struct stats_visit sv = { fn, ctx };

	for (unsigned i = 0; i < XR_MAX_PORTS; i++)
		if (r->ports[i].used)
			fn(r, r->ports[i].name, r->ports[i].slot, ctx);
	link_foreach_l3(r, stats_visit_vlan, &sv);
}

static void stats_print(struct router *r, const char *name, unsigned row, void *ctx)
{
	uint64_t v[XR_STAT_MAX];

	(void)ctx;
	if (dp_stats_read(r->dp, row, v))
		return;
	print_open_object(NULL);
	print_string(PRINT_ANY, "dev", "dev %s", name);
	for (unsigned i = 0; i < XR_STAT_MAX; i++) {
		if (v[i] || print_is_json())
			print_uint(PRINT_JSON, xr_stat_names[i], "", v[i]);
		if (v[i])
			print_text(" %s %llu", xr_stat_names[i], (unsigned long long)v[i]);
	}
	print_nl();
	print_close_object();
}

/* `stats dev DEV`: a port, or a VLAN interface. */
static int stats_one(struct cmd_ctx *c, const char *dev)
{
	const struct rt_port *p = link_port_by_name(c->r, dev);
	uint32_t ifid;
	unsigned row;

	if (p)
		row = p->slot;
	else if (link_ifid_by_name(c->r, dev, &ifid) || link_ifid_stats_row(c->r, ifid, &row))
		return cmd_err(c, "unknown device \"%s\"", dev);
	print_open_array(NULL);
	stats_print(c->r, dev, row, NULL);
	print_close_array();
	return 0;
}

static int stats_cmd_show(struct cmd_ctx *c, int argc, char **argv)
{
	if (argc > 0 && strcmp(argv[0], "dev"))
		return cmd_garbage(c, "stats", argv[0]);
	if (argc == 1)
		return cmd_incomplete(c);
	if (argc > 2)
		return cmd_garbage(c, argv[1], argv[2]);
	if (argc == 2)
		return stats_one(c, argv[1]);
	print_open_array(NULL);
	stats_foreach(c->r, stats_print, NULL);
	print_close_array();
	return 0;
}

static const struct cmd_def stats_cmds[] = {
	{ "status", NULL, status_cmd_show, CMD_RO, "", "the daemon, its fast path and tables" },
	{ "stats", NULL, stats_cmd_show, CMD_RO, "[ dev DEV ]", "the fast path's counters per port and VLAN interface" },
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

static void stats_metrics_one(struct router *r, const char *name, unsigned row, void *ctx)
{
	const struct stats_group *open = NULL;
	struct metrics *m = ctx;
	uint64_t v[XR_STAT_MAX];

	if (dp_stats_read(r->dp, row, v))
		return;
	for (unsigned i = 0; i < XR_STAT_MAX; i++) {
		const struct stats_group *g = stats_group_of(xr_stat_names[i]);

		if (g != open)
			metrics_family(m, g->family, METRICS_COUNTER, g->help);
		open = g;
		metrics_sample(m, METRICS_L({ "dev", name },
			{ g->label, xr_stat_names[i] + strlen(g->prefix) }), v[i]);
	}
}

static void stats_metrics(struct metrics *m, struct router *r)
{
	stats_foreach(r, stats_metrics_one, m);
}

static struct metrics_collector stats_collector = { "stats", stats_metrics, NULL };
XR_METRICS(stats_collector)
