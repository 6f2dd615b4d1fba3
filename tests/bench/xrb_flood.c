// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Frames for tests/bench/floods.sh: a paced steady flow, and the floods a
 * router meets from a host on one of its segments, sent on a packet socket
 * as fast as the socket takes them (scapy manages ~10,000 a second; a flood
 * must be the generator's full rate).
 *
 *   xrb_flood steady DEV DMAC SMAC SRC DST PPS SECONDS
 *   xrb_flood KIND   DEV DMAC SMAC SRC DST SECONDS [ARG]
 *
 * KIND, each frame varying as a flood of that kind varies:
 *   scan      UDP to every address of DST's /16 in turn (ARG: none)
 *   ttl1      UDP to DST with TTL 1, source ports cycling
 *   echo      ICMP echo requests to DST (the router), ids cycling
 *   arpspoof  gratuitous ARP replies: SRC is at SMAC (SRC: the address stolen)
 *   naspoof   unsolicited Neighbor Advertisements, override: ARG (an IPv6
 *             address) is at SMAC, to all-nodes
 *   macs      UDP from ARG (default 100000) random source MACs to DMAC
 *   bad       IPv4 with a wrong header checksum and frames cut inside the
 *             IPv4 or UDP header, alternately
 *
 * Prints "sent SECONDS" (frames, seconds actually run).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/icmp6.h>
#include <netinet/ip6.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

#define FL_BATCH	64
#define FL_FRAME	128
#define FL_PORT_STEADY	5001	/* xdp_count (bench.bpf.c) counts these */
#define FL_PORT_FLOOD	5002

struct flood {
	const char *kind;
	uint8_t dmac[6], smac[6];
	uint32_t src, dst;		/* host order */
	struct in6_addr target;		/* naspoof */
	uint32_t nmacs;			/* macs */
	uint64_t seq;
};

static uint16_t csum_fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

static uint32_t csum_add(uint32_t s, const void *p, size_t len)
{
	const uint8_t *b = p;

	for (size_t i = 0; i + 1 < len; i += 2)
		s += (uint32_t)b[i] << 8 | b[i + 1];
	if (len & 1)
		s += (uint32_t)b[len - 1] << 8;
	return s;
}

static size_t eth_put(uint8_t *f, const uint8_t *dmac, const uint8_t *smac, uint16_t type)
{
	memcpy(f, dmac, 6);
	memcpy(f + 6, smac, 6);
	f[12] = type >> 8;
	f[13] = type & 0xff;
	return 14;
}

/*
 * IPv4 + 8 bytes of UDP (to dport) or ICMP after it; returns the frame
 * length.  The steady flow goes to FL_PORT_STEADY, floods to FL_PORT_FLOOD,
 * so the receiver counts only the flow.
 */
static size_t ip4_put(uint8_t *f, uint32_t src, uint32_t dst, uint8_t ttl, uint8_t proto,
		      uint16_t id, uint16_t dport)
{
	uint8_t *ip = f + 14, *l4 = ip + 20;
	uint16_t c;

	memset(ip, 0, 20 + 26);
	ip[0] = 0x45;
	ip[3] = 20 + 8 + 18;
	ip[4] = id >> 8;
	ip[5] = id & 0xff;
	ip[8] = ttl;
	ip[9] = proto;
	*(uint32_t *)(ip + 12) = htonl(src);
	*(uint32_t *)(ip + 16) = htonl(dst);
	c = csum_fold(csum_add(0, ip, 20));
	ip[10] = c >> 8;
	ip[11] = c & 0xff;
	if (proto == IPPROTO_UDP) {
		l4[0] = 0x30 | (id >> 12);	/* source port varies: 12288.. */
		l4[1] = id & 0xff;
		l4[2] = dport >> 8;
		l4[3] = dport & 0xff;
		l4[5] = 8 + 18;			/* no checksum (0): valid for UDP/IPv4 */
	} else {
		l4[0] = 8;			/* echo request */
		l4[4] = id >> 8;
		l4[5] = id & 0xff;
		c = csum_fold(csum_add(0, l4, 8 + 18));
		l4[2] = c >> 8;
		l4[3] = c & 0xff;
	}
	return 14 + 20 + 8 + 18;
}

static size_t arp_put(uint8_t *f, const struct flood *fl)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	static const uint8_t hdr[8] = { 0, 1, 8, 0, 6, 4, 0, 2 };	/* reply */
	uint8_t *a = f + eth_put(f, bcast, fl->smac, ETH_P_ARP);
	uint32_t ip = htonl(fl->src);

	memcpy(a, hdr, 8);
	memcpy(a + 8, fl->smac, 6);
	memcpy(a + 14, &ip, 4);
	memcpy(a + 18, bcast, 6);
	memcpy(a + 24, &ip, 4);		/* gratuitous: target = sender */
	memset(a + 28, 0, 18);
	return 60;
}

static size_t na_put(uint8_t *f, const struct flood *fl)
{
	static const uint8_t allnodes_mac[6] = { 0x33, 0x33, 0, 0, 0, 1 };
	struct ip6_hdr *ip6 = (struct ip6_hdr *)(f + eth_put(f, allnodes_mac, fl->smac,
							       ETH_P_IPV6));
	struct nd_neighbor_advert *na = (struct nd_neighbor_advert *)(ip6 + 1);
	uint8_t *opt = (uint8_t *)(na + 1);
	uint32_t s = 0;
	uint16_t plen = sizeof(*na) + 8, c;

	memset(ip6, 0, sizeof(*ip6) + plen);
	ip6->ip6_flow = htonl(6u << 28);
	ip6->ip6_plen = htons(plen);
	ip6->ip6_nxt = IPPROTO_ICMPV6;
	ip6->ip6_hlim = 255;
	ip6->ip6_src = fl->target;
	inet_pton(AF_INET6, "ff02::1", &ip6->ip6_dst);
	na->nd_na_type = ND_NEIGHBOR_ADVERT;
	na->nd_na_flags_reserved = ND_NA_FLAG_OVERRIDE;
	na->nd_na_target = fl->target;
	opt[0] = ND_OPT_TARGET_LINKADDR;
	opt[1] = 1;
	memcpy(opt + 2, fl->smac, 6);
	s = csum_add(s, &ip6->ip6_src, 32);
	s += plen + IPPROTO_ICMPV6;
	s = csum_add(s, na, plen);
	c = csum_fold(s);
	na->nd_na_cksum = htons(c);
	return 14 + sizeof(*ip6) + plen;
}

/* A locally administered unicast MAC from a number, distinct for each n < 2^32. */
static void mac_of_n(uint8_t *mac, uint32_t n)
{
	mac[0] = 0x06;
	mac[1] = 0xfe;
	mac[2] = n >> 24;
	mac[3] = n >> 16;
	mac[4] = n >> 8;
	mac[5] = n;
}

/* The next frame of fl's kind into f: its length, 0 for an unknown kind. */
static size_t flood_frame(struct flood *fl, uint8_t *f)
{
	uint64_t i = fl->seq++;
	const char *k = fl->kind;
	uint8_t smac[6];
	size_t n;

	if (!strcmp(k, "steady")) {
		eth_put(f, fl->dmac, fl->smac, ETH_P_IP);
		return ip4_put(f, fl->src, fl->dst, 64, IPPROTO_UDP, (uint16_t)i, FL_PORT_STEADY);
	}
	if (!strcmp(k, "scan")) {
		eth_put(f, fl->dmac, fl->smac, ETH_P_IP);
		return ip4_put(f, fl->src, (fl->dst & 0xffff0000u) | (i & 0xffff), 64,
			       IPPROTO_UDP, (uint16_t)i,
			       FL_PORT_FLOOD);
	}
	if (!strcmp(k, "ttl1")) {
		eth_put(f, fl->dmac, fl->smac, ETH_P_IP);
		return ip4_put(f, fl->src, fl->dst, 1, IPPROTO_UDP, (uint16_t)i,
			       FL_PORT_FLOOD);
	}
	if (!strcmp(k, "echo")) {
		eth_put(f, fl->dmac, fl->smac, ETH_P_IP);
		return ip4_put(f, fl->src, fl->dst, 64, IPPROTO_ICMP, (uint16_t)i,
			       FL_PORT_FLOOD);
	}
	if (!strcmp(k, "arpspoof"))
		return arp_put(f, fl);
	if (!strcmp(k, "naspoof"))
		return na_put(f, fl);
	if (!strcmp(k, "macs")) {
		/* A multiplicative walk: consecutive frames far apart in the hash. */
		mac_of_n(smac, (uint32_t)((i % fl->nmacs) * 2654435761u));
		eth_put(f, fl->dmac, smac, ETH_P_IP);
		return ip4_put(f, fl->src, fl->dst, 64, IPPROTO_UDP, (uint16_t)i,
			       FL_PORT_FLOOD);
	}
	if (!strcmp(k, "bad")) {
		eth_put(f, fl->dmac, fl->smac, ETH_P_IP);
		n = ip4_put(f, fl->src, fl->dst, 64, IPPROTO_UDP, (uint16_t)i,
			       FL_PORT_FLOOD);
		if (i % 2 == 0) {
			f[14 + 10] ^= 0x5a;	/* header checksum wrong */
			return n;
		}
		/* Cut: inside the IPv4 header, or inside UDP (total length says more). */
		return i % 4 == 1 ? 14 + 12 : 14 + 20 + 4;
	}
	return 0;
}

static int sock_open(const char *dev, struct sockaddr_ll *sll)
{
	int fd = socket(AF_PACKET, SOCK_RAW, 0), sz = 4 << 20;

	if (fd < 0)
		return -errno;
	memset(sll, 0, sizeof(*sll));
	sll->sll_family = AF_PACKET;
	sll->sll_ifindex = (int)if_nametoindex(dev);
	if (!sll->sll_ifindex) {
		close(fd);
		return -ENODEV;
	}
	setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sz, sizeof(sz));
	return fd;
}

/*
 * Send for secs seconds, at pps frames a second (0: as fast as the socket
 * takes them, batches of FL_BATCH).  Returns frames sent.
 */
static uint64_t flood_run(struct flood *fl, int fd, struct sockaddr_ll *sll, uint64_t pps,
			  double secs, double *ran)
{
	static uint8_t frames[FL_BATCH][FL_FRAME];
	struct mmsghdr msgs[FL_BATCH];
	struct iovec iov[FL_BATCH];
	uint64_t t0 = clock_now_ns(), end = t0 + (uint64_t)(secs * 1e9), sent = 0, now;
	unsigned batch = pps && pps < 100000 ? 1 : FL_BATCH;

	memset(msgs, 0, sizeof(msgs));
	while ((now = clock_now_ns()) < end) {
		int n, i;

		/* Paced: no frame before its time (a busy wait: steadier than sleeping). */
		if (pps && sent * 1000000000ull / pps > now - t0)
			continue;
		for (i = 0; i < (int)batch; i++) {
			iov[i] = (struct iovec){ frames[i], flood_frame(fl, frames[i]) };
			msgs[i].msg_hdr = (struct msghdr){ .msg_name = sll,
							   .msg_namelen = sizeof(*sll),
							   .msg_iov = &iov[i], .msg_iovlen = 1 };
		}
		n = sendmmsg(fd, msgs, batch, 0);
		if (n > 0)
			sent += n;
		/* Unsent frames of the batch are skipped, not resent: a flood. */
		fl->seq -= batch - (n > 0 ? n : 0);
	}
	*ran = (clock_now_ns() - t0) / 1e9;
	return sent;
}

static int mac_arg(const char *s, uint8_t *mac)
{
	return cmd_mac_from_str(s, mac) ? -EINVAL : 0;
}

int main(int argc, char **argv)
{
	struct flood fl = { .nmacs = 100000 };
	bool steady = argc > 1 && !strcmp(argv[1], "steady");
	struct sockaddr_ll sll;
	uint64_t pps = 0, sent;
	double secs, ran;
	int fd;

	if (argc < 8 + steady || mac_arg(argv[3], fl.dmac) || mac_arg(argv[4], fl.smac) ||
	    bench_ip_from_str(argv[5], &fl.src) || bench_ip_from_str(argv[6], &fl.dst)) {
		fprintf(stderr, "usage: xrb_flood steady DEV DMAC SMAC SRC DST PPS SECONDS\n"
				"       xrb_flood KIND DEV DMAC SMAC SRC DST SECONDS [ARG]\n");
		return 2;
	}
	fl.kind = argv[1];
	if (steady)
		pps = strtoull(argv[7], NULL, 10);
	secs = atof(argv[7 + steady]);
	if (argc > 8 + steady && !strcmp(fl.kind, "naspoof") &&
	    inet_pton(AF_INET6, argv[8], &fl.target) != 1) {
		fprintf(stderr, "xrb_flood: %s: not an IPv6 address\n", argv[8]);
		return 2;
	}
	if (argc > 8 + steady && !strcmp(fl.kind, "macs"))
		fl.nmacs = strtoul(argv[8], NULL, 10) ?: 1;
	{
		uint8_t probe[FL_FRAME];
		struct flood copy = fl;

		if (!flood_frame(&copy, probe)) {
			fprintf(stderr, "xrb_flood: %s: unknown kind\n", fl.kind);
			return 2;
		}
	}
	fd = sock_open(argv[2], &sll);
	if (fd < 0) {
		fprintf(stderr, "xrb_flood: %s: %s\n", argv[2], strerror(-fd));
		return 1;
	}
	sent = flood_run(&fl, fd, &sll, pps, secs, &ran);
	printf("%llu %.3f\n", (unsigned long long)sent, ran);
	close(fd);
	return 0;
}
