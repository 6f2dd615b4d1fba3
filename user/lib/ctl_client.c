// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Control socket, the client side: what xrouterctl does to reach the
 * daemon of its namespace, send argv and print the answer.  Every wait is
 * bounded (ctl.h CTL_TIMEOUT_MS, XRCTL_TIMEOUT), so a stopped or busy
 * daemon gives a clear error instead of a hang.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "ctl.h"

/* A socket timeout is EAGAIN; say what it means. */
static int ctl_io_err(ssize_t n)
{
	if (n == 0)
		return -EPIPE;
	return errno == EAGAIN || errno == EWOULDBLOCK ? -ETIMEDOUT : -errno;
}

static int ctl_send_full(int fd, const void *buf, size_t len)
{
	size_t put = 0;

	while (put < len) {
		ssize_t n = send(fd, (const char *)buf + put, len - put, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return ctl_io_err(n);
		put += n;
	}
	return 0;
}

/* Each read waits at most the socket's SO_RCVTIMEO: an idle timeout. */
static int ctl_recv_full(int fd, void *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = recv(fd, (char *)buf + got, len - got, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return ctl_io_err(n);
		got += n;
	}
	return 0;
}

static int ctl_send_req(int fd, bool json, int argc, char **argv)
{
	struct ctl_req req = { .magic = CTL_MAGIC, .flags = json ? CTL_F_JSON : 0, .argc = argc };
	size_t len = 0;
	char *buf, *p;
	int err;

	for (int i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	if (len > CTL_REQ_MAX || argc > CTL_ARGC_MAX)
		return -E2BIG;
	req.len = len;
	buf = malloc(sizeof(req) + len);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, &req, sizeof(req));
	p = buf + sizeof(req);
	for (int i = 0; i < argc; i++) {
		size_t n = strlen(argv[i]) + 1;

		memcpy(p, argv[i], n);
		p += n;
	}
	err = ctl_send_full(fd, buf, sizeof(req) + len);
	free(buf);
	return err;
}

/*
 * Read the whole reply before printing any of it: the daemon's time to
 * send it must not depend on how fast our stdout is read (a pager).
 */
static int ctl_read_reply(int fd, struct ctl_rep *rep, char **text)
{
	size_t len;
	int err = ctl_recv_full(fd, rep, sizeof(*rep));

	if (err)
		return err;
	if (rep->flags & CTL_REP_STREAM) {
		*text = NULL;
		return 0;
	}
	len = (size_t)rep->out_len + rep->err_len;
	*text = malloc(len ? len : 1);
	if (!*text)
		return -ENOMEM;
	return ctl_recv_full(fd, *text, len);
}

static int ctl_set_timeout(int fd, int timeout_ms)
{
	struct timeval tv = { .tv_sec = timeout_ms / 1000, .tv_usec = timeout_ms % 1000 * 1000 };

	/* SO_SNDTIMEO also bounds connect() to a listener whose backlog is full. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) ||
	    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)))
		return -errno;
	return 0;
}

static int ctl_connect(const char *path, int timeout_ms)
{
	struct sockaddr_un sun;
	socklen_t alen = ctl_sockaddr(path, &sun);
	int fd, err;

	if (!alen)
		return -ENAMETOOLONG;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	err = ctl_set_timeout(fd, timeout_ms);
	if (!err && connect(fd, (struct sockaddr *)&sun, alen) < 0)
		err = errno == EAGAIN ? -ETIMEDOUT : -errno;
	if (err) {
		close(fd);
		return err;
	}
	return fd;
}

/*
 * A streamed reply: copy until the daemon closes, with no idle timeout
 * (a trace waits for its packets; its own count and timeout end it).
 */
static int ctl_copy_stream(int fd)
{
	char buf[4096];
	ssize_t n;

	if (ctl_set_timeout(fd, 0))
		return -errno;
	for (;;) {
		n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : 0;
		fwrite(buf, 1, n, stdout);
		fflush(stdout);
	}
}

int ctl_request_within(const char *path, bool json, int timeout_ms, int argc, char **argv)
{
	struct ctl_rep rep;
	char *text = NULL;
	int fd, err, sent;

	fd = ctl_connect(path, timeout_ms);
	if (fd < 0)
		return fd;
	sent = ctl_send_req(fd, json, argc, argv);
	if (sent == -E2BIG || sent == -ENOMEM || sent == -ETIMEDOUT) {
		err = sent;
		goto out;
	}
	/* Even if sending failed, a refusal may be waiting: the daemon's word wins. */
	err = ctl_read_reply(fd, &rep, &text);
	if (err) {
		err = sent ? sent : err;
		goto out;
	}
	if (rep.flags & CTL_REP_STREAM) {
		err = ctl_copy_stream(fd);
		if (!err)
			err = rep.status > 255 ? 1 : (int)rep.status;
		goto out;
	}
	fwrite(text, 1, rep.out_len, stdout);
	fflush(stdout);
	fwrite(text + rep.out_len, 1, rep.err_len, stderr);
	err = rep.status > 255 ? 1 : (int)rep.status;
out:
	free(text);
	close(fd);
	return err;
}

int ctl_request(const char *path, bool json, int argc, char **argv)
{
	return ctl_request_within(path, json, CTL_TIMEOUT_MS, argc, argv);
}
