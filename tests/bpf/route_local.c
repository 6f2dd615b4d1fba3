// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * A routed port whose router addresses the kernel's stack shares
 * (XR_PORT_LOCAL_KERNEL, kernel sync on): echo requests to a router
 * address are still the daemon's, everything else for it goes to the
 * kernel (XDP_PASS); ARP requests stay the daemon's alone, ARP replies
 * reach the kernel too.  Port A is given the flag for these cases only.
 */
#include <netinet/in.h>
#include <string.h>
#include <linux/if_ether.h>

#include "route_test.h"

#define S(x)		XR_STAT_##x
#define LOCAL_A		(RT_NET_A | 254)

static void lk_udp(struct pkt *p)
{
	pkt_udp4(p, rt_mac(RT_A), RT_HOST, LOCAL_A, 64);
}

static void lk_tcp(struct pkt *p)
{
	struct pkt_ip ip;

	pkt_ip_defaults(&ip, RT_HOST, LOCAL_A);
	ip.proto = IPPROTO_TCP;
	pkt_init(p);
	pkt_eth(p, rt_mac(RT_A), pkt_host_mac, ETH_P_IP);
	pkt_ipv4(p, &ip);
	pkt_tcp(p, 40000, 179, 0);
}

static void lk_echo(struct pkt *p, uint8_t type)
{
	struct pkt_ip ip;

	pkt_ip_defaults(&ip, RT_HOST, LOCAL_A);
	ip.proto = IPPROTO_ICMP;
	pkt_init(p);
	pkt_eth(p, rt_mac(RT_A), pkt_host_mac, ETH_P_IP);
	pkt_ipv4(p, &ip);
	pkt_icmp_echo(p, 1, 1, 8);
	p->b[p->l4] = type;	/* 8 request, 0 reply; the checksum is not looked at */
}

static void lk_arp(struct pkt *p, uint16_t op)
{
	pkt_init(p);
	pkt_eth(p, op == 1 ? pkt_bcast_mac : rt_mac(RT_A), pkt_host_mac, ETH_P_ARP);
	pkt_arp(p, op, pkt_host_mac, RT_HOST, op == 1 ? (uint8_t[6]){ 0 } : rt_mac(RT_A),
		LOCAL_A);
}

void rt_local_kernel(struct harness *h)
{
	static struct pkt udp, tcp, echo, reply, req, rep;

	if (!ASSERT_OK(h, h_port_set(h, RT_A, XR_PORT_ACTIVE | XR_PORT_ROUTED |
				     XR_PORT_LOCAL_KERNEL, 1500, 0, 1000000, 1000000), "port A")) {
		h_report(h, false, "local to the kernel: set up port A");
		return;
	}
	lk_udp(&udp);
	lk_tcp(&tcp);
	lk_echo(&echo, 8);
	lk_echo(&reply, 0);
	lk_arp(&req, 1);
	lk_arp(&rep, 2);
	h_cases_run(h, (const struct h_case[]){
		{ .desc = "local to the kernel: UDP for a router address passes", .port = RT_A,
		  .in = &udp, .verdict = XDP_PASS, .out = &udp,
		  .cnt = { { S(RX), 1 }, { S(PASS), 1 } }, .handoff = H_NO_HANDOFF },
		{ .desc = "local to the kernel: TCP (BGP) for a router address passes",
		  .port = RT_A, .in = &tcp, .verdict = XDP_PASS, .out = &tcp,
		  .cnt = { { S(RX), 1 }, { S(PASS), 1 } }, .handoff = H_NO_HANDOFF },
		{ .desc = "local to the kernel: an echo request is still the daemon's",
		  .port = RT_A, .in = &echo, .verdict = XDP_DROP,
		  .cnt = { { S(RX), 1 }, { S(HANDOFF), 1 }, { S(HANDOFF_LOCAL), 1 } },
		  .handoff = S(HANDOFF_LOCAL) },
		{ .desc = "local to the kernel: an echo reply (the kernel's ping) passes",
		  .port = RT_A, .in = &reply, .verdict = XDP_PASS, .out = &reply,
		  .cnt = { { S(RX), 1 }, { S(PASS), 1 } }, .handoff = H_NO_HANDOFF },
		{ .desc = "local to the kernel: an ARP request is the daemon's alone",
		  .port = RT_A, .in = &req, .verdict = XDP_DROP,
		  .cnt = { { S(RX), 1 }, { S(HANDOFF), 1 }, { S(HANDOFF_ARP), 1 } },
		  .handoff = S(HANDOFF_ARP) },
		{ .desc = "local to the kernel: an ARP reply is copied to the daemon and passes",
		  .port = RT_A, .in = &rep, .verdict = XDP_PASS, .out = &rep,
		  .cnt = { { S(RX), 1 }, { S(HANDOFF), 1 }, { S(HANDOFF_ARP), 1 }, { S(PASS), 1 } },
		  .handoff = S(HANDOFF_ARP) },
	}, 6);
	if (!ASSERT_OK(h, h_port_routed(h, RT_A, 1500), "port A back"))
		h_report(h, false, "local to the kernel: restore port A");
}
