/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Unit tests of the rtnetlink route and nexthop decoder (rtnl_parse): what
 * reaches the callbacks from RTM_NEWROUTE / RTM_DELROUTE and RTM_NEWNEXTHOP
 * messages built byte by byte as the kernel sends them (FRR's nexthop
 * objects and groups with weights minus one, BIRD's inline multipath), and
 * that malformed ones (addresses of the wrong length, a next hop running
 * past its attribute, a group of odd size) are skipped whole while the good
 * messages around them still count.  With -w DIR it also writes the good
 * buffers as seeds for tests/fuzz/fuzz_rtnl.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/nexthop.h>
#include <linux/rtnetlink.h>

#include <libmnl/libmnl.h>

#include "check.h"
#include "rtnl.h"

#define MAXEV	8

struct events {
	unsigned routes, nexthops;
	bool del[MAXEV];
	struct rtnl_route route[MAXEV];
	struct rtnl_nexthop nh[MAXEV];
};

static void on_route(void *ctx, bool del, const struct rtnl_route *r)
{
	struct events *e = ctx;

	if (e->routes < MAXEV) {
		e->route[e->routes] = *r;
		e->del[e->routes] = del;
	}
	e->routes++;
}

static void on_nexthop(void *ctx, bool del, const struct rtnl_nexthop *nh)
{
	struct events *e = ctx;

	(void)del;
	if (e->nexthops < MAXEV)
		e->nh[e->nexthops] = *nh;
	e->nexthops++;
}

static const struct rtnl_ops ops = { on_route, on_nexthop };
static uint8_t buf[16384] __attribute__((aligned(8)));

static struct nlmsghdr *msg_route(void *p, uint16_t type, uint8_t proto, uint8_t rtype,
				  uint32_t dst, uint8_t len)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(p);
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));

	nlh->nlmsg_type = type;
	rtm->rtm_family = AF_INET;
	rtm->rtm_dst_len = len;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_protocol = proto;
	rtm->rtm_type = rtype;
	mnl_attr_put_u32(nlh, RTA_TABLE, RT_TABLE_MAIN);
	if (len)
		mnl_attr_put_u32(nlh, RTA_DST, dst);
	return nlh;
}

/* One rtnexthop with a gateway, appended inside an open RTA_MULTIPATH. */
static void put_rtnh(struct nlmsghdr *nlh, uint32_t gw, int ifindex, uint8_t hops,
		     uint8_t flags)
{
	struct rtnexthop *rtnh = mnl_nlmsg_get_payload_tail(nlh);

	nlh->nlmsg_len += RTNH_ALIGN(sizeof(*rtnh));
	rtnh->rtnh_flags = flags;
	rtnh->rtnh_hops = hops;
	rtnh->rtnh_ifindex = ifindex;
	mnl_attr_put_u32(nlh, RTA_GATEWAY, gw);
	rtnh->rtnh_len = (char *)mnl_nlmsg_get_payload_tail(nlh) - (char *)rtnh;
}

static size_t parse(void *p, size_t len, struct events *e)
{
	memset(e, 0, sizeof(*e));
	return rtnl_parse(p, len, &ops, e, NULL);
}

static const char *seed_dir;

static void seed(const char *name, const void *p, size_t len)
{
	char path[512];
	FILE *f;

	if (!seed_dir)
		return;
	snprintf(path, sizeof(path), "%s/%s", seed_dir, name);
	f = fopen(path, "w");
	if (f) {
		fwrite(p, 1, len, f);
		fclose(f);
	}
}

static void test_single(void)
{
	struct nlmsghdr *nlh = msg_route(buf, RTM_NEWROUTE, RTPROT_OSPF, RTN_UNICAST,
					 IP4(10, 1, 0, 0), 16);
	struct events e;

	mnl_attr_put_u32(nlh, RTA_PRIORITY, 20);
	mnl_attr_put_u32(nlh, RTA_GATEWAY, IP4(192, 0, 2, 9));
	mnl_attr_put_u32(nlh, RTA_OIF, 7);
	mnl_attr_put_u32(nlh, RTA_PREFSRC, IP4(192, 0, 2, 1));	/* one we do not read */
	seed("single", buf, nlh->nlmsg_len);
	parse(buf, nlh->nlmsg_len, &e);
	report(e.routes == 1 && !e.del[0] && e.route[0].dst.addr.af == AF_INET &&
	       e.route[0].dst.addr.v4 == IP4(10, 1, 0, 0) && e.route[0].dst.len == 16 &&
	       e.route[0].metric == 20 && e.route[0].protocol == RTPROT_OSPF &&
	       e.route[0].table == RT_TABLE_MAIN && e.route[0].n_nh == 1 &&
	       e.route[0].nh[0].gw.v4 == IP4(192, 0, 2, 9) && e.route[0].nh[0].ifindex == 7 &&
	       !e.route[0].unsupported, "route via a gateway: prefix, metric, proto, next hop");
}

static void test_multipath(void)
{
	struct nlmsghdr *nlh = msg_route(buf, RTM_NEWROUTE, RTPROT_BIRD, RTN_UNICAST,
					 IP4(198, 51, 100, 0), 24);
	struct nlattr *mp = mnl_attr_nest_start(nlh, RTA_MULTIPATH);
	struct events e;

	put_rtnh(nlh, IP4(192, 0, 2, 9), 7, 0, 0);
	put_rtnh(nlh, IP4(203, 0, 113, 6), 8, 2, RTNH_F_LINKDOWN);
	mnl_attr_nest_end(nlh, mp);
	seed("multipath", buf, nlh->nlmsg_len);
	parse(buf, nlh->nlmsg_len, &e);
	report(e.routes == 1 && e.route[0].n_nh == 2 && e.route[0].nh[0].weight == 1 &&
	       e.route[0].nh[1].weight == 3 && e.route[0].nh[1].ifindex == 8 &&
	       e.route[0].nh[1].gw.v4 == IP4(203, 0, 113, 6) && !e.route[0].nh[0].down &&
	       e.route[0].nh[1].down,
	       "inline multipath: both members, weight is hops + 1, linkdown flag");
	/* The second member claims more than its attribute holds. */
	((struct rtnexthop *)((char *)mnl_attr_get_payload(mp) + 16))->rtnh_len = 200;
	parse(buf, nlh->nlmsg_len, &e);
	report(e.routes == 0, "multipath member running past its attribute: message skipped");
}

static void test_blackhole_del(void)
{
	struct nlmsghdr *nlh = msg_route(buf, RTM_DELROUTE, RTPROT_STATIC, RTN_BLACKHOLE,
					 IP4(10, 9, 0, 0), 16);
	struct events e;

	parse(buf, nlh->nlmsg_len, &e);
	report(e.routes == 1 && e.del[0] && e.route[0].type == RTN_BLACKHOLE &&
	       e.route[0].n_nh == 0, "RTM_DELROUTE of a blackhole");
}

static void test_bad_dst(void)
{
	struct nlmsghdr *nlh = msg_route(buf, RTM_NEWROUTE, RTPROT_BGP, RTN_UNICAST, 0, 0);
	struct nlmsghdr *n2;
	struct events e;

	/* RTA_DST of 6 bytes in an IPv4 route, then a good default route. */
	mnl_attr_put(nlh, RTA_DST, 6, "\x0a\x00\x00\x00\x00\x00");
	n2 = msg_route((char *)buf + NLMSG_ALIGN(nlh->nlmsg_len), RTM_NEWROUTE, RTPROT_BGP,
		       RTN_UNICAST, 0, 0);
	mnl_attr_put_u32(n2, RTA_OIF, 3);
	parse(buf, NLMSG_ALIGN(nlh->nlmsg_len) + n2->nlmsg_len, &e);
	report(e.routes == 1 && e.route[0].dst.len == 0 && e.route[0].nh[0].ifindex == 3,
	       "destination of the wrong length skipped, the next message still read");
	nlh = msg_route(buf, RTM_NEWROUTE, RTPROT_BGP, RTN_UNICAST, IP4(10, 0, 0, 0), 8);
	((struct rtmsg *)mnl_nlmsg_get_payload(nlh))->rtm_dst_len = 33;
	parse(buf, nlh->nlmsg_len, &e);
	report(e.routes == 0, "prefix length 33 skipped");
}

static void test_nhid(void)
{
	struct nlmsghdr *nlh = msg_route(buf, RTM_NEWROUTE, 196, RTN_UNICAST,
					 IP4(10, 2, 0, 0), 16);
	struct events e;

	mnl_attr_put_u32(nlh, RTA_NH_ID, 42);
	mnl_attr_put_u32(nlh, RTA_PRIORITY, 20);
	seed("nhid", buf, nlh->nlmsg_len);
	parse(buf, nlh->nlmsg_len, &e);
	report(e.routes == 1 && e.route[0].nhid == 42 && e.route[0].n_nh == 0 &&
	       !strcmp(rtnl_proto_name(e.route[0].protocol), "static"),
	       "route through a nexthop object (FRR's proto 196 is \"static\")");
}

static struct nlmsghdr *msg_nh(void *p, uint32_t id, uint8_t family)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(p);
	struct nhmsg *nhm = mnl_nlmsg_put_extra_header(nlh, sizeof(*nhm));

	nlh->nlmsg_type = RTM_NEWNEXTHOP;
	nhm->nh_family = family;
	nhm->nh_protocol = RTPROT_ZEBRA;
	mnl_attr_put_u32(nlh, NHA_ID, id);
	return nlh;
}

static void test_nexthops(void)
{
	struct nlmsghdr *nlh = msg_nh(buf, 42, AF_INET);
	struct nexthop_grp g[2] = { { .id = 42, .weight = 0 }, { .id = 43, .weight = 2 } };
	struct events e;

	mnl_attr_put_u32(nlh, NHA_OIF, 7);
	mnl_attr_put_u32(nlh, NHA_GATEWAY, IP4(192, 0, 2, 9));
	seed("nh", buf, nlh->nlmsg_len);
	parse(buf, nlh->nlmsg_len, &e);
	report(e.nexthops == 1 && e.nh[0].id == 42 && e.nh[0].n_grp == 0 &&
	       e.nh[0].nh.ifindex == 7 && e.nh[0].nh.gw.v4 == IP4(192, 0, 2, 9),
	       "nexthop object: id, device, gateway");
	nlh = msg_nh(buf, 50, AF_UNSPEC);
	mnl_attr_put(nlh, NHA_GROUP, sizeof(g), g);
	seed("group", buf, nlh->nlmsg_len);
	parse(buf, nlh->nlmsg_len, &e);
	report(e.nexthops == 1 && e.nh[0].n_grp == 2 && e.nh[0].grp[0].weight == 1 &&
	       e.nh[0].grp[1].id == 43 && e.nh[0].grp[1].weight == 3,
	       "nexthop group: members, weights minus one in the message");
	nlh = msg_nh(buf, 51, AF_UNSPEC);
	mnl_attr_put(nlh, NHA_GROUP, sizeof(g) - 1, g);
	parse(buf, nlh->nlmsg_len, &e);
	report(e.nexthops == 0, "group of a size that is no whole member: skipped");
	nlh = msg_nh(buf, 52, AF_INET);
	mnl_attr_put(nlh, NHA_GATEWAY, 16, g);
	parse(buf, nlh->nlmsg_len, &e);
	report(e.nexthops == 0, "IPv4 nexthop with a 16-byte gateway: skipped");
	nlh = msg_nh(buf, 53, AF_UNSPEC);
	mnl_attr_put(nlh, NHA_BLACKHOLE, 0, NULL);
	parse(buf, nlh->nlmsg_len, &e);
	report(e.nexthops == 1 && e.nh[0].blackhole, "blackhole nexthop object");
}

static void test_truncated(void)
{
	struct nlmsghdr *nlh = msg_route(buf, RTM_NEWROUTE, RTPROT_OSPF, RTN_UNICAST,
					 IP4(10, 1, 0, 0), 16);
	struct events e;

	mnl_attr_put_u32(nlh, RTA_GATEWAY, IP4(192, 0, 2, 9));
	for (size_t cut = 0; cut < nlh->nlmsg_len; cut++)
		parse(buf, cut, &e);
	report(true, "every truncation of a route message parsed without a crash");
	nlh->nlmsg_len = 0xfffffff0;
	parse(buf, 64, &e);
	report(e.routes == 0, "a length past the buffer: nothing read");
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "-w"))
		seed_dir = argv[2];
	test_single();
	test_multipath();
	test_blackhole_del();
	test_bad_dst();
	test_nhid();
	test_nexthops();
	test_truncated();
	return report_done();
}
