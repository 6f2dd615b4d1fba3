// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Kernel route sync: `kernel sync on [table TABLE]`, `kernel sync off`,
 * `kernel show`.  The routes FRR, BIRD or any program install in a kernel
 * table become xrouter routes (proto KRT in the RIB, with the kernel's
 * protocol), followed over rtnetlink (sys/rtnl.c) as they change.
 *
 * The listener joins the route and nexthop groups before each dump, so no
 * change falls between the two.  What the kernel does without telling
 * (routes gone with a link set down or a nexthop object deleted), and
 * notifications lost to a full socket (ENOBUFS), are caught by a resync:
 * a fresh dump re-adds every route with a new generation (rib_add of an
 * unchanged route writes nothing to the FIB, so forwarding sees no gap)
 * and the routes the dump lacked are swept.  A resync follows link and
 * address changes (debounced to the next tick), an overrun, a changed or
 * deleted nexthop object, and runs every KSYNC_PERIOD_S anyway.
 *
 * Synced routes are the kernel's: not journaled, never deleted by `route
 * del`; a restarted daemon replays `kernel sync on` and dumps again.  A
 * multipath route (RTA_MULTIPATH, or a nexthop object's group, weights
 * given minus one) becomes an ECMP route over its members through this
 * router's ports (nhgroup.h), and `kernel show` counts it; a member
 * through a port that is down stays in the group without buckets, as a
 * static route's does (route_down.c), so its link coming back moves only
 * its own flows.  Link state of a single next hop: one through a port
 * that is down (or that the kernel flags dead or linkdown) is passed
 * over; a route with none left is withdrawn until the resync that
 * follows the link coming back.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linux/rtnetlink.h>

#include "clock.h"
#include "cmd.h"
#include "dp.h"
#include "event.h"
#include "ksync.h"
#include "log.h"
#include "module.h"
#include "nhgroup.h"
#include "print.h"
#include "rib.h"
#include "router.h"
#include "rtnl.h"

#define KSYNC_RCVBUF		(64 << 20)	/* bursts of a full BGP table */
#define KSYNC_READ_BATCH	256		/* datagrams per wakeup */
#define KSYNC_DUMP_TRIES	4		/* a dump interrupted by changes runs again */
#define KSYNC_DEBOUNCE_NS	(CLOCK_NS_PER_SEC / 10)
#define KSYNC_RETRY_NS		CLOCK_NS_PER_SEC
#define KSYNC_PERIOD_S		300
#define KSYNC_TABLE_NAMESZ	64
#define KSYNC_SHOW_SKIPPED	100		/* skipped routes listed by `kernel show` */

struct ksync {
	bool on;
	bool in_dump;
	bool nhid_missing;	/* a route waits for a nexthop object */
	uint32_t table;
	char table_name[KSYNC_TABLE_NAMESZ];
	struct mnl_socket *nl;
	uint8_t *buf;
	struct ksync_table *routes;
	struct ksync_nhs nhs;
	uint32_t gen;
	uint64_t resync_at_ns;	/* 0: none due */
	uint64_t last_resync_ns;
	time_t last_change;	/* wall clock, for `kernel show` */
	unsigned resyncs, overruns;
};

static struct ksync ks;

static const struct rtnl_ops ksync_rtnl_ops;

/* ---- tables by number or name ---- */

/* "ID NAME" lines of an rt_tables file: 0 and *id when name is there. */
static int ksync_rt_tables_file(const char *path, const char *name, uint32_t *id)
{
	char line[256], word[KSYNC_TABLE_NAMESZ];
	unsigned long v;
	FILE *f = fopen(path, "r");
	int ret = -ENOENT;

	if (!f)
		return -ENOENT;
	while (ret && fgets(line, sizeof(line), f)) {
		if (sscanf(line, " %lu %63s", &v, word) == 2 && line[strspn(line, " \t")] != '#' &&
		    !strcmp(word, name) && v && v <= UINT32_MAX) {
			*id = v;
			ret = 0;
		}
	}
	fclose(f);
	return ret;
}

/* A table as ip names it: a number, main/local/default, or rt_tables. */
static int ksync_table_id(const char *s, uint32_t *id)
{
	char *end;
	unsigned long v;

	if (!strcmp(s, "main"))
		return *id = RT_TABLE_MAIN, 0;
	if (!strcmp(s, "local"))
		return *id = RT_TABLE_LOCAL, 0;
	if (!strcmp(s, "default"))
		return *id = RT_TABLE_DEFAULT, 0;
	if (*s >= '0' && *s <= '9') {
		errno = 0;
		v = strtoul(s, &end, 10);
		if (*end || errno || !v || v > UINT32_MAX)
			return -EINVAL;
		*id = v;
		return 0;
	}
	if (!ksync_rt_tables_file("/etc/iproute2/rt_tables", s, id) ||
	    !ksync_rt_tables_file("/usr/share/iproute2/rt_tables", s, id))
		return 0;
	return -ENOENT;
}

/* ---- kernel routes into the RIB ---- */

static int ksync_why_err(int err);

static struct ksync_key ksync_key_of(const struct rtnl_route *rr)
{
	return (struct ksync_key){ .dst = xr_prefix_masked(&rr->dst), .metric = rr->metric };
}

/* The next hop's device must be a routed port of this router, and up. */
static int ksync_nh_to_rib(struct router *r, const struct rtnl_nh *nh, struct rib_route *rt)
{
	struct rt_port *p = nh->ifindex ? link_port_by_ifindex(r, nh->ifindex) : NULL;

	if (nh->gw.af && nh->gw.af != rt->dst.addr.af)
		return KSYNC_WHY_UNSUPPORTED;
	if (!p || p->bridge)
		return KSYNC_WHY_DEV;
	if (nh->down || !link_port_is_up(p))
		return KSYNC_WHY_LINK_DOWN;
	rt->ifid = link_port_ifid(p);
	rt->gw = nh->gw;
	return KSYNC_OK;
}

/*
 * The members through this router's ports (up or down: the group follows
 * link state itself) as an ECMP group: 0 with rt naming it (the caller
 * puts the reference), 1 if fewer than two are ours, else why not.
 */
static int ksync_group(struct router *r, const struct rtnl_nh *nh, unsigned n,
		       struct rib_route *rt)
{
	struct nhg_member m[RTNL_NH_MAX];
	unsigned k = 0, live = 0;
	int err;

	for (unsigned i = 0; i < n; i++) {
		struct rt_port *p = nh[i].ifindex ? link_port_by_ifindex(r, nh[i].ifindex) : NULL;

		if (!p || p->bridge || (nh[i].gw.af && nh[i].gw.af != rt->dst.addr.af))
			continue;
		live += !nh[i].down && link_port_is_up(p);
		m[k++] = (struct nhg_member){ .gw = nh[i].gw, .ifid = link_port_ifid(p),
					      .weight = nh[i].weight > XR_ECMP_WEIGHT_MAX ?
							XR_ECMP_WEIGHT_MAX : nh[i].weight };
	}
	if (k < 2)
		return 1;
	if (!live)
		return KSYNC_WHY_LINK_DOWN;
	err = rib_group_get(r->rib, rt->dst.addr.af, m, k, &rt->ifid);
	if (err)
		return ksync_why_err(err);
	rt->type = XR_NH_GROUP;
	return KSYNC_OK;
}

/*
 * A multipath route is an ECMP route over its members that are ours;
 * else the one next hop that can carry traffic (a member whose link is
 * down is passed over).  *multipath when the kernel gave more than one.
 */
static int ksync_pick_nh(struct router *r, const struct rtnl_route *rr, struct rib_route *rt,
			 bool *multipath)
{
	struct rtnl_nh nh[RTNL_NH_MAX];
	unsigned n;
	bool blackhole;
	int why = ksync_members(&ks.nhs, rr, nh, &n, &blackhole);

	*multipath = n > 1;
	if (why)
		return why;
	if (blackhole) {
		rt->type = XR_NH_BLACKHOLE;
		return KSYNC_OK;
	}
	rt->type = XR_NH_UNICAST;
	if (n > 1) {
		why = ksync_group(r, nh, n, rt);
		if (why != 1)
			return why;
	}
	why = KSYNC_WHY_NO_NH;
	for (unsigned i = 0; i < n && why; i++) {
		int w = ksync_nh_to_rib(r, &nh[i], rt);

		/* The most telling reason: a down link over a foreign device. */
		if (w == KSYNC_OK || why == KSYNC_WHY_NO_NH || w == KSYNC_WHY_LINK_DOWN)
			why = w;
	}
	return why;
}

/* The RIB's route for a kernel route, or why there is none. */
static int ksync_rib_route(struct router *r, const struct rtnl_route *rr, struct rib_route *rt,
			   bool *multipath)
{
	*multipath = false;
	*rt = (struct rib_route){ .dst = xr_prefix_masked(&rr->dst), .proto = RIB_PROTO_KRT,
				  .kproto = rr->protocol, .metric = rr->metric };
	switch (rr->type) {
	case RTN_BLACKHOLE:
		rt->type = XR_NH_BLACKHOLE;
		return KSYNC_OK;
	case RTN_UNREACHABLE:
	case RTN_PROHIBIT:
		rt->type = XR_NH_UNREACHABLE;
		return KSYNC_OK;
	case RTN_UNICAST:
		return ksync_pick_nh(r, rr, rt, multipath);
	default:
		return KSYNC_WHY_TYPE;
	}
}

static int ksync_why_err(int err)
{
	switch (err) {
	case 0: return KSYNC_OK;
	case -EAFNOSUPPORT: return KSYNC_WHY_FAMILY;
	case -ENETUNREACH: return KSYNC_WHY_GW;
	case -ENOSPC:
	case -ENOMEM: return KSYNC_WHY_FULL;
	default: return KSYNC_WHY_UNSUPPORTED;
	}
}

static void ksync_withdraw(struct router *r, const struct ksync_route *e)
{
	if (e->installed)
		rib_del_krt(r->rib, &e->k.dst, e->k.metric);
}

static void ksync_changed(void)
{
	if (!ks.in_dump)
		ks.last_change = time(NULL);
}

/* A route the kernel has now: installed (over what was there), or skipped. */
static void ksync_route_set(struct router *r, const struct rtnl_route *rr)
{
	struct ksync_key k = ksync_key_of(rr);
	struct ksync_route *e = ksync_table_put(ks.routes, &k);
	struct rib_route rt;
	bool multipath, was = e && e->installed;
	int why;

	if (!e) {
		pr_warn("kernel sync: out of memory: route not followed\n");
		return;
	}
	why = ksync_rib_route(r, rr, &rt, &multipath);
	if (!why)
		why = ksync_why_err(rib_add(r->rib, &rt, true));
	/* The route holds its group now, or nothing does and it goes. */
	if (rt.type == XR_NH_GROUP)
		nhg_put(rib_groups(r->rib), rt.ifid);
	if (why == KSYNC_WHY_NHID)
		ks.nhid_missing = true;
	if (why && was)
		rib_del_krt(r->rib, &k.dst, k.metric);
	*e = (struct ksync_route){ .k = k, .nhid = rr->nhid, .gen = ks.gen, .kproto = rr->protocol,
				   .installed = !why, .why = why, .multipath = multipath,
				   .next = e->next };
	ksync_changed();
}

static void ksync_route_del(struct router *r, const struct rtnl_route *rr)
{
	struct ksync_key k = ksync_key_of(rr);
	struct ksync_route *e = ksync_table_get(ks.routes, &k);

	if (!e)
		return;
	ksync_withdraw(r, e);
	ksync_table_del(ks.routes, &k);
	ksync_changed();
}

static void ksync_on_route(void *ctx, bool del, const struct rtnl_route *rr)
{
	/* The kernel's own routes (connected, local) are xrouter's addresses'
	 * business; a TOS route is a policy the fast path has no key for. */
	if (!ks.on || rr->table != ks.table || rr->protocol == RTPROT_KERNEL || rr->tos)
		return;
	if (del)
		ksync_route_del(ctx, rr);
	else
		ksync_route_set(ctx, rr);
}

static void ksync_resync_soon(uint64_t delay_ns)
{
	uint64_t at = clock_now_ns() + delay_ns;

	if (!ks.resync_at_ns || at < ks.resync_at_ns)
		ks.resync_at_ns = at;
}

/*
 * A nexthop object changed.  Routes through it are not re-sent by the
 * kernel, and deleting one removes its routes silently: both are left to
 * a resync, which reads every route through the objects as they are now.
 */
static void ksync_on_nexthop(void *ctx, bool del, const struct rtnl_nexthop *nh)
{
	int ret;

	(void)ctx;
	if (!ks.on)
		return;
	if (del) {
		ksync_nhs_del(&ks.nhs, nh->id);
		ksync_resync_soon(0);
		return;
	}
	ret = ksync_nhs_put(&ks.nhs, nh, ks.gen);
	if (ret < 0)
		pr_warn("kernel sync: out of memory: nexthop %u not followed\n", nh->id);
	if (!ks.in_dump && (ret == 1 || (ret == 0 && ks.nhid_missing)))
		ksync_resync_soon(0);
}

static const struct rtnl_ops ksync_rtnl_ops = {
	.route = ksync_on_route,
	.nexthop = ksync_on_nexthop,
};

/* ---- dumps ---- */

static void ksync_sweep_fn(const struct ksync_route *e, void *ctx)
{
	ksync_withdraw(ctx, e);
}

/* Nexthop objects, then the routes through them: one complete pass. */
static int ksync_dump(struct router *r)
{
	int err = -EAGAIN;

	ks.in_dump = true;
	for (int i = 0; i < KSYNC_DUMP_TRIES && err == -EAGAIN; i++) {
		ks.gen++;
		ks.nhid_missing = false;
		err = rtnl_dump_nexthops(&ksync_rtnl_ops, r);
		if (err == -EOPNOTSUPP || err == -EINVAL)
			err = 0;	/* a kernel without nexthop objects */
		if (!err)
			err = rtnl_dump_routes(AF_UNSPEC, &ksync_rtnl_ops, r);
	}
	ks.in_dump = false;
	return err;
}

/*
 * Read the table again and sweep what it no longer has.  The queue is
 * dropped first: everything in it is older than the dump about to start.
 */
static int ksync_resync(struct router *r)
{
	size_t gone;
	int err;

	ks.resync_at_ns = 0;
	rtnl_drain(ks.nl, ks.buf, RTNL_BUF);
	err = ksync_dump(r);
	ks.last_resync_ns = clock_now_ns();
	if (err) {
		pr_warn("kernel sync: cannot read the kernel's routes: %s\n", strerror(-err));
		ksync_resync_soon(KSYNC_RETRY_NS);
		return err;
	}
	ksync_nhs_sweep(&ks.nhs, ks.gen);
	gone = ksync_table_sweep(ks.routes, ks.gen, ksync_sweep_fn, r);
	if (gone)
		ks.last_change = time(NULL);
	ks.resyncs++;
	return 0;
}

/* ---- the listener ---- */

static const unsigned ksync_groups[] = { RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV6_ROUTE, RTNLGRP_NEXTHOP };

/* Tiny buffers provoke overruns in tests (XR_KSYNC_RCVBUF=bytes). */
static int ksync_rcvbuf(void)
{
	const char *s = getenv("XR_KSYNC_RCVBUF");

	return s && atoi(s) > 0 ? atoi(s) : KSYNC_RCVBUF;
}

static int ksync_listen_open(void)
{
	if (ks.nl)
		return 0;
	ks.buf = malloc(RTNL_BUF);
	ks.nl = ks.buf ? rtnl_listen_open(ksync_rcvbuf()) : NULL;
	if (!ks.nl) {
		int err = ks.buf ? -errno : -ENOMEM;

		free(ks.buf);
		ks.buf = NULL;
		return err;
	}
	return 0;
}

static int ksync_groups_set(bool join)
{
	for (size_t i = 0; i < sizeof(ksync_groups) / sizeof(ksync_groups[0]); i++) {
		int err = rtnl_group(ks.nl, ksync_groups[i], join);

		/* A kernel without IPv6 or nexthop objects has fewer groups. */
		if (err && join && ksync_groups[i] == RTNLGRP_IPV4_ROUTE)
			return err;
	}
	return 0;
}

/* ---- on and off ---- */

/*
 * With a routing daemon beside it, the kernel's stack gets what xrouterd
 * does not answer for router addresses (BGP, ssh, unicast OSPF; the fast
 * path's XR_PORT_LOCAL_KERNEL): every routed port while sync is on.
 */
static void ksync_ports_local(struct router *r, bool on)
{
	for (unsigned i = 0; i < XR_MAX_PORTS; i++) {
		struct rt_port *p = &r->ports[i];
		struct xr_port xp;
		uint32_t want;

		if (!p->used || p->bridge || dp_port_get(r->dp, p->ifindex, &xp))
			continue;
		want = on ? xp.flags | XR_PORT_LOCAL_KERNEL : xp.flags & ~XR_PORT_LOCAL_KERNEL;
		if (want != xp.flags) {
			xp.flags = want;
			if (dp_port_set(r->dp, p->ifindex, &xp))
				pr_warn("kernel sync: port %s: cannot write its entry\n", p->name);
		}
	}
}

static void ksync_withdraw_fn(struct ksync_route *e, void *ctx)
{
	ksync_withdraw(ctx, e);
}

static void ksync_stop(struct router *r)
{
	if (!ks.on)
		return;
	if (ks.nl)
		ksync_groups_set(false);
	if (ks.routes)
		ksync_table_foreach(ks.routes, ksync_withdraw_fn, r);
	ksync_table_free(ks.routes);
	ks.routes = NULL;
	ksync_nhs_clear(&ks.nhs);
	ks.on = false;
	ks.resync_at_ns = 0;
	ks.last_change = time(NULL);
	ksync_ports_local(r, false);
}

static int ksync_start(struct router *r, uint32_t table, const char *name)
{
	int err = ksync_listen_open();

	if (err)
		return err;
	ks.routes = ksync_table_new();
	if (!ks.routes)
		return -ENOMEM;
	err = ksync_groups_set(true);
	if (err) {
		ksync_table_free(ks.routes);
		ks.routes = NULL;
		return err;
	}
	ks.on = true;
	ks.table = table;
	snprintf(ks.table_name, sizeof(ks.table_name), "%s", name);
	ks.last_change = time(NULL);
	ksync_ports_local(r, true);
	return ksync_resync(r);
}

/* ---- commands ---- */

static int ksync_cmd_on(struct cmd_ctx *c, int argc, char **argv)
{
	const char *name = "main";
	uint32_t table = RT_TABLE_MAIN;
	int err;

	if (argc >= 1 && strcmp(argv[0], "table"))
		return cmd_garbage(c, "on", argv[0]);
	if (argc == 1)
		return cmd_incomplete(c);
	if (argc > 2)
		return cmd_garbage(c, argv[1], argv[2]);
	if (argc == 2) {
		name = argv[1];
		err = ksync_table_id(name, &table);
		if (err)
			return cmd_err(c, "argument \"%s\" is wrong: \"table\" value is invalid", name);
	}
	if (ks.on && ks.table == table)
		return 0;
	ksync_stop(c->r);
	err = ksync_start(c->r, table, name);
	if (err && !ks.on)
		return cmd_err(c, "cannot follow the kernel's routes: %s", strerror(-err));
	return 0;
}

static int ksync_cmd_sync(struct cmd_ctx *c, int argc, char **argv)
{
	if (argc < 1)
		return cmd_incomplete(c);
	if (!strcmp(argv[0], "on"))
		return ksync_cmd_on(c, argc - 1, argv + 1);
	if (strcmp(argv[0], "off"))
		return cmd_inv_arg(c, argv[0], "expected \"on\" or \"off\"");
	if (argc > 1)
		return cmd_garbage(c, "off", argv[1]);
	ksync_stop(c->r);
	return 0;
}

/* What `kernel show` counts: routes in the fast path by family and protocol. */
struct ksync_counts {
	size_t v4, v6, skipped, multipath;
	size_t by_proto[256];
};

static void ksync_count_fn(struct ksync_route *e, void *ctx)
{
	struct ksync_counts *n = ctx;

	if (!e->installed) {
		n->skipped++;
		return;
	}
	if (e->k.dst.addr.af == AF_INET)
		n->v4++;
	else
		n->v6++;
	n->by_proto[e->kproto]++;
	n->multipath += e->multipath;
}

struct ksync_skip_print {
	unsigned shown;
};

static void ksync_skipped_fn(struct ksync_route *e, void *ctx)
{
	struct ksync_skip_print *sp = ctx;
	char dst[XR_PREFIX_STRLEN];
	const char *proto = rtnl_proto_name(e->kproto);

	if (e->installed || sp->shown++ >= KSYNC_SHOW_SKIPPED)
		return;
	print_open_object(NULL);
	print_string(PRINT_ANY, "dst", "    %s ", xr_prefix_str(&e->k.dst, dst));
	if (proto)
		print_string(PRINT_ANY, "protocol", "proto %s ", proto);
	else
		print_uint(PRINT_ANY, "protocol", "proto %llu ", e->kproto);
	print_uint(PRINT_ANY, "metric", "metric %llu ", e->k.metric);
	print_string(PRINT_ANY, "reason", "(%s)", ksync_why_name(e->why));
	print_nl();
	print_close_object();
}

/* Routes of protocol p and of every later number with the same name
 * (RTPROT_STATIC and FRR's 196 are both "static"): one JSON key each. */
static size_t ksync_proto_total(const struct ksync_counts *n, unsigned p, const char *name)
{
	size_t total = n->by_proto[p];

	for (unsigned q = p + 1; q < 256 && name; q++)
		if (rtnl_proto_name(q) && !strcmp(rtnl_proto_name(q), name))
			total += n->by_proto[q];
	return total;
}

static bool ksync_proto_named_before(unsigned p, const char *name)
{
	for (unsigned q = 0; q < p && name; q++)
		if (rtnl_proto_name(q) && !strcmp(rtnl_proto_name(q), name))
			return true;
	return false;
}

static void ksync_show_counts(const struct ksync_counts *n)
{
	char num[4];

	print_uint(PRINT_ANY, "routes", "routes %llu ", n->v4 + n->v6);
	print_uint(PRINT_ANY, "ipv4", "ipv4 %llu ", n->v4);
	print_uint(PRINT_ANY, "ipv6", "ipv6 %llu", n->v6);
	print_nl();
	print_open_object("protocols");
	for (unsigned p = 0; p < 256; p++) {
		const char *name = rtnl_proto_name(p);
		size_t total = ksync_proto_total(n, p, name);

		if (!total || ksync_proto_named_before(p, name))
			continue;
		if (!name) {
			snprintf(num, sizeof(num), "%u", p);
			name = num;
		}
		print_uint(PRINT_JSON, name, "", total);
		print_text("proto %s %zu\n", name, total);
	}
	print_close_object();
}

static void ksync_show_last_change(void)
{
	char when[32];
	struct tm tm;

	gmtime_r(&ks.last_change, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	print_string(PRINT_ANY, "last_change", "last change %s ", when);
	print_uint(PRINT_ANY, "last_change_age", "(%llu s ago)", time(NULL) - ks.last_change);
	print_nl();
}

static int ksync_cmd_show(struct cmd_ctx *c, int argc, char **argv)
{
	struct ksync_counts *n = calloc(1, sizeof(*n));
	struct ksync_skip_print sp = { 0 };

	if (argc > 0) {
		free(n);
		return cmd_garbage(c, "show", argv[0]);
	}
	if (!n)
		return cmd_err(c, "out of memory");
	if (ks.on)
		ksync_table_foreach(ks.routes, ksync_count_fn, n);
	print_open_object(NULL);
	print_string(PRINT_ANY, "sync", "sync %s", ks.on ? "on" : "off");
	if (ks.on) {
		print_string(PRINT_ANY, "table", " table %s", ks.table_name);
		print_uint(PRINT_JSON, "table_id", "", ks.table);
	}
	print_nl();
	ksync_show_counts(n);
	if (n->multipath)
		print_uint(PRINT_ANY, "multipath", "multipath %llu routes\n", n->multipath);
	print_uint(PRINT_ANY, "skipped", "skipped %llu\n", n->skipped);
	print_open_array("skipped_routes");
	if (ks.on)
		ksync_table_foreach(ks.routes, ksync_skipped_fn, &sp);
	print_close_array();
	print_uint(PRINT_ANY, "resyncs", "resyncs %llu ", ks.resyncs);
	print_uint(PRINT_ANY, "overruns", "overruns %llu", ks.overruns);
	print_nl();
	if (ks.last_change)
		ksync_show_last_change();
	print_close_object();
	free(n);
	return 0;
}

/* ---- module hooks ---- */

static void ksync_save(struct router *r, FILE *f)
{
	(void)r;
	if (ks.on)
		fprintf(f, "kernel sync on table %s\n", ks.table_name);
}

static int ksync_watch_open(struct router *r)
{
	int err = ksync_listen_open();

	(void)r;
	return err ? err : mnl_socket_get_fd(ks.nl);
}

static void ksync_watch_ready(struct router *r)
{
	int ret = rtnl_read(ks.nl, ks.buf, RTNL_BUF, KSYNC_READ_BATCH, &ksync_rtnl_ops, r);

	if (ret == -ENOBUFS && ks.on) {
		ks.overruns++;
		pr_warn("kernel sync: notifications lost (socket overrun): reading every route again\n");
		ksync_resync(r);
	} else if (ret < 0 && ret != -ENOBUFS) {
		pr_debug("kernel sync: read: %s\n", strerror(-ret));
	}
}

static void ksync_watch_close(struct router *r)
{
	(void)r;
	if (ks.nl)
		mnl_socket_close(ks.nl);
	ks.nl = NULL;
	free(ks.buf);
	ks.buf = NULL;
}

static void ksync_tick(struct router *r)
{
	uint64_t now;

	if (!ks.on)
		return;
	now = clock_now_ns();
	if (!ks.resync_at_ns && now - ks.last_resync_ns > KSYNC_PERIOD_S * CLOCK_NS_PER_SEC)
		ks.resync_at_ns = now;
	if (ks.resync_at_ns && now >= ks.resync_at_ns)
		ksync_resync(r);
}

/* Links and addresses decide which routes the fast path can carry, and
 * the kernel drops routes of a link set down without a word. */
static void ksync_event(struct router *r, enum xr_event ev, const void *arg)
{
	(void)arg;
	if (!ks.on)
		return;
	if (ev == XR_EV_ADDR_ADD)
		ksync_ports_local(r, true);	/* a port added since */
	ksync_resync_soon(KSYNC_DEBOUNCE_NS);
}

/* An adopted fast path kept the previous daemon's local delivery until
 * now (link.c); the replayed state has had its say. */
static void ksync_ready(struct router *r)
{
	ksync_ports_local(r, ks.on);
}

/* The fast path keeps forwarding across a restart: routes stay in it. */
static void ksync_fini(struct router *r)
{
	(void)r;
	ksync_table_free(ks.routes);
	ks.routes = NULL;
	ksync_nhs_clear(&ks.nhs);
	ks.on = false;
}

static const struct cmd_def ksync_cmds[] = {
	{ "kernel", "sync", ksync_cmd_sync, 0, "on [ table TABLE ]\noff",
	  "follow the routes of a kernel table (default main), or stop and withdraw them" },
	{ "kernel", "show", ksync_cmd_show, CMD_RO, "",
	  "the table followed, route counts by family and protocol, skipped routes" },
};
XR_COMMANDS(ksync_cmds)

static struct xr_module ksync_module = {
	.name = "ksync",
	.order = ROUTER_ORDER_KSYNC,
	.ready = ksync_ready,
	.tick = ksync_tick,
	.event = ksync_event,
	.save = ksync_save,
	.fini = ksync_fini,
	.watch_open = ksync_watch_open,
	.watch_ready = ksync_watch_ready,
	.watch_close = ksync_watch_close,
};
XR_MODULE(ksync_module)
