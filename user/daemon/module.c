// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The module registry (module.h) and the event bus over it (event.h):
 * a list kept sorted by order, walked forwards for start-up, ticks, events
 * and saving, backwards for shutdown.
 */
#include <stddef.h>
#include <string.h>

#include "log.h"
#include "module.h"

static struct xr_module *modules;	/* by order; equal orders as registered */

void module_register(struct xr_module *m)
{
	struct xr_module **p = &modules;

	while (*p && (*p)->order <= m->order)
		p = &(*p)->next;
	m->next = *p;
	*p = m;
}

struct router *modules_state(void)
{
	for (struct xr_module *m = modules; m; m = m->next)
		if (m->state)
			return m->state;
	return NULL;
}

#define MODULES_MAX	64

/* The modules before stop_at (NULL: all), in order, for walking backwards. */
static unsigned modules_upto(struct xr_module *stop_at, struct xr_module *out[MODULES_MAX])
{
	unsigned n = 0;

	for (struct xr_module *m = modules; m != stop_at && n < MODULES_MAX; m = m->next)
		out[n++] = m;
	return n;
}

/* Fini the modules before stop_at, last first: the ones init started. */
static void modules_fini_before(struct xr_module *stop_at)
{
	struct xr_module *done[MODULES_MAX];
	unsigned n = modules_upto(stop_at, done);

	while (n--)
		if (done[n]->fini)
			done[n]->fini(modules_state());
}

int modules_init(const struct module_env *env)
{
	for (struct xr_module *m = modules; m; m = m->next) {
		int err = m->init ? m->init(modules_state(), env) : 0;

		if (err) {
			pr_err("module %s: cannot start: %s\n", m->name, strerror(-err));
			modules_fini_before(m);
			return err;
		}
	}
	return 0;
}

void modules_fini(void)
{
	modules_fini_before(NULL);
}

#define MODULES_EACH(hook, ...)						\
	for (struct xr_module *m = modules; m; m = m->next)		\
		if (m->hook)						\
			m->hook(modules_state(), ##__VA_ARGS__)

void modules_adopted(void)
{
	MODULES_EACH(adopted);
}

void modules_ready(void)
{
	MODULES_EACH(ready);
}

void modules_tick(void)
{
	MODULES_EACH(tick);
}

void modules_save(FILE *f)
{
	MODULES_EACH(save, f);
}

void modules_batch_begin(size_t lines)
{
	MODULES_EACH(batch_begin, lines);
}

int modules_batch_end(FILE *err)
{
	int ret = 0;

	for (struct xr_module *m = modules; m; m = m->next)
		if (m->batch_end && m->batch_end(modules_state(), err))
			ret = -1;
	return ret;
}

void modules_event(enum xr_event ev, const void *arg)
{
	MODULES_EACH(event, ev, arg);
}

void event_publish(enum xr_event ev, const void *arg)
{
	pr_debug("event %s\n", event_name(ev));
	modules_event(ev, arg);
}

const char *event_name(enum xr_event ev)
{
	static const char *const names[XR_EV_COUNT] = {
		[XR_EV_IFACE_DEL] = "iface-del", [XR_EV_IFACE_UP] = "iface-up",
		[XR_EV_IFACE_DOWN] = "iface-down", [XR_EV_ADDR_ADD] = "addr-add",
		[XR_EV_ADDR_DEL] = "addr-del", [XR_EV_IFACE_ADD] = "iface-add",
		[XR_EV_IFACE_MAC] = "iface-mac",
		[XR_EV_TRACE_NOTE] = "trace-note",
	};

	return ev < XR_EV_COUNT && names[ev] ? names[ev] : "?";
}

/* Shutdown runs last module first: routes go before the ports they use. */
void modules_stop(bool detach)
{
	struct xr_module *all[MODULES_MAX];
	unsigned n = modules_upto(NULL, all);

	while (n--)
		if (all[n]->stop)
			all[n]->stop(modules_state(), detach);
}

void modules_watch_open(void (*fn)(int fd, struct xr_module *m, void *ctx), void *ctx)
{
	for (struct xr_module *m = modules; m; m = m->next) {
		int fd = m->watch_open ? m->watch_open(modules_state()) : -1;

		if (fd >= 0)
			fn(fd, m, ctx);
	}
}

void modules_watch_ready(struct xr_module *m)
{
	m->watch_ready(modules_state());
}

void modules_watch_close(void)
{
	MODULES_EACH(watch_close);
}
