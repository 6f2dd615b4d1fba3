// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Neighbours: the neighbour state machine (nsm.h) wired to the fast
 * path's neighbour map, its timers, and `neigh add/del/show/flush`.  The
 * machine owns the state (its resolvers, ARP and later NDP, register
 * themselves); this file only moves entries between it and the map.
 */
#include <errno.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "cmd.h"
#include "dp.h"
#include "event.h"
#include "log.h"
#include "mapaddr.h"
#include "metrics.h"
#include "module.h"
#include "neighmap.h"
#include "nsm.h"
#include "print.h"
#include "rib.h"
#include "router.h"

/* Fast-path use stamps are read this often: well inside NSM_REFRESH_NS. */
#define NEIGH_STAMP_NS	(1000000000ull)

static uint64_t neigh_last_stamp;

static int neigh_install(void *ctx, uint32_t ifid, const struct xr_ip *ip,
			 const uint8_t mac[ETH_ALEN], bool is_static)
{
	struct router *r = ctx;

	return neighmap_set(r->dp, r->rib, ifid, ip, mac, is_static);
}

static void neigh_remove(void *ctx, uint32_t ifid, const struct xr_ip *ip)
{
	struct router *r = ctx;

	neighmap_del(r->dp, r->rib, ifid, ip);
}

static bool neigh_is_local(void *ctx, uint32_t ifid, const struct xr_ip *ip)
{
	return addr_is_local(ctx, ifid, ip);
}

static int neigh_init(struct router *r, const struct module_env *env)
{
	struct nsm_ops ops = {
		.ctx = r,
		.install = neigh_install,
		.remove = neigh_remove,
		.xmit = slowpath_neigh_xmit,
		.unreach = slowpath_neigh_unreach,
		.is_local = neigh_is_local,
	};
	uint32_t seed = 0;

	(void)env;
	if (getrandom(&seed, sizeof(seed), GRND_NONBLOCK) < 0)
		seed = clock_now_ns();
	r->neigh = nsm_create(&ops, seed);
	if (!r->neigh)
		return -errno;
	neighmap_attach(r->rib, r->dp);
	return 0;
}

static void neigh_fini(struct router *r)
{
	nsm_destroy(r->neigh);
	r->neigh = NULL;
}

static int neigh_adopt_fn(const struct xr_neigh_key *k, const struct xr_neigh *n, void *ctx)
{
	struct router *r = ctx;
	struct xr_ip ip = mapaddr_to_ip(&k->ip);
	int err = nsm_adopt(r->neigh, k->ifid, &ip, n, clock_now_ns());

	/* Entries of interfaces the replayed state no longer has are stale. */
	if (err && err != -EEXIST)
		neighmap_del(r->dp, r->rib, k->ifid, &ip);
	return 0;
}

static void neigh_adopt(struct router *r)
{
	dp_neigh_foreach(r->dp, neigh_adopt_fn, r);
	pr_info("neigh: adopted %u entries\n", nsm_count(r->neigh));
}

static int neigh_stamp_fn(const struct xr_neigh_key *k, const struct xr_neigh *n, void *ctx)
{
	struct router *r = ctx;
	struct xr_ip ip = mapaddr_to_ip(&k->ip);

	if (n->used_ns)
		nsm_used(r->neigh, k->ifid, &ip, n->used_ns);
	return 0;
}

/* A gateway the fast path forwarded to through its next hop's MAC. */
static void neigh_stamp_gw(void *ctx, uint32_t ifid, const struct xr_ip *gw)
{
	struct router *r = ctx;

	nsm_used(r->neigh, ifid, gw, neigh_last_stamp);
}

static void neigh_tick(struct router *r)
{
	uint64_t now = clock_now_ns();

	if (now - neigh_last_stamp >= NEIGH_STAMP_NS) {
		neigh_last_stamp = now;
		dp_neigh_foreach(r->dp, neigh_stamp_fn, r);
		rib_nh_sweep_used(r->rib, neigh_stamp_gw, r);
	}
	nsm_tick(r->neigh, now);
}

const char *neigh_state_name(struct router *r, uint32_t ifid, const struct xr_ip *ip,
			     uint8_t mac[6], bool *has_mac)
{
	struct nsm_entry e;

	*has_mac = false;
	if (nsm_lookup(r->neigh, ifid, ip, &e, clock_now_ns()))
		return "NONE";
	if (nsm_state_has_mac(e.state)) {
		memcpy(mac, e.mac, 6);
		*has_mac = true;
	}
	return nsm_state_names[e.state];
}

struct neigh_args {
	struct xr_ip ip;
	uint32_t ifid;
	uint8_t mac[6];
	bool have_ip, have_mac;
	const char *dev;
};

static int neigh_parse(struct cmd_ctx *c, int argc, char **argv, struct neigh_args *a,
		       bool want_mac)
{
	const char *ipw = NULL;

	memset(a, 0, sizeof(*a));
	for (int i = 0; i < argc; i++) {
		const char *w = argv[i];

		if ((!strcmp(w, "dev") && !a->dev) || (want_mac && !strcmp(w, "lladdr") && !a->have_mac)) {
			if (++i == argc)
				return cmd_incomplete(c);
			if (*w == 'd') {
				a->dev = argv[i];
			} else {
				if (cmd_parse_mac(c, argv[i], a->mac))
					return -1;
				if (a->mac[0] & 1 || !memcmp(a->mac, "\0\0\0\0\0\0", 6))
					return cmd_inv_arg(c, argv[i], "invalid lladdr");
				a->have_mac = true;
			}
		} else if (!ipw) {
			ipw = w;
			if (cmd_parse_addr(c, w, c->af, &a->ip))
				return -1;
		} else {
			return cmd_garbage(c, argv[i - 1], w);
		}
	}
	if (!ipw)
		return cmd_incomplete(c);
	if (want_mac && !a->have_mac)
		return cmd_err(c, "Not enough information: \"lladdr\" argument is required.");
	if (!a->dev)
		return cmd_err(c, "Not enough information: \"dev\" argument is required.");
	return link_cmd_l3_dev(c, a->dev, &a->ifid);
}

static int neigh_cmd_add(struct cmd_ctx *c, int argc, char **argv)
{
	struct neigh_args a;
	int err;

	if (neigh_parse(c, argc, argv, &a, true))
		return -1;
	err = nsm_static_add(c->r->neigh, a.ifid, &a.ip, a.mac, clock_now_ns());
	if (err)
		return cmd_err(c, "cannot add neighbour %s: %s", argv[0], strerror(-err));
	return 0;
}

static int neigh_cmd_del(struct cmd_ctx *c, int argc, char **argv)
{
	struct neigh_args a;
	char ip[XR_IP_STRLEN];

	if (neigh_parse(c, argc, argv, &a, false))
		return -1;
	if (nsm_del(c->r->neigh, a.ifid, &a.ip))
		return cmd_err(c, "neighbour %s dev %s not found", xr_ip_str(&a.ip, ip), a.dev);
	return 0;
}

struct neigh_walk {
	struct router *r;
	FILE *f;
	int af;		/* show: AF_UNSPEC for both */
};

static int neigh_show_fn(const struct nsm_entry *e, void *ctx)
{
	const struct neigh_walk *w = ctx;
	struct router *r = w->r;
	char ip[XR_IP_STRLEN], mac[18];

	if (w->af && e->ip.af != w->af)
		return 0;
	print_open_object(NULL);
	print_string(PRINT_ANY, "dst", "%s ", xr_ip_str(&e->ip, ip));
	print_string(PRINT_ANY, "dev", "dev %s ", link_ifid_name(r, e->ifid));
	if (nsm_state_has_mac(e->state))
		print_string(PRINT_ANY, "lladdr", "lladdr %s ", print_mac(e->mac, mac));
	print_open_array("state");
	print_string(PRINT_ANY, NULL, "%s", nsm_state_names[e->state]);
	print_close_array();
	print_nl();
	print_close_object();
	return 0;
}

static int neigh_cmd_show(struct cmd_ctx *c, int argc, char **argv)
{
	if (argc > 0)
		return cmd_garbage(c, "show", argv[0]);
	print_open_array(NULL);
	nsm_foreach(c->r->neigh, clock_now_ns(), neigh_show_fn,
		    &(struct neigh_walk){ .r = c->r, .af = c->af });
	print_close_array();
	return 0;
}

/* One family, IPv4 unless -6, as `ip neigh flush`. */
static int neigh_cmd_flush(struct cmd_ctx *c, int argc, char **argv)
{
	if (argc > 0)
		return cmd_garbage(c, "flush", argv[0]);
	nsm_flush_af(c->r->neigh, 0, c->af ? c->af : AF_INET, false);
	return 0;
}

/* Permanent entries as `neigh add` lines: the others are learned again. */
static int neigh_save_fn(const struct nsm_entry *e, void *ctx)
{
	struct neigh_walk *w = ctx;
	char ip[XR_IP_STRLEN], mac[18];

	if (e->state == NSM_PERMANENT)
		fprintf(w->f, "neigh add %s lladdr %s dev %s\n", xr_ip_str(&e->ip, ip),
			print_mac(e->mac, mac), link_ifid_name(w->r, e->ifid));
	return 0;
}

static void neigh_save(struct router *r, FILE *f)
{
	nsm_foreach(r->neigh, clock_now_ns(), neigh_save_fn, &(struct neigh_walk){ r, f, 0 });
}

static void neigh_event(struct router *r, enum xr_event ev, const void *arg)
{
	const struct xr_ev_iface *e = arg;

	if (ev == XR_EV_IFACE_DEL)
		nsm_flush(r->neigh, e->ifid, true);
}

static const struct cmd_def neigh_cmds[] = {
	{ "neigh", "add", neigh_cmd_add, 0, "ADDR lladdr MAC dev DEV", "a static neighbour" },
	{ "neigh", "del", neigh_cmd_del, 0, "ADDR dev DEV", "remove a neighbour" },
	{ "neigh", "show", neigh_cmd_show, CMD_RO, "",
	  "list the neighbours and their states, both families unless -4 or -6" },
	{ "neigh", "flush", neigh_cmd_flush, 0, "", "remove the learned neighbours (IPv4; -6: IPv6)" },
};
XR_COMMANDS(neigh_cmds)

/* ---- metrics ---- */

/* [0] IPv4, [1] IPv6: every state of both, so the series stay put. */
static int neigh_metrics_fn(const struct nsm_entry *e, void *ctx)
{
	unsigned (*n)[NSM_STATE_MAX] = ctx;

	if (e->state < NSM_STATE_MAX && (e->ip.af == AF_INET || e->ip.af == AF_INET6))
		n[e->ip.af == AF_INET6][e->state]++;
	return 0;
}

/* States as `neigh show` words them. */
static void neigh_metrics(struct metrics *m, struct router *r)
{
	unsigned n[2][NSM_STATE_MAX] = {};

	nsm_foreach(r->neigh, clock_now_ns(), neigh_metrics_fn, n);
	metrics_family(m, "xrouter_neighbours", METRICS_GAUGE,
		       "Neighbours (ARP and NDP entries) by address family and state.");
	for (unsigned f = 0; f < 2; f++)
		for (unsigned i = 0; i < NSM_STATE_MAX; i++)
			metrics_sample(m, METRICS_L({ "family", metrics_af_label(f ? AF_INET6 : AF_INET) },
				{ "state", nsm_state_names[i] }), n[f][i]);
}

static struct metrics_collector neigh_collector = { "neigh", neigh_metrics, NULL };
XR_METRICS(neigh_collector)

static struct xr_module neigh_module = {
	.name = "neigh",
	.order = ROUTER_ORDER_NEIGH,
	.init = neigh_init,
	.adopted = neigh_adopt,
	.fini = neigh_fini,
	.tick = neigh_tick,
	.event = neigh_event,
	.save = neigh_save,
};
XR_MODULE(neigh_module)
