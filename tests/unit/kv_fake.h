/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * A module of its own for tests of daemon/state.c (state_test.c) and its
 * fuzz target (tests/fuzz/fuzz_state.c): a key/value table with `kv set`
 * and `kv del` commands and a .save hook, since the real modules need a
 * datapath.  Include it in one file of a program: it defines the table.
 */
#ifndef XR_TESTS_KV_FAKE_H
#define XR_TESTS_KV_FAKE_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "module.h"

#define KV_MAX	8

static struct kv {
	char k[16], v[16];
	bool used;
} kv[KV_MAX];

static struct kv *kv_find(const char *k)
{
	for (unsigned i = 0; i < KV_MAX; i++)
		if (kv[i].used && !strcmp(kv[i].k, k))
			return &kv[i];
	return NULL;
}

static int kv_cmd_set(struct cmd_ctx *c, int argc, char **argv)
{
	struct kv *e;

	if (argc != 2)
		return cmd_incomplete(c);
	e = kv_find(argv[0]);
	for (unsigned i = 0; !e && i < KV_MAX; i++)
		if (!kv[i].used)
			e = &kv[i];
	if (!e)
		return cmd_err(c, "table full");
	e->used = true;
	snprintf(e->k, sizeof(e->k), "%s", argv[0]);
	snprintf(e->v, sizeof(e->v), "%s", argv[1]);
	return 0;
}

static int kv_cmd_del(struct cmd_ctx *c, int argc, char **argv)
{
	struct kv *e = argc == 1 ? kv_find(argv[0]) : NULL;

	if (!e)
		return cmd_err(c, "no such key");
	e->used = false;
	return 0;
}

static const struct cmd_def kv_cmds[] = {
	{ "kv", "set", kv_cmd_set, 0, "KEY VALUE", "set a key" },
	{ "kv", "del", kv_cmd_del, 0, "KEY", "delete a key" },
};
XR_COMMANDS(kv_cmds)

static void kv_save(struct router *r, FILE *f)
{
	(void)r;
	for (unsigned i = 0; i < KV_MAX; i++)
		if (kv[i].used)
			fprintf(f, "kv set %s %s\n", kv[i].k, kv[i].v);
}

static struct xr_module kv_module = {
	.name = "kv",
	.order = 1,
	.save = kv_save,
};
XR_MODULE(kv_module)

/* The table as "k=v\n" lines, in slot order (a freed slot is reused first). */
static void kv_dump(FILE *f)
{
	for (unsigned i = 0; i < KV_MAX; i++)
		if (kv[i].used)
			fprintf(f, "%s=%s\n", kv[i].k, kv[i].v);
}

#endif
