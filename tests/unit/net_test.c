// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* lib/net.c: addresses and prefixes of both families, parsed, printed, matched. */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include "check.h"
#include "net.h"

static void test_parse_print(void)
{
	static const struct { const char *in; int af; const char *out; } ok[] = {
		{ "10.1.2.3", AF_INET, "10.1.2.3" },
		{ "0.0.0.0", AF_INET, "0.0.0.0" },
		{ "2001:db8::1", AF_INET6, "2001:db8::1" },
		{ "2001:0DB8:0:0:0:0:0:1", AF_INET6, "2001:db8::1" },
		{ "::", AF_INET6, "::" },
		{ "::ffff:10.0.0.1", AF_INET6, "::ffff:10.0.0.1" },
	};
	static const char *const bad[] = { "10.1", "010.1.2.3", "1.2.3.256", "", "2001:db8::g",
					   "1.2.3.4 ", "fe80::1%eth0", "2001:db8:::1" };
	char buf[XR_IP_STRLEN], d[96];
	struct xr_ip a;

	for (unsigned i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		snprintf(d, sizeof(d), "\"%s\" parses as family %d and prints as \"%s\"",
			 ok[i].in, ok[i].af, ok[i].out);
		report(!xr_ip_from_str(ok[i].in, AF_UNSPEC, &a) && a.af == ok[i].af &&
		       !strcmp(xr_ip_str(&a, buf), ok[i].out), d);
	}
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(d, sizeof(d), "\"%s\" is refused", bad[i]);
		report(xr_ip_from_str(bad[i], AF_UNSPEC, &a) == -EINVAL, d);
	}
	report(xr_ip_from_str("2001:db8::1", AF_INET, &a) == -EINVAL,
	       "an IPv6 address is refused where IPv4 is wanted");
	report(xr_ip_from_str("10.0.0.1", AF_INET6, &a) == -EINVAL,
	       "an IPv4 address is refused where IPv6 is wanted");
}

static void test_ip4(void)
{
	struct xr_ip a = xr_ip4(0x0a000001), b;

	xr_ip_from_str("10.0.0.1", AF_INET, &b);
	report(xr_ip_eq(&a, &b) && !memcmp(&a, &b, sizeof(a)),
	       "xr_ip4() and the parser make the same bytes, padding included");
	report(xr_ip4_host(&a) == 0x0a000001, "xr_ip4_host() gives back host order");
	report(a.b[0] == 10 && a.b[3] == 1, "IPv4 bytes are in network order");
	report(xr_ip_hash(&a) == xr_ip_hash(&b), "equal addresses hash alike");
}

static void test_prefix4(void)
{
	struct xr_prefix p = xr_prefix4(0x0a010203, 24), q;

	xr_prefix_from_str("10.1.2.3/24", AF_INET, &q);
	report(xr_ip_eq(&p.addr, &q.addr) && p.len == q.len,
	       "xr_prefix4() and the parser make the same prefix, host bits kept");
}

static void test_prefix(void)
{
	char buf[XR_PREFIX_STRLEN];
	struct xr_prefix p, m;
	struct xr_ip a;

	report(!xr_prefix_from_str("10.1.2.3/24", AF_UNSPEC, &p) && p.len == 24 &&
	       xr_prefix_has_host_bits(&p), "10.1.2.3/24 keeps its host bits");
	m = xr_prefix_masked(&p);
	report(!strcmp(xr_prefix_str(&m, buf), "10.1.2.0/24") && !xr_prefix_has_host_bits(&m),
	       "masked to 10.1.2.0/24");
	report(!xr_prefix_from_str("10.1.2.3", AF_UNSPEC, &p) && p.len == 32,
	       "no length: /32 for IPv4");
	report(!xr_prefix_from_str("2001:db8::1", AF_UNSPEC, &p) && p.len == 128,
	       "no length: /128 for IPv6");
	report(xr_prefix_from_str("10.0.0.0/33", AF_UNSPEC, &p) == -ERANGE, "/33 is -ERANGE");
	report(xr_prefix_from_str("10.0.0.0/", AF_UNSPEC, &p) == -ERANGE, "an empty length is -ERANGE");
	report(xr_prefix_from_str("10.0.0.0/-1", AF_UNSPEC, &p) == -ERANGE, "/-1 is -ERANGE");
	report(xr_prefix_from_str("2001:db8::/129", AF_UNSPEC, &p) == -ERANGE, "/129 is -ERANGE");
	report(xr_prefix_from_str("10.0.0/8", AF_UNSPEC, &p) == -EINVAL, "a bad address is -EINVAL");
	report(xr_prefix_from_str("foo/33", AF_INET, &p) == -ERANGE &&
	       xr_prefix_from_str("foo/x", AF_INET, &p) == -ERANGE &&
	       xr_prefix_from_str("foo/24", AF_INET, &p) == -EINVAL,
	       "the length is checked before the address");
	report(xr_prefix_from_str("2001:db8::/24", AF_INET, &p) == -EINVAL &&
	       xr_prefix_from_str("2001:db8::/64", AF_INET, &p) == -ERANGE &&
	       xr_prefix_from_str("2001:db8::/64", AF_INET6, &p) == 0 &&
	       xr_prefix_from_str("10.0.0.0/64", AF_UNSPEC, &p) == -ERANGE,
	       "IPv4 asked for: IPv6 is a bad address, or first a bad length past /32");
	report(!xr_prefix_from_str("2001:db8:1::/48", AF_UNSPEC, &p) &&
	       !xr_ip_from_str("2001:db8:1:ffff::1", AF_UNSPEC, &a) && xr_prefix_contains(&p, &a),
	       "2001:db8:1::/48 holds 2001:db8:1:ffff::1");
	xr_ip_from_str("2001:db8:2::1", AF_UNSPEC, &a);
	report(!xr_prefix_contains(&p, &a), "2001:db8:1::/48 does not hold 2001:db8:2::1");
	xr_prefix_from_str("10.0.0.0/9", AF_UNSPEC, &p);
	xr_ip_from_str("10.127.255.255", AF_UNSPEC, &a);
	report(xr_prefix_contains(&p, &a), "10.0.0.0/9 holds 10.127.255.255");
	xr_ip_from_str("10.128.0.0", AF_UNSPEC, &a);
	report(!xr_prefix_contains(&p, &a), "10.0.0.0/9 does not hold 10.128.0.0");
	xr_prefix_from_str("0.0.0.0/0", AF_UNSPEC, &p);
	xr_ip_from_str("::1", AF_UNSPEC, &a);
	report(!xr_prefix_contains(&p, &a), "0.0.0.0/0 holds no IPv6 address");
	xr_prefix_from_str("2001:db8::1/61", AF_UNSPEC, &p);
	m = xr_prefix_masked(&p);
	report(!strcmp(xr_prefix_str(&m, buf), "2001:db8::/61"), "IPv6 masking at a non-byte length");
}

/* IPv4 is printed by hand: every address must read as inet_ntop() has it. */
static void test_ip4_str(void)
{
	char buf[XR_IP_STRLEN], want[INET_ADDRSTRLEN];
	uint32_t x = 0x12345678;
	bool same = true;

	for (unsigned i = 0; i < 200000 && same; i++) {
		struct xr_ip a = xr_ip4(x);

		struct xr_prefix p = { a, (uint8_t)(i % 129) };
		char pbuf[XR_PREFIX_STRLEN], pwant[XR_PREFIX_STRLEN];

		inet_ntop(AF_INET, a.b, want, sizeof(want));
		same = !strcmp(xr_ip_str(&a, buf), want);
		snprintf(pwant, sizeof(pwant), "%s/%u", want, p.len);
		same = same && !strcmp(xr_prefix_str(&p, pbuf), pwant);
		/* Edges of the digit counts in every byte, then xorshift. */
		x = i < 256 ? i * 0x01010101u : (x ^= x << 13, x ^= x >> 17, x ^ x << 5);
	}
	report(same, "IPv4 addresses print as inet_ntop() prints them, prefixes with /0../128");
}

/* IPv6 too, on addresses with zero runs of every length and place. */
static void test_ip6_str(void)
{
	char buf[XR_IP_STRLEN], want[INET6_ADDRSTRLEN];
	uint64_t x = 0x9e3779b97f4a7c15ull;
	bool same = true;

	for (unsigned i = 0; i < 300000 && same; i++) {
		struct xr_ip a = { .af = AF_INET6 };

		for (unsigned k = 0; k < 8; k++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			/* Words zero half the time, small or 0xffff some of it. */
			a.b[2 * k] = x % 4 ? 0 : (uint8_t)(x >> 8);
			a.b[2 * k + 1] = x % 2 ? 0 : (uint8_t)(x >> 16);
			if (x % 13 == 0)
				a.b[2 * k] = a.b[2 * k + 1] = 0xff;
		}
		if (i % 7 == 0)	/* IPv4-compatible or -mapped shapes */
			memset(a.b, 0, i % 14 ? 10 : 12);
		inet_ntop(AF_INET6, a.b, want, sizeof(want));
		same = !strcmp(xr_ip_str(&a, buf), want);
		if (!same)
			fprintf(stderr, "  %s, want %s\n", buf, want);
	}
	report(same, "IPv6 addresses print as inet_ntop() prints them");
}

int main(void)
{
	test_ip4_str();
	test_ip6_str();
	test_parse_print();
	test_ip4();
	test_prefix4();
	test_prefix();
	return report_done();
}
