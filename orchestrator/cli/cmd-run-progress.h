/*
 * cmd-run-progress.h - the live progress line of "crest run" on a terminal.
 *
 * A thread redraws one line every quarter second: the wave, a bar of its
 * hosts done, the counts done / failed / in flight, and the task each of
 * the first in-flight hosts is on.  Everything else crest prints while it
 * runs goes through progress_lock()/progress_unlock(), which clear the line
 * first, so lines never mix.
 */
#ifndef CREST_CMD_RUN_PROGRESS_H
#define CREST_CMD_RUN_PROGRESS_H

struct run;
struct progress;

/* Starts the progress line on stdout; returns NULL when it cannot (then
 * the other functions accept NULL and do nothing). */
struct progress *progress_start(void);

/* Sets the run whose waves are shown (borrowed; NULL: none). */
void progress_set_run(struct progress *p, struct run *r);

/* Clears the line and holds it off while the caller prints. */
void progress_lock(struct progress *p);

/* Lets the line be drawn again. */
void progress_unlock(struct progress *p);

/* Stops the thread, clears the line and frees p.  Accepts NULL. */
void progress_stop(struct progress *p);

#endif
