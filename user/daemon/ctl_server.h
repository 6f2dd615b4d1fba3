/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The control socket's server (ctl_server.c): what xrouterd listens on and
 * how it serves clients; the protocol itself is lib/ctl.h.
 */
#ifndef XR_CTL_SERVER_H
#define XR_CTL_SERVER_H

#include "ctl.h"

/*
 * Runs one request; returns the exit status for the client, or
 * CTL_STREAMED when the handler took the client's socket fd (a dup of it)
 * to stream its reply itself (ctl_stream_begin()): the server then lets
 * the client go without a reply of its own.
 */
#define CTL_STREAMED	(-1)
typedef int (*ctl_handler)(void *ctx, bool json, bool may_write, int fd, int argc,
			   char **argv, FILE *out, FILE *err);

/*
 * Server limits: clients served at once (the last CTL_CLIENTS_ROOT places
 * only for root), the time a client has from connect to a whole request,
 * and the time it has to take its reply.
 */
#define CTL_CLIENTS_MAX		64
#define CTL_CLIENTS_ROOT	8
#define CTL_REQ_DEADLINE_MS	2000
#define CTL_REP_DEADLINE_MS	30000

/* Listen on path, or the abstract name when path is NULL: fd or -errno. */
int ctl_listen(const char *path);
void ctl_close(int lfd, const char *path);

/*
 * The server: serves the clients of listening socket lfd without ever
 * blocking, from one fd for the daemon's event loop.  ctl_server_fd() is
 * readable when there is work; ctl_server_dispatch() does it and returns.
 * NULL with errno set if it cannot be set up.  ctl_server_free() closes
 * the clients, not lfd.
 */
struct ctl_server;
struct ctl_server *ctl_server_new(int lfd, ctl_handler fn, void *ctx);
int ctl_server_fd(const struct ctl_server *s);
void ctl_server_dispatch(struct ctl_server *s);
void ctl_server_free(struct ctl_server *s);

#endif
