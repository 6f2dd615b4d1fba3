/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * An address of either family as map keys and values hold it: the family,
 * then 16 bytes in network order, an IPv4 address in the first 4 and the
 * rest zero, so equal addresses are equal as memory and hash alike.  The
 * layout is user/lib/net.h's struct xr_ip, which user/dp copies in and out.
 */
#ifndef XR_IPADDR_H
#define XR_IPADDR_H

#include <linux/types.h>

/* The socket API's values; the BPF side has no <sys/socket.h>. */
#define XR_AF_INET	2
#define XR_AF_INET6	10

struct xr_ipaddr {
	__u8 af;		/* XR_AF_INET or XR_AF_INET6; 0: none */
	__u8 pad[3];
	union {
		__be32 v4;	/* IPv4: bytes 0..3, and b[4..15] zero */
		__u8 b[16];
	};
};
_Static_assert(sizeof(struct xr_ipaddr) == 20, "xr_ipaddr has no holes");

#endif
