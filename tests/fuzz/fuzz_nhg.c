// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * ECMP groups (user/dp/nhgroup.c) under member lists from outside: kernel
 * multipath routes and nexthop groups (ksync) and `route add ... nexthop`
 * lines reach nhg_get() with any count, weights, duplicates and families.
 * Each input is a list of operations (get a group of the members the next
 * bytes describe, drop one, a port down or up, a gateway's MAC learned or
 * gone); after each, every group's row must hold only its live members,
 * in every bucket when any is live, each bucket's copy of one generation,
 * and nothing may leak when the last reference goes.
 */
#include <string.h>
#include <sys/socket.h>

#include "fuzz.h"
#include "nexthop.h"
#include "nhgroup.h"

#define FUZZ_HELD	16
#define FUZZ_OPS	24	/* per input: 20,000 inputs in a few seconds */
#define FUZZ_PORTS	5

/* Made once: every input leaves them as it found them (checked), empty. */
static struct xr_nexthop *slots;
static struct xr_nhg *tables;
static struct xr_ecmp_key key;
static struct nh_table *nh;
static struct nhg_table *g;

/*
 * A row's buckets as the fast path reads them (fib.h xr_nhg_rec): each a
 * generation, the egress of the member it names, and a MAC word that is 0
 * or of that generation.
 */
static void check_row(uint32_t h)
{
	uint32_t id = nhg_slot(g, h);
	const struct xr_nhg *x = id >= XR_NH_GROUP_BASE ? &tables[id - XR_NH_GROUP_BASE] : NULL;

	FUZZ_CHECK(x != NULL && slots[id].type == XR_NH_GROUP && slots[id].ifid == h);
	for (uint32_t b = 0; x && b < XR_NHG_BUCKETS; b++) {
		const struct xr_nhg_rec *r = &x->rec[b];

		FUZZ_CHECK(r->m.gen != 0);
		FUZZ_CHECK(!r->m.id || r->m.ifid == slots[r->m.id].ifid);
		FUZZ_CHECK(!r->l2.word || r->l2.pad == r->m.gen);
	}
}

/* The group's table names only members whose port is up. */
static void check_group(const struct nhg_table *g, uint32_t h)
{
	struct nhg_member m[XR_ECMP_MAX];
	unsigned n, live = 0;
	int picked;

	if (nhg_members(g, h, m, &n))
		return;
	for (unsigned i = 0; i < n; i++)
		live += nhg_member_live(g, h, i);
	FUZZ_CHECK(live == nhg_live(g, h));
	for (uint32_t b = 0; b < XR_NHG_BUCKETS; b++) {
		picked = nhg_pick(g, h, b);
		FUZZ_CHECK(live ? picked >= 0 && nhg_member_live(g, h, (unsigned)picked) : picked < 0);
	}
	check_row(h);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nhg_member m[XR_ECMP_MAX + 2];
	uint32_t held[FUZZ_HELD], h;
	unsigned nheld = 0, n, ops = 0;
	size_t i = 0;

	if (!g) {
		slots = calloc(XR_NH_MAX, sizeof(*slots));
		tables = calloc(XR_NHG_MAX, sizeof(*tables));
		nh = slots ? nh_new(slots) : NULL;
		g = nh && tables ? nhg_new(tables, &key, slots, nh, false) : NULL;
		if (!g)
			abort();
	}
	while (i < size && ops++ < FUZZ_OPS) {
		uint8_t op = data[i++];

		switch (op % 4) {
		case 0:		/* a group: count, then (gw byte, port, weight) each */
			n = i < size ? data[i++] % (XR_ECMP_MAX + 2) : 0;
			for (unsigned k = 0; k < n; k++, i += 3) {
				uint8_t gb = i < size ? data[i] : 0, port = i + 1 < size ? data[i + 1] : 0;
				uint16_t w = i + 2 < size ? data[i + 2] : 1;

				m[k] = (struct nhg_member){ .gw = xr_ip4(0x0a000000u | gb),
							    .ifid = port % FUZZ_PORTS, .weight = w + (op >> 7) };
				if (op & 0x40)
					m[k].gw.af = AF_INET6;
			}
			if (nheld < FUZZ_HELD && !nhg_get(g, AF_INET, m, n, &h))
				held[nheld++] = h;
			break;
		case 1:		/* drop a reference */
			if (nheld) {
				n = (op >> 2) % nheld;
				nhg_put(g, held[n]);
				held[n] = held[--nheld];
			}
			break;
		default:
			if (op & 0x80) {	/* a gateway's MAC learned (3) or gone (2) */
				struct xr_ip gw = xr_ip4(0x0a000000u | (i < size ? data[i++] : 0));
				const uint8_t mac[6] = { 2, 0, 0, 0, 0, op };

				nh_l2_set(nh, (op >> 2) % FUZZ_PORTS, &gw, op % 4 == 3 ? mac : NULL);
				break;
			}
			/* a port down (2) or up (3) */
			nhg_link_set(g, (op >> 2) % FUZZ_PORTS, op % 4 == 3);
			break;
		}
		if (nheld)	/* one group after each op, all of them at the end */
			check_group(g, held[ops % nheld]);
	}
	for (unsigned k = 0; k < nheld; k++)
		check_group(g, held[k]);
	while (nheld)
		nhg_put(g, held[--nheld]);
	FUZZ_CHECK(nhg_used(g) == 0 && nh_used(nh) == 0);
	for (unsigned p = 0; p < FUZZ_PORTS; p++)
		nhg_link_set(g, p, true);
	return 0;
}
