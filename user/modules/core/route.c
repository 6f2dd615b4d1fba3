// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Routes: `route add/replace/del/show/get` on top of the RIB (rib.h).
 * Output follows `ip route`, so a shown line reads back as a command
 * where the grammar allows; proto local routes (router addresses and
 * subnet broadcasts) stay hidden as in ip's main table.  Both families
 * go through the same code; a command's family follows its addresses, and
 * `-6` (cmd_ctx.af) where none says, as with ip.  Routes synced from the
 * kernel (modules/ksync) show with their protocol and are the kernel's:
 * `route del` and the journal leave them alone.
 */
#include <errno.h>
#include <string.h>

#include "addr_rules.h"
#include "cmd.h"
#include "dp.h"
#include "event.h"
#include "metrics.h"
#include "module.h"
#include "nhgroup.h"
#include "print.h"
#include "rib.h"
#include "router.h"
#include "rtnl.h"

/* One `nexthop via GW [dev DEV] [weight N]` of a multipath route. */
struct route_member {
	struct nhg_member m;
	bool have_gw;
	const char *dev;
	const char *gw_word;
};

struct route_args {
	struct rib_route rt;
	bool have_prefix, have_gw;
	const char *dev;
	const char *prefix_word;
	const char *gw_word;
	struct route_member nh[XR_ECMP_MAX];
	unsigned n_nh;
};

/* "default", a host route's bare address, or ADDR/LEN, as `ip route` prints them. */
static const char *route_dst(const struct rib_route *rt, char buf[XR_PREFIX_STRLEN])
{
	if (!rt->dst.len)
		return "default";
	if (rt->dst.len == xr_af_bits(rt->dst.addr.af))
		return xr_ip_str(&rt->dst.addr, buf);
	return xr_prefix_str(&rt->dst, buf);
}

static int route_type_word(struct route_args *a, const char *w)
{
	if (!strcmp(w, "blackhole"))
		a->rt.type = XR_NH_BLACKHOLE;
	else if (!strcmp(w, "unreachable"))
		a->rt.type = XR_NH_UNREACHABLE;
	else
		return 0;
	return 1;
}

static int route_af_mismatch(struct cmd_ctx *c, const struct route_args *a, const char *gw)
{
	return cmd_err(c, "%s address is expected rather than \"%s\".",
		       a->rt.dst.addr.af == AF_INET6 ? "inet6" : "inet", gw);
}

/* Either family unless -4/-6 says; "default" takes its family from the gateway later. */
static int route_set_prefix(struct cmd_ctx *c, struct route_args *a, const char *w)
{
	a->have_prefix = true;
	a->prefix_word = w;
	return cmd_parse_prefix(c, w, c->af, &a->rt.dst);
}

/* Keyword with a value: stores it and returns 1; 0 if w is no keyword; -1 on error. */
static int route_key(struct cmd_ctx *c, struct route_args *a, int argc, char **argv, int *i,
		     bool del)
{
	const char *w = argv[*i];

	if (strcmp(w, "via") && strcmp(w, "dev") && strcmp(w, "metric") && strcmp(w, "to"))
		return 0;
	if ((!strcmp(w, "via") && a->have_gw) || (!strcmp(w, "dev") && a->dev) ||
	    (!strcmp(w, "to") && a->have_prefix) || (del && strcmp(w, "via") && strcmp(w, "to")))
		return cmd_garbage(c, argv[*i - 1 >= 0 ? *i - 1 : 0], w);
	if (++*i == argc)
		return cmd_incomplete(c);
	if (!strcmp(w, "via")) {
		a->have_gw = true;
		a->gw_word = argv[*i];
		return cmd_parse_addr(c, argv[*i], c->af, &a->rt.gw) ? -1 : 1;
	}
	if (!strcmp(w, "dev")) {
		a->dev = argv[*i];
		return 1;
	}
	if (!strcmp(w, "metric"))
		return cmd_parse_u32(c, "metric", argv[*i], &a->rt.metric) ? -1 : 1;
	return route_set_prefix(c, a, argv[*i]) ? -1 : 1;
}

/* A member's keyword at argv[*i] with its value; 0 if w is none of via, dev, weight. */
static int route_member_key(struct cmd_ctx *c, struct route_member *m, int argc, char **argv,
			    int *i)
{
	const char *w = argv[*i];
	uint32_t weight;

	if (strcmp(w, "via") && strcmp(w, "dev") && strcmp(w, "weight"))
		return 0;
	if ((!strcmp(w, "via") && m->have_gw) || (!strcmp(w, "dev") && m->dev))
		return cmd_garbage(c, w, argv[*i]);
	if (++*i == argc)
		return cmd_incomplete(c);
	if (!strcmp(w, "via")) {
		m->have_gw = true;
		m->gw_word = argv[*i];
		return cmd_parse_addr(c, argv[*i], c->af, &m->m.gw) ? -1 : 1;
	}
	if (!strcmp(w, "dev")) {
		m->dev = argv[*i];
		return 1;
	}
	/* iproute2's range and words. */
	if (cmd_parse_u32(c, "weight", argv[*i], &weight))
		return -1;
	if (!weight || weight > XR_ECMP_WEIGHT_MAX)
		return cmd_inv_arg(c, argv[*i], "\"weight\" is invalid");
	m->m.weight = (uint16_t)weight;
	return 1;
}

/* `nexthop` at argv[*i] and its keywords: 0, or -1 after saying why not. */
static int route_nexthop(struct cmd_ctx *c, struct route_args *a, int argc, char **argv, int *i)
{
	struct route_member *m;

	if (a->n_nh == XR_ECMP_MAX)
		return cmd_err(c, "too many next hops: a route has at most %u", XR_ECMP_MAX);
	m = &a->nh[a->n_nh++];
	m->m.weight = 1;
	while (*i + 1 < argc) {
		int k;

		++*i;
		k = route_member_key(c, m, argc, argv, i);
		if (k < 0)
			return -1;
		if (!k) {
			--*i;
			break;
		}
	}
	if (!m->have_gw && !m->dev)
		return cmd_err(c, "a nexthop needs \"via\" or \"dev\".");
	return 0;
}

static int route_parse(struct cmd_ctx *c, int argc, char **argv, struct route_args *a, bool del)
{
	memset(a, 0, sizeof(*a));
	a->rt.type = XR_NH_UNICAST;
	for (int i = 0; i < argc; i++) {
		int k = route_key(c, a, argc, argv, &i, del);

		if (k < 0)
			return -1;
		if (k)
			continue;
		if (!del && !strcmp(argv[i], "nexthop")) {
			if (route_nexthop(c, a, argc, argv, &i))
				return -1;
			continue;
		}
		if (a->rt.type == XR_NH_UNICAST && route_type_word(a, argv[i]))
			continue;
		if (a->have_prefix)
			return cmd_garbage(c, a->prefix_word, argv[i]);
		if (route_set_prefix(c, a, argv[i]))
			return -1;
	}
	if (!a->have_prefix)
		return cmd_incomplete(c);
	/* `default`: the gateway's family, else -6's, else IPv4 as with ip. */
	if (!a->rt.dst.addr.af && !a->rt.gw.af && a->n_nh)
		a->rt.dst.addr.af = a->nh[0].m.gw.af;
	if (!a->rt.dst.addr.af)
		a->rt.dst.addr.af = a->rt.gw.af ? a->rt.gw.af : c->af ? c->af : AF_INET;
	if (a->have_gw && a->rt.gw.af != a->rt.dst.addr.af)
		return route_af_mismatch(c, a, a->gw_word);
	for (unsigned i = 0; i < a->n_nh; i++)
		if (a->nh[i].have_gw && a->nh[i].m.gw.af != a->rt.dst.addr.af)
			return route_af_mismatch(c, a, a->nh[i].gw_word);
	return 0;
}

/*
 * A gateway must be a neighbour: not one of our own addresses, nor the
 * network or broadcast address of a connected subnet it lies in (what
 * Linux refuses as "Nexthop has invalid gateway").
 */
static bool route_gw_is_ours(const struct router *r, const struct xr_ip *gw)
{
	for (unsigned i = 0; i < r->n_addrs; i++) {
		const struct rt_addr *a = &r->addrs[i];
		struct xr_prefix net = xr_prefix_masked(&a->pfx);
		struct xr_ip bcast;

		if (xr_ip_eq(gw, &a->pfx.addr))
			return true;
		/* Only a subnet with a broadcast has a network address too (RFC 3021). */
		if (addr_broadcast(&a->pfx, &bcast) && xr_prefix_contains(&a->pfx, gw) &&
		    (xr_ip_eq(gw, &net.addr) || xr_ip_eq(gw, &bcast)))
			return true;
	}
	return false;
}

/* A gateway and dev (either may be missing): ifid from dev; -1 after printing the error. */
static int route_resolve_nh(struct cmd_ctx *c, bool have_gw, const struct xr_ip *gw,
			    const char *gw_word, const char *dev, uint32_t *ifid)
{
	if (!have_gw && !dev)
		return cmd_err(c, "either \"via\" or \"dev\" is required.");
	if (have_gw && (!addr_gateway_usable(gw) || route_gw_is_ours(c->r, gw)))
		return cmd_err(c, "Nexthop has invalid gateway.");
	/* fe80::/10 is on every link: only dev says which one. */
	if (have_gw && addr_is_linklocal(gw) && !dev)
		return cmd_err(c, "Nexthop device is required for a link-local gateway \"%s\".",
			       gw_word);
	if (dev && link_cmd_l3_dev(c, dev, ifid))
		return -1;
	return 0;
}

/* Members of a multipath route: each as a single next hop, none twice. */
static int route_resolve_members(struct cmd_ctx *c, struct route_args *a)
{
	for (unsigned i = 0; i < a->n_nh; i++) {
		struct route_member *m = &a->nh[i];

		if (route_resolve_nh(c, m->have_gw, &m->m.gw, m->gw_word, m->dev, &m->m.ifid))
			return -1;
		for (unsigned j = 0; j < i; j++)
			if (xr_ip_eq(&a->nh[j].m.gw, &m->m.gw) && a->nh[j].m.ifid == m->m.ifid)
				return cmd_err(c, "duplicate nexthop: the route names it twice.");
	}
	/* One member is a plain route, as with ip. */
	if (a->n_nh == 1) {
		a->rt.gw = a->nh[0].m.gw;
		a->rt.ifid = a->nh[0].m.ifid;
		a->n_nh = 0;
	}
	return 0;
}

/* Fill ifid and check the combination; -1 after printing the error. */
static int route_resolve(struct cmd_ctx *c, struct route_args *a)
{
	const char *tname = a->rt.type == XR_NH_BLACKHOLE ? "blackhole" : "unreachable";

	a->rt.proto = RIB_PROTO_STATIC;
	if (a->rt.type != XR_NH_UNICAST) {
		if (a->have_gw || a->dev || a->n_nh)
			return cmd_err(c, "a %s route takes no \"via\", \"dev\" or \"nexthop\"",
				       tname);
		return 0;
	}
	if (a->n_nh && (a->have_gw || a->dev))
		return cmd_err(c, "a route takes either \"via\" and \"dev\", or \"nexthop\", "
			       "not both.");
	if (a->n_nh)
		return route_resolve_members(c, a);
	return route_resolve_nh(c, a->have_gw, &a->rt.gw, a->gw_word, a->dev, &a->rt.ifid);
}

/*
 * A multipath route's group (route_resolve() left two or more members):
 * the route names it by handle, and holds it once added (the caller puts
 * the reference taken here).  -1 after printing the error.
 */
static int route_group(struct cmd_ctx *c, struct route_args *a)
{
	struct nhg_member m[XR_ECMP_MAX];
	char dst[XR_PREFIX_STRLEN];
	int err;

	for (unsigned i = 0; i < a->n_nh; i++)
		m[i] = a->nh[i].m;
	err = rib_group_get(c->r->rib, a->rt.dst.addr.af, m, a->n_nh, &a->rt.ifid);
	switch (err) {
	case 0:
		a->rt.type = XR_NH_GROUP;
		return 0;
	case -ENETUNREACH:
		return cmd_err(c, "Nexthop has invalid gateway.");
	case -EINVAL:
		return cmd_err(c, "duplicate nexthop: the route names it twice.");
	case -ENOSPC:
		return cmd_err(c, "routing table is full: no ECMP group or next hop is free "
			       "(%u groups)", XR_NHG_MAX - 1);
	default:
		return cmd_err(c, "cannot add route %s: %s", route_dst(&a->rt, dst),
			       strerror(-err));
	}
}

/* The first non-local route of prefix/len (with gw if set): 0 or -ESRCH. */
static int route_find(struct router *r, const struct rib_route *want, struct rib_route *out)
{
	unsigned match = RIB_MATCH_NOT_LOCAL | RIB_MATCH_NOT_KRT | (want->gw.af ? RIB_MATCH_GW : 0);

	return rib_lookup(r->rib, want, match, out);
}

/* An identical route is already there (replaying state or an adopted config). */
static bool route_same_exists(struct router *r, const struct rib_route *rt)
{
	struct rib_route cur;

	if (rib_lookup(r->rib, rt, RIB_MATCH_METRIC | RIB_MATCH_NOT_LOCAL | RIB_MATCH_NOT_KRT, &cur))
		return false;
	return cur.type == rt->type && xr_ip_eq(&cur.gw, &rt->gw) &&
	       (!rt->ifid || cur.ifid == rt->ifid);
}

/* Say which limit an -ENOSPC hit, and how to raise it. */
static int route_full(struct cmd_ctx *c, const struct rib_route *rt)
{
	unsigned groups, nhs, max_groups, max_nhs;
	char dst[XR_PREFIX_STRLEN];

	rib_usage(c->r->rib, &groups, &nhs);
	rib_limits(c->r->rib, &max_groups, &max_nhs);
	if (rt->dst.addr.af == AF_INET6 && nhs < max_nhs) {
		unsigned used, max;

		/* A prefix may need several nodes: "full" is not used == max. */
		rib_fib6_usage(c->r->rib, &used, &max);
		return cmd_err(c, "routing table is full: %s needs more IPv6 FIB nodes than are "
			       "free (%u of %u in use; xrouterd --fib6-nodes)", route_dst(rt, dst),
			       used, max);
	}
	if (rt->dst.addr.af == AF_INET && rt->dst.len > 24 && groups >= max_groups)
		return cmd_err(c, "routing table is full: %s needs a tbl8 group and all %u are in use "
			       "(one per /24 holding longer prefixes; xrouterd --tbl8-groups)",
			       route_dst(rt, dst), max_groups);
	if (nhs >= max_nhs)
		return cmd_err(c, "routing table is full: all %u next hops are in use", max_nhs);
	return cmd_err(c, "routing table is full");
}

static int route_modify(struct cmd_ctx *c, int argc, char **argv, bool replace)
{
	struct route_args a;
	char dst[XR_PREFIX_STRLEN];
	int err;

	if (route_parse(c, argc, argv, &a, false) || route_resolve(c, &a))
		return -1;
	if (a.n_nh && route_group(c, &a))
		return -1;
	if (c->idempotent && !replace && route_same_exists(c->r, &a.rt))
		err = 0;
	else
		err = rib_add(c->r->rib, &a.rt, replace);
	/* The route holds its group now, or nothing does and it goes. */
	if (a.rt.type == XR_NH_GROUP)
		nhg_put(rib_groups(c->r->rib), a.rt.ifid);
	switch (err) {
	case 0:
		return 0;
	case -EEXIST:
		return cmd_err(c, "route exists: %s metric %u", route_dst(&a.rt, dst), a.rt.metric);
	case -ENETUNREACH:
		return cmd_err(c, "Nexthop has invalid gateway.");
	case -ENOSPC:
		return route_full(c, &a.rt);
	default:
		return cmd_err(c, "cannot add route %s: %s", route_dst(&a.rt, dst), strerror(-err));
	}
}

static int route_cmd_add(struct cmd_ctx *c, int argc, char **argv)
{
	return route_modify(c, argc, argv, false);
}

static int route_cmd_replace(struct cmd_ctx *c, int argc, char **argv)
{
	return route_modify(c, argc, argv, true);
}

static int route_cmd_del(struct cmd_ctx *c, int argc, char **argv)
{
	struct rib_route cur;
	struct route_args a;
	char dst[XR_PREFIX_STRLEN];
	int err;

	if (route_parse(c, argc, argv, &a, true))
		return -1;
	if (route_find(c->r, &a.rt, &cur))
		return cmd_err(c, "route not found: %s", route_dst(&a.rt, dst));
	err = rib_del(c->r->rib, &a.rt.dst, &a.rt.gw);
	if (err)
		return cmd_err(c, "cannot delete route %s: %s", route_dst(&a.rt, dst), strerror(-err));
	return 0;
}

static const char *route_type_name(uint8_t type)
{
	switch (type) {
	case XR_NH_BLACKHOLE: return "blackhole";
	case XR_NH_UNREACHABLE: return "unreachable";
	case XR_NH_LOCAL: return "local";
	case XR_NH_BROADCAST: return "broadcast";
	default: return "unicast";
	}
}

/*
 * The three views of a route, from one printer so they cannot drift:
 * `route show` (all but the local table), `route get ADDR` (the route an
 * address takes, with its source and neighbour) and the journal's saved
 * line, which is the show line of the fields a user typed.
 */
enum route_view {
	ROUTE_SHOW,
	ROUTE_GET,
	ROUTE_SAVE,
};

static void route_get_neigh(struct router *r, uint32_t ifid, const struct xr_ip *nh)
{
	uint8_t mac[6];
	bool has_mac = false;
	const char *state = neigh_state_name(r, ifid, nh, mac, &has_mac);
	char buf[18];

	print_string(PRINT_ANY, "neigh", "neigh %s ", state);
	if (has_mac)
		print_string(PRINT_ANY, "lladdr", "lladdr %s ", print_mac(mac, buf));
}

/* The router's source toward the route's destination (get: toward addr). */
static const struct xr_ip *route_src(struct router *r, const struct rib_route *rt,
				     enum route_view v, const struct xr_ip *addr)
{
	if (rt->type == XR_NH_GROUP)
		return NULL;
	/* A link-local gateway says nothing of the scope addr needs: addr decides. */
	if (v == ROUTE_GET && rt->ifid)
		return addr_src_for(r, rt->ifid,
				    rt->gw.af && !addr_is_linklocal(&rt->gw) ? &rt->gw : addr);
	if (v == ROUTE_SHOW && rt->proto == RIB_PROTO_KERNEL)
		return addr_src_for(r, rt->ifid, &rt->dst.addr);
	return NULL;
}

/* `proto NAME` as ip prints it: connected routes are the kernel's, synced
 * ones carry the kernel's protocol (a number where it has no name). */
static void route_print_proto(const struct rib_route *rt)
{
	const char *name = rtnl_proto_name(rt->kproto);
	char num[4];

	if (rt->proto == RIB_PROTO_KERNEL) {
		print_string(PRINT_ANY, "protocol", "proto %s ", "kernel");
	} else if (rt->proto == RIB_PROTO_KRT) {
		if (!name) {
			snprintf(num, sizeof(num), "%u", rt->kproto);
			name = num;
		}
		print_string(PRINT_ANY, "protocol", "proto %s ", name);
	}
}

/*
 * A multipath route's members as ip prints them: one indented line each
 * (JSON `nexthops`), or inline for the saved line, which reads back.
 */
static void route_print_members(struct router *r, const struct rib_route *rt, enum route_view v)
{
	const struct nhg_table *g = rib_groups(r->rib);
	struct nhg_member m[XR_ECMP_MAX];
	char ip[XR_IP_STRLEN];
	unsigned n;

	if (!g || nhg_members(g, rt->ifid, m, &n))
		return;
	print_open_array("nexthops");
	for (unsigned i = 0; i < n; i++) {
		print_text(v == ROUTE_SAVE ? "nexthop " : "\n\tnexthop ");
		print_open_object(NULL);
		if (m[i].gw.af)
			print_string(PRINT_ANY, "gateway", "via %s ", xr_ip_str(&m[i].gw, ip));
		print_string(PRINT_ANY, "dev", "dev %s ", link_ifid_name(r, m[i].ifid));
		print_uint(PRINT_ANY, "weight", "weight %llu ", m[i].weight);
		if (v != ROUTE_SAVE) {
			bool dead = !nhg_member_live(g, rt->ifid, i);

			print_open_array("flags");
			if (dead) {
				print_string(PRINT_ANY, NULL, "%s ", "dead");
				print_string(PRINT_ANY, NULL, "%s ", "linkdown");
			}
			print_close_array();
		}
		print_close_object();
	}
	print_close_array();
}

/* addr: the address asked for by `route get`, NULL otherwise. */
static void route_print(struct router *r, const struct rib_route *rt, enum route_view v,
			const struct xr_ip *addr)
{
	char dst[XR_PREFIX_STRLEN], ip[XR_IP_STRLEN];
	const struct xr_ip *src = route_src(r, rt, v, addr);
	bool group = rt->type == XR_NH_GROUP;

	print_open_object(NULL);
	if (rt->type != XR_NH_UNICAST && !group)
		print_string(PRINT_ANY, "type", "%s ", route_type_name(rt->type));
	print_string(PRINT_ANY, "dst", "%s ", v == ROUTE_GET ? xr_ip_str(addr, ip) : route_dst(rt, dst));
	if (rt->gw.af)
		print_string(PRINT_ANY, "gateway", "via %s ", xr_ip_str(&rt->gw, ip));
	if (rt->ifid && !group)
		print_string(PRINT_ANY, "dev", "dev %s ", link_ifid_name(r, rt->ifid));
	if (group && v == ROUTE_SAVE)
		route_print_members(r, rt, v);
	if (v == ROUTE_SHOW)
		route_print_proto(rt);
	if (v == ROUTE_SHOW && rt->type == XR_NH_UNICAST && !rt->gw.af)
		print_string(PRINT_ANY, "scope", "scope %s ", "link");
	if (src)
		print_string(PRINT_ANY, "prefsrc", "src %s ", xr_ip_str(src, ip));
	if (v == ROUTE_GET)
		print_string(PRINT_ANY, "route", "route %s ", route_dst(rt, dst));
	print_uint(rt->metric || v != ROUTE_SHOW ? PRINT_ANY : PRINT_JSON, "metric", "metric %llu ",
		   rt->metric);
	if (v == ROUTE_GET && rt->type == XR_NH_UNICAST)
		route_get_neigh(r, rt->ifid, rt->gw.af ? &rt->gw : addr);
	if (v == ROUTE_SHOW) {
		print_open_array("flags");
		print_close_array();
	}
	if (group && v != ROUTE_SAVE)
		route_print_members(r, rt, v);
	print_nl();
	print_close_object();
}

struct route_walk {
	struct router *r;
	int af;
};

static int route_show_fn(const struct rib_route *rt, void *ctx)
{
	const struct route_walk *w = ctx;

	if (rt->proto != RIB_PROTO_LOCAL && rt->dst.addr.af == w->af)
		route_print(w->r, rt, ROUTE_SHOW, NULL);
	return 0;
}

/* One family, IPv4 unless -6, as `ip route show` and `ip -6 route show`. */
static int route_cmd_show(struct cmd_ctx *c, int argc, char **argv)
{
	struct route_walk w = { c->r, c->af ? c->af : AF_INET };

	if (argc > 0)
		return cmd_garbage(c, "show", argv[0]);
	print_open_array(NULL);
	rib_foreach(c->r->rib, route_show_fn, &w);
	print_close_array();
	return 0;
}

/* `route get`'s flow: iproute2's keywords; set: any of them was given. */
struct route_get_args {
	struct nhg_flow fl;
	bool set;
};

/* ipproto as ip takes it: a name /etc/protocols would give, or a number. */
static int route_parse_ipproto(struct cmd_ctx *c, const char *s, uint8_t *proto)
{
	static const char *const names[][2] = {
		{ "icmp", "1" }, { "tcp", "6" }, { "udp", "17" }, { "ipv6-icmp", "58" },
		{ "icmpv6", "58" }, { "sctp", "132" },
	};
	uint32_t n;

	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(s, names[i][0]))
			s = names[i][1];
	if (cmd_parse_u32(c, "ipproto", s, &n))
		return -1;
	if (n > 255)
		return cmd_inv_arg(c, s, "\"ipproto\" value is invalid");
	*proto = n;
	return 0;
}

static int route_parse_port(struct cmd_ctx *c, const char *key, const char *s, uint16_t *port)
{
	uint32_t n;

	if (cmd_parse_u32(c, key, s, &n))
		return -1;
	if (n > 65535) {
		char what[32];

		snprintf(what, sizeof(what), "\"%s\" value is invalid", key);
		return cmd_inv_arg(c, s, what);
	}
	*port = n;
	return 0;
}

/* One keyword and its value; 0, or -1 with the error said. */
static int route_get_arg(struct cmd_ctx *c, const char *key, const char *val,
			 struct route_get_args *a)
{
	uint32_t ifid;

	a->set = true;
	if (!strcmp(key, "from"))
		return cmd_parse_addr(c, val, a->fl.dst.af, &a->fl.src);
	if (!strcmp(key, "ipproto"))
		return route_parse_ipproto(c, val, &a->fl.proto);
	if (!strcmp(key, "sport"))
		return route_parse_port(c, key, val, &a->fl.sport);
	if (!strcmp(key, "dport"))
		return route_parse_port(c, key, val, &a->fl.dport);
	if (!strcmp(key, "flowlabel")) {
		if (cmd_parse_u32(c, key, val, &a->fl.label))
			return -1;
		return a->fl.label > 0xfffff ? cmd_inv_arg(c, val, "\"flowlabel\" value is invalid") : 0;
	}
	/* The hash leaves the ingress port out; it must still be one of ours. */
	if (!strcmp(key, "iif"))
		return link_cmd_l3_dev(c, val, &ifid);
	return cmd_garbage(c, key, val);
}

/* ADDR [from ADDR] [ipproto PROTO] [sport N] [dport N] [flowlabel N] [iif DEV] */
static int route_get_parse(struct cmd_ctx *c, int argc, char **argv, struct route_get_args *a)
{
	if (argc < 1)
		return cmd_incomplete(c);
	if (cmd_parse_addr(c, argv[0], c->af, &a->fl.dst))
		return -1;
	for (int i = 1; i < argc; i += 2) {
		if (i + 1 >= argc)
			return cmd_incomplete(c);
		if (route_get_arg(c, argv[i], argv[i + 1], a))
			return -1;
	}
	return 0;
}

/*
 * An ECMP route with a flow given: the member that flow takes, printed as
 * a single route is (`ip route get` prints the path it picked).
 */
static int route_get_member(struct router *r, struct rib_route *rt, const struct nhg_flow *fl)
{
	const struct nhg_table *g = rib_groups(r->rib);
	struct nhg_member m[XR_ECMP_MAX];
	uint64_t hash;
	unsigned n;
	int i;

	if (!g || nhg_members(g, rt->ifid, m, &n))
		return -ESRCH;
	i = nhg_flow_pick(g, rt->ifid, fl, &hash);
	if (i < 0 || (unsigned)i >= n)
		return -ESRCH;
	rt->type = XR_NH_UNICAST;
	rt->ifid = m[i].ifid;
	rt->gw = m[i].gw;
	return 0;
}

static int route_cmd_get(struct cmd_ctx *c, int argc, char **argv)
{
	struct route_get_args a = { 0 };
	struct rib_route rt;
	uint32_t nh_id;

	if (route_get_parse(c, argc, argv, &a))
		return -1;
	if (rib_get(c->r->rib, &a.fl.dst, &rt, &nh_id))
		return cmd_err(c, "no route to %s: Network is unreachable", argv[0]);
	if (rt.type == XR_NH_GROUP && a.set && route_get_member(c->r, &rt, &a.fl))
		return cmd_err(c, "no route to %s: Network is unreachable", argv[0]);
	print_open_array(NULL);
	route_print(c->r, &rt, ROUTE_GET, &a.fl.dst);
	print_close_array();
	return 0;
}

/* Static routes as `route add` lines: the others come from addresses.
 * An IPv6 line says -6, so `default blackhole` reads back as IPv6. */
int route_save_one(const struct rib_route *rt, void *ctx)
{
	if (rt->proto == RIB_PROTO_STATIC) {
		print_text(rt->dst.addr.af == AF_INET6 ? "-6 route add " : "route add ");
		route_print(ctx, rt, ROUTE_SAVE, NULL);
	}
	return 0;
}

static void route_save(struct router *r, FILE *f)
{
	print_begin(f, false);
	rib_foreach(r->rib, route_save_one, r);
	print_end();
}

/* --config into fresh tables: routes are checked and kept line by line,
 * and the IPv6 FIB compiled once, after the last (rib_defer). */
static void route_batch_begin(struct router *r, size_t lines)
{
	rib_reserve(r->rib, lines);
	rib_defer(r->rib);
}

static int route_batch_end(struct router *r, FILE *err)
{
	struct cmd_ctx c = { .r = r, .err = err };
	unsigned used, max;
	int e = rib_commit(r->rib);

	if (!e)
		return 0;
	if (e != -ENOSPC)
		return cmd_err(&c, "cannot compile the IPv6 routes: %s", strerror(-e));
	rib_fib6_usage(r->rib, &used, &max);
	return cmd_err(&c, "routing table is full: the IPv6 routes need more IPv6 FIB nodes than "
		       "are free (%u of %u in use; xrouterd --fib6-nodes)", used, max);
}

/* Routes through a gone interface go, and so do routes via a gateway that
 * only a gone interface or address reached. */
static void route_event(struct router *r, enum xr_event ev, const void *arg)
{
	const struct xr_ev_iface *e = arg;

	if (ev == XR_EV_IFACE_DEL)
		rib_del_ifid(r->rib, e->ifid);
	if (ev == XR_EV_IFACE_DEL || ev == XR_EV_ADDR_DEL)
		rib_prune_unreachable_gw(r->rib);
}

/* add and replace take the same arguments. */
#define ROUTE_ARGS	"PREFIX via ADDRESS [ dev DEV ] [ metric NUMBER ]\n"	\
			"PREFIX dev DEV [ metric NUMBER ]\n"			\
			"PREFIX nexthop NEXTHOP [ nexthop NEXTHOP ... ] [ metric NUMBER ]\n" \
			"PREFIX { blackhole | unreachable } [ metric NUMBER ]"

/* NEXTHOP spelled out in the description: as a form, its "via" would make
 * completion offer ECMP words after a plain route's via. */
#define ROUTE_ECMP_HELP	"; ECMP: NEXTHOP is { via ADDRESS [ dev DEV ] | dev DEV } " \
			"[ weight 1-256 ], 2 to 32 of them"

static const struct cmd_def route_cmds[] = {
	{ "route", "add", route_cmd_add, 0, ROUTE_ARGS, "add a static route" ROUTE_ECMP_HELP },
	{ "route", "replace", route_cmd_replace, 0, ROUTE_ARGS,
	  "add a static route, or change the one with that prefix" ROUTE_ECMP_HELP },
	{ "route", "del", route_cmd_del, 0, "PREFIX [ via ADDRESS ]", "remove a static route" },
	{ "route", "show", route_cmd_show, CMD_RO, "", "list the routes (IPv4; -6: IPv6)" },
	{ "route", "get", route_cmd_get, CMD_RO,
	  "ADDRESS [ from ADDRESS ] [ ipproto PROTOCOL ] [ sport NUMBER ] [ dport NUMBER ] "
	  "[ flowlabel NUMBER ] [ iif DEV ]",
	  "the route, next hop and neighbour the fast path picks; of an ECMP route, with a flow "
	  "given, the member that flow takes (else all members)" },
};
XR_COMMANDS(route_cmds)

/* ---- metrics ---- */

static const char *const route_proto_names[] = {
	[RIB_PROTO_STATIC] = "static",
	[RIB_PROTO_KERNEL] = "kernel",
	[RIB_PROTO_LOCAL] = "local",
};
#define ROUTE_PROTO_NAMED	(sizeof(route_proto_names) / sizeof(route_proto_names[0]))

/* Routes by family and protocol; the named protocols always, so the series stay put. */
static void route_metrics_af(struct metrics *m, struct router *r, int af)
{
	size_t n[RIB_PROTO_SLOTS];
	char num[4];

	rib_count_proto(r->rib, af, n);
	for (unsigned p = 0; p < RIB_PROTO_SLOTS; p++) {
		if (p >= ROUTE_PROTO_NAMED && !n[p])
			continue;
		snprintf(num, sizeof(num), "%u", p);
		metrics_sample(m, METRICS_L({ "family", metrics_af_label(af) },
			{ "protocol", p < ROUTE_PROTO_NAMED ? route_proto_names[p] : num }), n[p]);
	}
}

static void route_metrics(struct metrics *m, struct router *r)
{
	metrics_family(m, "xrouter_routes", METRICS_GAUGE,
		       "Routes in the routing table, by address family and protocol (local: the "
		       "router's own addresses and subnet broadcasts).");
	route_metrics_af(m, r, AF_INET);
	route_metrics_af(m, r, AF_INET6);
}

static struct metrics_collector route_collector = { "route", route_metrics, NULL };
XR_METRICS(route_collector)

static struct xr_module route_module = {
	.name = "route",
	.order = ROUTER_ORDER_ROUTE,
	.event = route_event,
	.save = route_save,
	.batch_begin = route_batch_begin,
	.batch_end = route_batch_end,
};
XR_MODULE(route_module)
