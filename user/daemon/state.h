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
/* Start saving: snapshot now and an empty journal (after --config). */
int state_start(void);
/* Snapshot now, if saving: a change the journal's lines cannot express. */
int state_save(void);
/* Main loop timer: reap a finished compaction. */
void state_tick(void);
/* Shutdown: nothing left for a successor. */
void state_remove(void);

#endif
