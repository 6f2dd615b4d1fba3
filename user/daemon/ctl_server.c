// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Control socket, the server side (xrouterd); the client side, all that
 * xrouterctl links, is lib/ctl_client.c; what both speak, lib/ctl_proto.c.
 *
 * The server never blocks the daemon: client sockets are non-blocking and
 * live in an epoll set of their own, whose fd the daemon's event loop
 * watches.  Each client moves through read request -> run -> write reply
 * with its own buffers, a deadline for each phase and a cap on how many
 * are served at once, so a slow, silent or numerous client costs the
 * daemon nothing but memory it bounds; ARP, ICMP and hand-offs go on.
 * A client that may only read is answered by a forked child, so even a
 * request that takes seconds to print does not hold the loop.
 * Every length from a client is checked before it is trusted.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/pidfd.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "ctl.h"
#include "ctl_server.h"
#include "log.h"

#define CTL_ACCEPT_BATCH	16		/* accepts per dispatch, then other events */
#define CTL_EVENTS_BATCH	16
#define CTL_CHILDREN_MAX	4		/* non-root requests running at once */
/* Replies waiting to be read beyond which non-root requests are refused. */
#define CTL_REP_BUDGET		(256u << 20)

int ctl_listen(const char *path)
{
	struct sockaddr_un sun;
	socklen_t alen = ctl_sockaddr(path, &sun);
	int fd, err;

	if (!alen)
		return -ENAMETOOLONG;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	if (path)
		unlink(path);	/* a stale socket file from a killed daemon */
	/* The backlog only has to cover a burst between two dispatches. */
	if (bind(fd, (struct sockaddr *)&sun, alen) < 0 || listen(fd, 128) < 0) {
		err = -errno;
		close(fd);
		return err;
	}
	return fd;
}

void ctl_close(int lfd, const char *path)
{
	if (lfd < 0)
		return;
	close(lfd);
	if (path)
		unlink(path);
}

/*
 * Who may change state: a peer whose effective uid was 0 (in the daemon's
 * user namespace) when it called connect().  Anyone who can reach the
 * socket, i.e. anyone in the namespace, may read.
 *
 * The kernel records the peer's credentials at connect() and SO_PEERCRED
 * returns that record; nothing the peer does afterwards (exec a setuid
 * program, setuid(), capset()) changes it.  Capabilities are not in it:
 * reading them from /proc/PID at any later time reads whatever program
 * that PID runs by then, and that was issue 9's hole: connect as nobody,
 * exec a setuid-root program, let a child send the request.  A pidfd
 * (SO_PEERPIDFD) does not close it either, since exec keeps the process,
 * its pid and its pidfd.  So CAP_NET_ADMIN without uid 0 is not enough.
 */
static bool ctl_peer_may_write(int fd)
{
	struct ucred cr;
	socklen_t len = sizeof(cr);

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &len) < 0 || len != sizeof(cr))
		return false;
	return cr.uid == 0;
}

static int64_t ctl_now_ms(void)
{
	return (int64_t)(clock_now_ns() / 1000000);
}

/* ---- server ---------------------------------------------------------- */

enum ctl_phase {
	CTL_READ,	/* header, then body; deadline CTL_REQ_DEADLINE_MS */
	CTL_WRITE,	/* reply; deadline CTL_REP_DEADLINE_MS */
	CTL_CHILD,	/* a child answers; fd is its pidfd */
};

struct ctl_client {
	int fd;
	bool may_write;		/* decided at accept, see ctl_peer_may_write() */
	enum ctl_phase phase;
	int64_t deadline;	/* CLOCK_MONOTONIC ms */
	struct ctl_req req;
	char *body;		/* req.len bytes once the header is in */
	size_t got;		/* request bytes received, header included */
	struct ctl_rep rep;	/* the reply: rep, then out, then err */
	char *out, *err;
	size_t out_len, err_len, sent;
	pid_t child;
	bool streamed;		/* the handler streams the reply itself */
};

struct ctl_server {
	int ep, lfd, tfd;
	ctl_handler fn;
	void *ctx;
	size_t rep_bytes;	/* replies buffered, all clients */
	unsigned n, children;
	struct ctl_client *clients[CTL_CLIENTS_MAX];
};

/* epoll tags of the server's own fds; a client's tag is its struct. */
static char ctl_tag_listen, ctl_tag_timer;

static void client_free(struct ctl_server *s, struct ctl_client *c)
{
	for (unsigned i = 0; i < CTL_CLIENTS_MAX; i++) {
		if (s->clients[i] == c) {
			s->clients[i] = NULL;
			s->n--;
		}
	}
	s->rep_bytes -= c->out_len + c->err_len;
	if (c->phase == CTL_CHILD) {
		/* Not reaped yet only when it overstayed. */
		if (c->child > 0 && kill(c->child, SIGKILL) == 0)
			waitpid(c->child, NULL, 0);
		s->children--;
	}
	/* Explicitly: close() leaves the set only with the file's last reference,
	 * and a child forked to compact the state may hold one for a moment. */
	epoll_ctl(s->ep, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	free(c->body);
	free(c->out);
	free(c->err);
	free(c);
}

/* The reply is the status and a message on stderr. */
static void client_refuse(struct ctl_server *s, struct ctl_client *c, const char *msg)
{
	c->err = strdup(msg);
	c->err_len = c->err ? strlen(msg) : 0;
	c->rep = (struct ctl_rep){ .status = 1, .err_len = c->err_len };
	s->rep_bytes += c->err_len;
	c->phase = CTL_WRITE;
}

/* A refusal sent at once, for a client that gets no more than that. */
static void ctl_refuse_now(int fd, const char *msg)
{
	struct ctl_rep rep = { .status = 1, .err_len = strlen(msg) };
	struct iovec iov[2] = { { &rep, sizeof(rep) }, { (char *)msg, rep.err_len } };
	struct msghdr mh = { .msg_iov = iov, .msg_iovlen = 2 };

	if (sendmsg(fd, &mh, MSG_DONTWAIT | MSG_NOSIGNAL) < 0)
		pr_debug("ctl: refusal not sent: %s\n", strerror(errno));
}

/* The header is in: refuse what is not a request we can hold. */
static int client_check_header(struct ctl_server *s, struct ctl_client *c)
{
	if (c->req.magic != CTL_MAGIC) {
		client_refuse(s, c, "Error: malformed request\n");
		return 1;
	}
	if (c->req.len > CTL_REQ_MAX || c->req.argc > CTL_ARGC_MAX) {
		client_refuse(s, c, "Error: request too large\n");
		return 1;
	}
	c->body = malloc(c->req.len + 1);
	if (!c->body) {
		client_refuse(s, c, "Error: out of memory\n");
		return 1;
	}
	return 0;
}

/*
 * Read what the client has sent, without blocking: 0 more to come, 1 the
 * request is whole (or refused: then the phase is CTL_WRITE), -errno drop
 * the client.
 */
static int client_read(struct ctl_server *s, struct ctl_client *c)
{
	const size_t hdr = sizeof(c->req);

	for (;;) {
		size_t want = c->got < hdr ? hdr - c->got : hdr + c->req.len - c->got;
		char *dst = c->got < hdr ? (char *)&c->req + c->got : c->body + c->got - hdr;
		ssize_t n;

		if (!want)
			return 1;
		n = recv(c->fd, dst, want, MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (n <= 0)
			return n < 0 ? -errno : -EPIPE;
		c->got += n;
		if (c->got == hdr && client_check_header(s, c))
			return 1;
	}
}

/*
 * A client that has hung up is not answered, and its request not run: an
 * xrouterctl that gave up waiting said "did not answer", so applying its
 * change later would surprise.
 */
static bool client_gone(const struct ctl_client *c)
{
	struct pollfd p = { .fd = c->fd, .events = POLLIN };

	return poll(&p, 1, 0) == 1 && (p.revents & (POLLHUP | POLLERR));
}

/* Run the request; the reply goes to the client's buffers. */
static void client_run(struct ctl_server *s, struct ctl_client *c)
{
	char **argv = calloc(c->req.argc + 1, sizeof(*argv));
	char *out = NULL, *err = NULL;
	size_t out_len = 0, err_len = 0;
	FILE *fo = NULL, *fe = NULL;
	int status;

	if (!argv || ctl_split(c->body, c->req.len, c->req.argc, argv)) {
		client_refuse(s, c, argv ? "Error: malformed request\n" : "Error: out of memory\n");
		goto out;
	}
	/* Root is served even when others' unread replies fill the budget. */
	if (!c->may_write && s->rep_bytes > CTL_REP_BUDGET) {
		client_refuse(s, c, "Error: xrouterd is busy sending replies, try again\n");
		goto out;
	}
	fo = open_memstream(&out, &out_len);
	fe = open_memstream(&err, &err_len);
	if (!fo || !fe) {
		client_refuse(s, c, "Error: out of memory\n");
		goto out;
	}
	status = s->fn(s->ctx, c->req.flags & CTL_F_JSON, c->may_write, c->fd, c->req.argc,
		       argv, fo, fe);
	fclose(fo);
	fclose(fe);
	fo = fe = NULL;
	if (status == CTL_STREAMED) {
		c->streamed = true;
		goto out;
	}
	if (out_len > UINT32_MAX || err_len > UINT32_MAX) {
		client_refuse(s, c, "Error: reply too large\n");
		goto out;
	}
	c->out = out;
	c->err = err;
	c->out_len = out_len;
	c->err_len = err_len;
	out = err = NULL;
	c->rep = (struct ctl_rep){ .status = status, .out_len = out_len, .err_len = err_len };
	s->rep_bytes += out_len + err_len;
	c->phase = CTL_WRITE;
out:
	if (fo)
		fclose(fo);
	if (fe)
		fclose(fe);
	free(out);
	free(err);
	free(argv);
}

/* The unsent part of the reply as iovecs; 0 when all is sent. */
static int client_reply_iov(const struct ctl_client *c, struct iovec *iov)
{
	const struct iovec part[3] = {
		{ (void *)&c->rep, sizeof(c->rep) },
		{ c->out, c->rep.out_len },
		{ c->err, c->rep.err_len },
	};
	size_t skip = c->sent;
	int n = 0;

	for (int i = 0; i < 3; i++) {
		if (skip >= part[i].iov_len) {
			skip -= part[i].iov_len;
			continue;
		}
		iov[n++] = (struct iovec){ (char *)part[i].iov_base + skip,
					   part[i].iov_len - skip };
		skip = 0;
	}
	return n;
}

/* Send what the socket takes: 0 more to send, 1 all sent, -errno. */
static int client_write(struct ctl_client *c)
{
	for (;;) {
		struct iovec iov[3];
		struct msghdr mh = { .msg_iov = iov, .msg_iovlen = client_reply_iov(c, iov) };
		ssize_t n;

		if (!mh.msg_iovlen)
			return 1;
		n = sendmsg(c->fd, &mh, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -errno;
		c->sent += n;
	}
}

/* In the child: run the request on the copy-on-write image, send, exit. */
static void __attribute__((noreturn)) client_child(struct ctl_server *s, struct ctl_client *c)
{
	int64_t end = ctl_now_ms() + CTL_REP_DEADLINE_MS;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	/* The name must go with the daemon, or a successor could not bind it. */
	close(s->lfd);
	client_run(s, c);
	for (;;) {
		struct pollfd p = { .fd = c->fd, .events = POLLOUT };
		int64_t left = end - ctl_now_ms();

		if (client_write(c) || left <= 0)
			break;
		poll(&p, 1, (int)left);
	}
	_exit(0);
}

/*
 * A client that may not write is answered by a forked child, on the
 * copy-on-write image: printing a million routes takes seconds, and the
 * daemon must not go deaf to ARP and ICMP because anybody in the namespace
 * asked.  The parent keeps only the child's pidfd, to reap it.  Root's
 * requests run in the loop, as they may change state.  0: the child runs
 * (CTL_CHILD) or the request is refused (CTL_WRITE); -errno.
 */
static int client_fork(struct ctl_server *s, struct ctl_client *c)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = c };
	int pidfd, err;
	pid_t pid;

	if (s->children >= CTL_CHILDREN_MAX) {
		client_refuse(s, c, "Error: xrouterd is busy, try again\n");
		return 0;
	}
	pid = fork();
	if (pid == 0)
		client_child(s, c);
	if (pid < 0) {
		pr_warn("ctl: cannot fork: %s\n", strerror(errno));
		client_refuse(s, c, "Error: xrouterd is busy, try again\n");
		return 0;
	}
	pidfd = pidfd_open(pid, 0);
	if (pidfd < 0 || epoll_ctl(s->ep, EPOLL_CTL_ADD, pidfd, &ev)) {
		err = -errno;
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		if (pidfd >= 0)
			close(pidfd);
		return err;
	}
	epoll_ctl(s->ep, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	c->fd = pidfd;
	c->child = pid;
	c->phase = CTL_CHILD;
	c->deadline = ctl_now_ms() + CTL_REP_DEADLINE_MS + 1000;
	s->children++;
	return 0;
}

/* The child has exited: reap it. */
static int client_reap(struct ctl_client *c)
{
	if (waitpid(c->child, NULL, WNOHANG) == 0)
		return 0;
	c->child = 0;
	return 1;
}

/* The request is in (or refused): answer, and wait for EPOLLOUT if need be. */
static int client_answer(struct ctl_server *s, struct ctl_client *c)
{
	struct epoll_event ev = { .events = EPOLLOUT, .data.ptr = c };
	int ret;

	if (c->phase == CTL_READ) {
		if (client_gone(c))
			return -EPIPE;
		if (c->may_write)
			client_run(s, c);
		else if ((ret = client_fork(s, c)) || c->phase == CTL_CHILD)
			return ret;
		if (c->streamed)
			return 1;	/* its reply is the handler's now */
	}
	c->deadline = ctl_now_ms() + CTL_REP_DEADLINE_MS;
	ret = client_write(c);
	if (ret)
		return ret;
	return epoll_ctl(s->ep, EPOLL_CTL_MOD, c->fd, &ev) ? -errno : 0;
}

static void client_event(struct ctl_server *s, struct ctl_client *c)
{
	int ret;

	if (c->phase == CTL_READ) {
		ret = client_read(s, c);
		if (ret == 1)
			ret = client_answer(s, c);
	} else if (c->phase == CTL_CHILD) {
		ret = client_reap(c);
	} else {
		ret = client_write(c);
	}
	if (ret == 1 || ret < 0) {
		if (ret < 0)
			pr_debug("ctl: client dropped: %s\n", strerror(-ret));
		client_free(s, c);
	}
}

static void server_add(struct ctl_server *s, int fd)
{
	bool may_write = ctl_peer_may_write(fd);
	unsigned limit = may_write ? CTL_CLIENTS_MAX : CTL_CLIENTS_MAX - CTL_CLIENTS_ROOT;
	struct epoll_event ev = { .events = EPOLLIN };
	struct ctl_client *c;
	unsigned i;

	if (s->n >= limit) {
		ctl_refuse_now(fd, "Error: xrouterd is serving too many clients, try again\n");
		goto fail;
	}
	c = calloc(1, sizeof(*c));
	if (!c)
		goto fail;
	*c = (struct ctl_client){ .fd = fd, .may_write = may_write, .phase = CTL_READ,
				  .deadline = ctl_now_ms() + CTL_REQ_DEADLINE_MS };
	ev.data.ptr = c;
	if (epoll_ctl(s->ep, EPOLL_CTL_ADD, fd, &ev)) {
		free(c);
		goto fail;
	}
	for (i = 0; s->clients[i]; i++)
		;
	s->clients[i] = c;
	s->n++;
	return;
fail:
	close(fd);
}

static void server_accept(struct ctl_server *s)
{
	for (int i = 0; i < CTL_ACCEPT_BATCH; i++) {
		int fd = accept4(s->lfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);

		if (fd < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
				pr_warn("ctl: accept: %s\n", strerror(errno));
			return;
		}
		server_add(s, fd);
	}
}

/* Drop the clients past their deadline; tell a slow sender why. */
static void server_expire(struct ctl_server *s)
{
	int64_t now = ctl_now_ms();

	for (unsigned i = 0; i < CTL_CLIENTS_MAX; i++) {
		struct ctl_client *c = s->clients[i];

		if (!c || c->deadline > now)
			continue;
		pr_debug("ctl: client timed out %s\n",
			 c->phase == CTL_READ ? "sending its request" : "reading its reply");
		if (c->phase == CTL_READ)
			ctl_refuse_now(c->fd, "Error: request not complete within the deadline\n");
		client_free(s, c);
	}
}

/* The timer fires at the earliest deadline; disarmed with no client. */
static void server_arm_timer(struct ctl_server *s)
{
	struct itimerspec its = {};
	int64_t first = INT64_MAX;

	for (unsigned i = 0; i < CTL_CLIENTS_MAX; i++)
		if (s->clients[i] && s->clients[i]->deadline < first)
			first = s->clients[i]->deadline;
	if (first != INT64_MAX) {
		/* 0 would disarm: a deadline already past fires in 1 ns. */
		its.it_value.tv_sec = first / 1000;
		its.it_value.tv_nsec = first % 1000 * 1000000 + 1;
	}
	timerfd_settime(s->tfd, TFD_TIMER_ABSTIME, &its, NULL);
}

void ctl_server_dispatch(struct ctl_server *s)
{
	struct epoll_event evs[CTL_EVENTS_BATCH];
	int n = epoll_wait(s->ep, evs, CTL_EVENTS_BATCH, 0);
	uint64_t expiries;

	for (int i = 0; i < n; i++) {
		void *tag = evs[i].data.ptr;

		if (tag == &ctl_tag_listen)
			server_accept(s);
		else if (tag == &ctl_tag_timer)
			(void)!read(s->tfd, &expiries, sizeof(expiries));
		else
			client_event(s, tag);
	}
	server_expire(s);
	server_arm_timer(s);
}

static int server_watch(struct ctl_server *s, int fd, void *tag)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = tag };

	return epoll_ctl(s->ep, EPOLL_CTL_ADD, fd, &ev);
}

struct ctl_server *ctl_server_new(int lfd, ctl_handler fn, void *ctx)
{
	struct ctl_server *s = calloc(1, sizeof(*s));
	int err;

	if (!s)
		return NULL;
	*s = (struct ctl_server){ .lfd = lfd, .fn = fn, .ctx = ctx };
	s->ep = epoll_create1(EPOLL_CLOEXEC);
	s->tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	if (s->ep < 0 || s->tfd < 0 || server_watch(s, lfd, &ctl_tag_listen) ||
	    server_watch(s, s->tfd, &ctl_tag_timer)) {
		err = errno;
		ctl_server_free(s);
		errno = err;
		return NULL;
	}
	return s;
}

int ctl_server_fd(const struct ctl_server *s)
{
	return s->ep;
}

void ctl_server_free(struct ctl_server *s)
{
	if (!s)
		return;
	for (unsigned i = 0; i < CTL_CLIENTS_MAX; i++)
		if (s->clients[i])
			client_free(s, s->clients[i]);
	if (s->tfd >= 0)
		close(s->tfd);
	if (s->ep >= 0)
		close(s->ep);
	free(s);
}
