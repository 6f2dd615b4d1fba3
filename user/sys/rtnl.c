// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * rtnetlink over libmnl, for every kernel follower: the sockets, requests
 * and dumps the link monitor and the kernel route sync share, and the
 * decoding of route and nexthop-object messages.  libmnl's walkers check
 * each message and attribute against the buffer; on top of that every
 * attribute read here is validated for its type's length first, and a
 * message with a malformed one is skipped whole (logged at debug level):
 * the kernel is trusted to speak netlink, not to speak it about things we
 * understand.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <linux/netlink.h>
#include <linux/if_addr.h>
#include <linux/nexthop.h>
#include <linux/rtnetlink.h>

#include "log.h"
#include "rtnl.h"

/* ---- sockets and requests ---- */

ssize_t rtnl_recv(int fd, void *buf, size_t len)
{
	struct sockaddr_nl from = {};
	struct iovec iov = { buf, len };
	struct msghdr msg = { .msg_name = &from, .msg_namelen = sizeof(from),
			      .msg_iov = &iov, .msg_iovlen = 1 };
	ssize_t n = recvmsg(fd, &msg, 0);

	if (n < 0)
		return -errno;
	if (msg.msg_flags & MSG_TRUNC)
		return -EMSGSIZE;
	/* Only the kernel speaks for the kernel; a process may not. */
	if (msg.msg_namelen != sizeof(from) || from.nl_family != AF_NETLINK || from.nl_pid)
		return 0;
	return n;
}

static struct mnl_socket *rtnl_open(int flags)
{
	struct mnl_socket *nl = mnl_socket_open2(NETLINK_ROUTE, flags | SOCK_CLOEXEC);

	if (!nl)
		return NULL;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		int err = errno;

		mnl_socket_close(nl);
		errno = err;
		return NULL;
	}
	return nl;
}

struct mnl_socket *rtnl_req_open(void)
{
	struct timeval tv = { .tv_sec = RTNL_REQ_TIMEOUT_S };
	struct mnl_socket *nl = rtnl_open(0);

	if (nl && setsockopt(mnl_socket_get_fd(nl), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv))) {
		int err = errno;

		mnl_socket_close(nl);
		errno = err;
		return NULL;
	}
	return nl;
}

struct mnl_socket *rtnl_listen_open(int rcvbuf)
{
	struct mnl_socket *nl = rtnl_open(SOCK_NONBLOCK);
	int fd;

	if (!nl)
		return NULL;
	fd = mnl_socket_get_fd(nl);
	/* Past rmem_max only with CAP_NET_ADMIN; the smaller buffer still works. */
	if (rcvbuf > 0 && setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	/* A full queue must say so (ENOBUFS), not drop silently. */
	setsockopt(fd, SOL_NETLINK, NETLINK_NO_ENOBUFS, &(int){ 0 }, sizeof(int));
	return nl;
}

int rtnl_group(struct mnl_socket *nl, unsigned group, bool join)
{
	int g = group;

	if (mnl_socket_setsockopt(nl, join ? NETLINK_ADD_MEMBERSHIP : NETLINK_DROP_MEMBERSHIP,
				  &g, sizeof(g)) < 0)
		return -errno;
	return 0;
}

/*
 * The bytes of buf that hold whole messages.  libmnl compares a message's
 * length with what is left as an int, so a length over INT_MAX passes its
 * check and sends its walk far outside the buffer (found by fuzzing):
 * stop before such a message, and before any that claims more than is left.
 */
static size_t rtnl_whole_msgs(const void *buf, size_t len)
{
	size_t off = 0;

	while (len - off >= sizeof(struct nlmsghdr)) {
		const struct nlmsghdr *nlh = (const void *)((const char *)buf + off);
		size_t n = nlh->nlmsg_len;

		if (n < sizeof(*nlh) || n > len - off)
			break;
		off += NLMSG_ALIGN(n) < len - off ? NLMSG_ALIGN(n) : len - off;
	}
	return off;
}

struct rtnl_run_ctx {
	mnl_cb_t cb;
	void *data;
	bool *intr;
};

static int rtnl_run_cb(const struct nlmsghdr *nlh, void *data)
{
	struct rtnl_run_ctx *rc = data;

	if ((nlh->nlmsg_flags & NLM_F_DUMP_INTR) && rc->intr)
		*rc->intr = true;
	return rc->cb(nlh, rc->data);
}

int rtnl_run(const void *buf, size_t len, uint32_t seq, uint32_t portid, mnl_cb_t cb,
	     void *data, bool *intr)
{
	struct rtnl_run_ctx rc = { cb, data, intr };
	int ret = mnl_cb_run(buf, rtnl_whole_msgs(buf, len), seq, portid, rtnl_run_cb, &rc);

	if (ret == MNL_CB_STOP)
		return 1;
	if (ret >= 0)
		return 0;
	/* libmnl stops at a message of an interrupted dump (EINTR): whatever
	 * follows in the buffer is unread, so the whole dump must be run again. */
	if (errno == EINTR && intr)
		*intr = true;
	/* An NLMSG_ERROR's code is the sender's: INT_MIN would not negate
	 * (found by fuzzing), and nothing outside errno's range is one. */
	return errno > 0 && errno < 4096 ? -errno : -EBADMSG;
}

int rtnl_request(struct nlmsghdr *nlh, bool one, mnl_cb_t cb, void *data, bool *intr)
{
	/* Not static: a callback may make a request of its own. */
	uint8_t *buf = malloc(RTNL_BUF);
	struct mnl_socket *nl = buf ? rtnl_req_open() : NULL;
	uint32_t portid;
	int ret = 0;

	if (!nl) {
		ret = buf ? -errno : -ENOMEM;
		free(buf);
		return ret;
	}
	nlh->nlmsg_seq = (uint32_t)time(NULL);
	portid = mnl_socket_get_portid(nl);
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		ret = -errno;
		goto out;
	}
	for (unsigned i = 0; !ret && i < RTNL_REQ_MAX_RECV; i++) {
		ssize_t n = rtnl_recv(mnl_socket_get_fd(nl), buf, RTNL_BUF);

		if (n < 0) {
			ret = n == -EAGAIN ? -ETIMEDOUT : (int)n;
			break;
		}
		ret = n ? rtnl_run(buf, n, nlh->nlmsg_seq, portid, cb, data, intr) : 0;
		/* A query's answer is one message, with no NLMSG_DONE after it. */
		if (one && n > 0 && !ret)
			ret = 1;
	}
	ret = ret == 1 ? 0 : ret ? ret : -ETIMEDOUT;
out:
	mnl_socket_close(nl);
	free(buf);
	return ret;
}

/* ---- addresses ---- */

/* An acknowledgement carries no message for a callback: NLMSG_ERROR is libmnl's. */
static int rtnl_ack_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh, (void)data;
	return MNL_CB_OK;
}

int rtnl_addr_set(uint32_t ifindex, const struct xr_prefix *p, bool add)
{
	uint8_t buf[NLMSG_HDRLEN + 64] __attribute__((aligned(8)));
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	unsigned len = xr_af_bits(p->addr.af) / 8;
	struct ifaddrmsg *ifa;
	int err;

	if (!len || p->len > xr_af_bits(p->addr.af))
		return -EINVAL;
	nlh->nlmsg_type = add ? RTM_NEWADDR : RTM_DELADDR;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | (add ? NLM_F_CREATE | NLM_F_REPLACE : 0);
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = p->addr.af;
	ifa->ifa_prefixlen = p->len;
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	/* The owner answers NDP for it, so the kernel's DAD could never hear a
	 * conflict; and a tentative address could not be bound (bgpd) for ~1 s. */
	ifa->ifa_flags = p->addr.af == AF_INET6 ? IFA_F_NODAD : 0;
	ifa->ifa_index = ifindex;
	mnl_attr_put(nlh, IFA_LOCAL, len, p->addr.b);
	mnl_attr_put(nlh, IFA_ADDRESS, len, p->addr.b);
	err = rtnl_request(nlh, true, rtnl_ack_cb, NULL, NULL);
	if (!add && err == -EADDRNOTAVAIL)
		return 0;
	return err;
}

/* ---- route messages ---- */

/* The kernel keeps routes through a link without carrier, flagged, and
 * marks next hops of a link set down dead before it flushes them. */
#define RTNL_NH_DOWN	(RTNH_F_DEAD | RTNH_F_LINKDOWN)

/* An address attribute of af into out: 0, or -EBADMSG if its length is not af's. */
static int rtnl_attr_ip(const struct nlattr *a, int af, struct xr_ip *out)
{
	unsigned len = xr_af_bits(af) / 8;

	if (!len || mnl_attr_get_payload_len(a) != len)
		return -EBADMSG;
	*out = (struct xr_ip){ .af = af };
	memcpy(out->b, mnl_attr_get_payload(a), len);
	return 0;
}

/* The attributes we read, each checked for its length; others pass unread. */
static int rtnl_route_attr_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(a);

	if (mnl_attr_type_valid(a, RTA_MAX) < 0)
		return MNL_CB_OK;
	switch (type) {
	case RTA_OIF:
	case RTA_PRIORITY:
	case RTA_TABLE:
	case RTA_NH_ID:
		if (mnl_attr_validate(a, MNL_TYPE_U32) < 0)
			return MNL_CB_ERROR;
		break;
	case RTA_DST:
	case RTA_GATEWAY:
	case RTA_MULTIPATH:
	case RTA_VIA:
	case RTA_ENCAP:
		break;
	default:
		return MNL_CB_OK;
	}
	tb[type] = a;
	return MNL_CB_OK;
}

/* The gateway of one next hop (RTA_GATEWAY of the route's family; RTA_VIA
 * is a gateway of another family, which the fast path cannot carry). */
static int rtnl_nh_gw(const struct nlattr *gw, const struct nlattr *via, int af,
		      struct rtnl_route *r, struct rtnl_nh *nh)
{
	if (via)
		r->unsupported = true;
	return gw ? rtnl_attr_ip(gw, af, &nh->gw) : 0;
}

static int rtnl_nh_attr_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(a);

	if (type == RTA_GATEWAY || type == RTA_VIA || type == RTA_ENCAP)
		tb[type] = a;
	return MNL_CB_OK;
}

/* RTA_MULTIPATH: a list of struct rtnexthop, each followed by its attributes. */
static int rtnl_route_multipath(const struct nlattr *mp, int af, struct rtnl_route *r)
{
	const uint8_t *p = mnl_attr_get_payload(mp);
	size_t left = mnl_attr_get_payload_len(mp);

	while (left >= sizeof(struct rtnexthop)) {
		const struct rtnexthop *rtnh = (const void *)p;
		const struct nlattr *tb[RTA_MAX + 1] = {};
		size_t len = rtnh->rtnh_len;

		if (len < sizeof(*rtnh) || len > left)
			return -EBADMSG;
		if (mnl_attr_parse_payload(p + RTNH_LENGTH(0), len - RTNH_LENGTH(0),
					   rtnl_nh_attr_cb, tb) != MNL_CB_OK)
			return -EBADMSG;
		if (r->n_nh == RTNL_NH_MAX) {
			r->too_many = true;
		} else {
			struct rtnl_nh *nh = &r->nh[r->n_nh++];

			*nh = (struct rtnl_nh){ .ifindex = rtnh->rtnh_ifindex,
						.weight = rtnh->rtnh_hops + 1,
						.down = rtnh->rtnh_flags & RTNL_NH_DOWN };
			if (rtnl_nh_gw(tb[RTA_GATEWAY], tb[RTA_VIA], af, r, nh))
				return -EBADMSG;
		}
		if (tb[RTA_ENCAP])
			r->unsupported = true;
		len = RTNH_ALIGN(len);
		if (len >= left)
			break;
		p += len;
		left -= len;
	}
	return 0;
}

/* The fields of the header and the plain attributes. */
static void rtnl_route_head(const struct rtmsg *rtm, const struct nlattr **tb,
			    struct rtnl_route *r)
{
	r->dst = (struct xr_prefix){ .addr = { .af = rtm->rtm_family }, .len = rtm->rtm_dst_len };
	r->table = tb[RTA_TABLE] ? mnl_attr_get_u32(tb[RTA_TABLE]) : rtm->rtm_table;
	r->metric = tb[RTA_PRIORITY] ? mnl_attr_get_u32(tb[RTA_PRIORITY]) : 0;
	r->nhid = tb[RTA_NH_ID] ? mnl_attr_get_u32(tb[RTA_NH_ID]) : 0;
	r->protocol = rtm->rtm_protocol;
	r->type = rtm->rtm_type;
	r->tos = rtm->rtm_tos;
	r->unsupported = tb[RTA_ENCAP] != NULL;
}

static int rtnl_route_parse(const struct nlmsghdr *nlh, const struct rtmsg *rtm,
			    struct rtnl_route *r)
{
	const struct nlattr *tb[RTA_MAX + 1] = {};
	int af = rtm->rtm_family;

	if (mnl_attr_parse(nlh, sizeof(*rtm), rtnl_route_attr_cb, tb) != MNL_CB_OK ||
	    rtm->rtm_dst_len > xr_af_bits(af))
		return -EBADMSG;
	memset(r, 0, offsetof(struct rtnl_route, nh));
	rtnl_route_head(rtm, tb, r);
	if (tb[RTA_DST] && rtnl_attr_ip(tb[RTA_DST], af, &r->dst.addr))
		return -EBADMSG;
	if (tb[RTA_MULTIPATH])
		return rtnl_route_multipath(tb[RTA_MULTIPATH], af, r);
	if (tb[RTA_GATEWAY] || tb[RTA_OIF] || tb[RTA_VIA]) {
		r->n_nh = 1;
		/* A single next hop's flags are the route's. */
		r->nh[0] = (struct rtnl_nh){ .weight = 1, .down = rtm->rtm_flags & RTNL_NH_DOWN };
		if (tb[RTA_OIF])
			r->nh[0].ifindex = mnl_attr_get_u32(tb[RTA_OIF]);
		return rtnl_nh_gw(tb[RTA_GATEWAY], tb[RTA_VIA], af, r, &r->nh[0]);
	}
	return 0;
}

/* ---- nexthop object messages ---- */

static int rtnl_nhobj_attr_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(a);

	if (mnl_attr_type_valid(a, NHA_MAX) < 0)
		return MNL_CB_OK;
	switch (type) {
	case NHA_ID:
	case NHA_OIF:
		if (mnl_attr_validate(a, MNL_TYPE_U32) < 0)
			return MNL_CB_ERROR;
		break;
	case NHA_GROUP_TYPE:
		if (mnl_attr_validate(a, MNL_TYPE_U16) < 0)
			return MNL_CB_ERROR;
		break;
	case NHA_GROUP:
	case NHA_GATEWAY:
	case NHA_BLACKHOLE:
	case NHA_ENCAP:
	case NHA_FDB:
		break;
	default:
		return MNL_CB_OK;
	}
	tb[type] = a;
	return MNL_CB_OK;
}

/* NHA_GROUP: an array of struct nexthop_grp, weights given minus one. */
static int rtnl_nhobj_group(const struct nlattr *a, struct rtnl_nexthop *nh)
{
	const struct nexthop_grp *g = mnl_attr_get_payload(a);
	size_t n = mnl_attr_get_payload_len(a) / sizeof(*g);

	if (!n || mnl_attr_get_payload_len(a) % sizeof(*g))
		return -EBADMSG;
	if (n > RTNL_NH_MAX) {
		nh->too_many = true;
		n = RTNL_NH_MAX;
	}
	for (size_t i = 0; i < n; i++) {
		uint32_t w = ((uint32_t)g[i].weight_high << 8 | g[i].weight) + 1;

		nh->grp[i].id = g[i].id;
		nh->grp[i].weight = w > UINT16_MAX ? UINT16_MAX : w;
	}
	nh->n_grp = n;
	return 0;
}

static int rtnl_nhobj_parse(const struct nlmsghdr *nlh, const struct nhmsg *nhm,
			    struct rtnl_nexthop *nh)
{
	const struct nlattr *tb[NHA_MAX + 1] = {};

	if (mnl_attr_parse(nlh, sizeof(*nhm), rtnl_nhobj_attr_cb, tb) != MNL_CB_OK || !tb[NHA_ID])
		return -EBADMSG;
	memset(nh, 0, offsetof(struct rtnl_nexthop, grp));
	nh->id = mnl_attr_get_u32(tb[NHA_ID]);
	nh->family = nhm->nh_family;
	nh->protocol = nhm->nh_protocol;
	nh->blackhole = tb[NHA_BLACKHOLE] != NULL;
	nh->unsupported = tb[NHA_ENCAP] || tb[NHA_FDB] ||
			  (tb[NHA_GROUP_TYPE] &&
			   mnl_attr_get_u16(tb[NHA_GROUP_TYPE]) != NEXTHOP_GRP_TYPE_MPATH);
	nh->nh.weight = 1;
	nh->nh.down = nhm->nh_flags & RTNL_NH_DOWN;
	if (tb[NHA_GROUP])
		return rtnl_nhobj_group(tb[NHA_GROUP], nh);
	if (tb[NHA_OIF])
		nh->nh.ifindex = mnl_attr_get_u32(tb[NHA_OIF]);
	if (tb[NHA_GATEWAY])
		return rtnl_attr_ip(tb[NHA_GATEWAY], nh->family, &nh->nh.gw);
	return 0;
}

/* ---- dispatch ---- */

struct rtnl_parse_ctx {
	const struct rtnl_ops *ops;
	void *ctx;
	/* Decoded here rather than on the stack: ~800 bytes each, per message. */
	struct rtnl_route route;
	struct rtnl_nexthop nexthop;
};

static void rtnl_route_msg(const struct nlmsghdr *nlh, struct rtnl_parse_ctx *pc)
{
	const struct rtmsg *rtm;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*rtm))
		goto bad;
	rtm = mnl_nlmsg_get_payload(nlh);
	if (rtm->rtm_family != AF_INET && rtm->rtm_family != AF_INET6)
		return;
	if (rtnl_route_parse(nlh, rtm, &pc->route))
		goto bad;
	pc->ops->route(pc->ctx, nlh->nlmsg_type == RTM_DELROUTE, &pc->route);
	return;
bad:
	pr_debug("rtnl: malformed route message (%u bytes) skipped\n", nlh->nlmsg_len);
}

static void rtnl_nexthop_msg(const struct nlmsghdr *nlh, struct rtnl_parse_ctx *pc)
{
	const struct nhmsg *nhm;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*nhm))
		goto bad;
	nhm = mnl_nlmsg_get_payload(nlh);
	if (nhm->nh_family != AF_INET && nhm->nh_family != AF_INET6 &&
	    nhm->nh_family != AF_UNSPEC)
		return;
	if (rtnl_nhobj_parse(nlh, nhm, &pc->nexthop))
		goto bad;
	pc->ops->nexthop(pc->ctx, nlh->nlmsg_type == RTM_DELNEXTHOP, &pc->nexthop);
	return;
bad:
	pr_debug("rtnl: malformed nexthop message (%u bytes) skipped\n", nlh->nlmsg_len);
}

static int rtnl_msg_cb(const struct nlmsghdr *nlh, void *data)
{
	struct rtnl_parse_ctx *pc = data;

	switch (nlh->nlmsg_type) {
	case RTM_NEWROUTE:
	case RTM_DELROUTE:
		if (pc->ops->route)
			rtnl_route_msg(nlh, pc);
		break;
	case RTM_NEWNEXTHOP:
	case RTM_DELNEXTHOP:
		if (pc->ops->nexthop)
			rtnl_nexthop_msg(nlh, pc);
		break;
	}
	return MNL_CB_OK;
}

static struct rtnl_parse_ctx *rtnl_parse_ctx_new(const struct rtnl_ops *ops, void *ctx)
{
	struct rtnl_parse_ctx *pc = malloc(sizeof(*pc));

	if (pc) {
		pc->ops = ops;
		pc->ctx = ctx;
	}
	return pc;
}

int rtnl_parse(const void *buf, size_t len, const struct rtnl_ops *ops, void *ctx, bool *intr)
{
	struct rtnl_parse_ctx *pc = rtnl_parse_ctx_new(ops, ctx);
	int ret;

	if (!pc)
		return -ENOMEM;
	ret = rtnl_run(buf, len, 0, 0, rtnl_msg_cb, pc, intr);
	free(pc);
	return ret;
}

/* A dump request of type with a family-only header of hdrlen bytes. */
static int rtnl_dump(uint16_t type, int af, size_t hdrlen, const struct rtnl_ops *ops,
		     void *ctx)
{
	uint8_t req[NLMSG_HDRLEN + 64] __attribute__((aligned(8)));
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(req);
	struct rtnl_parse_ctx *pc = rtnl_parse_ctx_new(ops, ctx);
	uint8_t *fam;
	bool intr = false;
	int err;

	if (!pc)
		return -ENOMEM;
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	fam = mnl_nlmsg_put_extra_header(nlh, hdrlen);
	*fam = af;	/* rtm_family and nh_family both lead their header */
	err = rtnl_request(nlh, false, rtnl_msg_cb, pc, &intr);
	free(pc);
	return intr ? -EAGAIN : err;
}

int rtnl_dump_routes(int af, const struct rtnl_ops *ops, void *ctx)
{
	return rtnl_dump(RTM_GETROUTE, af, sizeof(struct rtmsg), ops, ctx);
}

int rtnl_dump_nexthops(const struct rtnl_ops *ops, void *ctx)
{
	return rtnl_dump(RTM_GETNEXTHOP, AF_UNSPEC, sizeof(struct nhmsg), ops, ctx);
}

void rtnl_drain(struct mnl_socket *nl, void *buf, size_t len)
{
	unsigned n = 0;
	ssize_t r;

	do
		r = rtnl_recv(mnl_socket_get_fd(nl), buf, len);
	while (r != -EAGAIN && r != -EWOULDBLOCK && ++n < RTNL_REQ_MAX_RECV);
}

int rtnl_read(struct mnl_socket *nl, void *buf, size_t len, unsigned batch,
	      const struct rtnl_ops *ops, void *ctx)
{
	struct rtnl_parse_ctx *pc = rtnl_parse_ctx_new(ops, ctx);
	int ret = 1;

	if (!pc)
		return -ENOMEM;
	for (unsigned i = 0; i < batch && ret == 1; i++) {
		ssize_t n = rtnl_recv(mnl_socket_get_fd(nl), buf, len);

		if (n == -EAGAIN || n == -EWOULDBLOCK) {
			ret = 0;
		} else if (n == -ENOBUFS || n == -EMSGSIZE) {
			rtnl_drain(nl, buf, len);
			ret = -ENOBUFS;
		} else if (n < 0 && n != -EINTR) {
			ret = n;
		} else if (n > 0 && rtnl_run(buf, n, 0, 0, rtnl_msg_cb, pc, NULL) < 0) {
			pr_debug("rtnl: bad notification skipped\n");
		}
	}
	free(pc);
	return ret;
}

/* ---- names ---- */

/* iproute2's names (rt_protos, and FRR's rt_protos.d/frr.conf, which its
 * package installs, so `ip route` prints them too). */
static const char *const rtnl_proto_names[256] = {
	[RTPROT_UNSPEC] = "unspec", [RTPROT_REDIRECT] = "redirect",
	[RTPROT_KERNEL] = "kernel", [RTPROT_BOOT] = "boot", [RTPROT_STATIC] = "static",
	[RTPROT_GATED] = "gated", [RTPROT_RA] = "ra", [RTPROT_MRT] = "mrt",
	[RTPROT_ZEBRA] = "zebra", [RTPROT_BIRD] = "bird", [RTPROT_DNROUTED] = "dnrouted",
	[RTPROT_XORP] = "xorp", [RTPROT_NTK] = "ntk", [RTPROT_DHCP] = "dhcp",
	[RTPROT_KEEPALIVED] = "keepalived", [RTPROT_BABEL] = "babel",
	[RTPROT_OPENR] = "openr", [RTPROT_BGP] = "bgp", [RTPROT_ISIS] = "isis",
	[RTPROT_OSPF] = "ospf", [RTPROT_RIP] = "rip", [190] = "ripng", [191] = "nhrp",
	[RTPROT_EIGRP] = "eigrp", [193] = "ldp", [194] = "sharp", [195] = "pbr",
	[196] = "static", [197] = "openfabric", [198] = "srte",
};

const char *rtnl_proto_name(uint8_t protocol)
{
	return rtnl_proto_names[protocol];
}
