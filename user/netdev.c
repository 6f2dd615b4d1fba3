// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Interface queries through ioctl and rtnetlink.  Nothing here knows
 * about routes or ports; link.c asks and decides.
 */
#include <errno.h>
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/if_arp.h>

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

int netdev_veth_peer_ok(const char *name, uint32_t ifindex, char *hint, size_t hint_len)
{
	(void)name;
	(void)ifindex;
	(void)hint;
	(void)hint_len;
	return -EOPNOTSUPP;
}
