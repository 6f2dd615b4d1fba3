/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Unit tests of the IPv6 codecs (icmp6.h, ndp.h): the echo reply and an
 * NS byte-exact against packets built by scapy, every error's checksum
 * and its 1280-byte bound, RFC 4443 2.4's "never send" rules, the TCP RST,
 * the extension header walk, EUI-64 and solicited-node addresses, and
 * NDP's parser on good, ignored and malformed messages.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>

#include "check.h"
#include "icmp6.h"
#include "ndp.h"

#define NS_	1000000000ull
#define T0	(1000 * NS_)

/* Generated with scapy (python3-scapy). */
static const uint8_t echo_req[] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x0c, 0x3a, 0x40, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x20, 0x01, 0x0d, 0xb8,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x80, 0x00,
	0x4d, 0x48, 0x12, 0x34, 0x00, 0x01, 0x61, 0x62, 0x63, 0x64,
};
static const uint8_t echo_reply[] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x0c, 0x3a, 0x40, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x20, 0x01, 0x0d, 0xb8,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x81, 0x00,
	0x4c, 0x48, 0x12, 0x34, 0x00, 0x01, 0x61, 0x62, 0x63, 0x64,
};
/* NS from fe80::1 (SLLA 02:00:00:00:00:01) for 2001:db8::2. */
static const uint8_t ns_pkt[] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x20, 0x3a, 0xff, 0xfe, 0x80, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0xff, 0x02, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0xff, 0x00, 0x00, 0x02, 0x87, 0x00,
	0x4b, 0x5f, 0x00, 0x00, 0x00, 0x00, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x01, 0x01, 0x02, 0x00, 0x00, 0x00,
	0x00, 0x01,
};

static void ip6(const char *s, uint8_t out[16])
{
	inet_pton(AF_INET6, s, out);
}

/* A UDP packet of total length tot from src to dst (payload zero). */
static size_t udp_pkt(uint8_t *buf, size_t tot, const char *src, const char *dst)
{
	uint8_t s[16], d[16];

	ip6(src, s);
	ip6(dst, d);
	memset(buf, 0, tot);
	ip6_fill((struct pkt_ip6 *)buf, tot - 40, IPPROTO_UDP, 1, s, d);
	return tot;
}

static bool csum_ok(const uint8_t *pkt, int n)
{
	const struct pkt_ip6 *h = (const void *)pkt;

	return n > 40 && ip6_csum(h->src, h->dst, h->nexthdr, pkt + 40, (size_t)n - 40) == 0;
}

/* The ICMPv6 checksum again after a change. */
static void recsum(uint8_t *pkt, size_t n)
{
	struct pkt_icmp6 *ic = (void *)(pkt + 40);

	ic->csum = 0;
	ic->csum = ip6_csum(pkt + 8, pkt + 24, 58, ic, n - 40);
}

static void test_echo(void)
{
	uint8_t out[256];
	int n = icmp6_echo_reply(out, sizeof(out), echo_req, sizeof(echo_req), NULL);

	report(n == (int)sizeof(echo_reply) && !memcmp(out, echo_reply, sizeof(echo_reply)),
	       "echo reply byte-exact (scapy)");
	report(icmp6_echo_reply(out, sizeof(out), echo_reply, sizeof(echo_reply), NULL) == -EINVAL,
	       "no reply to a reply");
}

static void test_errors(void)
{
	static uint8_t big[2000], out[2000];
	struct icmp *ic = icmp_create(NULL);
	uint8_t src[16];
	int n;

	ip6("2001:db8:1::1", src);
	udp_pkt(big, sizeof(big), "2001:db8::2", "2001:db8:9::9");
	n = icmp6_error(ic, out, sizeof(out), big, sizeof(big), ICMP6_TIME_EXCEED, 0, 0, src, 0, T0);
	report(n == ICMP6_ERR_MAX && csum_ok(out, n), "time exceeded: 1280 bytes, checksum right");
	report(out[40] == 3 && !memcmp(out + 8, src, 16) && !memcmp(out + 24, big + 8, 16),
	       "error from the given source to the offender's source");
	n = icmp6_error(ic, out, sizeof(out), big, sizeof(big), ICMP6_PKT_TOO_BIG, 0, 1400, src, 0,
			T0);
	report(n > 0 && out[44] == 0 && out[46] == 0x05 && out[47] == 0x78, "PTB carries the MTU");
	/* Never: multicast destination (but PTB), unspecified source, an error. */
	udp_pkt(big, 100, "2001:db8::2", "ff02::1");
	report(icmp6_may_error(big, 100, ICMP6_DEST_UNREACH, 0) == -EPERM, "none to a multicast dst");
	report(icmp6_may_error(big, 100, ICMP6_PKT_TOO_BIG, 0) == 0, "but PTB to a multicast dst");
	udp_pkt(big, 100, "2001:db8::2", "2001:db8::9");
	report(icmp6_may_error(big, 100, ICMP6_DEST_UNREACH, ICMP_F_L2_MCAST) == -EPERM,
	       "none for a link-layer multicast");
	udp_pkt(big, 100, "::", "2001:db8::9");
	report(icmp6_may_error(big, 100, ICMP6_DEST_UNREACH, 0) == -EPERM, "none to ::");
	n = icmp6_build_error(big, sizeof(big), echo_req, sizeof(echo_req), 1, 0, 0, src);
	report(icmp6_may_error(big, (size_t)n, ICMP6_DEST_UNREACH, 0) == -EPERM,
	       "none about an ICMPv6 error");
	report(icmp6_may_error(echo_req, sizeof(echo_req), ICMP6_DEST_UNREACH, 0) == 0,
	       "an echo request may have one");
	icmp_destroy(ic);
}

static void test_rate(void)
{
	struct icmp *ic = icmp_create(&(struct icmp_limits){ .src_pps = 1, .src_burst = 2 });
	uint8_t pkt[100], out[1300], src[16];
	int ok = 0;

	ip6("2001:db8::1", src);
	udp_pkt(pkt, sizeof(pkt), "2001:db8::2", "2001:db8::9");
	for (int i = 0; i < 5; i++)
		ok += icmp6_error(ic, out, sizeof(out), pkt, sizeof(pkt), 1, 0, 0, src, 0, T0) > 0;
	report(ok == 2, "per-source burst limits errors");
	icmp_destroy(ic);
}

static void test_rst_and_ext(void)
{
	uint8_t pkt[40 + 8 + 20] = { 0 }, out[100];
	struct pkt_ip6 *h = (void *)pkt;
	uint8_t s[16], d[16], proto;
	size_t off;
	bool later;
	int n;

	ip6("2001:db8::2", s);
	ip6("2001:db8::1", d);
	ip6_fill(h, 28, 0, 64, s, d);		/* Hop-by-Hop, then TCP */
	pkt[40] = IPPROTO_TCP;
	pkt[48 + 12] = 5 << 4;			/* doff */
	pkt[48 + 13] = 0x02;			/* SYN */
	report(!ip6_upper(pkt, sizeof(pkt), &proto, &off, &later) && proto == IPPROTO_TCP &&
	       off == 48 && !later, "upper layer past Hop-by-Hop");
	n = icmp6_build_tcp_rst(out, sizeof(out), pkt, sizeof(pkt));
	report(n == (int)ICMP6_RST_LEN && csum_ok(out, n) && (out[53] & 0x14) == 0x14,
	       "RST|ACK to a SYN, checksum right");
	pkt[40] = 44;				/* then a later fragment */
	pkt[50] = 0;
	pkt[51] = 0x08;
	report(!ip6_upper(pkt, sizeof(pkt), &proto, &off, &later) && later, "later fragment seen");
	pkt[41] = 200;				/* Hop-by-Hop past the end */
	h->nexthdr = 0;
	pkt[40] = 0;
	report(ip6_upper(pkt, sizeof(pkt), &proto, &off, &later) == -EINVAL, "chain out of packet");
}

static void test_addrs(void)
{
	static const uint8_t mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };
	uint8_t ll[16], want[16], sn[16], m[6];

	ndp_eui64_ll(mac, ll);
	ip6("fe80::ff:fe00:1", want);
	report(!memcmp(ll, want, 16), "EUI-64 link-local flips the U/L bit");
	ip6("2001:db8::1234:5678", want);
	ndp_solicited_node(want, sn);
	ip6("ff02::1:ff34:5678", want);
	report(!memcmp(sn, want, 16), "solicited-node group");
	ndp_mcast_mac(sn, m);
	report(m[0] == 0x33 && m[1] == 0x33 && m[2] == 0xff && m[5] == 0x78, "group MAC 33:33");
	report(ip6_is_linklocal(ll) && !ip6_is_mcast(ll) && ip6_is_mcast(sn), "address classes");
}

static void test_ndp(void)
{
	static const uint8_t mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };
	uint8_t out[200], src[16], tgt[16], bad[sizeof(ns_pkt)];
	struct ndp_msg m;
	struct ndp_ra ra = { .lifetime_s = 1800, .mtu = 1500, .n_prefix = 1 };
	int n;

	ip6("fe80::1", src);
	ip6("2001:db8::2", tgt);
	n = ndp_build_ns(out, sizeof(out), src, tgt, mac, false);
	report(n == (int)sizeof(ns_pkt) && !memcmp(out, ns_pkt, sizeof(ns_pkt)),
	       "NS byte-exact (scapy)");
	report(!ndp_parse(ns_pkt, sizeof(ns_pkt), &m) && m.type == NDP_NS && m.has_lladdr &&
	       !memcmp(m.target, tgt, 16) && !memcmp(m.lladdr, mac, 6), "NS parsed");
	memcpy(bad, ns_pkt, sizeof(bad));
	bad[7] = 64;
	report(ndp_parse(bad, sizeof(bad), &m) == -EPERM, "NS with hop limit 64 ignored");
	bad[7] = 255;
	bad[65] = 0;				/* option length 0 */
	recsum(bad, sizeof(bad));
	report(ndp_parse(bad, sizeof(bad), &m) == -EINVAL, "option of length 0 refused");
	n = ndp_build_na(out, sizeof(out), tgt, src, tgt, mac, NDP_NA_ROUTER | NDP_NA_SOLICITED);
	report(n > 0 && !ndp_parse(out, (size_t)n, &m) && m.type == NDP_NA &&
	       m.flags == (NDP_NA_ROUTER | NDP_NA_SOLICITED) && m.has_lladdr, "NA round trip");
	out[7] = 64;				/* rebuilt with hop limit 64 */
	recsum(out, (size_t)n);
	report(ndp_parse(out, (size_t)n, &m) == -EPERM, "hop limit below 255 ignored");
	n = ndp_build_na(out, sizeof(out), tgt, ndp_all_nodes, tgt, mac, NDP_NA_SOLICITED);
	report(ndp_parse(out, (size_t)n, &m) == -EPERM, "solicited NA to a group ignored");
	ip6("2001:db8:5::", ra.prefix[0]);
	n = ndp_build_ra(out, sizeof(out), src, ndp_all_nodes, mac, &ra);
	report(n == 40 + 16 + 8 + 8 + 32 && !ndp_parse(out, (size_t)n, &m) && m.type == NDP_RA &&
	       out[40 + 6] == 0x07 && out[40 + 7] == 0x08, "RA: lifetime 1800, SLLA, MTU, PIO");
	report(out[40 + 16 + 8 + 8 + 3] == 0xc0 && out[40 + 16 + 8 + 8 + 2] == 64, "PIO /64 L A");
	report(ndp_parse(echo_req, sizeof(echo_req), &m) == -ENOMSG, "echo is no NDP");
}

int main(void)
{
	test_echo();
	test_errors();
	test_rate();
	test_rst_and_ext();
	test_addrs();
	test_ndp();
	return report_done();
}
