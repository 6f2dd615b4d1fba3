// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * IPv6 packets from the wire as the daemon reads them: NDP's parser
 * (ndp_parse()), the extension header walk and every ICMPv6 builder the
 * slow path runs on a handed-up packet.  Whatever the bytes, each answers
 * within the packet, and what it writes fits the error bound and carries
 * a right checksum.
 */
#include <errno.h>
#include <string.h>

#include "fuzz.h"
#include "icmp6.h"
#include "ndp.h"

static bool fuzz_csum_ok(const uint8_t *p, int n)
{
	const struct pkt_ip6 *h = (const void *)p;

	return ip6_csum(h->src, h->dst, h->nexthdr, p + 40, (size_t)n - 40) == 0;
}

static void fuzz_builders(const uint8_t *pkt, size_t size)
{
	static const uint8_t src[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	static uint8_t out[ICMP6_ERR_MAX + 9216];
	int n;

	n = icmp6_build_error(out, sizeof(out), pkt, size, ICMP6_TIME_EXCEED, 0, 0, src);
	if (n > 0)
		FUZZ_CHECK(n <= ICMP6_ERR_MAX && fuzz_csum_ok(out, n));
	n = icmp6_echo_reply(out, sizeof(out), pkt, size, NULL);
	if (n > 0)
		FUZZ_CHECK((size_t)n <= size && fuzz_csum_ok(out, n));
	n = icmp6_build_tcp_rst(out, sizeof(out), pkt, size);
	if (n > 0)
		FUZZ_CHECK(n == (int)ICMP6_RST_LEN && fuzz_csum_ok(out, n));
	icmp6_may_error(pkt, size, ICMP6_DEST_UNREACH, 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *pkt = malloc(size ? size : 1);	/* exactly size: ASan sees overreads */
	struct ndp_msg m;
	int err;

	if (!pkt)
		return 0;
	memcpy(pkt, data, size);
	err = ndp_parse(pkt, size, &m);
	FUZZ_CHECK(err == 0 || err == -EINVAL || err == -EPERM || err == -ENOMSG);
	if (!err)
		FUZZ_CHECK(m.type >= NDP_RS && m.type <= NDP_NA);
	fuzz_builders(pkt, size);
	free(pkt);
	return 0;
}
