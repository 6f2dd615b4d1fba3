/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* What the L2 module's files (fdb.c, vlan.c) share. */
#ifndef XR_L2_H
#define XR_L2_H

#include <stdint.h>

#include <stddef.h>

struct cmd_ctx;
struct router;
struct rt_port;

/* A VLAN ID, 1 to 4094 (XR_VID_MAX): 0, or -1 with the refusal said. */
int l2_parse_vid(struct cmd_ctx *c, const char *s, uint16_t *vid);

/* A frame of a switch's VLAN vid (0: the VLAN-unaware switch), to send. */
struct l2_frame {
	uint16_t vid;
	const uint8_t *frame;
	size_t len;
};

/* link_bridge_each()'s fn: ctx (struct l2_frame) out of switch port p, in
 * its VLAN tagged or not as p's membership says; -ENODEV if not a member. */
int l2_port_send_fn(struct router *r, struct rt_port *p, void *ctx);

#endif
