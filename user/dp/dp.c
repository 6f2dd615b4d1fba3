// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The datapath library (dp.h): loads the XDP program through its skeleton,
 * adopts the maps of a program a previous daemon left attached, maps the
 * FIB arrays into this process, and reads handed-off frames.
 */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/if_link.h>

#include "dp.h"
#include "log.h"
#include "rib.h"
#include "xrouter.skel.h"

#define XR_PROG_NAME		"xdp_port"

struct dp {
	struct xrouter *skel;
	uint32_t *tbl24;
	uint32_t *tbl8;
	uint64_t *fibd;
	uint32_t *fibr;
	uint32_t *fib6d;
	uint32_t *fib6n;
	bool fib_dxr;		/* the DXR maps are full size and compiled */
	struct xr_nexthop *nexthops;
	struct ring_buffer *rb;
	dp_handoff_fn handoff_fn;
	void *handoff_ctx;
	struct ring_buffer *trace_rb;
	dp_trace_fn trace_fn;
	void *trace_ctx;
	int ncpus;
	/* The flood lists' shape as bpf/maps.h declares it (struct flood_ports):
	 * read before load, since libbpf frees its template of the inner map then. */
	struct dp_map_shape {
		enum bpf_map_type type;
		uint32_t key_size, value_size, max_entries;
	} flood_inner;
};

#define XR_STAT_NAME(name, str) [XR_STAT_##name] = str,
const char *const xr_stat_names[XR_STAT_MAX] = { XR_STAT_LIST(XR_STAT_NAME) };
#undef XR_STAT_NAME

static int map_fd(const struct bpf_map *map)
{
	return bpf_map__fd(map);
}

static int err_errno(void)
{
	return errno ? -errno : -EIO;
}

/* The id of an xrouter program attached to any interface here, or 0. */
static uint32_t dp_find_attached(void)
{
	struct if_nameindex *ifs = if_nameindex(), *i;
	uint32_t found = 0;

	if (!ifs)
		return 0;
	for (i = ifs; i->if_index && !found; i++) {
		LIBBPF_OPTS(bpf_xdp_query_opts, q);
		struct bpf_prog_info info = {};
		uint32_t len = sizeof(info);
		int fd;

		if (bpf_xdp_query(i->if_index, 0, &q) || !q.prog_id)
			continue;
		fd = bpf_prog_get_fd_by_id(q.prog_id);
		if (fd < 0) {
			/* Without CAP_SYS_ADMIN a program can be seen but not
			 * opened: say so, or a restart would silently start
			 * with empty tables instead of adopting. */
			if (errno == EPERM || errno == EACCES)
				pr_warn("%s: cannot open its XDP program %u to adopt it: %s\n",
					i->if_name, q.prog_id, strerror(errno));
			continue;
		}
		if (!bpf_obj_get_info_by_fd(fd, &info, &len) &&
		    !strcmp(info.name, XR_PROG_NAME))
			found = q.prog_id;
		close(fd);
	}
	if_freenameindex(ifs);
	return found;
}

/* Point every map of the skeleton at the same-named map of program id. */
static int dp_reuse_maps(struct xrouter *skel, uint32_t prog_id)
{
	struct bpf_prog_info info = {};
	uint32_t len = sizeof(info), ids[64], n, i;
	int pfd, err = 0;

	pfd = bpf_prog_get_fd_by_id(prog_id);
	if (pfd < 0)
		return err_errno();
	info.nr_map_ids = 64;
	info.map_ids = (uintptr_t)ids;
	if (bpf_obj_get_info_by_fd(pfd, &info, &len)) {
		err = err_errno();
		goto out;
	}
	n = info.nr_map_ids < 64 ? info.nr_map_ids : 64;
	for (i = 0; i < n && !err; i++) {
		struct bpf_map_info mi = {};
		uint32_t mlen = sizeof(mi);
		struct bpf_map *map = NULL;
		int fd = bpf_map_get_fd_by_id(ids[i]);

		if (fd < 0)
			continue;
		if (!bpf_obj_get_info_by_fd(fd, &mi, &mlen))
			map = bpf_object__find_map_by_name(skel->obj, mi.name);
		if (map)
			err = bpf_map__reuse_fd(map, fd);
		close(fd);	/* reuse_fd dup()s it */
	}
out:
	close(pfd);
	return err;
}

/*
 * The FIB arrays stay mapped in a forked child: the control socket's
 * children (ctl.c) answer `route get` from them.  Their page tables cost
 * the fork ~20k entries to copy, not the 80 MB they map.
 */
static void *dp_mmap(const struct bpf_map *map)
{
	size_t len = (size_t)bpf_map__max_entries(map) * bpf_map__value_size(map);
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, map_fd(map), 0);

	return p == MAP_FAILED ? NULL : p;
}

static void dp_munmap(void *p, const struct bpf_map *map)
{
	if (p)
		munmap(p, (size_t)bpf_map__max_entries(map) * bpf_map__value_size(map));
}

static int dp_map_fib(struct dp *dp)
{
	struct xrouter *s = dp->skel;

	dp->tbl24 = dp_mmap(s->maps.tbl24);
	dp->tbl8 = dp_mmap(s->maps.tbl8);
	dp->fibd = dp_mmap(s->maps.fibd);
	dp->fibr = dp_mmap(s->maps.fibr);
	dp->nexthops = dp_mmap(s->maps.nexthops);
	dp->fib6d = dp_mmap(s->maps.fib6d);
	dp->fib6n = dp_mmap(s->maps.fib6n);
	if (!dp->tbl24 || !dp->tbl8 || !dp->fibd || !dp->fibr || !dp->nexthops ||
	    !dp->fib6d || !dp->fib6n)
		return err_errno();
	return 0;
}

static int dp_libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	enum log_level l = LOG_LEVEL_DEBUG;	/* libbpf's info is chatty: debug for us */

	if (level == LIBBPF_WARN)
		l = LOG_LEVEL_WARN;
	log_vprint(l, fmt, ap);
	return 0;
}

void dp_log_hook(void)
{
	libbpf_set_print(dp_libbpf_print);
}

static void dp_shape_of(const struct bpf_map *m, struct dp_map_shape *s)
{
	s->type = bpf_map__type(m);
	s->key_size = bpf_map__key_size(m);
	s->value_size = bpf_map__value_size(m);
	s->max_entries = bpf_map__max_entries(m);
}

/* The DXR maps at full size, or one element each when nothing searches them. */
static int dp_fib_dxr_size(struct xrouter *s, bool on)
{
	int err;

	err = bpf_map__set_max_entries(s->maps.fibd, on ? XR_DXR_DIRECT / XR_DXR_CHUNK : 1);
	if (!err)
		err = bpf_map__set_max_entries(s->maps.fibr, on ? XR_DXR_RANGES / 16 : 1);
	return err;
}

/* An adopted program's DXR maps may be the one-element kind: then no DXR. */
static bool dp_fib_dxr_full(const struct xrouter *s)
{
	return bpf_map__max_entries(s->maps.fibd) == XR_DXR_DIRECT / XR_DXR_CHUNK &&
	       bpf_map__max_entries(s->maps.fibr) == XR_DXR_RANGES / 16;
}

/* A new program's tbl8 and IPv6 node maps at the sizes asked for. */
static int dp_fib_size(struct xrouter *s, const struct dp_opts *opts)
{
	int err = 0;

	if (!opts)
		return 0;
	if (opts->tbl8_groups > XR_TBL8_GROUPS_MAX || opts->fib6_nodes > XR_FIB6_NODES_MAX)
		return -E2BIG;
	if (opts->tbl8_groups)
		err = bpf_map__set_max_entries(s->maps.tbl8, opts->tbl8_groups *
						(XR_TBL8_GROUP_SIZE / XR_FIB_CHUNK));
	if (!err && opts->fib6_nodes)
		err = bpf_map__set_max_entries(s->maps.fib6n, opts->fib6_nodes);
	return err;
}

int dp_open(struct dp **out, const struct dp_opts *opts, bool *adopted)
{
	uint32_t prog_id = opts && opts->adopt ? dp_find_attached() : 0;
	struct dp *dp = calloc(1, sizeof(*dp));
	int err = 0;

	if (adopted)
		*adopted = false;
	if (!dp)
		return -ENOMEM;
	dp->ncpus = libbpf_num_possible_cpus();
	dp->skel = xrouter__open();
	if (!dp->skel) {
		err = err_errno();
		goto fail;
	}
	dp_shape_of(bpf_map__inner_map(dp->skel->maps.flood), &dp->flood_inner);
	err = dp_fib_dxr_size(dp->skel, opts && opts->fib_dxr);
	if (!err && prog_id) {
		err = dp_reuse_maps(dp->skel, prog_id);
	} else {
		err = dp_fib_size(dp->skel, opts);
	}
	if (err)
		goto fail;
	dp->fib_dxr = opts && opts->fib_dxr && dp_fib_dxr_full(dp->skel);
	dp->skel->rodata->xr_fib_dxr = dp->fib_dxr;
	err = xrouter__load(dp->skel);
	if (err)
		goto fail;
	if (!(opts && opts->skip_fib_mmap)) {
		err = dp_map_fib(dp);
		if (err)
			goto fail;
		/* An adopted program may search DXR: make it read DIR-24-8 (fib.h kind 0). */
		if (!dp->fib_dxr)
			memset(dp->fibd, 0, (size_t)bpf_map__max_entries(dp->skel->maps.fibd) *
					     bpf_map__value_size(dp->skel->maps.fibd));
	}
	if (adopted)
		*adopted = prog_id != 0;
	*out = dp;
	return 0;
fail:
	dp_close(dp);
	return err;
}

void dp_close(struct dp *dp)
{
	if (!dp)
		return;
	ring_buffer__free(dp->rb);
	ring_buffer__free(dp->trace_rb);
	if (dp->skel) {
		dp_munmap(dp->tbl24, dp->skel->maps.tbl24);
		dp_munmap(dp->tbl8, dp->skel->maps.tbl8);
		dp_munmap(dp->fibd, dp->skel->maps.fibd);
		dp_munmap(dp->fibr, dp->skel->maps.fibr);
		dp_munmap(dp->nexthops, dp->skel->maps.nexthops);
		dp_munmap(dp->fib6d, dp->skel->maps.fib6d);
		dp_munmap(dp->fib6n, dp->skel->maps.fib6n);
		xrouter__destroy(dp->skel);
	}
	free(dp);
}

int dp_state_dir(char *buf, size_t len)
{
	struct stat st;
	int n;

	if (stat("/proc/self/ns/net", &st))
		return err_errno();
	if (mkdir("/run/xrouter", 0755) && errno != EEXIST)
		return err_errno();
	n = snprintf(buf, len, "/run/xrouter/%lu", (unsigned long)st.st_ino);
	if (n < 0 || (size_t)n >= len)
		return -ENAMETOOLONG;
	if (mkdir(buf, 0755) && errno != EEXIST)
		return err_errno();
	return 0;
}

int dp_prog_fd(const struct dp *dp)
{
	return bpf_program__fd(dp->skel->progs.xdp_port);
}

static int dp_update(const struct bpf_map *map, const void *k, const void *v)
{
	return bpf_map_update_elem(map_fd(map), k, v, BPF_ANY) ? err_errno() : 0;
}

static int dp_lookup(const struct bpf_map *map, const void *k, void *v)
{
	return bpf_map_lookup_elem(map_fd(map), k, v) ? err_errno() : 0;
}

static int dp_delete(const struct bpf_map *map, const void *k)
{
	return bpf_map_delete_elem(map_fd(map), k) ? err_errno() : 0;
}

int dp_port_set(struct dp *dp, uint32_t ifindex, const struct xr_port *port)
{
	struct bpf_devmap_val tx = { .ifindex = ifindex };
	int err;

	if (ifindex >= XR_MAX_IFINDEX || port->slot >= XR_MAX_PORTS)
		return -ERANGE;
	/* The egress slot first: the port is usable the moment it is active. */
	err = dp_update(dp->skel->maps.tx_ports, &ifindex, &tx);
	if (err)
		return err;
	return dp_update(dp->skel->maps.ports, &ifindex, port);
}

int dp_port_get(struct dp *dp, uint32_t ifindex, struct xr_port *port)
{
	if (ifindex >= XR_MAX_IFINDEX)
		return -ERANGE;
	return dp_lookup(dp->skel->maps.ports, &ifindex, port);
}

int dp_port_clear(struct dp *dp, uint32_t ifindex)
{
	struct xr_port none = {};
	int err;

	if (ifindex >= XR_MAX_IFINDEX)
		return -ERANGE;
	err = dp_update(dp->skel->maps.ports, &ifindex, &none);
	if (err)
		return err;
	err = dp_delete(dp->skel->maps.tx_ports, &ifindex);
	return err == -ENOENT ? 0 : err;
}

int dp_attach(struct dp *dp, uint32_t ifindex, uint32_t xdp_flags)
{
	/* Without UPDATE_IF_NOEXIST this replaces a program atomically. */
	int err = bpf_xdp_attach(ifindex, dp_prog_fd(dp), xdp_flags, NULL);

	return err < 0 ? err : 0;
}

/* Detach only an xrouter program: someone else's stays where it is. */
int dp_detach(struct dp *dp, uint32_t ifindex)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, q);
	struct bpf_prog_info info = {};
	uint32_t len = sizeof(info), mode;
	int fd, err, ours;

	(void)dp;
	err = bpf_xdp_query(ifindex, 0, &q);
	if (err < 0)
		return err;
	if (!q.prog_id)
		return 0;
	fd = bpf_prog_get_fd_by_id(q.prog_id);
	if (fd < 0)
		return err_errno();
	ours = !bpf_obj_get_info_by_fd(fd, &info, &len) && !strcmp(info.name, XR_PROG_NAME);
	close(fd);
	if (!ours)
		return -EBUSY;
	mode = q.attach_mode == XDP_ATTACHED_SKB ? XDP_FLAGS_SKB_MODE : XDP_FLAGS_DRV_MODE;
	err = bpf_xdp_detach(ifindex, mode, NULL);
	return err < 0 ? err : 0;
}

int dp_bridge_set(struct dp *dp, uint16_t id, const struct xr_bridge *br)
{
	uint32_t k = id;

	if (k >= XR_MAX_BRIDGES)
		return -ERANGE;
	return dp_update(dp->skel->maps.bridges, &k, br);
}

int dp_bridge_get(struct dp *dp, uint16_t id, struct xr_bridge *br)
{
	uint32_t k = id;

	if (k >= XR_MAX_BRIDGES)
		return -ERANGE;
	return dp_lookup(dp->skel->maps.bridges, &k, br);
}

int dp_neigh_set(struct dp *dp, const struct xr_neigh_key *k, const struct xr_neigh *n)
{
	return dp_update(dp->skel->maps.neigh, k, n);
}

int dp_neigh_get(struct dp *dp, const struct xr_neigh_key *k, struct xr_neigh *n)
{
	return dp_lookup(dp->skel->maps.neigh, k, n);
}

int dp_neigh_del(struct dp *dp, const struct xr_neigh_key *k)
{
	return dp_delete(dp->skel->maps.neigh, k);
}

/*
 * Collect the keys first, then visit: the callback may delete entries,
 * which would make bpf_map_get_next_key() restart from the beginning.
 */
static int dp_foreach(const struct bpf_map *map, size_t max,
		      int (*visit)(const void *k, const void *v, void *ctx), void *ctx)
{
	size_t ksz = bpf_map__key_size(map), vsz = bpf_map__value_size(map), n = 0, i;
	char *keys = malloc(max * ksz), *val = malloc(vsz);
	int fd = map_fd(map), ret = 0;
	void *prev = NULL;

	if (!keys || !val) {
		ret = -ENOMEM;
		goto out;
	}
	while (n < max && !bpf_map_get_next_key(fd, prev, keys + n * ksz)) {
		prev = keys + n * ksz;
		n++;
	}
	for (i = 0; i < n && !ret; i++) {
		if (bpf_map_lookup_elem(fd, keys + i * ksz, val))
			continue;	/* deleted meanwhile */
		ret = visit(keys + i * ksz, val, ctx);
	}
out:
	free(keys);
	free(val);
	return ret < 0 ? ret : 0;
}

/*
 * The same walk reading the map in a few syscalls (BPF_MAP_LOOKUP_BATCH):
 * a full FDB read entry by entry is 130,000 syscalls, 0.6 s of the daemon's
 * loop for a metrics scrape or `fdb show`.  *done false when the kernel
 * could not batch this map: nothing was visited, walk it the other way.
 */
static int dp_foreach_batch(const struct bpf_map *map, size_t max,
			    int (*visit)(const void *k, const void *v, void *ctx), void *ctx,
			    bool *done)
{
	size_t ksz = bpf_map__key_size(map), vsz = bpf_map__value_size(map), n = 0, i;
	char *keys = malloc(max * ksz), *vals = malloc(max * vsz);
	__u64 tok_in = 0, tok_out = 0;	/* a hash map's token is a bucket index */
	int fd = map_fd(map), ret = 0, err = 0;

	*done = false;
	while (keys && vals && n < max && !err) {
		__u32 count = (__u32)(max - n);

		err = bpf_map_lookup_batch(fd, n ? &tok_in : NULL, &tok_out, keys + n * ksz,
					   vals + n * vsz, &count, NULL);
		n += count;
		tok_in = tok_out;
	}
	/* -ENOENT: the last batch, the map's end. */
	if (keys && vals && (!err || err == -ENOENT)) {
		*done = true;
		for (i = 0; i < n && !ret; i++)
			ret = visit(keys + i * ksz, vals + i * vsz, ctx);
	}
	free(keys);
	free(vals);
	return ret < 0 ? ret : 0;
}

struct neigh_visit {
	int (*fn)(const struct xr_neigh_key *, const struct xr_neigh *, void *);
	void *ctx;
};

static int dp_neigh_visit(const void *k, const void *v, void *ctx)
{
	struct neigh_visit *nv = ctx;

	return nv->fn(k, v, nv->ctx);
}

int dp_neigh_foreach(struct dp *dp,
		     int (*fn)(const struct xr_neigh_key *, const struct xr_neigh *, void *),
		     void *ctx)
{
	struct neigh_visit nv = { fn, ctx };

	return dp_foreach(dp->skel->maps.neigh, XR_NEIGH_MAX, dp_neigh_visit, &nv);
}

int dp_fdb_set(struct dp *dp, const struct xr_fdb_key *k, const struct xr_fdb *e)
{
	return dp_update(dp->skel->maps.fdb, k, e);
}

int dp_fdb_get(struct dp *dp, const struct xr_fdb_key *k, struct xr_fdb *e)
{
	return dp_lookup(dp->skel->maps.fdb, k, e);
}

int dp_flood_list_create(const struct dp *dp, const char *name)
{
	const struct dp_map_shape *s = &dp->flood_inner;
	int fd = bpf_map_create(s->type, name, s->key_size, s->value_size, s->max_entries, NULL);

	return fd < 0 ? err_errno() : fd;
}

int dp_flood_fd(const struct dp *dp)
{
	return map_fd(dp->skel->maps.flood);
}

int dp_fdb_del(struct dp *dp, const struct xr_fdb_key *k)
{
	return dp_delete(dp->skel->maps.fdb, k);
}

struct fdb_visit {
	int (*fn)(const struct xr_fdb_key *, const struct xr_fdb *, void *);
	void *ctx;
};

static int dp_fdb_visit(const void *k, const void *v, void *ctx)
{
	struct fdb_visit *fv = ctx;

	return fv->fn(k, v, fv->ctx);
}

int dp_fdb_foreach(struct dp *dp,
		   int (*fn)(const struct xr_fdb_key *, const struct xr_fdb *, void *),
		   void *ctx)
{
	struct fdb_visit fv = { fn, ctx };
	bool done;
	int ret = dp_foreach_batch(dp->skel->maps.fdb, XR_FDB_MAX, dp_fdb_visit, &fv, &done);

	return done ? ret : dp_foreach(dp->skel->maps.fdb, XR_FDB_MAX, dp_fdb_visit, &fv);
}

uint32_t *dp_tbl24(struct dp *dp)
{
	return dp->tbl24;
}

uint32_t *dp_tbl8(struct dp *dp)
{
	return dp->tbl8;
}

uint32_t dp_tbl8_groups(const struct dp *dp)
{
	return bpf_map__max_entries(dp->skel->maps.tbl8) * XR_FIB_CHUNK / XR_TBL8_GROUP_SIZE;
}

uint32_t dp_fib6_nodes(const struct dp *dp)
{
	return bpf_map__max_entries(dp->skel->maps.fib6n);
}

void dp_rib_tables(struct dp *dp, struct rib_tables *t)
{
	*t = (struct rib_tables){
		.tbl24 = dp->tbl24, .tbl8 = dp->tbl8, .nexthops = dp->nexthops,
		.tbl8_groups = dp_tbl8_groups(dp),
		.fib6_direct = dp->fib6d, .fib6_nodes = dp->fib6n,
		.fib6_nnodes = bpf_map__max_entries(dp->skel->maps.fib6n),
	};
	if (!dp->fib_dxr)
		return;
	t->dxr_direct = dp->fibd;
	t->dxr_ranges = dp->fibr;
	t->dxr_nranges = bpf_map__max_entries(dp->skel->maps.fibr) *
			 (sizeof(union xr_dxr_line) / sizeof(uint32_t));
}

struct xr_nexthop *dp_nexthops(struct dp *dp)
{
	return dp->nexthops;
}

/* Per-CPU values come as one row per possible CPU, each 8-byte aligned. */
int dp_stats_read(struct dp *dp, unsigned slot, uint64_t out[XR_STAT_MAX])
{
	size_t row = XR_STAT_MAX;
	uint64_t *vals = calloc((size_t)dp->ncpus, row * sizeof(*vals));
	uint32_t key = slot;
	int cpu, i, err;

	if (!vals)
		return -ENOMEM;
	memset(out, 0, XR_STAT_MAX * sizeof(*out));
	err = dp_lookup(dp->skel->maps.stats, &key, vals);
	for (cpu = 0; !err && cpu < dp->ncpus; cpu++)
		for (i = 0; i < XR_STAT_MAX; i++)
			out[i] += vals[cpu * row + i];
	free(vals);
	return err;
}

int dp_stats_clear(struct dp *dp, unsigned slot)
{
	uint64_t *vals = calloc((size_t)dp->ncpus, XR_STAT_MAX * sizeof(*vals));
	uint32_t key = slot;
	int err;

	if (!vals)
		return -ENOMEM;
	err = dp_update(dp->skel->maps.stats, &key, vals);
	free(vals);
	return err;
}

static int dp_handoff_sample(void *ctx, void *data, size_t size)
{
	const struct xr_handoff_rec *rec = data;
	struct dp *dp = ctx;

	/* Records are sized by class; never trust len beyond what arrived. */
	if (!dp->handoff_fn || size < sizeof(rec->h) || rec->h.len > size - sizeof(rec->h))
		return 0;
	dp->handoff_fn(dp->handoff_ctx, &rec->h, rec->frame, rec->h.len);
	return 0;
}

/*
 * A reader of ring map.  An adopted ring outlives the daemon that read it:
 * records that waited for a dead daemon are stale (a late echo reply or
 * ICMP error helps no one, a host repeats its ARP), so they are read here
 * before the caller sets its handler, and skipped.
 */
static int dp_ring_open(struct dp *dp, const struct bpf_map *map, ring_buffer_sample_fn fn,
			struct ring_buffer **out)
{
	int n;

	*out = ring_buffer__new(map_fd(map), fn, dp, NULL);
	if (!*out)
		return err_errno();
	n = ring_buffer__consume(*out);
	return n < 0 ? n : 0;
}

static int dp_ring_fd(const struct ring_buffer *rb)
{
	return rb ? ring_buffer__epoll_fd(rb) : -EINVAL;
}

/*
 * Read the ring whatever its readiness: when its fd sits inside another
 * epoll, the outer wait already consumed the inner readiness, and
 * ring_buffer__poll() would find nothing to do.  Reading up to the producer
 * is what re-arms the kernel's wakeup for the next record.
 */
static int dp_ring_consume(struct ring_buffer *rb)
{
	int n;

	if (!rb)
		return -EINVAL;
	n = ring_buffer__consume(rb);
	return n < 0 ? n : 0;
}

int dp_handoff_start(struct dp *dp, dp_handoff_fn fn, void *ctx)
{
	int err = dp_ring_open(dp, dp->skel->maps.handoff_rb, dp_handoff_sample, &dp->rb);

	if (err)
		return err;
	dp->handoff_fn = fn;
	dp->handoff_ctx = ctx;
	return 0;
}

int dp_handoff_fd(const struct dp *dp)
{
	return dp_ring_fd(dp->rb);
}

/*
 * Wait up to timeout_ms for the ring to become readable, then read it
 * whatever the wait said: a record committed while the reader was behind
 * raises no wakeup of its own, so readiness may lag what is there.
 */
int dp_handoff_poll(struct dp *dp, int timeout_ms)
{
	int n;

	if (!dp->rb)
		return -EINVAL;
	n = ring_buffer__poll(dp->rb, timeout_ms);
	if (n == 0)
		n = ring_buffer__consume(dp->rb);
	return n < 0 ? n : 0;
}

int dp_handoff_consume(struct dp *dp)
{
	return dp_ring_consume(dp->rb);
}

/* ---- packet trace (include/trace.h) ---- */

int dp_trace_cfg_set(struct dp *dp, const struct xr_trace_cfg *cfg)
{
	uint32_t zero = 0;

	return dp_update(dp->skel->maps.trace_cfg, &zero, cfg);
}

int dp_trace_lost(struct dp *dp, uint64_t lost[XR_TRACE_MAX])
{
	size_t row = (sizeof(struct xr_trace_pcpu) + 7) & ~(size_t)7;
	uint8_t *vals = calloc((size_t)dp->ncpus, row);
	uint32_t zero = 0;
	int cpu, i, err;

	if (!vals)
		return -ENOMEM;
	memset(lost, 0, XR_TRACE_MAX * sizeof(*lost));
	err = dp_lookup(dp->skel->maps.trace_pcpu, &zero, vals);
	for (cpu = 0; !err && cpu < dp->ncpus; cpu++) {
		const struct xr_trace_pcpu *pc = (const void *)(vals + cpu * row);

		for (i = 0; i < XR_TRACE_MAX; i++)
			lost[i] += pc->lost[i];
	}
	free(vals);
	return err;
}

static int dp_trace_sample(void *ctx, void *data, size_t size)
{
	struct dp *dp = ctx;

	if (dp->trace_fn && size >= sizeof(struct xr_trace_rec))
		dp->trace_fn(dp->trace_ctx, data);
	return 0;
}

int dp_trace_start(struct dp *dp, dp_trace_fn fn, void *ctx)
{
	int err = dp_ring_open(dp, dp->skel->maps.trace_rb, dp_trace_sample, &dp->trace_rb);

	if (err)
		return err;
	dp->trace_fn = fn;
	dp->trace_ctx = ctx;
	return 0;
}

int dp_trace_fd(const struct dp *dp)
{
	return dp_ring_fd(dp->trace_rb);
}

int dp_trace_consume(struct dp *dp)
{
	return dp_ring_consume(dp->trace_rb);
}
