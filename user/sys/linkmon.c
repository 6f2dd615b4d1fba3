// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The link monitor: a netlink socket subscribed to RTNLGRP_LINK, whose
 * RTM_NEWLINK / RTM_DELLINK notifications are handed to the daemon's
 * callbacks (struct linkmon_ops), and full dumps (RTM_GETLINK) at start and
 * whenever notifications were lost.  A netlink socket that overruns
 * (ENOBUFS) drops messages silently, so after one the only truth is a new
 * dump: every link in it is reported again, and links_synced lists them all
 * so the daemon can tell which of its ports went away unheard.
 *
 * Netlink is built and parsed with libmnl: a small, well-kept library whose
 * message and attribute walkers check every length against the buffer
 * (mnl_nlmsg_ok, mnl_attr_ok, mnl_attr_validate), which is what a parser of
 * kernel input needs; the sockets and dumps are rtnl.c's, shared with the
 * kernel route sync.
 * Everything from the kernel is checked before use: a malformed message is
 * skipped and logged at debug level, never trusted and never fatal.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include <libmnl/libmnl.h>

#include "linkmon.h"
#include "log.h"
#include "rtnl.h"

_Static_assert(LINKMON_NAMESIZE == IFNAMSIZ, "LINKMON_NAMESIZE is IFNAMSIZ");
_Static_assert((int)LINKMON_OPER_UP == IF_OPER_UP && (int)LINKMON_OPER_DORMANT == IF_OPER_DORMANT &&
	       (int)LINKMON_OPER_LOWERLAYERDOWN == IF_OPER_LOWERLAYERDOWN,
	       "linkmon_oper mirrors IF_OPER_*");

/* The kernel sizes a dump's messages to the reader's buffer, up to 32 KiB. */
#define LINKMON_BUF		RTNL_BUF
#define LINKMON_READ_BATCH	64	/* recv()s per wakeup: the loop serves others too */
#define LINKMON_DUMP_TRIES	4	/* a dump interrupted by changes is run again */

struct linkmon {
	struct mnl_socket *nl;		/* subscribed, non-blocking */
	const struct linkmon_ops *ops;
	void *ctx;
	uint8_t buf[LINKMON_BUF] __attribute__((aligned(8)));
};

static const char *const linkmon_oper_names[LINKMON_OPER_MAX] = {
	[LINKMON_OPER_UNKNOWN] = "UNKNOWN",
	[LINKMON_OPER_NOTPRESENT] = "NOTPRESENT",
	[LINKMON_OPER_DOWN] = "DOWN",
	[LINKMON_OPER_LOWERLAYERDOWN] = "LOWERLAYERDOWN",
	[LINKMON_OPER_TESTING] = "TESTING",
	[LINKMON_OPER_DORMANT] = "DORMANT",
	[LINKMON_OPER_UP] = "UP",
};

const char *linkmon_oper_name(uint8_t operstate)
{
	return operstate < LINKMON_OPER_MAX ? linkmon_oper_names[operstate] : "UNKNOWN";
}

/* ---- parsing ---- */

struct linkmon_parse_ctx {
	const struct linkmon_ops *ops;
	void *ctx;
	struct linkmon_present *present;
	bool *intr;
};

/* Keep the attributes we read, each checked for its type's length first. */
static int linkmon_attr_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(a);

	if (mnl_attr_type_valid(a, IFLA_MAX) < 0)
		return MNL_CB_OK;	/* newer than our headers: not ours to read */
	switch (type) {
	case IFLA_IFNAME:
		/* NUL-terminated within the payload, and a name fits IFNAMSIZ. */
		if (mnl_attr_validate(a, MNL_TYPE_NUL_STRING) < 0 ||
		    mnl_attr_get_payload_len(a) > IFNAMSIZ || !*mnl_attr_get_str(a))
			return MNL_CB_ERROR;
		break;
	case IFLA_MTU:
		if (mnl_attr_validate(a, MNL_TYPE_U32) < 0)
			return MNL_CB_ERROR;
		break;
	case IFLA_OPERSTATE:
		if (mnl_attr_validate(a, MNL_TYPE_U8) < 0)
			return MNL_CB_ERROR;
		break;
	case IFLA_ADDRESS:
		/* Other link layers' addresses are not a port's: not read. */
		if (mnl_attr_get_payload_len(a) != 6)
			return MNL_CB_OK;
		break;
	default:
		return MNL_CB_OK;
	}
	tb[type] = a;
	return MNL_CB_OK;
}

/* An RTM_NEWLINK into l: 0, or -EBADMSG if any attribute we read is malformed. */
static int linkmon_link_parse(const struct nlmsghdr *nlh, const struct ifinfomsg *ifm,
			      struct linkmon_link *l)
{
	const struct nlattr *tb[IFLA_MAX + 1] = {};

	if (mnl_attr_parse(nlh, sizeof(*ifm), linkmon_attr_cb, tb) != MNL_CB_OK)
		return -EBADMSG;
	*l = (struct linkmon_link){
		.ifindex = ifm->ifi_index,
		.up = ifm->ifi_flags & IFF_UP,
		.lower_up = ifm->ifi_flags & IFF_LOWER_UP,
		.operstate = LINKMON_OPER_UNKNOWN,
	};
	if (tb[IFLA_MTU])
		l->mtu = mnl_attr_get_u32(tb[IFLA_MTU]);
	if (tb[IFLA_OPERSTATE] && mnl_attr_get_u8(tb[IFLA_OPERSTATE]) < LINKMON_OPER_MAX)
		l->operstate = mnl_attr_get_u8(tb[IFLA_OPERSTATE]);
	if (tb[IFLA_IFNAME])
		strcpy(l->name, mnl_attr_get_str(tb[IFLA_IFNAME]));
	if (tb[IFLA_ADDRESS]) {
		l->has_mac = true;
		memcpy(l->mac, mnl_attr_get_payload(tb[IFLA_ADDRESS]), 6);
	}
	return 0;
}

static void linkmon_present_add(struct linkmon_present *p, uint32_t ifindex)
{
	uint32_t *idx;

	if (!p || !p->idx)
		return;
	if (p->n == p->cap) {
		idx = realloc(p->idx, 2 * p->cap * sizeof(*idx));
		if (!idx) {
			/* An incomplete list would make ports look deleted: give up on it. */
			free(p->idx);
			p->idx = NULL;
			return;
		}
		p->idx = idx;
		p->cap *= 2;
	}
	p->idx[p->n++] = ifindex;
}

static int linkmon_msg_cb(const struct nlmsghdr *nlh, void *data)
{
	struct linkmon_parse_ctx *pc = data;
	const struct ifinfomsg *ifm;
	struct linkmon_link l;

	if (nlh->nlmsg_type != RTM_NEWLINK && nlh->nlmsg_type != RTM_DELLINK)
		return MNL_CB_OK;
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifm)) {
		pr_debug("link monitor: short link message (%u bytes) skipped\n", nlh->nlmsg_len);
		return MNL_CB_OK;
	}
	ifm = mnl_nlmsg_get_payload(nlh);
	/* AF_BRIDGE messages are about bridge port roles, not the device itself:
	 * an AF_BRIDGE RTM_DELLINK is a port leaving a bridge, not a deletion. */
	if (ifm->ifi_family != AF_UNSPEC || ifm->ifi_index <= 0)
		return MNL_CB_OK;
	if (nlh->nlmsg_type == RTM_DELLINK) {
		pc->ops->link_deleted(pc->ctx, ifm->ifi_index);
		return MNL_CB_OK;
	}
	if (linkmon_link_parse(nlh, ifm, &l)) {
		pr_debug("link monitor: malformed message about ifindex %d skipped\n",
			 ifm->ifi_index);
		return MNL_CB_OK;
	}
	linkmon_present_add(pc->present, l.ifindex);
	pc->ops->link_changed(pc->ctx, &l);
	return MNL_CB_OK;
}

/* One received buffer, with the sequence and port a reply must carry (0: any). */
static int linkmon_parse_reply(const void *buf, size_t len, uint32_t seq, uint32_t portid,
			       struct linkmon_parse_ctx *pc)
{
	return rtnl_run(buf, len, seq, portid, linkmon_msg_cb, pc, pc->intr);
}

int linkmon_parse(const void *buf, size_t len, const struct linkmon_ops *ops, void *ctx,
		  struct linkmon_present *present, bool *intr)
{
	struct linkmon_parse_ctx pc = { ops, ctx, present, intr };

	return linkmon_parse_reply(buf, len, 0, 0, &pc);
}

/* ---- sockets ---- */

/* RTM_GETLINK, for ifindex or (0) a dump of every link, answers into pc. */
static int linkmon_request(uint32_t ifindex, struct linkmon_parse_ctx *pc)
{
	uint8_t buf[NLMSG_HDRLEN + sizeof(struct ifinfomsg)] __attribute__((aligned(8)));
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifm;

	nlh->nlmsg_type = RTM_GETLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | (ifindex ? 0 : NLM_F_DUMP);
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_index = ifindex;
	return rtnl_request(nlh, ifindex != 0, linkmon_msg_cb, pc, pc->intr);
}

static int linkmon_u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* One complete dump: 0 with present filled, -EAGAIN if interrupted, -errno. */
static int linkmon_dump(struct linkmon *lm, struct linkmon_present *present)
{
	bool intr = false;
	struct linkmon_parse_ctx pc = { lm->ops, lm->ctx, present, &intr };
	int err;

	present->n = 0;
	err = linkmon_request(0, &pc);
	if (intr)
		return -EAGAIN;
	if (err)
		return err;
	return present->idx ? 0 : -ENOMEM;
}

int linkmon_sync(struct linkmon *lm)
{
	struct linkmon_present present = { .cap = 64 };
	int err = -EAGAIN;

	for (int i = 0; i < LINKMON_DUMP_TRIES && err == -EAGAIN; i++) {
		if (!present.idx) {
			present.idx = malloc(present.cap * sizeof(*present.idx));
			if (!present.idx)
				return -ENOMEM;
		}
		err = linkmon_dump(lm, &present);
	}
	if (!err) {
		if (present.n > 1)
			qsort(present.idx, present.n, sizeof(*present.idx), linkmon_u32_cmp);
		lm->ops->links_synced(lm->ctx, present.idx, present.n);
	}
	free(present.idx);
	return err;
}

struct linkmon *linkmon_open(const struct linkmon_ops *ops, void *ctx)
{
	struct linkmon *lm = calloc(1, sizeof(*lm));
	int grp = RTNLGRP_LINK, err;

	if (!lm)
		return NULL;
	lm->ops = ops;
	lm->ctx = ctx;
	lm->nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (!lm->nl || mnl_socket_bind(lm->nl, 0, MNL_SOCKET_AUTOPID) < 0 ||
	    mnl_socket_setsockopt(lm->nl, NETLINK_ADD_MEMBERSHIP, &grp, sizeof(grp)) < 0)
		goto fail;
	/* Subscribed first, then dumped: no change can fall between the two. */
	err = linkmon_sync(lm);
	if (err)
		pr_warn("link monitor: cannot read the links: %s\n", strerror(-err));
	return lm;
fail:
	err = errno;
	linkmon_close(lm);
	errno = err;
	return NULL;
}

void linkmon_close(struct linkmon *lm)
{
	if (!lm)
		return;
	if (lm->nl)
		mnl_socket_close(lm->nl);
	free(lm);
}

int linkmon_fd(const struct linkmon *lm)
{
	return mnl_socket_get_fd(lm->nl);
}

/*
 * Notifications were lost: only a new dump tells what is true now.  What is
 * still queued is older than that dump (the kernel reports the overrun
 * before the messages queued ahead of it), and the changes that would have
 * superseded it may be among the lost ones: applied after the dump, it
 * would bring back a state that is gone.  So it is dropped first.
 */
static void linkmon_overrun(struct linkmon *lm, int why)
{
	int err;

	pr_warn("link monitor: notifications lost (%s, socket overrun): reading every link again\n",
		strerror(-why));
	rtnl_drain(lm->nl, lm->buf, sizeof(lm->buf));
	err = linkmon_sync(lm);
	if (err)
		pr_warn("link monitor: cannot read the links: %s\n", strerror(-err));
}

int linkmon_read(struct linkmon *lm)
{
	struct linkmon_parse_ctx pc = { lm->ops, lm->ctx, NULL, NULL };
	ssize_t n;
	int err;

	for (int i = 0; i < LINKMON_READ_BATCH; i++) {
		n = rtnl_recv(linkmon_fd(lm), lm->buf, sizeof(lm->buf));
		if (n == -EAGAIN || n == -EWOULDBLOCK)
			return 0;
		if (n == -EINTR || n == 0)
			continue;
		if (n == -ENOBUFS || n == -EMSGSIZE) {
			linkmon_overrun(lm, n);
			continue;
		}
		if (n < 0)
			return n;
		err = linkmon_parse_reply(lm->buf, n, 0, 0, &pc);
		if (err < 0)
			pr_debug("link monitor: bad notification: %s\n", strerror(-err));
	}
	return 0;
}

struct linkmon_get_ctx {
	struct linkmon_link *out;
	bool found;
};

static void linkmon_get_changed(void *ctx, const struct linkmon_link *l)
{
	struct linkmon_get_ctx *g = ctx;

	if (l->ifindex == g->out->ifindex) {
		*g->out = *l;
		g->found = true;
	}
}

static void linkmon_get_ignore(void *ctx, uint32_t ifindex)
{
	(void)ctx;
	(void)ifindex;
}

int linkmon_get(uint32_t ifindex, struct linkmon_link *out)
{
	static const struct linkmon_ops ops = { .link_changed = linkmon_get_changed,
						.link_deleted = linkmon_get_ignore };
	struct linkmon_get_ctx g = { .out = out };
	struct linkmon_parse_ctx pc = { &ops, &g, NULL, NULL };
	int err;

	if (!ifindex || ifindex > INT32_MAX)
		return -ENODEV;
	out->ifindex = ifindex;
	err = linkmon_request(ifindex, &pc);
	if (err)
		return err;
	return g.found ? 0 : -ENODEV;
}
