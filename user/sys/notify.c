// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * sd_notify(3) without libsystemd: the protocol is one datagram of
 * "KEY=VALUE" lines to the AF_UNIX socket $NOTIFY_SOCKET names ('@' for
 * an abstract one), which is all Type=notify needs.
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

/* $NOTIFY_SOCKET as an address; its length, or -EINVAL. */
static int notify_addr(const char *path, struct sockaddr_un *sun)
{
	size_t len = strlen(path);

	if ((path[0] != '/' && path[0] != '@') || len < 2 || len >= sizeof(sun->sun_path))
		return -EINVAL;
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	memcpy(sun->sun_path, path, len);
	if (path[0] == '@')
		sun->sun_path[0] = '\0';
	return offsetof(struct sockaddr_un, sun_path) + len;
}

int notify_send(const char *state)
{
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sun;
	char msg[256];
	int fd, len, n, err = 0;

	if (!path || !*path)
		return 0;
	len = notify_addr(path, &sun);
	if (len < 0)
		return len;
	/* MAINPID: after --daemon forks, the manager must follow the child. */
	n = snprintf(msg, sizeof(msg), "%s\nMAINPID=%d", state, (int)getpid());
	if (n < 0 || n >= (int)sizeof(msg))
		return -EINVAL;
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (sendto(fd, msg, n, MSG_NOSIGNAL, (struct sockaddr *)&sun, len) != n)
		err = -errno;
	close(fd);
	return err;
}
