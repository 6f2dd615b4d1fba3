/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Unit tests of the packet helpers and ICMP: checksum against RFC 1071's
 * example, IPv4 validation and address classes, each error type/code and
 * the echo reply and TCP RSTs byte-exact against packets built by scapy,
 * quoting within 576 bytes, every "never send" rule of RFC 1812, and the
 * per-source and global rate limits.
 * Prints "ok - ..." / "not ok - ..." per case and a final count.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "icmp.h"
#include "check.h"

#define NS		1000000000ull
#define T0		(1000 * NS)	/* fake monotonic clock start */

/* Expected packets, generated with scapy (Debian's python3-scapy). */
static const uint8_t udp_probe[] = {
	0x45, 0x10, 0x00, 0x20, 0x12, 0x34, 0x00, 0x00, 0x01, 0x11, 0xa9, 0x82,
	0xc0, 0x00, 0x02, 0x01, 0xcb, 0x00, 0x71, 0x05, 0x04, 0xd2, 0x82, 0x9a,
	0x00, 0x0c, 0x00, 0x00, 0x61, 0x62, 0x63, 0x64,
};
static const uint8_t exp_ttl[] = {
	0x45, 0xd0, 0x00, 0x3c, 0x01, 0x01, 0x00, 0x00, 0x40, 0x01, 0x8c, 0xba,
	0xc6, 0x33, 0x64, 0x01, 0xc0, 0x00, 0x02, 0x01, 0x0b, 0x00, 0xa8, 0xc0,
	0x00, 0x00, 0x00, 0x00, 0x45, 0x10, 0x00, 0x20, 0x12, 0x34, 0x00, 0x00,
	0x01, 0x11, 0xa9, 0x82, 0xc0, 0x00, 0x02, 0x01, 0xcb, 0x00, 0x71, 0x05,
	0x04, 0xd2, 0x82, 0x9a, 0x00, 0x0c, 0x00, 0x00, 0x61, 0x62, 0x63, 0x64,
};
static const uint8_t exp_net[] = {
	0x45, 0xd0, 0x00, 0x3c, 0x01, 0x01, 0x00, 0x00, 0x40, 0x01, 0x8c, 0xba,
	0xc6, 0x33, 0x64, 0x01, 0xc0, 0x00, 0x02, 0x01, 0x03, 0x00, 0xb0, 0xc0,
	0x00, 0x00, 0x00, 0x00, 0x45, 0x10, 0x00, 0x20, 0x12, 0x34, 0x00, 0x00,
	0x01, 0x11, 0xa9, 0x82, 0xc0, 0x00, 0x02, 0x01, 0xcb, 0x00, 0x71, 0x05,
	0x04, 0xd2, 0x82, 0x9a, 0x00, 0x0c, 0x00, 0x00, 0x61, 0x62, 0x63, 0x64,
};
static const uint8_t exp_host[] = {
	0x45, 0xd0, 0x00, 0x3c, 0x01, 0x01, 0x00, 0x00, 0x40, 0x01, 0x8c, 0xba,
	0xc6, 0x33, 0x64, 0x01, 0xc0, 0x00, 0x02, 0x01, 0x03, 0x01, 0xb0, 0xbf,
	0x00, 0x00, 0x00, 0x00, 0x45, 0x10, 0x00, 0x20, 0x12, 0x34, 0x00, 0x00,
	0x01, 0x11, 0xa9, 0x82, 0xc0, 0x00, 0x02, 0x01, 0xcb, 0x00, 0x71, 0x05,
	0x04, 0xd2, 0x82, 0x9a, 0x00, 0x0c, 0x00, 0x00, 0x61, 0x62, 0x63, 0x64,
};
static const uint8_t exp_port[] = {
	0x45, 0xd0, 0x00, 0x3c, 0x01, 0x01, 0x00, 0x00, 0x40, 0x01, 0x8c, 0xba,
	0xc6, 0x33, 0x64, 0x01, 0xc0, 0x00, 0x02, 0x01, 0x03, 0x03, 0xb0, 0xbd,
	0x00, 0x00, 0x00, 0x00, 0x45, 0x10, 0x00, 0x20, 0x12, 0x34, 0x00, 0x00,
	0x01, 0x11, 0xa9, 0x82, 0xc0, 0x00, 0x02, 0x01, 0xcb, 0x00, 0x71, 0x05,
	0x04, 0xd2, 0x82, 0x9a, 0x00, 0x0c, 0x00, 0x00, 0x61, 0x62, 0x63, 0x64,
};
static const uint8_t exp_fragneeded[] = {
	0x45, 0xd0, 0x00, 0x3c, 0x01, 0x01, 0x00, 0x00, 0x40, 0x01, 0x8c, 0xba,
	0xc6, 0x33, 0x64, 0x01, 0xc0, 0x00, 0x02, 0x01, 0x03, 0x04, 0xab, 0x44,
	0x00, 0x00, 0x05, 0x78, 0x45, 0x10, 0x00, 0x20, 0x12, 0x34, 0x00, 0x00,
	0x01, 0x11, 0xa9, 0x82, 0xc0, 0x00, 0x02, 0x01, 0xcb, 0x00, 0x71, 0x05,
	0x04, 0xd2, 0x82, 0x9a, 0x00, 0x0c, 0x00, 0x00, 0x61, 0x62, 0x63, 0x64,
};
static const uint8_t echo_req[] = {
	0x45, 0x00, 0x00, 0x2c, 0x07, 0x77, 0x00, 0x00, 0x05, 0x01, 0xc2, 0x24,
	0xc0, 0x00, 0x02, 0x01, 0xc6, 0x33, 0x64, 0x01, 0x08, 0x00, 0x09, 0xd2,
	0xbe, 0xef, 0x00, 0x07, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37,
	0x38, 0x39, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66,
};
static const uint8_t exp_echo[] = {
	0x45, 0x00, 0x00, 0x2c, 0x02, 0x02, 0x00, 0x00, 0x40, 0x01, 0x8c, 0x99,
	0xc6, 0x33, 0x64, 0x01, 0xc0, 0x00, 0x02, 0x01, 0x00, 0x00, 0x11, 0xd2,
	0xbe, 0xef, 0x00, 0x07, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37,
	0x38, 0x39, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66,
};
static const uint8_t tcp_syn[] = {
	0x45, 0x00, 0x00, 0x28, 0x00, 0x99, 0x00, 0x00, 0x40, 0x06, 0x8e, 0x01,
	0xc0, 0x00, 0x02, 0x01, 0xc6, 0x33, 0x64, 0x01, 0x9c, 0x40, 0x00, 0x16,
	0x00, 0x00, 0x03, 0xe8, 0x00, 0x00, 0x00, 0x00, 0x50, 0x02, 0x02, 0x00,
	0x21, 0x6e, 0x00, 0x00,
};
static const uint8_t exp_rst_syn[] = {
	0x45, 0x00, 0x00, 0x28, 0x03, 0x03, 0x00, 0x00, 0x40, 0x06, 0x8b, 0x97,
	0xc6, 0x33, 0x64, 0x01, 0xc0, 0x00, 0x02, 0x01, 0x00, 0x16, 0x9c, 0x40,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xe9, 0x50, 0x14, 0x00, 0x00,
	0x23, 0x5b, 0x00, 0x00,
};
static const uint8_t tcp_ack[] = {
	0x45, 0x00, 0x00, 0x32, 0x00, 0x9a, 0x00, 0x00, 0x40, 0x06, 0x8d, 0xf6,
	0xc0, 0x00, 0x02, 0x01, 0xc6, 0x33, 0x64, 0x01, 0x9c, 0x40, 0x00, 0x50,
	0x00, 0x00, 0x13, 0x88, 0x00, 0x0b, 0xde, 0x31, 0x50, 0x18, 0x02, 0x00,
	0x2e, 0x2d, 0x00, 0x00, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37,
	0x38, 0x39,
};
static const uint8_t exp_rst_ack[] = {
	0x45, 0x00, 0x00, 0x28, 0x03, 0x04, 0x00, 0x00, 0x40, 0x06, 0x8b, 0x96,
	0xc6, 0x33, 0x64, 0x01, 0xc0, 0x00, 0x02, 0x01, 0x00, 0x50, 0x9c, 0x40,
	0x00, 0x0b, 0xde, 0x31, 0x00, 0x00, 0x00, 0x00, 0x50, 0x04, 0x00, 0x00,
	0x48, 0xdd, 0x00, 0x00,
};

static const __be32 router = IP4(198, 51, 100, 1);

static void test_csum(void)
{
	static const uint8_t rfc1071[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };
	static const uint8_t odd[] = { 0x01, 0x02, 0x03 };

	report(ntohs(pkt_csum(rfc1071, sizeof(rfc1071))) == 0x220d,
	       "checksum of RFC 1071's example is 0x220d");
	report(ntohs(pkt_csum(odd, sizeof(odd))) == (uint16_t)~0x0402,
	       "odd length pads with a zero byte");
	report(pkt_csum(udp_probe, 20) == 0, "a correct IPv4 header sums to zero");
	report(pkt_csum_l4(IP4(192, 0, 2, 1), IP4(198, 51, 100, 1), IPPROTO_TCP,
			   tcp_syn + 20, sizeof(tcp_syn) - 20) == 0,
	       "pseudo-header TCP checksum of a valid segment is zero");
}

struct ipcheck_case {
	const char *desc;
	unsigned off;		/* byte to change, 0: none */
	uint8_t val;
	size_t len;		/* 0: whole packet */
	int want;
};

static const struct ipcheck_case ipcheck_cases[] = {
	{ "valid header: returns 20", 0, 0, 0, 20 },
	{ "version 6: -EINVAL", 1, 0x65, 0, -EINVAL },	/* off is index + 1 */
	{ "IHL 4: -EINVAL", 1, 0x44, 0, -EINVAL },
	{ "IHL 15 past the buffer: -EINVAL", 1, 0x4f, 0, -EINVAL },
	{ "total length over the buffer: -EINVAL", 4, 0x40, 0, -EINVAL },
	{ "total length under the header: -EINVAL", 4, 0x10, 0, -EINVAL },
	{ "bad checksum: -EINVAL", 12, 0x00, 0, -EINVAL },
	{ "19 bytes: -EINVAL", 0, 0, 19, -EINVAL },
	{ "padded frame longer than total length: ok", 0, 0, 40, 20 },
};

static void test_ip_check(void)
{
	uint8_t buf[64];
	size_t i;

	for (i = 0; i < sizeof(ipcheck_cases) / sizeof(ipcheck_cases[0]); i++) {
		const struct ipcheck_case *c = &ipcheck_cases[i];

		memset(buf, 0, sizeof(buf));
		memcpy(buf, udp_probe, sizeof(udp_probe));
		if (c->off)
			buf[c->off - 1] = c->val;
		report(pkt_ip_check(buf, c->len ? c->len : sizeof(udp_probe)) == c->want, c->desc);
	}
}

struct addr_case {
	__be32 a;
	bool src_martian, dst_martian, mcast, bcast;
};

static const struct addr_case addr_cases[] = {
	{ IP4(0, 0, 0, 0), true, true, false, false },
	{ IP4(0, 1, 2, 3), true, true, false, false },
	{ IP4(127, 0, 0, 1), true, true, false, false },
	{ IP4(169, 254, 1, 1), true, true, false, false },
	{ IP4(224, 0, 0, 5), true, false, true, false },
	{ IP4(239, 255, 255, 255), true, false, true, false },
	{ IP4(240, 0, 0, 1), true, false, false, false },
	{ IP4(255, 255, 255, 255), true, false, false, true },
	{ IP4(192, 0, 2, 1), false, false, false, false },
	{ IP4(169, 253, 1, 1), false, false, false, false },
	{ IP4(223, 255, 255, 255), false, false, false, false },
	{ IP4(1, 0, 0, 0), false, false, false, false },
};

static void test_addr_classes(void)
{
	bool ok = true;
	size_t i;

	for (i = 0; i < sizeof(addr_cases) / sizeof(addr_cases[0]); i++) {
		const struct addr_case *c = &addr_cases[i];

		ok = ok && pkt_ip_src_martian(c->a) == c->src_martian &&
		     pkt_ip_dst_martian(c->a) == c->dst_martian &&
		     pkt_ip_is_mcast(c->a) == c->mcast && pkt_ip_is_bcast(c->a) == c->bcast;
	}
	report(ok, "martian, multicast and broadcast classes of 12 addresses");
}

struct err_case {
	const char *desc;
	uint8_t type, code;
	uint32_t info;
	const uint8_t *want;
	size_t want_len;
};

#define EXP(x)	x, sizeof(x)
static const struct err_case err_cases[] = {
	{ "time exceeded 11/0 byte-exact", 11, 0, 0, EXP(exp_ttl) },
	{ "net unreachable 3/0 byte-exact", 3, 0, 0, EXP(exp_net) },
	{ "host unreachable 3/1 byte-exact", 3, 1, 0, EXP(exp_host) },
	{ "port unreachable 3/3 byte-exact", 3, 3, 0, EXP(exp_port) },
	{ "frag needed 3/4 with MTU 1400 byte-exact", 3, 4, 1400, EXP(exp_fragneeded) },
};

static void test_error_bytes(void)
{
	uint8_t frame[64] = { 0 }, out[ICMP_ERR_MAX];
	size_t i;

	/* Ethernet padding after the packet must not be quoted. */
	memcpy(frame, udp_probe, sizeof(udp_probe));
	for (i = 0; i < sizeof(err_cases) / sizeof(err_cases[0]); i++) {
		const struct err_case *c = &err_cases[i];
		int n = icmp_build_error(out, sizeof(out), frame, 46, c->type, c->code,
					 c->info, router, 0x0101);

		report(n == (int)c->want_len && !memcmp(out, c->want, c->want_len), c->desc);
	}
	report(icmp_build_error(out, 40, udp_probe, sizeof(udp_probe), 11, 0, 0, router, 1) ==
	       -ENOSPC, "error into a short buffer: -ENOSPC");
}

/* A UDP packet of tot bytes from src to dst, valid checksum. */
static size_t mkudp(uint8_t *buf, size_t tot, __be32 src, __be32 dst, uint16_t frag_off)
{
	struct iphdr *ih = (void *)buf;
	size_t i;

	memset(buf, 0, 20);
	for (i = 20; i < tot; i++)
		buf[i] = (uint8_t)i;
	ih->version = 4;
	ih->ihl = 5;
	ih->tot_len = htons((uint16_t)tot);
	ih->frag_off = htons(frag_off);
	ih->ttl = 1;
	ih->protocol = IPPROTO_UDP;
	ih->saddr = src;
	ih->daddr = dst;
	pkt_ip_set_csum(ih);
	return tot;
}

static bool icmp_valid(const uint8_t *p, int n)
{
	return n >= 28 && pkt_ip_check(p, (size_t)n) == 20 && pkt_csum(p + 20, (size_t)n - 20) == 0;
}

static void test_quote(void)
{
	static uint8_t big[1500];
	uint8_t out[ICMP_ERR_MAX];
	size_t len = mkudp(big, sizeof(big), IP4(192, 0, 2, 1), IP4(203, 0, 113, 5), 0);
	int n = icmp_build_error(out, sizeof(out), big, len, 11, 0, 0, router, 7);

	report(n == ICMP_ERR_MAX && icmp_valid(out, n) && !memcmp(out + 28, big, 548),
	       "1500-byte packet: error is 576 bytes quoting the first 548");
	len = mkudp(big, 548, IP4(192, 0, 2, 1), IP4(203, 0, 113, 5), 0);
	n = icmp_build_error(out, sizeof(out), big, len, 11, 0, 0, router, 7);
	report(n == 576 && icmp_valid(out, n) && !memcmp(out + 28, big, 548),
	       "548-byte packet quoted whole in exactly 576");
	len = mkudp(big, 549, IP4(192, 0, 2, 1), IP4(203, 0, 113, 5), 0);
	n = icmp_build_error(out, sizeof(out), big, len, 11, 0, 0, router, 7);
	report(n == 576 && icmp_valid(out, n), "549-byte packet: quote cut at 548");
}

struct never_case {
	const char *desc;
	__be32 src, dst;
	uint8_t proto;
	uint8_t icmp_type;
	uint16_t frag_off;
	unsigned flags;
	int want;
};

static const struct never_case never_cases[] = {
	{ "UDP probe: error allowed", IP4(192, 0, 2, 1), IP4(203, 0, 113, 5), 17, 0, 0, 0, 0 },
	{ "about echo request: allowed", IP4(192, 0, 2, 1), IP4(203, 0, 113, 5), 1, 8, 0, 0, 0 },
	{ "about echo reply: allowed", IP4(192, 0, 2, 1), IP4(203, 0, 113, 5), 1, 0, 0, 0, 0 },
	{ "about timestamp request: allowed", IP4(192, 0, 2, 1), IP4(203, 0, 113, 5), 1, 13, 0, 0, 0 },
	{ "about address mask reply: allowed", IP4(192, 0, 2, 1), IP4(203, 0, 113, 5), 1, 18, 0, 0, 0 },
	{ "never about dest unreachable", IP4(192, 0, 2, 1), IP4(203, 0, 113, 5), 1, 3, 0, 0, -EPERM },
	{ "never about source quench", IP4(192, 0, 2, 1), IP4(203, 0, 113, 5), 1, 4, 0, 0, -EPERM },
	{ "never about redirect", IP4(192, 0, 2, 1), IP4(203, 0, 113, 5), 1, 5, 0, 0, -EPERM },
	{ "never about time exceeded", IP4(192, 0, 2, 1), IP4(203, 0, 113, 5), 1, 11, 0, 0, -EPERM },
	{ "never about parameter problem", IP4(192, 0, 2, 1), IP4(203, 0, 113, 5), 1, 12, 0, 0, -EPERM },
	{ "never about unknown ICMP type 42", IP4(192, 0, 2, 1), IP4(203, 0, 113, 5), 1, 42, 0, 0, -EPERM },
	{ "never to limited broadcast dst", IP4(192, 0, 2, 1), IP4(255, 255, 255, 255), 17, 0, 0, 0, -EPERM },
	{ "never to multicast dst", IP4(192, 0, 2, 1), IP4(224, 0, 0, 5), 17, 0, 0, 0, -EPERM },
	{ "never for link-layer broadcast", IP4(192, 0, 2, 1), IP4(203, 0, 113, 5), 17, 0, 0, ICMP_F_L2_MCAST, -EPERM },
	{ "never for directed broadcast", IP4(192, 0, 2, 1), IP4(203, 0, 113, 255), 17, 0, 0, ICMP_F_IP_BCAST, -EPERM },
	{ "never about a non-first fragment", IP4(192, 0, 2, 1), IP4(203, 0, 113, 5), 17, 0, 10, 0, -EPERM },
	{ "first fragment (MF, offset 0): allowed", IP4(192, 0, 2, 1), IP4(203, 0, 113, 5), 17, 0, PKT_IP_MF, 0, 0 },
	{ "never to source 0.0.0.0", IP4(0, 0, 0, 0), IP4(203, 0, 113, 5), 17, 0, 0, 0, -EPERM },
	{ "never to source 127.0.0.1", IP4(127, 0, 0, 1), IP4(203, 0, 113, 5), 17, 0, 0, 0, -EPERM },
	{ "never to source 169.254.1.1", IP4(169, 254, 1, 1), IP4(203, 0, 113, 5), 17, 0, 0, 0, -EPERM },
	{ "never to source 224.1.1.1", IP4(224, 1, 1, 1), IP4(203, 0, 113, 5), 17, 0, 0, 0, -EPERM },
	{ "never to source 240.0.0.1", IP4(240, 0, 0, 1), IP4(203, 0, 113, 5), 17, 0, 0, 0, -EPERM },
	{ "never to source 255.255.255.255", IP4(255, 255, 255, 255), IP4(203, 0, 113, 5), 17, 0, 0, 0, -EPERM },
};

static size_t mk_never(uint8_t *buf, const struct never_case *c)
{
	size_t len = mkudp(buf, 48, c->src, c->dst, c->frag_off);
	struct iphdr *ih = (void *)buf;

	ih->protocol = c->proto;
	if (c->proto == IPPROTO_ICMP) {
		memset(buf + 20, 0, 8);
		buf[20] = c->icmp_type;
		*(uint16_t *)(buf + 22) = pkt_csum(buf + 20, len - 20);
	}
	pkt_ip_set_csum(ih);
	return len;
}

static void test_never(void)
{
	struct icmp *ic = icmp_create(NULL);
	uint8_t buf[64], out[ICMP_ERR_MAX];
	size_t i;

	for (i = 0; i < sizeof(never_cases) / sizeof(never_cases[0]); i++) {
		const struct never_case *c = &never_cases[i];
		size_t len = mk_never(buf, c);
		int n = icmp_error(ic, out, sizeof(out), buf, len, 11, 0, 0, router, c->flags,
				   T0 + i * NS);

		report(c->want ? n == c->want : icmp_valid(out, n), c->desc);
	}
	buf[10] ^= 0xff;
	report(icmp_may_error(buf, 48, 0) == -EINVAL, "bad header: -EINVAL");
	icmp_destroy(ic);
}

/* Send `count` errors to src at time now; how many went out. */
static unsigned burst(struct icmp *ic, __be32 src, unsigned count, uint64_t now)
{
	uint8_t buf[64], out[ICMP_ERR_MAX];
	size_t len = mkudp(buf, 48, src, IP4(203, 0, 113, 5), 0);
	unsigned i, sent = 0;

	for (i = 0; i < count; i++)
		sent += icmp_error(ic, out, sizeof(out), buf, len, 11, 0, 0, router, 0, now) > 0;
	return sent;
}

/* Two families' senders, one global budget (icmp_share_global()); own per-source buckets. */
static void test_rate_shared(const struct icmp_limits *lim)
{
	struct icmp *v4 = icmp_create(lim), *v6 = icmp_create(NULL);
	unsigned i, sent4 = 0, sent6 = 0;

	icmp_share_global(v6, v4);
	for (i = 0; i < 10; i++)
		sent4 += burst(v4, htonl(0x0a000001 + i), 3, T0);
	for (i = 0; i < 20; i++)
		sent6 += burst(v6, htonl(0x0c000001 + i), 3, T0);
	report(sent4 == 30 && sent6 == 20 && icmp_limited(v6) == 40 && icmp_limited(v4) == 0,
	       "shared global: the second family gets what the first left of burst 50, "
	       "its drops its own");
	report(burst(v6, htonl(0x0c0000ff), 5, T0 + NS / 100) == 1,
	       "shared global: the sharer refills at the owner's 100/s");
	report(burst(v6, htonl(0x0c000001), 40, T0 + 100 * NS) == ICMP_SRC_BURST,
	       "shared global: per-source buckets stay the sharer's own");
	icmp_destroy(v6);
	icmp_destroy(v4);
}

static void test_rate(void)
{
	struct icmp_limits lim = { .global_pps = 100, .global_burst = 50, .src_max = 64 };
	struct icmp *ic = icmp_create(NULL);
	__be32 a = IP4(192, 0, 2, 1), b = IP4(192, 0, 2, 2);
	unsigned i, sent;
	bool ok;

	report(burst(ic, a, 40, T0) == ICMP_SRC_BURST, "per source: burst of 30 then limited");
	report(burst(ic, a, 5, T0 + NS / 20) == 0, "per source: none 50 ms later");
	report(burst(ic, a, 5, T0 + NS / 10) == 1, "per source: one token per 100 ms");
	report(burst(ic, a, 40, T0 + 100 * NS) == ICMP_SRC_BURST,
	       "per source: full burst again after a long pause");
	report(burst(ic, b, 40, T0 + 100 * NS) == ICMP_SRC_BURST, "another source has its own bucket");
	sent = 0;
	for (i = 0; i < 50; i++)
		sent += burst(ic, a, 10, T0 + 200 * NS + i * NS / 10);
	report(sent == ICMP_SRC_BURST + 49, "per source: sustained 10/s after the burst");
	icmp_destroy(ic);

	ic = icmp_create(&lim);
	for (i = 0, sent = 0; i < 20; i++)
		sent += burst(ic, htonl(0x0a000001 + i), 10, T0);
	report(sent == 50, "global: 20 sources x 10 capped at global burst 50");
	sent = burst(ic, htonl(0x0a0000ff), 10, T0 + NS / 100);
	report(sent == 1, "global: 100/s refills one per 10 ms");
	icmp_destroy(ic);

	ic = icmp_create(&lim);
	for (i = 0, ok = true; i < 100000; i++)
		ok = ok && icmp_rate_allow(ic, htonl(0x0b000000 + i), T0 + i * NS / 100);
	report(ok, "100000 distinct sources in a 64-entry table: bounded, each served");
	icmp_destroy(ic);
	test_rate_shared(&lim);
}

static void test_echo(void)
{
	struct icmp *ic = icmp_create(NULL);
	uint8_t out[128], req[128];
	int n;

	n = icmp_build_echo_reply(out, sizeof(out), echo_req, sizeof(echo_req), 0, 0x0202);
	report(n == (int)sizeof(exp_echo) && !memcmp(out, exp_echo, sizeof(exp_echo)),
	       "echo reply byte-exact: same id, seq, data; src is the request's dst");
	n = icmp_echo_reply(ic, out, sizeof(out), echo_req, sizeof(echo_req), IP4(10, 9, 9, 9));
	report(icmp_valid(out, n) && ((struct iphdr *)out)->saddr == IP4(10, 9, 9, 9) &&
	       ((struct iphdr *)out)->ttl == 64, "echo reply from the given source, TTL 64");
	memcpy(req, echo_req, sizeof(echo_req));
	((struct iphdr *)req)->frag_off = htons(PKT_IP_MF);
	pkt_ip_set_csum((struct iphdr *)req);
	report(icmp_echo_reply(ic, out, sizeof(out), req, sizeof(echo_req), 0) == -EPERM,
	       "fragmented echo request: no reply");
	memcpy(req, echo_req, sizeof(echo_req));
	((struct iphdr *)req)->saddr = IP4(127, 0, 0, 1);
	pkt_ip_set_csum((struct iphdr *)req);
	report(icmp_echo_reply(ic, out, sizeof(out), req, sizeof(echo_req), 0) == -EPERM,
	       "echo request from a martian: no reply");
	report(icmp_echo_reply(ic, out, sizeof(out), exp_echo, sizeof(exp_echo), 0) == -EINVAL,
	       "echo reply is not answered");
	report(icmp_echo_reply(ic, out, 30, echo_req, sizeof(echo_req), 0) == -ENOSPC,
	       "echo reply into a short buffer: -ENOSPC");
	icmp_destroy(ic);
}

/* A TCP segment from 192.0.2.1:40000 to the router with flags and payload. */
static size_t mktcp(uint8_t *buf, uint8_t flags, uint32_t seq, uint32_t ack, size_t plen)
{
	struct iphdr *ih = (void *)buf;
	struct tcphdr *th = (void *)(buf + 20);
	size_t tot = 40 + plen;

	memset(buf, 0, tot);
	ih->version = 4;
	ih->ihl = 5;
	ih->tot_len = htons((uint16_t)tot);
	ih->ttl = 64;
	ih->protocol = IPPROTO_TCP;
	ih->saddr = IP4(192, 0, 2, 1);
	ih->daddr = router;
	pkt_ip_set_csum(ih);
	th->source = htons(40000);
	th->dest = htons(179);
	th->seq = htonl(seq);
	th->ack_seq = htonl(ack);
	th->doff = 5;
	((uint8_t *)th)[13] = flags;
	return tot;
}

struct rst_case {
	const char *desc;
	uint8_t flags;		/* FIN 1, SYN 2, RST 4, PSH 8, ACK 16 */
	uint32_t seq, ack;
	size_t plen;
	int want;		/* length or -errno */
	uint32_t want_seq, want_ack;
	uint8_t want_flags;
};

static const struct rst_case rst_cases[] = {
	{ "SYN: RST|ACK seq 0 ack seq+1", 0x02, 1000, 0, 0, 40, 0, 1001, 0x14 },
	{ "SYN with 5 data bytes and FIN: ack seq+7", 0x03, 1000, 0, 5, 40, 0, 1007, 0x14 },
	{ "bare data, no ACK: ack seq+len", 0x00, 0xfffffff0, 0, 32, 40, 0, 0x10, 0x14 },
	{ "ACK segment: RST seq = its ack, no ACK", 0x18, 5000, 777777, 10, 40, 777777, 0, 0x04 },
	{ "FIN|ACK: RST seq = its ack", 0x11, 5000, 42, 0, 40, 42, 0, 0x04 },
	{ "RST: nothing", 0x04, 5000, 0, 0, -EPERM, 0, 0, 0 },
	{ "RST|ACK: nothing", 0x14, 5000, 1, 0, -EPERM, 0, 0, 0 },
};

static void test_rst(void)
{
	struct icmp *ic = icmp_create(NULL);
	uint8_t seg[128], out[64];
	size_t i;
	int n;

	n = icmp_build_tcp_rst(out, sizeof(out), tcp_syn, sizeof(tcp_syn), 0x0303);
	report(n == (int)sizeof(exp_rst_syn) && !memcmp(out, exp_rst_syn, sizeof(exp_rst_syn)),
	       "RST for a SYN byte-exact");
	n = icmp_build_tcp_rst(out, sizeof(out), tcp_ack, sizeof(tcp_ack), 0x0304);
	report(n == (int)sizeof(exp_rst_ack) && !memcmp(out, exp_rst_ack, sizeof(exp_rst_ack)),
	       "RST for an ACK segment with data byte-exact");
	for (i = 0; i < sizeof(rst_cases) / sizeof(rst_cases[0]); i++) {
		const struct rst_case *c = &rst_cases[i];
		size_t len = mktcp(seg, c->flags, c->seq, c->ack, c->plen);
		const struct tcphdr *th = (const void *)(out + 20);
		bool ok;

		n = icmp_tcp_rst(ic, out, sizeof(out), seg, len, 0, T0);
		ok = n == c->want;
		if (ok && n > 0)
			ok = pkt_ip_check(out, (size_t)n) == 20 &&
			     pkt_csum_l4(router, IP4(192, 0, 2, 1), IPPROTO_TCP, th, 20) == 0 &&
			     ntohl(th->seq) == c->want_seq && ntohl(th->ack_seq) == c->want_ack &&
			     out[33] == c->want_flags && th->source == htons(179) &&
			     th->dest == htons(40000);
		report(ok, c->desc);
	}
	icmp_destroy(ic);
}

/*
 * In a frame the IP header follows the 14-byte Ethernet header, 2 bytes
 * off the 4-byte alignment of struct iphdr: every check and builder must
 * read and write headers there (the sanitized run catches a misaligned
 * access), with the same bytes as from an aligned buffer.
 */
static void test_frame_offset(void)
{
	static uint8_t in[ETH_HLEN + 128] __attribute__((aligned(8)));
	static uint8_t out[ETH_HLEN + ICMP_ERR_MAX] __attribute__((aligned(8)));
	struct icmp *ic = icmp_create(NULL);
	uint8_t *ip = in + ETH_HLEN, *o = out + ETH_HLEN;
	size_t cap = sizeof(out) - ETH_HLEN;
	int n;

	memcpy(ip, udp_probe, sizeof(udp_probe));
	report(pkt_ip_check(ip, sizeof(udp_probe)) == 20 &&
	       icmp_may_error(ip, sizeof(udp_probe), 0) == 0,
	       "offset 14: header checked, an error may be sent");
	n = icmp_build_error(o, cap, ip, sizeof(udp_probe), 11, 0, 0, router, 0x0101);
	report(n == (int)sizeof(exp_ttl) && !memcmp(o, exp_ttl, sizeof(exp_ttl)),
	       "offset 14: time exceeded byte-exact");
	n = icmp_error(ic, o, cap, ip, sizeof(udp_probe), 3, 4, 1400, router, 0, T0);
	report(icmp_valid(o, n), "offset 14: rate-limited error built");
	memcpy(ip, echo_req, sizeof(echo_req));
	n = icmp_build_echo_reply(o, cap, ip, sizeof(echo_req), 0, 0x0202);
	report(n == (int)sizeof(exp_echo) && !memcmp(o, exp_echo, sizeof(exp_echo)),
	       "offset 14: echo reply byte-exact");
	n = icmp_echo_reply(ic, o, cap, ip, sizeof(echo_req), 0);
	report(icmp_valid(o, n), "offset 14: echo reply checked and built");
	memcpy(ip, tcp_syn, sizeof(tcp_syn));
	n = icmp_build_tcp_rst(o, cap, ip, sizeof(tcp_syn), 0x0303);
	report(n == (int)sizeof(exp_rst_syn) && !memcmp(o, exp_rst_syn, sizeof(exp_rst_syn)),
	       "offset 14: RST for a SYN byte-exact");
	n = icmp_tcp_rst(ic, o, cap, ip, sizeof(tcp_syn), 0, T0);
	report(n == ICMP_RST_LEN && pkt_ip_check(o, (size_t)n) == 20,
	       "offset 14: rate-limited RST built");
	icmp_destroy(ic);
}

int main(void)
{
	test_csum();
	test_ip_check();
	test_addr_classes();
	test_error_bytes();
	test_quote();
	test_never();
	test_rate();
	test_echo();
	test_rst();
	test_frame_offset();
	return report_done();
}
