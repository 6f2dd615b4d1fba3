/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The control socket between xrouterctl and xrouterd.  By default an
 * abstract unix socket, "\0xrouter": abstract names belong to a network
 * namespace, so each namespace's daemon is reached by its own CLI only.
 *
 * Request: struct ctl_req, then `len` bytes holding `argc` NUL-terminated
 * words.  Reply: struct ctl_rep, then out_len bytes of stdout and err_len
 * bytes of stderr.  Integers in host order (same machine).
 */
#ifndef XR_CTL_H
#define XR_CTL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

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
	uint32_t pad;
};

/* Runs one request; returns the exit status for the client. */
typedef int (*ctl_handler)(void *ctx, bool json, bool may_write, int argc, char **argv,
			   FILE *out, FILE *err);

/* Listen on path, or the abstract name when path is NULL: fd or -errno. */
int ctl_listen(const char *path);
/* Accept and serve one client (listen fd readable).  Never fails the daemon. */
void ctl_serve_one(int lfd, ctl_handler fn, void *ctx);
void ctl_close(int lfd, const char *path);

/*
 * Client: send argv, copy the reply to stdout/stderr, return its status.
 * -errno if no daemon could be reached or the reply was cut.
 */
int ctl_request(const char *path, bool json, int argc, char **argv);

#endif
