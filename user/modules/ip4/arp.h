/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * ARP (RFC 826) and the daemon's neighbour state machine.
 *
 * Frame helpers parse and build Ethernet/IPv4 ARP frames.  The table
 * (struct arp) owns every neighbour the daemon knows: it resolves next hops
 * on demand, queues a few packets per pending neighbour, learns senders
 * that address the router, refreshes entries in use and expires idle ones.
 * It never touches sockets or BPF maps: everything leaves through the
 * callbacks in struct arp_ops, and time comes in as `now` (CLOCK_MONOTONIC
 * ns; the fast path stamps `used_ns` from the same clock at tick resolution).
 *
 * Addresses are network order (__be32); ifids are L3 interface ids (port.h).
 */
#ifndef XR_ARP_H
#define XR_ARP_H

#include "pkt.h"
#include "neigh.h"

#define ARP_NS			1000000000ull
#define ARP_TRIES		3		/* requests before giving up */
#define ARP_RETRY_NS		(1 * ARP_NS)	/* between requests; also 1 req/s/target */
#define ARP_QUEUE_LEN		3		/* packets queued per pending neighbour */
#define ARP_PENDING_MAX		1024u		/* neighbours being resolved at once */
#define ARP_QUEUE_TOTAL_MAX	1024u		/* queued packets over all neighbours */
#define ARP_QUEUE_PKT_MAX	(ETH_HLEN + 9216)	/* bigger packets are not queued */
#define ARP_REFRESH_NS		(25 * ARP_NS)	/* in use and older: unicast probe */
#define ARP_PROBES		5		/* refresh probes unanswered: remove */
#define ARP_IDLE_NS		(60 * ARP_NS)	/* unused and unconfirmed: expire */
#define ARP_UNICAST_PROBES	3		/* first probes unicast, then broadcast */

/* ---- frames ---- */

/* A parsed ARP message; addresses network order, op host order. */
struct arp_msg {
	uint8_t eth_dst[ETH_ALEN];
	uint8_t eth_src[ETH_ALEN];
	uint16_t op;			/* ARPOP_REQUEST or ARPOP_REPLY */
	uint8_t sha[ETH_ALEN];
	__be32 spa;
	uint8_t tha[ETH_ALEN];
	__be32 tpa;
};

/*
 * Parse an Ethernet frame holding ARP.  -EINVAL for anything but an
 * Ethernet/IPv4 request or reply, or a truncated frame; -EPERM when the
 * sender MAC (or Ethernet source) is broadcast, multicast or zero: such
 * frames are ignored.
 */
int arp_parse(const uint8_t *frame, size_t len, struct arp_msg *m);

/*
 * Builders write PKT_ARP_FRAME_LEN (42) bytes into buf (>= 42 bytes) and
 * return that length.  The kernel or NIC pads to 60 on the wire.
 */
/* Request for tip from (mac, sip); to dst, or broadcast when dst is NULL. */
size_t arp_build_request(uint8_t *buf, const uint8_t mac[ETH_ALEN], __be32 sip,
			 __be32 tip, const uint8_t *dst);
/* Reply to req (which asked for one of our addresses) from mac. */
size_t arp_build_reply(uint8_t *buf, const uint8_t mac[ETH_ALEN],
		       const struct arp_msg *req);
/* Gratuitous ARP: a broadcast request with sender IP == target IP == ip. */
size_t arp_build_garp(uint8_t *buf, const uint8_t mac[ETH_ALEN], __be32 ip);

/* ---- the neighbour table ---- */

struct arp_ops {
	void *ctx;
	/*
	 * Send a request for tip out of ifid, from the router's address there.
	 * dst NULL: broadcast; else unicast to that MAC (refresh).
	 */
	void (*send_request)(void *ctx, uint32_t ifid, __be32 tip, const uint8_t *dst);
	/* Write / delete the fast-path entry.  install is called again on a MAC change. */
	int (*neigh_install)(void *ctx, uint32_t ifid, __be32 ip, const uint8_t mac[ETH_ALEN],
			     bool is_static);
	void (*neigh_remove)(void *ctx, uint32_t ifid, __be32 ip);
	/*
	 * A queued packet's neighbour resolved: send pkt (the bytes given to
	 * arp_resolve()) out of ifid to mac.  The caller rewrites MACs/TTL.
	 */
	void (*xmit)(void *ctx, uint32_t ifid, __be32 ip, const uint8_t mac[ETH_ALEN],
		     const uint8_t *pkt, size_t len);
	/* Resolution failed: send Host Unreachable for this queued packet. */
	void (*unreach)(void *ctx, uint32_t in_ifid, const uint8_t *pkt, size_t len);
	/* Is ip a router address on ifid?  Decides what ARP may teach us. */
	bool (*is_local)(void *ctx, uint32_t ifid, __be32 ip);
};

enum arp_state {
	ARP_INCOMPLETE,		/* being resolved, packets queued */
	ARP_REACHABLE,		/* confirmed within ARP_REFRESH_NS */
	ARP_STALE,		/* older confirmation; probing if in use */
	ARP_PERMANENT,		/* static: added by the CLI */
	ARP_STATE_MAX,
};
extern const char *const arp_state_names[ARP_STATE_MAX];	/* "INCOMPLETE", ... */

struct arp_entry {
	uint32_t ifid;
	__be32 ip;
	uint8_t mac[ETH_ALEN];		/* zero while incomplete */
	enum arp_state state;
	uint64_t confirmed_ns;		/* last ARP heard from it */
	uint64_t used_ns;		/* last fast-path use we were told of */
	unsigned queued;		/* packets waiting (incomplete only) */
};

struct arp;

/* NULL with errno set on failure.  seed keys the hash against floods. */
struct arp *arp_create(const struct arp_ops *ops, uint32_t seed);
/* Frees queued packets silently; the fast-path entries stay. */
void arp_destroy(struct arp *a);

/*
 * A received ARP message on ifid: learn, update, resolve.  Returns 1 when
 * it is a request for a router address on ifid (the caller replies with
 * arp_build_reply()), 0 otherwise.
 */
int arp_input(struct arp *a, uint32_t ifid, const struct arp_msg *m, uint64_t now);

/*
 * The fast path had no neighbour for (ifid, ip): queue pkt (copied; in_ifid
 * is where it arrived, for Host Unreachable) and resolve.  If the neighbour
 * is already known the packet goes out through ops->xmit at once.
 * Returns 0, -ENOBUFS when the table or queues are full (packet dropped),
 * -EINVAL for a packet over ARP_QUEUE_PKT_MAX.
 */
int arp_resolve(struct arp *a, uint32_t ifid, __be32 ip, uint32_t in_ifid,
		const uint8_t *pkt, size_t len, uint64_t now);

/* The fast path stamped used_ns on (ifid, ip); feed every stamp you read. */
void arp_used(struct arp *a, uint32_t ifid, __be32 ip, uint64_t used_ns);

/* Timers: retries, failures, refresh, expiry.  Call every ~100 ms. */
void arp_tick(struct arp *a, uint64_t now);
/* Earliest time arp_tick() has work (UINT64_MAX: none). Conservative. */
uint64_t arp_next_deadline(const struct arp *a, uint64_t now);

/* Static entries (CLI): installed at once, never learned over, never expired. */
int arp_static_add(struct arp *a, uint32_t ifid, __be32 ip, const uint8_t mac[ETH_ALEN],
		   uint64_t now);
/* Delete any entry (static or learned): -ENOENT if none.  Queued packets dropped. */
int arp_del(struct arp *a, uint32_t ifid, __be32 ip);
/* Remove dynamic entries (and static ones too if with_static); ifid 0 = all. */
void arp_flush(struct arp *a, uint32_t ifid, bool with_static);

/*
 * Take over an entry found in the adopted map at start-up (adoption):
 * recorded as confirmed now, without calling neigh_install.
 */
int arp_adopt(struct arp *a, uint32_t ifid, __be32 ip, const struct xr_neigh *n,
	      uint64_t now);

/* Look up / iterate (for `neigh show`, `route get`).  fn returns non-zero to stop. */
int arp_lookup(const struct arp *a, uint32_t ifid, __be32 ip, struct arp_entry *out,
	       uint64_t now);
void arp_foreach(const struct arp *a, uint64_t now,
		 int (*fn)(const struct arp_entry *e, void *ctx), void *ctx);
/* Entries with a MAC (everything but incomplete), and incomplete ones. */
unsigned arp_count(const struct arp *a);
unsigned arp_pending_count(const struct arp *a);

#endif
