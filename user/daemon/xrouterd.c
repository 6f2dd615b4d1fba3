// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xrouterd: the control daemon of one network namespace.  main() parses
 * options, loads the fast path (or adopts a previous daemon's that is
 * still forwarding), brings the registered modules up (module.h), replays
 * the saved state, applies --config, then dispatches events: control
 * socket requests, handed-off frames, the modules' fds and timers, metrics
 * scrapes (--metrics), signals.
 * It knows no feature: those are the modules' (user/modules/).
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "cmd.h"
#include "ctl_server.h"
#include "dp.h"
#include "log.h"
#include "metrics.h"
#include "metrics_http.h"
#include "module.h"
#include "notify.h"
#include "state.h"
#include "xr_version.h"

struct opts {
	const char *config;
	const char *socket;
	const char *metrics;	/* [ADDR]:PORT, NULL: no metrics endpoint */
	bool daemon;
	uint32_t tbl8_groups;	/* 0: the program's default */
	uint32_t fib6_nodes;	/* 0: the program's default */
	bool fib_dxr;		/* --fib dxr: the IPv4 lookup reads the DXR table */
};

static struct dp *dp;
static time_t started_at;	/* wall clock: process_start_time_seconds */

static void usage(FILE *f)
{
	fprintf(f, "Usage: xrouterd [--config FILE] [--daemon] [--log-level error|warn|info|debug]"
		   " [--socket PATH] [--tbl8-groups N] [--fib6-nodes N]\n"
		   "                [--fib dir24|dxr] [--metrics [ADDR]:PORT]\n"
		   "       xrouterd --commands[=json] | -V|--version | -h|--help\n");
}

/*
 * --commands: the command table `xrouterctl help` prints, from this binary
 * without starting it, so the man page check and the shell completion are
 * made from the very table the dispatcher runs.
 */
static int commands_print(const char *format)
{
	struct cmd_ctx c = { .out = stdout, .err = stderr };
	char *argv[] = { "help", NULL };

	if (format && strcmp(format, "json")) {
		fprintf(stderr, "xrouterd: invalid --commands format \"%s\": want json\n", format);
		return 1;
	}
	c.json = format != NULL;
	return cmd_run(&c, 1, argv);
}

/*
 * A FIB size option, 1..max: --tbl8-groups (1 KiB each, one per /24 that
 * holds a prefix longer than /24) or --fib6-nodes (1 KiB of the IPv6 DXR
 * table's ranges each, about 20 IPv6 Internet prefixes; of the trie's
 * nodes when the program searches the trie, about one).
 */
static int parse_fib_size(const char *opt, const char *s, uint32_t max, uint32_t *out)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (!isdigit((unsigned char)*s) || *end || errno || v < 1 || v > max) {
		fprintf(stderr, "xrouterd: invalid --%s \"%s\": want 1..%u\n", opt, s, max);
		return -EINVAL;
	}
	*out = v;
	return 0;
}

/* Checked before anything starts, so a typo fails at once. */
static int parse_metrics(const char *s)
{
	struct sockaddr_storage ss;
	socklen_t len;

	if (!metrics_http_parse(s, &ss, &len))
		return 0;
	fprintf(stderr, "xrouterd: invalid --metrics \"%s\": want ADDR:PORT, [ADDR]:PORT or :PORT\n",
		s);
	return -EINVAL;
}

static int parse_opts(int argc, char **argv, struct opts *o)
{
	static const struct option lopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "daemon", no_argument, NULL, 'd' },
		{ "log-level", required_argument, NULL, 'l' },
		{ "socket", required_argument, NULL, 's' },
		{ "tbl8-groups", required_argument, NULL, 'g' },
		{ "fib6-nodes", required_argument, NULL, 'n' },
		{ "fib", required_argument, NULL, 'f' },
		{ "metrics", required_argument, NULL, 'm' },
		{ "commands", optional_argument, NULL, 'C' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	enum log_level level;
	int c;

	while ((c = getopt_long(argc, argv, "c:dl:s:hV", lopts, NULL)) != -1) {
		switch (c) {
		case 'c': o->config = optarg; break;
		case 'd': o->daemon = true; break;
		case 's': o->socket = optarg; break;
		case 'g':
			if (parse_fib_size("tbl8-groups", optarg, XR_TBL8_GROUPS_MAX, &o->tbl8_groups))
				return -EINVAL;
			break;
		case 'n':
			if (parse_fib_size("fib6-nodes", optarg, XR_FIB6_NODES_MAX, &o->fib6_nodes))
				return -EINVAL;
			break;
		case 'f':
			if (strcmp(optarg, "dir24") && strcmp(optarg, "dxr")) {
				fprintf(stderr, "xrouterd: invalid --fib \"%s\": want dir24 or dxr\n",
					optarg);
				return -EINVAL;
			}
			o->fib_dxr = !strcmp(optarg, "dxr");
			break;
		case 'm':
			if (parse_metrics(optarg))
				return -EINVAL;
			o->metrics = optarg;
			break;
		case 'l':
			if (log_parse_level(optarg, &level)) {
				fprintf(stderr, "xrouterd: invalid log level \"%s\"\n", optarg);
				return -EINVAL;
			}
			log_set_level(level);
			break;
		case 'h': usage(stdout); exit(0);
		case 'V': printf("xrouterd %s\n", XR_VERSION); exit(0);
		case 'C': exit(commands_print(optarg));
		default: usage(stderr); return -EINVAL;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "xrouterd: unexpected argument \"%s\"\n", argv[optind]);
		return -EINVAL;
	}
	return 0;
}

static int ctl_handle(void *ctx, bool json, bool may_write, int fd, int argc, char **argv,
		      FILE *out, FILE *err)
{
	struct cmd_ctx c = { .r = ctx, .dp = dp, .out = out, .err = err, .json = json,
			     .may_write = may_write, .stream_fd = fd, .can_stream = true };
	int status = cmd_run(&c, argc, argv);

	return c.streamed ? CTL_STREAMED : status;
}

/* Print a config line's refusal (the n bytes at text) as FILE:LINE: ..., or its warnings. */
static void config_report(const char *path, unsigned lineno, const char *text, size_t n,
			  bool failed)
{
	const char *p = text, *end = text + n, *nl;

	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', end - p);
		if (!nl)
			nl = end;
		if (failed)
			fprintf(stderr, "%s:%u: %.*s\n", path, lineno, (int)(nl - p), p);
		else if (nl > p)
			pr_warn("%s:%u: %.*s\n", path, lineno, (int)(nl - p), p);
	}
}

/* What a line (or the batch's end, reported at the last line) wrote to
 * c->err, which is then emptied for the next. */
static void config_report_stream(const char *path, unsigned lineno, struct cmd_ctx *c,
				 char **text, bool failed)
{
	long n;

	fflush(c->err);
	n = ftell(c->err);
	if (n > 0)
		config_report(path, lineno, *text, n, failed);
	rewind(c->err);
}

/* The file's lines, counted ahead so the tables grow once (rewound after). */
static size_t config_lines(FILE *f)
{
	char buf[65536];
	size_t n, lines = 0;

	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		for (const char *p = buf; (p = memchr(p, '\n', buf + n - p)); p++)
			lines++;
	rewind(f);
	return lines + 1;
}

/*
 * Fresh tables (not idempotent: nothing adopted) take the file as one
 * batch: the modules compile what they can once, after the last line
 * (modules_batch_begin), and an error found then is the last line's.
 */
static int config_apply(const char *path, bool idempotent)
{
	struct cmd_ctx c = { .r = modules_state(), .dp = dp, .may_write = true,
			     .idempotent = idempotent };
	char *line = NULL, *text = NULL;
	size_t cap = 0, len = 0;
	unsigned lineno = 0;
	int ret = -1, rc = 0;
	FILE *f = fopen(path, "re");

	if (!f) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	c.out = fopen("/dev/null", "we");
	/* One stream for every line's errors and warnings, emptied after each. */
	c.err = open_memstream(&text, &len);
	if (!idempotent)
		modules_batch_begin(config_lines(f));
	while (c.out && c.err && getline(&line, &cap, f) > 0) {
		lineno++;
		rc = cmd_run_line(&c, line);
		config_report_stream(path, lineno, &c, &text, rc != 0);
		if (rc)
			break;
	}
	if (c.out && c.err && !rc && !ferror(f)) {
		rc = idempotent ? 0 : modules_batch_end(c.err);
		config_report_stream(path, lineno, &c, &text, rc != 0);
		ret = rc ? -1 : 0;
	}
	if (c.err)
		fclose(c.err);
	if (c.out)
		fclose(c.out);
	free(text);
	free(line);
	fclose(f);
	return ret;
}

/* What an epoll event is for: one of the daemon's own fds, or a module's. */
struct watch {
	int fd;
	struct xr_module *m;	/* NULL for the daemon's own */
};

#define WATCH_MAX	16

struct loop {
	int ep;
	struct watch w[WATCH_MAX];
	unsigned n;
	int err;
	/* The daemon's own sources. */
	int tfd, sfd, hfd;
	struct ctl_server *ctl;
	struct metrics_http *mh;	/* NULL without --metrics */
};

static void loop_add(struct loop *l, int fd, struct xr_module *m)
{
	struct epoll_event ev = { .events = EPOLLIN };

	if (fd < 0 || l->n == WATCH_MAX) {
		l->err = l->err ? l->err : (fd < 0 ? -EBADF : -ENOSPC);
		return;
	}
	l->w[l->n] = (struct watch){ .fd = fd, .m = m };
	ev.data.ptr = &l->w[l->n++];
	if (epoll_ctl(l->ep, EPOLL_CTL_ADD, fd, &ev) && !l->err)
		l->err = -errno;
}

static void loop_add_module(int fd, struct xr_module *m, void *ctx)
{
	loop_add(ctx, fd, m);
}

static int timer_open(void)
{
	struct itimerspec its = {
		.it_interval = { .tv_nsec = MODULE_TICK_NS },
		.it_value = { .tv_nsec = MODULE_TICK_NS },
	};
	int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);

	if (fd >= 0 && timerfd_settime(fd, 0, &its, NULL)) {
		close(fd);
		return -1;
	}
	return fd;
}

static int signals_open(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	return signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
}

static void loop_tick(struct loop *l)
{
	modules_tick();
	state_tick();
	/* Idle timeouts and deadlines pass with no event on MHD's fd. */
	if (l->mh)
		metrics_http_run(l->mh);
}

/* One event: 1 when the daemon should stop. */
static int loop_event(struct loop *l, const struct watch *w)
{
	uint64_t ticks;

	if (w->m)
		modules_watch_ready(w->m);
	else if (w->fd == l->hfd)
		dp_handoff_consume(dp);
	else if (w->fd == l->tfd && read(l->tfd, &ticks, sizeof(ticks)) > 0) {
		loop_tick(l);
	} else if (w->fd == l->sfd) {
		pr_info("signal received, shutting down\n");
		return 1;
	} else if (l->mh && w->fd == metrics_http_fd(l->mh)) {
		metrics_http_run(l->mh);
	} else if (w->fd != l->tfd) {
		ctl_server_dispatch(l->ctl);
	}
	return 0;
}

/* The event loop: returns when SIGTERM/SIGINT arrives. */
static int run(int lfd, struct metrics_http *mh)
{
	struct loop l = { .ep = epoll_create1(EPOLL_CLOEXEC), .tfd = timer_open(),
			  .sfd = signals_open(), .hfd = dp_handoff_fd(dp),
			  .ctl = ctl_server_new(lfd, ctl_handle, modules_state()), .mh = mh };
	struct epoll_event evs[8];
	int ret = -1;

	if (l.ep < 0 || !l.ctl) {
		pr_err("cannot set up the event loop: %s\n", strerror(errno));
		goto out;
	}
	loop_add(&l, ctl_server_fd(l.ctl), NULL);
	loop_add(&l, l.tfd, NULL);
	loop_add(&l, l.sfd, NULL);
	loop_add(&l, l.hfd, NULL);
	if (mh)
		loop_add(&l, metrics_http_fd(mh), NULL);
	modules_watch_open(loop_add_module, &l);
	if (l.err) {
		pr_err("cannot set up the event loop: %s\n", strerror(-l.err));
		goto out;
	}
	while (ret) {
		int n = epoll_wait(l.ep, evs, 8, -1);

		for (int i = 0; i < n && ret; i++)
			if (loop_event(&l, evs[i].data.ptr))
				ret = 0;
		if (n < 0 && errno != EINTR) {
			pr_err("epoll_wait: %s\n", strerror(errno));
			break;
		}
	}
out:
	modules_watch_close();
	ctl_server_free(l.ctl);
	if (l.ep >= 0)
		close(l.ep);
	if (l.tfd >= 0)
		close(l.tfd);
	if (l.sfd >= 0)
		close(l.sfd);
	return ret;
}

/* A start-up phase's wall and CPU time: on a loaded machine the two differ
 * by the other processes' share, and the CPU time is what the code costs. */
struct phase {
	uint64_t wall_ns, cpu_ns;
};

static struct phase phase_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (struct phase){ clock_now_ns(),
			       (uint64_t)ts.tv_sec * CLOCK_NS_PER_SEC + (uint64_t)ts.tv_nsec };
}

/* Log what happened since *p (debug), and start the next phase there. */
static void phase_done(struct phase *p, const char *what)
{
	struct phase now = phase_now();

	pr_debug("start-up: %s in %.1f ms (%.1f ms of CPU)\n", what,
		 (now.wall_ns - p->wall_ns) / 1e6, (now.cpu_ns - p->cpu_ns) / 1e6);
	*p = now;
}

/* Load the fast path, or adopt the running one, then the modules on it. */
static int start(uint32_t tbl8_groups, uint32_t fib6_nodes, bool fib_dxr, bool *adopted)
{
	struct dp_opts dopts = { .adopt = true, .tbl8_groups = tbl8_groups,
				 .fib6_nodes = fib6_nodes, .fib_dxr = fib_dxr };
	struct phase ph = phase_now();
	struct module_env env;
	int err;

	err = dp_open(&dp, &dopts, adopted);
	if (err) {
		pr_err("cannot load the XDP program: %s\n", strerror(-err));
		return err;
	}
	phase_done(&ph, *adopted ? "fast path adopted" : "fast path loaded");
	if (*adopted && tbl8_groups && tbl8_groups != dp_tbl8_groups(dp))
		pr_warn("--tbl8-groups %u: the adopted fast path keeps its %u groups until a "
			"clean restart\n", tbl8_groups, dp_tbl8_groups(dp));
	if (*adopted && fib6_nodes && fib6_nodes != dp_fib6_nodes(dp))
		pr_warn("--fib6-nodes %u: the adopted fast path keeps its %u nodes until a "
			"clean restart\n", fib6_nodes, dp_fib6_nodes(dp));
	if (*adopted && fib_dxr != dp_fib_dxr_on(dp))
		pr_warn("--fib %s: the adopted fast path keeps its IPv4 lookup (%s) until a "
			"clean restart\n", fib_dxr ? "dxr" : "dir24", dp_fib_dxr_on(dp) ? "dxr" : "dir24");
	pr_info("fib: IPv4 lookup %s\n", dp_fib_dxr_on(dp) ? "dxr" : "dir24-8");
	pr_info("fib: %u tbl8 groups (%u MiB), %u IPv6 nodes (%u MiB)\n", dp_tbl8_groups(dp),
		dp_tbl8_groups(dp) / (1048576 / (XR_TBL8_GROUP_SIZE * 4)), dp_fib6_nodes(dp),
		dp_fib6_nodes(dp) / (1048576 / (XR_FIB6_NODE_SIZE * 4)));
	env = (struct module_env){ .dp = dp, .adopted = *adopted, .tbl8_groups = tbl8_groups };
	err = modules_init(&env);
	if (err)
		return err;
	state_init(dp);
	phase_done(&ph, "modules up");
	if (*adopted) {
		pr_info("adopting the running fast path\n");
		state_replay();
		modules_adopted();
		phase_done(&ph, "saved state replayed and adopted");
	} else if (dp_upgrading(dp)) {
		/* Into the new tables, while the old program forwards (dp.h). */
		state_replay();
		phase_done(&ph, "saved state replayed");
	} else {
		state_forget();
	}
	return 0;
}

/* The daemon's own numbers: what runs, and since when. */
static void daemon_metrics(struct metrics *m, struct router *r)
{
	(void)r;
	metrics_family(m, "xrouter_build_info", METRICS_GAUGE,
		       "The running xrouterd's version (the value is always 1).");
	metrics_sample(m, METRICS_L({ "version", XR_VERSION }), 1);
	metrics_family(m, "process_start_time_seconds", METRICS_GAUGE,
		       "Start time of the process since the Unix epoch, in seconds.");
	metrics_sample(m, NULL, 0, (uint64_t)started_at);
}

static struct metrics_collector daemon_collector = { "xrouterd", daemon_metrics, NULL };
XR_METRICS(daemon_collector)

int main(int argc, char **argv)
{
	struct opts o = {};
	bool adopted = false, upgrading = false, started = false;
	struct metrics_http *mh = NULL;
	struct phase ph;
	int lfd, ret = 1;

	started_at = time(NULL);
	if (parse_opts(argc, argv, &o))
		return 1;
	dp_log_hook();
	lfd = ctl_listen(o.socket);
	if (lfd < 0) {
		pr_err("control socket: %s\n", lfd == -EADDRINUSE ?
		       "another xrouterd is running in this network namespace" : strerror(-lfd));
		return 1;
	}
	/* Before the fast path: a port taken fails the start with nothing touched. */
	if (o.metrics) {
		mh = metrics_http_start(o.metrics, modules_state());
		if (!mh) {
			pr_err("--metrics %s: cannot listen: %s\n", o.metrics, strerror(errno));
			goto out;
		}
	}
	if (start(o.tbl8_groups, o.fib6_nodes, o.fib_dxr, &adopted))
		goto out;
	started = true;
	upgrading = dp_upgrading(dp);
	ph = phase_now();
	if ((o.config && config_apply(o.config, adopted || upgrading)) ||
	    dp_upgrade_commit(dp)) {
		/* Leave the interfaces as found; an adopted fast path keeps forwarding. */
		modules_stop(!adopted && !upgrading);
		goto out;
	}
	phase_done(&ph, "--config applied");
	state_start();
	phase_done(&ph, "state snapshot started");
	if (o.daemon) {
		log_use_syslog(true);
		if (daemon(1, 0))
			pr_warn("cannot detach: %s\n", strerror(errno));
	}
	modules_ready();
	/* `status` answers from here on: what Type=notify units wait for. */
	notify_send("READY=1");
	ret = run(lfd, mh) ? 1 : 0;
	notify_send("STOPPING=1");
	modules_stop(true);
	state_remove();
out:
	if (started)
		modules_fini();
	dp_close(dp);
	metrics_http_stop(mh);
	ctl_close(lfd, o.socket);
	return ret;
}
