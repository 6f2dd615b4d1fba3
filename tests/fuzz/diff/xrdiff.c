// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xrdiff: the differential fuzzer of the XDP program.  Random tables
 * (gen.c) are loaded into a fresh datapath through user/dp's API, as the
 * daemon loads them, and into the reference model (tests/model/); random
 * frames then go through both, the program by BPF_PROG_TEST_RUN, and
 * every result is compared: verdict, bytes out, the frame handed to the
 * daemon, and every port's counters.  Beside the model, a forwarded
 * frame must carry a valid header: IPv4 with the right checksum, TTL above
 * 0, no martian, no length past the frame; IPv6 with a hop limit above 0,
 * no never-forwarded address, no link-local source, its payload within
 * the frame.  A difference is written to the
 * repro directory as a file of tables and frames that --replay runs again.
 *
 *   xrdiff [-n FRAMES] [-s SEED] [-t FRAMES_PER_TABLE] [-o DIR] [-m MAX_REPROS] [-c CPU]
 *   xrdiff --replay FILE...
 *
 * Ends with "N passed, N failed" like every part of `make test`.
 */
#include <errno.h>
#include <getopt.h>
#include <net/if.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>

#include "clock.h"
#include "flood.h"
#include "gen.h"
#include "harness.h"
#include "model.h"
#include "neighmap.h"
#include "nhgroup.h"

/*
 * Counters are read once per window of frames, not per frame: a syscall
 * costs as much as a test run.  A window whose counters differ is written
 * whole, and its replay reads them after every frame to name the one.
 */
#define DIFF_WINDOW	64
#define DIFF_ROWS	(MDL_PORTS + MDL_VLANS)

struct win_frame {
	uint8_t b[GEN_FRAME_MAX];
	size_t len;
	unsigned port;
};

struct diff {
	struct harness h;
	struct mdl_tables t;		/* what the datapath holds now */
	struct mdl_tables *win_start;	/* ... and held when the window began */
	struct win_frame win[DIFF_WINDOW];
	unsigned nwin;
	struct mdl_result *want;
	struct pkt *in, *out;
	/* Rows of the stats map: the ports', then the VLAN interfaces' (gen.c:
	 * XR_MAX_PORTS + a vlans entry), both as the model counts them. */
	uint64_t before[DIFF_ROWS][XR_STAT_MAX];
	int64_t acc[DIFF_ROWS][XR_STAT_MAX];	/* the model's counts this window */
	uint64_t total[XR_STAT_MAX];		/* ... and the whole run: what it reached */
	const char *repro_dir;
	unsigned repros, max_repros;
	uint64_t frames, differences, invalid;
};

static int diff_libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level != LIBBPF_WARN)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

/* A network namespace of our own with MDL_PORTS ports for the devmap. */
static int diff_netns(struct diff *d)
{
	char cmd[256];
	unsigned i;

	if (unshare(CLONE_NEWNET))
		return -errno;
	for (i = 0; i < MDL_PORTS; i++) {
		char name[IFNAMSIZ];

		snprintf(name, sizeof(name), "xdf%u", i);
		/* veth where the kernel has no dummy driver */
		snprintf(cmd, sizeof(cmd), "{ ip link add %s type dummy 2>/dev/null || "
			 "ip link add %s type veth peer name %sp; } && ip link set %s up",
			 name, name, name, name);
		if (system(cmd))
			return -EIO;
		d->h.ifindex[i] = if_nametoindex(name);
		if (!d->h.ifindex[i])
			return -ENODEV;
	}
	return 0;
}

/* Per-CPU counters only add up on one CPU: cpu, or (-1) the one we are on. */
static void diff_pin_cpu(int cpu)
{
	cpu_set_t set;

	if (cpu < 0)
		cpu = sched_getcpu() < 0 ? 0 : sched_getcpu();
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

/* ---- tables into the datapath ---- */

static int diff_pvid(struct diff *d, const struct mdl_port *p)
{
	struct xr_port xp;
	int err = dp_port_get(d->h.dp, p->ifindex, &xp);

	xp.pvid = p->pvid;
	return err ? err : dp_port_set(d->h.dp, p->ifindex, &xp);
}

static int diff_ports(struct diff *d)
{
	struct mdl_tables *t = &d->t;
	unsigned i;
	int err;

	for (i = 1; i < MDL_BRIDGES; i++) {
		struct xr_bridge b = { .mtu = t->bridge[i].mtu, .flags = t->bridge[i].flags,
				       .ageing_ns = t->bridge[i].ageing_ns };

		memcpy(b.mac, t->bridge[i].mac, 6);
		err = dp_bridge_set(d->h.dp, (uint16_t)i, &b);
		if (err)
			return err;
	}
	for (i = 0; i < MDL_PORTS; i++) {
		struct mdl_port *p = &t->port[i];

		p->ifindex = d->h.ifindex[i];
		p->slot = (uint16_t)(i + 1);
		h_port_mac(i, p->mac);
		if (!p->flags)
			continue;
		/* Generous hand-off buckets: the model never rate-limits. */
		err = h_port_set(&d->h, i, p->flags, p->mtu, p->bridge, 1000000000, 1000000000);
		if (!err && (p->flags & XR_PORT_SWITCHED))
			err = flood_port_add(d->h.dp, p->bridge, p->ifindex);
		if (!err && p->pvid)
			err = diff_pvid(d, p);
		if (err)
			return err;
	}
	for (i = 0; i < t->nvlan; i++) {
		err = dp_vlan_set(d->h.dp, t->vlan[i].row, t->vlan[i].vid, t->vlan[i].flags);
		if (!err)
			err = dp_vlan_stats_set(d->h.dp, t->vlan[i].row, t->vlan[i].vid,
						t->vlan[i].stats);
		if (err)
			return err;
	}
	return 0;
}

/*
 * An ECMP route to dst (either family) through the daemon's group table,
 * group gi's members; the model learns the group as it was laid out
 * (hash multipliers, each bucket's member).  0 or -errno.
 */
static int diff_group_route(struct diff *d, const struct xr_prefix *dst, uint32_t gi,
			    uint8_t proto, uint32_t metric)
{
	struct mdl_group *g = &d->t.group[gi];
	struct nhg_table *t = rib_groups(d->h.rib);
	struct nhg_member m[MDL_NH_MAX];
	struct rib_route rt = { .dst = *dst, .type = XR_NH_GROUP, .proto = proto,
				.metric = metric };
	uint32_t handle;
	int err;

	if (gi >= d->t.ngroup || !t || g->v6 != (dst->addr.af == AF_INET6))
		return -EINVAL;
	for (unsigned i = 0; i < g->n; i++)
		m[i] = (struct nhg_member){ .gw = g->v6 ? xr_ip6(g->nh[i].gw6) : xr_ip4(g->nh[i].gw),
					    .ifid = g->nh[i].ifid, .weight = g->nh[i].weight };
	err = rib_group_get(d->h.rib, dst->addr.af, m, g->n, &handle);
	if (err)
		return err;
	rt.ifid = handle;
	err = rib_add(d->h.rib, &rt, false);
	if (!err) {
		g->key = *nhg_key(t);
		for (unsigned b = 0; b < XR_NHG_BUCKETS; b++)
			g->bucket[b] = (int8_t)nhg_pick(t, handle, b);
	}
	nhg_put(t, handle);
	return err;
}

/* Routes the RIB refuses (a gateway outside its subnet, a duplicate) leave the model too. */
static void diff_routes(struct diff *d)
{
	struct mdl_tables *t = &d->t;
	unsigned i, n = 0;
	int err;

	for (i = 0; i < t->nroute; i++) {
		const struct mdl_route *r = &t->route[i];
		struct xr_prefix dst = xr_prefix4(r->prefix, r->len);

		if (r->type == XR_NH_GROUP)
			err = diff_group_route(d, &dst, r->ifid, r->proto, r->metric);
		else
			err = h_route(&d->h, r->prefix, r->len, r->type, r->proto, r->ifid, r->gw,
				      r->metric);
		if (!err)
			t->route[n++] = *r;
	}
	t->nroute = n;
	for (i = n = 0; i < t->nroute6; i++) {
		const struct mdl_route6 *r = &t->route6[i];
		struct rib_route rr = { .dst = { .addr = { .af = AF_INET6 }, .len = r->len },
					.type = r->type, .proto = r->proto, .ifid = r->ifid,
					.metric = r->metric };
		static const uint8_t zero[16];

		memcpy(rr.dst.addr.b, r->prefix, 16);
		if (memcmp(r->gw, zero, 16))
			rr.gw = xr_ip6(r->gw);
		if (r->type == XR_NH_GROUP)
			err = diff_group_route(d, &rr.dst, r->ifid, r->proto, r->metric);
		else
			err = rib_add(d->h.rib, &rr, false);
		if (!err)
			t->route6[n++] = *r;
	}
	t->nroute6 = n;
}

static int diff_neigh_fdb(struct diff *d)
{
	struct mdl_tables *t = &d->t;
	unsigned i, n = 0;
	int err;

	for (i = 0; i < t->nneigh; i++)
		if (h_neigh_set(&d->h, t->neigh[i].ifid, t->neigh[i].ip, t->neigh[i].mac) == 0)
			t->neigh[n++] = t->neigh[i];
	t->nneigh = n;
	for (i = n = 0; i < t->nneigh6; i++) {
		struct xr_ip a = xr_ip6(t->neigh6[i].ip);

		if (neighmap_set(d->h.dp, d->h.rib, t->neigh6[i].ifid, &a, t->neigh6[i].mac,
				 true) == 0)
			t->neigh6[n++] = t->neigh6[i];
	}
	t->nneigh6 = n;
	for (i = 0; i < t->nfdb; i++) {
		const struct mdl_fdb *f = &t->fdb[i];
		struct xr_fdb_key k = { .bridge = f->bridge, .vlan = f->vlan };
		struct xr_fdb e = { .ifindex = f->ifindex, .seen_ns = f->seen_ns,
				    .flags = f->is_static ? XR_FDB_STATIC : 0 };

		memcpy(k.mac, f->mac, 6);
		err = dp_fdb_set(d->h.dp, &k, &e);
		if (err)
			return err;
	}
	return 0;
}

/* Index i of d->before and d->acc: port i, then VLAN interface row XR_MAX_PORTS + i - MDL_PORTS. */
static int diff_row_read(struct diff *d, unsigned i, uint64_t out[XR_STAT_MAX])
{
	if (i < MDL_PORTS)
		return h_stats(&d->h, i, out);
	return dp_stats_read(d->h.dp, XR_MAX_PORTS + i - MDL_PORTS, out);
}

/* The index of a VLAN interface's stats row (gen.c gives XR_MAX_PORTS + a vlans entry). */
static unsigned diff_row_of(uint16_t vrow)
{
	return MDL_PORTS + (vrow - XR_MAX_PORTS) % MDL_VLANS;
}

/* A fresh datapath holding d->t (which learns what it refused). */
static int diff_load(struct diff *d)
{
	unsigned i;
	int err;

	if (d->h.dp)
		h_close(&d->h);
	d->h.fib_dxr = d->t.fib_dxr;
	err = h_open(&d->h);
	if (err)
		return err;
	err = diff_ports(d);
	if (err)
		return err;
	diff_routes(d);
	err = diff_neigh_fdb(d);
	for (i = 0; !err && i < DIFF_ROWS; i++)
		err = diff_row_read(d, i, d->before[i]);
	memset(d->acc, 0, sizeof(d->acc));
	return err;
}

/* ---- comparing ---- */

/* The first reason a frame differs, in the harness's buffer. */
#define diff_why(d, ...)	h_why(&(d)->h, __VA_ARGS__)

static bool diff_bytes(struct diff *d, const uint8_t *got, size_t glen, const uint8_t *want,
		       size_t wlen, const char *what)
{
	size_t i;

	for (i = 0; i < glen && i < wlen; i++)
		if (got[i] != want[i])
			return diff_why(d, "%s: byte %zu is 0x%02x, model says 0x%02x", what, i,
					got[i], want[i]);
	if (glen != wlen)
		return diff_why(d, "%s: %zu bytes, model says %zu", what, glen, wlen);
	return true;
}

/* Every counter of every port and VLAN interface against what the model counted since the last look. */
static bool diff_counters(struct diff *d)
{
	uint64_t after[XR_STAT_MAX];
	bool ok = true;
	unsigned p, i;

	for (p = 0; p < DIFF_ROWS; p++) {
		if (diff_row_read(d, p, after))
			return diff_why(d, "stats read: %s", strerror(errno));
		for (i = 0; i < XR_STAT_MAX; i++) {
			int64_t got = (int64_t)(after[i] - d->before[p][i]);

			if (got != d->acc[p][i])
				ok = diff_why(d, "%s %u counter %s moved by %lld, model says %lld",
					      p < MDL_PORTS ? "port" : "VLAN interface row",
					      p < MDL_PORTS ? p : XR_MAX_PORTS + p - MDL_PORTS,
					      xr_stat_names[i], (long long)got,
					      (long long)d->acc[p][i]);
		}
		memcpy(d->before[p], after, sizeof(after));
	}
	memset(d->acc, 0, sizeof(d->acc));
	return ok;
}

static bool diff_handoff(struct diff *d, unsigned port)
{
	const struct mdl_result *w = d->want;
	const struct h_frame *f = &d->h.frames[0];
	unsigned n;

	/* The test run wrote the ring already: read it without an epoll_wait(). */
	d->h.nframes = 0;
	d->h.nframes_lost = 0;
	dp_handoff_consume(d->h.dp);
	n = d->h.nframes;

	if (w->handoff < 0)
		return n == 0 || diff_why(d, "%u frames handed off (reason %s), model says none",
					  n, xr_stat_names[f->h.reason]);
	if (n != 1)
		return diff_why(d, "%u frames handed off, model says one (%s)", n,
				xr_stat_names[w->handoff]);
	if (f->h.reason != w->handoff)
		return diff_why(d, "handed off as %s, model says %s",
				xr_stat_names[f->h.reason], xr_stat_names[w->handoff]);
	if (f->h.ifindex != d->h.ifindex[port] || f->h.ifid != w->ho_ifid)
		return diff_why(d, "handed off from ifindex %u ifid %#x, model says %u %#x",
				f->h.ifindex, f->h.ifid, d->h.ifindex[port], w->ho_ifid);
	if (w->ho_nh_af == 6 && (f->h.nh_ip.af != XR_AF_INET6 ||
				 memcmp(f->h.nh_ip.b, w->ho_nh_ip6, 16)))
		return diff_why(d, "hand-off IPv6 next hop differs from the model's");
	if (f->h.nh_ifid != w->ho_nh_ifid || f->h.mtu != w->ho_mtu ||
	    (w->ho_nh_ip && ntohl(f->h.nh_ip.v4) != w->ho_nh_ip))
		return diff_why(d, "hand-off next hop %#x %08x mtu %u, model says %#x %08x %u",
				f->h.nh_ifid, ntohl(f->h.nh_ip.v4), f->h.mtu, w->ho_nh_ifid,
				w->ho_nh_ip, w->ho_mtu);
	if (f->h.len != w->handed_len)
		return diff_why(d, "hand-off len %u, model says %zu", f->h.len, w->handed_len);
	return diff_bytes(d, f->b, f->len, w->handed, w->handed_len, "handed-off frame");
}

/*
 * What a forwarded IPv6 frame must be whatever the model says: hop limit
 * above 0, no never-forwarded or link-local address, its payload in the frame.
 */
static bool diff_forward6_valid(struct diff *d, const struct pkt *out, size_t l2)
{
	const uint8_t *h = out->b + l2;

	if (out->len < l2 + 40 || h[0] >> 4 != 6)
		return diff_why(d, "forwarded an IPv6 frame without a whole IPv6 header");
	if (h[7] == 0)
		return diff_why(d, "forwarded with hop limit 0");
	if (mdl_src6_never(h + 8) || mdl_dst6_never(h + 24) || h[24] == 0xff)
		return diff_why(d, "forwarded a never-forwarded IPv6 address");
	if (h[8] == 0xfe && (h[9] & 0xc0) == 0x80)
		return diff_why(d, "forwarded a link-local source off its link");
	if (40 + (size_t)(h[4] << 8 | h[5]) > out->len - l2)
		return diff_why(d, "forwarded with payload length %u in %zu bytes",
				h[4] << 8 | h[5], out->len - l2);
	return true;
}

/*
 * What a forwarded frame must be whatever the model says; IPv4: a valid
 * header, TTL above 0, no martian, no length past the frame.
 */
static bool diff_forward_valid(struct diff *d, const struct pkt *out)
{
	size_t l2 = out->len >= 18 && out->b[12] == 0x81 && out->b[13] == 0x00 ? 18 : 14;
	const uint8_t *h = out->b + l2;
	size_t hl;
	uint32_t src, dst;

	if (out->len >= l2 && out->b[l2 - 2] == 0x86 && out->b[l2 - 1] == 0xdd)
		return diff_forward6_valid(d, out, l2);
	if (out->len < l2 + 20 || out->b[l2 - 2] != 0x08 || out->b[l2 - 1] != 0x00)
		return diff_why(d, "forwarded a frame that is not IPv4 or IPv6, untagged or 802.1Q");
	hl = (size_t)(h[0] & 15) * 4;
	if (h[0] >> 4 != 4 || hl < 20 || l2 + hl > out->len)
		return diff_why(d, "forwarded an IPv4 header of version %u, %zu bytes", h[0] >> 4, hl);
	if (mdl_csum(h, hl) != 0)
		return diff_why(d, "forwarded with a bad header checksum");
	if (h[8] == 0)
		return diff_why(d, "forwarded with TTL 0");
	src = (uint32_t)h[12] << 24 | h[13] << 16 | h[14] << 8 | h[15];
	dst = (uint32_t)h[16] << 24 | h[17] << 16 | h[18] << 8 | h[19];
	if (mdl_src_martian(src) || mdl_dst_never(dst))
		return diff_why(d, "forwarded a martian %08x -> %08x", src, dst);
	if ((size_t)(h[2] << 8 | h[3]) > out->len - l2 || (size_t)(h[2] << 8 | h[3]) < hl)
		return diff_why(d, "forwarded with total length %u in %zu bytes",
				h[2] << 8 | h[3], out->len - l2);
	return true;
}

/*
 * One frame (d->in) through both; false (and d->h.why) on a difference.
 * Counters are added up for diff_counters().  A frame whose source MAC
 * changed was routed, whatever the model says: it must be valid IPv4.
 */
static bool diff_frame(struct diff *d, unsigned port)
{
	uint32_t verdict = ~0u;
	unsigned i;
	bool ok;

	d->h.why[0] = 0;
	mdl_run(&d->t, port, d->in->b, d->in->len, clock_now_ns(), d->want);
	for (i = 0; i < XR_STAT_MAX; i++) {
		d->acc[port][i] += d->want->cnt[i];
		d->total[i] += (uint64_t)(d->want->cnt[i] + d->want->vcnt[i]);
		if (d->want->vrow)
			d->acc[diff_row_of(d->want->vrow)][i] += d->want->vcnt[i];
	}
	if (h_run(&d->h, d->h.ifindex[port], d->in, &verdict, d->out))
		return diff_why(d, "test run failed: %s", strerror(errno));
	ok = verdict == (uint32_t)d->want->verdict ||
	     diff_why(d, "verdict %u, model says %d", verdict, d->want->verdict);
	if (ok && (verdict == XDP_PASS || verdict == XDP_REDIRECT))
		ok = diff_bytes(d, d->out->b, d->out->len, d->want->out, d->want->out_len,
				"frame out");
	ok = diff_handoff(d, port) && ok;	/* always drain the ring */
	if (verdict == XDP_REDIRECT && d->out->len >= 12 && d->in->len >= 12 &&
	    memcmp(d->out->b + 6, d->in->b + 6, 6) && !diff_forward_valid(d, d->out)) {
		d->invalid++;
		ok = false;
	}
	return ok;
}

/* ---- reproducers: tables and frame as text ---- */

static const char *a6_str(const uint8_t *a, char *buf)
{
	return inet_ntop(AF_INET6, a, buf, INET6_ADDRSTRLEN);
}

static void repro_write_tables(FILE *f, const struct mdl_tables *t, uint64_t now)
{
	char p6[INET6_ADDRSTRLEN], g6[INET6_ADDRSTRLEN];
	unsigned i;

	fprintf(f, "fib %s\n", t->fib_dxr ? "dxr" : "dir24");
	for (i = 0; i < MDL_PORTS; i++) {
		fprintf(f, "port %u flags %u mtu %u bridge %u\n", i, t->port[i].flags,
			t->port[i].mtu, t->port[i].bridge);
		if (t->port[i].pvid)
			fprintf(f, "pvid %u %u\n", i, t->port[i].pvid);
	}
	for (i = 0; i < t->nvlan; i++)
		fprintf(f, "vlan %u %u %u stats %u\n", t->vlan[i].row, t->vlan[i].vid,
			t->vlan[i].flags, t->vlan[i].stats);
	for (i = 1; i < MDL_BRIDGES; i++)
		fprintf(f, "bridge %u flags %u mtu %u ageing %llu\n", i, t->bridge[i].flags,
			t->bridge[i].mtu, (unsigned long long)t->bridge[i].ageing_ns);
	for (i = 0; i < t->nroute; i++)
		fprintf(f, "route %08x/%u type %u proto %u ifid %#x gw %08x metric %u\n",
			t->route[i].prefix, t->route[i].len, t->route[i].type, t->route[i].proto,
			t->route[i].ifid, t->route[i].gw, t->route[i].metric);
	for (i = 0; i < t->ngroup; i++) {
		const struct mdl_group *grp = &t->group[i];

		fprintf(f, "group%s %u", grp->v6 ? "6" : "", i);
		for (unsigned k = 0; k < grp->n; k++) {
			if (grp->v6)
				fprintf(f, " %#x %s %u", grp->nh[k].ifid, a6_str(grp->nh[k].gw6, g6),
					grp->nh[k].weight);
			else
				fprintf(f, " %#x %08x %u", grp->nh[k].ifid, grp->nh[k].gw,
					grp->nh[k].weight);
		}
		fprintf(f, "\n");
	}
	for (i = 0; i < t->nneigh; i++) {
		const uint8_t *m = t->neigh[i].mac;

		fprintf(f, "neigh %#x %08x %02x:%02x:%02x:%02x:%02x:%02x\n", t->neigh[i].ifid,
			t->neigh[i].ip, m[0], m[1], m[2], m[3], m[4], m[5]);
	}
	for (i = 0; i < t->nroute6; i++) {
		const struct mdl_route6 *r = &t->route6[i];

		fprintf(f, "route6 %s/%u type %u proto %u ifid %#x gw %s metric %u\n",
			a6_str(r->prefix, p6), r->len, r->type, r->proto, r->ifid,
			a6_str(r->gw, g6), r->metric);
	}
	for (i = 0; i < t->nneigh6; i++) {
		const uint8_t *m = t->neigh6[i].mac;

		fprintf(f, "neigh6 %#x %s %02x:%02x:%02x:%02x:%02x:%02x\n", t->neigh6[i].ifid,
			a6_str(t->neigh6[i].ip, p6), m[0], m[1], m[2], m[3], m[4], m[5]);
	}
	/* Ports by index and ages, not ifindexes and times: a replay has its own. */
	for (i = 0; i < t->nfdb; i++) {
		const struct mdl_fdb *e = &t->fdb[i];
		const uint8_t *m = e->mac;
		unsigned p;

		for (p = 0; p < MDL_PORTS && t->port[p].ifindex != e->ifindex; p++)
			;
		fprintf(f, "fdb %u %02x:%02x:%02x:%02x:%02x:%02x port %u static %u age %lld vlan %u\n",
			e->bridge, m[0], m[1], m[2], m[3], m[4], m[5], p, e->is_static,
			(long long)(now - e->seen_ns), e->vlan);
	}
}

/* The window's tables and its frames up to the one that differs (all of them: counters). */
static void repro_write(struct diff *d, const struct mdl_tables *t)
{
	char path[512];
	FILE *f;
	size_t i;
	unsigned k;

	if (!d->repro_dir || d->repros >= d->max_repros)
		return;
	snprintf(path, sizeof(path), "%s/diff-%d-%u.repro", d->repro_dir, (int)getpid(), d->repros++);
	f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "xrdiff: %s: %s\n", path, strerror(errno));
		return;
	}
	fprintf(f, "# xrdiff reproducer: %s\n", d->h.why);
	repro_write_tables(f, t, clock_now_ns());
	for (k = 0; k < d->nwin; k++) {
		fprintf(f, "frame %u ", d->win[k].port);
		for (i = 0; i < d->win[k].len; i++)
			fprintf(f, "%02x", d->win[k].b[i]);
		fprintf(f, "\n");
	}
	fclose(f);
	printf("# reproducer: %s\n", path);
}

static int repro_mac(const char *s, uint8_t *m)
{
	return sscanf(s, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &m[0], &m[1], &m[2], &m[3], &m[4],
		      &m[5]) == 6 ? 0 : -EINVAL;
}

static int repro_frame(const char *hex, struct pkt *p)
{
	size_t n = strlen(hex), i;

	while (n && (hex[n - 1] == '\n' || hex[n - 1] == ' '))
		n--;
	if (n % 2 || n / 2 > sizeof(p->b))
		return -EINVAL;
	pkt_init(p);
	for (i = 0; i < n / 2; i++)
		if (sscanf(hex + 2 * i, "%2hhx", &p->b[i]) != 1)
			return -EINVAL;
	p->len = n / 2;
	return 0;
}

/*
 * One reproducer line: a table line into t (now: the clock FDB ages count
 * back from), or with now 0 a frame line into d->in and *port (returns 1);
 * 0 for a line of the other pass, -EINVAL for a bad one.  route6 and
 * neigh6 are tried before route and neigh, whose %x would read their 6.
 */
static int repro_line(struct diff *d, struct mdl_tables *t, const char *l, unsigned *port,
		      uint64_t now)
{
	unsigned a, b, c, e, g, h;
	unsigned long long u;
	long long age;
	char mac[32], word[16], a6[64], gw6[64];
	int n = 0;

	if (!now && strncmp(l, "frame ", 6)) {
		return 0;
	} else if (sscanf(l, "fib %15s", word) == 1) {
		t->fib_dxr = !strcmp(word, "dxr");
	} else if (sscanf(l, "port %u flags %u mtu %u bridge %u", &a, &b, &c, &e) == 4 &&
		   a < MDL_PORTS) {
		t->port[a] = (struct mdl_port){ .flags = b, .mtu = (uint16_t)c, .bridge = (uint16_t)e };
	} else if (sscanf(l, "bridge %u flags %u mtu %u ageing %llu", &a, &b, &c, &u) == 4 &&
		   a && a < MDL_BRIDGES) {
		t->bridge[a].flags = b;
		t->bridge[a].mtu = (uint16_t)c;
		t->bridge[a].ageing_ns = u;
		t->bridge[a].mac[0] = 2;
		t->bridge[a].mac[4] = 0x0b;
		t->bridge[a].mac[5] = (uint8_t)a;
	} else if (sscanf(l, "route6 %63[^/]/%u type %u proto %u ifid %x gw %63s metric %u", a6,
			  &b, &c, &e, &g, gw6, &h) == 7 && t->nroute6 < MDL_ROUTES) {
		struct mdl_route6 *r = &t->route6[t->nroute6++];

		*r = (struct mdl_route6){ .len = (uint8_t)b, .type = (uint8_t)c, .proto = (uint8_t)e,
					  .ifid = g, .metric = h };
		if (inet_pton(AF_INET6, a6, r->prefix) != 1 || inet_pton(AF_INET6, gw6, r->gw) != 1)
			return -EINVAL;
	} else if (sscanf(l, "neigh6 %x %63s %31s", &a, a6, mac) == 3 && t->nneigh6 < MDL_NEIGH) {
		struct mdl_neigh6 *nb = &t->neigh6[t->nneigh6++];

		nb->ifid = a;
		if (inet_pton(AF_INET6, a6, nb->ip) != 1 || repro_mac(mac, nb->mac))
			return -EINVAL;
	} else if (sscanf(l, "route %x/%u type %u proto %u ifid %x gw %x metric %u", &a, &b, &c,
			  &e, &g, &h, &n) == 7 && t->nroute < MDL_ROUTES) {
		t->route[t->nroute++] = (struct mdl_route){ .prefix = a, .len = (uint8_t)b,
			.type = (uint8_t)c, .proto = (uint8_t)e, .ifid = g, .gw = h,
			.metric = (uint32_t)n };
	} else if (sscanf(l, "group6 %u %n", &a, &n) == 1 && a == t->ngroup && a < MDL_ROUTES) {
		struct mdl_group *grp = &t->group[t->ngroup++];

		grp->v6 = true;
		for (grp->n = 0; grp->n < MDL_NH_MAX &&
		     sscanf(l + n, "%x %63s %u %n", &b, gw6, &e, &g) == 3; grp->n++, n += g) {
			grp->nh[grp->n] = (struct mdl_nh){ .ifid = b, .weight = (uint16_t)e };
			if (inet_pton(AF_INET6, gw6, grp->nh[grp->n].gw6) != 1)
				return -EINVAL;
		}
	} else if (sscanf(l, "group %u %n", &a, &n) == 1 && a == t->ngroup && a < MDL_ROUTES) {
		struct mdl_group *grp = &t->group[t->ngroup++];

		for (grp->n = 0; grp->n < MDL_NH_MAX &&
		     sscanf(l + n, "%x %x %u %n", &b, &c, &e, &g) == 3; grp->n++, n += g)
			grp->nh[grp->n] = (struct mdl_nh){ .ifid = b, .gw = c, .weight = (uint16_t)e };
	} else if (sscanf(l, "neigh %x %x %31s", &a, &b, mac) == 3 && t->nneigh < MDL_NEIGH) {
		t->neigh[t->nneigh] = (struct mdl_neigh){ .ifid = a, .ip = b };
		if (repro_mac(mac, t->neigh[t->nneigh++].mac))
			return -EINVAL;
	} else if (sscanf(l, "pvid %u %u", &a, &b) == 2 && a < MDL_PORTS) {
		t->port[a].pvid = (uint16_t)b;
	} else if (sscanf(l, "vlan %u %u %u", &a, &b, &c) == 3 && t->nvlan < MDL_VLANS) {
		e = 0;	/* reproducers older than VLAN interfaces' counters have none */
		sscanf(l, "vlan %*u %*u %*u stats %u", &e);
		t->vlan[t->nvlan++] = (struct mdl_vlan){ .row = a, .vid = (uint16_t)b,
							 .flags = (uint8_t)c, .stats = (uint16_t)e };
	} else if (sscanf(l, "fdb %u %31s port %u static %u age %lld", &a, mac, &b, &c, &age) == 5 &&
		   t->nfdb < MDL_FDB && b < MDL_PORTS) {
		struct mdl_fdb *f = &t->fdb[t->nfdb++];

		e = 0;	/* reproducers older than VLANs have no vlan */
		sscanf(l, "fdb %*u %*s port %*u static %*u age %*d vlan %u", &e);
		*f = (struct mdl_fdb){ .bridge = (uint16_t)a, .ifindex = d->h.ifindex[b],
				       .is_static = c, .seen_ns = now - (uint64_t)age,
				       .vlan = (uint16_t)e };
		if (repro_mac(mac, f->mac))
			return -EINVAL;
	} else if (sscanf(l, "frame %u %n", port, &n) == 1 && n && *port < MDL_PORTS) {
		if (!now)	/* the second pass, tables loaded */
			return repro_frame(l + n, d->in) ? -EINVAL : 1;
	} else if (l[0] != '#' && l[0] != '\n') {
		return -EINVAL;
	}
	return 0;
}

static void hex_line(const char *what, const uint8_t *b, size_t n)
{
	size_t i;

	printf("# %s (%zu):", what, n);
	for (i = 0; i < n; i++)
		printf("%s%02x", i % 32 ? "" : "\n#   ", b[i]);
	printf("\n");
}

/* XRDIFF_VERBOSE: both sides of a replayed difference, whole. */
static void repro_dump(struct diff *d)
{
	printf("# model: verdict %d, oif %u, flood %u, hand-off %d\n", d->want->verdict,
	       d->want->oif, d->want->flood_bridge, d->want->handoff);
	hex_line("frame in", d->in->b, d->in->len);
	hex_line("program out", d->out->b, d->out->len);
	hex_line("model out", d->want->out, d->want->out_len);
}

/* Each frame of a loaded reproducer, counters read after each; false at the first difference. */
static bool repro_frames(struct diff *d, char **lines, size_t n)
{
	unsigned port, k = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (repro_line(d, &d->t, lines[i], &port, 0) != 1)
			continue;
		k++;
		if (!diff_frame(d, port) || !diff_counters(d)) {
			if (getenv("XRDIFF_VERBOSE"))
				repro_dump(d);
			printf("# frame %u of the reproducer differs\n", k);
			return false;
		}
	}
	return k > 0 || diff_why(d, "no frame");
}

/* Run one reproducer file; true if the program and the model agree on every frame. */
static bool repro_replay(struct diff *d, const char *path)
{
	char **lines = NULL, **more, *line = NULL;
	size_t cap = 0, n = 0, i;
	unsigned port;
	bool ok = false;
	uint64_t now = clock_now_ns();
	FILE *f = fopen(path, "r");
	int err = 0;

	d->h.why[0] = 0;
	memset(&d->t, 0, sizeof(d->t));
	if (!f) {
		diff_why(d, "%s", strerror(errno));
		goto out;
	}
	while (getline(&line, &cap, f) > 0) {
		more = realloc(lines, (n + 1) * sizeof(*lines));
		if (!more)
			break;
		lines = more;
		lines[n++] = line;
		line = NULL;
		cap = 0;
	}
	fclose(f);
	free(line);
	/* The tables first, whatever the order of the lines, then the frames. */
	for (i = 0; i < n && err >= 0; i++)
		err = repro_line(d, &d->t, lines[i], &port, now);
	if (err < 0)
		diff_why(d, "not a reproducer (bad line)");
	else if ((err = diff_load(d)))
		diff_why(d, "loading the tables: %s", strerror(-err));
	else
		ok = repro_frames(d, lines, n);
	for (i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
out:
	printf("%s - replay %s%s%s\n", ok ? "ok" : "not ok", path, ok ? "" : ": ",
	       ok ? "" : d->h.why);
	return ok;
}

/* ---- the run ---- */

/* A difference: say so (the first few), write the window, count it. */
static void diff_found(struct diff *d, uint64_t i)
{
	d->differences++;
	if (d->differences <= 20)
		printf("# difference %llu at frame %llu: %s\n", (unsigned long long)d->differences,
		       (unsigned long long)i, d->h.why);
	repro_write(d, d->win_start);
}

/* One window of frames on the current tables; false on a difference. */
static bool diff_window(struct diff *d, struct gen_rng *g, uint64_t *i, uint64_t end)
{
	struct win_frame *w;

	/* The tables as they were before the window: only the FDB learns. */
	d->win_start->nfdb = d->t.nfdb;
	memcpy(d->win_start->fdb, d->t.fdb, d->t.nfdb * sizeof(d->t.fdb[0]));
	for (d->nwin = 0; d->nwin < DIFF_WINDOW && *i < end; (*i)++) {
		w = &d->win[d->nwin++];
		gen_frame(g, &d->t, d->in->b, &d->in->len, &w->port);
		memcpy(w->b, d->in->b, d->in->len);
		w->len = d->in->len;
		d->frames++;
		if (!diff_frame(d, w->port)) {
			diff_found(d, *i);
			return false;
		}
	}
	if (!diff_counters(d)) {
		diff_found(d, *i);
		return false;
	}
	return true;
}

static int diff_fuzz(struct diff *d, uint64_t frames, uint64_t seed, uint64_t per_table)
{
	struct gen_rng g = { .s = seed ? seed : 1 };
	struct timespec t0, t1;
	uint64_t i = 0, end;
	double secs;
	int err = 0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (!err && i < frames) {
		end = i + per_table < frames ? i + per_table : frames;
		gen_tables(&g, d->h.ifindex, clock_now_ns(), &d->t);
		err = diff_load(d);
		if (!err)
			*d->win_start = d->t;
		/* After a difference the two may disagree on the FDB: new tables. */
		while (!err && i < end && diff_window(d, &g, &i, end))
			;
		i = end;
		if (i % 10000000 == 0 && i < frames) {	/* long runs say how far they are */
			clock_gettime(CLOCK_MONOTONIC, &t1);
			secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
			printf("# %llu frames, %.0f s, %llu differences\n", (unsigned long long)i,
			       secs, (unsigned long long)d->differences);
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("# reached:");
	for (unsigned k = 0; k < XR_STAT_MAX; k++)
		printf(" %s %llu", xr_stat_names[k], (unsigned long long)d->total[k]);
	printf("\n# %llu frames in %.1f s: %.0f frames/s, seed %llu, %llu per table\n",
	       (unsigned long long)d->frames, secs, (double)d->frames / secs,
	       (unsigned long long)seed, (unsigned long long)per_table);
	return err;
}

static void usage(void)
{
	fprintf(stderr, "usage: xrdiff [-n FRAMES] [-s SEED] [-t FRAMES_PER_TABLE] [-o DIR] "
		"[-m MAX_REPROS] [-c CPU]\n       xrdiff --replay FILE...\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static struct h_frame frames[H_HANDOFF_MAX];
	static struct diff d = { .h.frames = frames, .max_repros = 10 };
	static const struct option lo[] = { { "replay", no_argument, NULL, 'r' }, { 0 } };
	uint64_t n = 1000000, seed = 0, per_table = 50000;
	int cpu = -1;
	unsigned pass = 0, fail = 0;
	bool replay = false;
	int c, err;

	while ((c = getopt_long(argc, argv, "n:s:t:o:m:c:", lo, NULL)) != -1) {
		switch (c) {
		case 'n': n = strtoull(optarg, NULL, 0); break;
		case 's': seed = strtoull(optarg, NULL, 0); break;
		case 't': per_table = strtoull(optarg, NULL, 0); break;
		case 'o': d.repro_dir = optarg; break;
		case 'm': d.max_repros = (unsigned)strtoul(optarg, NULL, 0); break;
		case 'c': cpu = atoi(optarg); break;
		case 'r': replay = true; break;
		default: usage();
		}
	}
	if (!per_table || (!replay && optind != argc))
		usage();
	if (!seed)
		seed = (uint64_t)time(NULL) ^ (uint64_t)getpid() << 32;
	setvbuf(stdout, NULL, _IOLBF, 0);
	libbpf_set_print(diff_libbpf_print);
	d.want = malloc(sizeof(*d.want));
	d.win_start = malloc(sizeof(*d.win_start));
	d.in = malloc(sizeof(*d.in));
	d.out = malloc(sizeof(*d.out));
	diff_pin_cpu(cpu);
	err = !d.want || !d.in || !d.out || !d.win_start ? -ENOMEM : diff_netns(&d);
	if (err) {
		printf("not ok - set up the namespace: %s\n0 passed, 1 failed\n", strerror(-err));
		return 1;
	}
	if (replay) {
		for (; optind < argc; optind++)
			repro_replay(&d, argv[optind]) ? pass++ : fail++;
	} else {
		err = diff_fuzz(&d, n, seed, per_table);
		if (err)
			printf("not ok - datapath: %s\n", strerror(-err));
		else if (d.differences || d.invalid)
			printf("not ok - %llu frames: %llu differences from the model, "
			       "%llu invalid forwards (seed %llu)\n",
			       (unsigned long long)d.frames, (unsigned long long)d.differences,
			       (unsigned long long)d.invalid, (unsigned long long)seed);
		else
			printf("ok - %llu frames: 0 differences from the model, 0 invalid forwards\n",
			       (unsigned long long)d.frames);
		err || d.differences || d.invalid ? fail++ : pass++;
	}
	if (d.h.dp)
		h_close(&d.h);
	printf("%u passed, %u failed\n", pass, fail);
	return fail ? 1 : 0;
}
