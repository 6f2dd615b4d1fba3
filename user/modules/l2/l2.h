/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* What the L2 module's files (fdb.c, vlan.c) share. */
#ifndef XR_L2_H
#define XR_L2_H

#include <stdint.h>

struct cmd_ctx;

/* A VLAN ID, 1 to 4094 (XR_VID_MAX): 0, or -1 with the refusal said. */
int l2_parse_vid(struct cmd_ctx *c, const char *s, uint16_t *vid);

#endif
