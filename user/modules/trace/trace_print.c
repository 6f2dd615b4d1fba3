// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * A traced packet told: a header line saying what arrived, then one
 * indented line per decision in the order it was taken, the fast path's
 * then the daemon's; with -j the same as one JSON object per packet
 * (README "Tracing a packet" documents its keys).  Every value comes from
 * a record the fast path wrote and is checked before it indexes anything.
 */
#include <arpa/inet.h>
#include <string.h>

#include "dp.h"
#include "print.h"
#include "rib.h"
#include "router.h"
#include "tracemod.h"

#define IND	"\n    "	/* a step's line: under its packet's header */

bool trace_pkt_handed_off(const struct xr_trace_rec *rec)
{
	unsigned n = rec->nsteps < XR_TRACE_STEPS ? rec->nsteps : XR_TRACE_STEPS;

	for (unsigned i = 0; i < n; i++)
		if (rec->s[i].kind == XR_TS_COUNT && rec->s[i].b == XR_STAT_HANDOFF)
			return true;
	return false;
}

static const char *tp_ifname(struct router *r, uint32_t ifid, char buf[24])
{
	const char *name = r ? link_ifid_name(r, ifid) : "?";

	if (strcmp(name, "?"))
		return name;
	snprintf(buf, 24, "%s%u", ifid & XR_IFID_BRIDGE ? "switch" : "if",
		 ifid & ~XR_IFID_BRIDGE);
	return buf;
}

static struct xr_ip tp_ip(const struct xr_ipaddr *a)
{
	struct xr_ip ip = { .af = a->af == XR_AF_INET6 ? AF_INET6 : AF_INET };

	memcpy(ip.b, a->b, sizeof(ip.b));
	return ip;
}

static const char *tp_proto_name(uint8_t proto, char buf[8])
{
	switch (proto) {
	case 1: return "icmp";
	case 6: return "tcp";
	case 17: return "udp";
	case 58: return "icmpv6";
	}
	snprintf(buf, 8, "%u", proto);
	return buf;
}

/* ICMP and ICMPv6 messages by type, as tcpdump words them. */
static const char *tp_icmp_name(uint8_t proto, uint8_t type)
{
	if (proto == 1) {
		switch (type) {
		case 0: return "echo-reply";
		case 3: return "unreachable";
		case 8: return "echo-request";
		case 11: return "time-exceeded";
		case 12: return "parameter-problem";
		}
	} else if (proto == 58) {
		switch (type) {
		case 1: return "unreachable";
		case 2: return "packet-too-big";
		case 3: return "time-exceeded";
		case 128: return "echo-request";
		case 129: return "echo-reply";
		case 133: return "router-solicitation";
		case 134: return "router-advertisement";
		case 135: return "neighbor-solicitation";
		case 136: return "neighbor-advertisement";
		}
	}
	return "type";
}

static void tp_mac(const char *key, const char *fmt, const uint8_t m[6])
{
	char buf[18];

	print_string(PRINT_ANY, key, fmt, print_mac(m, buf));
}

static void tp_addr(const char *key, const char *fmt, const struct xr_ip *a)
{
	char buf[XR_IP_STRLEN];

	print_string(PRINT_ANY, key, fmt, xr_ip_str(a, buf));
}

/* The header: what arrived, where. */
static void tp_header(struct router *r, const struct xr_trace_rec *rec, unsigned seq)
{
	struct xr_ip src = tp_ip(&rec->src), dst = tp_ip(&rec->dst);
	uint8_t type = ntohs(rec->sport) >> 8, code = ntohs(rec->sport) & 0xff;
	char b[24], pb[8];

	print_uint(PRINT_ANY, "packet", "packet %llu", seq);
	print_uint(PRINT_JSON, "id", NULL, rec->id);
	print_uint(PRINT_JSON, "time_ns", NULL, rec->ts_ns);
	/* CLOCK_MONOTONIC: every router of a machine reads the same clock. */
	print_text(" at %llu.%06llu", (unsigned long long)(rec->ts_ns / 1000000000),
		   (unsigned long long)(rec->ts_ns / 1000 % 1000000));
	print_string(PRINT_ANY, "dev", " in %s", tp_ifname(r, rec->ifindex, b));
	if (rec->vlan) {
		print_uint(PRINT_ANY, "vlan", " vlan %llu", rec->vlan);
	} else if (rec->pvid) {
		print_uint(PRINT_ANY, "vlan", " vlan %llu", rec->pvid);
		print_bool(PRINT_JSON, "vlan_untagged", NULL, true);
		print_text(" (untagged, pvid)");
	}
	print_text(":");
	if (!rec->src.af) {
		print_uint(PRINT_ANY, "ethertype", " ethertype 0x%04llx", ntohs(rec->eth_proto));
	} else if (rec->eth_proto == htons(0x0806)) {
		print_string(PRINT_ANY, "protocol", " %s", "arp");
		print_string(PRINT_ANY, "arp", " %s", ntohs(rec->sport) == 1 ? "request" :
			     ntohs(rec->sport) == 2 ? "reply" : "other");
		tp_addr("src", " %s", &src);
		tp_addr("dst", " > %s", &dst);
	} else {
		print_string(PRINT_JSON, "family", NULL, rec->src.af == XR_AF_INET ? "inet" : "inet6");
		tp_addr("src", " %s", &src);
		tp_addr("dst", " > %s", &dst);
		print_string(PRINT_ANY, "protocol", " %s", tp_proto_name(rec->proto, pb));
		if (rec->proto == 1 || rec->proto == 58) {
			print_string(PRINT_ANY, "icmp", " %s", tp_icmp_name(rec->proto, type));
			print_uint(PRINT_JSON, "icmp_type", NULL, type);
			print_uint(PRINT_JSON, "icmp_code", NULL, code);
			if (type == 8 || type == 0 || type == 128 || type == 129)
				print_uint(PRINT_ANY, "icmp_id", " id %llu", ntohs(rec->dport));
			else
				print_uint(PRINT_FP, NULL, " code %llu", code);
		} else if (rec->proto == 6 || rec->proto == 17) {
			print_uint(PRINT_ANY, "sport", " port %llu", ntohs(rec->sport));
			print_uint(PRINT_ANY, "dport", " > %llu", ntohs(rec->dport));
		}
		print_uint(PRINT_ANY, "ttl", " ttl %llu", rec->ttl);
	}
	print_uint(PRINT_ANY, "length", " length %llu", rec->len);
	tp_mac("mac_src", IND "from %s", rec->mac_src);
	tp_mac("mac_dst", " to %s", rec->mac_dst);
}

/* The route the fast path took: what rib_get() reads from the same tables. */
static void tp_route(struct router *r, const struct xr_trace_rec *rec,
		     const struct xr_trace_step *s)
{
	static const char *const types[XR_NH_TYPE_MAX] = {
		[XR_NH_UNICAST] = "unicast", [XR_NH_BLACKHOLE] = "blackhole",
		[XR_NH_UNREACHABLE] = "unreachable", [XR_NH_LOCAL] = "local",
		[XR_NH_BROADCAST] = "broadcast",
	};
	static const char *const protos[] = { "static", "kernel", "local", "kernel-sync" };
	struct xr_ip dst = tp_ip(&rec->dst);
	char pfx[XR_PREFIX_STRLEN], b[24];
	struct rib_route rt;
	uint32_t nh;

	print_string(PRINT_JSON, "step", NULL, "route");
	if (!s->c) {
		print_text(IND "no route");
		print_string(PRINT_JSON, "type", NULL, "none");
		return;
	}
	print_string(PRINT_ANY, "type", IND "route %s",
		     s->a < XR_NH_TYPE_MAX && types[s->a] ? types[s->a] : "?");
	if (!r || rib_get(r->rib, &dst, &rt, &nh) || nh != s->c) {
		print_uint(PRINT_ANY, "nexthop", " next hop %llu", s->c);
		return;
	}
	print_string(PRINT_ANY, "dst", " %s", xr_prefix_str(&rt.dst, pfx));
	if (rt.gw.af && !xr_ip_is_zero(&rt.gw))
		tp_addr("gateway", " via %s", &rt.gw);
	if (rt.ifid)
		print_string(PRINT_ANY, "dev", " dev %s", tp_ifname(r, rt.ifid, b));
	print_string(PRINT_ANY, "protocol", " proto %s",
		     rt.proto < sizeof(protos) / sizeof(protos[0]) ? protos[rt.proto] : "?");
	print_uint(PRINT_ANY, "metric", " metric %llu", rt.metric);
}

/* A switch's ports a flood reaches: all but the ingress one. */
static unsigned tp_flood_ports(struct router *r, uint32_t bridge, uint32_t in)
{
	unsigned n = 0;

	for (unsigned i = 0; r && i < XR_MAX_PORTS; i++)
		if (r->ports[i].used && r->ports[i].bridge == bridge && r->ports[i].ifindex != in)
			n++;
	return n;
}

static const char *tp_stat_name(unsigned s, const char *strip)
{
	const char *name = s < XR_STAT_MAX ? xr_stat_names[s] : "?";
	size_t n = strlen(strip);

	return strncmp(name, strip, n) ? name : name + n;
}

/* The verdict, from the counter the frame bumped. */
static void tp_count(struct router *r, const struct xr_trace_rec *rec, unsigned s,
		     uint32_t out)
{
	char b[24];

	if (s == XR_STAT_HANDOFF || s == XR_STAT_RX)
		return;
	print_open_object(NULL);
	print_string(PRINT_JSON, "step", NULL, "verdict");
	if (s < XR_HANDOFF_REASON_MAX) {
		print_string(PRINT_ANY, "verdict", IND "%s", "handoff");
		print_string(PRINT_ANY, "reason", " to the daemon: %s", tp_stat_name(s, "handoff_"));
	} else if (s == XR_STAT_FORWARDED || s == XR_STAT_SWITCHED) {
		print_string(PRINT_ANY, "verdict", IND "%s", xr_stat_names[s]);
		if (out)
			print_string(PRINT_ANY, "dev", " out %s", tp_ifname(r, out, b));
	} else if (s == XR_STAT_FLOODED) {
		print_string(PRINT_ANY, "verdict", IND "%s", "flooded");
	} else if (s == XR_STAT_PASS) {
		print_string(PRINT_ANY, "verdict", IND "%s", "pass");
		print_text(" to the kernel stack");
	} else {
		print_string(PRINT_ANY, "verdict", IND "%s", "dropped");
		print_string(PRINT_ANY, "reason", ": %s", tp_stat_name(s, "drop_"));
	}
	print_close_object();
	(void)rec;
}

static void tp_learn(struct router *r, const struct xr_trace_rec *rec,
		     const struct xr_trace_step *s)
{
	static const char *const how[] = { "?", "new", "moved", "known", "static" };
	char b[24];

	tp_mac("mac", IND "learn %s", rec->mac_src);
	print_string(PRINT_ANY, "dev", " on %s", tp_ifname(r, rec->ifindex, b));
	print_string(PRINT_ANY, "result", ": %s", how[s->a < 5 ? s->a : 0]);
	if (s->a == XR_TRACE_LEARN_MOVED)
		print_string(PRINT_ANY, "from", " from %s", tp_ifname(r, s->c, b));
}

/* The tag on the way out: pushed, popped or rewritten (b: the VID now, c: before). */
static void tp_vlan(const struct xr_trace_step *s)
{
	const char *op = !s->c ? "push" : !s->b ? "pop" : "rewrite";

	print_string(PRINT_ANY, "op", IND "vlan %s", op);
	if (s->c)
		print_uint(PRINT_ANY, "from", " %llu", s->c & 0xfff);
	if (s->c && s->b)
		print_text(" ->");
	if (s->b)
		print_uint(PRINT_ANY, "vlan", " %llu", s->b & 0xfff);
}

static void tp_checks(unsigned af)
{
	print_open_object(NULL);
	print_string(PRINT_JSON, "step", NULL, "checks");
	print_text(IND "checks passed: %s", af == XR_AF_INET6 ? "IPv6 header, length, addresses" :
		   "IPv4 header, length, checksum, addresses, options");
	print_close_object();
}

/* One fast-path step; *out follows the egress for the verdict line. */
static void tp_step(struct router *r, const struct xr_trace_rec *rec,
		    const struct xr_trace_step *s, uint32_t *out)
{
	static const char *const names[XR_TS_FP_MAX] = {
		[XR_TS_COUNT] = "verdict", [XR_TS_CHECKS] = "checks", [XR_TS_ROUTE] = "route",
		[XR_TS_EGRESS] = "egress", [XR_TS_NEIGH] = "neighbour", [XR_TS_TTL] = "ttl",
		[XR_TS_CSUM] = "checksum", [XR_TS_MACS] = "rewrite", [XR_TS_LEARN] = "learn",
		[XR_TS_FDB] = "fdb", [XR_TS_FLOOD] = "flood", [XR_TS_ECMP] = "ecmp",
		[XR_TS_VLAN] = "vlan",
	};
	char b[24], hex[8];

	if (s->kind == XR_TS_COUNT) {
		tp_count(r, rec, s->b, *out);
		return;
	}
	if (s->kind == XR_TS_ROUTE)
		tp_checks(s->b);	/* a route is looked up once they passed */
	print_open_object(NULL);
	if (s->kind != XR_TS_ROUTE)
		print_string(PRINT_JSON, "step", NULL,
			     s->kind < XR_TS_FP_MAX && names[s->kind] ? names[s->kind] : "?");
	switch (s->kind) {
	case XR_TS_ROUTE:
		tp_route(r, rec, s);
		break;
	case XR_TS_EGRESS:
		*out = s->c;
		print_string(PRINT_ANY, "dev", IND "egress %s", tp_ifname(r, s->c, b));
		if (s->b)
			print_uint(PRINT_ANY, "mtu", " mtu %llu", s->b);
		break;
	case XR_TS_NEIGH:
		tp_mac("lladdr", IND "next hop lladdr %s", rec->out_dst);
		break;
	case XR_TS_TTL:
		print_uint(PRINT_ANY, "before", IND "ttl %llu", s->a);
		print_uint(PRINT_ANY, "after", " -> %llu", s->b);
		break;
	case XR_TS_CSUM:
		snprintf(hex, sizeof(hex), "0x%04x", s->b);
		print_string(PRINT_ANY, "before", IND "checksum %s", hex);
		snprintf(hex, sizeof(hex), "0x%04x", (uint16_t)s->c);
		print_string(PRINT_ANY, "after", " -> %s", hex);
		break;
	case XR_TS_MACS:
		tp_mac("src", IND "mac %s", rec->mac_src);
		tp_mac("dst", " > %s", rec->mac_dst);
		tp_mac("new_src", " -> %s", rec->out_src);
		tp_mac("new_dst", " > %s", rec->out_dst);
		break;
	case XR_TS_LEARN:
		tp_learn(r, rec, s);
		break;
	case XR_TS_FDB:
		*out = s->c;
		if (s->c)
			print_string(PRINT_ANY, "dev", IND "fdb: known unicast to %s",
				     tp_ifname(r, s->c, b));
		else
			print_text(IND "fdb: unknown unicast");
		break;
	case XR_TS_FLOOD:
		print_uint(PRINT_ANY, "ports", IND "flood to %llu ports",
			   tp_flood_ports(r, s->c, rec->ifindex));
		print_string(PRINT_ANY, "bridge", " of %s", tp_ifname(r, XR_IFID_BRIDGE | s->c, b));
		break;
	case XR_TS_VLAN:
		tp_vlan(s);
		break;
	case XR_TS_ECMP:
		snprintf(b, sizeof(b), "0x%08x", s->c);
		print_string(PRINT_ANY, "hash", IND "ecmp: flow hash %s", b);
		print_uint(PRINT_ANY, "bucket", ", bucket %llu", s->b);
		if (s->a)
			print_text(", no member (the group changed)");
		break;
	default:
		print_uint(PRINT_ANY, "kind", IND "step %llu", s->kind);
		break;
	}
	print_close_object();
}

/* What the daemon sent: the packet itself going on, or a packet it built. */
static void tp_xmit(struct router *r, const struct xr_trace_rec *rec, const struct xr_ev_trace *n)
{
	struct xr_ip src = tp_ip(&rec->src), dst = tp_ip(&rec->dst);
	char b[24], pb[8];

	if (xr_ip_eq(&n->x, &src) && xr_ip_eq(&n->y, &dst)) {
		print_string(PRINT_JSON, "step", NULL, "forwarded");
		print_string(PRINT_ANY, "dev", IND "daemon: forwarded out %s", tp_ifname(r, n->c, b));
		tp_mac("lladdr", " to %s", n->mac);
		print_uint(PRINT_ANY, "ttl", " ttl %llu", n->ttl);
		return;
	}
	print_string(PRINT_JSON, "step", NULL, "sent");
	print_string(PRINT_ANY, "protocol", IND "daemon: sent %s", tp_proto_name(n->proto, pb));
	if (n->proto == 1 || n->proto == 58) {
		print_string(PRINT_ANY, "icmp", " %s", tp_icmp_name(n->proto, n->b >> 8));
		print_uint(PRINT_JSON, "icmp_type", NULL, n->b >> 8);
		print_uint(PRINT_ANY, "icmp_code", " code %llu", n->b & 0xff);
	}
	tp_addr("dst", " to %s", &n->y);
	tp_addr("src", " from %s", &n->x);
	print_string(PRINT_ANY, "dev", " out %s", tp_ifname(r, n->c, b));
	tp_mac("lladdr", " to %s", n->mac);
}

/* The daemon's steps that carry no value: their name says it all. */
static void tp_note_plain(uint8_t kind)
{
	static const struct {
		uint8_t kind;
		const char *fmt, *name, *tail;
	} plain[] = {
		{ XR_TS_D_QUEUE_FULL, IND "daemon: %s", "queue_full", ", packet dropped" },
		{ XR_TS_D_RELEASED, IND "daemon: next hop %s", "resolved", ", packet released" },
		{ XR_TS_D_FAILED, IND "daemon: next hop %s", "failed", " to answer" },
		{ XR_TS_D_IGNORED, IND "daemon: %s", "ignored", ", no module takes it" },
	};

	for (unsigned i = 0; i < sizeof(plain) / sizeof(plain[0]); i++) {
		if (plain[i].kind == kind) {
			print_string(PRINT_ANY, "step", plain[i].fmt, plain[i].name);
			print_text("%s", plain[i].tail);
			return;
		}
	}
	print_uint(PRINT_ANY, "kind", IND "daemon: step %llu", kind);
}

static void tp_note(struct router *r, const struct xr_trace_rec *rec, const struct xr_ev_trace *n)
{
	char b[24];

	if (n->kind == XR_TS_D_DONE)
		return;
	print_open_object(NULL);
	switch (n->kind) {
	case XR_TS_D_XMIT:
		tp_xmit(r, rec, n);
		break;
	case XR_TS_D_RESOLVE:
		print_string(PRINT_JSON, "step", NULL, "resolve");
		print_string(PRINT_ANY, "via", IND "daemon: %s",
			     n->x.af == AF_INET6 ? "neighbor solicitation" : "arp request");
		tp_addr("gateway", " for %s", &n->x);
		print_string(PRINT_ANY, "dev", " on %s, packet queued", tp_ifname(r, n->c, b));
		break;
	case XR_TS_D_FRAGMENTED:
		print_string(PRINT_JSON, "step", NULL, "fragmented");
		print_uint(PRINT_ANY, "fragments", IND "daemon: fragmented into %llu", n->a);
		print_uint(PRINT_ANY, "mtu", " for mtu %llu", n->c);
		break;
	case XR_TS_D_ARP_REPLY:
		print_string(PRINT_JSON, "step", NULL, "arp_reply");
		print_string(PRINT_ANY, "dev", IND "daemon: arp reply sent out %s",
			     tp_ifname(r, n->c, b));
		break;
	default:
		tp_note_plain(n->kind);
		break;
	}
	print_close_object();
}

void trace_print_pkt(FILE *f, bool json, struct router *r, const struct trace_pkt *p,
		     unsigned seq)
{
	const struct xr_trace_rec *rec = &p->rec;
	unsigned n = rec->nsteps < XR_TRACE_STEPS ? rec->nsteps : XR_TRACE_STEPS;
	unsigned nn = p->nnotes < TRACE_NOTES_MAX ? p->nnotes : TRACE_NOTES_MAX;
	uint32_t out = 0;

	print_begin(f, json);
	print_open_object(NULL);
	tp_header(r, rec, seq);
	print_open_array("steps");
	for (unsigned i = 0; i < n; i++)
		tp_step(r, rec, &rec->s[i], &out);
	print_close_array();
	if (rec->nsteps > XR_TRACE_STEPS)
		print_uint(PRINT_ANY, "steps_lost", IND "(%llu more steps not recorded)",
			   rec->nsteps - XR_TRACE_STEPS);
	if (trace_pkt_handed_off(rec)) {
		print_open_array("daemon");
		for (unsigned i = 0; i < nn; i++)
			tp_note(r, rec, &p->notes[i]);
		print_close_array();
		if (!p->done) {
			print_bool(PRINT_JSON, "incomplete", NULL, true);
			print_text(IND "daemon: not done with it when the trace printed it");
		}
		if (p->nnotes > TRACE_NOTES_MAX)
			print_uint(PRINT_ANY, "daemon_lost", IND "(%llu more daemon steps)",
				   p->nnotes - TRACE_NOTES_MAX);
	}
	print_text("\n");
	print_close_object();
	print_end();
}

void trace_print_start(FILE *f, bool json, unsigned count, unsigned timeout)
{
	if (json)
		return;		/* one object per packet, nothing else but the summary */
	fprintf(f, "tracing: at most %u packets", count);
	if (timeout)
		fprintf(f, " or %u s", timeout);
	fprintf(f, ", each decision as it is taken\n");
}

void trace_print_end(FILE *f, bool json, unsigned packets, uint64_t lost)
{
	print_begin(f, json);
	print_open_object(NULL);
	print_open_object("summary");
	print_uint(PRINT_ANY, "packets", "trace done: %llu packets", packets);
	print_uint(PRINT_ANY, "lost", ", %llu lost\n", lost);
	print_close_object();
	print_close_object();
	print_end();
}
