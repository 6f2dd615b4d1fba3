/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The rtnetlink helper every kernel follower shares (linkmon.c for links,
 * the kernel route sync for routes and nexthop objects): sockets, requests
 * and dumps over libmnl with every length checked, and the decoding of
 * RTM_NEWROUTE / RTM_DELROUTE and RTM_NEWNEXTHOP / RTM_DELNEXTHOP into
 * plain structs that carry their family (lib/net.h), so IPv6 routes come
 * through the same code as IPv4 ones.  It knows nothing of the router:
 * what to do with a route is the caller's.
 */
#ifndef XR_RTNL_H
#define XR_RTNL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <libmnl/libmnl.h>

#include "net.h"

/* ---- shared by every rtnetlink user ---- */

/* The kernel sizes a dump's messages to the reader's buffer, up to 32 KiB. */
#define RTNL_BUF		32768
#define RTNL_REQ_TIMEOUT_S	1	/* per recv() of a dump or a query */
#define RTNL_REQ_MAX_RECV	65536	/* bounds a dump however the kernel answers */

/* One datagram from the kernel: its length, 0 for one to ignore (not from
 * the kernel), or -errno (-ENOBUFS: notifications were lost; -EMSGSIZE:
 * one did not fit). */
ssize_t rtnl_recv(int fd, void *buf, size_t len);
/* A blocking socket for one request, each recv bounded by a timeout. */
struct mnl_socket *rtnl_req_open(void);
/* A non-blocking socket for notifications, subscribed to nothing yet;
 * rcvbuf > 0 asks for that receive buffer (forced when privileged). */
struct mnl_socket *rtnl_listen_open(int rcvbuf);
/* Join or leave an RTNLGRP_* group: 0 or -errno. */
int rtnl_group(struct mnl_socket *nl, unsigned group, bool join);
/*
 * Run cb over the whole messages of a received buffer, with the sequence
 * and port a reply must carry (0: any).  1 at NLMSG_DONE, 0 when more may
 * follow, -errno on NLMSG_ERROR or garbage.  *intr (may be NULL) is set
 * when the buffer belongs to an interrupted dump (NLM_F_DUMP_INTR).
 */
int rtnl_run(const void *buf, size_t len, uint32_t seq, uint32_t portid, mnl_cb_t cb,
	     void *data, bool *intr);
/*
 * Send the request nlh (its seq is set here) on a fresh socket and run cb
 * over the answer until NLMSG_DONE, or (one) over the single reply of a
 * query.  0, or -errno (-ETIMEDOUT when the kernel stops answering).
 */
int rtnl_request(struct nlmsghdr *nlh, bool one, mnl_cb_t cb, void *data, bool *intr);

/* Put an address (with its prefix length: the kernel adds the connected
 * route) on an interface, or take it off; IPv6 without DAD (nodad).  0 also
 * when it was already there, or already gone; -errno otherwise. */
int rtnl_addr_set(uint32_t ifindex, const struct xr_prefix *p, bool add);

/* ---- routes and nexthop objects ---- */

#define RTNL_NH_MAX	32	/* next hops of one route or group that are kept */

/* One next hop: an inline one of a route, or a nexthop object's. */
struct rtnl_nh {
	uint32_t ifindex;	/* 0: none said */
	struct xr_ip gw;	/* no family: on-link */
	uint16_t weight;	/* 1..256 (the kernel sends it minus one) */
	bool down;		/* RTNH_F_DEAD or RTNH_F_LINKDOWN: its link is down */
};

/* What one RTM_NEWROUTE / RTM_DELROUTE said. */
struct rtnl_route {
	struct xr_prefix dst;	/* family from rtm_family; host bits as sent */
	uint32_t table;		/* RTA_TABLE, else rtm_table */
	uint32_t metric;	/* RTA_PRIORITY, 0 if absent */
	uint32_t nhid;		/* RTA_NH_ID: a nexthop object; 0 for inline next hops */
	uint8_t protocol;	/* RTPROT_* */
	uint8_t type;		/* RTN_* */
	uint8_t tos;
	uint8_t n_nh;		/* inline next hops kept in nh[] */
	bool too_many;		/* more inline next hops than RTNL_NH_MAX */
	bool unsupported;	/* RTA_VIA, RTA_ENCAP, a gateway of a foreign family, ... */
	struct rtnl_nh nh[RTNL_NH_MAX];
};

/* What one RTM_NEWNEXTHOP / RTM_DELNEXTHOP said. */
struct rtnl_nexthop {
	uint32_t id;
	uint8_t family;		/* nh_family: AF_INET, AF_INET6, AF_UNSPEC (groups, blackhole) */
	uint8_t protocol;
	bool blackhole;
	bool unsupported;	/* encap, fdb, a resilient group's buckets we do not read, ... */
	bool too_many;		/* a group larger than RTNL_NH_MAX */
	uint8_t n_grp;		/* a group: members in grp[] (id, weight); 0: a single next hop */
	struct rtnl_nh nh;	/* a single next hop */
	struct {
		uint32_t id;
		uint16_t weight;	/* 1..65536 clipped to 65535 */
	} grp[RTNL_NH_MAX];
};

struct rtnl_ops {
	/* A route was added or changed (del false), or deleted. */
	void (*route)(void *ctx, bool del, const struct rtnl_route *r);
	/* A nexthop object was added or changed, or deleted. */
	void (*nexthop)(void *ctx, bool del, const struct rtnl_nexthop *nh);
};

/*
 * Decode a buffer of rtnetlink messages as received, calling ops for each
 * route or nexthop message of AF_INET / AF_INET6 (nexthops: AF_UNSPEC too).
 * Malformed messages are skipped, never trusted.  1 at NLMSG_DONE, 0 when
 * more may follow, -errno otherwise; *intr as for rtnl_run().  Exposed for
 * the unit tests and the fuzzer.
 */
int rtnl_parse(const void *buf, size_t len, const struct rtnl_ops *ops, void *ctx, bool *intr);

/*
 * Dump every route (RTM_GETROUTE) or nexthop object (RTM_GETNEXTHOP) of af
 * (AF_UNSPEC: all) through ops.  0; -EAGAIN if the dump was interrupted by
 * changes (run it again), -errno otherwise.
 */
int rtnl_dump_routes(int af, const struct rtnl_ops *ops, void *ctx);
int rtnl_dump_nexthops(const struct rtnl_ops *ops, void *ctx);

/*
 * Read what is queued on a listener opened by rtnl_listen_open(), never
 * blocking, at most batch datagrams.  0 when drained or the batch is done
 * (1 if more may be queued), -ENOBUFS when notifications were lost (the
 * queue is dropped: the caller must dump again), -errno otherwise.
 */
int rtnl_read(struct mnl_socket *nl, void *buf, size_t len, unsigned batch,
	      const struct rtnl_ops *ops, void *ctx);
/* Drop whatever is queued (it predates a dump about to be made). */
void rtnl_drain(struct mnl_socket *nl, void *buf, size_t len);

/* ip's name of a route protocol ("ospf", "bgp", "bird", ...), or NULL
 * for a number with no name (printed as the number). */
const char *rtnl_proto_name(uint8_t protocol);

#endif
