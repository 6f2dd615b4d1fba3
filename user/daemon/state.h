/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The state kept for a successor daemon (state.c says how): a snapshot
 * the modules write (their .save hooks) and a journal of accepted
 * commands (the cmd_on_change hook), replayed through the one parser.
 */
#ifndef XR_STATE_H
#define XR_STATE_H

struct dp;

/* Find the state directory and hook the journal: 0 or -errno (logged;
 * the daemon runs without one). */
int state_init(struct dp *dp);
/* Replay the saved state (after adoption): refused lines are logged. */
int state_replay(void);
/* Start saving (after --config): a snapshot written by a forked child
 * while the daemon answers; the first change waits for it, then goes to
 * an empty journal.  0, or what state_save() said if it could not fork. */
int state_start(void);
/* A start on fresh tables (nothing adopted): files of an earlier daemon
 * describe tables that are gone, and must not be replayed over these. */
void state_forget(void);
/* Snapshot now, if saving: a change the journal's lines cannot express. */
int state_save(void);
/* Main loop timer: reap a finished compaction. */
void state_tick(void);
/* Shutdown: nothing left for a successor. */
void state_remove(void);

#endif
