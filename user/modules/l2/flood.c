// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The floods the fast path hands up (include/handoff.h, HANDOFF_FLOOD): a
 * frame of more than one buffer, which the kernel's broadcast redirect
 * cannot clone.  Its copies leave as the devmap broadcast would have sent
 * them: out of every port of the switch but the one a switched frame came
 * in on, and on a VLAN-aware switch only out of the VLAN's members, tagged
 * or not as each membership says.
 */
#include <string.h>
#include <linux/if_ether.h>

#include "handoff.h"
#include "l2.h"
#include "log.h"
#include "pkt.h"
#include "router.h"
#include "slowpath.h"

static void flood_input(struct router *r, const struct xr_handoff *h, uint8_t *frame,
			size_t len)
{
	static uint8_t untagged[ETH_HLEN + PKT_IP_MAXLEN];
	uint16_t bridge = (uint16_t)h->nh_ifid, vid = h->mtu;
	uint32_t skip = h->nh_ifid & XR_HANDOFF_FLOOD_EXCLUDE ? h->ifindex : 0;
	int err;

	/* Tagged with its VLAN: each member port tags it again, or not. */
	if (vid && len <= sizeof(untagged)) {
		len = pkt_vlan_pop(untagged, frame, len);
		frame = untagged;
	}
	err = link_bridge_each(r, bridge, skip, l2_port_send_fn,
			       &(struct l2_frame){ vid, frame, len });
	pr_debug("flood: %zu bytes on switch %u vlan %u: %s\n", len, bridge, vid,
		 err ? strerror(-err) : "sent");
}

static struct slowpath_proto flood_proto = {
	.name = "flood",
	.any_ethertype = true,
	.reasons = SLOWPATH_REASON(HANDOFF_FLOOD),
	.input = flood_input,
};
XR_SLOWPATH_PROTO(flood_proto)
