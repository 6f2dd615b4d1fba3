/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * What the route suite's files share: the test topology (route_test.c)
 * and each part's entry point.  Addresses host order.
 */
#ifndef XR_TESTS_BPF_ROUTE_TEST_H
#define XR_TESTS_BPF_ROUTE_TEST_H

#include "harness.h"

enum { RT_A, RT_B, RT_C, RT_D };	/* port indexes */

#define RT_NET_A	0xcb007100u	/* 203.0.113.0/24 on A: the sending host's */
#define RT_NET_B	0xc0000200u	/* 192.0.2.0/24 on B: gateways .1-.5 */
#define RT_NET_C	0xc6336400u	/* 198.51.100.0/24 on C: gateway .1, host .7 */
#define RT_HOST		(RT_NET_A | 10)
#define RT_TO_C		0x64400000u	/* 100.64.0.0/16 via C .1 */
#define RT_TO_B		0x64410000u	/* 100.65.0.0/16 via B .1 */
#define RT_BLACKHOLE	0x64420000u	/* 100.66.0.0/16 blackhole */
#define RT_UNREACH	0x64430000u	/* 100.67.0.0/16 unreachable */
#define RT_NO_NEIGH	0x64440000u	/* 100.68.0.0/16 via C .2, never resolved */
#define RT_NO_ROUTE	0x08080808u	/* 8.8.8.8: no route (no default) */
#define RT_MTU_C	1000

/* The topology above on a fresh datapath (route_test.c): 0 or -errno. */
int rt_setup(struct harness *h);
/* Gateway k's MAC: 02:bb:00:00:00:k (B's gateways 1..5, C's .1 is 0x11, .7 0x17). */
void rt_gw_mac(unsigned k, uint8_t mac[6]);
const uint8_t *rt_mac(unsigned port);
/* UDP frame to dmac with IP options (padded by the caller). */
void rt_udp_opts(struct pkt *p, const uint8_t dmac[6], uint32_t src, uint32_t dst,
		 const uint8_t *opts, size_t optlen);

/* UDP from the host on A to dst, its IPv4 total length exactly len bytes. */
void rt_udp_len(struct pkt *p, uint32_t dst, size_t len);
/* Check that `in` from the host on A leaves `port` for gateway gw's MAC. */
bool rt_fwd_check(struct harness *h, const struct pkt *in, unsigned port, unsigned gw);

void rt_fwd_options(struct harness *h);
void rt_fwd_icmp(struct harness *h);
void rt_handoffs(struct harness *h);
void rt_drops(struct harness *h);
void rt_passes(struct harness *h);
/* Port A with XR_PORT_LOCAL_KERNEL for its cases, then as before. */
void rt_local_kernel(struct harness *h);
void rt_ratelimit(struct harness *h);
void rt_csum(struct harness *h);
void rt_lpm(struct harness *h);
void rt_nh(struct harness *h);
void rt_frags(struct harness *h);
void rt_l4csum(struct harness *h);
void rt_ecmp(struct harness *h);
/* IPv6 ECMP over route6_test.c's topology. */
void rt6_ecmp(struct harness *h);

#endif
