// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xrouterd: the control daemon of one network namespace.  main() parses
 * options, brings the modules up (adopting a previous daemon's fast path
 * if one is still forwarding), applies --config, then dispatches events:
 * control socket requests, handed-off frames, the ARP timer, signals.
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
#include <unistd.h>

#include "arp.h"
#include "cmd.h"
#include "ctl_server.h"
#include "dp.h"
#include "log.h"
#include "rib.h"
#include "router.h"

#define TICK_NS		100000000ll	/* ARP timers and neighbour refresh */

struct opts {
	const char *config;
	const char *socket;
	bool daemon;
	uint32_t tbl8_groups;	/* 0: the program's default */
};

static struct router router;

static void usage(FILE *f)
{
	fprintf(f, "Usage: xrouterd [--config FILE] [--daemon] [--log-level error|warn|info|debug]"
		   " [--socket PATH] [--tbl8-groups N]\n");
}

/* tbl8 groups: 1 KiB each, one per /24 that holds a prefix longer than /24. */
static int parse_tbl8_groups(const char *s, uint32_t *out)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (!isdigit((unsigned char)*s) || *end || errno || v < 1 || v > XR_TBL8_GROUPS_MAX) {
		fprintf(stderr, "xrouterd: invalid --tbl8-groups \"%s\": want 1..%u\n", s,
			XR_TBL8_GROUPS_MAX);
		return -EINVAL;
	}
	*out = v;
	return 0;
}

static int parse_opts(int argc, char **argv, struct opts *o)
{
	static const struct option lopts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "daemon", no_argument, NULL, 'd' },
		{ "log-level", required_argument, NULL, 'l' },
		{ "socket", required_argument, NULL, 's' },
		{ "tbl8-groups", required_argument, NULL, 'g' },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	enum log_level level;
	int c;

	while ((c = getopt_long(argc, argv, "c:dl:s:h", lopts, NULL)) != -1) {
		switch (c) {
		case 'c': o->config = optarg; break;
		case 'd': o->daemon = true; break;
		case 's': o->socket = optarg; break;
		case 'g':
			if (parse_tbl8_groups(optarg, &o->tbl8_groups))
				return -EINVAL;
			break;
		case 'l':
			if (log_parse_level(optarg, &level)) {
				fprintf(stderr, "xrouterd: invalid log level \"%s\"\n", optarg);
				return -EINVAL;
			}
			log_set_level(level);
			break;
		case 'h': usage(stdout); exit(0);
		default: usage(stderr); return -EINVAL;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "xrouterd: unexpected argument \"%s\"\n", argv[optind]);
		return -EINVAL;
	}
	return 0;
}

static int ctl_handle(void *ctx, bool json, bool may_write, int argc, char **argv, FILE *out,
		      FILE *err)
{
	struct cmd_ctx c = { .r = ctx, .out = out, .err = err, .json = json,
			     .may_write = may_write };

	return cmd_run(&c, argc, argv);
}

/* Print a config line's refusal as FILE:LINE: ..., or its warnings. */
static void config_report(const char *path, unsigned lineno, const char *text, bool failed)
{
	const char *p = text, *nl;

	for (; *p; p = nl + 1) {
		nl = strchrnul(p, '\n');
		if (failed)
			fprintf(stderr, "%s:%u: %.*s\n", path, lineno, (int)(nl - p), p);
		else if (nl > p)
			pr_warn("%s:%u: %.*s\n", path, lineno, (int)(nl - p), p);
		if (!*nl)
			break;
	}
}

static int config_apply(struct router *r, const char *path, bool idempotent)
{
	struct cmd_ctx c = { .r = r, .may_write = true, .idempotent = idempotent };
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
	while (c.out && getline(&line, &cap, f) > 0) {
		lineno++;
		c.err = open_memstream(&text, &len);
		if (!c.err)
			break;
		rc = cmd_run_line(&c, line);
		fclose(c.err);
		config_report(path, lineno, text, rc != 0);
		free(text);
		text = NULL;
		if (rc)
			break;
	}
	if (c.out && !rc && !ferror(f))
		ret = 0;
	if (c.out)
		fclose(c.out);
	free(line);
	fclose(f);
	return ret;
}

static int events_add(int ep, int fd)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.fd = fd };

	return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) ? -errno : 0;
}

static int timer_open(void)
{
	struct itimerspec its = {
		.it_interval = { .tv_nsec = TICK_NS },
		.it_value = { .tv_nsec = TICK_NS },
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

/* The event loop: returns when SIGTERM/SIGINT arrives. */
static int run(struct router *r, int lfd)
{
	int ep = epoll_create1(EPOLL_CLOEXEC), tfd = timer_open(), sfd = signals_open();
	int hfd = dp_handoff_fd(r->dp), nfd = link_monitor_open(r);
	struct ctl_server *ctl = ctl_server_new(lfd, ctl_handle, r);
	int cfd = ctl ? ctl_server_fd(ctl) : -1;
	struct epoll_event evs[8];
	int ret = -1;

	if (ep < 0 || tfd < 0 || sfd < 0 || hfd < 0 || cfd < 0 || events_add(ep, cfd) ||
	    events_add(ep, tfd) || events_add(ep, sfd) || events_add(ep, hfd) ||
	    (nfd >= 0 && events_add(ep, nfd))) {
		pr_err("cannot set up the event loop: %s\n", strerror(errno));
		goto out;
	}
	for (;;) {
		int n = epoll_wait(ep, evs, 8, -1);

		for (int i = 0; i < n; i++) {
			int fd = evs[i].data.fd;
			uint64_t ticks;

			if (fd == hfd) {
				dp_handoff_consume(r->dp);
			} else if (fd == nfd) {
				link_monitor_read(r);
			} else if (fd == cfd) {
				ctl_server_dispatch(ctl);
			} else if (fd == tfd) {
				if (read(tfd, &ticks, sizeof(ticks)) > 0) {
					neigh_tick(r);
					fdb_tick(r);
					state_tick(r);
				}
			} else if (fd == sfd) {
				pr_info("signal received, shutting down\n");
				ret = 0;
				goto out;
			}
		}
		if (n < 0 && errno != EINTR) {
			pr_err("epoll_wait: %s\n", strerror(errno));
			goto out;
		}
	}
out:
	link_monitor_close(r);
	ctl_server_free(ctl);
	if (ep >= 0)
		close(ep);
	if (tfd >= 0)
		close(tfd);
	if (sfd >= 0)
		close(sfd);
	return ret;
}

static int router_start(struct router *r, uint32_t tbl8_groups, bool *adopted)
{
	struct dp_opts dopts = { .adopt = true, .tbl8_groups = tbl8_groups };
	struct rib_tables t;
	int err;

	clock_gettime(CLOCK_MONOTONIC, &r->started);
	err = dp_open(&r->dp, &dopts, adopted);
	if (err) {
		pr_err("cannot load the XDP program: %s\n", strerror(-err));
		return err;
	}
	t = (struct rib_tables){ dp_tbl24(r->dp), dp_tbl8(r->dp), dp_nexthops(r->dp),
				 dp_tbl8_groups(r->dp) };
	if (*adopted && tbl8_groups && tbl8_groups != t.tbl8_groups)
		pr_warn("--tbl8-groups %u: the adopted fast path keeps its %u groups until a "
			"clean restart\n", tbl8_groups, t.tbl8_groups);
	pr_info("fib: %u tbl8 groups (%u MiB)\n", t.tbl8_groups,
		t.tbl8_groups / (1048576 / (XR_TBL8_GROUP_SIZE * 4)));
	r->rib = rib_new(&t, *adopted);
	if (!r->rib) {
		err = -errno;
		pr_err("cannot create the routing table: %s\n", strerror(-err));
		return err;
	}
	err = neigh_init(r);
	if (!err)
		err = slowpath_init(r);
	if (err)
		return err;
	state_init(r);
	if (*adopted) {
		pr_info("adopting the running fast path\n");
		state_replay(r);
		neigh_adopt(r);
		rib_adopt_done(r->rib);
	}
	return 0;
}

static void router_stop(struct router *r)
{
	if (r->icmp)
		slowpath_fini(r);
	if (r->neigh)
		neigh_fini(r);
	if (r->rib)
		rib_free(r->rib);
	dp_close(r->dp);
}

int main(int argc, char **argv)
{
	struct opts o = {};
	bool adopted = false;
	int lfd, ret = 1;

	if (parse_opts(argc, argv, &o))
		return 1;
	dp_log_hook();
	lfd = ctl_listen(o.socket);
	if (lfd < 0) {
		pr_err("control socket: %s\n", lfd == -EADDRINUSE ?
		       "another xrouterd is running in this network namespace" : strerror(-lfd));
		return 1;
	}
	if (router_start(&router, o.tbl8_groups, &adopted))
		goto out;
	if (o.config && config_apply(&router, o.config, adopted)) {
		/* Leave the interfaces as found; an adopted fast path keeps forwarding. */
		link_release_all(&router, !adopted);
		goto out;
	}
	router.save_state = true;
	state_save(&router);
	if (o.daemon) {
		log_use_syslog(true);
		if (daemon(1, 0))
			pr_warn("cannot detach: %s\n", strerror(errno));
	}
	pr_info("ready: %u ports, %zu routes\n", link_count(&router), rib_count(router.rib));
	ret = run(&router, lfd) ? 1 : 0;
	link_release_all(&router, true);
	state_remove(&router);
out:
	router_stop(&router);
	ctl_close(lfd, o.socket);
	return ret;
}
