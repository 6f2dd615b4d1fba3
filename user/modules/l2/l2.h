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

/* Out of switch port p in VLAN vid, tagged or not as its membership says:
 * 0, -ENODEV if p is not a member, or the send's -errno. */
int vlan_port_send(struct router *r, struct rt_port *p, uint16_t vid, const uint8_t *frame,
		   size_t len);

#endif
