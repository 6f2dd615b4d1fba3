// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * rtnetlink route and nexthop messages as the kernel would send them
 * (rtnl_parse()): any buffer is decoded within its length, and what
 * reaches the route sync has a prefix length its family allows, at most
 * RTNL_NH_MAX next hops and weights in range.
 */
#include <string.h>

#include "fuzz.h"
#include "rtnl.h"

static void route(void *ctx, bool del, const struct rtnl_route *r)
{
	(void)ctx, (void)del;
	FUZZ_CHECK(r->dst.addr.af == AF_INET || r->dst.addr.af == AF_INET6);
	FUZZ_CHECK(r->dst.len <= xr_af_bits(r->dst.addr.af));
	FUZZ_CHECK(r->n_nh <= RTNL_NH_MAX);
	for (unsigned i = 0; i < r->n_nh; i++) {
		FUZZ_CHECK(r->nh[i].weight >= 1 && r->nh[i].weight <= 256);
		FUZZ_CHECK(!r->nh[i].gw.af || r->nh[i].gw.af == r->dst.addr.af);
	}
}

static void nexthop(void *ctx, bool del, const struct rtnl_nexthop *nh)
{
	(void)ctx, (void)del;
	FUZZ_CHECK(nh->n_grp <= RTNL_NH_MAX);
	for (unsigned i = 0; i < nh->n_grp; i++)
		FUZZ_CHECK(nh->grp[i].weight >= 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct rtnl_ops ops = { route, nexthop };
	uint8_t *buf = malloc(size ? size : 1);	/* exactly size: ASan sees overreads */
	bool intr = false;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	rtnl_parse(buf, size, &ops, NULL, &intr);
	free(buf);
	return 0;
}
