// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * modules/trace/trace_print.c without a router (numbers for names): a
 * forwarded echo request and a TTL-1 probe with the daemon's answer, in
 * text (the narration, line by line) and in JSON (one object, the keys
 * README documents, in order); the VLAN a frame came in (tag or PVID) and
 * the tag pushed, popped or rewritten on its way out.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "tracemod.h"

static void tp_step(struct xr_trace_rec *r, uint8_t kind, uint8_t a, uint16_t b, uint32_t c)
{
	r->s[r->nsteps++] = (struct xr_trace_step){ kind, a, b, c };
}

/* An echo request 192.0.2.2 > 198.51.100.2 in on ifindex 2, TTL ttl. */
static void tp_rec(struct trace_pkt *p, uint8_t ttl)
{
	struct xr_trace_rec *r = &p->rec;

	memset(p, 0, sizeof(*p));
	p->used = p->have_rec = p->done = true;
	r->abi = XR_TRACE_ABI;
	r->id = 7;
	r->ifindex = 2;
	r->len = 98;
	r->ts_ns = 12000345678ull;
	r->src = (struct xr_ipaddr){ .af = XR_AF_INET, .v4 = IP4(192, 0, 2, 2) };
	r->dst = (struct xr_ipaddr){ .af = XR_AF_INET, .v4 = IP4(198, 51, 100, 2) };
	r->proto = 1;
	r->ttl = ttl;
	r->eth_proto = htons(0x0800);
	r->sport = htons(8 << 8);
	r->dport = htons(77);
	r->csum = 0x1234;
	memcpy(r->mac_src, "\x02\0\0\0\0\x01", 6);
	memcpy(r->mac_dst, "\x02\0\0\0\0\x02", 6);
}

static char *tp_print(const struct trace_pkt *p, bool json)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return NULL;
	trace_print_pkt(f, json, NULL, p, 1);
	fclose(f);
	return text;
}

static void tp_expect(const struct trace_pkt *p, bool json, const char *want, const char *desc)
{
	char *got = tp_print(p, json);
	bool ok = got && !strcmp(got, want);

	if (!ok)
		printf("# got:\n%s# want:\n%s", got ? got : "(null)\n", want);
	report(ok, desc);
	free(got);
}

static void test_forwarded(void)
{
	struct trace_pkt p;

	tp_rec(&p, 64);
	tp_step(&p.rec, XR_TS_ROUTE, 1, XR_AF_INET, 5);
	tp_step(&p.rec, XR_TS_EGRESS, 0, 1500, 3);
	tp_step(&p.rec, XR_TS_TTL, 64, 63, 0);
	tp_step(&p.rec, XR_TS_CSUM, 0, 0x1234, 0x1334);
	tp_step(&p.rec, XR_TS_COUNT, 0, XR_STAT_FORWARDED, 0);
	tp_expect(&p, false,
		  "packet 1 at 12.000345 in if2: 192.0.2.2 > 198.51.100.2 icmp echo-request id 77 ttl 64 length 98\n"
		  "    from 02:00:00:00:00:01 to 02:00:00:00:00:02\n"
		  "    checks passed: IPv4 header, length, checksum, addresses, options\n"
		  "    route unicast next hop 5\n"
		  "    egress if3 mtu 1500\n"
		  "    ttl 64 -> 63\n"
		  "    checksum 0x1234 -> 0x1334\n"
		  "    forwarded out if3\n",
		  "text: a forwarded echo request, one line per decision");
	tp_expect(&p, true,
		  "{\"packet\":1,\"id\":7,\"time_ns\":12000345678,\"dev\":\"if2\",\"family\":\"inet\","
		  "\"src\":\"192.0.2.2\",\"dst\":\"198.51.100.2\",\"protocol\":\"icmp\","
		  "\"icmp\":\"echo-request\",\"icmp_type\":8,\"icmp_code\":0,\"icmp_id\":77,\"ttl\":64,"
		  "\"length\":98,\"mac_src\":\"02:00:00:00:00:01\",\"mac_dst\":\"02:00:00:00:00:02\","
		  "\"steps\":[{\"step\":\"checks\"},{\"step\":\"route\",\"type\":\"unicast\",\"nexthop\":5},"
		  "{\"step\":\"egress\",\"dev\":\"if3\",\"mtu\":1500},"
		  "{\"step\":\"ttl\",\"before\":64,\"after\":63},"
		  "{\"step\":\"checksum\",\"before\":\"0x1234\",\"after\":\"0x1334\"},"
		  "{\"step\":\"verdict\",\"verdict\":\"forwarded\",\"dev\":\"if3\"}]}\n",
		  "json: the same as one object, steps in order");
}

/* TTL 1: handed off; the daemon's Time Exceeded joins the record. */
static void test_handed_off(void)
{
	struct trace_pkt p;
	struct xr_ev_trace *n = &p.notes[0];

	tp_rec(&p, 1);
	tp_step(&p.rec, XR_TS_ROUTE, 1, XR_AF_INET, 5);
	tp_step(&p.rec, XR_TS_COUNT, 0, XR_STAT_HANDOFF_TTL, 0);
	tp_step(&p.rec, XR_TS_COUNT, 0, XR_STAT_HANDOFF, 0);
	*n = (struct xr_ev_trace){ .id = 7, .kind = XR_TS_D_XMIT, .c = 2, .b = 11 << 8,
				   .proto = 1, .ttl = 64 };
	n->x = (struct xr_ip){ .af = AF_INET, .v4 = IP4(192, 0, 2, 1) };
	n->y = (struct xr_ip){ .af = AF_INET, .v4 = IP4(192, 0, 2, 2) };
	memcpy(n->mac, "\x02\0\0\0\0\x01", 6);
	p.nnotes = 1;
	tp_expect(&p, false,
		  "packet 1 at 12.000345 in if2: 192.0.2.2 > 198.51.100.2 icmp echo-request id 77 ttl 1 length 98\n"
		  "    from 02:00:00:00:00:01 to 02:00:00:00:00:02\n"
		  "    checks passed: IPv4 header, length, checksum, addresses, options\n"
		  "    route unicast next hop 5\n"
		  "    handoff to the daemon: ttl_exceeded\n"
		  "    daemon: sent icmp time-exceeded code 0 to 192.0.2.2 from 192.0.2.1 out if2 to 02:00:00:00:00:01\n",
		  "text: a TTL-1 packet and the Time Exceeded the daemon sent for it");
	p.done = false;
	p.rec.nsteps = 19;
	{
		char *got = tp_print(&p, false);

		report(got && strstr(got, "    (3 more steps not recorded)\n") &&
		       strstr(got, "    daemon: not done with it when the trace printed it\n"),
		       "text: steps past the record and an unfinished daemon are said");
		free(got);
	}
}

static void test_vlan(void)
{
	struct trace_pkt p;

	tp_rec(&p, 64);
	p.rec.vlan = 10;
	tp_step(&p.rec, XR_TS_VLAN, 0, 20, 10);
	tp_step(&p.rec, XR_TS_VLAN, 0, 0, 10);
	tp_step(&p.rec, XR_TS_VLAN, 0, 20, 0);
	tp_expect(&p, false,
		  "packet 1 at 12.000345 in if2 vlan 10: 192.0.2.2 > 198.51.100.2 icmp echo-request id 77 ttl 64 length 98\n"
		  "    from 02:00:00:00:00:01 to 02:00:00:00:00:02\n"
		  "    vlan rewrite 10 -> 20\n"
		  "    vlan pop 10\n"
		  "    vlan push 20\n",
		  "text: a tagged frame's VLAN, the tag rewritten, popped, pushed");
	tp_rec(&p, 64);
	p.rec.pvid = 10;
	tp_step(&p.rec, XR_TS_VLAN, 0, 10, 0);
	tp_expect(&p, true,
		  "{\"packet\":1,\"id\":7,\"time_ns\":12000345678,\"dev\":\"if2\",\"vlan\":10,"
		  "\"vlan_untagged\":true,\"family\":\"inet\","
		  "\"src\":\"192.0.2.2\",\"dst\":\"198.51.100.2\",\"protocol\":\"icmp\","
		  "\"icmp\":\"echo-request\",\"icmp_type\":8,\"icmp_code\":0,\"icmp_id\":77,\"ttl\":64,"
		  "\"length\":98,\"mac_src\":\"02:00:00:00:00:01\",\"mac_dst\":\"02:00:00:00:00:02\","
		  "\"steps\":[{\"step\":\"vlan\",\"op\":\"push\",\"vlan\":10}]}\n",
		  "json: an untagged frame in its port's PVID VLAN, the tag pushed");
}

int main(void)
{
	test_forwarded();
	test_handed_off();
	test_vlan();
	return report_done();
}
