// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * daemon/state.c: the journal and the snapshot, through a fake module (a
 * key/value table with its own commands and .save hook).  Commands applied
 * here must land in the journal as their lines; a fresh process (this
 * binary again, as "replay") must rebuild the same table from the files,
 * and drop a torn last record while replaying the lines before it.  Runs
 * in a private directory (XR_STATE_DIR), removed at the end.
 */
#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "cmd.h"
#include "state.h"

#include "kv_fake.h"

/* "replay": what a successor daemon does first, then the table it got. */
static int replay_main(void)
{
	if (state_init(NULL))
		return 1;
	state_replay();
	kv_dump(stdout);
	return 0;
}

static char dir[64], self[PATH_MAX], errlog[96];

static int apply(const char *line)
{
	struct cmd_ctx c = { .out = stdout, .may_write = true };
	char buf[128];
	int ret;

	c.err = fopen("/dev/null", "w");	/* the refused change's error line */
	if (!c.err)
		return -1;
	snprintf(buf, sizeof(buf), "%s", line);
	ret = cmd_run_line(&c, buf);
	fclose(c.err);
	return ret;
}

/* A whole file, "" if missing. */
static char *slurp(const char *path)
{
	static char buf[4096];
	FILE *f = fopen(path, "r");
	size_t n = 0;

	if (f) {
		n = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
	return buf;
}

/* The one journal in dir: its path into buf, false if not exactly one. */
static bool journal_path(char *buf, size_t len)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return false;
	while ((e = readdir(d)))
		if (!strncmp(e->d_name, "journal.", 8) && n++ == 0)
			snprintf(buf, len, "%s/%s", dir, e->d_name);
	closedir(d);
	return n == 1;
}

static void check_journal(const char *want, const char *desc)
{
	char path[PATH_MAX];
	const char *got = "";

	if (journal_path(path, sizeof(path)))
		got = slurp(path);
	report(!strcmp(got, want), desc);
	if (strcmp(got, want))
		fprintf(stderr, "  journal: \"%s\"\n", got);
}

/* A fresh process replays dir: its table, compared whole. */
static void check_replay(const char *want, const char *desc)
{
	char cmd[PATH_MAX + 128], got[512];
	size_t n;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "'%s' replay 2>'%s'", self, errlog);
	p = popen(cmd, "r");
	if (!p) {
		report(false, desc);
		return;
	}
	n = fread(got, 1, sizeof(got) - 1, p);
	got[n] = '\0';
	report(pclose(p) == 0 && !strcmp(got, want), desc);
	if (strcmp(got, want))
		fprintf(stderr, "  replayed: \"%s\"\n", got);
}

static void test_journal(void)
{
	char path[PATH_MAX];
	FILE *f;

	report(state_init(NULL) == 0, "state_init takes XR_STATE_DIR");
	/* An earlier daemon's files, whose tables are gone: a fresh start forgets them. */
	snprintf(path, sizeof(path), "%s/state", dir);
	f = fopen(path, "w");
	if (f) {
		fputs("# xrouterd state\n# generation 9: then journal.9 onwards\nkv set z 26\n", f);
		fclose(f);
	}
	snprintf(path, sizeof(path), "%s/journal.9", dir);
	f = fopen(path, "w");
	if (f) {
		fputs("kv set y 25\n", f);
		fclose(f);
	}
	state_forget();
	snprintf(path, sizeof(path), "%s/state", dir);
	report(access(path, F_OK) && !journal_path(path, sizeof(path)),
	       "state_forget: an earlier daemon's snapshot and journal are gone");
	/* The snapshot is written by a child; the first change waits for it. */
	report(state_start() == 0, "state_start: snapshot and an empty journal");
	check_journal("", "a fresh journal is empty");
	report(apply("kv set a 1") == 0 && apply("kv set b 2") == 0 && apply("kv del a") == 0,
	       "three changes accepted");
	report(apply("kv del zz") == 1, "a refused change");
	check_journal("kv set a 1\nkv set b 2\nkv del a\n",
		      "the journal holds each accepted change as its line, in order, and no other");
	check_replay("b=2\n", "a fresh process replays snapshot and journal to the same table");

	if (!journal_path(path, sizeof(path)) || !(f = fopen(path, "a"))) {
		report(false, "the journal can be appended to");
		return;
	}
	fputs("kv set d 4\nkv set c 3", f);	/* killed in the middle of the last append */
	fclose(f);
	check_replay("d=4\nb=2\n", /* d takes a's freed slot */
		     "a torn last record is dropped, the lines before it replay");
	report(strstr(slurp(errlog), "torn last line dropped") != NULL,
	       "... and the log says a torn line was dropped");

	report(state_save() == 0, "state_save: a new snapshot");
	snprintf(path, sizeof(path), "%s/state", dir);
	report(strstr(slurp(path), "\nkv set b 2\n") && !strstr(slurp(path), "kv set a"),
	       "the snapshot holds the module's .save lines for the table as it is");
	check_journal("", "after a snapshot, one journal, empty (the old one is inside it)");
	report(apply("kv set e 5") == 0, "a change after the snapshot");
	check_journal("kv set e 5\n", "... goes to the new journal");
	check_replay("b=2\ne=5\n", "snapshot, then the new journal, replay");

	state_remove();
	report(access(dir, F_OK) != 0, "state_remove leaves nothing, its directory included");
}

int main(int argc, char **argv)
{
	ssize_t n;

	if (argc == 2 && !strcmp(argv[1], "replay"))
		return replay_main();
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	snprintf(dir, sizeof(dir), "/tmp/state_test.XXXXXX");
	if (n < 0 || !mkdtemp(dir)) {
		report(false, "a private state directory");
		return report_done();
	}
	self[n] = '\0';
	snprintf(errlog, sizeof(errlog), "%s.log", dir);
	setenv("XR_STATE_DIR", dir, 1);
	test_journal();
	/* Whatever failed above: no directory left behind. */
	if (!access(dir, F_OK)) {
		char cmd[128];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd))
			fprintf(stderr, "cannot remove %s\n", dir);
	}
	unlink(errlog);
	return report_done();
}
