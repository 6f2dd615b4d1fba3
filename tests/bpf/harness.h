/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * BPF_PROG_TEST_RUN harness for the XDP program.  main.c moves the process
 * into a private network namespace with dummy/veth interfaces (a devmap slot
 * needs a real ifindex), opens a fresh datapath for each suite, and runs
 * the suites that are linked in.  A suite builds frames with the pkt_*()
 * builders, describes each case as a table row (struct h_case) and lets
 * h_case_run() check the verdict, the outgoing bytes, every counter of the
 * ingress port and the frames handed to the daemon.
 *
 * Prefixes: h_ (harness), pkt_ (frame builders), H_/PKT_ constants.
 */
#ifndef XR_TESTS_BPF_HARNESS_H
#define XR_TESTS_BPF_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <linux/bpf.h>

#include "dp.h"
#include "rib.h"

#define H_NPORTS	4	/* interfaces xbt0..xbt3 in the test netns */
#define H_WHY_MAX	512
#define H_HANDOFF_MAX	64	/* frames kept per h_handoff_collect() */
#define PKT_MAX		9200	/* over ~3.5 KB the test run makes a multi-buffer frame */

struct pkt {
	uint8_t b[PKT_MAX];
	size_t len;
	size_t l3;		/* offset of the IPv4 header (or ARP), 0 if none */
	size_t l4;		/* offset past the IPv4 header */
};

struct h_frame {
	struct xr_handoff h;
	uint8_t b[PKT_MAX];
	size_t len;		/* frame bytes received */
};

struct harness {
	struct dp *dp;
	struct rib *rib;
	int prog_fd;
	uint32_t ifindex[H_NPORTS];	/* xbt0..xbt3 */
	unsigned pass, fail;
	char why[H_WHY_MAX];		/* first failure of the current case */
	struct h_frame *frames;		/* H_HANDOFF_MAX handed-off frames */
	unsigned nframes, nframes_lost;
	bool fib_dxr;			/* h_open() loads the program searching DXR */
	bool fib6_trie;			/* ... and IPv6 in the trie instead of DXR */
};

/* Suites, each in its own file under tests/bpf/; main.c runs those linked. */
int route_suite(struct harness *h) __attribute__((weak));
int switch_suite(struct harness *h) __attribute__((weak));
int route6_suite(struct harness *h) __attribute__((weak));
int vlan_suite(struct harness *h) __attribute__((weak));
int trace_suite(struct harness *h) __attribute__((weak));
int trace_vlan_suite(struct harness *h) __attribute__((weak));
/* vlan_test.c's fixture (its comment) and frames, which trace_test.c traces. */
int vlan_fixture(struct harness *h);
void vlan_udp(struct pkt *p, const uint8_t dmac[6], const uint8_t smac[6], int tci,
	      uint32_t src, uint32_t dst);

/* ---- reporting ---- */

/* Remember why the case fails (the first reason wins); always false. */
bool h_why(struct harness *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Print "ok - desc" or "not ok - desc: why" and count it; returns ok. */
bool h_report(struct harness *h, bool ok, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define ASSERT_TRUE(h, cond, ...) ({					\
	bool _ok = (cond);						\
	if (!_ok)							\
		h_why(h, __VA_ARGS__);					\
	_ok;								\
})
#define ASSERT_EQ(h, got, want, what) ({				\
	long long _g = (long long)(got), _w = (long long)(want);	\
	bool _ok = _g == _w;						\
	if (!_ok)							\
		h_why(h, "%s: got %lld, want %lld", (what), _g, _w);	\
	_ok;								\
})
#define ASSERT_OK(h, err, what) ({					\
	long long _e = (long long)(err);				\
	bool _ok = _e == 0;						\
	if (!_ok)							\
		h_why(h, "%s failed: %lld", (what), _e);		\
	_ok;								\
})
/* Byte-by-byte; the reason names the first differing offset. */
bool h_bytes_eq(struct harness *h, const void *got, size_t got_len,
		const void *want, size_t want_len, const char *what);
#define ASSERT_BYTES(h, got, glen, want, wlen, what) \
	h_bytes_eq(h, got, glen, want, wlen, what)

/* ---- setup helpers ---- */

/*
 * Port i (0..H_NPORTS-1): ifindex h->ifindex[i], slot i + 1, MAC
 * 02:00:00:00:00:(i+1)0 (h_port_mac()).  handoff pps/burst 0 = defaults.
 */
void h_port_mac(unsigned i, uint8_t mac[6]);
int h_port_set(struct harness *h, unsigned i, uint32_t flags, uint16_t mtu,
	       uint16_t bridge, uint32_t handoff_pps, uint32_t handoff_burst);
/* A routed, active port with generous hand-off limits (tests hand off a lot). */
int h_port_routed(struct harness *h, unsigned i, uint16_t mtu);
/* ip host order. */
/* The neighbour map's key for IPv4 ip (host order) on ifid. */
struct xr_neigh_key h_neigh_key(uint32_t ifid, uint32_t ip);
int h_neigh_set(struct harness *h, uint32_t ifid, uint32_t ip, const uint8_t mac[6]);
int h_neigh_del(struct harness *h, uint32_t ifid, uint32_t ip);
/* rib_add() of one route (host order); proto/type as in rib.h. */
int h_route(struct harness *h, uint32_t prefix, uint8_t len, uint8_t type, uint8_t proto,
	    uint32_t ifid, uint32_t gw, uint32_t metric);
/* rib_del() of prefix/len (host order), whatever its gateway. */
int h_route_del(struct harness *h, uint32_t prefix, uint8_t len);

/* ---- running ---- */

/* Open a fresh datapath (new maps), its RIB and the hand-off reader; 0 or -errno. */
int h_open(struct harness *h);
void h_close(struct harness *h);


/*
 * One BPF_PROG_TEST_RUN (repeat 1) of frame `in` arriving on ifindex.
 * Fills *verdict and out/out_len (out holds PKT_MAX bytes); 0 or -errno.
 */
int h_run(struct harness *h, uint32_t ifindex, const struct pkt *in,
	  uint32_t *verdict, struct pkt *out);
int h_stats(struct harness *h, unsigned port, uint64_t out[XR_STAT_MAX]);
/* Drop what is pending in the hand-off buffer, then collect anew. */
void h_handoff_drain(struct harness *h);
/* Read the hand-off ring into h->frames (from index 0); returns h->nframes. */
unsigned h_handoff_collect(struct harness *h);

/* Expected change of one counter of the ingress port. */
struct h_delta {
	int stat;		/* enum xr_stat; the list ends at the first 0 delta */
	int64_t delta;
};

#define H_NO_HANDOFF	(-1)
#define H_DELTAS_MAX	6

/*
 * A table row.  Every counter of the ingress port not listed in `cnt`
 * must stay unchanged.  `out` NULL means "output equals input"
 * (checked only for XDP_PASS and XDP_REDIRECT: a dropped frame has none).
 * handoff >= 0: exactly one frame with that reason must reach the perf
 * buffer, carrying the input bytes and the ingress ifindex.
 */
struct h_case {
	const char *desc;
	unsigned port;			/* ingress port index */
	const struct pkt *in;
	uint32_t verdict;		/* XDP_DROP, XDP_PASS, XDP_REDIRECT */
	const struct pkt *out;
	struct h_delta cnt[H_DELTAS_MAX];
	int handoff;			/* enum xr_stat reason or H_NO_HANDOFF */
	uint32_t nh_ifid;		/* checked when handoff >= 0 and nonzero */
	uint32_t nh_ip;			/* host order; checked when nonzero */
	uint16_t mtu;			/* checked when nonzero */
	const struct pkt *handed;	/* the frame handed off, if not `in` */
};

/* Run and check one case silently; on failure h->why says why. */
bool h_case_check(struct harness *h, const struct h_case *c);
/* h_case_check() and report it. */
bool h_case_run(struct harness *h, const struct h_case *c);
void h_cases_run(struct harness *h, const struct h_case *c, size_t n);

/* ---- frame builders (all addresses host order) ---- */

extern const uint8_t pkt_bcast_mac[6];

void pkt_init(struct pkt *p);
void pkt_eth(struct pkt *p, const uint8_t dst[6], const uint8_t src[6], uint16_t type);
/* Append an 802.1Q tag and the inner EtherType. */
void pkt_vlan(struct pkt *p, uint16_t vid, uint16_t type);

struct pkt_ip {
	uint32_t src, dst;
	uint8_t ttl;		/* 0 is a valid TTL here: use pkt_ip_defaults() */
	uint8_t proto;
	uint8_t tos;
	uint16_t id;
	uint16_t frag;		/* flags + offset, host order */
	const uint8_t *opts;	/* padded by the caller to a multiple of 4 */
	size_t optlen;		/* <= 40 */
};
void pkt_ip_defaults(struct pkt_ip *ip, uint32_t src, uint32_t dst);
/* Append an IPv4 header; pkt_ip_finish() sets total length and checksum
 * (for an IPv6 header, the payload length). */
void pkt_ipv4(struct pkt *p, const struct pkt_ip *ip);
void pkt_ip_finish(struct pkt *p);
/* Append UDP (no checksum) / ICMP echo with n payload bytes, then finish. */
void pkt_udp(struct pkt *p, uint16_t sport, uint16_t dport, size_t n);
void pkt_icmp_echo(struct pkt *p, uint16_t id, uint16_t seq, size_t n);
void pkt_bytes(struct pkt *p, const void *b, size_t n);
/* ARP request/reply: op 1/2. */
void pkt_arp(struct pkt *p, uint16_t op, const uint8_t sha[6], uint32_t spa,
	     const uint8_t tha[6], uint32_t tpa);

/* Handy whole frames: Ethernet to port `to` from a fixed host MAC, UDP, 18 bytes. */
extern const uint8_t pkt_host_mac[6];
void pkt_udp4(struct pkt *p, const uint8_t dst_mac[6], uint32_t src, uint32_t dst, uint8_t ttl);

/* RFC 1071 checksum as stored in a header: the daemon's (lib/pkt.c), declared
 * here because its pkt.h cannot sit beside the <linux/if.h> this includes. */
uint16_t pkt_csum(const void *buf, size_t len);
/* Recompute the IPv4 header checksum in place. */
void pkt_ip_recsum(struct pkt *p);
/* TCP (PSH|ACK, check 0) with n payload bytes, then finish the IPv4 header. */
void pkt_tcp(struct pkt *p, uint16_t sport, uint16_t dport, size_t n);
/* Append an IPv6 header; pkt_ip6_finish() sets the payload length. */
void pkt_ipv6(struct pkt *p, const uint8_t src[16], const uint8_t dst[16], uint8_t next,
	      uint8_t hlim);
void pkt_ip6_finish(struct pkt *p);
/* TCP/UDP checksum field (IPv4 or IPv6 at l3, segment at l4). */
uint16_t *pkt_l4_check(struct pkt *p);
/* Set it whole, or only to the pseudo-header sum as TX offload leaves it. */
void pkt_l4_csum(struct pkt *p, bool partial);
/* Expected routed output: TTL - 1, full checksum recomputation, MACs. */
void pkt_forwarded(struct pkt *out, const struct pkt *in, const uint8_t dst[6],
		   const uint8_t src[6]);

#endif
