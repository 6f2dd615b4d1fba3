// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The configuration persisted for a successor daemon: after every change
 * the whole configuration is written as xrouterctl lines to
 * /run/xrouter/<netns inode>/state (temp file + rename, so a SIGKILL
 * leaves the old or the new file, never half of one).  A daemon that
 * finds the fast path still running replays it through the one parser.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arp.h"
#include "cmd.h"
#include "dp.h"
#include "log.h"
#include "print.h"
#include "rib.h"
#include "router.h"

int state_init(struct router *r)
{
	char dir[200];
	int err = dp_state_dir(dir, sizeof(dir));

	if (err) {
		pr_warn("state: no state directory: %s; a restart cannot adopt\n", strerror(-err));
		return err;
	}
	snprintf(r->state_path, sizeof(r->state_path), "%s/state", dir);
	return 0;
}

static void state_links(struct router *r, FILE *f)
{
	for (unsigned i = 0; i < XR_MAX_PORTS; i++) {
		const struct rt_port *p = &r->ports[i];

		if (!p->used)
			continue;
		if (p->bridge)
			fprintf(f, "link add %s bridge %s\n", p->name, r->bridges[p->bridge].name);
		else
			fprintf(f, "link add %s\n", p->name);
	}
	for (unsigned i = 1; i < XR_MAX_BRIDGES; i++)
		if (r->bridges[i].used && r->bridges[i].ageing_s != XR_FDB_AGEING_S)
			fprintf(f, "bridge set %s ageing %u\n", r->bridges[i].name,
				r->bridges[i].ageing_s);
}

static void state_addrs(struct router *r, FILE *f)
{
	char ip[16];

	for (unsigned i = 0; i < r->n_addrs; i++)
		fprintf(f, "addr add %s/%u dev %s\n", print_ip(r->addrs[i].addr, ip),
			r->addrs[i].len, link_ifid_name(r, r->addrs[i].ifid));
}

struct state_walk {
	struct router *r;
	FILE *f;
};

static int state_route_fn(const struct rib_route *rt, void *ctx)
{
	struct state_walk *w = ctx;
	char ip[16];

	if (rt->proto != RIB_PROTO_STATIC)
		return 0;
	if (rt->len)
		fprintf(w->f, "route add %s/%u", print_ip(rt->prefix, ip), rt->len);
	else
		fprintf(w->f, "route add default");
	if (rt->type == XR_NH_BLACKHOLE)
		fprintf(w->f, " blackhole");
	else if (rt->type == XR_NH_UNREACHABLE)
		fprintf(w->f, " unreachable");
	if (rt->gw)
		fprintf(w->f, " via %s", print_ip(rt->gw, ip));
	if (rt->ifid)
		fprintf(w->f, " dev %s", link_ifid_name(w->r, rt->ifid));
	fprintf(w->f, " metric %u\n", rt->metric);
	return 0;
}

static int state_neigh_fn(const struct arp_entry *e, void *ctx)
{
	struct state_walk *w = ctx;
	char ip[16], mac[18];

	if (e->state == ARP_PERMANENT)
		fprintf(w->f, "neigh add %s lladdr %s dev %s\n", print_ip(ntohl(e->ip), ip),
			print_mac(e->mac, mac), link_ifid_name(w->r, e->ifid));
	return 0;
}

static int state_fdb_fn(const struct xr_fdb_key *k, const struct xr_fdb *e, void *ctx)
{
	struct state_walk *w = ctx;
	struct rt_port *p = link_port_by_ifindex(w->r, e->ifindex);
	char mac[18];

	if ((e->flags & XR_FDB_STATIC) && p)
		fprintf(w->f, "fdb add %s dev %s\n", print_mac(k->mac, mac), p->name);
	return 0;
}

int state_save(struct router *r)
{
	struct state_walk w = { .r = r };
	char tmp[sizeof(r->state_path) + 8];
	int err = 0;

	if (!r->state_path[0])
		return 0;
	snprintf(tmp, sizeof(tmp), "%s.tmp", r->state_path);
	w.f = fopen(tmp, "we");
	if (!w.f)
		goto fail;
	fprintf(w.f, "# xrouterd state: replayed by the next daemon in this namespace\n");
	state_links(r, w.f);
	state_addrs(r, w.f);
	rib_foreach(r->rib, state_route_fn, &w);
	arp_foreach(r->arp, router_now(), state_neigh_fn, &w);
	dp_fdb_foreach(r->dp, state_fdb_fn, &w);
	/* No fsync: /run is tmpfs, and a SIGKILL does not lose the page cache. */
	if (fflush(w.f) || ferror(w.f)) {
		fclose(w.f);
		goto fail;
	}
	fclose(w.f);
	if (rename(tmp, r->state_path))
		goto fail;
	return 0;
fail:
	err = -errno;
	pr_warn("state: cannot write %s: %s\n", r->state_path, strerror(-err));
	unlink(tmp);
	return err;
}

void router_changed(struct router *r)
{
	if (r->save_state)
		state_save(r);
}

int state_replay(struct router *r)
{
	struct cmd_ctx c = { .r = r, .may_write = true, .idempotent = true };
	char *line = NULL, *err_text = NULL;
	size_t cap = 0, err_len = 0;
	unsigned lineno = 0, failed = 0;
	FILE *f;

	f = fopen(r->state_path, "re");
	if (!f)
		return errno == ENOENT ? 0 : -errno;
	c.out = fopen("/dev/null", "we");
	c.err = open_memstream(&err_text, &err_len);
	if (!c.out || !c.err)
		goto out;
	while (getline(&line, &cap, f) > 0) {
		lineno++;
		if (cmd_run_line(&c, line)) {
			fflush(c.err);
			pr_warn("state: %s:%u: %s", r->state_path, lineno, err_text);
			rewind(c.err);
			failed++;
		}
	}
	pr_info("state: replayed %u lines from %s, %u refused\n", lineno, r->state_path, failed);
out:
	if (c.out)
		fclose(c.out);
	if (c.err)
		fclose(c.err);
	free(err_text);
	free(line);
	fclose(f);
	return 0;
}

/* Shutdown: nothing for a successor to adopt, and nothing left behind. */
void state_remove(struct router *r)
{
	char *slash;

	if (!r->state_path[0])
		return;
	unlink(r->state_path);
	slash = strrchr(r->state_path, '/');
	if (slash) {
		*slash = '\0';
		rmdir(r->state_path);
		*slash = '/';
	}
}
