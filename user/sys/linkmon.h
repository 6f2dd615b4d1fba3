/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The link monitor: the kernel's interfaces followed over rtnetlink
 * (RTNLGRP_LINK), kept apart from the router's logic.  It knows nothing
 * about ports: it reports every link it hears of through three callbacks
 * and the daemon (link.c) picks out its own by ifindex.
 */
#ifndef XR_LINKMON_H
#define XR_LINKMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LINKMON_NAMESIZE	16	/* IFNAMSIZ, with its NUL */

/* RFC 2863 operational states, the kernel's IF_OPER_* values (linux/if.h
 * is not included here: it clashes with the <net/if.h> the daemon uses). */
enum linkmon_oper {
	LINKMON_OPER_UNKNOWN,
	LINKMON_OPER_NOTPRESENT,
	LINKMON_OPER_DOWN,
	LINKMON_OPER_LOWERLAYERDOWN,
	LINKMON_OPER_TESTING,
	LINKMON_OPER_DORMANT,
	LINKMON_OPER_UP,
	LINKMON_OPER_MAX,
};

/* What one RTM_NEWLINK said about a link. */
struct linkmon_link {
	uint32_t ifindex;
	uint32_t mtu;			/* 0: not in the message */
	bool up;			/* IFF_UP: administratively up */
	bool lower_up;			/* IFF_LOWER_UP: carrier */
	uint8_t operstate;		/* enum linkmon_oper; UNKNOWN if not said */
	char name[LINKMON_NAMESIZE];	/* "": not in the message */
	bool has_mac;			/* an Ethernet address was in the message */
	uint8_t mac[6];
};

struct linkmon_ops {
	/* A link exists: new, changed, or one entry of a full dump. */
	void (*link_changed)(void *ctx, const struct linkmon_link *l);
	/* A link was deleted, or left this namespace. */
	void (*link_deleted)(void *ctx, uint32_t ifindex);
	/* A full dump ended: present[0..n) (ascending) is every link there is,
	 * so any other the daemon knows of is gone, its deletion unheard. */
	void (*links_synced)(void *ctx, const uint32_t *present, size_t n);
};

struct linkmon;

/* Subscribe, then dump every link once (link_changed each, links_synced).
 * NULL with errno set. */
struct linkmon *linkmon_open(const struct linkmon_ops *ops, void *ctx);
void linkmon_close(struct linkmon *lm);
/* The socket to wait on (readable: call linkmon_read). */
int linkmon_fd(const struct linkmon *lm);
/* Dispatch what is queued, never blocking.  A lost notification (socket
 * overrun) is followed by a full dump.  0 or -errno. */
int linkmon_read(struct linkmon *lm);
/* Dump every link now: link_changed for each, then links_synced.  0 or -errno;
 * links_synced is called only for a complete, uninterrupted dump. */
int linkmon_sync(struct linkmon *lm);

/* One link's state, asked synchronously: 0, -ENODEV, or -errno. */
int linkmon_get(uint32_t ifindex, struct linkmon_link *out);

/* ip link's name of an operational state: "UP", "DOWN", "LOWERLAYERDOWN", ... */
const char *linkmon_oper_name(uint8_t operstate);

/*
 * Parse a buffer of rtnetlink messages as received and call ops for each
 * RTM_NEWLINK / RTM_DELLINK (AF_UNSPEC) in it; malformed messages are
 * skipped, never trusted.  Returns 1 at NLMSG_DONE, 0 when more may follow,
 * -errno for an NLMSG_ERROR or a buffer that is not netlink.  *intr is set
 * when a dump message says the dump was interrupted (NLM_F_DUMP_INTR): the
 * dump is incomplete and must be run again.
 * present, if not NULL, collects the ifindex of every RTM_NEWLINK.
 * Exposed for the unit tests.
 */
struct linkmon_present {
	uint32_t *idx;
	size_t n, cap;
};
int linkmon_parse(const void *buf, size_t len, const struct linkmon_ops *ops, void *ctx,
		  struct linkmon_present *present, bool *intr);

#endif
