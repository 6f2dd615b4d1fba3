// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Switches' forwarding database: `fdb add/del/show/flush` and
 * `bridge set NAME ageing S`.  Entries live only in the fast path's map;
 * the fast path learns, this file adds static ones, shows them, and
 * removes learned ones that aged out (fdb_tick, on the daemon's timer).
 */
#include <errno.h>
#include <string.h>

#include "cmd.h"
#include "dp.h"
#include "l2.h"
#include "log.h"
#include "metrics.h"
#include "module.h"
#include "print.h"
#include "router.h"

#define FDB_NS			1000000000ull
/* The sweep runs every quarter of the shortest ageing, within these bounds. */
#define FDB_SWEEP_MIN_NS	(FDB_NS / 4)
#define FDB_SWEEP_MAX_NS	(10 * FDB_NS)

static int fdb_parse(struct cmd_ctx *c, int argc, char **argv, struct xr_fdb_key *k,
		     struct rt_port **port)
{
	const char *mac = NULL, *dev = NULL, *vlan = NULL;

	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "dev") && !dev) {
			if (++i == argc)
				return cmd_incomplete(c);
			dev = argv[i];
		} else if (!strcmp(argv[i], "vlan") && !vlan) {
			if (++i == argc)
				return cmd_incomplete(c);
			vlan = argv[i];
			if (l2_parse_vid(c, vlan, &k->vlan))
				return -1;
		} else if (!mac) {
			mac = argv[i];
			if (cmd_parse_mac(c, mac, k->mac))
				return -1;
		} else {
			return cmd_garbage(c, argv[i - 1], argv[i]);
		}
	}
	if (!mac)
		return cmd_incomplete(c);
	if (!dev)
		return cmd_err(c, "Not enough information: \"dev\" argument is required.");
	*port = link_port_by_name(c->r, dev);
	if (!*port)
		return cmd_err(c, "unknown device \"%s\"", dev);
	if (!(*port)->bridge)
		return cmd_err(c, "device \"%s\" is not a switch port", dev);
	k->bridge = (*port)->bridge;
	return 0;
}

static int fdb_cmd_add(struct cmd_ctx *c, int argc, char **argv)
{
	struct xr_fdb_key k = {};
	struct xr_fdb e = { .flags = XR_FDB_STATIC };
	struct rt_port *p;
	int err;

	if (fdb_parse(c, argc, argv, &k, &p))
		return -1;
	if (k.mac[0] & 1 || !memcmp(k.mac, "\0\0\0\0\0\0", 6))
		return cmd_inv_arg(c, argv[0], "invalid lladdr");
	e.ifindex = p->ifindex;
	e.seen_ns = clock_now_ns();
	err = dp_fdb_set(c->r->dp, &k, &e);
	if (err)
		return cmd_err(c, "cannot add fdb entry: %s", strerror(-err));
	return 0;
}

static int fdb_cmd_del(struct cmd_ctx *c, int argc, char **argv)
{
	struct xr_fdb_key k = {};
	struct rt_port *p;

	if (fdb_parse(c, argc, argv, &k, &p))
		return -1;
	if (dp_fdb_del(c->r->dp, &k))
		return cmd_err(c, "fdb entry not found");
	return 0;
}

struct fdb_walk {
	struct router *r;
	int bridge;		/* 0: all */
	bool flush;
};

static void fdb_print(struct router *r, const struct xr_fdb_key *k, const struct xr_fdb *e)
{
	struct rt_port *p = link_port_by_ifindex(r, e->ifindex);
	char mac[18];

	print_open_object(NULL);
	print_string(PRINT_ANY, "mac", "%s ", print_mac(k->mac, mac));
	print_string(PRINT_ANY, "ifname", "dev %s ", p ? p->name : "?");
	if (k->vlan)
		print_uint(PRINT_ANY, "vlan", "vlan %llu ", k->vlan);
	print_open_array("flags");	/* iproute2's key; no flags apply here */
	print_close_array();
	if (k->bridge < XR_MAX_BRIDGES && r->bridges[k->bridge].used)
		print_string(PRINT_ANY, "master", "master %s ", r->bridges[k->bridge].name);
	print_string(PRINT_ANY, "state", "%s", e->flags & XR_FDB_STATIC ? "static" : "");
	print_nl();
	print_close_object();
}

static int fdb_walk_fn(const struct xr_fdb_key *k, const struct xr_fdb *e, void *ctx)
{
	struct fdb_walk *w = ctx;

	if (w->bridge && k->bridge != w->bridge)
		return 0;
	if (!w->flush)
		fdb_print(w->r, k, e);
	else if (!(e->flags & XR_FDB_STATIC))
		dp_fdb_del(w->r->dp, k);
	return 0;
}

static int fdb_walk(struct cmd_ctx *c, int argc, char **argv, bool flush)
{
	struct fdb_walk w = { .r = c->r, .flush = flush };

	if (argc > 0 && strcmp(argv[0], "bridge"))
		return cmd_garbage(c, flush ? "flush" : "show", argv[0]);
	if (argc == 1)
		return cmd_incomplete(c);
	if (argc > 2)
		return cmd_garbage(c, argv[1], argv[2]);
	if (argc == 2) {
		w.bridge = link_bridge_by_name(c->r, argv[1]);
		if (w.bridge < 0)
			return cmd_err(c, "unknown bridge \"%s\"", argv[1]);
	}
	if (!flush)
		print_open_array(NULL);
	dp_fdb_foreach(c->r->dp, fdb_walk_fn, &w);
	if (!flush)
		print_close_array();
	return 0;
}

static int fdb_cmd_show(struct cmd_ctx *c, int argc, char **argv)
{
	return fdb_walk(c, argc, argv, false);
}

static int fdb_cmd_flush(struct cmd_ctx *c, int argc, char **argv)
{
	return fdb_walk(c, argc, argv, true);
}

static int fdb_cmd_bridge_set(struct cmd_ctx *c, int argc, char **argv)
{
	struct xr_bridge br;
	uint32_t secs;
	int id, err;

	if (argc < 3)
		return cmd_incomplete(c);
	if (strcmp(argv[1], "ageing"))
		return cmd_garbage(c, argv[0], argv[1]);
	if (argc > 3)
		return cmd_garbage(c, argv[2], argv[3]);
	id = link_bridge_by_name(c->r, argv[0]);
	if (id < 0)
		return cmd_err(c, "unknown bridge \"%s\"", argv[0]);
	if (cmd_parse_u32(c, "ageing", argv[2], &secs))
		return -1;
	err = dp_bridge_get(c->r->dp, id, &br);
	if (!err) {
		/* 0 ages at once, as in Linux; the fast path reads 0 as "default". */
		br.ageing_ns = secs ? secs * FDB_NS : 1;
		err = dp_bridge_set(c->r->dp, id, &br);
	}
	if (err)
		return cmd_err(c, "cannot set ageing of \"%s\": %s", argv[0], strerror(-err));
	c->r->bridges[id].ageing_s = secs;
	return 0;
}

struct fdb_sweep {
	struct router *r;
	uint64_t now;
	unsigned removed;
};

static int fdb_sweep_fn(const struct xr_fdb_key *k, const struct xr_fdb *e, void *ctx)
{
	struct fdb_sweep *w = ctx;
	struct router *r = w->r;
	uint64_t ageing;

	if (e->flags & XR_FDB_STATIC)
		return 0;
	/* A switch that is gone leaves its stations behind: remove them too. */
	if (k->bridge >= XR_MAX_BRIDGES || !r->bridges[k->bridge].used)
		ageing = 0;
	else
		ageing = r->bridges[k->bridge].ageing_s * FDB_NS;
	if (xr_fdb_age_fresh(w->now, e->seen_ns, ageing))
		return 0;
	if (!dp_fdb_del(r->dp, k))
		w->removed++;
	return 0;
}

static uint64_t fdb_sweep_interval(const struct router *r)
{
	uint64_t iv = FDB_SWEEP_MAX_NS;

	for (unsigned i = 1; i < XR_MAX_BRIDGES; i++)
		if (r->bridges[i].used && r->bridges[i].ageing_s * FDB_NS / 4 < iv)
			iv = r->bridges[i].ageing_s * FDB_NS / 4;
	return iv < FDB_SWEEP_MIN_NS ? FDB_SWEEP_MIN_NS : iv;
}

/*
 * Remove learned entries older than their switch's ageing.  The fast path
 * already treats them as unknown; this frees their slots.  A walk costs
 * two syscalls per entry, so it runs a few times per ageing period only.
 */
static void fdb_tick(struct router *r)
{
	static uint64_t next_ns;
	struct fdb_sweep w = { .r = r, .now = clock_now_ns() };

	if (w.now < next_ns)
		return;
	next_ns = w.now + fdb_sweep_interval(r);
	dp_fdb_foreach(r->dp, fdb_sweep_fn, &w);
	if (w.removed)
		pr_debug("fdb: %u entries aged out\n", w.removed);
}

struct fdb_save_walk {
	struct router *r;
	FILE *f;
};

/* Static stations as `fdb add` lines: learned ones are learned again. */
static int fdb_save_fn(const struct xr_fdb_key *k, const struct xr_fdb *e, void *ctx)
{
	struct fdb_save_walk *w = ctx;
	struct rt_port *p = link_port_by_ifindex(w->r, e->ifindex);
	char mac[18];

	if (!(e->flags & XR_FDB_STATIC) || !p)
		return 0;
	fprintf(w->f, "fdb add %s dev %s", print_mac(k->mac, mac), p->name);
	if (k->vlan)
		fprintf(w->f, " vlan %u", k->vlan);
	fputc('\n', w->f);
	return 0;
}

static void fdb_save(struct router *r, FILE *f)
{
	dp_fdb_foreach(r->dp, fdb_save_fn, &(struct fdb_save_walk){ r, f });
}

static const struct cmd_def fdb_cmds[] = {
	{ "fdb", "add", fdb_cmd_add, 0, "MAC dev DEV [ vlan VID ]",
	  "a static station on a switch port (in VLAN VID)" },
	{ "fdb", "del", fdb_cmd_del, 0, "MAC dev DEV [ vlan VID ]", "remove a station" },
	{ "fdb", "show", fdb_cmd_show, CMD_RO, "[ bridge NAME ]", "list the stations" },
	{ "fdb", "flush", fdb_cmd_flush, 0, "[ bridge NAME ]", "remove the learned stations" },
	{ "bridge", "set", fdb_cmd_bridge_set, 0, "NAME ageing SECONDS",
	  "how long a learned station lasts" },
};
XR_COMMANDS(fdb_cmds)

/* ---- metrics ---- */

static int fdb_metrics_fn(const struct xr_fdb_key *k, const struct xr_fdb *e, void *ctx)
{
	unsigned (*n)[2] = ctx;

	if (k->bridge < XR_MAX_BRIDGES)
		n[k->bridge][!!(e->flags & XR_FDB_STATIC)]++;
	return 0;
}

/* Every switch, an empty one too: its series exist as long as it does. */
static void fdb_metrics(struct metrics *m, struct router *r)
{
	unsigned n[XR_MAX_BRIDGES][2] = {};

	dp_fdb_foreach(r->dp, fdb_metrics_fn, n);
	metrics_family(m, "xrouter_fdb_entries", METRICS_GAUGE,
		       "Stations in the forwarding database, by switch and type.");
	for (unsigned b = 1; b < XR_MAX_BRIDGES; b++) {
		if (!r->bridges[b].used)
			continue;
		metrics_sample(m, METRICS_L({ "bridge", r->bridges[b].name }, { "type", "learned" }),
			       n[b][0]);
		metrics_sample(m, METRICS_L({ "bridge", r->bridges[b].name }, { "type", "static" }),
			       n[b][1]);
	}
}

static struct metrics_collector fdb_collector = { "fdb", fdb_metrics, NULL };
XR_METRICS(fdb_collector)

static struct xr_module fdb_module = {
	.name = "fdb",
	.order = ROUTER_ORDER_FDB,
	.tick = fdb_tick,
	.save = fdb_save,
};
XR_MODULE(fdb_module)
