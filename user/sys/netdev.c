// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Interface queries through ioctl and rtnetlink.  Nothing here knows
 * about routes or ports; link.c asks and decides.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/ethtool.h>
#include <linux/if_arp.h>
#include <linux/if_link.h>
#include <linux/net_namespace.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sockios.h>

#include "netdev.h"

static int netdev_ioctl(int fd, unsigned long req, struct ifreq *ifr)
{
	return ioctl(fd, req, ifr) < 0 ? -errno : 0;
}

int netdev_get(const char *name, struct netdev_info *out)
{
	struct ifreq ifr = {};
	int fd, err;

	if (!*name || strlen(name) >= IFNAMSIZ)
		return -ENODEV;
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	strcpy(ifr.ifr_name, name);
	err = netdev_ioctl(fd, SIOCGIFINDEX, &ifr);
	if (err)
		goto out;
	out->ifindex = ifr.ifr_ifindex;
	err = netdev_ioctl(fd, SIOCGIFHWADDR, &ifr);
	if (err)
		goto out;
	if (ifr.ifr_hwaddr.sa_family != ARPHRD_ETHER) {
		err = -EOPNOTSUPP;
		goto out;
	}
	memcpy(out->mac, ifr.ifr_hwaddr.sa_data, 6);
	err = netdev_ioctl(fd, SIOCGIFMTU, &ifr);
	if (err)
		goto out;
	out->mtu = ifr.ifr_mtu > 65535 ? 65535 : ifr.ifr_mtu;
out:
	close(fd);
	return err;
}


#define NETDEV_NL_BUF	8192

/* One rtnetlink request, one reply message into buf: its length or -errno. */
static int netdev_rtnl(struct nlmsghdr *req, char *buf, size_t len)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE), n, err = 0;
	struct timeval tv = { .tv_sec = 1 };
	struct nlmsghdr *h = (struct nlmsghdr *)buf;

	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	req->nlmsg_flags = NLM_F_REQUEST;
	req->nlmsg_seq = 1;
	if (send(fd, req, req->nlmsg_len, 0) < 0) {
		err = -errno;
		goto out;
	}
	n = recv(fd, buf, len, 0);
	if (n < 0)
		err = -errno;
	else if (!NLMSG_OK(h, (unsigned)n))
		err = -EBADMSG;
	else if (h->nlmsg_type == NLMSG_ERROR)
		err = ((struct nlmsgerr *)NLMSG_DATA(h))->error ?: -EBADMSG;
	else
		err = n;
out:
	close(fd);
	return err;
}

static void netdev_put_attr(struct nlmsghdr *h, unsigned short type, const void *v, size_t len)
{
	struct rtattr *a = (struct rtattr *)((char *)h + NLMSG_ALIGN(h->nlmsg_len));

	a->rta_type = type;
	a->rta_len = RTA_LENGTH(len);
	memcpy(RTA_DATA(a), v, len);
	h->nlmsg_len = NLMSG_ALIGN(h->nlmsg_len) + RTA_ALIGN(a->rta_len);
}

struct netdev_link {
	int link;		/* IFLA_LINK: the peer's ifindex, 0 if none */
	int nsid;		/* IFLA_LINK_NETNSID, -1: same namespace */
	bool xdp;		/* an XDP program is attached */
	char name[IF_NAMESIZE];
};

static void netdev_parse_link(struct nlmsghdr *h, struct netdev_link *l)
{
	struct ifinfomsg *ifi = NLMSG_DATA(h);
	int len = IFLA_PAYLOAD(h);

	for (struct rtattr *a = IFLA_RTA(ifi); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		if (a->rta_type == IFLA_LINK)
			l->link = *(int *)RTA_DATA(a);
		else if (a->rta_type == IFLA_LINK_NETNSID)
			l->nsid = *(int *)RTA_DATA(a);
		else if (a->rta_type == IFLA_IFNAME)
			snprintf(l->name, sizeof(l->name), "%s", (char *)RTA_DATA(a));
		else if (a->rta_type == IFLA_XDP) {
			int n = RTA_PAYLOAD(a);

			for (struct rtattr *x = RTA_DATA(a); RTA_OK(x, n); x = RTA_NEXT(x, n))
				if (x->rta_type == IFLA_XDP_ATTACHED && *(uint8_t *)RTA_DATA(x))
					l->xdp = true;
		}
	}
}

/* RTM_GETLINK for ifindex, in the namespace of nsid (-1: ours). */
static int netdev_link_get(int ifindex, int nsid, struct netdev_link *l)
{
	char buf[NETDEV_NL_BUF];
	struct {
		struct nlmsghdr h;
		struct ifinfomsg ifi;
		char attrs[64];
	} req = {
		.h = { .nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg)), .nlmsg_type = RTM_GETLINK },
		.ifi = { .ifi_family = AF_UNSPEC, .ifi_index = ifindex },
	};
	int n;

	if (nsid >= 0)
		netdev_put_attr(&req.h, IFLA_TARGET_NETNSID, &nsid, sizeof(nsid));
	n = netdev_rtnl(&req.h, buf, sizeof(buf));
	if (n < 0)
		return n;
	*l = (struct netdev_link){ .nsid = -1 };
	netdev_parse_link((struct nlmsghdr *)buf, l);
	return 0;
}

/* The nsid our namespace gives to the namespace of fd, or -errno. */
static int netdev_nsid_of(int fd)
{
	char buf[NETDEV_NL_BUF];
	struct {
		struct nlmsghdr h;
		struct rtgenmsg g;
		char pad[3];
		char attrs[16];
	} req = {
		.h = { .nlmsg_len = NLMSG_LENGTH(sizeof(struct rtgenmsg)), .nlmsg_type = RTM_GETNSID },
		.g = { .rtgen_family = AF_UNSPEC },
	};
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	int n, len;

	netdev_put_attr(&req.h, NETNSA_FD, &fd, sizeof(fd));
	n = netdev_rtnl(&req.h, buf, sizeof(buf));
	if (n < 0)
		return n;
	len = h->nlmsg_len - NLMSG_LENGTH(NLMSG_ALIGN(sizeof(struct rtgenmsg)));
	for (struct rtattr *a = (struct rtattr *)((char *)NLMSG_DATA(h) +
						  NLMSG_ALIGN(sizeof(struct rtgenmsg)));
	     RTA_OK(a, len); a = RTA_NEXT(a, len))
		if (a->rta_type == NETNSA_NSID)
			return *(int *)RTA_DATA(a);
	return -ENOENT;
}

/* Open the named namespace (/var/run/netns) our nsid points at. */
static int netdev_netns_open(int nsid, char *name, size_t len)
{
	DIR *d = opendir("/var/run/netns");
	struct dirent *e;
	int fd = -ENOENT;

	if (!d)
		return -errno;
	while ((e = readdir(d))) {
		char path[300];

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/var/run/netns/%s", e->d_name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd >= 0 && netdev_nsid_of(fd) == nsid) {
			snprintf(name, len, "%s", e->d_name);
			break;
		}
		if (fd >= 0)
			close(fd);
		fd = -ENOENT;
	}
	closedir(d);
	return fd;
}

/* GRO of dev in the namespace nsfd (-1: ours): 1 on, 0 off, -errno. */
static int netdev_gro(int nsfd, const char *dev)
{
	struct ethtool_value ev = { .cmd = ETHTOOL_GGRO };
	struct ifreq ifr = { .ifr_data = (void *)&ev };
	int self = -1, fd, err;

	if (nsfd >= 0) {
		self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
		if (self < 0 || setns(nsfd, CLONE_NEWNET)) {
			err = -errno;
			if (self >= 0)
				close(self);
			return err;
		}
	}
	/* A socket keeps the namespace it was made in: ask through it after going back. */
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	err = fd < 0 ? -errno : 0;
	if (self >= 0) {
		setns(self, CLONE_NEWNET);
		close(self);
	}
	if (err)
		return err;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", dev);
	err = ioctl(fd, SIOCETHTOOL, &ifr) < 0 ? -errno : (int)!!ev.data;
	close(fd);
	return err;
}

static bool netdev_is_veth(const char *name)
{
	struct ethtool_drvinfo info = { .cmd = ETHTOOL_GDRVINFO };
	struct ifreq ifr = { .ifr_data = (void *)&info };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	bool veth;

	if (fd < 0)
		return false;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	veth = !ioctl(fd, SIOCETHTOOL, &ifr) && !strcmp(info.driver, "veth");
	close(fd);
	return veth;
}

int netdev_veth_peer_ok(const char *name, uint32_t ifindex, char *hint, size_t hint_len)
{
	struct netdev_link self, peer;
	char ns[256] = "";
	int nsfd = -1, gro, err;

	if (!netdev_is_veth(name))
		return 1;
	err = netdev_link_get(ifindex, -1, &self);
	if (err || !self.link)
		return err ? err : -ENOENT;
	err = netdev_link_get(self.link, self.nsid, &peer);
	if (err)
		return err;
	if (peer.xdp)
		return 1;
	if (self.nsid >= 0) {
		nsfd = netdev_netns_open(self.nsid, ns, sizeof(ns));
		if (nsfd < 0)
			return nsfd;	/* an unnamed namespace: cannot tell */
	}
	gro = netdev_gro(nsfd, peer.name);
	if (nsfd >= 0)
		close(nsfd);
	if (gro != 0)
		return gro;
	if (ns[0])
		snprintf(hint, hint_len, "ip netns exec %s ethtool -K %s gro on", ns, peer.name);
	else
		snprintf(hint, hint_len, "ethtool -K %s gro on", peer.name);
	return 0;
}

/* One ethtool request about dev in this namespace: 0 or -errno. */
static int netdev_ethtool(const char *dev, void *req)
{
	struct ifreq ifr = { .ifr_data = req };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), err;

	if (fd < 0)
		return -errno;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", dev);
	err = ioctl(fd, SIOCETHTOOL, &ifr) < 0 ? -errno : 0;
	close(fd);
	return err;
}

int netdev_rxvlan_off(const char *name)
{
	struct ethtool_value ev = { .cmd = ETHTOOL_GFLAGS };
	int err = netdev_ethtool(name, &ev);

	if (err || !(ev.data & ETH_FLAG_RXVLAN))
		return err < 0 ? err : 0;
	ev.cmd = ETHTOOL_SFLAGS;
	ev.data &= ~ETH_FLAG_RXVLAN;
	err = netdev_ethtool(name, &ev);
	return err ? err : 1;
}
