/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * ICMP (RFC 792, RFC 1812 4.3) and TCP RST (RFC 793) built by the daemon.
 *
 * Builders take an IPv4 packet (no Ethernet header) and write an IPv4
 * packet: TTL 64, DF clear, a fresh IP ID, checksums computed.  The caller
 * picks the source address (the router's address on the ingress port),
 * routes the result and adds the Ethernet header.
 *
 * struct icmp wraps the builders with the RFC 1812 "never send" rules and
 * rate limiting: a token bucket per source (bounded table, replace-oldest)
 * and one global bucket.
 */
#ifndef XR_ICMP_H
#define XR_ICMP_H

#include "pkt.h"

#define ICMP_ERR_MAX		576	/* whole error packet, RFC 1812 4.3.2.3 */
#define ICMP_RST_LEN		40	/* IP + TCP, no options */

/* Defaults for struct icmp_limits fields left 0. */
#define ICMP_SRC_PPS		10
#define ICMP_SRC_BURST		30	/* traceroute sends 16 probes at once */
#define ICMP_SRC_MAX		4096
#define ICMP_GLOBAL_PPS		1000
#define ICMP_GLOBAL_BURST	1000

/* Flags about the offending packet, for what the IP header cannot tell. */
enum icmp_flags {
	ICMP_F_L2_MCAST = 1 << 0,	/* arrived with a broadcast/multicast dst MAC */
	ICMP_F_IP_BCAST = 1 << 1,	/* dst was a (directed) broadcast the caller knows of */
};

/* ---- pure builders: return the length written, or -errno ---- */

/*
 * ICMP error about ip[0..len): type/code, info goes into the second word
 * (next-hop MTU for 3/4 as its low 16 bits, 0 otherwise).  Quotes the IP
 * header and as much payload as fits in ICMP_ERR_MAX (the packet's total
 * length counts, not Ethernet padding after it).  -ENOSPC if cap is short
 * of the result (ICMP_ERR_MAX always suffices).  No policy checks (see
 * icmp_may_error()).
 */
int icmp_build_error(uint8_t *out, size_t cap, const uint8_t *ip, size_t len,
		     uint8_t type, uint8_t code, uint32_t info, __be32 src, uint16_t id);
/* Echo reply to an echo request; src 0: the request's destination.  Options dropped. */
int icmp_build_echo_reply(uint8_t *out, size_t cap, const uint8_t *ip, size_t len,
			  __be32 src, uint16_t id);
/*
 * RST for the TCP segment in ip[0..len) (RFC 793 "reset generation"):
 * no RST for a RST (-EPERM), seq = seg.ack if ACK set, else seq 0 and
 * RST|ACK with ack = seg.seq + seg.len (+1 for SYN, +1 for FIN).
 */
int icmp_build_tcp_rst(uint8_t *out, size_t cap, const uint8_t *ip, size_t len,
		       uint16_t id);
/* The RST's TCP header for seg carrying seg_data bytes (checksum left 0). */
void icmp_tcp_rst_fill(pkt_tcphdr *th, const pkt_tcphdr *seg, size_t seg_data);

/*
 * May an error be sent about ip[0..len)?  0, or -EPERM when RFC 1812 says
 * never: ICMP error (anything but echo/timestamp/info/mask req/reply), a
 * broadcast or multicast destination (or ICMP_F_L2_MCAST), a non-first
 * fragment, a martian source; -EINVAL for a bad header.
 */
int icmp_may_error(const uint8_t *ip, size_t len, unsigned flags);

/* ---- policy + rate limiting ---- */

struct icmp_limits {
	unsigned src_pps, src_burst, src_max;	/* per-source buckets */
	unsigned global_pps, global_burst;
};

struct icmp;

/* NULL with errno set.  lim NULL: defaults. */
struct icmp *icmp_create(const struct icmp_limits *lim);
void icmp_destroy(struct icmp *ic);

/*
 * An error about ip[0..len) to its source, from src: checks
 * icmp_may_error(), then the rate limits (-EBUSY when limited), then builds.
 * Returns the length written to out (cap >= ICMP_ERR_MAX) or -errno.
 */
int icmp_error(struct icmp *ic, uint8_t *out, size_t cap, const uint8_t *ip, size_t len,
	       uint8_t type, uint8_t code, uint32_t info, __be32 src, unsigned flags,
	       uint64_t now);
/*
 * Echo reply (not rate-limited: the hand-off is).  -EPERM for a martian
 * source or a fragment; -EINVAL for anything but a valid echo request.
 */
int icmp_echo_reply(struct icmp *ic, uint8_t *out, size_t cap, const uint8_t *ip,
		    size_t len, __be32 src);
/* RST for TCP to a router address; rate-limited like errors; -EPERM if not owed. */
int icmp_tcp_rst(struct icmp *ic, uint8_t *out, size_t cap, const uint8_t *ip, size_t len,
		 unsigned flags, uint64_t now);
/* The rate limiter alone: 1 if a packet to dst may go now (takes a token). */
int icmp_rate_allow(struct icmp *ic, __be32 dst, uint64_t now);
/*
 * From now on ic spends with's global budget (its rate and burst), keeping
 * its own per-source buckets: one router-wide limit over both families'
 * senders.  with must outlive ic's use.
 */
void icmp_share_global(struct icmp *ic, struct icmp *with);
/* Packets the rate limits held back since icmp_create(). */
uint64_t icmp_limited(const struct icmp *ic);
/* A fresh IP ID for packets the daemon originates. */
uint16_t icmp_next_id(struct icmp *ic);

#endif
