/*
 * host-run.h - one host's part of a run: its tasks, its checks, its revert.
 *
 * Theory of operation.  A host's work is a state machine (after curl's
 * multi_runsingle):
 *
 *   PENDING -> CONNECT -> TASKS -> VERIFY -> DONE
 *                 |         |        |
 *                 |         +--------+--> REVERT -> DONE
 *                 +----------------------------------^  (unreachable)
 *
 * one function per state returning the next, and one place,
 * host_run_set_state(), that changes it and traces it (CREST_TRACE=1).
 *
 * TASKS runs the play's tasks in order on the host's one connection.  For
 * each task: its `when` is evaluated; its arguments get the host's
 * variables; the module probes the state it would change; the journal
 * records the intent with that prior state (fsync'd) BEFORE the module
 * applies; then the journal records the result.  Tasks that changed the
 * host are remembered, newest last, with their prior state.  A failed task
 * fails the host: no further task runs, and REVERT undoes what changed,
 * newest first (the failed task included, since a half-done change must
 * not stay), each step journalled.
 *
 * Secrets: what reaches the journal and the terminal is the "shown" form
 * of arguments and outputs, with every secret replaced by ********
 * (vars.h); the journal masks them again as a last line of defence.
 *
 * The functions here run on an executor worker: they touch only their own
 * struct host_run and the shared, thread-safe journal.
 */
#ifndef CREST_HOST_RUN_H
#define CREST_HOST_RUN_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "base/error.h"
#include "inventory/inventory.h"
#include "inventory/shard.h"
#include "journal.h"
#include "lang/playbook.h"
#include "transport/transport.h"
#include "lang/vars.h"

enum host_state {
	HOST_PENDING,
	HOST_CONNECT,
	HOST_TASKS,
	HOST_VERIFY,
	HOST_REVERT,
	HOST_DONE,
};

/* How a host ended, as the recap and the journal call it. */
enum host_status {
	HOST_NOT_RUN,	      /* never started (budget exceeded, interrupt) */
	HOST_OK,	      /* every task ok, nothing changed */
	HOST_CHANGED,	      /* every task ok, something changed */
	HOST_FAILED,	      /* a task or check failed; reverted */
	HOST_UNREACHABLE,     /* could not connect; nothing ran */
	HOST_ROLLED_BACK,     /* succeeded, then reverted with its wave */
	HOST_ROLLBACK_FAILED, /* a revert step failed: needs a person */
	HOST_SKIPPED,	      /* unreachable with unreachable: skip; nothing
				 ran, counts against no budget */
};

/* What the whole run shares with each host (all borrowed). */
struct run_context {
	const char *run_id;
	const struct playbook *playbook;
	const struct inventory *inventory;
	const struct transport_options *transport;
	struct journal *journal; /* thread-safe appends */
	char *const *extra_vars; /* -e arguments */
	size_t n_extra_vars;
	volatile sig_atomic_t *stop; /* set on SIGINT/SIGTERM */
	unsigned play_index;
	/* --shard: only the play's hosts of this shard run (count 0: all);
	 * waves are cut over them (inventory/shard.h). */
	struct shard shard;
	/* The play gathered facts: host name -> the snapshot's "facts"
	 * object, or null for a host that did not answer (it ends
	 * unreachable before its first task); NULL: no facts gathered. */
	const json_t *facts;
};

/* A task that changed the host, kept for its revert. */
struct host_change {
	unsigned task; /* index in the play's tasks */
	json_t *prior; /* what probe recorded (owned) */
	/* What revert works from (owned): {"args": the arguments, "masked":
	 * the keys of those whose secret value was masked (""; the whole
	 * value), "rollback": the rollback: line, "rollback_masked": true}.
	 * From this process: the real ones, nothing masked; from a journal:
	 * as the intent recorded them.  NULL for a journal from before crest
	 * recorded them: the revert renders the task again. */
	json_t *revert;
	int failed;   /* the task's apply failed half-way */
	int reverted; /* its revert ran and succeeded */
	int inflight; /* resumed: its intent was journalled, its result
			  was not (the controller died in between) */
};

struct host_run {
	struct host *host; /* borrowed from the inventory */
	const struct run_context *ctx;
	unsigned wave; /* 0-based */
	enum host_state state;
	enum host_status status;
	struct vars *vars;	     /* the host's variables (owned) */
	struct transport_conn *conn; /* kept open for the whole run */
	struct error error;	     /* why the host failed */
	int failed_task;	     /* index, or -1; -2: a verify check */
	unsigned task_now;	     /* the task under way, for progress */
	struct host_change *changes; /* newest last */
	size_t n_changes;
	int revert_failed;
	uint64_t duration_ms;
	/* Verify checks that failed after the soak (host_run_verify). */
	int verify_failed;
	/* Resume: the host already ended in the run being resumed (it is
	 * not run again), and which tasks finished before (skipped). */
	int ended;
	/* Resume: the host had started and not ended when the controller
	 * died (it was in flight): it finishes even in a wave that was
	 * already over its budget, as an uninterrupted run's would. */
	int in_flight;
	char *base_dir; /* the playbook's directory (owned) */
	int *task_done; /* owned; n_task_done entries */
	size_t n_task_done;
};

/* Prepares hr for host in a run (ctx borrowed and shared). */
void host_run_init(struct host_run *hr, struct host *host,
		   const struct run_context *ctx, unsigned wave);

/* Frees what hr holds and closes its connection. */
void host_run_release(struct host_run *hr);

/* Runs the host's tasks and checks, reverting it when it fails.  Returns
 * 0 when the host succeeded, -1 when it failed (hr->status, hr->error). */
int host_run_apply(struct host_run *hr);

/* Runs the play's verify checks again (after the soak).  Returns 0 when
 * they pass, -1 when one fails (hr->error set, hr->verify_failed). */
int host_run_verify(struct host_run *hr);

/* Reverts every change the host still holds, newest first, journalled.
 * Returns 0, or -1 when a step failed (status HOST_ROLLBACK_FAILED). */
int host_run_revert(struct host_run *hr);

struct host_record;
struct recorded_change;
struct module_run;
struct task;

/* Prepares a module's view of one task on this host: the connection,
 * become, timeout, the playbook's directory, a reconnect for the reboot
 * module; mr->rollback is NULL. */
void host_run_module_view(struct host_run *hr, const struct task *task,
			  unsigned index, struct module_run *mr);

/* host_run_module_view(), and the task's rollback: line with variables
 * substituted as mr->rollback (*rollback; *shown, with secrets masked,
 * when shown is not NULL: the caller frees both, after mr).  Returns 0
 * or -1 with err. */
int host_run_module(struct host_run *hr, const struct task *task,
		    unsigned index, struct module_run *mr, char **rollback,
		    char **shown, struct error *err);

/* Adds change c the journal recorded to the host's changes (its prior
 * state and what revert works from); returns it (borrowed, valid until
 * the next change is added). */
struct host_change *host_run_recall(struct host_run *hr,
				    const struct recorded_change *c);

/* Checks, before any host is touched, that every change of the host not
 * reverted yet can be: what its revert reads is in the journal, or can be
 * rendered again with the variables given (a masked secret).  Builds the
 * host's variables when it has none.  Returns 0, or -1 with err
 * (ERROR_INVALID) naming the task and the variable to give with -e. */
int host_run_revert_ready(struct host_run *hr, struct error *err);

/* Loads what the journal of the run being resumed says of this host: its
 * finished tasks, its changes with their prior states, whether it ended
 * (and how). */
void host_run_resume(struct host_run *hr, const struct host_record *rec);

/* Returns a host status's name ("ok", "changed", "failed", ...). */
const char *host_status_name(enum host_status status);

/* Builds the host's variables: inventory, play vars, -e.  Returns 0 or -1
 * with err set.  *out is caller-owned (vars_free). */
int host_run_vars(const struct run_context *ctx, struct host *host,
		  struct vars **out, struct error *err);

/* Connects hr to its host when it is not connected.  Returns 0 or -1 with
 * hr->error set (ERROR_UNREACHABLE, ERROR_HOSTKEY, ERROR_AUTH...). */
int host_run_connect(struct host_run *hr);

#endif
