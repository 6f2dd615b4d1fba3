/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Interface types: `link add DEV` takes a routed port; `link add DEV WORD
 * ...` asks the module that registered WORD ("bridge": a port of a switch;
 * later "vlan": a routed VLAN interface).  link.c parses DEV and hands the
 * rest to the kind, so a new interface type is a module, not an edit of
 * link.c's parser.
 */
#ifndef XR_LINK_KIND_H
#define XR_LINK_KIND_H

#include <stddef.h>
#include <stdint.h>

struct cmd_ctx;
struct router;

/*
 * A kind whose interfaces are not ports (a VLAN interface: an ifid with
 * XR_IFID_VLAN, port.h) answers for them through the optional hooks
 * below; link.c asks each kind in turn for an ifid or name it does not
 * know itself.  Each returns -ENODEV (NULL) for what is not its own.
 */
struct link_kind {
	const char *keyword;	/* the word after DEV */
	/* argv[0] is DEV (a valid name), argv[1] the keyword; validate the
	 * rest before changing anything, as every command handler does. */
	int (*add)(struct cmd_ctx *c, int argc, char **argv);
	/* `link del NAME`: 0, -1 refused (said), -ENODEV not its. */
	int (*del)(struct cmd_ctx *c, const char *name);
	int (*ifid_by_name)(struct router *r, const char *name, uint32_t *ifid);
	const char *(*ifid_name)(struct router *r, uint32_t ifid);
	int (*ifid_info)(struct router *r, uint32_t ifid, uint8_t mac[6], uint16_t *mtu);
	int (*xmit)(struct router *r, uint32_t ifid, const uint8_t *frame, size_t len);
	/* Its row of the fast path's `stats` map (port.h XR_STATS_ROWS). */
	int (*stats_row)(struct router *r, uint32_t ifid, unsigned *row);
	/* Every interface of the kind, for `addr show`. */
	void (*foreach)(struct router *r, void (*fn)(struct router *r, uint32_t ifid, void *ctx),
			void *ctx);
	/* `link show` lines (objects of its JSON array), after the ports. */
	void (*show)(struct router *r);
	struct link_kind *next;
};

/* From a constructor (XR_LINK_KIND), before the daemon starts. */
void link_kind_register(struct link_kind *k);

#define XR_LINK_KIND(k)								\
	__attribute__((constructor)) static void k##_register(void)		\
	{									\
		link_kind_register(&(k));					\
	}

#endif
