/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * `xrouterd --metrics [ADDR]:PORT`: the registry's text (metrics.h) served
 * at GET /metrics by libmicrohttpd, driven from the daemon's own event
 * loop: no thread, one fd to wait on, every socket non-blocking.  Clients
 * are outside input and bounded: connections, memory per connection (the
 * request's size), idle time, and a deadline for the whole exchange, so a
 * client sending one byte a second holds one slot for a while and nothing
 * else.
 */
#ifndef XR_METRICS_HTTP_H
#define XR_METRICS_HTTP_H

#include <sys/socket.h>

struct router;
struct metrics_http;

#define METRICS_HTTP_CONN_MAX		16	/* at once, all clients */
#define METRICS_HTTP_CONN_PER_IP	8	/* so one host cannot take them all */
#define METRICS_HTTP_MEM		(16 * 1024)	/* per connection: request line and headers */
#define METRICS_HTTP_IDLE_S		5	/* nothing sent or received: closed */
#define METRICS_HTTP_DEADLINE_S		15	/* accept to close, whatever the client does */

/*
 * "ADDR:PORT" (IPv4), "[ADDR]:PORT" (IPv6) or ":PORT" (every address of
 * both families).  0, or -EINVAL; *any set for ":PORT".
 */
int metrics_http_parse(const char *s, struct sockaddr_storage *ss, socklen_t *len);

/*
 * Listen on spec (metrics_http_parse()) and serve r's metrics.  NULL with
 * errno set; the error is for the caller to say.
 */
struct metrics_http *metrics_http_start(const char *spec, struct router *r);
/* What the event loop waits on: readable means metrics_http_run(). */
int metrics_http_fd(const struct metrics_http *h);
/* Serve what is ready, and close connections past their time (call on the tick too). */
void metrics_http_run(struct metrics_http *h);
void metrics_http_stop(struct metrics_http *h);

#endif
