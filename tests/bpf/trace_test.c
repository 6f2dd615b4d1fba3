// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Trace suite (include/trace.h, bpf/trace_rb.h), on the route suite's
 * topology: a record for a forwarded, a dropped and a handed-off frame,
 * each decision with its values in order; none for a frame no filter
 * wants, or with no trace running; the frame leaves byte for byte as it
 * does untraced; the hand-off carries the record's id; a traced flood is
 * cut to the per-CPU budget and the rest counted as lost.  On the VLAN
 * suite's fixture (vlan_test.c): the ingress VLAN (tag or PVID) and the
 * tag pushed, popped or rewritten on the way out, and `trace dev` of a
 * VLAN interface or a switch matching only its frames.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <stdlib.h>
#include <string.h>

#include "route_test.h"

#define TR_RECS_MAX	4096

struct tr_sink {
	struct xr_trace_rec *recs;
	unsigned n, over;
};

static struct tr_sink tr_sink;

static void tr_collect(void *ctx, const struct xr_trace_rec *rec)
{
	struct tr_sink *s = ctx;

	if (s->n < TR_RECS_MAX)
		s->recs[s->n++] = *rec;
	else
		s->over++;
}

/* Read every record waiting, from index 0. */
static unsigned tr_read(struct harness *h)
{
	tr_sink.n = tr_sink.over = 0;
	dp_trace_consume(h->dp);
	return tr_sink.n;
}

/* One filter in slot 0 (dst prefix, proto, ingress port: 0 for any). */
static int tr_filter(struct harness *h, uint32_t dst, uint8_t len, uint8_t proto,
		     uint32_t ifindex)
{
	struct xr_trace_cfg cfg = { .active = 1 };

	cfg.f[0] = (struct xr_trace_filter){ .ifindex = ifindex, .proto = proto,
					     .af = XR_AF_INET, .dst_len = len };
	cfg.f[0].dst.af = XR_AF_INET;
	cfg.f[0].dst.v4 = htonl(dst);
	return dp_trace_cfg_set(h->dp, &cfg);
}

static int tr_off(struct harness *h)
{
	struct xr_trace_cfg none = { 0 };

	return dp_trace_cfg_set(h->dp, &none);
}

struct tr_want {
	uint8_t kind, a;
	uint16_t b;
	uint32_t c;
	bool any_c;	/* c unchecked (a next hop id) */
};

/* The record's steps are exactly want[0..n). */
static bool tr_steps(struct harness *h, const struct xr_trace_rec *r, const struct tr_want *w,
		     unsigned n)
{
	if (!ASSERT_EQ(h, r->nsteps, n, "steps"))
		return false;
	for (unsigned i = 0; i < n; i++) {
		const struct xr_trace_step *s = &r->s[i];
		char what[32];

		snprintf(what, sizeof(what), "step %u kind", i);
		if (!ASSERT_EQ(h, s->kind, w[i].kind, what))
			return false;
		snprintf(what, sizeof(what), "step %u a", i);
		if (!ASSERT_EQ(h, s->a, w[i].a, what))
			return false;
		snprintf(what, sizeof(what), "step %u b", i);
		if (!ASSERT_EQ(h, s->b, w[i].b, what))
			return false;
		snprintf(what, sizeof(what), "step %u c", i);
		if (!w[i].any_c && !ASSERT_EQ(h, s->c, w[i].c, what))
			return false;
		if (w[i].any_c && !ASSERT_TRUE(h, s->c != 0, "step %u: no next hop id", i))
			return false;
	}
	return true;
}

/* The header: what arrived, from the host on A. */
static bool tr_header(struct harness *h, const struct xr_trace_rec *r, const struct pkt *in,
		      uint32_t dst, uint32_t act)
{
	const struct iphdr *ip = (const struct iphdr *)(in->b + in->l3);

	return ASSERT_EQ(h, r->abi, XR_TRACE_ABI, "abi") &&
	       ASSERT_EQ(h, r->match, 1, "filters matched") &&
	       ASSERT_TRUE(h, r->id != 0, "record id 0") &&
	       ASSERT_EQ(h, r->act, act, "verdict") &&
	       ASSERT_EQ(h, r->ifindex, h->ifindex[RT_A], "ingress") &&
	       ASSERT_EQ(h, r->len, in->len, "length") &&
	       ASSERT_EQ(h, r->src.af, XR_AF_INET, "family") &&
	       ASSERT_EQ(h, ntohl(r->src.v4), RT_HOST, "source") &&
	       ASSERT_EQ(h, ntohl(r->dst.v4), dst, "destination") &&
	       ASSERT_EQ(h, r->proto, IPPROTO_UDP, "protocol") &&
	       ASSERT_EQ(h, r->ttl, ip->ttl, "ttl") &&
	       ASSERT_EQ(h, r->csum, ntohs(ip->check), "checksum in") &&
	       ASSERT_EQ(h, ntohs(r->sport), 40000, "source port") &&
	       ASSERT_BYTES(h, r->mac_src, 6, pkt_host_mac, 6, "source MAC in") &&
	       ASSERT_BYTES(h, r->mac_dst, 6, rt_mac(RT_A), 6, "destination MAC in");
}

/* Forwarded: every step with its value, and the frame as it leaves untraced. */
static void tr_forwarded(struct harness *h)
{
	uint32_t dst = RT_TO_C | 0x0101, verdict;
	struct pkt *in = malloc(sizeof(*in)), *out = malloc(sizeof(*out));
	struct pkt *plain = malloc(sizeof(*plain));
	const struct xr_trace_rec *r = tr_sink.recs;
	const struct iphdr *oip;
	uint8_t gw[6], cmac[6];
	bool ok = in && out && plain;

	rt_gw_mac(0x11, gw);
	h_port_mac(RT_C, cmac);
	if (ok) {
		pkt_udp4(in, rt_mac(RT_A), RT_HOST, dst, 64);
		ok = ASSERT_OK(h, tr_off(h), "trace off") &&
		     ASSERT_OK(h, h_run(h, h->ifindex[RT_A], in, &verdict, plain), "run untraced") &&
		     ASSERT_EQ(h, tr_read(h), 0, "records with no trace running");
	}
	ok = ok && ASSERT_OK(h, tr_filter(h, RT_TO_C, 16, 0, 0), "filter") &&
	     ASSERT_OK(h, h_run(h, h->ifindex[RT_A], in, &verdict, out), "run traced") &&
	     ASSERT_EQ(h, verdict, XDP_REDIRECT, "verdict") &&
	     ASSERT_BYTES(h, out->b, out->len, plain->b, plain->len, "traced frame out") &&
	     ASSERT_EQ(h, tr_read(h), 1, "records");
	if (ok) {
		const struct tr_want w[] = {
			{ XR_TS_ROUTE, XR_NH_UNICAST, XR_AF_INET, 0, true },
			{ XR_TS_EGRESS, 0, RT_MTU_C, h->ifindex[RT_C], false },
			{ XR_TS_NEIGH, 0, 0, 0, false },
			{ XR_TS_TTL, 64, 63, 0, false },
			{ XR_TS_CSUM, 0, r->csum, 0, true },
			{ XR_TS_MACS, 0, 0, 0, false },
			{ XR_TS_COUNT, 0, XR_STAT_FORWARDED, 0, false },
		};

		oip = (const struct iphdr *)(out->b + in->l3);
		ok = tr_header(h, r, in, dst, XDP_REDIRECT) &&
		     tr_steps(h, r, w, sizeof(w) / sizeof(w[0])) &&
		     ASSERT_EQ(h, r->s[4].c, ntohs(oip->check), "checksum out") &&
		     ASSERT_BYTES(h, r->out_src, 6, cmac, 6, "source MAC out") &&
		     ASSERT_BYTES(h, r->out_dst, 6, gw, 6, "destination MAC out");
	}
	h_report(h, ok, "trace: a forwarded frame's checks, route, egress, neighbour, TTL, "
		 "checksum and MACs, byte-identical output");
	free(in);
	free(out);
	free(plain);
}

/* One frame from the host on A to dst (ttl), traced by the filter in place. */
static bool tr_one(struct harness *h, uint32_t dst, uint8_t ttl, uint32_t act,
		   const struct tr_want *w, unsigned n)
{
	struct pkt *in = malloc(sizeof(*in)), *out = malloc(sizeof(*out));
	uint32_t verdict;
	bool ok = in && out;

	if (ok) {
		pkt_udp4(in, rt_mac(RT_A), RT_HOST, dst, ttl);
		h_handoff_drain(h);
		ok = ASSERT_OK(h, h_run(h, h->ifindex[RT_A], in, &verdict, out), "run") &&
		     ASSERT_EQ(h, verdict, act, "verdict") &&
		     ASSERT_EQ(h, tr_read(h), 1, "records") &&
		     tr_header(h, tr_sink.recs, in, dst, act) &&
		     tr_steps(h, tr_sink.recs, w, n);
	}
	free(in);
	free(out);
	return ok;
}

static void tr_dropped(struct harness *h)
{
	const struct tr_want w[] = {
		{ XR_TS_ROUTE, XR_NH_BLACKHOLE, XR_AF_INET, 0, true },
		{ XR_TS_COUNT, 0, XR_STAT_DROP_BLACKHOLE, 0, false },
	};
	bool ok = ASSERT_OK(h, tr_filter(h, RT_BLACKHOLE, 16, IPPROTO_UDP, 0), "filter") &&
		  tr_one(h, RT_BLACKHOLE | 1, 64, XDP_DROP, w, 2);

	h_report(h, ok, "trace: a blackholed frame: checks, the blackhole route, dropped");
}

/* TTL 1: handed to the daemon, whose hand-off carries the record id. */
static void tr_handed_off(struct harness *h)
{
	const struct tr_want w[] = {
		{ XR_TS_ROUTE, XR_NH_UNICAST, XR_AF_INET, 0, true },
		{ XR_TS_COUNT, 0, XR_STAT_HANDOFF_TTL, 0, false },
		{ XR_TS_COUNT, 0, XR_STAT_HANDOFF, 0, false },
	};
	const struct tr_want w_miss[] = {
		{ XR_TS_ROUTE, XR_NH_UNICAST, XR_AF_INET, 0, true },
		{ XR_TS_EGRESS, 0, 0, h->ifindex[RT_C], false },
		{ XR_TS_COUNT, 0, XR_STAT_HANDOFF_NEIGH_MISS, 0, false },
		{ XR_TS_COUNT, 0, XR_STAT_HANDOFF, 0, false },
	};
	bool ok = ASSERT_OK(h, tr_filter(h, RT_TO_C, 16, 0, h->ifindex[RT_A]), "filter") &&
		  tr_one(h, RT_TO_C | 3, 1, XDP_DROP, w, 3) &&
		  ASSERT_EQ(h, h_handoff_collect(h), 1, "hand-offs") &&
		  ASSERT_EQ(h, h->frames[0].h.reason, XR_STAT_HANDOFF_TTL, "reason") &&
		  ASSERT_EQ(h, h->frames[0].h.trace, tr_sink.recs[0].id, "hand-off trace id");

	h_report(h, ok, "trace: TTL 1 handed to the daemon, the hand-off carries the record id");
	ok = ASSERT_OK(h, tr_filter(h, RT_NO_NEIGH, 16, 0, 0), "filter") &&
	     tr_one(h, RT_NO_NEIGH | 1, 64, XDP_DROP, w_miss, 4) &&
	     ASSERT_EQ(h, h_handoff_collect(h), 1, "hand-offs") &&
	     ASSERT_EQ(h, h->frames[0].h.trace, tr_sink.recs[0].id, "hand-off trace id");
	h_report(h, ok, "trace: an unresolved next hop: route, egress, handed to the daemon");
}

/* Frames no filter wants: forwarded as before, no record, no id on the hand-off. */
static void tr_unmatched(struct harness *h)
{
	struct pkt *in = malloc(sizeof(*in)), *out = malloc(sizeof(*out));
	uint32_t verdict;
	bool ok = in && out;

	/* Another destination, another protocol, another ingress port. */
	ok = ok && ASSERT_OK(h, tr_filter(h, RT_TO_B, 16, 0, 0), "filter") &&
	     rt_fwd_check(h, (pkt_udp4(in, rt_mac(RT_A), RT_HOST, RT_TO_C | 1, 64), in), RT_C,
			  0x11) &&
	     ASSERT_EQ(h, tr_read(h), 0, "records for another destination");
	ok = ok && ASSERT_OK(h, tr_filter(h, RT_TO_C, 16, IPPROTO_TCP, 0), "filter") &&
	     rt_fwd_check(h, in, RT_C, 0x11) &&
	     ASSERT_EQ(h, tr_read(h), 0, "records for another protocol");
	ok = ok && ASSERT_OK(h, tr_filter(h, RT_TO_C, 16, 0, h->ifindex[RT_B]), "filter") &&
	     rt_fwd_check(h, in, RT_C, 0x11) &&
	     ASSERT_EQ(h, tr_read(h), 0, "records for another port");
	if (ok) {
		pkt_udp4(in, rt_mac(RT_A), RT_HOST, RT_TO_B | 1, 1);
		h_handoff_drain(h);
		ok = ASSERT_OK(h, tr_filter(h, RT_TO_C, 16, 0, 0), "filter") &&
		     ASSERT_OK(h, h_run(h, h->ifindex[RT_A], in, &verdict, out), "run") &&
		     ASSERT_EQ(h, h_handoff_collect(h), 1, "hand-offs") &&
		     ASSERT_EQ(h, h->frames[0].h.trace, 0, "untraced hand-off's trace id") &&
		     ASSERT_EQ(h, tr_read(h), 0, "records");
	}
	h_report(h, ok, "trace: no record for a frame of another destination, protocol or port");
	free(in);
	free(out);
}

/* A flood of matching frames: at most the budget is recorded, the rest counted lost. */
static void tr_budget(struct harness *h)
{
	const unsigned n = 2000;
	uint64_t lost0[XR_TRACE_MAX], lost[XR_TRACE_MAX];
	struct pkt *in = malloc(sizeof(*in)), *out = malloc(sizeof(*out));
	unsigned got = 0, i;
	uint32_t verdict;
	bool ok = in && out;

	ok = ok && ASSERT_OK(h, tr_filter(h, RT_TO_C, 16, 0, 0), "filter") &&
	     ASSERT_OK(h, dp_trace_lost(h->dp, lost0), "lost count");
	if (ok)
		pkt_udp4(in, rt_mac(RT_A), RT_HOST, RT_TO_C | 1, 255);
	for (i = 0; ok && i < n; i++) {
		/* Each run reuses `in`: TTL 255 is forwarded every time. */
		ok = ASSERT_OK(h, h_run(h, h->ifindex[RT_A], in, &verdict, out), "run") &&
		     ASSERT_EQ(h, verdict, XDP_REDIRECT, "verdict");
		if (i % 256 == 255)
			got += tr_read(h);
	}
	got += ok ? tr_read(h) : 0;
	ok = ok && ASSERT_OK(h, dp_trace_lost(h->dp, lost), "lost count") &&
	     ASSERT_EQ(h, got + (lost[0] - lost0[0]), n, "records + lost") &&
	     ASSERT_TRUE(h, lost[0] > lost0[0], "none lost from %u frames at once", n) &&
	     ASSERT_TRUE(h, got >= XR_TRACE_BURST, "only %u records, under the burst", got);
	h_report(h, ok, "trace: a traced flood is cut to the per-CPU budget, the rest counted lost");
	free(in);
	free(out);
}

/* The fixture (setup's error), the record reader, then the cases. */
static int tr_suite_run(struct harness *h, int setup, const char *what,
			void (*cases)(struct harness *h))
{
	int err = setup;

	tr_sink.recs = calloc(TR_RECS_MAX, sizeof(*tr_sink.recs));
	if (!err && !tr_sink.recs)
		err = -ENOMEM;
	if (!err)
		err = dp_trace_start(h->dp, tr_collect, &tr_sink);
	if (err) {
		h_why(h, "set up: %s", strerror(-err));
		h_report(h, false, "%s: set up the fixture and the record reader", what);
	} else {
		cases(h);
		tr_off(h);
	}
	free(tr_sink.recs);
	tr_sink.recs = NULL;
	return 0;
}

static void tr_cases(struct harness *h)
{
	tr_forwarded(h);
	tr_dropped(h);
	tr_handed_off(h);
	tr_unmatched(h);
	tr_budget(h);
}

int trace_suite(struct harness *h)
{
	return tr_suite_run(h, rt_setup(h), "trace", tr_cases);
}

/* ---- VLANs (vlan_test.c's fixture: its comment says what is where) ---- */

#define TV_IP(a, b, c, d)	((uint32_t)(a) << 24 | (b) << 16 | (c) << 8 | (d))
#define TV_BR		1
static const uint8_t tv_mac_h10[6] = { 0x02, 0x10, 0, 0, 0, 0x02 };
static const uint8_t tv_mac_h1[6] = { 0x02, 0x01, 0, 0, 0, 0x02 };
static const uint8_t tv_mac_a[6] = { 0x02, 0xaa, 0, 0, 0, 0x01 };
static const uint8_t tv_mac_b[6] = { 0x02, 0xaa, 0, 0, 0, 0x02 };

/* One filter in slot 0: ingress port, switch, VLAN (0: any). */
static int tv_filter(struct harness *h, uint32_t ifindex, uint16_t bridge, uint16_t vlan)
{
	struct xr_trace_cfg cfg = { .active = 1 };

	cfg.f[0] = (struct xr_trace_filter){ .ifindex = ifindex, .bridge = bridge, .vlan = vlan };
	return dp_trace_cfg_set(h->dp, &cfg);
}

struct tv_case {
	uint32_t f_ifindex;	/* the filter */
	uint16_t f_bridge, f_vlan;
	unsigned port;		/* ingress */
	const struct pkt *in;
	uint32_t act;
	uint16_t vlan, pvid;	/* what the record's header must say */
};

/*
 * The frame untraced, then traced by the filter in place: the same bytes
 * out, one record with the case's header; its steps are then checked.
 */
static bool tv_run(struct harness *h, const struct tv_case *c)
{
	struct pkt *plain = malloc(sizeof(*plain)), *out = malloc(sizeof(*out));
	const struct xr_trace_rec *r = tr_sink.recs;
	uint32_t v1, v2;
	bool ok = plain && out;

	ok = ok && ASSERT_OK(h, tr_off(h), "trace off") &&
	     ASSERT_OK(h, h_run(h, h->ifindex[c->port], c->in, &v1, plain), "run untraced") &&
	     ASSERT_OK(h, tv_filter(h, c->f_ifindex, c->f_bridge, c->f_vlan), "filter") &&
	     ASSERT_OK(h, h_run(h, h->ifindex[c->port], c->in, &v2, out), "run traced") &&
	     ASSERT_EQ(h, v1, c->act, "verdict untraced") && ASSERT_EQ(h, v2, c->act, "verdict") &&
	     ASSERT_BYTES(h, out->b, out->len, plain->b, plain->len, "traced frame out") &&
	     ASSERT_EQ(h, tr_read(h), 1, "records") &&
	     ASSERT_EQ(h, r->ifindex, h->ifindex[c->port], "ingress") &&
	     ASSERT_EQ(h, r->vlan, c->vlan, "vlan (tag)") &&
	     ASSERT_EQ(h, r->pvid, c->pvid, "vlan (pvid)") &&
	     ASSERT_EQ(h, r->pad, 0, "pad") &&
	     ASSERT_EQ(h, r->act, c->act, "verdict recorded");
	free(plain);
	free(out);
	return ok;
}

/*
 * A routed frame of case c: the routed steps out of egress, then the tag
 * changed from VID `from` to VID `to` (0: none) and forwarded.
 */
static bool tv_routed_one(struct harness *h, const struct tv_case *c, uint32_t egress,
			  uint16_t to, uint16_t from)
{
	const struct xr_trace_rec *r = tr_sink.recs;

	if (!tv_run(h, c))
		return false;
	const struct tr_want w[] = {
		{ XR_TS_ROUTE, XR_NH_UNICAST, XR_AF_INET, 0, true },
		{ XR_TS_EGRESS, 0, 1500, egress, false },
		{ XR_TS_NEIGH, 0, 0, 0, false },
		{ XR_TS_TTL, 64, 63, 0, false },
		{ XR_TS_CSUM, 0, r->csum, 0, true },
		{ XR_TS_MACS, 0, 0, 0, false },
		{ XR_TS_VLAN, 0, to, from, false },
		{ XR_TS_COUNT, 0, XR_STAT_FORWARDED, 0, false },
	};

	return tr_steps(h, r, w, sizeof(w) / sizeof(w[0])) &&
	       ASSERT_EQ(h, r->eth_proto, htons(ETH_P_IP), "ethertype (inside a tag)");
}

/* Routed between VLAN interfaces and a plain port: the tag rewritten, popped, pushed. */
static void tv_routed(struct harness *h)
{
	static struct pkt t10, t10_to1, u1;
	uint32_t if20 = xr_ifid_vlan(h->ifindex[0], 20);
	uint8_t m0[6], m1[6];
	bool ok;

	h_port_mac(0, m0);
	h_port_mac(1, m1);
	vlan_udp(&t10, m0, tv_mac_h10, 5 << 13 | 10, TV_IP(192, 0, 2, 2), TV_IP(198, 51, 100, 2));
	vlan_udp(&t10_to1, m0, tv_mac_h10, 10, TV_IP(192, 0, 2, 2), TV_IP(203, 0, 113, 2));
	vlan_udp(&u1, m1, tv_mac_h1, -1, TV_IP(203, 0, 113, 2), TV_IP(198, 51, 100, 2));

	/* `trace dev eth0.10`: port 0, VLAN 10. */
	ok = tv_routed_one(h, &(struct tv_case){ h->ifindex[0], 0, 10, 0, &t10, XDP_REDIRECT, 10,
						 0 }, if20, 20, 10);
	h_report(h, ok, "trace vlan: tagged 10 routed to VLAN 20: vlan 10 in, ttl and checksum "
		 "read past the tag, the tag rewritten 10 -> 20");
	ok = tv_routed_one(h, &(struct tv_case){ h->ifindex[0], 0, 10, 0, &t10_to1, XDP_REDIRECT,
						 10, 0 }, h->ifindex[1], 0, 10);
	h_report(h, ok, "trace vlan: tagged 10 routed to a plain port: the tag popped");
	ok = tv_routed_one(h, &(struct tv_case){ h->ifindex[1], 0, 0, 1, &u1, XDP_REDIRECT, 0, 0 },
			   if20, 20, 0);
	h_report(h, ok, "trace vlan: untagged routed to VLAN 20: the tag pushed");

	/* eth0.20's filter does not take VLAN 10's frame; a switch's does not take port 0's. */
	ok = ASSERT_OK(h, tv_filter(h, h->ifindex[0], 0, 20), "filter") &&
	     ASSERT_OK(h, h_run(h, h->ifindex[0], &t10, &(uint32_t){ 0 }, &(struct pkt){ 0 }),
		       "run") &&
	     ASSERT_EQ(h, tr_read(h), 0, "records for VLAN 10 under VLAN 20's filter") &&
	     ASSERT_OK(h, tv_filter(h, 0, TV_BR, 0), "filter") &&
	     ASSERT_OK(h, h_run(h, h->ifindex[0], &t10, &(uint32_t){ 0 }, &(struct pkt){ 0 }),
		       "run") &&
	     ASSERT_EQ(h, tr_read(h), 0, "records for a routed port under a switch's filter");
	h_report(h, ok, "trace vlan: a VLAN interface's filter takes only its VLAN, a switch's "
		 "only its ports");
}

/* A VLAN-aware switch: the access port's PVID, the tag pushed toward the trunk. */
static void tv_switched(struct harness *h)
{
	static struct pkt b10, a_to_b;
	const struct xr_trace_rec *r = tr_sink.recs;
	bool ok;

	/* B speaks on the trunk (port 3) in VLAN 10, A on the access port (2). */
	vlan_udp(&b10, tv_mac_a, tv_mac_b, 10, TV_IP(10, 10, 0, 5), TV_IP(10, 10, 0, 4));
	vlan_udp(&a_to_b, tv_mac_b, tv_mac_a, -1, TV_IP(10, 10, 0, 4), TV_IP(10, 10, 0, 5));
	ok = ASSERT_OK(h, tr_off(h), "trace off") &&
	     ASSERT_OK(h, h_run(h, h->ifindex[3], &b10, &(uint32_t){ 0 }, &(struct pkt){ 0 }),
		       "B learned") &&
	     tv_run(h, &(struct tv_case){ 0, TV_BR, 10, 2, &a_to_b, XDP_REDIRECT, 0, 10 });
	if (ok) {
		const struct tr_want w[] = {
			{ XR_TS_LEARN, XR_TRACE_LEARN_KNOWN, 0, h->ifindex[2], false },
			{ XR_TS_FDB, 0, 0, h->ifindex[3], false },
			{ XR_TS_VLAN, 0, 10, 0, false },
			{ XR_TS_COUNT, 0, XR_STAT_SWITCHED, 0, false },
		};

		ok = tr_steps(h, r, w, sizeof(w) / sizeof(w[0]));
	}
	h_report(h, ok, "trace vlan: untagged on the access port is in VLAN 10 (pvid), the tag "
		 "pushed toward the trunk; `dev br1.10` takes it");

	/* The whole switch; and its VLAN 20 interface's filter does not take VLAN 10. */
	ok = ASSERT_OK(h, tv_filter(h, 0, TV_BR, 0), "filter") &&
	     ASSERT_OK(h, h_run(h, h->ifindex[2], &a_to_b, &(uint32_t){ 0 }, &(struct pkt){ 0 }),
		       "run") &&
	     ASSERT_EQ(h, tr_read(h), 1, "records under the switch's filter") &&
	     ASSERT_OK(h, tv_filter(h, 0, TV_BR, 20), "filter") &&
	     ASSERT_OK(h, h_run(h, h->ifindex[2], &a_to_b, &(uint32_t){ 0 }, &(struct pkt){ 0 }),
		       "run") &&
	     ASSERT_EQ(h, tr_read(h), 0, "records of VLAN 10 under VLAN 20's filter") &&
	     ASSERT_OK(h, tv_filter(h, h->ifindex[2], 0, 0), "filter") &&
	     ASSERT_OK(h, h_run(h, h->ifindex[3], &b10, &(uint32_t){ 0 }, &(struct pkt){ 0 }),
		       "run") &&
	     ASSERT_EQ(h, tr_read(h), 0, "records of another port under a switch port's filter");
	h_report(h, ok, "trace vlan: a switch's filter takes all its ports, a port's only its own");
}

static void tv_cases(struct harness *h)
{
	tv_routed(h);
	tv_switched(h);
}

int trace_vlan_suite(struct harness *h)
{
	return tr_suite_run(h, vlan_fixture(h), "trace vlan", tv_cases);
}
