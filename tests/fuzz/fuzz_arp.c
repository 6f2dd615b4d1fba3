// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * ARP frames from the wire (arp_parse()): whatever the bytes, the parser
 * answers within the frame, and what it accepts has a unicast sender.
 */
#include <errno.h>
#include <string.h>

#include "arp.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arp_msg m;
	uint8_t *frame = malloc(size ? size : 1);	/* exactly size: ASan sees overreads */
	int err;

	if (!frame)
		return 0;
	memcpy(frame, data, size);
	err = arp_parse(frame, size, &m);
	FUZZ_CHECK(err == 0 || err == -EINVAL || err == -EPERM);
	if (!err)
		FUZZ_CHECK(!(m.sha[0] & 1));
	free(frame);
	return 0;
}
