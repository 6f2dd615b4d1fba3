/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * A fake host and fake resolvers for the neighbour state machine (nsm.h),
 * shared by nsm_test.c and arp_test.c: a fake clock, solicitations
 * recorded per family, a fake fast-path map, transmitted and unreachable
 * packets recorded, one router address per family on ifid 1.
 */
#ifndef XR_TESTS_NSM_FAKE_H
#define XR_TESTS_NSM_FAKE_H

#include <errno.h>
#include <string.h>
#include <arpa/inet.h>

#include "check.h"
#include "nsm.h"

#define NS		1000000000ull
#define MS		1000000ull
#define T0		(1000 * NS)
#define MAPSZ		65536u		/* fake fast-path map slots, power of two */
#define LOGMAX		4096

struct req_rec {
	uint32_t ifid;
	struct xr_ip ip;
	bool unicast;
	uint64_t t;
	int via;		/* family of the resolver that sent it */
};

struct map_slot {
	bool used;
	uint32_t ifid;
	struct xr_ip ip;
	uint8_t mac[ETH_ALEN];
	bool is_static;
};

struct fake {
	uint64_t now;		/* stamped on records */
	unsigned nreq;
	struct req_rec req[LOGMAX];
	struct map_slot map[MAPSZ];
	unsigned map_n, installs, removes;
	unsigned nxmit, nunreach;
	uint8_t xmit_first[LOGMAX];	/* first byte of each packet sent */
	uint8_t xmit_mac[ETH_ALEN];
	uint8_t unreach_first[LOGMAX];
	uint32_t unreach_ifid;
	uint32_t local_ifid;
	struct xr_ip local[2];		/* the router's addresses on local_ifid */
};

static struct fake F;

static const uint8_t mac_a[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0xa };
static const uint8_t mac_b[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0xb };

static inline struct xr_ip v4(uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
	return xr_ip4(HOST4(a, b, c, d));
}

/* 2001:db8::x:y, the IPv6 documentation prefix. */
static inline struct xr_ip v6(uint16_t x, uint16_t y)
{
	struct xr_ip a = { .af = AF_INET6 };

	a.b[0] = 0x20, a.b[1] = 0x01, a.b[2] = 0x0d, a.b[3] = 0xb8;
	a.b[12] = x >> 8, a.b[13] = x & 0xff, a.b[14] = y >> 8, a.b[15] = y & 0xff;
	return a;
}

static inline struct map_slot *map_find(uint32_t ifid, const struct xr_ip *ip, bool add)
{
	uint32_t h = (xr_ip_hash(ip) * 2654435761u + ifid) & (MAPSZ - 1);

	for (;; h = (h + 1) & (MAPSZ - 1)) {
		struct map_slot *s = &F.map[h];

		if (s->used && s->ifid == ifid && xr_ip_eq(&s->ip, ip))
			return s;
		if (!s->used)
			return add ? s : NULL;
	}
}

static inline struct map_slot *map_get(uint32_t ifid, struct xr_ip ip)
{
	return map_find(ifid, &ip, false);
}

static inline void f_record(int via, uint32_t ifid, const struct xr_ip *ip, const uint8_t *dst)
{
	if (F.nreq < LOGMAX)
		F.req[F.nreq] = (struct req_rec){ ifid, *ip, dst != NULL, F.now, via };
	F.nreq++;
}

static inline void f_solicit4(void *ctx, uint32_t ifid, const struct xr_ip *ip,
			      const uint8_t *dst)
{
	(void)ctx;
	f_record(AF_INET, ifid, ip, dst);
}

static inline void f_solicit6(void *ctx, uint32_t ifid, const struct xr_ip *ip,
			      const uint8_t *dst)
{
	(void)ctx;
	f_record(AF_INET6, ifid, ip, dst);
}

static inline int f_install(void *ctx, uint32_t ifid, const struct xr_ip *ip,
		     const uint8_t mac[ETH_ALEN], bool is_static)
{
	struct map_slot *s = map_find(ifid, ip, true);

	(void)ctx;
	if (!s->used)
		F.map_n++;
	s->used = true;
	s->ifid = ifid;
	s->ip = *ip;
	memcpy(s->mac, mac, ETH_ALEN);
	s->is_static = is_static;
	F.installs++;
	return 0;
}

/* Backward-shift deletion keeps the linear probe chains intact. */
static inline void f_remove(void *ctx, uint32_t ifid, const struct xr_ip *ip)
{
	struct map_slot *s = map_find(ifid, ip, false);
	uint32_t i, j;

	(void)ctx;
	F.removes++;
	if (!s)
		return;
	F.map_n--;
	i = (uint32_t)(s - F.map);
	F.map[i].used = false;
	for (j = (i + 1) & (MAPSZ - 1); F.map[j].used; j = (j + 1) & (MAPSZ - 1)) {
		struct map_slot tmp = F.map[j];

		F.map[j].used = false;
		*map_find(tmp.ifid, &tmp.ip, true) = tmp;
	}
}

static inline void f_xmit(void *ctx, uint32_t ifid, const struct xr_ip *ip,
		   const uint8_t mac[ETH_ALEN], const uint8_t *pkt, size_t len)
{
	(void)ctx;
	(void)ifid;
	(void)ip;
	(void)len;
	if (F.nxmit < LOGMAX)
		F.xmit_first[F.nxmit] = pkt[0];
	F.nxmit++;
	memcpy(F.xmit_mac, mac, ETH_ALEN);
}

static inline void f_unreach(void *ctx, uint32_t in_ifid, const uint8_t *pkt, size_t len)
{
	(void)ctx;
	(void)len;
	if (F.nunreach < LOGMAX)
		F.unreach_first[F.nunreach] = pkt[0];
	F.nunreach++;
	F.unreach_ifid = in_ifid;
}

static inline bool f_is_local(void *ctx, uint32_t ifid, const struct xr_ip *ip)
{
	(void)ctx;
	return ifid == F.local_ifid &&
	       (xr_ip_eq(ip, &F.local[0]) || xr_ip_eq(ip, &F.local[1]));
}

static const struct nsm_ops fake_ops = {
	.install = f_install,
	.remove = f_remove,
	.xmit = f_xmit,
	.unreach = f_unreach,
	.is_local = f_is_local,
};

static const struct nsm_resolver fake_resolver4 = { .af = AF_INET, .solicit = f_solicit4 };
static const struct nsm_resolver fake_resolver6 = { .af = AF_INET6, .solicit = f_solicit6 };

/* The fake resolvers replace whatever registered itself (ARP's constructor). */
static inline void fake_register(void)
{
	nsm_resolver_register(&fake_resolver4);
	nsm_resolver_register(&fake_resolver6);
}

static inline struct nsm *fresh(void)
{
	memset(&F, 0, sizeof(F));
	F.local_ifid = 1;
	F.local[0] = v4(10, 0, 0, 1);
	F.local[1] = v6(0, 1);
	return nsm_create(&fake_ops, 0x12345678);
}

/* Tick every 100 ms over [from, to). */
static inline void run(struct nsm *n, uint64_t from, uint64_t to)
{
	for (F.now = from; F.now < to; F.now += 100 * MS)
		nsm_tick(n, F.now);
}

static inline bool has_entry(const struct nsm *n, struct xr_ip ip, enum nsm_state st,
		      const uint8_t *mac)
{
	struct nsm_entry e;

	if (nsm_lookup(n, 1, &ip, &e, F.now))
		return false;
	return e.state == st && (!mac || !memcmp(e.mac, mac, ETH_ALEN));
}

/* Solicitations for ip at least spacing apart. */
static inline bool req_spacing_ok(struct xr_ip ip, uint64_t spacing)
{
	uint64_t last = 0;
	unsigned i;

	for (i = 0; i < F.nreq && i < LOGMAX; i++) {
		if (!xr_ip_eq(&F.req[i].ip, &ip))
			continue;
		if (last && F.req[i].t - last < spacing)
			return false;
		last = F.req[i].t;
	}
	return true;
}

#endif
