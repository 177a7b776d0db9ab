/*
 * plan-review.h - what "crest plan" reviews before a run: what changed
 * since the last run that went well.
 *
 * Ownership: as each function says; nothing is kept between calls.
 */
#ifndef CREST_PLAN_REVIEW_H
#define CREST_PLAN_REVIEW_H

#include <stddef.h>

#include "base/error.h"
#include "git/git-source.h"
#include "lang/playbook.h"

/* Finds the commit of the newest run in state_dir that ran the same
 * playbook of the same repository and ended "ok" (the base of crest
 * plan's review).  Returns 1 with *commit_out (caller frees), 0 when there
 * is none (the first run), or -1 with err set. */
int plan_review_last_ok_commit(const struct git_source *gs,
			       const char *state_dir, char **commit_out,
			       struct error *err);

/* Returns the repository paths a review of gs's run covers: the playbook,
 * crest.yml, the inventory (when in the repository) and every copy src
 * of pb.  *paths_out is the caller's (free each, then the array). */
size_t plan_review_paths(const struct git_source *gs, const struct playbook *pb,
			 char ***paths_out);

#endif
