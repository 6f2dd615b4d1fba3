/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The control socket between xrouterctl and xrouterd.  By default an
 * abstract unix socket, "\0xrouter": abstract names belong to a network
 * namespace, so each namespace's daemon is reached by its own CLI only.
 *
 * Request: struct ctl_req, then `len` bytes holding `argc` NUL-terminated
 * words.  Reply: struct ctl_rep, then out_len bytes of stdout and err_len
 * bytes of stderr.  Integers in host order (same machine).  One request
 * per connection.  A streamed reply (CTL_REP_STREAM, `trace`) is the header
 * alone, then stdout text for as long as the command runs: the daemon
 * closes the connection when it is done, and a client that hangs up ends it.  Anyone who can connect may read; writing needs a peer
 * whose uid was 0 at connect() (ctl_peer_may_write() in ctl.c says why).
 */
#ifndef XR_CTL_H
#define XR_CTL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>

#define CTL_ABSTRACT_NAME	"xrouter"
#define CTL_MAGIC		0x58524331u	/* "XRC1" */
#define CTL_REQ_MAX		(64 * 1024)	/* request payload bytes */
#define CTL_ARGC_MAX		1024

enum ctl_flags {
	CTL_F_JSON = 1 << 0,
};

struct ctl_req {
	uint32_t magic;
	uint32_t flags;
	uint32_t argc;
	uint32_t len;
};

struct ctl_rep {
	uint32_t status;
	uint32_t out_len;
	uint32_t err_len;
	uint32_t flags;		/* CTL_REP_* */
};

#define CTL_REP_STREAM	(1u << 0)	/* stdout follows until the daemon closes */

/*
 * Server: start a streamed reply on a client's socket (status 0); the
 * caller then writes stdout text to fd and closes it when done.  0 or -errno.
 */
int ctl_stream_begin(int fd);

/* Client: how long xrouterctl waits for a connection or a reply's next byte. */
#define CTL_TIMEOUT_MS		10000

/*
 * A request's payload (len bytes, NUL-terminated words) into argv[0..argc]
 * (argv has argc + 1 slots; argv[argc] = NULL): 0, or -EINVAL unless it is
 * exactly argc words.  Exposed for the fuzz target.
 */
int ctl_split(char *buf, uint32_t len, uint32_t argc, char **argv);

/* The socket's address: abstract "xrouter" when path is NULL.  Its length,
 * 0 if path is too long. */
struct sockaddr_un;
socklen_t ctl_sockaddr(const char *path, struct sockaddr_un *sun);

/*
 * Client: send argv, copy the reply to stdout/stderr, return its status.
 * -ETIMEDOUT if the daemon did not accept the connection or went
 * timeout_ms without sending a byte of its reply (0: wait forever), other
 * -errno if no daemon could be reached or the reply was cut.
 * ctl_request() waits CTL_TIMEOUT_MS.
 */
int ctl_request_within(const char *path, bool json, int timeout_ms, int argc, char **argv);
int ctl_request(const char *path, bool json, int argc, char **argv);

#endif
