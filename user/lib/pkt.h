/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Packet helpers shared by the daemon's ARP, ICMP and fragmentation code:
 * the header structs, the internet checksum, IPv4 header validation and the
 * address classes (martian, multicast, broadcast) the RFCs name.
 *
 * Include order matters with these UAPI headers: <net/if.h> and
 * <netinet/in.h> come first so the kernel's libc-compat hides its own
 * copies, and callers can include the glibc headers before or after this
 * one.  Do not mix with <netinet/ip.h> or <netinet/ip_icmp.h> (they
 * define struct iphdr and icmphdr again).
 */
#ifndef XR_PKT_H
#define XR_PKT_H

#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/if_ether.h>
#include <linux/if_arp.h>
#include <linux/ip.h>
#include <linux/icmp.h>
#include <linux/udp.h>
#include <linux/tcp.h>

/* frag_off bits, host order after ntohs() */
#define PKT_IP_DF		0x4000
#define PKT_IP_MF		0x2000
#define PKT_IP_OFFMASK		0x1fff

/*
 * The headers as they sit in a frame: the IP header follows the 14-byte
 * Ethernet header, 2 bytes off the 4-byte alignment struct iphdr, tcphdr
 * and icmphdr assume, so every header in a frame buffer is reached through
 * these alignment-1 views (GCC and clang lower the alignment of a typedef;
 * UBSan checks accesses against it).
 */
typedef struct iphdr pkt_iphdr __attribute__((aligned(1)));
typedef struct icmphdr pkt_icmphdr __attribute__((aligned(1)));
typedef struct tcphdr pkt_tcphdr __attribute__((aligned(1)));

#define PKT_IP_MIN_MTU		68	/* RFC 791: every host takes 68 bytes unfragmented */
#define PKT_IP_MAXLEN		65535

/* The body of an ARP message for Ethernet and IPv4 (RFC 826). */
struct pkt_arp {
	struct arphdr hdr;
	uint8_t sha[ETH_ALEN];
	__be32 spa;
	uint8_t tha[ETH_ALEN];
	__be32 tpa;
} __attribute__((packed));
_Static_assert(sizeof(struct pkt_arp) == 28, "pkt_arp is 28 bytes on the wire");

#define PKT_ARP_FRAME_LEN	(ETH_HLEN + sizeof(struct pkt_arp))	/* 42 */

/*
 * Internet checksum (RFC 1071).  pkt_csum_add() sums bytes as 16-bit words
 * in memory order; pkt_csum_fold() folds and complements: the result is
 * stored into the packet as is (no htons).  A buffer whose checksum field
 * is right sums to 0 through pkt_csum().
 */
uint32_t pkt_csum_add(uint32_t sum, const void *buf, size_t len);
uint16_t pkt_csum_fold(uint32_t sum);
uint16_t pkt_csum(const void *buf, size_t len);
/* TCP/UDP checksum over the IPv4 pseudo header and seg[0..len). */
uint16_t pkt_csum_l4(__be32 saddr, __be32 daddr, uint8_t proto,
		     const void *seg, size_t len);

/*
 * Validate an IPv4 header at ip[0..len): version 4, IHL >= 5, header inside
 * len, total length between header length and len, checksum correct.
 * Returns the header length in bytes, or -EINVAL.
 */
int pkt_ip_check(const void *ip, size_t len);
/* Header length in bytes, from IHL (no checks). */
static inline size_t pkt_ip_hlen(const pkt_iphdr *ih)
{
	return (size_t)ih->ihl * 4;
}
/* Recompute ih->check over the header (after any change to it). */
void pkt_ip_set_csum(pkt_iphdr *ih);

/* Address classes; addresses in network order. */
bool pkt_ip_is_mcast(__be32 a);		/* 224/4 */
bool pkt_ip_is_bcast(__be32 a);		/* 255.255.255.255 */
/* SPEC's martian sources: 0/8, 127/8, 169.254/16, 224/4, 240/4, 255.255.255.255 */
bool pkt_ip_src_martian(__be32 a);
/* SPEC's martian destinations: 0/8, 127/8, 169.254/16 */
bool pkt_ip_dst_martian(__be32 a);

/* Group bit set: multicast or broadcast. */
static inline bool pkt_mac_is_mcast(const uint8_t *mac)
{
	return mac[0] & 1;
}
bool pkt_mac_is_zero(const uint8_t *mac);

/* ---- 802.1Q ---- */
#define PKT_VLAN_TAG_LEN	4
/*
 * frame (len bytes, at least the two MACs) with an 802.1Q tag for vid
 * (PCP 0) behind its MACs, or as it is for vid 0, into out (cap bytes):
 * the new length, 0 if it does not fit or the frame is shorter.
 */
size_t pkt_vlan_push(uint8_t *out, size_t cap, const uint8_t *frame, size_t len, uint16_t vid);
/*
 * The frame without its 802.1Q tag into out (at least len bytes): the
 * new length, or len with the frame copied as it is when it has no tag.
 */
size_t pkt_vlan_pop(uint8_t *out, const uint8_t *frame, size_t len);
bool pkt_mac_is_bcast(const uint8_t *mac);

#endif
