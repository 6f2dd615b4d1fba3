/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Per-port, per-CPU counters: what the fast path did with each frame.
 * One X-macro list so the enum and the names the CLI prints can never
 * drift apart.  Hand-off reasons come first: a reason code is the counter
 * index, so the daemon sees why a frame came up by the same name.
 */
#ifndef XR_STATS_H
#define XR_STATS_H

#include <linux/types.h>

#define XR_STAT_LIST(X)						\
	/* handed to the daemon */					\
	X(HANDOFF_LOCAL,	"handoff_local")			\
	X(HANDOFF_TTL,		"handoff_ttl_exceeded")			\
	X(HANDOFF_NO_ROUTE,	"handoff_no_route")			\
	X(HANDOFF_UNREACH,	"handoff_unreachable")			\
	X(HANDOFF_NEIGH_MISS,	"handoff_neigh_miss")			\
	X(HANDOFF_MTU,		"handoff_mtu")				\
	X(HANDOFF_ARP,		"handoff_arp")				\
	X(HANDOFF_FLOOD,	"handoff_flood")			\
	/* totals */							\
	X(RX,			"rx")					\
	X(FORWARDED,		"forwarded")				\
	X(HANDOFF,		"handoff")				\
	X(PASS,			"pass")					\
	X(SWITCHED,		"switched")				\
	X(FLOODED,		"flooded")				\
	/* drops */							\
	X(DROP_ETH_TRUNC,	"drop_eth_truncated")			\
	X(DROP_IP_TRUNC,	"drop_ip_truncated")			\
	X(DROP_IP_VERSION,	"drop_ip_version")			\
	X(DROP_IP_IHL,		"drop_ip_ihl")				\
	X(DROP_IP_LEN,		"drop_ip_total_length")			\
	X(DROP_IP_CSUM,		"drop_ip_checksum")			\
	X(DROP_MARTIAN_SRC,	"drop_martian_source")			\
	X(DROP_MARTIAN_DST,	"drop_martian_destination")		\
	X(DROP_BCAST_DST,	"drop_broadcast_destination")		\
	X(DROP_MCAST_DST,	"drop_multicast_destination")		\
	X(DROP_SRCROUTE,	"drop_source_route")			\
	X(DROP_IP_OPTS,		"drop_ip_options_malformed")		\
	X(DROP_L2_BCAST,	"drop_l2_broadcast_unicast_ip")		\
	X(DROP_BLACKHOLE,	"drop_blackhole")			\
	X(DROP_RATELIMIT,	"drop_handoff_ratelimit")		\
	X(DROP_HANDOFF_FAIL,	"drop_handoff_failed")			\
	X(DROP_REDIRECT,	"drop_redirect_failed")			\
	X(DROP_SRC_MAC,		"drop_invalid_source_mac")		\
	X(DROP_SAME_PORT,	"drop_same_port")			\
	X(DROP_LINK_LOCAL,	"drop_link_local_group")			\
	X(DROP_IP6_MAPPED,	"drop_ipv4_mapped_address")		\
	X(DROP_VLAN,		"drop_vlan_not_member")

#define XR_STAT_ENUM(name, str) XR_STAT_##name,
enum xr_stat {
	XR_STAT_LIST(XR_STAT_ENUM)
	XR_STAT_MAX,
};
#undef XR_STAT_ENUM

/* Hand-off reasons are the first counters. */
#define XR_HANDOFF_REASON_MAX	(XR_STAT_HANDOFF_FLOOD + 1)

/* One port's counters on one CPU: a value of the per-CPU `stats` map. */
struct xr_counters {
	__u64 c[XR_STAT_MAX];
};

#endif
