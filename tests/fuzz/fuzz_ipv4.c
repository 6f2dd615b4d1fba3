// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * IPv4 packets handed to the daemon, through what it does with them: the
 * header check, then ICMP errors, echo replies, TCP resets and
 * fragmentation built from them.  The first two bytes choose the MTU;
 * every output must be a valid IPv4 packet within its bounds.
 */
#include <string.h>
#include <arpa/inet.h>

#include "frag.h"
#include "fuzz.h"
#include "icmp.h"
#include "pkt.h"

#define FUZZ_OUT	2048

static int frag_check(void *ctx, uint8_t *frag, size_t len)
{
	unsigned mtu = *(unsigned *)ctx;

	FUZZ_CHECK(len <= mtu);
	FUZZ_CHECK(pkt_ip_check(frag, len) > 0);
	return 0;
}

static void built_check(int n, const uint8_t *out)
{
	if (n > 0)
		FUZZ_CHECK(pkt_ip_check(out, (size_t)n) > 0);
}

/* Mutations would almost never keep the header checksum: set it, so they
 * explore what lies behind the check. */
static void fix_csum(uint8_t *ip, size_t len)
{
	size_t hl = (size_t)(ip[0] & 0x0f) * 4;

	if (len < 20 || hl < 20 || hl > len)
		return;
	pkt_ip_set_csum((pkt_iphdr *)ip);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t out[FUZZ_OUT];
	unsigned mtu;
	uint8_t *ip;
	size_t len;

	if (size < 2)
		return 0;
	mtu = 68 + (data[0] << 8 | data[1]) % 9000;
	len = size - 2;
	ip = malloc(len ? len : 1);
	if (!ip)
		return 0;
	memcpy(ip, data + 2, len);
	fix_csum(ip, len);
	if (pkt_ip_check(ip, len) > 0) {
		built_check(icmp_build_error(out, sizeof(out), ip, len, 11, 0, 0,
					     htonl(0xc0000201), 1), out);
		built_check(icmp_build_error(out, sizeof(out), ip, len, 3, 4, mtu,
					     htonl(0xc0000201), 2), out);
		built_check(icmp_build_echo_reply(out, sizeof(out), ip, len, 0, 3), out);
		built_check(icmp_build_tcp_rst(out, sizeof(out), ip, len, 4), out);
		frag_split(ip, len, mtu, 14, frag_check, &mtu);
	}
	free(ip);
	return 0;
}
