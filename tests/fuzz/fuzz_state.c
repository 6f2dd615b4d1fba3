// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The state journal's replay (daemon/state.c) on torn, truncated and
 * corrupted files, through the key/value module of the state unit test
 * (tests/unit/kv_fake.h; the real ones need a datapath).  Two kinds of
 * input, by the first byte:
 *
 *   raw (high bit set): the rest, cut at "\0\0", is the snapshot and
 *   journals 0..2, written as they are: replay must neither crash nor leak.
 *
 *   structured: the rest is a list of changes.  They are written as a
 *   daemon writes them (a snapshot of generation G holding the first ones,
 *   journal.G and journal.G+1 the others, journal.G-1 stale junk), then the
 *   last journal is cut at a chosen byte, as a SIGKILL mid-append leaves
 *   it.  Replay must give the table that the snapshot's changes and every
 *   whole journal line give when run in order: no torn line applied, no
 *   stale journal replayed, nothing applied twice.
 */
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "fuzz.h"
#include "log.h"
#include "state.h"
#include "unit/kv_fake.h"

#define KV_KEYS		10
#define FUZZ_CHANGES	48
#define FUZZ_GEN	7u

static char dir[64];

/* A file of the state directory, written whole. */
static void put_file(const char *name, const char *b, size_t len)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	FUZZ_CHECK(f != NULL);
	FUZZ_CHECK(fwrite(b, 1, len, f) == len);
	fclose(f);
}

static void clear_dir(void)
{
	static const char *const names[] = { "state", "journal.0", "journal.1", "journal.2",
					     "journal.6", "journal.7", "journal.8" };
	char path[128];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
	}
}

static void cleanup(void)
{
	clear_dir();
	rmdir(dir);
}

static void setup(void)
{
	if (dir[0])
		return;
	/* tmpfs, as /run/xrouter is: a run writes thousands of files a second. */
	snprintf(dir, sizeof(dir), "%s/fuzz_state.XXXXXX",
		 access("/dev/shm", W_OK) ? "/tmp" : "/dev/shm");
	FUZZ_CHECK(mkdtemp(dir) != NULL);
	atexit(cleanup);
	setenv("XR_STATE_DIR", dir, 1);
	log_set_level(LOG_LEVEL_ERR);	/* refused lines are expected, by the thousand */
	FUZZ_CHECK(state_init(NULL) == 0);
}

static void replay(void)
{
	memset(kv, 0, sizeof(kv));
	state_replay();
}

static void fuzz_raw(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "state", "journal.0", "journal.1", "journal.2" };
	size_t start = 0, i, part = 0;

	for (i = 0; i <= size && part < 4; i++) {
		if (i == size || (i + 1 < size && !data[i] && !data[i + 1])) {
			put_file(names[part++], (const char *)data + start, i - start);
			start = i + 2;
			i++;
		}
	}
	replay();
}

/* Change i as a line: set or delete one of a few keys. */
static int change_line(uint8_t a, uint8_t b, char *line, size_t len)
{
	if (a & 0x80)
		return snprintf(line, len, "kv del k%u\n", (a & 0x7f) % KV_KEYS);
	return snprintf(line, len, "kv set k%u v%u\n", a % KV_KEYS, b);
}

/* The table as one string (kv_dump's lines). */
static void kv_string(char *out, size_t len)
{
	FILE *f;

	memset(out, 0, len);	/* the terminator, whatever fmemopen leaves */
	f = fmemopen(out, len - 1, "w");
	FUZZ_CHECK(f != NULL);
	kv_dump(f);
	fclose(f);
}

/* The table that running these lines gives, as one string. */
static void table_of(char *lines, char *out, size_t len)
{
	struct cmd_ctx c = { .may_write = true, .idempotent = true };
	char *line, *save = NULL;

	c.out = c.err = fopen("/dev/null", "w");
	FUZZ_CHECK(c.out != NULL);
	memset(kv, 0, sizeof(kv));
	for (line = strtok_r(lines, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		cmd_run_line(&c, line);
	fclose(c.out);
	kv_string(out, len);
}

static void fuzz_structured(const uint8_t *data, size_t size)
{
	char snap[64 + FUZZ_CHANGES * 16], j1[FUZZ_CHANGES * 16], j2[FUZZ_CHANGES * 16];
	char all[sizeof(snap) + sizeof(j1) + sizeof(j2)], want[512], got[512];
	size_t n = size < 4 ? 0 : (size - 4) / 2, ls, l1 = 0, l2 = 0, cut, i;
	size_t in_snap, in_j1;

	if (n > FUZZ_CHANGES)
		n = FUZZ_CHANGES;
	in_snap = n ? data[0] % (n + 1) : 0;
	in_j1 = in_snap + (n - in_snap ? data[1] % (n - in_snap + 1) : 0);
	ls = (size_t)snprintf(snap, sizeof(snap), "# xrouterd state\n# generation %u: then journal.%u onwards\n",
			      FUZZ_GEN, FUZZ_GEN);
	for (i = 0; i < n; i++) {
		uint8_t a = data[4 + 2 * i], b = data[5 + 2 * i];

		if (i < in_snap)
			ls += (size_t)change_line(a, b, snap + ls, sizeof(snap) - ls);
		else if (i < in_j1)
			l1 += (size_t)change_line(a, b, j1 + l1, sizeof(j1) - l1);
		else
			l2 += (size_t)change_line(a, b, j2 + l2, sizeof(j2) - l2);
	}
	/* The last journal cut where a SIGKILL could have cut it. */
	cut = size >= 4 ? ((size_t)data[2] << 8 | data[3]) % (l2 + 1) : l2;
	clear_dir();
	put_file("state", snap, ls);
	put_file("journal.6", "kv set k0 stale\nkv del k1\n", 26);	/* inside the snapshot */
	put_file("journal.7", j1, l1);
	put_file("journal.8", j2, cut);
	/* What must come back: the snapshot, journal 7, the whole lines of 8. */
	while (cut && j2[cut - 1] != '\n')
		cut--;
	snprintf(all, sizeof(all), "%.*s%.*s%.*s", (int)ls, snap, (int)l1, j1, (int)cut, j2);
	table_of(all, want, sizeof(want));
	replay();
	kv_string(got, sizeof(got));
	if (strcmp(want, got))
		fprintf(stderr, "replayed \"%s\", want \"%s\"\n", got, want);
	FUZZ_CHECK(!strcmp(want, got));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	setup();
	clear_dir();
	if (size && (data[0] & 0x80))
		fuzz_raw(data + 1, size - 1);
	else
		fuzz_structured(size ? data + 1 : data, size ? size - 1 : 0);
	return 0;
}
