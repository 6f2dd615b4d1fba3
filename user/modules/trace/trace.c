// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * `trace`: the life of matching packets, streamed to the client that
 * asked.  Each running trace owns one filter slot of the fast path
 * (include/trace.h) and the client's socket; records come from the trace
 * ring, the daemon's own steps from the slow path's trace points
 * (core/tracept.h, XR_EV_TRACE_NOTE), joined by record id.  A packet the
 * daemon got waits until the daemon is done with it (TRACE_WAIT_NS at
 * most: an ARP that goes unanswered takes 3 s), then goes out whole.
 *
 * Nothing here blocks the loop: client sockets are non-blocking, output
 * waits in a bounded buffer per client (a client that does not read loses
 * packets, counted as lost), and a client that hangs up ends its trace.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "clock.h"
#include "cmd.h"
#include "ctl.h"
#include "dp.h"
#include "log.h"
#include "module.h"
#include "router.h"
#include "tracemod.h"

#define TRACE_ORDER		80
#define TRACE_PENDING_MAX	64
#define TRACE_WAIT_NS		(5 * 1000000000ull)
#define TRACE_OBUF_MAX		(1u << 20)	/* output waiting for one client */
#define TRACE_LINGER_NS		(5 * 1000000000ull)	/* to take the last of it */
#define TRACE_COUNT_DEFAULT	10u
#define TRACE_COUNT_MAX		1000000u
#define TRACE_TIMEOUT_MAX	86400u

enum trace_phase {
	TRACE_FREE,
	TRACE_LOAD,	/* waiting for the traced program (dp_trace_prog_ready()) */
	TRACE_RUN,	/* filter in the fast path */
	TRACE_STOP,	/* filter gone, packets the daemon holds still to print */
	TRACE_CLOSE,	/* all said: the output drains, then the socket closes */
};

struct trace_sess {
	enum trace_phase phase;
	int fd;
	bool json;
	bool want_out;		/* EPOLLOUT is on */
	uint32_t count, seen, printed;
	uint32_t timeout;	/* seconds, 0: none */
	uint64_t end_ns;	/* when it times out */
	uint64_t close_ns;	/* TRACE_CLOSE: give up on the client then */
	uint64_t lost_base;	/* the fast path's lost count for the slot at start */
	uint64_t lost;		/* final: fast path's plus what the client could not take */
	uint64_t lost_out;
	char *obuf;
	size_t olen;
	struct xr_trace_filter filt;
};

static struct trace_sess trace_sess[XR_TRACE_MAX];
static struct trace_pkt trace_pend[TRACE_PENDING_MAX];
static struct router *trace_r;
static int trace_ep = -1;
static char trace_tag_ring, trace_tag_prog;

static void trace_cfg_push(void)
{
	struct xr_trace_cfg cfg = {};
	int err;

	for (unsigned i = 0; i < XR_TRACE_MAX; i++) {
		if (trace_sess[i].phase != TRACE_RUN)
			continue;
		cfg.active |= 1u << i;
		cfg.f[i] = trace_sess[i].filt;
	}
	err = trace_r ? dp_trace_cfg_set(trace_r->dp, &cfg) : 0;
	if (err)
		pr_warn("trace: cannot write the filters: %s\n", strerror(-err));
}

static void trace_watch(struct trace_sess *s, bool out)
{
	struct epoll_event ev = { .events = EPOLLRDHUP | (out ? EPOLLOUT : 0), .data.ptr = s };

	if (s->want_out != out && !epoll_ctl(trace_ep, EPOLL_CTL_MOD, s->fd, &ev))
		s->want_out = out;
}

static void trace_sess_free(struct trace_sess *s)
{
	bool was_running = s->phase == TRACE_RUN;

	epoll_ctl(trace_ep, EPOLL_CTL_DEL, s->fd, NULL);
	close(s->fd);
	free(s->obuf);
	*s = (struct trace_sess){ .fd = -1 };
	for (unsigned i = 0; i < TRACE_PENDING_MAX; i++)
		trace_pend[i].want &= ~(1u << (s - trace_sess));
	if (was_running)
		trace_cfg_push();
}

/* The client hung up: its trace ends, whatever it was doing. */
static void trace_sess_gone(struct trace_sess *s)
{
	if (s->phase != TRACE_CLOSE)
		pr_info("trace %u: client gone after %u packets\n", (unsigned)(s - trace_sess),
			s->printed);
	trace_sess_free(s);
}

/* Send what the socket takes: -errno when the client is gone. */
static int trace_flush(struct trace_sess *s)
{
	while (s->olen) {
		ssize_t n = send(s->fd, s->obuf, s->olen, MSG_DONTWAIT | MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n <= 0)
			return n < 0 ? -errno : -EPIPE;
		memmove(s->obuf, s->obuf + n, s->olen - n);
		s->olen -= n;
	}
	trace_watch(s, s->olen > 0);
	return 0;
}

/* Queue text for the client; over the bound it is lost, and counted. */
static void trace_emit(struct trace_sess *s, const char *text, size_t len)
{
	char *nb;

	if (s->olen + len > TRACE_OBUF_MAX) {
		s->lost_out++;
		return;
	}
	nb = realloc(s->obuf, s->olen + len);
	if (!nb) {
		s->lost_out++;
		return;
	}
	s->obuf = nb;
	memcpy(s->obuf + s->olen, text, len);
	s->olen += len;
	if (trace_flush(s))
		trace_sess_gone(s);
}

/* What trace_print_to() prints: a packet, its trace's first line, or (NULL) its last. */
#define TRACE_START	((const struct trace_pkt *)1)

static void trace_print_to(struct trace_sess *s, const struct trace_pkt *p)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f) {
		s->lost_out++;
		return;
	}
	if (p == TRACE_START)
		trace_print_start(f, s->json, s->count, s->timeout);
	else if (p)
		trace_print_pkt(f, s->json, trace_r, p, ++s->printed);
	else
		trace_print_end(f, s->json, s->printed, s->lost);
	fclose(f);
	trace_emit(s, text, len);
	free(text);
}

/* The packet goes to every trace that wants it, and its place is free. */
static void trace_pkt_out(struct trace_pkt *p)
{
	for (unsigned i = 0; i < XR_TRACE_MAX; i++)
		if ((p->want & (1u << i)) && trace_sess[i].phase != TRACE_FREE &&
		    trace_sess[i].phase != TRACE_CLOSE)
			trace_print_to(&trace_sess[i], p);
	p->used = false;
}

/* Stop matching: the filter leaves the fast path, held packets still print. */
static void trace_sess_stop(struct trace_sess *s)
{
	uint64_t lost[XR_TRACE_MAX];
	unsigned slot = s - trace_sess;

	if (s->phase != TRACE_RUN)
		return;
	s->phase = TRACE_STOP;
	trace_cfg_push();
	if (!dp_trace_lost(trace_r->dp, lost) && lost[slot] >= s->lost_base)
		s->lost = lost[slot] - s->lost_base;
}

/* Every held packet of a stopped trace printed: its last line, then close. */
static void trace_sess_finish(struct trace_sess *s, uint64_t now)
{
	unsigned bit = 1u << (s - trace_sess);

	for (unsigned i = 0; i < TRACE_PENDING_MAX; i++)
		if (trace_pend[i].used && (trace_pend[i].want & bit))
			return;
	s->lost += s->lost_out;
	pr_info("trace %u: done: %u packets, %llu lost\n", (unsigned)(s - trace_sess), s->printed,
		(unsigned long long)s->lost);
	trace_print_to(s, NULL);
	if (s->phase == TRACE_FREE)
		return;		/* the client went while we wrote */
	s->phase = TRACE_CLOSE;
	s->close_ns = now + TRACE_LINGER_NS;
}

static struct trace_pkt *trace_pend_find(uint16_t id)
{
	for (unsigned i = 0; i < TRACE_PENDING_MAX; i++)
		if (trace_pend[i].used && trace_pend[i].id == id)
			return &trace_pend[i];
	return NULL;
}

/* A free place; when all are taken, the oldest goes out as it is. */
static struct trace_pkt *trace_pend_new(uint16_t id, uint64_t now)
{
	struct trace_pkt *p = NULL;

	for (unsigned i = 0; i < TRACE_PENDING_MAX && !p; i++)
		if (!trace_pend[i].used)
			p = &trace_pend[i];
	if (!p) {
		p = &trace_pend[0];
		for (unsigned i = 1; i < TRACE_PENDING_MAX; i++)
			if (trace_pend[i].since_ns < p->since_ns)
				p = &trace_pend[i];
	}
	if (p->used && p->have_rec)
		trace_pkt_out(p);
	memset(p, 0, sizeof(*p));
	p->used = true;
	p->id = id;
	p->since_ns = now;
	return p;
}

/* The traces that take this record (each counts it); stops the ones it completes. */
static uint8_t trace_rec_wanted(const struct xr_trace_rec *rec)
{
	uint8_t want = 0;

	for (unsigned i = 0; i < XR_TRACE_MAX; i++) {
		struct trace_sess *s = &trace_sess[i];

		if (!(rec->match & (1u << i)) || s->phase != TRACE_RUN || s->seen >= s->count)
			continue;
		want |= 1u << i;
		if (++s->seen == s->count)
			trace_sess_stop(s);
	}
	return want;
}

static void trace_rec_in(void *ctx, const struct xr_trace_rec *rec)
{
	uint64_t now = clock_now_ns();
	struct trace_pkt *p;
	uint8_t want;

	(void)ctx;
	if (rec->abi != XR_TRACE_ABI)
		return;
	want = trace_rec_wanted(rec);
	if (!want)
		return;
	p = trace_pend_find(rec->id);
	if (!p || p->have_rec)
		p = trace_pend_new(rec->id, now);
	p->rec = *rec;
	p->have_rec = true;
	p->want = want;
	if (p->done || !trace_pkt_handed_off(rec))
		trace_pkt_out(p);
}

/* Is a trace open at all (even just draining its output)? */
static bool trace_open(void)
{
	for (unsigned i = 0; i < XR_TRACE_MAX; i++)
		if (trace_sess[i].phase != TRACE_FREE)
			return true;
	return false;
}

/* Is a trace still taking packets? */
static bool trace_any(void)
{
	for (unsigned i = 0; i < XR_TRACE_MAX; i++)
		if (trace_sess[i].phase == TRACE_RUN || trace_sess[i].phase == TRACE_STOP)
			return true;
	return false;
}

/* The slow path's step for packet id: kept with its record, or until it comes. */
static void trace_note_in(const struct xr_ev_trace *n)
{
	struct trace_pkt *p;

	if (!trace_any())
		return;
	p = trace_pend_find(n->id);
	if (!p)
		p = trace_pend_new(n->id, clock_now_ns());
	if (n->kind == XR_TS_D_DONE)
		p->done = true;
	else if (p->nnotes++ < TRACE_NOTES_MAX)
		p->notes[p->nnotes - 1] = *n;
	if (p->done && p->have_rec)
		trace_pkt_out(p);
}

static void trace_event(struct router *r, enum xr_event ev, const void *arg)
{
	(void)r;
	if (ev == XR_EV_TRACE_NOTE)
		trace_note_in(arg);
}

/* A trace begins: its filter goes in, and its timeout counts from now. */
static void trace_sess_run(struct trace_sess *s)
{
	uint64_t lost[XR_TRACE_MAX];

	s->phase = TRACE_RUN;
	if (s->timeout)
		s->end_ns = clock_now_ns() + s->timeout * 1000000000ull;
	if (!dp_trace_lost(trace_r->dp, lost))
		s->lost_base = lost[s - trace_sess];
	trace_print_to(s, TRACE_START);
	if (s->phase == TRACE_FREE)
		return;		/* the client went while we wrote */
	trace_cfg_push();
	pr_info("trace %u: started (count %u%s)\n", (unsigned)(s - trace_sess), s->count,
		s->timeout ? ", timeout set" : "");
}

/* A trace that cannot start: why, then its socket closes once that is out. */
static void trace_sess_refuse(struct trace_sess *s, int err)
{
	char line[160];
	int n = snprintf(line, sizeof(line), "Error: tracing is not available: %s\n",
			 strerror(-err));

	trace_emit(s, line, (size_t)n);
	if (s->phase == TRACE_FREE)
		return;		/* the client went while we wrote */
	s->phase = TRACE_CLOSE;
	s->close_ns = clock_now_ns() + TRACE_LINGER_NS;
}

/*
 * The traces waiting for the traced program start once it is in place;
 * while it loads they wait (the loop goes on: trace_watch_ready() calls
 * again when the loader is done); if it cannot load, they end saying why.
 */
static void trace_load_done(void)
{
	int err = dp_trace_prog_ready(trace_r->dp);

	if (err == -EINPROGRESS)
		return;
	if (err)
		pr_warn("trace: the traced program did not load: %s\n", strerror(-err));
	for (unsigned i = 0; i < XR_TRACE_MAX; i++) {
		if (trace_sess[i].phase != TRACE_LOAD)
			continue;
		if (err)
			trace_sess_refuse(&trace_sess[i], err);
		else
			trace_sess_run(&trace_sess[i]);
	}
}

/* ---- timers ---- */

static void trace_expire(uint64_t now)
{
	for (unsigned i = 0; i < TRACE_PENDING_MAX; i++) {
		struct trace_pkt *p = &trace_pend[i];

		if (!p->used || now - p->since_ns < TRACE_WAIT_NS)
			continue;
		if (p->have_rec)
			trace_pkt_out(p);
		p->used = false;
	}
}

static void trace_tick(struct router *r)
{
	uint64_t now = clock_now_ns();

	if (!trace_open())
		return;
	dp_trace_consume(r->dp);
	trace_expire(now);
	for (unsigned i = 0; i < XR_TRACE_MAX; i++) {
		struct trace_sess *s = &trace_sess[i];

		if (s->phase == TRACE_RUN && s->end_ns && now >= s->end_ns)
			trace_sess_stop(s);
		if (s->phase == TRACE_STOP)
			trace_sess_finish(s, now);
		if (s->phase == TRACE_CLOSE && (!s->olen || now >= s->close_ns))
			trace_sess_free(s);
	}
}

/* ---- the loop's fd: the record ring and the clients ---- */

static int trace_watch_open(struct router *r)
{
	(void)r;
	return trace_ep >= 0 ? trace_ep : -ENOENT;
}

static void trace_watch_ready(struct router *r)
{
	struct epoll_event evs[8];
	int n = epoll_wait(trace_ep, evs, 8, 0);

	for (int i = 0; i < n; i++) {
		struct trace_sess *s = evs[i].data.ptr;

		if (evs[i].data.ptr == &trace_tag_ring)
			dp_trace_consume(r->dp);
		else if (evs[i].data.ptr == &trace_tag_prog)
			trace_load_done();
		else if (evs[i].events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR))
			trace_sess_gone(s);
		else if ((evs[i].events & EPOLLOUT) && trace_flush(s))
			trace_sess_gone(s);
	}
}

/* ---- the command ---- */

struct trace_args {
	struct xr_trace_filter filt;
	uint32_t count, timeout;
	int af;
};

static int trace_parse_proto(struct cmd_ctx *c, const char *s, uint8_t *proto)
{
	static const struct { const char *name; uint8_t num; } names[] = {
		{ "icmp", 1 }, { "tcp", 6 }, { "udp", 17 }, { "icmpv6", 58 },
	};
	uint32_t n;

	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strcmp(s, names[i].name)) {
			*proto = names[i].num;
			return 0;
		}
	}
	if (cmd_parse_u32(c, "proto", s, &n))
		return -1;
	if (n < 1 || n > 255)
		return cmd_inv_arg(c, s, "\"proto\" is not udp, tcp, icmp, icmpv6 or 1..255");
	*proto = n;
	return 0;
}

/* from/to: a prefix into the filter, all prefixes of one family. */
static int trace_parse_prefix(struct cmd_ctx *c, struct trace_args *a, const char *s,
			      struct xr_ipaddr *out, uint8_t *len)
{
	struct xr_prefix pfx;

	if (cmd_parse_prefix(c, s, a->af, &pfx))
		return -1;
	if (a->af != AF_UNSPEC && pfx.addr.af != a->af)
		return cmd_inv_arg(c, s, "\"from\" and \"to\" must be of one family");
	a->af = pfx.addr.af;
	out->af = pfx.addr.af == AF_INET6 ? XR_AF_INET6 : XR_AF_INET;
	memcpy(out->b, pfx.addr.b, sizeof(out->b));
	*len = pfx.len;
	/* A prefix of length 0 ("default") still says the family. */
	return 0;
}

static int trace_parse_num(struct cmd_ctx *c, const char *key, const char *s, uint32_t max,
			   uint32_t *out)
{
	char what[64];

	if (cmd_parse_u32(c, key, s, out))
		return -1;
	snprintf(what, sizeof(what), "\"%s\" must be 1..%u", key, max);
	return *out < 1 || *out > max ? cmd_inv_arg(c, s, what) : 0;
}

/*
 * dev: where frames come in.  A port (routed, or a switch's), a switch (any
 * of its ports), or a VLAN interface (its VLAN's frames on its parent port
 * or switch); anything else is refused.
 */
static int trace_parse_dev(struct cmd_ctx *c, struct xr_trace_filter *f, const char *dev)
{
	const struct rt_port *p = link_port_by_name(c->r, dev);
	uint32_t ifid, parent;

	if (p) {
		f->ifindex = p->ifindex;
		return 0;
	}
	if (link_ifid_by_name(c->r, dev, &ifid))
		return cmd_err(c, "unknown device \"%s\"", dev);
	if (ifid & XR_IFID_BRIDGE) {
		f->bridge = ifid & ~XR_IFID_BRIDGE;
		return 0;
	}
	if (!(ifid & XR_IFID_VLAN))
		return cmd_err(c, "unknown device \"%s\"", dev);
	parent = xr_ifid_vlan_parent(ifid);
	f->vlan = xr_ifid_vid(ifid);
	if (ifid & XR_IFID_VLAN_BR)
		f->bridge = parent;
	else
		f->ifindex = parent;
	return 0;
}

static int trace_parse_one(struct cmd_ctx *c, struct trace_args *a, const char *key,
			   const char *val)
{
	if (!strcmp(key, "dev"))
		return trace_parse_dev(c, &a->filt, val);
	if (!strcmp(key, "from"))
		return trace_parse_prefix(c, a, val, &a->filt.src, &a->filt.src_len);
	if (!strcmp(key, "to"))
		return trace_parse_prefix(c, a, val, &a->filt.dst, &a->filt.dst_len);
	if (!strcmp(key, "proto"))
		return trace_parse_proto(c, val, &a->filt.proto);
	if (!strcmp(key, "count"))
		return trace_parse_num(c, "count", val, TRACE_COUNT_MAX, &a->count);
	return trace_parse_num(c, "timeout", val, TRACE_TIMEOUT_MAX, &a->timeout);
}

static int trace_parse(struct cmd_ctx *c, int argc, char **argv, struct trace_args *a)
{
	static const char *const keys[] = { "dev", "from", "to", "proto", "count", "timeout" };
	unsigned seen = 0, k;

	*a = (struct trace_args){ .count = TRACE_COUNT_DEFAULT, .af = c->af };
	for (int i = 0; i < argc; i += 2) {
		for (k = 0; k < 6 && strcmp(argv[i], keys[k]); k++)
			;
		if (k == 6 || (seen & (1u << k)))
			return cmd_garbage(c, i ? argv[i - 2] : "trace", argv[i]);
		seen |= 1u << k;
		if (i + 1 >= argc)
			return cmd_incomplete(c);
		if (trace_parse_one(c, a, argv[i], argv[i + 1]))
			return -1;
	}
	if (a->af != AF_UNSPEC)
		a->filt.af = a->af == AF_INET6 ? XR_AF_INET6 : XR_AF_INET;
	return 0;
}

static struct trace_sess *trace_slot_free(void)
{
	for (unsigned i = 0; i < XR_TRACE_MAX; i++)
		if (trace_sess[i].phase == TRACE_FREE)
			return &trace_sess[i];
	return NULL;
}

/* Take the client's socket: from here on the reply is ours to stream. */
static int trace_start(struct cmd_ctx *c, struct trace_sess *s, const struct trace_args *a)
{
	struct epoll_event ev = { .events = EPOLLRDHUP, .data.ptr = s };
	int fd = fcntl(c->stream_fd, F_DUPFD_CLOEXEC, 0);

	if (fd < 0 || epoll_ctl(trace_ep, EPOLL_CTL_ADD, fd, &ev) || ctl_stream_begin(fd)) {
		if (fd >= 0) {
			epoll_ctl(trace_ep, EPOLL_CTL_DEL, fd, NULL);
			close(fd);
		}
		return cmd_err(c, "cannot start the trace: %s", strerror(errno));
	}
	*s = (struct trace_sess){ .phase = TRACE_LOAD, .fd = fd, .json = c->json,
				  .count = a->count, .timeout = a->timeout, .filt = a->filt };
	c->streamed = true;
	trace_load_done();
	return 0;
}

static int trace_cmd(struct cmd_ctx *c, int argc, char **argv)
{
	struct trace_args a;
	struct trace_sess *s;

	if (trace_parse(c, argc, argv, &a))
		return -1;
	if (!c->can_stream)
		return cmd_err(c, "trace streams what it sees: run it with xrouterctl");
	if (trace_ep < 0)
		return cmd_err(c, "tracing is not available: %s", "its record ring did not start");
	s = trace_slot_free();
	if (!s)
		return cmd_err(c, "%u traces are running already", XR_TRACE_MAX);
	return trace_start(c, s, &a);
}

static const struct cmd_def trace_cmds[] = {
	{ "trace", NULL, trace_cmd, CMD_NOSAVE,
	  "[ dev DEV ] [ from PREFIX ] [ to PREFIX ] [ proto { udp | tcp | icmp | icmpv6 | N } ]"
	  " [ count N ] [ timeout S ]",
	  "print every decision taken for matching packets (count 10 by default)" },
};
XR_COMMANDS(trace_cmds)

/* ---- the module ---- */

static int trace_init(struct router *r, const struct module_env *env)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = &trace_tag_ring };
	struct epoll_event evp = { .events = EPOLLIN, .data.ptr = &trace_tag_prog };
	struct xr_trace_cfg none = {};
	int err;

	(void)env;
	trace_r = r;
	for (unsigned i = 0; i < XR_TRACE_MAX; i++)
		trace_sess[i].fd = -1;
	/* An adopted fast path may still run a dead daemon's filters. */
	err = dp_trace_cfg_set(r->dp, &none);
	if (!err)
		err = dp_trace_start(r->dp, trace_rec_in, NULL);
	if (err) {
		pr_warn("trace: not available: %s\n", strerror(-err));
		return 0;	/* forwarding does not need it */
	}
	trace_ep = epoll_create1(EPOLL_CLOEXEC);
	if (trace_ep < 0 || epoll_ctl(trace_ep, EPOLL_CTL_ADD, dp_trace_fd(r->dp), &ev) ||
	    epoll_ctl(trace_ep, EPOLL_CTL_ADD, dp_trace_prog_fd(r->dp), &evp)) {
		pr_warn("trace: not available: %s\n", strerror(errno));
		if (trace_ep >= 0)
			close(trace_ep);
		trace_ep = -1;
	}
	return 0;
}

/* Shutdown: every client is told its trace is over. */
static void trace_stop(struct router *r, bool detach)
{
	(void)detach;
	for (unsigned i = 0; i < XR_TRACE_MAX; i++) {
		struct trace_sess *s = &trace_sess[i];

		if (s->phase == TRACE_FREE)
			continue;
		trace_sess_stop(s);
		for (unsigned j = 0; j < TRACE_PENDING_MAX; j++)
			if (trace_pend[j].used && trace_pend[j].have_rec)
				trace_pkt_out(&trace_pend[j]);
		if (s->phase == TRACE_STOP)
			trace_sess_finish(s, 0);
		if (s->phase != TRACE_FREE) {
			trace_flush(s);
			trace_sess_free(s);
		}
	}
	(void)r;
}

static void trace_fini(struct router *r)
{
	(void)r;
	if (trace_ep >= 0)
		close(trace_ep);
	trace_ep = -1;
	trace_r = NULL;
}

static struct xr_module trace_module = {
	.name = "trace",
	.order = TRACE_ORDER,
	.init = trace_init,
	.stop = trace_stop,
	.fini = trace_fini,
	.tick = trace_tick,
	.event = trace_event,
	.watch_open = trace_watch_open,
	.watch_ready = trace_watch_ready,
};
XR_MODULE(trace_module)
