// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Packet helpers: internet checksum, IPv4 header validation, address
 * classes.  Pure functions over byte buffers.
 */
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>

#include "pkt.h"

uint32_t pkt_csum_add(uint32_t sum, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	uint64_t s = sum;
	uint16_t w;

	/* Words read in memory order: the sum is byte-order independent. */
	for (; len >= 2; p += 2, len -= 2) {
		memcpy(&w, p, 2);
		s += w;
	}
	if (len) {
		uint8_t last[2] = { *p, 0 };

		memcpy(&w, last, 2);
		s += w;
	}
	while (s >> 32)
		s = (s & 0xffffffffu) + (s >> 32);
	return (uint32_t)s;
}

uint16_t pkt_csum_fold(uint32_t sum)
{
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

uint16_t pkt_csum(const void *buf, size_t len)
{
	return pkt_csum_fold(pkt_csum_add(0, buf, len));
}

uint16_t pkt_csum_l4(__be32 saddr, __be32 daddr, uint8_t proto,
		     const void *seg, size_t len)
{
	uint8_t ph[12];
	__be16 plen = htons((uint16_t)len);
	uint32_t sum;

	memcpy(ph, &saddr, 4);
	memcpy(ph + 4, &daddr, 4);
	ph[8] = 0;
	ph[9] = proto;
	memcpy(ph + 10, &plen, 2);
	sum = pkt_csum_add(0, ph, sizeof(ph));
	return pkt_csum_fold(pkt_csum_add(sum, seg, len));
}

int pkt_ip_check(const void *ip, size_t len)
{
	const pkt_iphdr *ih = ip;
	size_t hlen, tot;

	if (len < sizeof(*ih) || ih->version != 4 || ih->ihl < 5)
		return -EINVAL;
	hlen = pkt_ip_hlen(ih);
	tot = ntohs(ih->tot_len);
	if (hlen > len || tot < hlen || tot > len)
		return -EINVAL;
	if (pkt_csum(ip, hlen) != 0)
		return -EINVAL;
	return (int)hlen;
}

void pkt_ip_set_csum(pkt_iphdr *ih)
{
	ih->check = 0;
	ih->check = pkt_csum(ih, pkt_ip_hlen(ih));
}

bool pkt_ip_is_mcast(__be32 a)
{
	return (ntohl(a) & 0xf0000000u) == 0xe0000000u;
}

bool pkt_ip_is_bcast(__be32 a)
{
	return a == 0xffffffffu;
}

bool pkt_ip_dst_martian(__be32 a)
{
	uint32_t h = ntohl(a);

	return (h >> 24) == 0 || (h >> 24) == 127 || (h >> 16) == 0xa9fe;
}

bool pkt_ip_src_martian(__be32 a)
{
	/* 224/4 and 240/4 (which holds 255.255.255.255) together are >= 224/3 */
	return pkt_ip_dst_martian(a) || (ntohl(a) >> 29) == 7;
}

bool pkt_mac_is_zero(const uint8_t *mac)
{
	static const uint8_t zero[ETH_ALEN];

	return !memcmp(mac, zero, ETH_ALEN);
}

bool pkt_mac_is_bcast(const uint8_t *mac)
{
	static const uint8_t bc[ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

	return !memcmp(mac, bc, ETH_ALEN);
}

/* ---- 802.1Q: the tag after the two MACs ---- */

#define PKT_MACS_LEN	12

size_t pkt_vlan_push(uint8_t *out, size_t cap, const uint8_t *frame, size_t len, uint16_t vid)
{
	if (len < PKT_MACS_LEN || len + (vid ? PKT_VLAN_TAG_LEN : 0) > cap)
		return 0;
	if (!vid) {
		memcpy(out, frame, len);
		return len;
	}
	memcpy(out, frame, PKT_MACS_LEN);
	out[PKT_MACS_LEN] = ETH_P_8021Q >> 8;
	out[PKT_MACS_LEN + 1] = ETH_P_8021Q & 0xff;
	out[PKT_MACS_LEN + 2] = (vid >> 8) & 0x0f;
	out[PKT_MACS_LEN + 3] = vid & 0xff;
	memcpy(out + PKT_MACS_LEN + PKT_VLAN_TAG_LEN, frame + PKT_MACS_LEN, len - PKT_MACS_LEN);
	return len + PKT_VLAN_TAG_LEN;
}

size_t pkt_vlan_pop(uint8_t *out, const uint8_t *frame, size_t len)
{
	if (len < PKT_MACS_LEN + PKT_VLAN_TAG_LEN || frame[PKT_MACS_LEN] != ETH_P_8021Q >> 8 ||
	    frame[PKT_MACS_LEN + 1] != (ETH_P_8021Q & 0xff)) {
		memcpy(out, frame, len);
		return len;
	}
	memcpy(out, frame, PKT_MACS_LEN);
	memcpy(out + PKT_MACS_LEN, frame + PKT_MACS_LEN + PKT_VLAN_TAG_LEN,
	       len - PKT_MACS_LEN - PKT_VLAN_TAG_LEN);
	return len - PKT_VLAN_TAG_LEN;
}
