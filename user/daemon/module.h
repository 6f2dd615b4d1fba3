/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The module registry: how features join the daemon without the daemon
 * knowing them.  Each module (user/modules/) describes itself in one
 * struct xr_module and registers it from a constructor (XR_MODULE), as
 * grout's RTE_INIT does; xrouterd links every module whole, and the
 * framework calls the hooks in `order`, lowest first (fini in reverse).
 *
 * The modules' shared state is struct router (modules/core/router.h); the
 * framework only passes the pointer on, never looks inside.  Exactly one
 * module (core) provides it, in .state.
 */
#ifndef XR_MODULE_H
#define XR_MODULE_H

#include <stdbool.h>
#include <stdio.h>

#include "event.h"

struct dp;
struct router;

/* What start-up hands every module's init. */
struct module_env {
	struct dp *dp;
	bool adopted;		/* a previous daemon's fast path is still running */
	unsigned tbl8_groups;	/* --tbl8-groups, 0 for the program's default */
};

struct xr_module {
	const char *name;
	int order;
	struct router *state;	/* core only */
	/* Start-up, before any state is replayed: 0 or -errno (start-up fails). */
	int (*init)(struct router *r, const struct module_env *env);
	/* After the adopted fast path's saved state was replayed. */
	void (*adopted)(struct router *r);
	/* The daemon's loop is about to run. */
	void (*ready)(struct router *r);
	/* Shutdown; detach: take the fast path off the interfaces (false when an
	 * adopted fast path must keep forwarding after a failed start). */
	void (*stop)(struct router *r, bool detach);
	void (*fini)(struct router *r);
	/* Every MODULE_TICK_NS. */
	void (*tick)(struct router *r);
	/* Another module's change (event.h). */
	void (*event)(struct router *r, enum xr_event ev, const void *arg);
	/* Its objects as command lines for the state snapshot, through the
	 * same printer `show` uses; in `order`, so a line only names objects
	 * written before it. */
	void (*save)(struct router *r, FILE *f);
	/* A batch of at most `lines` commands (--config into fresh tables)
	 * begins: work a module can do once for all of them (compiling a
	 * table) may wait for batch_end, which says 0, or -1 with why on err
	 * (the batch is refused, as a command would be). */
	void (*batch_begin)(struct router *r, size_t lines);
	int (*batch_end)(struct router *r, FILE *err);
	/* An fd for the event loop (-errno: none), and its handler. */
	int (*watch_open)(struct router *r);
	void (*watch_ready)(struct router *r);
	void (*watch_close)(struct router *r);
	struct xr_module *next;
};

#define MODULE_TICK_NS	100000000ll	/* neighbour timers, FDB ageing */

void module_register(struct xr_module *m);
#define XR_MODULE(m)							\
	static void __attribute__((constructor)) m##_register(void)	\
	{								\
		module_register(&(m));					\
	}

/* The modules' state (core's), NULL if no module provides it. */
struct router *modules_state(void);
/* init in order; on failure the modules already started are finied. */
int modules_init(const struct module_env *env);
void modules_adopted(void);
void modules_ready(void);
void modules_stop(bool detach);
void modules_fini(void);
void modules_tick(void);
void modules_event(enum xr_event ev, const void *arg);
void modules_save(FILE *f);
void modules_batch_begin(size_t lines);
/* Every module's batch_end, in order: 0, or -1 if one refused (on err). */
int modules_batch_end(FILE *err);

/* The loop's watched fds: call fn(fd, m) for each module that has one. */
void modules_watch_open(void (*fn)(int fd, struct xr_module *m, void *ctx), void *ctx);
void modules_watch_ready(struct xr_module *m);
void modules_watch_close(void);

#endif
