// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Route suite, transport checksums left partial by a sender with TX
 * checksum offload (bpf/l4csum.h): TCP and UDP leave with the checksum
 * finished, whatever their length (one word, several 512-byte chunks,
 * several buffers); complete checksums, UDP without one and fragments
 * leave untouched; a frame handed to the daemon is finished first, since
 * the daemon sends it on.
 */
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <stdlib.h>
#include <string.h>

#include "route_test.h"

#define S(x)		XR_STAT_##x

/* TCP or UDP from the host on A to dst with n payload bytes. */
static void lc_build(struct pkt *p, uint8_t proto, uint32_t dst, size_t n, bool partial)
{
	struct pkt_ip ip;

	pkt_ip_defaults(&ip, RT_HOST, dst);
	ip.proto = proto;
	pkt_init(p);
	pkt_eth(p, rt_mac(RT_A), pkt_host_mac, ETH_P_IP);
	pkt_ipv4(p, &ip);
	if (proto == IPPROTO_TCP)
		pkt_tcp(p, 40000, 5201, n);
	else
		pkt_udp(p, 40000, 53, n);
	pkt_l4_csum(p, partial);
}

/* Out port B via gateway 1: in, and what must leave (checksum finished). */
static bool lc_fwd(struct harness *h, const struct pkt *in)
{
	struct pkt *out = malloc(sizeof(*out));
	uint8_t dmac[6], smac[6];
	bool ok;

	if (!ASSERT_TRUE(h, out != NULL, "out of memory"))
		return false;
	rt_gw_mac(1, dmac);
	h_port_mac(RT_B, smac);
	pkt_forwarded(out, in, dmac, smac);
	pkt_l4_csum(out, false);
	ok = h_case_check(h, &(struct h_case){
		.port = RT_A, .in = in, .verdict = XDP_REDIRECT, .out = out,
		.cnt = { { S(RX), 1 }, { S(FORWARDED), 1 } }, .handoff = H_NO_HANDOFF,
	});
	free(out);
	return ok;
}

static void lc_partial(struct harness *h, struct pkt *in)
{
	static const struct { uint8_t proto; size_t n; const char *desc; } c[] = {
		{ IPPROTO_TCP, 1400, "a 1400-byte TCP segment (chunks and a tail)" },
		{ IPPROTO_TCP, 0, "a bare TCP ACK" },
		{ IPPROTO_TCP, 1004, "a TCP segment of exactly two chunks" },
		{ IPPROTO_UDP, 37, "a UDP datagram of odd length" },
		{ IPPROTO_UDP, 0, "an empty UDP datagram" },
	};

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		lc_build(in, c[i].proto, RT_TO_B | 0x0303, c[i].n, true);
		h_report(h, lc_fwd(h, in), "TX offload: %s left partial leaves finished",
			 c[i].desc);
	}
}

/* A UDP sum of 0 is sent as 0xffff: 0 would mean "no checksum". */
static void lc_udp_zero(struct harness *h, struct pkt *in)
{
	uint16_t *word;

	lc_build(in, IPPROTO_UDP, RT_TO_B | 0x0303, 20, false);
	/* Add the checksum itself into the payload: the full sum becomes 0xffff. */
	word = (uint16_t *)(in->b + in->l4 + 8);
	*word = 0;
	pkt_l4_csum(in, false);
	*word = *pkt_l4_check(in);
	pkt_l4_csum(in, false);
	if (!ASSERT_EQ(h, *pkt_l4_check(in), 0xffff, "UDP checksum of the crafted datagram")) {
		h_report(h, false, "TX offload: a UDP sum of zero leaves as 0xffff");
		return;
	}
	pkt_l4_csum(in, true);
	h_report(h, lc_fwd(h, in), "TX offload: a UDP sum of zero leaves as 0xffff");
}

static void lc_untouched(struct harness *h, struct pkt *in)
{
	struct iphdr *ip;

	lc_build(in, IPPROTO_TCP, RT_TO_B | 0x0303, 1400, false);
	h_report(h, rt_fwd_check(h, in, RT_B, 1), "TX offload: a complete TCP checksum is kept");
	lc_build(in, IPPROTO_UDP, RT_TO_B | 0x0303, 100, false);
	h_report(h, rt_fwd_check(h, in, RT_B, 1), "TX offload: a complete UDP checksum is kept");
	/* A first fragment whose field happens to hold the pseudo-header sum. */
	lc_build(in, IPPROTO_UDP, RT_TO_B | 0x0303, 100, true);
	ip = (struct iphdr *)(in->b + in->l3);
	ip->frag_off = htons(0x2000);	/* MF */
	pkt_ip_recsum(in);
	h_report(h, rt_fwd_check(h, in, RT_B, 1), "TX offload: a fragment is never rewritten");
}

static void lc_jumbo(struct harness *h, struct pkt *in)
{
	bool ok;

	lc_build(in, IPPROTO_UDP, RT_TO_B | 0x0909, 9000 - ETH_HLEN - 28, true);
	ok = ASSERT_OK(h, h_port_routed(h, RT_B, 9000), "port B MTU 9000") && lc_fwd(h, in);
	ok = ASSERT_OK(h, h_port_routed(h, RT_B, 1500), "port B MTU back") && ok;
	h_report(h, ok, "TX offload: a 9000-byte multi-buffer datagram leaves finished");
}

/* The daemon queues it for ARP and sends it as it is: finish it first. */
static void lc_handoff(struct harness *h, struct pkt *in)
{
	struct pkt *want = malloc(sizeof(*want));

	if (!ASSERT_TRUE(h, want != NULL, "out of memory"))
		return;
	lc_build(in, IPPROTO_TCP, RT_NO_NEIGH | 1, 200, true);
	*want = *in;
	pkt_l4_csum(want, false);
	h_case_run(h, &(struct h_case){
		.desc = "TX offload: a frame waiting for ARP is handed off finished",
		.port = RT_A, .in = in, .verdict = XDP_DROP, .handed = want,
		.cnt = { { S(RX), 1 }, { S(HANDOFF), 1 }, { S(HANDOFF_NEIGH_MISS), 1 } },
		.handoff = S(HANDOFF_NEIGH_MISS), .nh_ip = RT_NET_C | 2,
	});
	free(want);
}

void rt_l4csum(struct harness *h)
{
	struct pkt *in = malloc(sizeof(*in));

	if (!in) {
		h_report(h, false, "TX offload: out of memory");
		return;
	}
	lc_partial(h, in);
	lc_udp_zero(h, in);
	lc_untouched(h, in);
	lc_jumbo(h, in);
	lc_handoff(h, in);
	free(in);
}
