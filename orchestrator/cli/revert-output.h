/*
 * revert-output.h - "crest rollback RUN" and "crest abort RUN" on the
 * terminal: the engine's session that reverts a recorded run
 * (engine/run-session.h), each host's revert printed as it ends and how
 * the run ended, or JSON Lines events with --json or into a pipe.
 */
#ifndef CREST_REVERT_OUTPUT_H
#define CREST_REVERT_OUTPUT_H

#include "options.h"

struct run_session_request;
struct run_session_output;
struct error;

/* What tells the revert commands apart. */
struct revert_command {
	const char *name; /* "rollback", "abort": the journal's and
			     messages' word */
	/* run_session_rollback() or run_session_abort(). */
	int (*session)(const struct run_session_request *req,
		       const struct run_session_output *out, struct error *err);
	/* Says how many changes it reverts (or that there are none) and
	 * passes the engine's messages to stderr. */
	int announce;
	const char *end_word; /* before the status on the last line: "" or
				 "aborted, " */
};

/* Runs cmd's session on recorded run run_id with the parsed and finished
 * options o and comment (abort's --comment, or NULL); prints what
 * happens and any error as "crest NAME: ...".  Returns crest's exit
 * code. */
int revert_output_session(const struct revert_command *cmd,
			  const struct options *o, const char *run_id,
			  const char *comment);

#endif
