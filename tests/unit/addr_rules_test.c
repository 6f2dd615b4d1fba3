// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Address rules (modules/core/addr_rules.c), linked without the daemon:
 * the local, connected and broadcast routes an interface address brings,
 * its subnet broadcast, and which addresses may be an interface's or a
 * gateway.
 */
#include <string.h>

#include "addr_rules.h"
#include "check.h"

static struct xr_prefix pfx(const char *s)
{
	struct xr_prefix p = { .len = 0xff };

	xr_prefix_from_str(s, AF_UNSPEC, &p);
	return p;
}

static struct xr_ip ip(const char *s)
{
	struct xr_ip a = { 0 };

	xr_ip_from_str(s, AF_UNSPEC, &a);
	return a;
}

/* Route r is dst (text), of type and proto, on ifid, with no gateway or metric. */
static bool route_is(const struct rib_route *r, const char *dst, uint8_t type, uint8_t proto,
		     uint32_t ifid)
{
	struct xr_prefix want = pfx(dst);
	char buf[XR_PREFIX_STRLEN];

	return xr_ip_eq(&r->dst.addr, &want.addr) && r->dst.len == want.len &&
	       !strcmp(xr_prefix_str(&r->dst, buf), dst) && r->type == type &&
	       r->proto == proto && r->ifid == ifid && !r->gw.af && !r->metric;
}

/* Address a on ifid 7 brings local, then conn and bcast where not NULL, and nothing else. */
static bool routes_are(const char *a, bool shared, const char *local, const char *conn,
		       const char *bcast)
{
	struct xr_prefix p = pfx(a);
	struct rib_route rt[ADDR_ROUTES_MAX];
	unsigned n = addr_routes(&p, 7, shared, rt), i = 1;
	bool ok = n >= 1 && route_is(&rt[0], local, XR_NH_LOCAL, RIB_PROTO_LOCAL, 7);

	if (conn)
		ok = ok && i < n && route_is(&rt[i++], conn, XR_NH_UNICAST, RIB_PROTO_KERNEL, 7);
	if (bcast)
		ok = ok && i < n && route_is(&rt[i++], bcast, XR_NH_BROADCAST, RIB_PROTO_LOCAL, 7);
	return ok && i == n;
}

static void test_routes(void)
{
	static const struct {
		const char *addr;
		bool shared;
		const char *local, *conn, *bcast, *what;
	} c[] = {
		{ "192.0.2.1/24", false, "192.0.2.1/32", "192.0.2.0/24", "192.0.2.255/32",
		  "a /24: local /32, connected /24 (host bits cleared), broadcast /32" },
		{ "192.0.2.1/24", true, "192.0.2.1/32", NULL, NULL,
		  "a second address in a subnet already there brings only its local route" },
		{ "203.0.113.5/30", false, "203.0.113.5/32", "203.0.113.4/30", "203.0.113.7/32",
		  "a /30: connected and broadcast" },
		{ "203.0.113.5/31", false, "203.0.113.5/32", "203.0.113.4/31", NULL,
		  "a /31: connected, no broadcast (RFC 3021)" },
		{ "198.51.100.9/32", false, "198.51.100.9/32", NULL, NULL,
		  "a /32: only the local route" },
		{ "10.0.0.1/0", false, "10.0.0.1/32", "0.0.0.0/0", "255.255.255.255/32",
		  "a /0: the whole space connected, broadcast all ones" },
		{ "2001:db8::1/64", false, "2001:db8::1/128", "2001:db8::/64", NULL,
		  "IPv6 /64: local /128 and connected /64, no broadcast" },
		{ "fe80::ff:fe00:1/64", false, "fe80::ff:fe00:1/128", NULL, NULL,
		  "IPv6 link-local: only the local /128 (fe80::/64 is on every link)" },
	};

	for (unsigned i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		report(routes_are(c[i].addr, c[i].shared, c[i].local, c[i].conn, c[i].bcast),
		       c[i].what);
}

static void test_broadcast(void)
{
	struct xr_prefix a = pfx("10.1.2.3/8");
	struct xr_ip b, want = ip("10.255.255.255");

	report(addr_broadcast(&a, &b) && xr_ip_eq(&b, &want), "10.1.2.3/8 broadcasts to 10.255.255.255");
	a = pfx("10.1.2.3/31");
	report(!addr_broadcast(&a, &b), "a /31 has no broadcast");
	a = pfx("2001:db8::1/64");
	report(!addr_broadcast(&a, &b), "IPv6 has no broadcast");
}

static void test_usable(void)
{
	static const char *const good[] = { "192.0.2.1", "1.0.0.1", "223.255.255.254",
					    "2001:db8::1", "fe80::1" };
	static const char *const bad[] = { "0.0.0.0", "127.0.0.1", "224.0.0.1", "240.0.0.1",
					   "255.255.255.255", "::", "::1", "ff02::1" };
	struct xr_ip a, none = { 0 };
	bool ok = true;

	for (unsigned i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ok = ok && (a = ip(good[i]), addr_usable(&a) && addr_gateway_usable(&a));
	report(ok, "unicast addresses of both families are usable");
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ok = ok && (a = ip(bad[i]), !addr_usable(&a) && !addr_gateway_usable(&a));
	report(ok, "unspecified, loopback, multicast and class E are not");
	a = ip("0.1.2.3");
	report(addr_usable(&a) && !addr_gateway_usable(&a),
	       "0.0.0.0/8 may be an address but never a gateway");
	report(!addr_usable(&none), "an address of no family is not usable");
}

static void test_linklocal(void)
{
	static const char *const ll[] = { "fe80::1", "fe80::ff:fe00:1", "febf::1" };
	static const char *const not_ll[] = { "fec0::1", "2001:db8::1", "ff02::1", "169.254.1.1" };
	struct xr_ip a;
	bool ok = true;

	for (unsigned i = 0; i < sizeof(ll) / sizeof(ll[0]); i++)
		ok = ok && (a = ip(ll[i]), addr_is_linklocal(&a));
	for (unsigned i = 0; i < sizeof(not_ll) / sizeof(not_ll[0]); i++)
		ok = ok && (a = ip(not_ll[i]), !addr_is_linklocal(&a));
	report(ok, "link-local is fe80::/10 and IPv6 only");
}

int main(void)
{
	test_routes();
	test_linklocal();
	test_broadcast();
	test_usable();
	return report_done();
}
