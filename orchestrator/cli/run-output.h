/*
 * run-output.h - "crest run", "resume" and "timer" on the terminal: the
 * options handed to the engine's run session (engine/run-session.h) and
 * what the session says, printed as lines (waves, hosts, the recap) with
 * a live progress line on a terminal, or as JSON Lines with --json.
 */
#ifndef CREST_RUN_OUTPUT_H
#define CREST_RUN_OUTPUT_H

#include "options.h"

/* Runs a new run of playbook (run_id NULL) or resumes run run_id, with
 * the parsed and finished options o; command names the command in
 * messages.  Prints what happens and any error.  Returns crest's exit
 * code. */
int run_output_session(const char *command, const struct options *o,
		       const char *playbook, const char *run_id);

/* Fills req from the options o (strings borrowed from o and evars, the
 * -e KEY=VALUE strings of options_extra_vars()). */
/* run_output_session() of "crest approve RUN": an approval of wave
 * (0: the wave it waits at) with comment (or NULL) recorded first. */
int run_output_approve(const struct options *o, const char *run_id,
		       unsigned wave, const char *comment);

struct run_session_request;
void run_output_request(struct run_session_request *req,
			const struct options *o, char *const *evars);

#endif
