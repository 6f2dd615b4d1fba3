// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The core module: the router every other module shares (router.h), and
 * the routing table they all reach into, created first and freed last.
 */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "dp.h"
#include "log.h"
#include "module.h"
#include "rib.h"
#include "router.h"

static struct router router;

static int core_init(struct router *r, const struct module_env *env)
{
	struct dp *dp = env->dp;
	struct rib_tables t;

	dp_rib_tables(dp, &t);
	clock_gettime(CLOCK_MONOTONIC, &r->started);
	r->dp = dp;
	r->adopted = env->adopted;
	r->rib = rib_new(&t, env->adopted);
	if (!r->rib) {
		pr_err("cannot create the routing table: %s\n", strerror(errno));
		return -errno;
	}
	return 0;
}

/* State and --config are in: what the previous daemon had and nobody
 * re-added goes now, and not before, so nothing still wanted flaps. */
static void core_ready(struct router *r)
{
	if (r->adopted)
		rib_adopt_done(r->rib);
	pr_info("ready: %u ports, %zu routes\n", link_count(r), rib_count(r->rib));
}

static void core_fini(struct router *r)
{
	rib_free(r->rib);
	r->rib = NULL;
}

static struct xr_module core_module = {
	.name = "core",
	.order = ROUTER_ORDER_CORE,
	.state = &router,
	.init = core_init,
	.ready = core_ready,
	.fini = core_fini,
};
XR_MODULE(core_module)
