// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The control socket's server (daemon/ctl_server.c) over a real socket:
 * the input, after its first byte, is what one client sends, in chunks
 * whose sizes that byte chooses, with the server dispatching between
 * them as the daemon's loop would.  Whatever arrives (a header that lies
 * about its length, half a request, junk), the server never reads past
 * what it allocated, and whatever it answers is one well-formed reply: a
 * struct ctl_rep then exactly out_len + err_len bytes.  The handler
 * echoes the words, so an accepted request comes back as it was split.
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "ctl.h"
#include "ctl_server.h"
#include "fuzz.h"
#include "log.h"

#define FUZZ_DISPATCH	8	/* rounds after the last byte before giving up */

static struct ctl_server *srv;
static int lfd = -1;
static char path[64];

static int echo(void *ctx, bool json, bool may_write, int fd, int argc, char **argv,
		FILE *out, FILE *err)
{
	(void)ctx;
	(void)fd;
	(void)json;
	(void)may_write;
	(void)err;
	for (int i = 0; i < argc; i++)
		fprintf(out, "%s\n", argv[i]);
	return 0;
}

static void cleanup(void)
{
	ctl_server_free(srv);
	ctl_close(lfd, path);
	*strrchr(path, '/') = '\0';
	rmdir(path);
}

static void setup(void)
{
	if (srv)
		return;
	snprintf(path, sizeof(path), "/tmp/fuzz_ctl.XXXXXX");
	FUZZ_CHECK(mkdtemp(path) != NULL);
	strcat(path, "/s");
	log_set_level(LOG_LEVEL_ERR);
	lfd = ctl_listen(path);
	FUZZ_CHECK(lfd >= 0);
	srv = ctl_server_new(lfd, echo, NULL);
	FUZZ_CHECK(srv != NULL);
	atexit(cleanup);
}

static int client_connect(void)
{
	struct sockaddr_un sun;
	socklen_t alen = ctl_sockaddr(path, &sun);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);

	FUZZ_CHECK(fd >= 0);
	FUZZ_CHECK(connect(fd, (struct sockaddr *)&sun, alen) == 0);
	return fd;
}

/* Everything the server has sent so far, appended to buf. */
static size_t client_read(int fd, uint8_t *buf, size_t have, size_t cap)
{
	ssize_t n;

	while (have < cap && (n = recv(fd, buf + have, cap - have, MSG_DONTWAIT)) > 0)
		have += (size_t)n;
	return have;
}

/* A header and all it announces are in: no need to dispatch again. */
static bool reply_whole(const uint8_t *b, size_t len)
{
	struct ctl_rep rep;

	if (len < sizeof(rep))
		return false;
	memcpy(&rep, b, sizeof(rep));
	return len >= sizeof(rep) + (size_t)rep.out_len + rep.err_len;
}

static void reply_check(const uint8_t *b, size_t len)
{
	struct ctl_rep rep;

	if (!len)
		return;		/* dropped without a word: a request that never ended */
	FUZZ_CHECK(len >= sizeof(rep));
	memcpy(&rep, b, sizeof(rep));
	FUZZ_CHECK(len == sizeof(rep) + (size_t)rep.out_len + rep.err_len);
	FUZZ_CHECK(rep.status == 0 || (rep.status == 1 && rep.err_len > 0));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t rep[CTL_REQ_MAX * 2 + 4096];
	size_t off = 1, got = 0, chunk;
	int fd, i;

	if (!size)
		return 0;
	setup();
	fd = client_connect();
	ctl_server_dispatch(srv);	/* accept */
	chunk = 1 + data[0] % 64;
	if (size / chunk > 64)
		chunk = size / 64;	/* a long input in at most ~64 rounds: each is syscalls */
	while (off < size) {
		size_t n = size - off < chunk ? size - off : chunk;
		ssize_t w = send(fd, data + off, n, MSG_DONTWAIT | MSG_NOSIGNAL);

		if (w <= 0)
			break;	/* refused and closed: the rest is not read */
		off += (size_t)w;
		ctl_server_dispatch(srv);
		got = client_read(fd, rep, got, sizeof(rep));
	}
	for (i = 0; i < FUZZ_DISPATCH && !reply_whole(rep, got); i++) {
		ctl_server_dispatch(srv);
		got = client_read(fd, rep, got, sizeof(rep));
	}
	reply_check(rep, got);
	close(fd);
	ctl_server_dispatch(srv);	/* sees the hang-up, lets the client go */
	return 0;
}
