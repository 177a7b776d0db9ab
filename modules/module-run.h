/*
 * module-run.h - what a module gets to work on one host for one task.
 *
 * The run engine makes one struct module_run per (host, task) and hands it
 * to the module's probe, apply and revert.  Modules reach the host only
 * through module_sh() and module_sh_ok() (which go through the transport,
 * with the task's become and timeout) and module_put(); every value they
 * place into a command line goes through quote_sh() (quote.h).
 *
 * Backups: a module that must keep something on the host to revert later
 * (a file's old bytes, a package's old .deb) keeps it under
 * module_backup_dir(run), which is unique to the run, the host and the
 * task, lives on the host's disk (so it survives a controller crash and a
 * host reboot), and is named in what probe records, so revert finds it from
 * the journal alone.
 */
#ifndef CREST_MODULE_RUN_H
#define CREST_MODULE_RUN_H

#include <stddef.h>

#include <jansson.h>

#include "base/error.h"
#include "transport/transport.h"

/* Where backups live on hosts: CREST_HOST_STATE/RUN/TASK. */
#define CREST_HOST_STATE "/var/lib/crest/backup"

struct module_run;

/* The engine's way to connect the host again (the reboot module): closes
 * run->conn, opens a new connection to the same host with the same
 * options and puts it in run->conn (owned by the engine, as before).
 * Returns 0, or -1 with err set when the host cannot be reached yet
 * (run->conn is then NULL until a later call succeeds). */
typedef int (*module_reconnect_fn)(struct module_run *run, struct error *err);

struct module_run {
	struct transport_conn *conn; /* the host's connection (borrowed) */
	const char *host;	     /* its inventory name (borrowed) */
	const char *run_id;	     /* the run's id (borrowed) */
	unsigned task_index;	     /* 0-based position of the task */
	int become;		     /* run commands through sudo -n */
	unsigned timeout_ms;	     /* each command; 0: the transport's */
	/* Where the host's last command output is kept for the journal and
	 * messages: filled by module_sh(). */
	struct transport_result last;
	/* Set by the engine after module_run_init() when it has them: */
	const char *rollback;	       /* the task's rollback: line with
					  variables substituted (command,
					  shell), or NULL (borrowed) */
	const char *base_dir;	       /* the playbook's directory, where
					  copy's src is read; NULL: "." */
	module_reconnect_fn reconnect; /* NULL: the host cannot be
					  reconnected (reboot fails) */
	void *engine;		       /* the engine's, for reconnect */
};

/* Initialises run for one task on one host (strings borrowed). */
void module_run_init(struct module_run *run, struct transport_conn *conn,
		     const char *host, const char *run_id, unsigned task_index,
		     int become, unsigned timeout_ms);

/* Frees what run holds (not the connection). */
void module_run_release(struct module_run *run);

/* Runs a sh command line on the host with input on stdin (NULL for none);
 * run->last holds the result.  Returns 0 when the command ran (whatever
 * its exit status, in run->last.exit_status), -1 with err set when the
 * host could not run it (unreachable, timeout). */
int module_sh(struct module_run *run, const char *line, const void *input,
	      size_t input_len, struct error *err);

/* Like module_sh(), and a non-zero exit status is an ERROR_FAILED whose
 * message says what was being done (what), the status and the end of
 * stderr.  Returns 0 or -1. */
int module_sh_ok(struct module_run *run, const char *what, const char *line,
		 struct error *err);

/* module_sh_ok() with input on the command's stdin. */
int module_sh_input_ok(struct module_run *run, const char *what,
		       const char *line, const void *input, size_t input_len,
		       struct error *err);

/* Returns the command's stdout (borrowed, NUL-terminated, possibly cut to
 * the output limit). */
const char *module_stdout(struct module_run *run);

/* Returns the command's stderr (borrowed, NUL-terminated, possibly cut
 * to the output limit). */
const char *module_stderr(struct module_run *run);

/* Returns this task's backup directory on the host; caller frees. */
char *module_backup_dir(const struct module_run *run);

/* Getters for a module's arguments as vars_expand_node() gives them (a
 * JSON object, or a string for modules taking a free-form line).  Each
 * returns def when the argument is absent or null. */
const char *module_arg_str(const json_t *args, const char *name,
			   const char *def); /* borrowed */
int module_arg_bool(const json_t *args, const char *name, int def);
long long module_arg_int(const json_t *args, const char *name, long long def);
/* A duration (30s, 2m, or a number of seconds). */
unsigned module_arg_secs(const json_t *args, const char *name, unsigned def);

#endif
