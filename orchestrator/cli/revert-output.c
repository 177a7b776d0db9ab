/*
 * revert-output.c - the terminal side of crest rollback and crest abort;
 * see revert-output.h.
 */
#include <stdio.h>
#include <unistd.h>

#include "engine/run-session.h"
#include "revert-output.h"
#include "run-output.h"

/* What the callbacks share. */
struct revert_output {
	const struct revert_command *cmd;
	int json;
};

/* Prints one host's revert. */
static void rv_rollback_done(void *data, const struct host_run *hr)
{
	struct revert_output *out = data;

	if (out->json)
		return;
	printf("  %-20s %s%s%s\n", hr->host->name,
	       hr->revert_failed ? "ROLLBACK FAILED" : "rolled back",
	       hr->revert_failed && hr->error.message ? ": " : "",
	       hr->revert_failed && hr->error.message ? hr->error.message : "");
	fflush(stdout);
}

/* Reports an engine message. */
static void rv_message(void *data, const char *text)
{
	struct revert_output *out = data;

	fprintf(stderr, "crest %s: %s\n", out->cmd->name, text);
}

/* Says what is rolled back. */
static void rv_begin(void *data, const struct run_session_info *info)
{
	struct revert_output *out = data;

	if (!out->json)
		printf("run %s: rolling back %zu change%s\n", info->run_id,
		       info->rollback_changes,
		       info->rollback_changes == 1 ? "" : "s");
}

/* Says that there was nothing to roll back. */
static void rv_nothing(void *data, const char *run_id)
{
	struct revert_output *out = data;

	/* Said on stderr so that --json output stays events only. */
	fprintf(stderr, "crest %s: run %s: nothing to roll back\n",
		out->cmd->name, run_id);
}

/* Prints how the revert ended. */
static void rv_end(void *data, enum run_status status,
		   const struct run_session_info *info)
{
	struct revert_output *out = data;

	if (!out->json)
		printf("run %s: %s%s\n", info->run_id, out->cmd->end_word,
		       run_status_name(status));
}

/* Sets up the output, runs the session, prints its error. */
int revert_output_session(const struct revert_command *cmd,
			  const struct options *o, const char *run_id,
			  const char *comment)
{
	struct revert_output out = {cmd, o->json || !isatty(STDOUT_FILENO)};
	struct run_observer observer = {0};
	struct run_session_output so = {0};
	struct run_session_request req;
	struct error err = ERROR_INIT;
	struct buf msg = BUF_INIT;
	char **evars = options_extra_vars(o);
	int rc;

	observer.rollback_done = rv_rollback_done;
	observer.data = &out;
	so.events = out.json ? stdout : NULL;
	so.observer = &observer;
	so.end = rv_end;
	so.data = &out;
	if (cmd->announce) {
		observer.message = rv_message;
		so.begin = rv_begin;
		so.nothing_to_roll_back = rv_nothing;
	}
	run_output_request(&req, o, evars);
	req.command = cmd->name;
	req.run_id = run_id;
	req.comment = comment;
	rc = cmd->session(&req, &so, &err);
	if (err.kind != ERROR_NONE) {
		error_format(&err, &msg);
		fprintf(stderr, "crest %s: %s\n", cmd->name, msg.data);
	}
	options_extra_vars_free(evars);
	buf_release(&msg);
	error_release(&err);
	return rc;
}
