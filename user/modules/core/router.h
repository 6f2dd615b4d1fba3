/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The modules' shared state: what the router owns (ports, switches,
 * addresses) and the tables they drive (datapath, RIB, neighbour table).  One router per process, core.c's; the framework passes it
 * to every hook and handler (struct cmd_ctx) without looking inside.
 */
#ifndef XR_ROUTER_H
#define XR_ROUTER_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <linux/types.h>

#include "clock.h"
#include "net.h"
#include "port.h"

struct dp;
struct rib;
struct nsm;
struct xr_ip;
struct linkmon;

struct rt_port {
	bool used;
	uint32_t ifindex;
	char name[IF_NAMESIZE];
	uint8_t mac[6];
	uint16_t mtu;
	uint16_t slot;		/* index in ports[], counters slot */
	uint16_t bridge;	/* switch id, 0 for a routed port */
	uint32_t xdp_flags;	/* mode it is attached in */
	int tx_fd;		/* pktio socket, -1 if none */
	/* Link state as the kernel last reported it (linkmon.h): what `link
	 * show` prints and what withdrawing routes of a down port will read. */
	bool admin_up;		/* IFF_UP */
	bool carrier;		/* IFF_LOWER_UP */
	uint8_t operstate;	/* enum linkmon_oper (RFC 2863) */
};

struct rt_bridge {
	bool used;
	char name[IF_NAMESIZE];
	uint8_t mac[6];		/* router MAC once it has an address */
	uint16_t mtu;
	uint32_t ageing_s;
};

struct rt_addr {
	uint32_t ifid;
	struct xr_prefix pfx;	/* the address (host bits kept) and its subnet's length */
	uint8_t flags;		/* RT_ADDR_* */
};

#define RT_ADDR_AUTO	0x01	/* derived by the router (IPv6 link-local), not saved */

#define RT_ADDR_MAX	1024u

struct router {
	struct dp *dp;
	struct rib *rib;
	struct nsm *neigh;
	struct rt_port ports[XR_MAX_PORTS];		/* by slot */
	struct rt_bridge bridges[XR_MAX_BRIDGES];	/* by id; 0 unused */
	struct rt_addr addrs[RT_ADDR_MAX];
	unsigned n_addrs;
	struct timespec started;
	bool adopted;		/* started on a previous daemon's fast path */
	struct linkmon *linkmon;	/* kernel link changes, NULL if not followed */
};

/* Module order (module.h): start-up, and the order objects are saved in,
 * so a saved line only names objects saved above it. */
enum router_module_order {
	ROUTER_ORDER_CORE = 0,
	ROUTER_ORDER_LINK = 10,
	ROUTER_ORDER_VLAN = 12,
	ROUTER_ORDER_KADDR = 15,
	ROUTER_ORDER_ADDR = 20,
	ROUTER_ORDER_ROUTE = 30,
	ROUTER_ORDER_ROUTE_DOWN = 31,
	ROUTER_ORDER_KSYNC = 35,
	ROUTER_ORDER_NEIGH = 40,
	ROUTER_ORDER_SLOWPATH = 50,
	ROUTER_ORDER_IP4 = 55,
	ROUTER_ORDER_IP6 = 56,
	ROUTER_ORDER_FDB = 60,
	ROUTER_ORDER_STATS = 70,
};

/* ---- link.c: ports and switches ---- */
struct rt_port *link_port_by_name(struct router *r, const char *name);
struct rt_port *link_port_by_ifindex(struct router *r, uint32_t ifindex);
/* An L3 interface by name: a routed port or a switch.  -ENODEV / -EINVAL (switch port). */
int link_ifid_by_name(struct router *r, const char *name, uint32_t *ifid);
/* `dev DEV` of a command that wants an L3 interface: 0, or -1 with the
 * refusal said (unknown, or a switch's port: one wording for every object). */
struct cmd_ctx;
int link_cmd_l3_dev(struct cmd_ctx *c, const char *dev, uint32_t *ifid);
/* Name of an L3 interface, "?" if gone. */
const char *link_ifid_name(struct router *r, uint32_t ifid);
/* Router MAC and MTU of an L3 interface: 0 or -ENODEV. */
int link_ifid_info(struct router *r, uint32_t ifid, uint8_t mac[6], uint16_t *mtu);
/* The row of the fast path's `stats` map counting ifid's frames: a port's slot, a VLAN interface's own. */
int link_ifid_stats_row(struct router *r, uint32_t ifid, unsigned *row);
/* The L3 interface a frame arriving on this port belongs to. */
uint32_t link_port_ifid(const struct rt_port *p);
/* Send an Ethernet frame out of an L3 interface (a switch: by FDB, else flood). */
int link_xmit(struct router *r, uint32_t ifid, const uint8_t *frame, size_t len);
/* Send a frame out of one port as it is. */
int link_port_send(struct rt_port *p, const uint8_t *frame, size_t len);
/* fn(r, port, ctx) for every port of switch id but ifindex skip (0: none);
 * 0 if fn returned 0 for any of them, else -ENODEV or the last error. */
int link_bridge_each(struct router *r, uint16_t id, uint32_t skip,
		     int (*fn)(struct router *r, struct rt_port *p, void *ctx), void *ctx);
/* Every L3 interface (routed port, switch, then the kinds' own): fn(r, ifid, ctx). */
void link_foreach_l3(struct router *r, void (*fn)(struct router *r, uint32_t ifid, void *ctx),
		     void *ctx);
/* ip link's flags of a port, <UP,LOWER_UP>, printed (text and JSON "flags"). */
void link_show_flags(const struct rt_port *p);
int link_bridge_by_name(struct router *r, const char *name);
unsigned link_count(const struct router *r);
/* Can the port carry traffic: up, with carrier, operationally UP (or UNKNOWN)? */
bool link_port_is_up(const struct rt_port *p);
/* Would a saved line hold the name as one word?  Warns when not. */
bool link_name_savable(const char *name);

/* ---- addr.c ---- */
/* The router's first address on ifid, NULL if none. */
const struct xr_ip *addr_on_ifid(const struct router *r, uint32_t ifid);
/* Is ip a router address on ifid? (ifid 0: on any) */
bool addr_is_local(const struct router *r, uint32_t ifid, const struct xr_ip *ip);
/* The router's first address of af on ifid, a link-local one only if no other. */
const struct xr_ip *addr_on_ifid_af(const struct router *r, uint32_t ifid, int af);
/* The address on ifid whose subnet holds ip, else its first of ip's family; NULL if none. */
const struct xr_ip *addr_src_for(const struct router *r, uint32_t ifid, const struct xr_ip *ip);
/*
 * An address the router derives itself (RT_ADDR_AUTO: an IPv6 link-local),
 * with its routes and XR_EV_ADDR_ADD as `addr add` would: 0, -EEXIST,
 * -ENOSPC or the RIB's error.  Del: -ENOENT unless such an entry exists.
 */
int addr_auto_add(struct router *r, uint32_t ifid, const struct xr_prefix *pfx);
int addr_auto_del(struct router *r, uint32_t ifid, const struct xr_prefix *pfx);

/* ---- route.c ---- */
/* A static route as its saved `route add` line (print_begin() is the
 * caller's); other routes print nothing.  Always 0 (a rib_foreach fn). */
struct rib_route;
int route_save_one(const struct rib_route *rt, void *r);

/* ---- neigh.c ---- */
const char *neigh_state_name(struct router *r, uint32_t ifid, const struct xr_ip *ip,
			     uint8_t mac[6], bool *has_mac);

/* ---- slowpath.c ---- */
/* Neighbour state machine callbacks (struct nsm_ops). */
void slowpath_neigh_xmit(void *ctx, uint32_t ifid, const struct xr_ip *ip,
			 const uint8_t mac[6], const uint8_t *pkt, size_t len);
void slowpath_neigh_unreach(void *ctx, uint32_t in_ifid, const uint8_t *pkt, size_t len);

#endif
