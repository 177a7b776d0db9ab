/*
 * executor.h - runs one function over many hosts, at most N at a time.
 *
 * After git's run_processes_parallel(): the caller hands out tasks through
 * get_next, each task runs on a worker thread, and task_finished hears of
 * it when it ends.  get_next and task_finished are called on the thread
 * that called executor_run() only, one at a time, so the caller's own
 * state (the list of hosts, the counters, the terminal) needs no lock;
 * run is called on a worker thread and may touch only its own task.
 * That is also why output never interleaves: a task collects its output in
 * its own buffers, and only task_finished prints it, whole.
 *
 * Theory of operation.  A bounded pool of worker threads, created as work
 * arrives (never more than forks, never more than tasks), takes tasks from
 * a queue; finished tasks come back on a second queue, which the calling
 * thread drains between handing out new ones.  A task that blocks (on a
 * slow host) blocks only its own worker.  Workers block asynchronous
 * signals (SIGINT, SIGTERM...), which therefore reach the calling thread,
 * whose handler can make get_next stop.  Why threads rather than one poll
 * loop over non-blocking libssh is measured in docs/architecture.md,
 * section "Executor".
 */
#ifndef CREST_EXECUTOR_H
#define CREST_EXECUTOR_H

#include "base/error.h"

/* --forks when none is given. */
#define CREST_FORKS_DEFAULT 50u
/* The most --forks accepts. */
#define CREST_FORKS_MAX 1000u

struct executor_options {
	/* At most this many tasks run at once; 0: CREST_FORKS_DEFAULT. */
	unsigned forks;
	/* Returns 1 and sets *task to start one more task, or 0 when there
	 * is none to start (now or ever: once it returns 0 it is not called
	 * again).  Called on the calling thread. */
	int (*get_next)(void *data, void **task);
	/* Does one task's work on a worker thread; returns 0 or a negative
	 * number, which is handed to task_finished.  It must keep to its
	 * task: other tasks run at the same time. */
	int (*run)(void *task);
	/* Hears that a task ended, with what run returned; called on the
	 * calling thread, in the order tasks end.  May be NULL. */
	void (*task_finished)(void *data, void *task, int result);
	/* Passed to get_next and task_finished. */
	void *data;
};

/* Runs every task get_next hands out and waits for all of them.  Returns 0,
 * or -1 with an ERROR_SYSTEM err when not even one worker thread could be
 * started (tasks already handed out are then finished with -1). */
int executor_run(const struct executor_options *opts, struct error *err);

#endif
