/*
 * run.h - the run engine: a play's hosts, wave by wave, with rollback.
 *
 * Theory of operation.  The play's hosts are put in its order, cut into
 * waves (wave.h: Ansible's serial sizes, spread by spread_by), and run wave
 * after wave.  Inside a wave the executor runs hosts in parallel, at most
 * --forks at once; each host runs host_run_apply() (host-run.h), which
 * reverts a failed host at once.  The engine counts a wave's failed hosts
 * as they end; once they exceed max_failures no further host of the wave
 * starts, hosts in flight finish, and the wave is rolled back: every host
 * of it that changed anything reverts, in parallel (and with rollback: run
 * every earlier wave, newest first).  Hosts of later waves are never
 * touched.  When a wave holds, the engine sleeps the play's pause (the
 * soak), runs the verify checks again on the whole wave (a failure now
 * counts against the budget too), and goes on with the next wave.
 *
 * SIGINT/SIGTERM set ctx->stop: no new host starts, in-flight ones finish,
 * the journal is closed with status "interrupted".
 *
 * Everything is recorded in the journal (journal.h) before it happens; the
 * engine reports to the terminal only through the callbacks of struct
 * run_observer, on the thread that called run_play().
 */
#ifndef CREST_RUN_H
#define CREST_RUN_H

#include <stddef.h>

#include "base/error.h"
#include "host-run.h"

/* How a run ended; each maps to an exit code (docs/cli.md). */
enum run_status {
	RUN_OK,
	RUN_FAILED,	     /* some hosts failed, within the budget */
	RUN_ROLLED_BACK,     /* a wave exceeded its budget and was reverted */
	RUN_ROLLBACK_FAILED, /* a revert failed: a person is needed */
	RUN_INTERRUPTED,
	RUN_INVALID, /* the run could not start: bad input */
	RUN_PAUSED,  /* the next wave would overrun the window (window.h) */
	RUN_JOURNAL_FAILED, /* the journal could not be written: stopped */
};

/* Progress, heard on the calling thread.  Any slot may be NULL. */
struct run_observer {
	void (*wave_start)(void *data, unsigned wave, unsigned n_waves,
			   size_t n_hosts, size_t budget);
	void (*host_done)(void *data, const struct host_run *hr);
	void (*wave_end)(void *data, unsigned wave, size_t ok, size_t failed,
			 int rolled_back);
	void (*rollback_done)(void *data, const struct host_run *hr);
	void (*message)(void *data, const char *text);
	void *data;
};

/* One play's run over the hosts its pattern selected. */
struct run {
	struct run_context ctx;
	struct host_run *hosts; /* in run order, wave by wave */
	size_t n_hosts;
	size_t *wave_sizes;
	size_t n_waves;
	unsigned forks;
	const struct run_observer *observer;
	/* Asked before each wave w (0-based) whether it may start; a
	 * nonzero answer pauses the run (RUN_PAUSED) before that wave.  NULL:
	 * every wave starts.  The maintenance window's check (run-window.h). */
	int (*wave_gate)(void *data, const struct run *r, size_t w);
	void *gate_data;
	enum run_status status;
	unsigned waves_done;
	/* For a progress display on another thread (read with
	 * __atomic_load_n): the wave under way (0-based), and how many of
	 * its hosts ended and failed so far. */
	size_t live_wave, live_first, live_done, live_failed;
};

/* Selects, orders and cuts the play's hosts into waves (limit may be
 * NULL).  Returns 0, or -1 with err set (no host matched...).  The caller
 * frees r with run_release(). */
int run_prepare(struct run *r, const struct run_context *ctx, const char *limit,
		unsigned forks, struct error *err);

/* Runs the waves.  Returns the run's status (also in r->status). */
enum run_status run_play(struct run *r);

struct run_state;

/* Prepares a run that reverts what the journalled run rs changed in play
 * ctx->play_index: one host_run per host with changes not yet reverted,
 * each holding those changes and their prior states.  Hosts the inventory
 * no longer has are an error.  Returns 0, or -1 with err set. */
int run_prepare_revert(struct run *r, const struct run_context *ctx,
		       const struct run_state *rs, unsigned forks,
		       struct error *err);

/* Loads what the journal of the run being resumed says of each prepared
 * host (run_prepare() first, with the same play, limit and order), so
 * run_play() skips finished hosts and tasks and re-probes the task that was
 * in flight, keeping its first prior state. */
void run_resume_from(struct run *r, const struct run_state *rs);

/* Checks that every host of a run prepared by run_prepare_revert() can
 * have its changes reverted from what the journal holds and the
 * variables given, touching no host (host_run_revert_ready()).  Returns
 * 0, or -1 with err (ERROR_INVALID) for the first that cannot. */
int run_revert_ready(struct run *r, struct error *err);

/* Reverts every host of the run, newest wave first, hosts of a wave in
 * parallel.  Returns RUN_ROLLED_BACK, or RUN_ROLLBACK_FAILED. */
enum run_status run_revert_all(struct run *r);

/* Returns a run status's name, as the journal writes it. */
const char *run_status_name(enum run_status status);

/* Returns the exit code of a run status. */
int run_status_exit_code(enum run_status status);

/* Frees the hosts and waves. */
void run_release(struct run *r);

#endif
