/*
 * exec.h - one ad-hoc command on many hosts: the engine of "crest exec".
 *
 * Each host is connected, runs the command once, and is closed; at most
 * --forks hosts at once (executor.h).  A host's result (status, exit
 * code, output tails, duration, error) stays in its struct exec_host and
 * is handed to the caller's host_done callback on the calling thread as
 * soon as that host ends, so the caller can print it whole.
 *
 * Theory of operation.  A host's work is a small state machine:
 *
 *   PENDING -> CONNECT -> RUN -> CLOSE -> DONE
 *                 |         |               ^
 *                 +---------+---------------+  (on error)
 *
 * with one function per state returning the next state, and one place,
 * exec_host_set_state(), that changes it, stamps the time and traces it
 * (CREST_TRACE=1).
 */
#ifndef CREST_EXEC_H
#define CREST_EXEC_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "transport/transport.h"

enum exec_state {
	EXEC_PENDING, /* not started (yet, or ever: interrupted) */
	EXEC_CONNECT, /* opening the connection */
	EXEC_RUN,     /* the command is running */
	EXEC_CLOSE,   /* closing the connection */
	EXEC_DONE,    /* finished; status and result are final */
};

/* One host's job and, once DONE, its result. */
struct exec_host {
	struct transport_target target; /* strings borrowed from the caller */
	enum exec_state state;
	struct transport_result result; /* exit status and output tails */
	struct error error;		/* ERROR_NONE when the command ran
					   and exited 0 */
	uint64_t started_ms;		/* monotime when it left PENDING */
	uint64_t duration_ms;		/* from start to DONE */
	/* Private to exec.c while the host runs. */
	const struct exec_request *req;
	struct transport_conn *conn;
};

/* What to run, and how. */
struct exec_request {
	const char *line;	 /* the sh command line (values quoted) */
	int become;		 /* through sudo -n */
	const char *become_user; /* NULL: root */
	const void *input;	 /* sent to the command's stdin on every
				    host; NULL: none */
	size_t input_len;
	const struct transport_options *transport; /* borrowed */
	unsigned forks;				   /* 0: the default */
	/* Hears that a host is DONE, on the calling thread, in the order
	 * hosts end.  May be NULL. */
	void (*host_done)(void *data, struct exec_host *host);
	void *data;
	/* When it becomes nonzero (a signal handler sets it), no further
	 * host is started; hosts under way finish.  May be NULL. */
	volatile sig_atomic_t *stop;
};

/* Makes an exec_host for target (whose strings must outlive it). */
void exec_host_init(struct exec_host *host,
		    const struct transport_target *target);

/* Frees what a host's result and error hold. */
void exec_host_release(struct exec_host *host);

/* Returns the host's status as --json and the summary spell it: "ok",
 * "failed", "unreachable", "auth", "hostkey", "timeout", or "skipped" for a
 * host never started. */
const char *exec_host_status(const struct exec_host *host);

/* Runs req on the n hosts.  Returns 0 once every host that was started
 * is DONE (each with its own status), or -1 with err when the run itself
 * could not be carried out (no thread could be started). */
int exec_run(const struct exec_request *req, struct exec_host *hosts, size_t n,
	     struct error *err);

#endif
