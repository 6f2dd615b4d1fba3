// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Control socket: server side for xrouterd, client side for xrouterctl.
 * The daemon serves one client at a time with short socket timeouts, so
 * a stuck or hostile client costs at most a second and never crashes it:
 * every length is checked before it is trusted.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "ctl.h"
#include "log.h"

#define CAP_NET_ADMIN_BIT 12

static socklen_t ctl_addr(const char *path, struct sockaddr_un *sun)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	if (!path) {
		/* Abstract: leading NUL, length covers the name only. */
		memcpy(sun->sun_path + 1, CTL_ABSTRACT_NAME, strlen(CTL_ABSTRACT_NAME));
		return offsetof(struct sockaddr_un, sun_path) + 1 + strlen(CTL_ABSTRACT_NAME);
	}
	if (strlen(path) >= sizeof(sun->sun_path))
		return 0;
	strcpy(sun->sun_path, path);
	return sizeof(*sun);
}

int ctl_listen(const char *path)
{
	struct sockaddr_un sun;
	socklen_t alen = ctl_addr(path, &sun);
	int fd, err;

	if (!alen)
		return -ENAMETOOLONG;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	if (path)
		unlink(path);	/* a stale socket file from a killed daemon */
	if (bind(fd, (struct sockaddr *)&sun, alen) < 0 || listen(fd, 16) < 0) {
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

/* Root, or CAP_NET_ADMIN in the peer's effective set. */
static bool ctl_peer_may_write(int fd)
{
	struct ucred cr;
	socklen_t len = sizeof(cr);
	char path[64], line[256];
	unsigned long long caps;
	bool ok = false;
	FILE *f;

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &len) < 0)
		return false;
	if (cr.uid == 0)
		return true;
	snprintf(path, sizeof(path), "/proc/%d/status", cr.pid);
	f = fopen(path, "re");
	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "CapEff: %llx", &caps) == 1) {
			ok = caps & (1ull << CAP_NET_ADMIN_BIT);
			break;
		}
	}
	fclose(f);
	return ok;
}

static int ctl_read_full(int fd, void *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = read(fd, (char *)buf + got, len - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EPIPE;
		got += n;
	}
	return 0;
}

static int ctl_write_full(int fd, const void *buf, size_t len)
{
	size_t put = 0;

	while (put < len) {
		ssize_t n = write(fd, (const char *)buf + put, len - put);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EPIPE;
		put += n;
	}
	return 0;
}

static void ctl_set_timeouts(int fd, int rcv_s, int snd_s)
{
	struct timeval rcv = { .tv_sec = rcv_s }, snd = { .tv_sec = snd_s };

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &rcv, sizeof(rcv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &snd, sizeof(snd));
}

/* Split the payload into argv; -EINVAL unless it is exactly argc words. */
static int ctl_split(char *buf, uint32_t len, uint32_t argc, char **argv)
{
	uint32_t n = 0, start = 0;

	if (len == 0 || buf[len - 1] != '\0')
		return -EINVAL;
	for (uint32_t i = 0; i < len; i++) {
		if (buf[i])
			continue;
		if (n == argc)
			return -EINVAL;
		argv[n++] = buf + start;
		start = i + 1;
	}
	if (n != argc)
		return -EINVAL;
	argv[n] = NULL;
	return 0;
}

static int ctl_reply(int fd, int status, const char *out, size_t out_len,
		     const char *err, size_t err_len)
{
	struct ctl_rep rep = { .status = status, .out_len = out_len, .err_len = err_len };
	int ret;

	ret = ctl_write_full(fd, &rep, sizeof(rep));
	if (!ret && out_len)
		ret = ctl_write_full(fd, out, out_len);
	if (!ret && err_len)
		ret = ctl_write_full(fd, err, err_len);
	return ret;
}

static void ctl_refuse(int fd, const char *msg)
{
	ctl_reply(fd, 1, NULL, 0, msg, strlen(msg));
}

static void ctl_run(int fd, const struct ctl_req *req, char **argv, ctl_handler fn, void *ctx)
{
	char *out = NULL, *err = NULL;
	size_t out_len = 0, err_len = 0;
	FILE *fo = open_memstream(&out, &out_len);
	FILE *fe = open_memstream(&err, &err_len);
	int status;

	if (!fo || !fe) {
		ctl_refuse(fd, "Error: out of memory\n");
		goto out;
	}
	status = fn(ctx, req->flags & CTL_F_JSON, ctl_peer_may_write(fd), req->argc, argv,
		    fo, fe);
	fclose(fo);
	fclose(fe);
	fo = fe = NULL;
	if (ctl_reply(fd, status, out, out_len, err, err_len))
		pr_debug("ctl: client went away before the reply\n");
out:
	if (fo)
		fclose(fo);
	if (fe)
		fclose(fe);
	free(out);
	free(err);
}

static void ctl_handle(int fd, ctl_handler fn, void *ctx)
{
	struct ctl_req req;
	char **argv = NULL;
	char *buf = NULL;

	if (ctl_read_full(fd, &req, sizeof(req)))
		return;
	if (req.magic != CTL_MAGIC) {
		ctl_refuse(fd, "Error: malformed request\n");
		return;
	}
	if (req.len > CTL_REQ_MAX || req.argc > CTL_ARGC_MAX) {
		ctl_refuse(fd, "Error: request too large\n");
		return;
	}
	buf = malloc(req.len + 1);
	argv = calloc(req.argc + 1, sizeof(*argv));
	if (!buf || !argv) {
		ctl_refuse(fd, "Error: out of memory\n");
		goto out;
	}
	if (ctl_read_full(fd, buf, req.len))
		goto out;
	if (ctl_split(buf, req.len, req.argc, argv)) {
		ctl_refuse(fd, "Error: malformed request\n");
		goto out;
	}
	ctl_run(fd, &req, argv, fn, ctx);
out:
	free(buf);
	free(argv);
}

void ctl_serve_one(int lfd, ctl_handler fn, void *ctx)
{
	int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);

	if (fd < 0)
		return;
	ctl_set_timeouts(fd, 1, 5);
	ctl_handle(fd, fn, ctx);
	close(fd);
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
	buf = malloc(len ? len : 1);
	if (!buf)
		return -ENOMEM;
	p = buf;
	for (int i = 0; i < argc; i++) {
		size_t n = strlen(argv[i]) + 1;

		memcpy(p, argv[i], n);
		p += n;
	}
	err = ctl_write_full(fd, &req, sizeof(req));
	if (!err)
		err = ctl_write_full(fd, buf, len);
	free(buf);
	return err;
}

/* Copy n bytes from the socket to f. */
static int ctl_copy_out(int fd, uint32_t n, FILE *f)
{
	char buf[16384];

	while (n) {
		size_t chunk = n < sizeof(buf) ? n : sizeof(buf);
		int err = ctl_read_full(fd, buf, chunk);

		if (err)
			return err;
		fwrite(buf, 1, chunk, f);
		n -= chunk;
	}
	fflush(f);
	return 0;
}

int ctl_request(const char *path, bool json, int argc, char **argv)
{
	struct sockaddr_un sun;
	socklen_t alen = ctl_addr(path, &sun);
	struct ctl_rep rep;
	int fd, err;

	if (!alen)
		return -ENAMETOOLONG;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sun, alen) < 0) {
		err = -errno;
		goto out;
	}
	err = ctl_send_req(fd, json, argc, argv);
	if (!err)
		err = ctl_read_full(fd, &rep, sizeof(rep));
	if (!err)
		err = ctl_copy_out(fd, rep.out_len, stdout);
	if (!err)
		err = ctl_copy_out(fd, rep.err_len, stderr);
	if (!err)
		err = rep.status > 255 ? 1 : (int)rep.status;
out:
	close(fd);
	return err;
}
