// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The VLAN tagging rig of the tests (this kernel has no 802.1Q driver, so a
 * host cannot have an eth0.10): a tc program on a host's veth that makes
 * it an access port of VLAN_VID.  Egress pushes the tag; ingress pops it
 * from frames of VLAN_VID and drops every other frame, tagged or not, as a
 * host on that VLAN would never see them.  Built once per VID the tests
 * use (build/tests/vlan_tag_VID.bpf.o, -DVLAN_VID=VID).
 *
 * The pushed tag is skb metadata (hardware-accelerated VLAN): with the
 * veth's TX VLAN offload on (the default) it reaches the peer as metadata
 * too, where XDP never sees it.  `ethtool -K DEV txvlan off` on the host's
 * veth writes it into the frame: netns-scripts/vlan.sh does.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#ifndef VLAN_VID
#error "build with -DVLAN_VID=N"
#endif

SEC("tc")
int vlan_tag_egress(struct __sk_buff *skb)
{
	if (bpf_skb_vlan_push(skb, bpf_htons(ETH_P_8021Q), VLAN_VID))
		return TC_ACT_SHOT;
	return TC_ACT_OK;
}

/* The receive path moved a tag in the frame into metadata before tc sees it. */
SEC("tc")
int vlan_tag_ingress(struct __sk_buff *skb)
{
	if (!skb->vlan_present || (skb->vlan_tci & 0x0fff) != VLAN_VID)
		return TC_ACT_SHOT;
	if (bpf_skb_vlan_pop(skb))
		return TC_ACT_SHOT;
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
