// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * What both ends of the control socket agree on (ctl.h): where the socket
 * is, and how a request's payload splits into words.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "ctl.h"

socklen_t ctl_sockaddr(const char *path, struct sockaddr_un *sun)
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

int ctl_stream_begin(int fd)
{
	struct ctl_rep rep = { .flags = CTL_REP_STREAM };
	ssize_t n = send(fd, &rep, sizeof(rep), MSG_DONTWAIT | MSG_NOSIGNAL);

	/* A fresh connection's buffer always takes 16 bytes. */
	if (n < 0)
		return -errno;
	return n == sizeof(rep) ? 0 : -EIO;
}

int ctl_split(char *buf, uint32_t len, uint32_t argc, char **argv)
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
