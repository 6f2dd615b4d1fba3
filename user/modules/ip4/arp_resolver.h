/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * ARP as the IPv4 resolver of the neighbour state machine (nsm.h): it
 * registers itself for AF_INET, sends the requests the machine asks for,
 * and turns what the wire says into confirmations and learned entries.
 */
#ifndef XR_ARP_RESOLVER_H
#define XR_ARP_RESOLVER_H

#include "arp.h"
#include "nsm.h"

/*
 * A received ARP message on ifid: learn, update, resolve.  Returns 1 when
 * it is a request for a router address on ifid (the caller replies with
 * arp_build_reply()), 0 otherwise.
 */
int arp_input(struct nsm *n, uint32_t ifid, const struct arp_msg *m, uint64_t now);

#endif
