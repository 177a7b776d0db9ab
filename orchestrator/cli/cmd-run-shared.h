/*
 * cmd-run-shared.h - the session "crest run" and "crest resume" share.
 */
#ifndef CREST_CMD_RUN_SHARED_H
#define CREST_CMD_RUN_SHARED_H

#include "options.h"

struct run_session {
	const char *command;	 /* "run" or "resume", for messages */
	const struct options *o; /* parsed and finished (borrowed) */
	const char *playbook;	 /* path (in the repository with --repo) */
	const char *inventory;	 /* path, or NULL: crest.yml's inventory */
	const char *resume_id;	 /* the run to resume, or NULL for a new one */
};

/* Opens the playbook's source (git-source.h: a resumed run's recorded
 * commit), takes the lock, opens (or reopens) the journal, runs every play through
 * the engine with terminal or --json output, and writes run_end.  Returns
 * crest's exit code. */
int run_session_exec(const struct run_session *s);

#endif
