// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The configuration persisted for a successor daemon, in
 * /run/xrouter/<netns inode>/ (tmpfs: no fsync, a SIGKILL keeps the page
 * cache), as xrouterctl lines replayed through the one parser by a daemon
 * that finds the fast path still running:
 *
 *   state        snapshot: the whole configuration; its second line is
 *                "# generation G"
 *   journal.G    every change made after snapshot G was taken, one line
 *                (the command's words) appended with one write() on an
 *                O_APPEND fd before the client gets its answer
 *
 * A change costs one short write, whatever the table size.  Replay is the
 * snapshot, then journal.G, journal.G+1, ... in order: each journal holds
 * the changes after the previous one was closed, so the pair is correct
 * wherever a SIGKILL falls.  Journals below the snapshot's generation are
 * already inside it and never replayed (nothing applied twice); a torn
 * last line, without its '\n', was never answered and is dropped.
 *
 * Compaction, when the journal holds at least XR_STATE_COMPACT_LINES lines
 * (environment, default 4096) and more bytes than the snapshot, so a
 * change costs amortised O(1): the daemon opens journal.G+1 and forks; the
 * child writes its copy-on-write image as snapshot G+1 to state.tmp.PID and
 * renames it over state, then exits.  Until that rename the old snapshot
 * plus journals G and G+1 still replay to the same state; after it,
 * journal G is stale and the parent deletes it once it has reaped the
 * child.  One child at a time; a failed one leaves snapshot G in place.
 * The child dies with the daemon (PR_SET_PDEATHSIG), so no stale child
 * renames an old snapshot over a successor's.
 *
 * The fork is the daemon's only pause, once per ~1.4M changes with
 * 1,000,000 routes: copying page tables, 2.5-8.5 ms measured with the FIB
 * mappings in the child (1.2-1.5 ms without; dp.c now keeps them, since
 * the control socket's children read them); a change itself is ~0.04 ms.
 *
 * Start-up and fall-backs (a line too long for one append, a failed
 * append) write the snapshot synchronously (state_save), with a
 * generation above any file in the directory, then an empty journal.
 * A line refused on replay is logged as FILE:LINE and skipped.
 *
 * Encoding: both files are --config lines (names.h), words separated by
 * one space, '#' a comment, no quoting.  A word holding a byte the
 * encoding cannot (a control character, space or '#') is refused: cmd_run()
 * turns the command down before it runs, so no saved line reads back as
 * other words, and `link add` keeps names to what `ip link` accepts, so a
 * name is one word.  A name that is not (should one get in some other way)
 * is left out of the snapshot with a warning, never written as two words.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "clock.h"
#include "cmd.h"
#include "dp.h"
#include "log.h"
#include "module.h"
#include "names.h"
#include "state.h"

#define STATE_COMPACT_LINES	4096u	/* default of XR_STATE_COMPACT_LINES */
#define STATE_GEN_TAG		"# generation "
#define STATE_JOURNAL		"journal."
#define STATE_WRITE_BUF		(1u << 20)

/* The files of this process's one daemon. */
static struct state_log {
	struct dp *dp;		/* replay answers hand-offs between lines */
	bool saving;		/* off while replaying state and config */
	char dir[200];
	char path[256];		/* the snapshot, "" if state is not kept */
	int fd;			/* journal.gen, O_APPEND; -1 if none */
	uint64_t gen;		/* generation of the journal being appended */
	uint64_t snap_gen;	/* generation of the snapshot on disk */
	uint64_t lines, bytes;	/* appended to journal.gen */
	uint64_t snap_bytes;	/* size of that snapshot */
	uint64_t min_lines;	/* XR_STATE_COMPACT_LINES */
	pid_t child;		/* compaction or start-up snapshot in progress, 0 if none */
	bool child_first;	/* the start-up snapshot: no journal is open until it lands */
	uint64_t child_gen;
	uint64_t child_start_ns, child_pause_ns;
} sl = { .fd = -1, .min_lines = STATE_COMPACT_LINES };

static void state_journal_append(int argc, char **argv);

/*
 * The directory: the namespace's (dp_state_dir), or XR_STATE_DIR when set,
 * an existing directory, so the unit tests keep a journal out of /run.
 */
static int state_dir_find(void)
{
	const char *dir = getenv("XR_STATE_DIR");

	if (!dir || !*dir)
		return dp_state_dir(sl.dir, sizeof(sl.dir));
	if ((size_t)snprintf(sl.dir, sizeof(sl.dir), "%s", dir) >= sizeof(sl.dir))
		return -ENAMETOOLONG;
	return access(sl.dir, W_OK) ? -errno : 0;
}

int state_init(struct dp *dp)
{
	const char *env = getenv("XR_STATE_COMPACT_LINES");
	int err = state_dir_find();
	unsigned long long v;
	char *end;

	if (err) {
		pr_warn("state: no state directory: %s; a restart cannot adopt\n", strerror(-err));
		sl.dir[0] = '\0';
		return err;
	}
	sl.dp = dp;
	snprintf(sl.path, sizeof(sl.path), "%s/state", sl.dir);
	cmd_on_change(state_journal_append);
	if (env && *env) {
		errno = 0;
		v = strtoull(env, &end, 10);
		if (*end || errno || !v || !isdigit((unsigned char)*env))
			pr_warn("state: XR_STATE_COMPACT_LINES=\"%s\" is not a positive number: using %u\n",
				env, STATE_COMPACT_LINES);
		else
			sl.min_lines = v;
	}
	return 0;
}

static void state_journal_path(char *buf, size_t len, uint64_t gen)
{
	snprintf(buf, len, "%s/" STATE_JOURNAL "%" PRIu64, sl.dir, gen);
}

/* Generation in a journal's file name; 0 if the name is not a journal's. */
static uint64_t state_journal_gen(const char *name)
{
	const char *s = name + strlen(STATE_JOURNAL);
	uint64_t gen;
	char *end;

	if (strncmp(name, STATE_JOURNAL, strlen(STATE_JOURNAL)) || !isdigit((unsigned char)*s))
		return 0;
	errno = 0;
	gen = strtoull(s, &end, 10);
	return *end || errno ? 0 : gen;
}

static int state_gen_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* Generations of the journals in the directory, ascending: how many, or -errno. */
static int state_journals(uint64_t **gens)
{
	DIR *d = opendir(sl.dir);
	uint64_t *v = NULL, *nv, gen;
	size_t n = 0, cap = 0;
	struct dirent *e;

	*gens = NULL;
	if (!d)
		return -errno;
	while ((e = readdir(d))) {
		gen = state_journal_gen(e->d_name);
		if (!gen)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 8;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv) {
				free(v);
				closedir(d);
				return -ENOMEM;
			}
			v = nv;
		}
		v[n++] = gen;
	}
	closedir(d);
	if (n)	/* qsort(NULL, 0, ...) is undefined: v is NULL without journals */
		qsort(v, n, sizeof(*v), state_gen_cmp);
	*gens = v;
	return n;
}

/* Delete the journals a snapshot of generation `below` holds, and with
 * temps the snapshot temporaries a killed writer left. */
static void state_prune(uint64_t below, bool temps)
{
	DIR *d = opendir(sl.dir);
	struct dirent *e;
	uint64_t gen;

	if (!d)
		return;
	while ((e = readdir(d))) {
		gen = state_journal_gen(e->d_name);
		if ((gen && gen < below) || (temps && !strncmp(e->d_name, "state.tmp", 9)))
			unlinkat(dirfd(d), e->d_name, 0);
	}
	closedir(d);
}

/* The generation in a snapshot's header; 0 if none (or no snapshot). */
static uint64_t state_snap_gen(const char *path)
{
	FILE *f = fopen(path, "re");
	uint64_t gen = 0;
	char line[128];

	if (!f)
		return 0;
	for (int i = 0; i < 2 && fgets(line, sizeof(line), f); i++)
		if (!strncmp(line, STATE_GEN_TAG, strlen(STATE_GEN_TAG)))
			gen = strtoull(line + strlen(STATE_GEN_TAG), NULL, 10);
	fclose(f);
	return gen;
}

/* Above every generation on disk or in use: a stale journal is never read as a new one. */
static uint64_t state_gen_next(void)
{
	uint64_t *gens, max = sl.gen > sl.snap_gen ? sl.gen : sl.snap_gen;
	uint64_t snap = state_snap_gen(sl.path);
	int n = state_journals(&gens);

	if (n > 0 && gens[n - 1] > max)
		max = gens[n - 1];
	free(gens);
	return (snap > max ? snap : max) + 1;
}

static int state_journal_open(uint64_t gen)
{
	char path[sizeof(sl.dir) + 32];
	int fd;

	state_journal_path(path, sizeof(path), gen);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
	if (fd < 0) {
		fd = -errno;
		pr_warn("state: cannot open %s: %s\n", path, strerror(-fd));
	}
	return fd;
}

/* Append from now on to fd (journal.gen), or nowhere with -1. */
static void state_journal_use(int fd, uint64_t gen)
{
	if (sl.fd >= 0)
		close(sl.fd);
	sl.fd = fd;
	sl.gen = gen;
	sl.lines = 0;
	sl.bytes = 0;
}

/* The whole configuration as snapshot gen, into path: 0 or -errno. */
static int state_write(const char *path, uint64_t gen, uint64_t *bytes)
{
	FILE *f = fopen(path, "we");
	char *buf = malloc(STATE_WRITE_BUF);
	long size;
	int err;

	if (!f) {
		free(buf);
		return -errno;
	}
	/* A million routes are ~50 MB: one write() a MiB, not one per 4 KiB. */
	if (buf)
		setvbuf(f, buf, _IOFBF, STATE_WRITE_BUF);
	fprintf(f, "# xrouterd state: replayed by the next daemon in this namespace\n");
	fprintf(f, STATE_GEN_TAG "%" PRIu64 ": then " STATE_JOURNAL "%" PRIu64 " onwards\n",
		gen, gen);
	/* Each module its own objects, in module order: a line names only what is above it. */
	modules_save(f);
	errno = EIO;
	if (fflush(f) || ferror(f)) {
		err = -errno;
		fclose(f);
		free(buf);
		return err;
	}
	size = ftell(f);
	err = fclose(f) ? -errno : 0;
	free(buf);
	*bytes = size > 0 ? size : 0;
	return err;
}

enum state_reap {
	STATE_REAP_POLL,	/* only if it is done */
	STATE_REAP_WAIT,	/* until it is */
	STATE_REAP_KILL,	/* SIGKILL it first */
};

/* A reaped start-up snapshot: from now on changes go to its journal.  If
 * it failed, to none: the caller writes a snapshot itself (state_save). */
static void state_first_landed(bool ok)
{
	int fd = ok ? state_journal_open(sl.child_gen) : -1;

	sl.child_first = false;
	state_journal_use(fd < 0 ? -1 : fd, sl.child_gen);
	if (ok)
		state_prune(sl.child_gen, true);
}

/*
 * Reap the compaction or start-up child (how: enum state_reap): 1 if its
 * snapshot landed, 0 if there is none (any more) to wait for, -1 if it
 * failed or was killed.
 */
static int state_child_reap(enum state_reap how)
{
	bool first = sl.child_first, ok;
	uint64_t ms;
	int status = 0;
	pid_t p;

	if (!sl.child)
		return 0;
	if (how == STATE_REAP_KILL)
		kill(sl.child, SIGKILL);
	do
		p = waitpid(sl.child, &status, how == STATE_REAP_POLL ? WNOHANG : 0);
	while (p < 0 && errno == EINTR);
	if (!p)
		return 0;
	ms = (clock_now_ns() - sl.child_start_ns) / 1000000;
	ok = p > 0 && WIFEXITED(status) && !WEXITSTATUS(status);
	if (ok) {
		struct stat st;

		sl.snap_gen = sl.child_gen;
		if (!stat(sl.path, &st))
			sl.snap_bytes = st.st_size;
		state_prune(sl.child_gen, false);
		pr_info("state: snapshot %" PRIu64 " done, reaped %" PRIu64
			" ms after the fork, which paused the daemon %.3f ms\n",
			sl.child_gen, ms, sl.child_pause_ns / 1e6);
	} else if (how != STATE_REAP_KILL) {
		pr_warn("state: %s %d failed (status 0x%x): snapshot %" PRIu64
			" and its journals stay\n", first ? "start-up snapshot" : "compaction",
			(int)sl.child, p > 0 ? status : 0, sl.snap_gen);
	}
	if (!ok) {
		char tmp[sizeof(sl.path) + 24];

		snprintf(tmp, sizeof(tmp), "%s.tmp.%d", sl.path, (int)sl.child);
		unlink(tmp);
	}
	sl.child = 0;
	if (first)
		state_first_landed(ok);
	return ok ? 1 : -1;
}

/* The child needs none of the daemon's sockets: the control socket's name
 * must go with the daemon, or a successor could not bind it. */
static void state_child_close_sockets(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	struct stat st;
	int fd;

	if (!d)
		return;
	while ((e = readdir(d))) {
		fd = atoi(e->d_name);
		if (fd > 2 && fd != dirfd(d) && !fstat(fd, &st) && S_ISSOCK(st.st_mode))
			close(fd);
	}
	closedir(d);
}

/* In the child: the copy-on-write image as snapshot gen. */
static int state_child_run(uint64_t gen, pid_t parent)
{
	char tmp[sizeof(sl.path) + 24];
	uint64_t bytes;
	int err;

	/* Dead with the daemon: a successor's snapshot must never be replaced by ours. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) || getppid() != parent)
		return -ESRCH;
	state_child_close_sockets();
	snprintf(tmp, sizeof(tmp), "%s.tmp.%d", sl.path, (int)getpid());
	err = state_write(tmp, gen, &bytes);
	if (!err && getppid() != parent)
		err = -ESRCH;
	if (!err && rename(tmp, sl.path))
		err = -errno;
	if (err)
		pr_warn("state: compaction: cannot write %s: %s\n", tmp, strerror(-err));
	return err;
}

/* Appends go to a new journal; a forked child writes the snapshot that ends the old ones. */
static void state_compact_start(void)
{
	uint64_t gen = sl.gen + 1, t0 = clock_now_ns();
	pid_t parent = getpid(), pid;
	char path[sizeof(sl.dir) + 32];
	int fd = state_journal_open(gen);

	if (fd < 0)
		goto retry_later;
	pid = fork();
	if (!pid)
		_exit(state_child_run(gen, parent) ? 1 : 0);
	if (pid < 0) {
		pr_warn("state: cannot fork to compact: %s\n", strerror(errno));
		close(fd);
		state_journal_path(path, sizeof(path), gen);
		unlink(path);
		goto retry_later;
	}
	state_journal_use(fd, gen);
	sl.child = pid;
	sl.child_gen = gen;
	sl.child_start_ns = t0;
	sl.child_pause_ns = clock_now_ns() - t0;
	return;
retry_later:
	/* Not on every change: after as many lines again. */
	sl.lines = 0;
}

void state_tick(void)
{
	/* A failed start-up snapshot is written again now, not at the next change. */
	if (state_child_reap(STATE_REAP_POLL) < 0 && sl.fd < 0)
		state_save();
}

/* Snapshot and fresh journal, synchronously: start-up, and when appending fails. */
int state_save(void)
{
	char tmp[sizeof(sl.path) + 8];
	uint64_t gen, bytes, t0 = clock_now_ns();
	int fd, err;

	if (!sl.saving || !sl.path[0])
		return 0;
	state_child_reap(STATE_REAP_KILL);
	gen = state_gen_next();
	snprintf(tmp, sizeof(tmp), "%s.tmp", sl.path);
	err = state_write(tmp, gen, &bytes);
	if (!err && rename(tmp, sl.path))
		err = -errno;
	if (err) {
		pr_warn("state: cannot write %s: %s\n", sl.path, strerror(-err));
		unlink(tmp);
		return err;
	}
	sl.snap_gen = gen;
	sl.snap_bytes = bytes;
	fd = state_journal_open(gen);
	/* Without a journal, every change writes a snapshot (slow, still correct). */
	state_journal_use(fd < 0 ? -1 : fd, gen);
	state_prune(gen, true);
	pr_debug("state: snapshot %" PRIu64 " written in %.1f ms\n", gen, (clock_now_ns() - t0) / 1e6);
	return fd < 0 ? fd : 0;
}

/*
 * The start-up snapshot, written by a forked child from its copy-on-write
 * image while the daemon answers (0, or -errno: not forked).  Until it has
 * renamed its file over the snapshot, no change is answered (the first
 * waits for it, state_journal_append): a SIGKILL meanwhile leaves the
 * files as they were before this daemon started, which with the --config
 * a successor applies again are the state this one answers with.
 */
static int state_first_start(void)
{
	uint64_t gen = state_gen_next(), t0 = clock_now_ns();
	pid_t parent = getpid(), pid = fork();

	if (!pid)
		_exit(state_child_run(gen, parent) ? 1 : 0);
	if (pid < 0)
		return -errno;
	state_journal_use(-1, gen);
	sl.child = pid;
	sl.child_first = true;
	sl.child_gen = gen;
	sl.child_start_ns = t0;
	sl.child_pause_ns = clock_now_ns() - t0;
	return 0;
}

int state_start(void)
{
	sl.saving = true;
	if (!sl.path[0])
		return 0;
	return state_first_start() ? state_save() : 0;
}

void state_forget(void)
{
	if (!sl.path[0])
		return;
	unlink(sl.path);
	state_prune(UINT64_MAX, true);
}

/* The journal hook (cmd_on_change): a command was accepted; append its words. */
static void state_journal_append(int argc, char **argv)
{
	char line[CMD_LINE_MAX + 2];
	ssize_t n;
	int len;

	if (!sl.saving || !sl.path[0])
		return;
	/* Before the start-up snapshot has landed there is no journal to append
	 * to; if it failed, the snapshot written instead holds this change. */
	if (sl.child_first && state_child_reap(STATE_REAP_WAIT) < 0) {
		state_save();
		return;
	}
	state_child_reap(STATE_REAP_POLL);
	/* cmd_run() let no unsavable word through; were one here, the snapshot
	 * (written from the tables, not from these words) still holds the truth. */
	len = name_line_join(line, sizeof(line), argc, argv);
	if (len < 0 || sl.fd < 0) {
		state_save();
		return;
	}
	n = write(sl.fd, line, len);
	if (n != len) {
		pr_warn("state: cannot append to " STATE_JOURNAL "%" PRIu64 ": %s: writing a snapshot\n",
			sl.gen, n < 0 ? strerror(errno) : "short write");
		/* A torn line must not have the next one glued to it. */
		state_journal_use(-1, sl.gen);
		state_save();
		return;
	}
	sl.lines++;
	sl.bytes += len;
	if (!sl.child && sl.lines >= sl.min_lines && sl.bytes > sl.snap_bytes)
		state_compact_start();
}

struct state_replayer {
	struct cmd_ctx c;
	char *err_text;
	size_t err_len;
	unsigned lines, failed;
};

/* Run one file's lines; a refused one is logged and skipped.  A journal's
 * last line without '\n' is a torn append, never answered: dropped. */
static void state_replay_file(struct state_replayer *rp, const char *path, bool journal,
			      uint64_t *gen)
{
	FILE *f = fopen(path, "re");
	unsigned lineno = 0;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	if (!f) {
		pr_warn("state: cannot read %s: %s\n", path, strerror(errno));
		return;
	}
	while ((n = getline(&line, &cap, f)) > 0) {
		lineno++;
		if (journal && line[n - 1] != '\n') {
			pr_warn("state: %s:%u: torn last line dropped\n", path, lineno);
			break;
		}
		if (gen && lineno <= 2 && !strncmp(line, STATE_GEN_TAG, strlen(STATE_GEN_TAG)))
			*gen = strtoull(line + strlen(STATE_GEN_TAG), NULL, 10);
		rp->lines++;
		if (cmd_run_line(&rp->c, line)) {
			fflush(rp->c.err);
			pr_warn("state: %s:%u: %s", path, lineno, rp->err_text);
			rewind(rp->c.err);
			rp->failed++;
		}
	}
	free(line);
	fclose(f);
}

/* Snapshot G, then journal.G, journal.G+1, ...: older journals are inside it. */
int state_replay(void)
{
	struct state_replayer rp = { .c = { .r = modules_state(), .dp = sl.dp, .may_write = true,
					    .idempotent = true } };
	char path[sizeof(sl.dir) + 32];
	uint64_t gen = 0, *gens = NULL;
	unsigned snap_lines, journals = 0;
	int n;

	if (!sl.path[0] || access(sl.path, F_OK))
		return 0;	/* no snapshot: nothing to adopt */
	rp.c.out = fopen("/dev/null", "we");
	rp.c.err = open_memstream(&rp.err_text, &rp.err_len);
	if (!rp.c.out || !rp.c.err)
		goto out;
	state_replay_file(&rp, sl.path, false, &gen);
	snap_lines = rp.lines;
	n = state_journals(&gens);
	for (int i = 0; i < n; i++) {
		if (gens[i] < gen)
			continue;
		state_journal_path(path, sizeof(path), gens[i]);
		state_replay_file(&rp, path, true, NULL);
		journals++;
	}
	pr_info("state: replayed snapshot %" PRIu64 " (%u lines) and %u journals (%u lines), %u refused\n",
		gen, snap_lines, journals, rp.lines - snap_lines, rp.failed);
out:
	if (rp.c.out)
		fclose(rp.c.out);
	if (rp.c.err)
		fclose(rp.c.err);
	free(rp.err_text);
	free(gens);
	return 0;
}

/* Shutdown: nothing for a successor to adopt, and nothing left behind. */
void state_remove(void)
{
	if (!sl.path[0])
		return;
	state_child_reap(STATE_REAP_KILL);
	state_journal_use(-1, sl.gen);
	/* The snapshot first: journals without it are never replayed. */
	unlink(sl.path);
	state_prune(UINT64_MAX, true);
	rmdir(sl.dir);
}
