// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Flood lists (flood.h).  The outer map is an ARRAY_OF_MAPS by bridge id;
 * each switch gets a DEVMAP_HASH of its ports when its first port joins.
 * The outer map holds the only lasting reference to an inner map, so a
 * daemon that adopts the datapath finds the lists where it left them.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <linux/bpf.h>

#include "clock.h"
#include "dp.h"
#include "flood.h"
#include "log.h"


static int flood_errno(void)
{
	return errno ? -errno : -EIO;
}

/* A new fd for switch `bridge`'s list; -ENOENT if it has none. */
static int flood_inner_fd(int outer, uint16_t bridge)
{
	uint32_t k = bridge, id;
	int fd;

	if (bpf_map_lookup_elem(outer, &k, &id))
		return flood_errno();
	fd = bpf_map_get_fd_by_id(id);
	return fd < 0 ? flood_errno() : fd;
}

static int flood_inner_create(struct dp *dp, int outer, uint16_t bridge)
{
	char name[BPF_OBJ_NAME_LEN];
	uint32_t k = bridge;
	int fd, err = 0;

	snprintf(name, sizeof(name), "flood_br%u", bridge);
	fd = dp_flood_list_create(dp, name);
	if (fd < 0)
		return fd;
	if (bpf_map_update_elem(outer, &k, &fd, BPF_ANY)) {
		err = flood_errno();
		close(fd);
		return err;
	}
	return fd;
}

int flood_port_add(struct dp *dp, uint16_t bridge, uint32_t ifindex)
{
	struct bpf_devmap_val v = { .ifindex = ifindex,
				    .bpf_prog.fd = dp_flood_egress_fd(dp) };
	int outer, inner, err = 0;

	if (bridge >= XR_MAX_BRIDGES)
		return -ERANGE;
	outer = dp_flood_fd(dp);
	inner = flood_inner_fd(outer, bridge);
	if (inner == -ENOENT)
		inner = flood_inner_create(dp, outer, bridge);
	if (inner < 0)
		return inner;
	if (bpf_map_update_elem(inner, &ifindex, &v, BPF_ANY))
		err = flood_errno();
	close(inner);
	return err;
}

/* A new fd for switch `bridge`'s list: -ENOENT if it has none, -ERANGE
 * if there is no such switch id. */
static int flood_list_get(struct dp *dp, uint16_t bridge)
{
	return bridge < XR_MAX_BRIDGES ? flood_inner_fd(dp_flood_fd(dp), bridge) : -ERANGE;
}

int flood_port_del(struct dp *dp, uint16_t bridge, uint32_t ifindex)
{
	int inner = flood_list_get(dp, bridge), err = 0;

	if (inner < 0)
		return inner == -ENOENT ? 0 : inner;
	if (bpf_map_delete_elem(inner, &ifindex) && errno != ENOENT)
		err = flood_errno();
	close(inner);
	return err;
}

int flood_bridge_del(struct dp *dp, uint16_t bridge)
{
	uint32_t k = bridge;
	int outer, err = 0;

	if (bridge >= XR_MAX_BRIDGES)
		return -ERANGE;
	outer = dp_flood_fd(dp);
	if (bpf_map_delete_elem(outer, &k) && errno != ENOENT)
		err = flood_errno();
	return err;
}

int flood_ports(struct dp *dp, uint16_t bridge, uint32_t *out, int max)
{
	int inner = flood_list_get(dp, bridge), n = 0;
	uint32_t key, *prev = NULL;

	if (inner < 0)
		return inner == -ENOENT ? 0 : inner;
	while (n < max && !bpf_map_get_next_key(inner, prev, &key)) {
		out[n++] = key;
		prev = &out[n - 1];
	}
	close(inner);
	return n;
}

/* The fast path's answer, as bpf/l2_output.h fdb_fresh() gives it. */
static bool flood_fdb_fresh(struct dp *dp, uint16_t bridge, const struct xr_fdb *e)
{
	struct xr_bridge br;
	uint64_t now, ageing;

	if (e->flags & XR_FDB_STATIC)
		return true;
	if (dp_bridge_get(dp, bridge, &br))
		return false;
	now = clock_now_ns();
	ageing = br.ageing_ns ? br.ageing_ns : XR_FDB_AGEING_S * CLOCK_NS_PER_SEC;
	return xr_fdb_age_fresh(now, e->seen_ns, ageing);
}

int flood_fdb_port(struct dp *dp, uint16_t bridge, uint16_t vid, const uint8_t mac[6],
		   uint32_t *ifindex)
{
	struct xr_fdb_key k = { .bridge = bridge, .vlan = vid };
	struct xr_fdb e;
	int err;

	memcpy(k.mac, mac, 6);
	err = dp_fdb_get(dp, &k, &e);
	if (err)
		return err;
	if (!flood_fdb_fresh(dp, bridge, &e))
		return -ENOENT;
	*ifindex = e.ifindex;
	return 0;
}
