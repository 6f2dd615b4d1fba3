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
#include <pthread.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/if_link.h>

#include "abi.h"
#include "dp.h"
#include "log.h"
#include "mapaddr.h"
#include "rib.h"
#include "xrouter.skel.h"

#define XR_PROG_NAME		"xdp_port"
#define XR_PROG_TRACED_NAME	"xdp_port_traced"	/* on the ports while a trace runs */

struct dp {
	struct xrouter *skel;
	/* The traced program (dp_trace_prog_ready()): its instance once in place. */
	struct xrouter *traced, *trace_new;
	pthread_t trace_thr;
	bool trace_loading;	/* trace_thr runs, or ran and is not joined */
	bool trace_on;		/* the ports run the traced program */
	int trace_evfd;		/* readable once trace_thr is done */
	int trace_err;		/* its result */
	uint32_t *tbl24;
	uint32_t *tbl8;
	uint64_t *fibd;
	uint32_t *fibr;
	uint32_t *fib6d;
	uint32_t *fib6n;
	uint64_t *fib6xd;
	uint64_t *fib6xr;
	bool fib_dxr;		/* the DXR maps are full size and compiled */
	bool fib6_dxr;		/* IPv6: the DXR table, not the trie */
	struct xr_nexthop *nexthops;
	struct xr_nhg *nhgroups;
	uint32_t *fdb_epoch;	/* bumped after every FDB change (bpf/fdb_cache.h) */
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
	/*
	 * A safe upgrade (dp_upgrade_commit()): the running program of another
	 * contract version, and the ports to move from it to this program
	 * once the tables are rebuilt.
	 */
	uint32_t old_prog_id, old_abi;
	struct dp_swap {
		uint32_t ifindex, mode;
	} swap[XR_MAX_PORTS];
	unsigned nswap;
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

/* One of xrouter's port programs, traced or not (bpf/xrouter.bpf.c). */
static bool dp_prog_ours(int fd)
{
	struct bpf_prog_info info = {};
	uint32_t len = sizeof(info);

	return !bpf_obj_get_info_by_fd(fd, &info, &len) &&
	       (!strcmp(info.name, XR_PROG_NAME) || !strcmp(info.name, XR_PROG_TRACED_NAME));
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
		if (dp_prog_ours(fd))
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
 * The traced program (bpf/xrouter.bpf.c xdp_port_traced), the forwarding
 * path again with the trace hooks, is loaded the first time a trace runs
 * rather than at start: the verifier takes about as long again for it,
 * and forwarding never needs it.  It is a second instance of the object
 * holding every map of the first, so both programs see the same tables.
 */
static int dp_trace_prog_open(const struct dp *dp, struct xrouter **out)
{
	struct xrouter *t = xrouter__open();
	struct bpf_program *p;
	struct bpf_map *m;
	int err = 0;

	if (!t)
		return err_errno();
	bpf_object__for_each_program(p, t->obj)
		bpf_program__set_autoload(p, p == t->progs.xdp_port_traced);
	bpf_object__for_each_map(m, t->obj) {
		const struct bpf_map *mine = bpf_object__find_map_by_name(dp->skel->obj,
									  bpf_map__name(m));

		err = mine ? bpf_map__reuse_fd(m, bpf_map__fd(mine)) : -ENOENT;
		if (err)
			break;
	}
	if (!err)
		err = xrouter__load(t);
	if (err) {
		xrouter__destroy(t);
		return err;
	}
	*out = t;
	return 0;
}

/* The loader thread: the verifier's second or so, off the daemon's loop. */
static void *dp_trace_prog_thread(void *arg)
{
	struct dp *dp = arg;
	uint64_t one = 1;

	dp->trace_err = dp_trace_prog_open(dp, &dp->trace_new);
	if (write(dp->trace_evfd, &one, sizeof(one)) != sizeof(one))
		dp->trace_err = dp->trace_err ? dp->trace_err : -EIO;
	return NULL;
}

/* The thread done (this waits for it), its event taken if still there. */
static void dp_trace_prog_wait(struct dp *dp)
{
	uint64_t n;

	pthread_join(dp->trace_thr, NULL);
	dp->trace_loading = false;
	if (read(dp->trace_evfd, &n, sizeof(n)) != sizeof(n))
		n = 0;	/* already read by dp_trace_prog_ready() */
}

/* The thread's program kept for the swap (dp_trace_swap()), or its error. */
static int dp_trace_prog_join(struct dp *dp)
{
	dp_trace_prog_wait(dp);
	dp->traced = dp->trace_new;
	dp->trace_new = NULL;
	return dp->trace_err;
}

int dp_trace_prog_ready(struct dp *dp)
{
	uint64_t n;
	int err;

	if (dp->traced)
		return 0;
	if (!dp->trace_loading) {
		err = pthread_create(&dp->trace_thr, NULL, dp_trace_prog_thread, dp);
		if (err)
			return -err;
		dp->trace_loading = true;
		return -EINPROGRESS;
	}
	if (read(dp->trace_evfd, &n, sizeof(n)) != sizeof(n))
		return -EINPROGRESS;
	return dp_trace_prog_join(dp);
}

int dp_trace_prog_fd(const struct dp *dp)
{
	return dp->trace_evfd;
}

/* In line, for a caller that cannot wait for the loop (tests, benchmarks). */
static int dp_trace_prog_load(struct dp *dp)
{
	if (dp->traced)
		return 0;
	if (dp->trace_loading)
		return dp_trace_prog_join(dp);
	return dp_trace_prog_open(dp, &dp->traced);
}

/*
 * The contract version program id carries (abi.h): the value of its
 * XR_ABI_SECTION map, or 1 for a program built before there was one.
 */
static uint32_t dp_prog_abi(uint32_t prog_id)
{
	struct bpf_prog_info info = {};
	uint32_t len = sizeof(info), ids[64], n, i, abi = 1;
	int pfd = bpf_prog_get_fd_by_id(prog_id);

	if (pfd < 0)
		return abi;
	info.nr_map_ids = 64;
	info.map_ids = (uintptr_t)ids;
	n = bpf_obj_get_info_by_fd(pfd, &info, &len) ? 0 : info.nr_map_ids;
	for (i = 0; i < n && i < 64; i++) {
		struct bpf_map_info mi = {};
		uint32_t mlen = sizeof(mi), key = 0, val[64];
		int fd = bpf_map_get_fd_by_id(ids[i]);

		if (fd < 0)
			continue;
		if (!bpf_obj_get_info_by_fd(fd, &mi, &mlen) &&
		    !strcmp(mi.name, XR_ABI_SECTION) && mi.value_size >= sizeof(abi) &&
		    mi.value_size <= sizeof(val) && !bpf_map_lookup_elem(fd, &key, val))
			abi = val[0];
		close(fd);
	}
	close(pfd);
	return abi;
}

/*
 * The program never reads its version, so nothing ties the version map to
 * it: bind it, or the next daemon could not find it from the program.
 */
static int dp_bind_abi(struct dp *dp)
{
	int err = bpf_prog_bind_map(dp_prog_fd(dp), map_fd(dp->skel->maps.rodata_abi), NULL);

	return err ? err_errno() : 0;
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
	dp->fib6xd = dp_mmap(s->maps.fib6xd);
	dp->fib6xr = dp_mmap(s->maps.fib6xr);
	dp->nhgroups = dp_mmap(s->maps.nhgroups);
	if (!dp->tbl24 || !dp->tbl8 || !dp->fibd || !dp->fibr || !dp->nexthops ||
	    !dp->fib6d || !dp->fib6n || !dp->fib6xd || !dp->fib6xr || !dp->nhgroups)
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

/*
 * The IPv6 table searched at the size asked for, the other one element a
 * map.  Before adopting: an adopted program's maps override these.
 */
static int dp_fib6_size(struct xrouter *s, const struct dp_opts *opts)
{
	uint32_t nodes = opts && opts->fib6_nodes ? opts->fib6_nodes : XR_FIB6_NODES;
	bool trie = opts && opts->fib6_trie;
	int err;

	if (nodes > XR_FIB6_NODES_MAX)
		return -E2BIG;
	err = bpf_map__set_max_entries(s->maps.fib6d, trie ? XR_FIB6_DIRECT / XR_FIB_CHUNK : 1);
	if (!err)
		err = bpf_map__set_max_entries(s->maps.fib6n, trie ? nodes : 1);
	if (!err)
		err = bpf_map__set_max_entries(s->maps.fib6xd,
					       trie ? 1 : XR_F6X_DIRECT / XR_DXR_CHUNK);
	if (!err)
		err = bpf_map__set_max_entries(s->maps.fib6xr, trie ? 1 :
					       nodes * (XR_F6X_NODE_WORDS / XR_F6X_LINE));
	return err;
}

/* An adopted program searches the table whose maps are full size. */
static bool dp_fib6_dxr_full(const struct xrouter *s)
{
	return bpf_map__max_entries(s->maps.fib6xd) == XR_F6X_DIRECT / XR_DXR_CHUNK;
}

/* A new program's tbl8 map at the size asked for. */
static int dp_fib_size(struct xrouter *s, const struct dp_opts *opts)
{
	if (!opts)
		return 0;
	if (opts->tbl8_groups > XR_TBL8_GROUPS_MAX)
		return -E2BIG;
	if (opts->tbl8_groups)
		return bpf_map__set_max_entries(s->maps.tbl8, opts->tbl8_groups *
						(XR_TBL8_GROUP_SIZE / XR_FIB_CHUNK));
	return 0;
}

/*
 * A running program of another contract is not adopted: its maps may not
 * mean what this daemon's do.  Load beside it and replace it later.
 */
static uint32_t dp_check_abi(struct dp *dp, uint32_t prog_id)
{
	uint32_t abi = prog_id ? dp_prog_abi(prog_id) : XR_ABI_VERSION;

	if (abi == XR_ABI_VERSION)
		return prog_id;
	pr_info("the running fast path has contract version %u, this daemon %u: loading a "
		"new one to replace it once its tables are rebuilt\n", abi, XR_ABI_VERSION);
	dp->old_prog_id = prog_id;
	dp->old_abi = abi;
	return 0;
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
	dp->trace_evfd = -1;
	prog_id = dp_check_abi(dp, prog_id);
	dp->ncpus = libbpf_num_possible_cpus();
	dp->trace_evfd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (dp->trace_evfd < 0) {
		err = err_errno();
		goto fail;
	}
	dp->skel = xrouter__open();
	if (!dp->skel) {
		err = err_errno();
		goto fail;
	}
	dp_shape_of(bpf_map__inner_map(dp->skel->maps.flood), &dp->flood_inner);
	err = dp_fib_dxr_size(dp->skel, opts && opts->fib_dxr);
	if (!err)
		err = dp_fib6_size(dp->skel, opts);
	if (!err && prog_id) {
		err = dp_reuse_maps(dp->skel, prog_id);
	} else {
		err = dp_fib_size(dp->skel, opts);
	}
	if (err)
		goto fail;
	dp->fib_dxr = opts && opts->fib_dxr && dp_fib_dxr_full(dp->skel);
	dp->skel->rodata->xr_fib_dxr = dp->fib_dxr;
	dp->fib6_dxr = dp_fib6_dxr_full(dp->skel);
	dp->skel->rodata->xr_fib6_trie = !dp->fib6_dxr;
	/* Loaded when a trace first runs (dp_trace_prog_ready()), not now. */
	bpf_program__set_autoload(dp->skel->progs.xdp_port_traced, false);
	err = xrouter__load(dp->skel);
	if (!err)
		err = dp_bind_abi(dp);
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
	dp->fdb_epoch = dp_mmap(dp->skel->maps.fdb_epoch);
	if (!dp->fdb_epoch) {
		err = err_errno();
		goto fail;
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
		dp_munmap(dp->fib6xd, dp->skel->maps.fib6xd);
		dp_munmap(dp->fib6xr, dp->skel->maps.fib6xr);
		dp_munmap(dp->nhgroups, dp->skel->maps.nhgroups);
		dp_munmap(dp->fdb_epoch, dp->skel->maps.fdb_epoch);
		if (dp->trace_loading)
			dp_trace_prog_wait(dp);
		xrouter__destroy(dp->trace_new);
		xrouter__destroy(dp->traced);
		xrouter__destroy(dp->skel);
	}
	if (dp->trace_evfd >= 0)
		close(dp->trace_evfd);
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
	if (dp->trace_on)
		return bpf_program__fd(dp->traced->progs.xdp_port_traced);
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

/*
 * After any change to the FDB, a port or a VLAN membership (a cached copy
 * holds its port's VLAN flags): every CPU's cached copies
 * (bpf/fdb_cache.h) miss from now on.  Atomic, since the fast path bumps
 * it too.
 */
static void dp_fdb_changed(struct dp *dp)
{
	__atomic_fetch_add(dp->fdb_epoch, 1, __ATOMIC_SEQ_CST);
}

int dp_port_set(struct dp *dp, uint32_t ifindex, const struct xr_port *port)
{
	struct bpf_devmap_val tx = { .ifindex = ifindex };
	int err;

	if (ifindex >= XR_MAX_IFINDEX || port->slot >= XR_MAX_PORTS)
		return -ERANGE;
	/* The egress slot first: the port is usable the moment it is active. */
	err = dp_update(dp->skel->maps.tx_ports, &ifindex, &tx);
	if (!err)
		err = dp_update(dp->skel->maps.ports, &ifindex, port);
	dp_fdb_changed(dp);
	return err;
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
	dp_fdb_changed(dp);
	if (err)
		return err;
	err = dp_delete(dp->skel->maps.tx_ports, &ifindex);
	return err == -ENOENT ? 0 : err;
}

static uint32_t dp_xdp_mode(uint8_t attach_mode)
{
	return attach_mode == XDP_ATTACHED_SKB ? XDP_FLAGS_SKB_MODE : XDP_FLAGS_DRV_MODE;
}

/*
 * Upgrading, a port the old program runs on keeps it until the commit;
 * in the mode it runs in, so the caller's native-then-generic retry ends
 * on the mode the swap will use.  1: deferred, 0: not the old program's.
 */
static int dp_attach_defer(struct dp *dp, uint32_t ifindex, uint32_t xdp_flags)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, q);
	uint32_t mode;
	unsigned i;

	if (!dp->old_prog_id || bpf_xdp_query(ifindex, 0, &q) || q.prog_id != dp->old_prog_id)
		return 0;
	mode = dp_xdp_mode(q.attach_mode);
	if (xdp_flags && !(xdp_flags & mode))
		return -EOPNOTSUPP;
	for (i = 0; i < dp->nswap && dp->swap[i].ifindex != ifindex; i++)
		;
	if (i == XR_MAX_PORTS)
		return -ENOSPC;
	dp->swap[i] = (struct dp_swap){ ifindex, mode };
	if (i == dp->nswap)
		dp->nswap++;
	return 1;
}

int dp_attach(struct dp *dp, uint32_t ifindex, uint32_t xdp_flags)
{
	int err = dp_attach_defer(dp, ifindex, xdp_flags);

	if (err)
		return err < 0 ? err : 0;
	/* Without UPDATE_IF_NOEXIST this replaces a program atomically. */
	err = bpf_xdp_attach(ifindex, dp_prog_fd(dp), xdp_flags, NULL);
	return err < 0 ? err : 0;
}

bool dp_upgrading(const struct dp *dp)
{
	return dp->old_prog_id != 0;
}

/* Put prog back on the first n ports swapped: a failed commit leaves the old one. */
static void dp_swap_undo(struct dp *dp, unsigned n, int prog_fd, int cur_fd)
{
	for (unsigned i = 0; i < n; i++) {
		LIBBPF_OPTS(bpf_xdp_attach_opts, o, .old_prog_fd = cur_fd);

		bpf_xdp_attach(dp->swap[i].ifindex, prog_fd,
			       dp->swap[i].mode | XDP_FLAGS_REPLACE, &o);
	}
}

/*
 * A port left on the old program would forward with tables nobody updates
 * any more: take it off, as a daemon's `link del` would have.
 */
static void dp_old_detach_rest(struct dp *dp)
{
	struct if_nameindex *ifs = if_nameindex(), *i;

	for (i = ifs; i && i->if_index; i++) {
		LIBBPF_OPTS(bpf_xdp_query_opts, q);

		if (bpf_xdp_query(i->if_index, 0, &q) || q.prog_id != dp->old_prog_id)
			continue;
		pr_warn("%s: not a port in the saved state: its old XDP program is detached\n",
			i->if_name);
		bpf_xdp_detach(i->if_index, dp_xdp_mode(q.attach_mode), NULL);
	}
	if (ifs)
		if_freenameindex(ifs);
}

int dp_upgrade_commit(struct dp *dp)
{
	int old_fd, new_fd = dp_prog_fd(dp), err = 0;
	struct timespec t0, t1;
	unsigned i;

	if (!dp->old_prog_id)
		return 0;
	old_fd = bpf_prog_get_fd_by_id(dp->old_prog_id);
	if (old_fd < 0)
		return err_errno();
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < dp->nswap && !err; i++) {
		/* REPLACE with the old fd: fails if someone else's program came meanwhile. */
		LIBBPF_OPTS(bpf_xdp_attach_opts, o, .old_prog_fd = old_fd);

		err = bpf_xdp_attach(dp->swap[i].ifindex, new_fd,
				     dp->swap[i].mode | XDP_FLAGS_REPLACE, &o);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (err) {
		pr_err("upgrade: replacing the XDP program on ifindex %u failed: %s; the old "
		       "program stays on every port\n", dp->swap[i - 1].ifindex, strerror(-err));
		dp_swap_undo(dp, i - 1, old_fd, new_fd);
	} else {
		pr_info("upgrade: %u ports moved from contract version %u to %u in %ld us\n",
			dp->nswap, dp->old_abi, XR_ABI_VERSION,
			(long)((t1.tv_sec - t0.tv_sec) * 1000000 + (t1.tv_nsec - t0.tv_nsec) / 1000));
		dp_old_detach_rest(dp);
		dp->old_prog_id = 0;
		dp->nswap = 0;
	}
	/* Nothing is pinned: the old maps go with the old program's last reference. */
	close(old_fd);
	return err < 0 ? err : 0;
}

/* Detach only an xrouter program: someone else's stays where it is. */
int dp_detach(struct dp *dp, uint32_t ifindex)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, q);
	uint32_t mode;
	int fd, err, ours;

	for (unsigned i = 0; i < dp->nswap; i++)
		if (dp->swap[i].ifindex == ifindex)	/* upgrading: no swap for it */
			dp->swap[i] = dp->swap[--dp->nswap];
	err = bpf_xdp_query(ifindex, 0, &q);
	if (err < 0)
		return err;
	if (!q.prog_id)
		return 0;
	fd = bpf_prog_get_fd_by_id(q.prog_id);
	if (fd < 0)
		return err_errno();
	ours = dp_prog_ours(fd);
	close(fd);
	if (!ours)
		return -EBUSY;
	mode = dp_xdp_mode(q.attach_mode);
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
	int err = dp_update(dp->skel->maps.fdb, k, e);

	dp_fdb_changed(dp);	/* even a failed update may have replaced the entry */
	return err;
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

int dp_flood_egress_fd(const struct dp *dp)
{
	return bpf_program__fd(dp->skel->progs.xdp_flood_egress);
}

/* The `vlans` value holding (row, vid) into *v: its key, or -ERANGE / -errno. */
static int dp_vlan_read(struct dp *dp, uint32_t row, uint16_t vid, struct xr_vlan8 *v,
			uint32_t *k)
{
	if (row >= XR_VLAN_ROWS || vid >= XR_VLAN_VIDS)
		return -ERANGE;
	*k = xr_vlan_key(row, vid);
	return dp_lookup(dp->skel->maps.vlans, k, v);
}

/* One VID's flags and stats row (either pointer may be NULL). */
static int dp_vlan_one(struct dp *dp, uint32_t row, uint16_t vid, uint8_t *flags,
		       uint16_t *srow)
{
	struct xr_vlan8 v;
	uint32_t k;
	int err = dp_vlan_read(dp, row, vid, &v, &k);

	if (err)
		return err;
	if (flags)
		*flags = v.flags[vid % XR_VLAN_PER_VALUE];
	if (srow)
		*srow = v.stats[vid % XR_VLAN_PER_VALUE];
	return 0;
}

/* Change one VID's flags or stats row (NULL: keep it); the daemon is the only writer. */
static int dp_vlan_put(struct dp *dp, uint32_t row, uint16_t vid, const uint8_t *flags,
		       const uint16_t *srow)
{
	struct xr_vlan8 v;
	uint32_t k;
	int err = dp_vlan_read(dp, row, vid, &v, &k);

	if (err)
		return err;
	if (srow && *srow >= XR_STATS_ROWS)
		return -ERANGE;
	if (flags)
		v.flags[vid % XR_VLAN_PER_VALUE] = *flags;
	if (srow)
		v.stats[vid % XR_VLAN_PER_VALUE] = *srow;
	err = dp_update(dp->skel->maps.vlans, &k, &v);
	dp_fdb_changed(dp);	/* membership is in the FDB cache's entries (fdb_cache.h) */
	return err;
}

int dp_vlan_get(struct dp *dp, uint32_t row, uint16_t vid, uint8_t *flags)
{
	return dp_vlan_one(dp, row, vid, flags, NULL);
}

int dp_vlan_set(struct dp *dp, uint32_t row, uint16_t vid, uint8_t flags)
{
	return dp_vlan_put(dp, row, vid, &flags, NULL);
}

int dp_vlan_stats_get(struct dp *dp, uint32_t row, uint16_t vid, uint16_t *srow)
{
	return dp_vlan_one(dp, row, vid, NULL, srow);
}

int dp_vlan_stats_set(struct dp *dp, uint32_t row, uint16_t vid, uint16_t srow)
{
	return dp_vlan_put(dp, row, vid, NULL, &srow);
}

int dp_vlan_kaddr_set(struct dp *dp, uint32_t ifindex, const struct xr_ip *ip, uint16_t vid,
		      bool add)
{
	struct xr_vlan_kaddr_key k = { .ifindex = ifindex, .addr = mapaddr_from_ip(ip) };
	uint32_t v = vid;
	int err;

	if (add)
		return dp_update(dp->skel->maps.vlan_kaddrs, &k, &v);
	err = dp_delete(dp->skel->maps.vlan_kaddrs, &k);
	return err == -ENOENT ? 0 : err;
}

/* Ours among a device's tc egress filters: a handle and priority no other tool picks by default. */
#define DP_TC_HANDLE	0x7872	/* "xr" */
#define DP_TC_PRIO	0x7872

int dp_vlan_kernel_attach(struct dp *dp, uint32_t ifindex, bool on)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = (int)ifindex, .attach_point = BPF_TC_EGRESS);
	LIBBPF_OPTS(bpf_tc_opts, opts, .handle = DP_TC_HANDLE, .priority = DP_TC_PRIO);
	int err;

	if (!on) {
		err = bpf_tc_detach(&hook, &opts);
		return err == -ENOENT || err == -EINVAL ? 0 : err;
	}
	err = bpf_tc_hook_create(&hook);
	if (err && err != -EEXIST)
		return err;
	opts.prog_fd = bpf_program__fd(dp->skel->progs.tc_vlan_kernel);
	opts.flags = BPF_TC_F_REPLACE;
	return bpf_tc_attach(&hook, &opts);
}

int dp_vlan_row_clear(struct dp *dp, uint32_t row)
{
	struct xr_vlan8 none = {};
	int err = 0;

	if (row >= XR_VLAN_ROWS)
		return -ERANGE;
	for (uint32_t k = xr_vlan_key(row, 0); k < xr_vlan_key(row + 1, 0) && !err; k++)
		err = dp_update(dp->skel->maps.vlans, &k, &none);
	dp_fdb_changed(dp);
	return err;
}

int dp_fdb_del(struct dp *dp, const struct xr_fdb_key *k)
{
	int err = dp_delete(dp->skel->maps.fdb, k);

	dp_fdb_changed(dp);
	return err;
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

bool dp_fib_dxr_on(const struct dp *dp)
{
	return dp->fib_dxr;
}

uint32_t dp_tbl8_groups(const struct dp *dp)
{
	return bpf_map__max_entries(dp->skel->maps.tbl8) * XR_FIB_CHUNK / XR_TBL8_GROUP_SIZE;
}

uint32_t dp_fib6_nodes(const struct dp *dp)
{
	if (dp->fib6_dxr)
		return bpf_map__max_entries(dp->skel->maps.fib6xr) /
		       (XR_F6X_NODE_WORDS / XR_F6X_LINE);
	return bpf_map__max_entries(dp->skel->maps.fib6n);
}

bool dp_fib6_dxr(const struct dp *dp)
{
	return dp->fib6_dxr;
}

void dp_rib_tables(struct dp *dp, struct rib_tables *t)
{
	*t = (struct rib_tables){
		.tbl24 = dp->tbl24, .tbl8 = dp->tbl8, .nexthops = dp->nexthops,
		.tbl8_groups = dp_tbl8_groups(dp),
		.nhgroups = dp->nhgroups, .ecmp_key = &dp->skel->data_ecmp->xr_ecmp_key,
	};
	if (dp->fib6_dxr) {
		t->fib6x_direct = dp->fib6xd;
		t->fib6x_words = dp->fib6xr;
		t->fib6x_nwords = bpf_map__max_entries(dp->skel->maps.fib6xr) * XR_F6X_LINE;
	} else {
		t->fib6_direct = dp->fib6d;
		t->fib6_nodes = dp->fib6n;
		t->fib6_nnodes = bpf_map__max_entries(dp->skel->maps.fib6n);
	}
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

/*
 * The fast path's gate (bpf/trace_rb.h xr_trace_on): the first word of its
 * section's map, the only thing the section holds.  An adopted program's
 * map is written the same way, whatever its size.
 */
static int dp_trace_gate_set(struct dp *dp, uint32_t on)
{
	const struct bpf_map *m = dp->skel->maps.data_trace;
	uint32_t zero = 0, val[16] = { on };

	if (bpf_map__value_size(m) < sizeof(on) || bpf_map__value_size(m) > sizeof(val))
		return -EINVAL;
	return dp_update(m, &zero, val);
}

/*
 * Every port running program `from` (by id) moves to `to`, each at once
 * (XDP_FLAGS_REPLACE: a port that runs another program by now keeps it).
 * The first error is returned; the ports before it have moved.
 */
static int dp_ports_swap(int from_fd, int to_fd)
{
	struct if_nameindex *ifs = if_nameindex(), *i;
	struct bpf_prog_info info = {};
	uint32_t len = sizeof(info);
	int err = 0;

	if (!ifs)
		return err_errno();
	if (bpf_obj_get_info_by_fd(from_fd, &info, &len))
		err = err_errno();
	for (i = ifs; !err && i->if_index; i++) {
		LIBBPF_OPTS(bpf_xdp_query_opts, q);
		LIBBPF_OPTS(bpf_xdp_attach_opts, o, .old_prog_fd = from_fd);

		if (bpf_xdp_query(i->if_index, 0, &q) || q.prog_id != info.id)
			continue;
		err = bpf_xdp_attach(i->if_index, to_fd, dp_xdp_mode(q.attach_mode) |
				     XDP_FLAGS_REPLACE, &o);
	}
	if_freenameindex(ifs);
	return err < 0 ? err : 0;
}

/* The ports onto the traced program (on) or back (off); ports attached meanwhile follow. */
static int dp_trace_swap(struct dp *dp, bool on)
{
	int plain = bpf_program__fd(dp->skel->progs.xdp_port);
	int traced = bpf_program__fd(dp->traced->progs.xdp_port_traced);
	int err;

	if (dp->trace_on == on)
		return 0;
	err = on ? dp_ports_swap(plain, traced) : dp_ports_swap(traced, plain);
	if (err) {
		/* All or none: a port left on the other program would be a surprise. */
		on ? dp_ports_swap(traced, plain) : dp_ports_swap(plain, traced);
		return err;
	}
	dp->trace_on = on;
	return 0;
}

/*
 * The filters, the gate and the ports' program: the traced program goes
 * on once the filters are in, and comes off before they go.
 */
int dp_trace_cfg_set(struct dp *dp, const struct xr_trace_cfg *cfg)
{
	uint32_t zero = 0;
	int err = 0;

	if (!cfg->active && dp->traced)
		err = dp_trace_swap(dp, false);
	if (!err && !cfg->active)
		err = dp_trace_gate_set(dp, 0);
	if (!err)
		err = dp_update(dp->skel->maps.trace_cfg, &zero, cfg);
	if (!err && cfg->active && !dp->traced)
		err = dp_trace_prog_load(dp);
	if (!err && cfg->active)
		err = dp_trace_gate_set(dp, 1);
	if (!err && cfg->active)
		err = dp_trace_swap(dp, true);
	return err;
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
