/*
 * run-latest.h - the newest run of a playbook in a state directory, as
 * "crest schedule list" shows a timer's last run.
 *
 * Runs are found through their journals (state.h, run-state.h): the newest
 * journal whose run_start names the playbook.  Journals that cannot be
 * read are passed over.
 */
#ifndef CREST_RUN_LATEST_H
#define CREST_RUN_LATEST_H

/* Finds the newest run of playbook in state_dir.  Returns 1 with *id and
 * *status (NULL: the run did not end) the caller frees, or 0 when there is
 * none (also when state_dir cannot be read). */
int run_latest(const char *state_dir, const char *playbook, char **id,
	       char **status);

#endif
