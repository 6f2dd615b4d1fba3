// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Router advertisements (RFC 4861 6.2, RFC 4862): `link set DEV ra on`
 * makes the router advertise itself on a routed port or switch, from its
 * link-local address to all nodes, at once and then at random intervals
 * of 4 to 10 s (3 to 4 s for the first three, so a host that just came up
 * configures itself soon), and to all nodes again after a Router
 * Solicitation: within 0.5 s, but never sooner than 3 s after the last
 * one (RFC 4861 6.2.6: consecutive RAs to all nodes are at least
 * MIN_DELAY_BETWEEN_RAS apart, so a host flooding solicitations gets one
 * RA per 3 s, and so does the link).
 * Each RA carries router lifetime 1800 s, the interface MTU and one Prefix
 * Information option (on-link, autonomous) per /64 of the interface, so
 * hosts take an address by SLAAC and the router as default gateway.
 * `ra off` sends a last RA with lifetime 0 (RFC 4861 6.2.5).
 */
#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "cmd.h"
#include "icmp6.h"
#include "ip6.h"
#include "log.h"
#include "module.h"
#include "router.h"

#define RA_MAX			64		/* interfaces advertising at once */
#define RA_NS			1000000000ull
#define RA_MIN_NS		(4 * RA_NS)	/* MinRtrAdvInterval */
#define RA_MAX_NS		(10 * RA_NS)	/* MaxRtrAdvInterval */
#define RA_INITIAL		3		/* MAX_INITIAL_RTR_ADVERTISEMENTS */
#define RA_INITIAL_MAX_NS	(4 * RA_NS)
#define RA_MIN_DELAY_NS		(3 * RA_NS)	/* MIN_DELAY_BETWEEN_RAS */
#define RA_DELAY_MAX_NS		(RA_NS / 2)	/* MAX_RA_DELAY_TIME */
#define RA_LIFETIME_S		1800
#define RA_BUF_LEN		(ETH_HLEN + 40 + 16 + 8 + 8 + NDP_RA_PREFIX_MAX * 32)

struct ra_if {
	uint32_t ifid;		/* 0: free */
	unsigned sent;
	uint64_t next_ns;
	uint64_t last_ns;	/* the last RA sent to all nodes; 0: none yet */
};

static struct ra_if ra_ifs[RA_MAX];

static struct ra_if *ra_find(uint32_t ifid)
{
	for (unsigned i = 0; i < RA_MAX; i++)
		if (ra_ifs[i].ifid == ifid)
			return &ra_ifs[i];
	return NULL;
}

/* A random delay in [lo, hi) ns: RFC 4861 wants routers out of step. */
static uint64_t ra_jitter(uint64_t lo, uint64_t hi)
{
	uint64_t x = 0;

	if (getrandom(&x, sizeof(x), GRND_NONBLOCK) != sizeof(x))
		x = clock_now_ns() * 0x9e3779b97f4a7c15ull;
	return lo + x % (hi - lo);
}

/* The /64s of ifid's global addresses, each once. */
static void ra_prefixes(const struct router *r, uint32_t ifid, struct ndp_ra *ra)
{
	for (unsigned i = 0; i < r->n_addrs && ra->n_prefix < NDP_RA_PREFIX_MAX; i++) {
		const struct rt_addr *a = &r->addrs[i];
		struct xr_prefix p = xr_prefix_masked(&a->pfx);
		bool dup = false;

		if (a->ifid != ifid || a->pfx.addr.af != AF_INET6 || a->pfx.len != 64 ||
		    (a->flags & RT_ADDR_AUTO))
			continue;
		for (unsigned j = 0; j < ra->n_prefix && !dup; j++)
			dup = !memcmp(ra->prefix[j], p.addr.b, 16);
		if (!dup)
			memcpy(ra->prefix[ra->n_prefix++], p.addr.b, 16);
	}
}

/* One RA to all nodes on ifid; lifetime 0 withdraws the router. */
static int ra_send(struct router *r, uint32_t ifid, uint16_t lifetime)
{
	static uint8_t buf[RA_BUF_LEN];
	const struct xr_ip *ll = ip6_ll_on(r, ifid);
	struct ndp_ra ra = { .lifetime_s = lifetime };
	uint8_t mac[ETH_ALEN];
	uint16_t mtu;
	int n;

	if (!ll || link_ifid_info(r, ifid, mac, &mtu))
		return -EADDRNOTAVAIL;
	ra.mtu = mtu;
	ra_prefixes(r, ifid, &ra);
	n = ndp_build_ra(buf + ETH_HLEN, sizeof(buf) - ETH_HLEN, ll->b, ndp_all_nodes, mac, &ra);
	if (n < 0)
		return n;
	return ip6_send(r, ifid, buf + ETH_HLEN, (size_t)n);
}

static void ra_schedule(struct ra_if *x, uint64_t now)
{
	x->next_ns = now + (x->sent < RA_INITIAL ? ra_jitter(RA_MIN_DELAY_NS, RA_INITIAL_MAX_NS) :
						   ra_jitter(RA_MIN_NS, RA_MAX_NS));
}

/*
 * RFC 4861 6.2.6: the answer to a solicitation is the next scheduled RA,
 * brought forward to a random moment within MAX_RA_DELAY_TIME but not to
 * within MIN_DELAY_BETWEEN_RAS of the last one.  To all nodes, as Linux
 * answers: every host waiting gets it.
 */
void ra_solicited(struct router *r, uint32_t ifid, const struct ndp_msg *m)
{
	struct ra_if *x = ra_find(ifid);
	uint64_t now = clock_now_ns(), at;

	(void)r;
	(void)m;
	if (!x)
		return;
	at = now + ra_jitter(0, RA_DELAY_MAX_NS);
	if (x->last_ns && at < x->last_ns + RA_MIN_DELAY_NS)
		at = x->last_ns + RA_MIN_DELAY_NS;
	if (at < x->next_ns)
		x->next_ns = at;
}

static void ra_tick(struct router *r)
{
	uint64_t now = clock_now_ns();

	for (unsigned i = 0; i < RA_MAX; i++) {
		struct ra_if *x = &ra_ifs[i];

		if (!x->ifid || now < x->next_ns)
			continue;
		if (ra_send(r, x->ifid, RA_LIFETIME_S) == 0) {
			x->sent++;
			x->last_ns = now;
		}
		ra_schedule(x, now);
	}
}

static int ra_on(struct cmd_ctx *c, uint32_t ifid)
{
	struct ra_if *x = ra_find(ifid);

	if (x)
		return 0;
	x = ra_find(0);
	if (!x)
		return cmd_err(c, "too many interfaces advertising (at most %u)", RA_MAX);
	*x = (struct ra_if){ .ifid = ifid, .next_ns = clock_now_ns() };
	pr_info("ra %s: on\n", link_ifid_name(c->r, ifid));
	return 0;
}

static void ra_off(struct router *r, uint32_t ifid, bool say)
{
	struct ra_if *x = ra_find(ifid);

	if (!x)
		return;
	if (say)
		ra_send(r, ifid, 0);
	x->ifid = 0;
	pr_info("ra %s: off\n", link_ifid_name(r, ifid));
}

/* `link set DEV ra on|off` */
static int ra_cmd_set(struct cmd_ctx *c, int argc, char **argv)
{
	uint32_t ifid;

	if (argc < 3)
		return cmd_incomplete(c);
	if (argc > 3)
		return cmd_garbage(c, argv[2], argv[3]);
	if (strcmp(argv[1], "ra"))
		return cmd_garbage(c, argv[0], argv[1]);
	if (strcmp(argv[2], "on") && strcmp(argv[2], "off"))
		return cmd_inv_arg(c, argv[2], "\"ra\" value is invalid: on or off");
	if (link_cmd_l3_dev(c, argv[0], &ifid))
		return -1;
	if (!strcmp(argv[2], "on"))
		return ra_on(c, ifid);
	ra_off(c->r, ifid, true);
	return 0;
}

static void ra_save(struct router *r, FILE *f)
{
	for (unsigned i = 0; i < RA_MAX; i++)
		if (ra_ifs[i].ifid)
			fprintf(f, "link set %s ra on\n", link_ifid_name(r, ra_ifs[i].ifid));
}

static void ra_event(struct router *r, enum xr_event ev, const void *arg)
{
	const struct xr_ev_iface *e = arg;

	if (ev == XR_EV_IFACE_DEL)
		ra_off(r, e->ifid, false);
}

/* A stopping daemon tells hosts to stop using it, as radvd does. */
static void ra_stop(struct router *r, bool detach)
{
	for (unsigned i = 0; i < RA_MAX && detach; i++)
		if (ra_ifs[i].ifid)
			ra_send(r, ra_ifs[i].ifid, 0);
}

static const struct cmd_def ra_cmds[] = {
	{ "link", "set", ra_cmd_set, 0, "DEV ra { on | off }",
	  "IPv6 router advertisements on a routed port or switch" },
};
XR_COMMANDS(ra_cmds)

static struct xr_module ra_module = {
	.name = "ra",
	.order = ROUTER_ORDER_IP6,
	.tick = ra_tick,
	.event = ra_event,
	.save = ra_save,
	.stop = ra_stop,
};
XR_MODULE(ra_module)
