// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The harness behind harness.h: running a frame through the XDP program
 * with BPF_PROG_TEST_RUN, checking a table row (verdict, bytes, counters,
 * hand-off), and the setup helpers the suites share.  Frame builders are
 * in pkt.c.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <bpf/bpf.h>

#include "harness.h"
#include "neighmap.h"

bool h_why(struct harness *h, const char *fmt, ...)
{
	va_list ap;

	if (h->why[0])
		return false;
	va_start(ap, fmt);
	vsnprintf(h->why, sizeof(h->why), fmt, ap);
	va_end(ap);
	return false;
}

bool h_report(struct harness *h, bool ok, const char *fmt, ...)
{
	va_list ap;

	printf("%s - ", ok ? "ok" : "not ok");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	if (!ok)
		printf(": %s", h->why[0] ? h->why : "failed");
	printf("\n");
	fflush(stdout);
	if (ok)
		h->pass++;
	else
		h->fail++;
	h->why[0] = 0;
	return ok;
}

bool h_bytes_eq(struct harness *h, const void *got, size_t got_len,
		const void *want, size_t want_len, const char *what)
{
	const uint8_t *g = got, *w = want;
	size_t i, n = got_len < want_len ? got_len : want_len;

	for (i = 0; i < n; i++)
		if (g[i] != w[i])
			return h_why(h, "%s: byte %zu is 0x%02x, want 0x%02x", what, i, g[i], w[i]);
	if (got_len != want_len)
		return h_why(h, "%s: %zu bytes, want %zu", what, got_len, want_len);
	return true;
}

void h_port_mac(unsigned i, uint8_t mac[6])
{
	const uint8_t m[6] = { 0x02, 0, 0, 0, 0, (uint8_t)((i + 1) << 4) };

	memcpy(mac, m, 6);
}

int h_port_set(struct harness *h, unsigned i, uint32_t flags, uint16_t mtu,
	       uint16_t bridge, uint32_t handoff_pps, uint32_t handoff_burst)
{
	struct xr_port p = {
		.mtu = mtu,
		.flags = flags,
		.slot = (uint16_t)(i + 1),
		.bridge = bridge,
		.handoff_pps = handoff_pps,
		.handoff_burst = handoff_burst,
	};

	if (i >= H_NPORTS)
		return -ERANGE;
	h_port_mac(i, p.mac);
	return dp_port_set(h->dp, h->ifindex[i], &p);
}

int h_port_routed(struct harness *h, unsigned i, uint16_t mtu)
{
	return h_port_set(h, i, XR_PORT_ACTIVE | XR_PORT_ROUTED, mtu, 0, 1000000, 1000000);
}

/* As the daemon does: the map, and the next hops via ip (neighmap.h). */
int h_neigh_set(struct harness *h, uint32_t ifid, uint32_t ip, const uint8_t mac[6])
{
	struct xr_ip a = xr_ip4(ip);

	return neighmap_set(h->dp, h->rib, ifid, &a, mac, true);
}

int h_neigh_del(struct harness *h, uint32_t ifid, uint32_t ip)
{
	struct xr_ip a = xr_ip4(ip);

	return neighmap_del(h->dp, h->rib, ifid, &a);
}

struct xr_neigh_key h_neigh_key(uint32_t ifid, uint32_t ip)
{
	return (struct xr_neigh_key){ .ifid = ifid,
				      .ip = { .af = XR_AF_INET, .v4 = htonl(ip) } };
}

int h_route(struct harness *h, uint32_t prefix, uint8_t len, uint8_t type, uint8_t proto,
	    uint32_t ifid, uint32_t gw, uint32_t metric)
{
	struct rib_route r = {
		.dst = xr_prefix4(prefix, len), .type = type, .proto = proto,
		.ifid = ifid, .gw = xr_ip4(gw), .metric = metric,
	};

	return rib_add(h->rib, &r, false);
}

int h_route_del(struct harness *h, uint32_t prefix, uint8_t len)
{
	struct xr_prefix p = xr_prefix4(prefix, len);

	return rib_del(h->rib, &p, NULL);
}

/*
 * Frames shorter than an Ethernet header cannot be tested: the kernel
 * refuses them (-EINVAL), with or without XDP metadata in front.
 */
int h_run(struct harness *h, uint32_t ifindex, const struct pkt *in,
	  uint32_t *verdict, struct pkt *out)
{
	/* data_end must be the frame's length (no metadata). */
	struct xdp_md ctx = { .data_end = (uint32_t)in->len, .ingress_ifindex = ifindex };
	LIBBPF_OPTS(bpf_test_run_opts, o,
		.data_in = in->b,
		.data_size_in = (uint32_t)in->len,
		.data_out = out->b,
		.data_size_out = sizeof(out->b),
		.ctx_in = &ctx,
		.ctx_size_in = sizeof(ctx),
		.repeat = 1,
	);

	pkt_init(out);
	/* The ports' program now: the traced one while a trace runs (dp.c). */
	if (bpf_prog_test_run_opts(dp_prog_fd(h->dp), &o))
		return -errno;
	*verdict = o.retval;
	out->len = o.data_size_out;
	return 0;
}

int h_stats(struct harness *h, unsigned port, uint64_t out[XR_STAT_MAX])
{
	return dp_stats_read(h->dp, port + 1, out);
}

static void h_handoff_cb(void *ctx, const struct xr_handoff *hd,
			 const uint8_t *frame, size_t len)
{
	struct harness *h = ctx;
	struct h_frame *f;

	if (h->nframes >= H_HANDOFF_MAX) {
		h->nframes_lost++;
		return;
	}
	f = &h->frames[h->nframes++];
	f->h = *hd;
	f->len = len < sizeof(f->b) ? len : sizeof(f->b);
	memcpy(f->b, frame, f->len);
}

unsigned h_handoff_collect(struct harness *h)
{
	h->nframes = 0;
	h->nframes_lost = 0;
	/* Samples are written synchronously by the test run: no waiting. */
	dp_handoff_poll(h->dp, 0);
	return h->nframes;
}

void h_handoff_drain(struct harness *h)
{
	h_handoff_collect(h);
	h->nframes = 0;
}

/* Every counter of the ingress port: the listed deltas, and no others. */
static bool h_check_counters(struct harness *h, const struct h_case *c,
			     const uint64_t *before, const uint64_t *after)
{
	int64_t want[XR_STAT_MAX] = { 0 };
	int i;

	for (i = 0; i < H_DELTAS_MAX && c->cnt[i].delta; i++)
		want[c->cnt[i].stat] += c->cnt[i].delta;
	for (i = 0; i < XR_STAT_MAX; i++) {
		int64_t d = (int64_t)(after[i] - before[i]);

		if (d != want[i])
			return h_why(h, "counter %s changed by %lld, want %lld",
				     xr_stat_names[i], (long long)d, (long long)want[i]);
	}
	return true;
}

static bool h_check_handoff(struct harness *h, const struct h_case *c)
{
	unsigned n = h_handoff_collect(h);
	const struct h_frame *f = &h->frames[0];
	const struct pkt *want = c->handed ? c->handed : c->in;

	if (c->handoff < 0)
		return ASSERT_EQ(h, n, 0, "frames handed off");
	if (!ASSERT_EQ(h, n, 1, "frames handed off") ||
	    !ASSERT_EQ(h, f->h.reason, c->handoff, "hand-off reason") ||
	    !ASSERT_EQ(h, f->h.ifindex, h->ifindex[c->port], "hand-off ifindex") ||
	    !ASSERT_EQ(h, f->h.len, want->len, "hand-off len") ||
	    !ASSERT_BYTES(h, f->b, f->len, want->b, want->len, "handed-off frame"))
		return false;
	if (c->nh_ifid && !ASSERT_EQ(h, f->h.nh_ifid, c->nh_ifid, "hand-off nh_ifid"))
		return false;
	if (c->nh_ip && (!ASSERT_EQ(h, f->h.nh_ip.af, AF_INET, "hand-off nh_ip family") ||
			 !ASSERT_EQ(h, ntohl(f->h.nh_ip.v4), c->nh_ip, "hand-off nh_ip")))
		return false;
	if (c->mtu && !ASSERT_EQ(h, f->h.mtu, c->mtu, "hand-off mtu"))
		return false;
	return true;
}

/* A fresh datapath: new maps, an empty RIB writing its FIB, hand-off reader. */
int h_open(struct harness *h)
{
	struct dp_opts opts = { .fib_dxr = h->fib_dxr, .fib6_trie = h->fib6_trie };
	struct rib_tables t;
	int err;

	err = dp_open(&h->dp, &opts, NULL);
	if (err) {
		fprintf(stderr, "dp_open: %s\n", strerror(-err));
		return err;
	}
	h->prog_fd = dp_prog_fd(h->dp);
	dp_rib_tables(h->dp, &t);
	h->rib = rib_new(&t, false);
	if (!h->rib) {
		err = -ENOMEM;
		goto fail;
	}
	neighmap_attach(h->rib, h->dp);
	err = dp_handoff_start(h->dp, h_handoff_cb, h);
	if (err) {
		fprintf(stderr, "dp_handoff_start: %s\n", strerror(-err));
		goto fail;
	}
	return 0;
fail:
	rib_free(h->rib);
	h->rib = NULL;
	dp_close(h->dp);
	h->dp = NULL;
	return err;
}

void h_close(struct harness *h)
{
	rib_free(h->rib);
	h->rib = NULL;
	dp_close(h->dp);
	h->dp = NULL;
}

bool h_case_check(struct harness *h, const struct h_case *c)
{
	uint64_t before[XR_STAT_MAX], after[XR_STAT_MAX];
	struct pkt *out = malloc(sizeof(*out));
	const struct pkt *want = c->out ? c->out : c->in;
	uint32_t verdict = ~0u;
	bool ok = false;

	if (!ASSERT_TRUE(h, out != NULL, "out of memory"))
		return false;
	h_handoff_drain(h);
	if (!ASSERT_OK(h, h_stats(h, c->port, before), "stats read") ||
	    !ASSERT_OK(h, h_run(h, h->ifindex[c->port], c->in, &verdict, out), "test run") ||
	    !ASSERT_OK(h, h_stats(h, c->port, after), "stats read") ||
	    !ASSERT_EQ(h, verdict, c->verdict, "verdict"))
		goto out;
	if ((verdict == XDP_PASS || verdict == XDP_REDIRECT) &&
	    !ASSERT_BYTES(h, out->b, out->len, want->b, want->len, "output frame"))
		goto out;
	ok = h_check_counters(h, c, before, after) && h_check_handoff(h, c);
out:
	free(out);
	return ok;
}

bool h_case_run(struct harness *h, const struct h_case *c)
{
	return h_report(h, h_case_check(h, c), "%s", c->desc);
}

void h_cases_run(struct harness *h, const struct h_case *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		h_case_run(h, &c[i]);
}
