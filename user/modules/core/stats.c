// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * `status` (is the daemon up, how big is it) and `stats [dev DEV]`: the
 * fast path's per-port counters by their names from stats.h, non-zero
 * ones in text, all of them in JSON so scripts can rely on every key.
 */
#include <string.h>

#include "cmd.h"
#include "dp.h"
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
