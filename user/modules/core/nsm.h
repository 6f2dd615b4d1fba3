/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The neighbour state machine, written once for both families.
 *
 * The table (struct nsm) owns every neighbour the daemon knows, keyed by
 * (ifid, struct xr_ip): it resolves next hops on demand, queues a few
 * packets per pending neighbour, takes what a resolver protocol learned,
 * refreshes entries in use and expires idle ones.  It knows no protocol:
 * solicitations leave through the resolver registered for the address's
 * family (ARP for AF_INET, NDP for AF_INET6), and everything else through
 * the host's callbacks in struct nsm_ops.  It never touches sockets or BPF
 * maps, and time comes in as `now` (CLOCK_MONOTONIC ns; the fast path
 * stamps `used_ns` from the same clock at tick resolution).
 *
 * ifids are L3 interface ids (port.h).
 */
#ifndef XR_NSM_H
#define XR_NSM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net.h"
#include "neigh.h"
#include "pkt.h"

#define NSM_NS			1000000000ull
/* Defaults of struct nsm_timers: Linux's ARP values. */
#define NSM_TRIES		3		/* solicitations before giving up */
#define NSM_RETRY_NS		(1 * NSM_NS)	/* between them; also 1 per s per target */
#define NSM_REFRESH_NS		(25 * NSM_NS)	/* in use and older: unicast probe */
#define NSM_PROBES		5		/* refresh probes unanswered: remove */
#define NSM_UNICAST_PROBES	3		/* first probes unicast, then multicast */
#define NSM_IDLE_NS		(60 * NSM_NS)	/* unused and unconfirmed: expire */
/* Bounds of the whole table, whatever the family. */
#define NSM_QUEUE_LEN		3		/* packets queued per pending neighbour */
#define NSM_PENDING_MAX		1024u		/* neighbours being resolved at once */
#define NSM_FAILED_MAX		1024u		/* failed ones kept to be shown */
#define NSM_QUEUE_TOTAL_MAX	1024u		/* queued packets over all neighbours */
#define NSM_QUEUE_PKT_MAX	(ETH_HLEN + 9216)	/* bigger packets are not queued */

/* A family's timers, where its protocol's differ from the defaults above. */
struct nsm_timers {
	unsigned tries;
	uint64_t retry_ns;
	uint64_t refresh_ns;
	unsigned probes;
	unsigned unicast_probes;
	uint64_t idle_ns;
};

/* A family's resolver protocol: all the machine needs of ARP or NDP. */
struct nsm_resolver {
	int af;				/* AF_INET or AF_INET6 */
	/*
	 * Ask for ip on ifid, from the router's address there.  dst NULL:
	 * broadcast or multicast (resolution); else unicast to that MAC
	 * (refresh probe).  ctx is the table's (struct nsm_ops).
	 */
	void (*solicit)(void *ctx, uint32_t ifid, const struct xr_ip *ip, const uint8_t *dst);
	const struct nsm_timers *timers;	/* NULL: the NSM_* defaults */
};

/*
 * Make res the resolver of its family for every table (a module's
 * constructor does it; registering again replaces, so a test can put a
 * fake in).  res must outlive its use.  0, or -EAFNOSUPPORT.
 */
int nsm_resolver_register(const struct nsm_resolver *res);

/* The host: the fast path, the output path and the router's addresses. */
struct nsm_ops {
	void *ctx;
	/* Write / delete the fast-path entry.  install is called again on a MAC change. */
	int (*install)(void *ctx, uint32_t ifid, const struct xr_ip *ip,
		       const uint8_t mac[ETH_ALEN], bool is_static);
	void (*remove)(void *ctx, uint32_t ifid, const struct xr_ip *ip);
	/*
	 * A queued packet's neighbour resolved: send pkt (the bytes given to
	 * nsm_resolve()) out of ifid to mac.  The caller rewrites MACs/TTL.
	 */
	void (*xmit)(void *ctx, uint32_t ifid, const struct xr_ip *ip,
		     const uint8_t mac[ETH_ALEN], const uint8_t *pkt, size_t len);
	/* Resolution failed: send Host Unreachable for this queued packet. */
	void (*unreach)(void *ctx, uint32_t in_ifid, const uint8_t *pkt, size_t len);
	/* Is ip a router address on ifid?  Decides what a resolver may teach us. */
	bool (*is_local)(void *ctx, uint32_t ifid, const struct xr_ip *ip);
};

enum nsm_state {
	NSM_INCOMPLETE,		/* being resolved, packets queued */
	NSM_REACHABLE,		/* confirmed within the refresh time */
	NSM_STALE,		/* older confirmation; probing if in use */
	NSM_PERMANENT,		/* static: added by the CLI */
	NSM_DELAY,		/* stale and in use: probed at the next tick (RFC 4861 7.3.2) */
	NSM_PROBE,		/* a refresh probe is out, unanswered */
	NSM_FAILED,		/* unanswered: kept (not in the fast path) for the idle time */
	NSM_STATE_MAX,
};

/* Does an entry in state s have a link-layer address to show? */
static inline bool nsm_state_has_mac(enum nsm_state s)
{
	return s != NSM_INCOMPLETE && s != NSM_FAILED;
}
extern const char *const nsm_state_names[NSM_STATE_MAX];	/* "INCOMPLETE", ... */

struct nsm_entry {
	uint32_t ifid;
	struct xr_ip ip;
	uint8_t mac[ETH_ALEN];		/* zero while incomplete */
	enum nsm_state state;
	uint64_t confirmed_ns;		/* last time the neighbour was heard */
	uint64_t used_ns;		/* last fast-path use we were told of */
	unsigned queued;		/* packets waiting (incomplete only) */
};

struct nsm;

/* NULL with errno set on failure.  seed keys the hash against floods. */
struct nsm *nsm_create(const struct nsm_ops *ops, uint32_t seed);
/* Frees queued packets silently; the fast-path entries stay. */
void nsm_destroy(struct nsm *n);

/*
 * The fast path had no neighbour for (ifid, ip): queue pkt (copied; in_ifid
 * is where it arrived, for Host Unreachable) and resolve.  If the neighbour
 * is already known the packet goes out through ops->xmit at once.
 * Returns 0, -ENOBUFS when the table or queues are full (packet dropped),
 * -EINVAL for a packet over NSM_QUEUE_PKT_MAX, -EAFNOSUPPORT when ip's
 * family has no resolver.
 */
int nsm_resolve(struct nsm *n, uint32_t ifid, const struct xr_ip *ip, uint32_t in_ifid,
		const uint8_t *pkt, size_t len, uint64_t now);

/*
 * The resolver heard (ifid, ip) at mac.  An entry being resolved resolves
 * and releases its queue; a learned one takes the MAC and counts as
 * confirmed; a static one is left as the operator set it.  -ENOENT when
 * there is no entry (nothing is created).
 */
int nsm_confirm(struct nsm *n, uint32_t ifid, const struct xr_ip *ip,
		const uint8_t mac[ETH_ALEN], uint64_t now);
/*
 * A neighbour the resolver decided to remember (it addressed the router):
 * a new learned entry, unused until traffic needs it.  -EEXIST, or
 * -ENOSPC when the table is full (learning never evicts), or the install
 * error.
 */
int nsm_learn(struct nsm *n, uint32_t ifid, const struct xr_ip *ip,
	      const uint8_t mac[ETH_ALEN], uint64_t now);
/* The host's answer, for the resolvers' learning rules. */
bool nsm_is_local(const struct nsm *n, uint32_t ifid, const struct xr_ip *ip);

/* The fast path stamped used_ns on (ifid, ip); feed every stamp you read. */
void nsm_used(struct nsm *n, uint32_t ifid, const struct xr_ip *ip, uint64_t used_ns);

/* Timers: retries, failures, refresh, expiry.  Call every ~100 ms. */
void nsm_tick(struct nsm *n, uint64_t now);
/* Earliest time nsm_tick() has work (UINT64_MAX: none). Conservative. */
uint64_t nsm_next_deadline(const struct nsm *n, uint64_t now);

/* Static entries (CLI): installed at once, never learned over, never expired. */
int nsm_static_add(struct nsm *n, uint32_t ifid, const struct xr_ip *ip,
		   const uint8_t mac[ETH_ALEN], uint64_t now);
/* Delete any entry (static or learned): -ENOENT if none.  Queued packets dropped. */
int nsm_del(struct nsm *n, uint32_t ifid, const struct xr_ip *ip);
/* Remove dynamic entries (and static ones too if with_static); ifid 0 = all. */
void nsm_flush(struct nsm *n, uint32_t ifid, bool with_static);
/* The same for one family's entries (af AF_UNSPEC: both). */
void nsm_flush_af(struct nsm *n, uint32_t ifid, int af, bool with_static);

/*
 * Take over an entry found in the adopted map at start-up (adoption):
 * recorded as confirmed now, without calling install.  -EEXIST, -ENOSPC,
 * or -EAFNOSUPPORT for a family with no resolver.
 */
int nsm_adopt(struct nsm *n, uint32_t ifid, const struct xr_ip *ip, const struct xr_neigh *x,
	      uint64_t now);

/* Look up / iterate (for `neigh show`, `route get`).  fn returns non-zero to stop. */
int nsm_lookup(const struct nsm *n, uint32_t ifid, const struct xr_ip *ip,
	       struct nsm_entry *out, uint64_t now);
void nsm_foreach(const struct nsm *n, uint64_t now,
		 int (*fn)(const struct nsm_entry *e, void *ctx), void *ctx);
/* Entries with a MAC (everything but incomplete), and incomplete ones. */
unsigned nsm_count(const struct nsm *n);
unsigned nsm_pending_count(const struct nsm *n);

#endif
