// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xrb_dut: the benchmark's router under test, configured straight through
 * the datapath library (dp.h) and the RIB (rib.h), so the benchmark does
 * not depend on the daemon.  Also writes the route sets it loads.
 *
 *   xrb_dut prefixes N SEED PFXFILE DSTFILE NDST
 *       N distinct prefixes with an Internet-like length mix, one
 *       "A.B.C.D/LEN GW" per line (GW cycles over XRB_NGW gateways behind
 *       the sink), and NDST destinations drawn from them.
 *   xrb_dut load PFXFILE IN GENMAC OUT SINKMAC DSTFILE
 *       attach xrouter to IN (192.0.2.1/24, gen 192.0.2.2) and OUT
 *       (198.51.100.1/24, gateways 198.51.100.2.. all at SINKMAC), load the
 *       routes, then measure: load time, memory, a route change under the
 *       full table, and the program's ns/packet toward DSTFILE's addresses.
 *       Prints "key value" lines.  The program stays attached on exit.
 *       XRB_ECMP=1: each route an ECMP route over its gateway and the next
 *       one (both behind OUT), the same destinations through 2-member
 *       groups; no route change then.
 *   xrb_dut switch IN OUT SINKMAC [VID]
 *       make IN and OUT ports of one xrouter switch, SINKMAC static on OUT;
 *       with VID the switch is VLAN-aware and both ports are access ports
 *       of VLAN VID (`pvid untagged`): untagged frames in and out, switched
 *       through VLAN membership, the PVID and the per-VLAN FDB.
 *
 * Route changes never open a forwarding gap by construction (rib.c writes
 * a new winner over the old one); this tool only times them.
 */
#include <malloc.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bench.h"
#include "dp.h"
#include "dxr.h"
#include "neighmap.h"
#include "nhgroup.h"
#include "rib.h"

#define XRB_NGW		16
#define XRB_IN_NET	0xc0000200u	/* 192.0.2.0/24 */
#define XRB_OUT_NET	0xc6336400u	/* 198.51.100.0/24 */
#define XRB_MAX_DSTS	4096
#define XRB_HOT_DSTS	256
#define XRB_HOT_REPEAT	16
#define XRB_CHANGES	1000

/* ---- prefix generation ---- */

/* Prefixes per million by length: roughly the 2024 IPv4 default-free zone (mean ~23). */
static const unsigned mix[33] = {
	[8] = 5, [9] = 5, [10] = 10, [11] = 30, [12] = 80, [13] = 150, [14] = 300,
	[15] = 500, [16] = 13000, [17] = 7000, [18] = 12000, [19] = 23000,
	[20] = 40000, [21] = 45000, [22] = 110000, [23] = 100000, [24] = 647000,
	[25] = 400, [26] = 300, [27] = 200, [28] = 200, [29] = 200, [30] = 200,
	[31] = 120, [32] = 300,
};

static uint64_t rng_state;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static uint8_t mix_len(void)
{
	unsigned r = rng() % 1000000, len;

	for (len = 8; len < 32 && r >= mix[len]; len++)
		r -= mix[len];
	return len;
}

/* Unicast space away from martians and from the bench's own subnets. */
static int prefix_ok(uint32_t p)
{
	uint32_t a = p >> 24;

	return a != 0 && a != 10 && a != 127 && a < 224 && a != 192 && a != 198 &&
	       (p >> 16) != 0xa9fe;
}

static uint32_t mask(uint8_t len)
{
	return len ? ~0u << (32 - len) : 0;
}

struct pfx {
	uint32_t prefix;
	uint8_t len;
};

/* Open addressing over prefix<<6|len + 1; size a power of two > 2n. */
static int set_insert(uint64_t *set, uint64_t size, uint64_t key)
{
	uint64_t h = (key * 0x9e3779b97f4a7c15ull) >> 20;

	for (;; h++) {
		uint64_t *s = &set[h & (size - 1)];

		if (*s == key)
			return 0;
		if (!*s) {
			*s = key;
			return 1;
		}
	}
}

static int prefixes_make(struct pfx *out, size_t n)
{
	uint64_t size = 1024, i = 0;
	uint64_t *set;

	while (size < 2 * n)
		size *= 2;
	set = calloc(size, sizeof(*set));
	if (!set)
		return -ENOMEM;
	while (i < n) {
		uint8_t len = mix_len();
		uint32_t p = (uint32_t)rng() & mask(len);

		if (!prefix_ok(p) || !set_insert(set, size, ((uint64_t)p << 6 | len) + 1))
			continue;
		out[i].prefix = p;
		out[i++].len = len;
	}
	free(set);
	return 0;
}

static uint32_t gw_of(size_t i)
{
	return XRB_OUT_NET + 2 + i % XRB_NGW;
}

static int cmd_prefixes(int argc, char **argv)
{
	size_t n, ndst, i;
	char a[INET_ADDRSTRLEN], g[INET_ADDRSTRLEN];
	FILE *pf, *df;
	struct pfx *p;
	double sum = 0;

	if (argc != 7)
		return -EINVAL;
	n = strtoul(argv[2], NULL, 0);
	rng_state = strtoull(argv[3], NULL, 0) | 1;
	ndst = strtoul(argv[6], NULL, 0);
	p = calloc(n ? n : 1, sizeof(*p));
	if (!p || prefixes_make(p, n)) {
		free(p);
		return -ENOMEM;
	}
	pf = fopen(argv[4], "w");
	df = fopen(argv[5], "w");
	for (i = 0; pf && i < n; i++) {
		fprintf(pf, "%s/%u %s\n", bench_ip_str(p[i].prefix, a), p[i].len,
			bench_ip_str(gw_of(i), g));
		sum += p[i].len;
	}
	/* A random host of a random loaded prefix: spread over the whole table. */
	for (i = 0; df && n && i < ndst; i++) {
		const struct pfx *q = &p[rng() % n];
		uint32_t host = (uint32_t)rng() & ~mask(q->len);

		fprintf(df, "%s\n", bench_ip_str(q->prefix | host, a));
	}
	printf("prefixes %zu mean_len %.2f\n", n, n ? sum / n : 0);
	if (pf)
		fclose(pf);
	if (df)
		fclose(df);
	free(p);
	return pf && df ? 0 : -errno;
}

/* ---- the router under test ---- */

struct dut {
	struct dp *dp;
	struct rib *rib;
	uint32_t in, out;	/* ifindexes */
	uint8_t in_mac[6], gen_mac[6], sink_mac[6];
	struct rib_route *routes;
	size_t nroutes;
};

static int dut_port(struct dut *d, const char *dev, uint32_t *ifindex, uint8_t *mac, uint16_t slot)
{
	struct xr_port p = { .mtu = 1500, .flags = XR_PORT_ACTIVE | XR_PORT_ROUTED, .slot = slot };
	int err;

	*ifindex = if_nametoindex(dev);
	if (!*ifindex)
		return -ENODEV;
	err = dev_mac(dev, p.mac);
	if (!err)
		err = dp_port_set(d->dp, *ifindex, &p);
	if (!err)
		err = dp_attach(d->dp, *ifindex, 0);
	if (!err)
		err = dp_stats_clear(d->dp, slot);
	if (mac)
		memcpy(mac, p.mac, 6);
	if (err)
		fprintf(stderr, "%s: port setup failed: %s\n", dev, strerror(-err));
	return err;
}

/* As the daemon does: the map, and the next hops via ip (neighmap.h). */
static int dut_neigh(struct dut *d, uint32_t ifid, uint32_t ip, const uint8_t *mac)
{
	struct xr_ip a = xr_ip4(ip);

	return neighmap_set(d->dp, d->rib, ifid, &a, mac, true);
}

/* Ports, connected subnets and the static neighbours behind them. */
static int dut_setup(struct dut *d, char **argv)
{
	struct rib_route conn = { .type = XR_NH_UNICAST, .proto = RIB_PROTO_KERNEL };
	int err, i;

	if (cmd_mac_from_str(argv[4], d->gen_mac) || cmd_mac_from_str(argv[6], d->sink_mac))
		return -EINVAL;
	err = dut_port(d, argv[3], &d->in, d->in_mac, 1);
	if (!err)
		err = dut_port(d, argv[5], &d->out, NULL, 2);
	if (err)
		return err;
	conn.dst = xr_prefix4(XRB_IN_NET, 24);
	conn.ifid = d->in;
	err = rib_add(d->rib, &conn, false);
	conn.dst = xr_prefix4(XRB_OUT_NET, 24);
	conn.ifid = d->out;
	if (!err)
		err = rib_add(d->rib, &conn, false);
	if (!err)
		err = dut_neigh(d, d->in, XRB_IN_NET + 2, d->gen_mac);
	for (i = 0; !err && i < XRB_NGW; i++)
		err = dut_neigh(d, d->out, gw_of(i), d->sink_mac);
	if (err)
		fprintf(stderr, "dut: setup failed: %s\n", strerror(-err));
	return err;
}

static int routes_read(struct dut *d, const char *path)
{
	char line[96], pfx[32], gw[32];
	size_t cap = 1024;
	FILE *f = fopen(path, "r");

	if (!f)
		return -errno;
	d->routes = malloc(cap * sizeof(*d->routes));
	while (d->routes && fgets(line, sizeof(line), f)) {
		struct rib_route r = { .type = XR_NH_UNICAST, .proto = RIB_PROTO_STATIC };

		if (sscanf(line, "%31s %31s", pfx, gw) != 2 || !strchr(pfx, '/') ||
		    xr_prefix_from_str(pfx, AF_INET, &r.dst) || xr_ip_from_str(gw, AF_INET, &r.gw))
			continue;
		if (d->nroutes == cap) {
			cap *= 2;
			d->routes = realloc(d->routes, cap * sizeof(*d->routes));
			if (!d->routes)
				break;
		}
		d->routes[d->nroutes++] = r;
	}
	fclose(f);
	return d->routes ? 0 : -ENOMEM;
}

/* Route r as an ECMP route over its gateway and the next one (routes with a pair share it). */
static int dut_ecmp_route(struct dut *d, struct rib_route *r)
{
	uint32_t gw = xr_ip4_host(&r->gw);
	struct nhg_member m[2] = {
		{ .gw = r->gw, .ifid = d->out, .weight = 1 },
		{ .gw = xr_ip4(gw_of((gw & 0xff) - 1)), .ifid = d->out, .weight = 1 },
	};
	int err = rib_group_get(d->rib, AF_INET, m, 2, &r->ifid);

	if (err)
		return err;
	r->type = XR_NH_GROUP;
	r->gw = (struct xr_ip){ 0 };
	err = rib_add(d->rib, r, false);
	nhg_put(rib_groups(d->rib), r->ifid);
	return err;
}

static int dut_load(struct dut *d)
{
	bool ecmp = bench_env_on("XRB_ECMP");
	uint64_t t0, t1;
	unsigned groups, nhs;
	size_t i;
	int err = 0;

	/* As xrouterd --config loads a file: one batch, the FIBs compiled at its commit. */
	t0 = clock_now_ns();
	rib_reserve(d->rib, d->nroutes);
	rib_defer(d->rib);
	for (i = 0; i < d->nroutes && !err; i++)
		err = ecmp ? dut_ecmp_route(d, &d->routes[i]) : rib_add(d->rib, &d->routes[i], false);
	if (!err)
		err = rib_commit(d->rib);
	t1 = clock_now_ns();
	if (err) {
		fprintf(stderr, "dut: route %zu: %s\n", i, strerror(-err));
		return err;
	}
	rib_usage(d->rib, &groups, &nhs);
	printf("routes %zu\nload_s %.4f\nload_routes_per_s %.0f\ntbl8_groups %u\nnexthops %u\n",
	       d->nroutes, (t1 - t0) / 1e9, d->nroutes / ((t1 - t0 + 1) / 1e9), groups, nhs);
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * A single route change under the full table: move random routes to
 * another gateway (rewrites every FIB entry the route wins), then add and
 * withdraw a /8, the widest rewrite (65,536 tbl24 entries).
 */
static int dut_change(struct dut *d)
{
	static uint64_t us[XRB_CHANGES];
	struct rib_route r8 = { .dst = xr_prefix4(0x2d000000, 8), .type = XR_NH_UNICAST,
				.gw = xr_ip4(gw_of(0)), .metric = 7 };
	uint64_t t0, t8;
	int i, err = 0;

	for (i = 0; i < XRB_CHANGES && d->nroutes && !err; i++) {
		struct rib_route *r = &d->routes[rng() % d->nroutes];

		r->gw = xr_ip4(gw_of((xr_ip4_host(&r->gw) & 0xff) - 1));	/* the next gateway */
		t0 = clock_now_ns();
		err = rib_add(d->rib, r, true);
		us[i] = clock_now_ns() - t0;
	}
	t0 = clock_now_ns();
	if (!err)
		err = rib_add(d->rib, &r8, false);
	if (!err)
		err = rib_del(d->rib, &r8.dst, &r8.gw);
	t8 = clock_now_ns() - t0;
	if (err) {
		fprintf(stderr, "dut: route change failed: %s\n", strerror(-err));
		return err;
	}
	qsort(us, i, sizeof(us[0]), cmp_u64);
	printf("change_median_us %.2f\nchange_max_us %.2f\nchange_slash8_add_del_us %.2f\n",
	       i ? us[i / 2] / 1e3 : 0, i ? us[i - 1] / 1e3 : 0, t8 / 1e3);
	return 0;
}

/*
 * With DXR loaded, the latency of each lookup in C over the mapped tables
 * (the same 4 KiB pages the program reads): a chain of 10^6 lookups, each
 * address chosen by the one before, over n addresses drawn from the loaded
 * prefixes (4,096 as the generator's default, up to a million as full-table
 * traffic).  A packet's lookup sits on its critical path, so latency, not
 * throughput, is what the program pays.  The fastest of 7 passes: noise on
 * a shared machine only adds time.
 */
static void dut_lookups(struct dut *d)
{
	static const uint32_t sizes[] = { 4096, 65536, 1u << 20 };
	uint32_t *a = malloc(sizes[2] * sizeof(*a)), j, n, i, k, pfx, host;
	struct rib_tables rt;
	struct dxr_tables t;
	uint64_t t0, best[2];
	int pass;

	dp_rib_tables(d->dp, &rt);
	t = (struct dxr_tables){ rt.dxr_direct, rt.dxr_ranges, rt.dxr_nranges, rt.tbl24, rt.tbl8 };
	/* Loaded without DXR (XR_FIB_DXR): nothing to compare. */
	if (!a || !d->nroutes || !t.direct) {
		free(a);
		return;
	}
	for (k = 0; k < 3; k++) {
		n = sizes[k];
		for (i = 0; i < n; i++) {
			const struct rib_route *r = &d->routes[rng() % d->nroutes];

			pfx = xr_ip4_host(&r->dst.addr);
			host = r->dst.len >= 32 ? 0 : rng() & (0xffffffffu >> r->dst.len);
			a[i] = pfx | host;
		}
		best[0] = best[1] = UINT64_MAX;
		for (pass = 0; pass < 7; pass++) {
			t0 = clock_now_ns();
			for (i = 0, j = 0; i < 1000000; i++)
				j = fib_lookup(rt.tbl24, rt.tbl8, a[(i + j) & (n - 1)]) & 1;
			t0 = clock_now_ns() - t0;
			best[0] = t0 < best[0] ? t0 : best[0];
			t0 = clock_now_ns();
			for (i = 0, j = 0; i < 1000000; i++)
				j = dxr_lookup(&t, a[(i + j) & (n - 1)]) & 1;
			t0 = clock_now_ns() - t0;
			best[1] = t0 < best[1] ? t0 : best[1];
		}
		printf("lookup_dir24_ns_%u %.2f\nlookup_dxr_ns_%u %.2f\n", n, best[0] / 1e6, n,
		       best[1] / 1e6);
	}
	free(a);
}

/* ---- what the program costs per packet at this table size ---- */

static void frame_build(uint8_t *f, const struct dut *d, uint32_t dst)
{
	uint32_t src = htonl(XRB_IN_NET + 2), sum = 0;
	uint16_t *w = (uint16_t *)(f + 14);
	int i;

	memset(f, 0, 60);
	memcpy(f, d->in_mac, 6);
	memcpy(f + 6, d->gen_mac, 6);
	f[12] = 0x08;
	f[14] = 0x45;
	f[17] = 46;		/* total length */
	f[22] = 64;		/* TTL */
	f[23] = 17;
	memcpy(f + 26, &src, 4);
	dst = htonl(dst);
	memcpy(f + 30, &dst, 4);
	for (i = 0; i < 10; i++)
		sum += w[i];
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	w[5] = ~sum;
	f[35] = 0x10;		/* UDP 4096 -> 9, length 26 */
	f[37] = 9;
	f[39] = 26;
}

/* Total ns of repeat runs toward dst (the kernel reports the mean per run). */
static int64_t run_one(const struct dut *d, int fd, uint32_t dst, unsigned repeat)
{
	uint8_t f[60];
	/* dst 0: from loopback, no port: the cheapest verdict, the timer's floor. */
	struct xdp_md ctx = { .data_end = sizeof(f), .ingress_ifindex = dst ? d->in : 1 };
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = f, .data_size_in = sizeof(f),
		    .ctx_in = &ctx, .ctx_size_in = sizeof(ctx), .repeat = repeat);

	frame_build(f, d, dst);
	if (bpf_prog_test_run_opts(fd, &o))
		return -errno;
	return (int64_t)o.duration * repeat;
}

/*
 * One run per call: a routed frame leaves with the next hop's MAC, so a
 * second run over the same buffer would not be routed.  Each figure thus
 * includes the test-run timer's own overhead, alike at every table size.
 * hot: each destination XRB_HOT_REPEAT times in a row (its cache lines
 * stay warm); spread: each destination once, in turn, so the lookups walk
 * the table.
 */
static int dut_cost(struct dut *d, const char *dstfile)
{
	static uint32_t dsts[XRB_MAX_DSTS];
	uint64_t before[XR_STAT_MAX], after[XR_STAT_MAX], runs = 0;
	int64_t hot = 0, spread = 0, t;
	int n, i, fd = dp_prog_fd(d->dp);

	n = bench_ips_read(dstfile, dsts, XRB_MAX_DSTS);
	if (n <= 0)
		return n ? n : -EINVAL;
	dp_stats_read(d->dp, 1, before);
	for (i = 0; i < XRB_HOT_DSTS * XRB_HOT_REPEAT; i++, runs++) {
		t = run_one(d, fd, dsts[(i / XRB_HOT_REPEAT) % n], 1);
		if (t < 0)
			return t;
		hot += t;
	}
	printf("ns_hot %.1f\n", (double)hot / runs);
	for (i = 0; i < n; i++, runs++) {
		t = run_one(d, fd, dsts[i], 1);
		if (t < 0)
			return t;
		spread += t;
	}
	printf("ns_spread %.1f\n", (double)spread / n);
	for (i = 0, t = 0; i < n; i++) {
		int64_t b = run_one(d, fd, 0, 1);

		if (b < 0)
			return b;
		t += b;
	}
	printf("ns_floor %.1f\n", (double)t / n);
	dp_stats_read(d->dp, 1, after);
	printf("cost_forwarded %llu of %llu\n",
	       (unsigned long long)(after[XR_STAT_FORWARDED] - before[XR_STAT_FORWARDED]),
	       (unsigned long long)runs);
	return after[XR_STAT_FORWARDED] - before[XR_STAT_FORWARDED] == runs ? 0 : -EPROTO;
}

/* Malloc'd bytes, large (mmap'd) blocks included. */
static size_t heap_bytes(void)
{
	struct mallinfo2 m = mallinfo2();

	return m.uordblks + m.hblkhd;
}

/* The DXR table's shape: what the fast path reads instead of tbl24. */
static void dut_dxr_print(const struct dut *d)
{
	struct dxr_usage u;

	rib_dxr_usage(d->rib, &u);
	printf("dxr_leaves %u\ndxr_inline %u\ndxr_blocks %u\ndxr_short_blocks %u\n"
	       "dxr_fallback %u\ndxr_ranges %zu\ndxr_bytes %zu\ndxr_max_block %u\n", u.leaves,
	       u.inlines, u.blocks, u.shorts, u.fallback, u.ranges, (size_t)XR_DXR_DIRECT * 8 + u.bytes, u.max_count);
}

static int cmd_load(int argc, char **argv)
{
	struct rib_tables t;
	struct dut d = {};
	size_t heap0;
	int err;

	if (argc != 8)
		return -EINVAL;
	rng_state = 0x5eed;
	err = routes_read(&d, argv[2]);
	if (err)
		return err;
	/* XR_FIB_DXR=1: the program searches DXR (fib.h), as bench stage ab loads it. */
	err = dp_open(&d.dp, &(struct dp_opts){ .fib_dxr = bench_env_on("XR_FIB_DXR") }, NULL);
	if (err) {
		fprintf(stderr, "dut: dp_open: %s\n", strerror(-err));
		goto out;
	}
	dp_rib_tables(d.dp, &t);
	heap0 = heap_bytes();
	d.rib = rib_new(&t, false);
	if (d.rib)
		neighmap_attach(d.rib, d.dp);
	err = d.rib ? dut_setup(&d, argv) : -ENOMEM;
	if (!err)
		err = dut_load(&d);
	if (err)
		goto out;
	printf("rib_heap_bytes %zu\nfib_map_bytes %zu\n", heap_bytes() - heap0,
	       (size_t)XR_TBL24_ENTRIES * 4 + (size_t)XR_TBL8_ENTRIES * 4 +
	       (size_t)XR_DXR_DIRECT * 8 + (size_t)XR_DXR_RANGES * 4 +
	       (size_t)XR_NH_MAX * sizeof(struct xr_nexthop));
	dut_dxr_print(&d);
	dut_lookups(&d);
	err = dut_cost(&d, argv[7]);
	if (!err && !bench_env_on("XRB_ECMP"))
		err = dut_change(&d);
out:
	rib_free(d.rib);
	dp_close(d.dp);
	free(d.routes);
	return err;
}

/* A switch of two ports, the sink's MAC static behind OUT (in VLAN argv[5]). */
static int cmd_switch(int argc, char **argv)
{
	struct xr_bridge br = { .flags = XR_BRIDGE_ACTIVE,
				.ageing_ns = XR_FDB_AGEING_S * 1000000000ull };
	struct xr_port p = { .mtu = 1500, .flags = XR_PORT_ACTIVE | XR_PORT_SWITCHED, .bridge = 1 };
	struct xr_fdb_key k = { .bridge = 1 };
	struct xr_fdb e = { .flags = XR_FDB_STATIC };
	uint32_t ifs[2];
	struct dp *dp;
	int err, i;

	if ((argc != 5 && argc != 6) || cmd_mac_from_str(argv[4], k.mac))
		return -EINVAL;
	if (argc == 6) {
		k.vlan = p.pvid = atoi(argv[5]);
		if (!k.vlan || k.vlan >= 4095)
			return -EINVAL;
		br.flags |= XR_BRIDGE_VLAN;
	}
	err = dp_open(&dp, &(struct dp_opts){ .skip_fib_mmap = true }, NULL);
	if (err)
		return err;
	err = dp_bridge_set(dp, 1, &br);
	for (i = 0; i < 2 && !err; i++) {
		ifs[i] = if_nametoindex(argv[2 + i]);
		p.slot = i + 1;
		err = !ifs[i] ? -ENODEV : dev_mac(argv[2 + i], p.mac);
		if (!err && k.vlan)
			err = dp_vlan_set(dp, p.slot, k.vlan, XR_VLAN_MEMBER | XR_VLAN_UNTAGGED);
		if (!err)
			err = dp_port_set(dp, ifs[i], &p);
		if (!err)
			err = dp_attach(dp, ifs[i], 0);
	}
	e.ifindex = ifs[1];
	if (!err)
		err = dp_fdb_set(dp, &k, &e);
	dp_close(dp);
	return err;
}

int main(int argc, char **argv)
{
	int err = -EINVAL;

	if (argc > 1 && !strcmp(argv[1], "prefixes"))
		err = cmd_prefixes(argc, argv);
	else if (argc > 1 && !strcmp(argv[1], "load"))
		err = cmd_load(argc, argv);
	else if (argc > 1 && !strcmp(argv[1], "switch"))
		err = cmd_switch(argc, argv);
	if (err == -EINVAL)
		fprintf(stderr, "usage: see the top of tests/bench/xrb_dut.c\n");
	else if (err)
		fprintf(stderr, "xrb_dut: %s\n", strerror(-err));
	return err ? 1 : 0;
}
