// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The metrics endpoint (metrics_http.h).  libmicrohttpd parses HTTP, not
 * us: it is a well-kept, fuzzed library in Debian, and with MHD_USE_EPOLL
 * and no thread flag it hands the daemon one epoll fd and does its work
 * only inside MHD_run(), so it fits the single-threaded event loop.  Its
 * idle timeout alone would let a client that sends a byte a second stay
 * for ever; each connection's accept time is kept here, and one past the
 * deadline is shut down, which MHD then sees and closes.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "clock.h"
#include "log.h"
#include "metrics.h"
#include "metrics_http.h"

#define MH_NS		1000000000ull
#define MH_CONTENT_TYPE	"text/plain; version=0.0.4; charset=utf-8"
#define MH_RUN_MAX	8	/* MHD_run() rounds for work that needs no new event */

struct mh_conn {
	struct MHD_Connection *c;	/* NULL: free slot */
	uint64_t since_ns;
	bool cut;			/* shut down at its deadline, MHD closing it */
};

struct metrics_http {
	struct MHD_Daemon *d;
	struct router *r;
	int fd;				/* MHD's epoll fd */
	struct mh_conn conns[METRICS_HTTP_CONN_MAX];
};

/* ---- [ADDR]:PORT ---- */

static int port_parse(const char *s, uint16_t *port)
{
	unsigned long v = 0;

	if (!*s || strlen(s) > 5)
		return -EINVAL;
	for (; *s; s++) {
		if (!isdigit((unsigned char)*s))
			return -EINVAL;
		v = v * 10 + (unsigned long)(*s - '0');
	}
	if (v < 1 || v > 65535)
		return -EINVAL;
	*port = htons((uint16_t)v);
	return 0;
}

static int addr6_parse(const char *s, struct sockaddr_in6 *a)
{
	const char *end = strchr(s, ']');
	char host[INET6_ADDRSTRLEN];

	if (!end || end[1] != ':' || (size_t)(end - s - 1) >= sizeof(host))
		return -EINVAL;
	memcpy(host, s + 1, (size_t)(end - s - 1));
	host[end - s - 1] = '\0';
	a->sin6_family = AF_INET6;
	if (inet_pton(AF_INET6, host, &a->sin6_addr) != 1)
		return -EINVAL;
	return port_parse(end + 2, &a->sin6_port);
}

static int addr4_parse(const char *s, const char *colon, struct sockaddr_in *a)
{
	char host[INET_ADDRSTRLEN];

	if ((size_t)(colon - s) >= sizeof(host))
		return -EINVAL;
	memcpy(host, s, (size_t)(colon - s));
	host[colon - s] = '\0';
	a->sin_family = AF_INET;
	if (inet_pton(AF_INET, host, &a->sin_addr) != 1)
		return -EINVAL;
	return port_parse(colon + 1, &a->sin_port);
}

int metrics_http_parse(const char *s, struct sockaddr_storage *ss, socklen_t *len)
{
	const char *colon = strchr(s, ':');
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	*len = sizeof(struct sockaddr_in6);
	if (s[0] == '[')
		return addr6_parse(s, a6);
	/* A bare IPv6 address would be ambiguous with its port: brackets, as in URLs. */
	if (!colon || strchr(colon + 1, ':'))
		return -EINVAL;
	if (colon == s) {
		a6->sin6_family = AF_INET6;
		a6->sin6_addr = in6addr_any;
		return port_parse(colon + 1, &a6->sin6_port);
	}
	*len = sizeof(struct sockaddr_in);
	return addr4_parse(s, colon, (struct sockaddr_in *)ss);
}

/* ---- the listening socket ---- */

static int listen_bind(const struct sockaddr_storage *ss, socklen_t len)
{
	const struct sockaddr_in6 *a6 = (const struct sockaddr_in6 *)ss;
	int fd = socket(ss->ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int one = 1, zero = 0, err;

	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	/* "every address": IPv4 clients reach the IPv6 socket too. */
	if (ss->ss_family == AF_INET6 && IN6_IS_ADDR_UNSPECIFIED(&a6->sin6_addr))
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero));
	if (bind(fd, (const struct sockaddr *)ss, len) || listen(fd, METRICS_HTTP_CONN_MAX)) {
		err = -errno;
		close(fd);
		return err;
	}
	return fd;
}

/* ":PORT" on a host without IPv6 still means every (IPv4) address. */
static int listen_open(struct sockaddr_storage *ss, socklen_t len)
{
	struct sockaddr_in6 a6 = *(struct sockaddr_in6 *)ss;
	struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
	int fd = listen_bind(ss, len);

	if (fd != -EAFNOSUPPORT || !IN6_IS_ADDR_UNSPECIFIED(&a6.sin6_addr))
		return fd;
	memset(ss, 0, sizeof(*ss));
	a4->sin_family = AF_INET;
	a4->sin_port = a6.sin6_port;
	return listen_bind(ss, sizeof(*a4));
}

/* ---- requests ---- */

static enum MHD_Result mh_reply(struct MHD_Connection *c, unsigned status, const char *text,
				const char *allow)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;

	resp = MHD_create_response_from_buffer(strlen(text), (void *)text, MHD_RESPMEM_PERSISTENT);
	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "text/plain; charset=utf-8");
	if (allow)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, allow);
	ret = MHD_queue_response(c, status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result mh_metrics(struct metrics_http *h, struct MHD_Connection *c)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;
	size_t len;
	char *body = metrics_collect(h->r, &len);

	if (!body)
		return mh_reply(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory\n", NULL);
	resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, MH_CONTENT_TYPE);
	ret = MHD_queue_response(c, MHD_HTTP_OK, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* Answered on the first call, with the headers: no request body is ever read. */
static enum MHD_Result mh_access(void *cls, struct MHD_Connection *c, const char *url,
				 const char *method, const char *version, const char *upload,
				 size_t *upload_len, void **req)
{
	(void)version;
	(void)upload;
	(void)upload_len;
	(void)req;
	if (strcmp(url, "/metrics"))
		return mh_reply(c, MHD_HTTP_NOT_FOUND, "not found: try /metrics\n", NULL);
	if (strcmp(method, MHD_HTTP_METHOD_GET) && strcmp(method, MHD_HTTP_METHOD_HEAD))
		return mh_reply(c, MHD_HTTP_METHOD_NOT_ALLOWED, "method not allowed\n",
				"GET, HEAD");
	return mh_metrics(cls, c);
}

/* ---- connections' deadlines ---- */

static void mh_notify(void *cls, struct MHD_Connection *c, void **sctx,
		      enum MHD_ConnectionNotificationCode toe)
{
	struct metrics_http *h = cls;
	struct mh_conn *slot = *sctx;

	if (toe == MHD_CONNECTION_NOTIFY_CLOSED) {
		if (slot)
			*slot = (struct mh_conn){};
		return;
	}
	/* MHD admits at most METRICS_HTTP_CONN_MAX: a slot is free. */
	for (unsigned i = 0; i < METRICS_HTTP_CONN_MAX; i++) {
		if (h->conns[i].c)
			continue;
		h->conns[i] = (struct mh_conn){ .c = c, .since_ns = clock_now_ns() };
		*sctx = &h->conns[i];
		return;
	}
}

static void mh_expire(struct metrics_http *h)
{
	uint64_t now = clock_now_ns();

	for (unsigned i = 0; i < METRICS_HTTP_CONN_MAX; i++) {
		struct mh_conn *s = &h->conns[i];
		const union MHD_ConnectionInfo *ci;

		if (!s->c || s->cut || now - s->since_ns < METRICS_HTTP_DEADLINE_S * MH_NS)
			continue;
		ci = MHD_get_connection_info(s->c, MHD_CONNECTION_INFO_CONNECTION_FD);
		if (ci)
			shutdown(ci->connect_fd, SHUT_RDWR);
		s->cut = true;
		pr_debug("metrics: a client past its %u s deadline was cut off\n",
			 METRICS_HTTP_DEADLINE_S);
	}
}

/* ---- the daemon's loop ---- */

static void mh_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	/* Clients' misbehaviour is theirs: debug, never a warning per request. */
	log_vprint(LOG_LEVEL_DEBUG, fmt, ap);
}

static struct MHD_Daemon *mh_start(struct metrics_http *h, int lfd)
{
	return MHD_start_daemon(MHD_USE_EPOLL | MHD_USE_ERROR_LOG, 0, NULL, NULL, mh_access, h,
				MHD_OPTION_LISTEN_SOCKET, lfd,
				MHD_OPTION_CONNECTION_LIMIT, (unsigned)METRICS_HTTP_CONN_MAX,
				MHD_OPTION_PER_IP_CONNECTION_LIMIT,
				(unsigned)METRICS_HTTP_CONN_PER_IP,
				MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)METRICS_HTTP_MEM,
				MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)METRICS_HTTP_IDLE_S,
				MHD_OPTION_NOTIFY_CONNECTION, mh_notify, h,
				MHD_OPTION_EXTERNAL_LOGGER, mh_log, NULL,
				MHD_OPTION_END);
}

struct metrics_http *metrics_http_start(const char *spec, struct router *r)
{
	struct metrics_http *h = calloc(1, sizeof(*h));
	const union MHD_DaemonInfo *di;
	struct sockaddr_storage ss;
	socklen_t len;
	int lfd, err = -EINVAL;

	if (!h || metrics_http_parse(spec, &ss, &len))
		goto fail;
	h->r = r;
	lfd = listen_open(&ss, len);
	if (lfd < 0) {
		err = lfd;
		goto fail;
	}
	h->d = mh_start(h, lfd);
	di = h->d ? MHD_get_daemon_info(h->d, MHD_DAEMON_INFO_EPOLL_FD) : NULL;
	if (!di) {
		err = -ENOTSUP;
		if (!h->d)
			close(lfd);
		goto fail;
	}
	h->fd = di->epoll_fd;
	return h;
fail:
	if (!h)
		err = -ENOMEM;
	metrics_http_stop(h);
	errno = -err;
	return NULL;
}

int metrics_http_fd(const struct metrics_http *h)
{
	return h->fd;
}

void metrics_http_run(struct metrics_http *h)
{
	MHD_UNSIGNED_LONG_LONG ms;

	mh_expire(h);
	MHD_run(h->d);
	/* A queued answer is sent without a new event: MHD says so by a zero timeout. */
	for (unsigned i = 0; i < MH_RUN_MAX && MHD_get_timeout(h->d, &ms) == MHD_YES && !ms; i++)
		MHD_run(h->d);
}

void metrics_http_stop(struct metrics_http *h)
{
	if (!h)
		return;
	if (h->d)
		MHD_stop_daemon(h->d);
	free(h);
}
