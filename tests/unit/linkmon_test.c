/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Unit tests of the link monitor's parser (linkmon_parse): what reaches the
 * callbacks from RTM_NEWLINK / RTM_DELLINK messages built byte by byte, and
 * that malformed kernel input (short headers, attributes of the wrong size,
 * names without their NUL or too long, lengths past the buffer) is skipped
 * without a callback, a crash or a read out of bounds, while the good
 * messages around it still count.
 * Prints "ok - ..." / "not ok - ..." per case and a final count.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include <libmnl/libmnl.h>

#include "linkmon.h"
#include "check.h"

#define MAXEV	8

struct events {
	unsigned changed, deleted;
	struct linkmon_link link[MAXEV];
	uint32_t del[MAXEV];
};

static void on_changed(void *ctx, const struct linkmon_link *l)
{
	struct events *e = ctx;

	if (e->changed < MAXEV)
		e->link[e->changed] = *l;
	e->changed++;
}

static void on_deleted(void *ctx, uint32_t ifindex)
{
	struct events *e = ctx;

	if (e->deleted < MAXEV)
		e->del[e->deleted] = ifindex;
	e->deleted++;
}

static const struct linkmon_ops ops = { .link_changed = on_changed, .link_deleted = on_deleted };

static uint8_t buf[16384] __attribute__((aligned(8)));

/* A link message at p: header and ifinfomsg; attributes are added after it. */
static struct nlmsghdr *msg_link(void *p, uint16_t type, uint8_t family, int ifindex,
				 unsigned flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(p);
	struct ifinfomsg *ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));

	nlh->nlmsg_type = type;
	ifm->ifi_family = family;
	ifm->ifi_index = ifindex;
	ifm->ifi_flags = flags;
	return nlh;
}

/* A well-formed RTM_NEWLINK with the attributes the monitor reads. */
static struct nlmsghdr *msg_good(void *p, int ifindex, const char *name, uint32_t mtu,
				 uint8_t oper, unsigned flags)
{
	struct nlmsghdr *nlh = msg_link(p, RTM_NEWLINK, AF_UNSPEC, ifindex, flags);

	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	mnl_attr_put_u32(nlh, IFLA_MTU, mtu);
	mnl_attr_put_u8(nlh, IFLA_OPERSTATE, oper);
	mnl_attr_put_u32(nlh, IFLA_TXQLEN, 1000);	/* one we do not read */
	return nlh;
}

static size_t msg_end(const struct nlmsghdr *nlh)
{
	return (const uint8_t *)nlh + MNL_ALIGN(nlh->nlmsg_len) - buf;
}

/* Parse a copy of exactly len bytes: a sanitizer build catches any read past it. */
static int parse(size_t len, struct events *e)
{
	void *copy = malloc(len);
	int ret;

	memcpy(copy, buf, len);
	memset(e, 0, sizeof(*e));
	ret = linkmon_parse(copy, len, &ops, e, NULL, NULL);
	free(copy);
	return ret;
}

static void test_good(void)
{
	struct events e;
	struct nlmsghdr *nlh = msg_good(buf, 7, "eth1", 1400, IF_OPER_UP,
					IFF_UP | IFF_LOWER_UP | IFF_RUNNING);
	int ret = parse(nlh->nlmsg_len, &e);

	report(ret == 0 && e.changed == 1 && e.link[0].ifindex == 7 &&
	       !strcmp(e.link[0].name, "eth1") && e.link[0].mtu == 1400 &&
	       e.link[0].operstate == LINKMON_OPER_UP && e.link[0].up && e.link[0].lower_up,
	       "RTM_NEWLINK: ifindex, name, mtu, operstate, up, carrier");

	nlh = msg_good(buf, 7, "eth1", 1500, IF_OPER_DOWN, 0);
	parse(nlh->nlmsg_len, &e);
	report(e.changed == 1 && !e.link[0].up && !e.link[0].lower_up &&
	       e.link[0].operstate == LINKMON_OPER_DOWN, "RTM_NEWLINK: down, no carrier");

	nlh = msg_link(buf, RTM_NEWLINK, AF_UNSPEC, 9, IFF_UP);
	parse(nlh->nlmsg_len, &e);
	report(e.changed == 1 && e.link[0].ifindex == 9 && !e.link[0].name[0] && !e.link[0].mtu &&
	       e.link[0].operstate == LINKMON_OPER_UNKNOWN,
	       "RTM_NEWLINK without attributes: nothing said, nothing invented");

	nlh = msg_good(buf, 7, "eth1", 1500, 200, IFF_UP);
	parse(nlh->nlmsg_len, &e);
	report(e.changed == 1 && e.link[0].operstate == LINKMON_OPER_UNKNOWN &&
	       !strcmp(linkmon_oper_name(200), "UNKNOWN"), "an unknown operstate reads UNKNOWN");
	report(!e.link[0].has_mac, "RTM_NEWLINK without IFLA_ADDRESS: no MAC said");

	nlh = msg_good(buf, 7, "eth1", 1500, IF_OPER_UP, IFF_UP);
	mnl_attr_put(nlh, IFLA_ADDRESS, 6, "\x02\x00\x00\x00\x6a\x01");
	parse(nlh->nlmsg_len, &e);
	report(e.changed == 1 && e.link[0].has_mac &&
	       !memcmp(e.link[0].mac, "\x02\x00\x00\x00\x6a\x01", 6),
	       "RTM_NEWLINK: the Ethernet address (a port's MAC change)");

	nlh = msg_good(buf, 7, "ipip0", 1480, IF_OPER_UP, IFF_UP);
	mnl_attr_put(nlh, IFLA_ADDRESS, 4, "\xc0\x00\x02\x01");
	parse(nlh->nlmsg_len, &e);
	report(e.changed == 1 && !e.link[0].has_mac && e.link[0].mtu == 1480,
	       "IFLA_ADDRESS of another link layer (4 bytes): not a MAC, the rest read");
}

static void test_delete(void)
{
	struct events e;
	struct nlmsghdr *nlh = msg_link(buf, RTM_DELLINK, AF_UNSPEC, 12, 0);

	parse(nlh->nlmsg_len, &e);
	report(e.deleted == 1 && e.del[0] == 12 && !e.changed, "RTM_DELLINK: the ifindex deleted");

	nlh = msg_link(buf, RTM_DELLINK, AF_BRIDGE, 12, 0);
	parse(nlh->nlmsg_len, &e);
	report(!e.deleted && !e.changed, "AF_BRIDGE RTM_DELLINK (port leaves a bridge) ignored");

	nlh = msg_link(buf, RTM_DELLINK, AF_UNSPEC, -3, 0);
	parse(nlh->nlmsg_len, &e);
	report(!e.deleted, "a negative ifindex ignored");

	nlh = msg_link(buf, RTM_NEWADDR, AF_UNSPEC, 12, 0);
	parse(nlh->nlmsg_len, &e);
	report(!e.deleted && !e.changed, "other message types ignored");
}

/* A bad message between two good ones: only the good ones are reported. */
static void sandwich(const char *desc, void (*spoil)(struct nlmsghdr *nlh))
{
	struct nlmsghdr *a, *bad, *c;
	struct events e;
	size_t len;

	a = msg_good(buf, 2, "eth0", 1500, IF_OPER_UP, IFF_UP);
	bad = msg_link(buf + msg_end(a), RTM_NEWLINK, AF_UNSPEC, 3, IFF_UP);
	spoil(bad);
	c = msg_good(buf + msg_end(bad), 4, "eth2", 9000, IF_OPER_UP, IFF_UP);
	len = msg_end(c);
	parse(len, &e);
	report(e.changed == 2 && e.link[0].ifindex == 2 && e.link[1].ifindex == 4 &&
	       e.link[1].mtu == 9000, desc);
}

static void spoil_short_mtu(struct nlmsghdr *nlh)
{
	mnl_attr_put_u16(nlh, IFLA_MTU, 1400);
}

static void spoil_name_no_nul(struct nlmsghdr *nlh)
{
	mnl_attr_put(nlh, IFLA_IFNAME, 4, "eth3");
}

static void spoil_name_long(struct nlmsghdr *nlh)
{
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "a-name-longer-than-ifnamsiz");
}

static void spoil_name_empty(struct nlmsghdr *nlh)
{
	mnl_attr_put_strz(nlh, IFLA_IFNAME, "");
}

static void spoil_operstate_empty(struct nlmsghdr *nlh)
{
	mnl_attr_put(nlh, IFLA_OPERSTATE, 0, NULL);
}

static void test_malformed(void)
{
	struct nlmsghdr *nlh;
	struct events e;
	int ret;

	sandwich("IFLA_MTU of 2 bytes: that message skipped, its neighbours read",
		 spoil_short_mtu);
	sandwich("IFLA_IFNAME without its NUL: skipped", spoil_name_no_nul);
	sandwich("IFLA_IFNAME longer than IFNAMSIZ: skipped", spoil_name_long);
	sandwich("IFLA_IFNAME empty: skipped", spoil_name_empty);
	sandwich("IFLA_OPERSTATE without payload: skipped", spoil_operstate_empty);

	/* Shorter than a struct ifinfomsg. */
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWLINK;
	mnl_nlmsg_put_extra_header(nlh, 8);
	ret = parse(nlh->nlmsg_len, &e);
	report(ret == 0 && !e.changed, "payload shorter than ifinfomsg: skipped");

	/* nlmsg_len claims more than was received. */
	nlh = msg_good(buf, 5, "eth5", 1500, IF_OPER_UP, IFF_UP);
	ret = parse(nlh->nlmsg_len - 8, &e);
	report(ret >= 0 && !e.changed, "message cut short by the buffer: not read");

	/* An attribute whose length runs past its message. */
	nlh = msg_good(buf, 5, "eth5", 1500, IF_OPER_UP, IFF_UP);
	((struct nlattr *)((uint8_t *)nlh + nlh->nlmsg_len - 8))->nla_len = 200;
	ret = parse(nlh->nlmsg_len, &e);
	report(ret >= 0 && (!e.changed || (e.link[0].ifindex == 5 && e.link[0].mtu == 1500)),
	       "attribute longer than its message: never read past it");

	/* Garbage that is not netlink at all. */
	memset(buf, 0xff, 64);
	ret = parse(64, &e);
	report(!e.changed && !e.deleted, "0xff bytes: no callback");
	memset(buf, 0, 64);
	ret = parse(3, &e);
	report(ret >= 0 && !e.changed && !e.deleted, "3 bytes: no callback");
}

static void test_done_and_intr(void)
{
	struct nlmsghdr *nlh;
	struct events e;
	bool intr = false;
	int ret;

	nlh = msg_good(buf, 2, "eth0", 1500, IF_OPER_UP, IFF_UP);
	nlh = mnl_nlmsg_put_header(buf + msg_end(nlh));
	nlh->nlmsg_type = NLMSG_DONE;
	mnl_nlmsg_put_extra_header(nlh, sizeof(int));
	ret = parse(msg_end(nlh), &e);
	report(ret == 1 && e.changed == 1, "NLMSG_DONE ends a dump");

	nlh = msg_good(buf, 2, "eth0", 1500, IF_OPER_UP, IFF_UP);
	nlh->nlmsg_flags |= NLM_F_MULTI | NLM_F_DUMP_INTR;
	memset(&e, 0, sizeof(e));
	ret = linkmon_parse(buf, nlh->nlmsg_len, &ops, &e, NULL, &intr);
	report(intr, "NLM_F_DUMP_INTR: the dump is reported interrupted");

	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = NLMSG_ERROR;
	((struct nlmsgerr *)mnl_nlmsg_put_extra_header(nlh, sizeof(struct nlmsgerr)))->error =
		-ENODEV;
	ret = parse(nlh->nlmsg_len, &e);
	report(ret == -ENODEV, "NLMSG_ERROR: its error");
}

int main(void)
{
	test_good();
	test_delete();
	test_malformed();
	test_done_and_intr();
	return report_done();
}
