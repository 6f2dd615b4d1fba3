/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Queries about the kernel's interfaces, kept apart from the router's
 * logic: index, MAC, MTU, and whether a veth's peer can receive frames
 * redirected into it.
 */
#ifndef XR_NETDEV_H
#define XR_NETDEV_H

#include <stddef.h>
#include <stdint.h>

struct netdev_info {
	uint32_t ifindex;
	uint8_t mac[6];
	uint16_t mtu;
};

/* 0, -ENODEV if there is no such interface, or -errno. */
int netdev_get(const char *name, struct netdev_info *out);

/*
 * For a veth: can its peer receive XDP_REDIRECTed frames (peer runs NAPI:
 * an XDP program attached or GRO on)?  Returns 1 yes / not a veth, 0 no
 * (hint gets a command that fixes it), -errno when it cannot be told.
 */
int netdev_veth_peer_ok(const char *name, uint32_t ifindex, char *hint, size_t hint_len);

/*
 * Turn the NIC's receive VLAN stripping off (ethtool -K DEV rxvlan off):
 * a stripped tag is metadata XDP does not see.  1 turned off, 0 it was
 * off already, -errno (-EOPNOTSUPP: the driver cannot turn it off).
 */
int netdev_rxvlan_off(const char *name);

#endif
