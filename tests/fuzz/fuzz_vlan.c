// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * 802.1Q tags of frames handed up by a VLAN interface (pkt_vlan_pop(), in
 * the slow path) and of frames it sends (pkt_vlan_push()): whatever the
 * bytes, both stay within their buffers, and a pushed tag pops back to the
 * same frame.  The first two bytes choose the VID.
 */
#include <string.h>

#include "fuzz.h"
#include "pkt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *frame, *tagged, *back;
	uint16_t vid;
	size_t n, m;

	if (size < 2)
		return 0;
	vid = (uint16_t)((data[0] << 8 | data[1]) & 0x0fff);
	data += 2;
	size -= 2;
	/* Exactly sized: ASan sees any overread or overflow. */
	frame = malloc(size ? size : 1);
	tagged = malloc(size + PKT_VLAN_TAG_LEN);
	back = malloc(size + PKT_VLAN_TAG_LEN);
	if (!frame || !tagged || !back)
		goto out;
	memcpy(frame, data, size);
	n = pkt_vlan_pop(back, frame, size);
	FUZZ_CHECK(n == size || n == size - PKT_VLAN_TAG_LEN);
	n = pkt_vlan_push(tagged, size + PKT_VLAN_TAG_LEN, frame, size, vid);
	if (size < 12) {
		FUZZ_CHECK(n == 0);
		goto out;
	}
	FUZZ_CHECK(n == size + (vid ? PKT_VLAN_TAG_LEN : 0));
	if (vid) {
		m = pkt_vlan_pop(back, tagged, n);
		FUZZ_CHECK(m == size && !memcmp(back, frame, size));
	}
out:
	free(frame);
	free(tagged);
	free(back);
	return 0;
}
