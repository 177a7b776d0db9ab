/*
 * worktree-dirty.h - how a work tree differs from its HEAD commit.
 *
 * A path is dirty when it is tracked and its index or work tree content
 * differs from HEAD (modified, added, deleted, renamed, type changed), or
 * when it is untracked (and not ignored) under one of the watched
 * directories (the playbook's).  Each dirty path comes with the git blob
 * id of what the work tree holds ("deleted" when it is gone), so the
 * journal can say exactly what ran under --allow-dirty.
 *
 * Ownership: struct worktree_dirty owns its arrays; worktree_dirty_release.
 */
#ifndef CREST_WORKTREE_DIRTY_H
#define CREST_WORKTREE_DIRTY_H

#include <stddef.h>

#include <git2.h>

#include "digest.h"
#include "base/error.h"

struct dirty_path {
	char *path;		      /* repository-relative */
	char blob[GIT_OID_HEXSZ + 1]; /* the work tree's content, or
					      "deleted" */
	int untracked;
};

struct worktree_dirty {
	struct dirty_path *paths; /* sorted by path */
	size_t n_paths;
	char digest[DIGEST_HEX_LEN + 1]; /* over every "path blob" line */
};

#define WORKTREE_DIRTY_INIT                                                    \
	{                                                                      \
		0                                                              \
	}

/* Finds the dirty paths of repo's work tree; untracked files count only
 * under watch_dir (repository-relative, "" for all) and never under
 * skip_dir (crest's own state directory when it lies in the work tree;
 * NULL for none).  Returns 0 (n_paths is 0 for a clean tree) or -1 with
 * err set. */
int worktree_dirty_scan(git_repository *repo, const char *watch_dir,
			const char *skip_dir, struct worktree_dirty *out,
			struct error *err);

/* Frees the paths; d is WORKTREE_DIRTY_INIT afterwards. */
void worktree_dirty_release(struct worktree_dirty *d);

#endif
