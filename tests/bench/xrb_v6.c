// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xrb_v6: the IPv6 forwarding table under load, in process (dp.h + rib.h,
 * no daemon), and the generator of an Internet-like IPv6 table.
 *
 *   xrb_v6 table N [SEED]
 *       N distinct prefixes, one "PREFIX/LEN" per line, with the mix of
 *       the IPv6 default-free zone: mean length ~43, ~46% /48, most of the
 *       rest /29../47 (/32 the next most common), a few /49../64 and
 *       longer.  Prefixes longer than /32 sit mostly inside a pool of
 *       allocations (/29, /32) picked with a skew, as an ISP's /48s sit
 *       inside its /32; the rest lie under the RIRs' blocks of 2000::/3.
 *   xrb_v6 fib N...
 *       In a private network namespace with two veth ports, for each N: a
 *       fresh datapath, N generated prefixes loaded through rib_add()
 *       (timed), the IPv6 FIB's nodes and map memory, the C lookup's
 *       latency over the table, and the XDP program's cost per routed
 *       frame (BPF_PROG_TEST_RUN, one run per call as xrb_dut does) for
 *       IPv6 toward XRB6_NDST destinations drawn from the table,
 *       interleaved with IPv4 toward as many destinations over 10,000
 *       IPv4 prefixes, and the timer's floor.  Prints "key value" lines.
 *       The table is the DXR one unless XRB6_TRIE=1 (then the keys read
 *       v6_N_trie_...).  XRB6_NODES: IPv6 FIB size in 1 KiB nodes.
 *   xrb_v6 load N IN GENMAC OUT SINKMAC DSTFILE
 *       attach xrouter to IN (2001:db8:1::/64) and OUT (2001:db8:2::/64,
 *       gateways 2001:db8:2::1..16 all at SINKMAC) in this namespace, load
 *       the N prefixes `table N` prints, each via gateway (line - 1) % 16
 *       + 1, write XRB6_NDST destinations drawn from them to DSTFILE, and
 *       exit with the program attached: the live IPv6 rate (run.sh).
 */
#include <net/if.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bench.h"
#include "dp.h"
#include "fib6.h"
#include "fib6dxr.h"
#include "neighmap.h"
#include "rib.h"

#define XRB6_NDST	4096
#define XRB6_NGW	16
#define XRB6_ROUNDS	5
#define XRB6_NODES	(1u << 19)	/* trie: 512 MiB, room for 500k Internet prefixes */
#define XRB6_DXR_NODES	(1u << 15)	/* DXR: 32 MiB of ranges */

/* ---- the table ---- */

/* Prefixes per 10,000 by length: the shape of the 2025 IPv6 DFZ. */
static const unsigned mix6[129] = {
	[19] = 2, [20] = 8, [22] = 5, [24] = 12, [26] = 4, [28] = 30,
	[29] = 420, [30] = 40, [31] = 30, [32] = 1250, [33] = 130, [34] = 120,
	[35] = 60, [36] = 260, [37] = 40, [38] = 90, [39] = 40, [40] = 580,
	[41] = 50, [42] = 130, [43] = 50, [44] = 750, [45] = 70, [46] = 230,
	[47] = 180, [48] = 4000, [52] = 30, [56] = 90, [60] = 10, [64] = 90,
	[96] = 2, [112] = 4, [126] = 3, [127] = 1, [128] = 10,
};

struct p6 {
	uint8_t b[16];
	uint8_t len;
};

static uint64_t rng_state = 0x5eed6;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static unsigned mix6_len(void)
{
	unsigned total = 0, r, len;

	for (len = 0; len <= 128; len++)
		total += mix6[len];
	r = rng() % total;
	for (len = 0; len < 128 && r >= mix6[len]; len++)
		r -= mix6[len];
	return len;
}

static void p6_mask(uint8_t *b, unsigned len)
{
	unsigned i;

	for (i = 0; i < 16; i++)
		if (len < 8 * (i + 1))
			b[i] &= len > 8 * i ? (uint8_t)(0xff << (8 - (len - 8 * i))) : 0;
}

/* Random bits from bit `from` on, the first from bits kept. */
static void p6_fill(uint8_t *b, unsigned from)
{
	uint64_t r[2] = { rng(), rng() };
	uint8_t x[16];
	unsigned i;

	memcpy(x, r, 16);
	for (i = 0; i < 16; i++) {
		uint8_t keep = from >= 8 * (i + 1) ? 0xff :
			       from > 8 * i ? (uint8_t)(0xff << (8 - (from - 8 * i))) : 0;

		b[i] = (b[i] & keep) | (x[i] & ~keep);
	}
}

/* Under one of the RIRs' unicast blocks (2001::/16, 2400::/12, ...). */
static void p6_rir(uint8_t *b)
{
	static const uint8_t blocks[][2] = {
		{ 0x20, 0x01 }, { 0x24, 0x00 }, { 0x26, 0x00 }, { 0x28, 0x00 },
		{ 0x2a, 0x00 }, { 0x2c, 0x00 }, { 0x2a, 0x10 }, { 0x24, 0x10 },
	};
	unsigned k = rng() % (sizeof(blocks) / sizeof(blocks[0]));

	p6_fill(b, 0);
	b[0] = blocks[k][0];
	b[1] = k == 0 ? 0x01 : (blocks[k][1] | (b[1] & 0x0f));
}

/* Allocations (/29 or /32) that longer prefixes are announced from. */
static struct p6 *pool;
static size_t npool;

static void pool_make(size_t n)
{
	size_t i;

	npool = n / 12 + 16;
	pool = calloc(npool, sizeof(*pool));
	for (i = 0; pool && i < npool; i++) {
		p6_rir(pool[i].b);
		pool[i].len = rng() % 5 ? 32 : 29;
		p6_mask(pool[i].b, pool[i].len);
	}
}

/* A skewed pick: a few allocations hold many prefixes, most a few. */
static const struct p6 *pool_pick(void)
{
	uint64_t r = rng() % npool;

	return &pool[(r * r) / npool];
}

static uint64_t p6_key_hash(const struct p6 *p)
{
	uint64_t h = 1469598103934665603ull ^ p->len;
	unsigned i;

	for (i = 0; i < 16; i++)
		h = (h ^ p->b[i]) * 1099511628211ull;
	return h | 1;
}

static void p6_make_one(struct p6 *p)
{
	const struct p6 *a;

	p->len = mix6_len();
	if (p->len > 29 && rng() % 10 < 8) {
		a = pool_pick();
		memcpy(p->b, a->b, 16);
		p6_fill(p->b, a->len < p->len ? a->len : p->len);
	} else {
		p6_rir(p->b);
	}
	p6_mask(p->b, p->len);
}

/* n distinct prefixes; a hash of their keys keeps them distinct. */
static struct p6 *p6_table(size_t n)
{
	uint64_t size = 1024, *set, h;
	struct p6 *t = calloc(n ? n : 1, sizeof(*t));
	size_t i = 0;

	while (size < 2 * n)
		size *= 2;
	set = calloc(size, sizeof(*set));
	pool_make(n);
	if (!t || !set || !pool) {
		free(t);
		t = NULL;
		goto out;
	}
	while (i < n) {
		p6_make_one(&t[i]);
		h = p6_key_hash(&t[i]);
		for (uint64_t s = h;; s++) {
			uint64_t *slot = &set[s & (size - 1)];

			if (*slot == h)
				break;		/* taken (or a 64-bit collision): draw again */
			if (!*slot) {
				*slot = h;
				i++;
				break;
			}
		}
	}
out:
	free(set);
	free(pool);
	pool = NULL;
	return t;
}

static int cmd_table(int argc, char **argv)
{
	struct p6 *t;
	char buf[INET6_ADDRSTRLEN];
	size_t n, i;

	if (argc < 3)
		return -EINVAL;
	n = strtoul(argv[2], NULL, 10);
	if (argc > 3)
		rng_state = strtoull(argv[3], NULL, 0) | 1;
	t = p6_table(n);
	if (!t)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		printf("%s/%u\n", inet_ntop(AF_INET6, t[i].b, buf, sizeof(buf)), t[i].len);
	free(t);
	return 0;
}

/* ---- the router under test ---- */

struct dut6 {
	struct dp *dp;
	struct rib *rib;
	struct rib_tables t;
	uint32_t in, out;
	uint8_t in_mac[6];
	uint8_t dst6[XRB6_NDST][16];
	uint32_t dst4[XRB6_NDST];
};

static int netns_up(void)
{
	if (unshare(CLONE_NEWNET))
		return -errno;
	if (system("ip link set lo up && ip link add xv0 type veth peer name xv1 && "
		   "ip link set xv0 up && ip link set xv1 up"))
		return -EIO;
	return 0;
}

static int port_up(struct dut6 *d, const char *dev, uint32_t *ifindex, uint16_t slot)
{
	struct xr_port p = { .mtu = 1500, .slot = slot,
			     .flags = XR_PORT_ACTIVE | XR_PORT_ROUTED | XR_PORT_IP6 };
	int err;

	*ifindex = if_nametoindex(dev);
	if (!*ifindex)
		return -ENODEV;
	err = dev_mac(dev, p.mac);
	if (!err && slot == 1)
		memcpy(d->in_mac, p.mac, 6);
	return err ? err : dp_port_set(d->dp, *ifindex, &p);
}

static struct xr_ip gw6(unsigned k)
{
	struct xr_ip a = { .af = AF_INET6, .b = { 0x20, 0x01, 0x0d, 0xb8, 0, 2, [15] = (uint8_t)(k + 1) } };

	return a;
}

/* Both ports, their subnets (2001:db8:1::/64 in, 2001:db8:2::/64 out), gateways at sink. */
static int dut6_setup(struct dut6 *d, const char *in, const char *out, const uint8_t sink[6])
{
	struct rib_route c = { .dst = { .addr = { .af = AF_INET6,
						   .b = { 0x20, 0x01, 0x0d, 0xb8, 0, 1 } },
					.len = 64 },
			       .type = XR_NH_UNICAST, .proto = RIB_PROTO_KERNEL };
	struct xr_ip g;
	unsigned k;
	int err;

	err = port_up(d, in, &d->in, 1);
	err = err ? err : port_up(d, out, &d->out, 2);
	c.ifid = d->in;
	err = err ? err : rib_add(d->rib, &c, false);
	c.dst.addr.b[5] = 2;
	c.ifid = d->out;
	err = err ? err : rib_add(d->rib, &c, false);
	c.dst = xr_prefix4(0xc6336400u, 24);	/* 198.51.100.0/24 for the IPv4 rows */
	err = err ? err : rib_add(d->rib, &c, false);
	for (k = 0; k < XRB6_NGW && !err; k++) {
		g = gw6(k);
		err = neighmap_set(d->dp, d->rib, d->out, &g, sink, true);
		g = xr_ip4(0xc6336402u + k);
		err = err ? err : neighmap_set(d->dp, d->rib, d->out, &g, sink, true);
	}
	return err;
}

static bool trie(void)
{
	const char *s = getenv("XRB6_TRIE");

	return s && atoi(s) > 0;
}

/* The key infix of the table measured: none for DXR, the default. */
static const char *mode(void)
{
	return trie() ? "trie_" : "";
}

/* The DXR table's memory and shape: what a lookup reads (fib.h). */
static void dxr6_shape(const struct dut6 *d, size_t n)
{
	struct fib6dxr_usage u;

	rib_fib6dxr_usage(d->rib, &u);
	printf("v6_%zu_map_mib %.2f\nv6_%zu_ranges_mib %.2f\nv6_%zu_tables %u\n"
	       "v6_%zu_blocks %u\nv6_%zu_subs %u\nv6_%zu_ranges %zu\nv6_%zu_max_block %u\n",
	       n, (XR_F6X_DIRECT * 8.0 + (double)u.words * 8) / (1 << 20),
	       n, (double)u.words * 8 / (1 << 20), n, u.tables, n, u.blocks, n, u.subs,
	       n, u.ranges, n, u.max_count);
}

static int dut6_load(struct dut6 *d, const struct p6 *t, size_t n)
{
	struct rib_route r = { .dst = { .addr = { .af = AF_INET6 } }, .type = XR_NH_UNICAST };
	uint64_t t0, t1;
	unsigned used, max;
	size_t i;
	int err = 0;

	t0 = clock_now_ns();
	for (i = 0; i < n && !err; i++) {
		memcpy(r.dst.addr.b, t[i].b, 16);
		r.dst.len = t[i].len;
		r.gw = gw6(i % XRB6_NGW);
		err = rib_add(d->rib, &r, false);
	}
	t1 = clock_now_ns();
	if (err) {
		fprintf(stderr, "xrb_v6: route %zu: %s\n", i, strerror(-err));
		return err;
	}
	rib_fib6_usage(d->rib, &used, &max);
	printf("v6_%zu_%sload_s %.4f\nv6_%zu_%snodes %u\nv6_%zu_%snodes_max %u\n",
	       n, mode(), (t1 - t0) / 1e9, n, mode(), used, n, mode(), max);
	if (trie()) {
		printf("v6_%zu_trie_map_mib %.2f\n", n,
		       (XR_FIB6_DIRECT * 4.0 + (double)used * XR_FIB6_NODE_SIZE * 4) / (1 << 20));
		return 0;
	}
	dxr6_shape(d, n);
	return 0;
}

/* 10,000 IPv4 /24s over 100.64.0.0/10 and the destinations the IPv4 rows use. */
static int dut6_load4(struct dut6 *d)
{
	struct rib_route r = { .type = XR_NH_UNICAST };
	static uint32_t nets[10000];
	unsigned i;
	int err = 0;

	for (i = 0; i < 10000 && !err; i++) {
		nets[i] = 0x64400000u + (uint32_t)(rng() % 16384) * 256;
		r.dst = xr_prefix4(nets[i], 24);
		r.gw = xr_ip4(0xc6336402u + i % XRB6_NGW);
		err = rib_add(d->rib, &r, false);
		if (err == -EEXIST)
			err = 0;
	}
	for (i = 0; i < XRB6_NDST; i++)
		d->dst4[i] = nets[rng() % 10000] | (uint32_t)(rng() & 0xff);
	return err;
}

/* Destinations inside random prefixes of the table. */
static void dsts_pick(struct dut6 *d, const struct p6 *t, size_t n)
{
	unsigned i;

	for (i = 0; i < XRB6_NDST; i++) {
		const struct p6 *p = &t[rng() % n];

		memcpy(d->dst6[i], p->b, 16);
		p6_fill(d->dst6[i], p->len);
	}
}

/* The C lookup (what XDP does, fib6dxr.c or fib6.c) as a dependent chain: ns per lookup. */
static double lookup_ns(const struct dut6 *d)
{
	struct fib6dxr_tables x = { d->t.fib6x_direct, d->t.fib6x_words, d->t.fib6x_nwords };
	uint32_t e = 0;
	uint64_t t0, t1;
	unsigned i;

	t0 = clock_now_ns();
	for (i = 0; i < 1u << 20; i++) {
		const uint8_t *a = d->dst6[(i + (e & 1)) % XRB6_NDST];

		e = d->t.fib6x_direct ? fib6dxr_lookup(&x, a) :
					 fib6_lookup(d->t.fib6_direct, d->t.fib6_nodes, a);
	}
	t1 = clock_now_ns();
	return (double)(t1 - t0) / (1u << 20);
}

static void frame6(uint8_t *f, const struct dut6 *d, const uint8_t *dst)
{
	static const uint8_t src[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 2 };

	memset(f, 0, 66);
	memcpy(f, d->in_mac, 6);
	f[6] = 0x02;
	f[12] = 0x86, f[13] = 0xdd;
	f[14] = 0x60;
	f[19] = 12;		/* payload: UDP header + 4 */
	f[20] = 17;
	f[21] = 64;
	memcpy(f + 22, src, 16);
	memcpy(f + 38, dst, 16);
	f[54] = 0x10, f[57] = 9, f[59] = 12;	/* UDP 4096 -> 9, length 12, checksum 0 */
}

static void frame4(uint8_t *f, const struct dut6 *d, uint32_t dst)
{
	uint16_t *w = (uint16_t *)(f + 14);
	uint32_t sum = 0, a = htonl(dst), s = htonl(0xc6336401u);
	int i;

	memset(f, 0, 66);
	memcpy(f, d->in_mac, 6);
	f[6] = 0x02;
	f[12] = 0x08;
	f[14] = 0x45, f[17] = 46, f[22] = 64, f[23] = 17;
	memcpy(f + 26, &s, 4);
	memcpy(f + 30, &a, 4);
	for (i = 0; i < 10; i++)
		sum += w[i];
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	w[5] = ~sum;
	f[35] = 0x10, f[37] = 9, f[39] = 26;
}

/* ns of one run of f (length len) in from ifindex; -errno. */
static int64_t run1(int fd, uint8_t *f, uint32_t len, uint32_t ifindex, uint32_t *verdict)
{
	struct xdp_md ctx = { .data_end = len, .ingress_ifindex = ifindex };
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = f, .data_size_in = len,
		    .ctx_in = &ctx, .ctx_size_in = sizeof(ctx), .repeat = 1);

	if (bpf_prog_test_run_opts(fd, &o))
		return -errno;
	*verdict = o.retval;
	return o.duration;
}

/* Mean ns per routed frame: IPv6, IPv4, floor (from lo, no port), interleaved. */
static int dut6_cost(struct dut6 *d, size_t n)
{
	int fd = dp_prog_fd(d->dp), r;
	double sum[3] = { 0 };
	uint64_t runs = 0, bad = 0, bad4 = 0;
	uint32_t verdict;
	uint8_t f[66];
	int64_t t;
	unsigned i;

	unsigned ndst = getenv("XRB6_NDST") ? (unsigned)atoi(getenv("XRB6_NDST")) : XRB6_NDST;

	if (!ndst || ndst > XRB6_NDST)
		ndst = XRB6_NDST;
	for (r = 0; r < XRB6_ROUNDS; r++) {
		for (i = 0; i < XRB6_NDST; i++, runs++) {
			frame6(f, d, d->dst6[i % ndst]);
			t = run1(fd, f, 66, d->in, &verdict);
			bad += verdict != XDP_REDIRECT;
			sum[0] += t;
			frame4(f, d, d->dst4[i]);
			t = run1(fd, f, 60, d->in, &verdict);
			bad4 += verdict != XDP_REDIRECT;
			sum[1] += t;
			t = run1(fd, f, 60, 1, &verdict);
			sum[2] += t;
		}
	}
	printf("v6_%zu_%scost_ns %.1f\nv6_%zu_%sv4_cost_ns %.1f\nv6_%zu_%sfloor_ns %.1f\n"
	       "v6_%zu_%scost_ratio %.3f\nv6_%zu_%snot_forwarded %llu %llu\n",
	       n, mode(), sum[0] / runs, n, mode(), sum[1] / runs, n, mode(), sum[2] / runs,
	       n, mode(), (sum[0] - sum[2]) / (sum[1] - sum[2]), n, mode(),
	       (unsigned long long)bad, (unsigned long long)bad4);
	return bad || bad4 ? -EPROTO : 0;
}

static uint32_t nodes_opt(void)
{
	const char *s = getenv("XRB6_NODES");

	if (s && atoi(s) > 0)
		return (uint32_t)atoi(s);
	return trie() ? XRB6_NODES : XRB6_DXR_NODES;
}

static int fib_one(size_t n)
{
	struct dut6 *d = calloc(1, sizeof(*d));
	struct p6 *t = p6_table(n);
	int err;

	if (!d || !t) {
		free(d);
		free(t);
		return -ENOMEM;
	}
	err = dp_open(&d->dp, &(struct dp_opts){ .fib6_nodes = nodes_opt(), .fib6_trie = trie() },
		      NULL);
	if (!err) {
		dp_rib_tables(d->dp, &d->t);
		d->rib = rib_new(&d->t, false);
		err = d->rib ? 0 : -ENOMEM;
	}
	if (!err) {
		static const uint8_t sink[6] = { 0x02, 0x5e, 0, 0, 0, 1 };

		neighmap_attach(d->rib, d->dp);
		err = dut6_setup(d, "xv0", "xv1", sink);
	}
	err = err ? err : dut6_load(d, t, n);
	err = err ? err : dut6_load4(d);
	if (!err) {
		dsts_pick(d, t, n);
		printf("v6_%zu_%slookup_c_ns %.1f\n", n, mode(), lookup_ns(d));
		err = dut6_cost(d, n);
	}
	rib_free(d->rib);
	dp_close(d->dp);
	free(d);
	free(t);
	return err;
}

static int cmd_fib(int argc, char **argv)
{
	int i, err = netns_up();

	if (err) {
		fprintf(stderr, "xrb_v6: namespace: %s\n", strerror(-err));
		return err;
	}
	for (i = 2; i < argc && !err; i++)
		err = fib_one(strtoul(argv[i], NULL, 10));
	return err;
}

static int dsts_write(const struct dut6 *d, const char *path)
{
	char buf[INET6_ADDRSTRLEN];
	FILE *f = fopen(path, "w");
	unsigned i;

	if (!f)
		return -errno;
	for (i = 0; i < XRB6_NDST; i++)
		fprintf(f, "%s\n", inet_ntop(AF_INET6, d->dst6[i], buf, sizeof(buf)));
	return fclose(f) ? -errno : 0;
}

static int cmd_load(int argc, char **argv)
{
	struct dut6 *d = calloc(1, sizeof(*d));
	size_t n = argc == 8 ? strtoul(argv[2], NULL, 10) : 0;
	struct p6 *t = n ? p6_table(n) : NULL;
	uint8_t sink[6];
	int err;

	if (!n || cmd_mac_from_str(argv[6], sink)) {
		err = -EINVAL;
		goto out;
	}
	err = d && t ? 0 : -ENOMEM;
	err = err ? err : dp_open(&d->dp, &(struct dp_opts){ .fib6_nodes = nodes_opt(),
							      .fib6_trie = trie() }, NULL);
	if (!err) {
		dp_rib_tables(d->dp, &d->t);
		d->rib = rib_new(&d->t, false);
		err = d->rib ? 0 : -ENOMEM;
	}
	if (!err) {
		neighmap_attach(d->rib, d->dp);
		err = dut6_setup(d, argv[3], argv[5], sink);
	}
	err = err ? err : dp_attach(d->dp, d->in, 0);
	err = err ? err : dp_attach(d->dp, d->out, 0);
	err = err ? err : dut6_load(d, t, n);
	if (!err) {
		dsts_pick(d, t, n);
		err = dsts_write(d, argv[7]);
	}
	if (d)
		rib_free(d->rib);
	if (d)
		dp_close(d->dp);
out:
	free(d);
	free(t);
	return err;
}

int main(int argc, char **argv)
{
	int err = -EINVAL;

	if (argc >= 2 && !strcmp(argv[1], "table"))
		err = cmd_table(argc, argv);
	else if (argc >= 3 && !strcmp(argv[1], "fib"))
		err = cmd_fib(argc, argv);
	else if (argc >= 2 && !strcmp(argv[1], "load"))
		err = cmd_load(argc, argv);
	else
		fprintf(stderr, "usage: xrb_v6 table N [SEED] | xrb_v6 fib N... | "
			"xrb_v6 load N IN GENMAC OUT SINKMAC DSTFILE\n");
	if (err)
		fprintf(stderr, "xrb_v6: %s\n", strerror(-err));
	return err ? 1 : 0;
}
