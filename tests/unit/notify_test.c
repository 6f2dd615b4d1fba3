/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Unit tests of notify.c, the readiness datagram Type=notify units wait
 * for: what reaches a socket named by $NOTIFY_SOCKET (a path and an
 * abstract name), and that no variable means nothing to do.
 * Prints "ok - ..." / "not ok - ..." per case and a final count.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "notify.h"
#include "check.h"

/* A datagram socket bound at name ('@' abstract), or -1. */
static int listener(const char *name)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	socklen_t len = offsetof(struct sockaddr_un, sun_path) + strlen(name);
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	memcpy(sun.sun_path, name, strlen(name));
	if (name[0] == '@')
		sun.sun_path[0] = '\0';
	if (fd >= 0 && bind(fd, (struct sockaddr *)&sun, len)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Send READY=1 to name and check what arrives. */
static void test_ready(const char *name, const char *what)
{
	char buf[256], want[64], desc[128];
	int fd = listener(name), rc;
	ssize_t n = -1;

	setenv("NOTIFY_SOCKET", name, 1);
	rc = notify_send("READY=1");
	if (fd >= 0 && !rc)
		n = recv(fd, buf, sizeof(buf) - 1, MSG_DONTWAIT);
	buf[n > 0 ? n : 0] = '\0';
	snprintf(want, sizeof(want), "READY=1\nMAINPID=%d", (int)getpid());
	snprintf(desc, sizeof(desc), "%s: READY=1 and MAINPID arrive", what);
	report(fd >= 0 && !rc && !strcmp(buf, want), desc);
	if (fd >= 0)
		close(fd);
}

int main(void)
{
	char path[64];

	snprintf(path, sizeof(path), "/tmp/xr-notify-%d", (int)getpid());
	unlink(path);
	test_ready(path, "path socket");
	unlink(path);
	snprintf(path, sizeof(path), "@xr-notify-%d", (int)getpid());
	test_ready(path, "abstract socket");
	unsetenv("NOTIFY_SOCKET");
	report(notify_send("READY=1") == 0, "no NOTIFY_SOCKET: nothing to do, 0");
	setenv("NOTIFY_SOCKET", "relative", 1);
	report(notify_send("READY=1") == -EINVAL, "a name neither /path nor @name: -EINVAL");
	setenv("NOTIFY_SOCKET", "/nonexistent/xr-notify", 1);
	report(notify_send("READY=1") < 0, "nobody listening at the path: an error, no crash");
	return report_done();
}
