// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * rtnetlink link messages as the kernel would send them (linkmon_parse()):
 * any buffer is parsed within its length, and what reaches the daemon is
 * a link with a terminated name and a known operational state.
 */
#include <string.h>

#include "fuzz.h"
#include "linkmon.h"

static void changed(void *ctx, const struct linkmon_link *l)
{
	(void)ctx;
	FUZZ_CHECK(memchr(l->name, '\0', sizeof(l->name)) != NULL);
	FUZZ_CHECK(l->operstate < LINKMON_OPER_MAX);
}

static void deleted(void *ctx, uint32_t ifindex)
{
	(void)ctx, (void)ifindex;
}

static void synced(void *ctx, const uint32_t *present, size_t n)
{
	(void)ctx, (void)present, (void)n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct linkmon_ops ops = { changed, deleted, synced };
	struct linkmon_present present = { 0 };
	uint8_t *buf = malloc(size ? size : 1);	/* exactly size: ASan sees overreads */
	bool intr = false;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	linkmon_parse(buf, size, &ops, NULL, &present, &intr);
	free(present.idx);
	free(buf);
	return 0;
}
