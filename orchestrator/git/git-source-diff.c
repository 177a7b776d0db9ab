/*
 * git-source-diff.c - the commits and the diff between an earlier commit
 * and a source's, for "crest plan"'s review; see git-source.h.
 */
#include <stdlib.h>
#include <string.h>

#include "git-source.h"
#include "base/xmalloc.h"

/* Appends one line of a patch to the buffer. */
static int diff_line(const git_diff_delta *delta, const git_diff_hunk *hunk,
		     const git_diff_line *line, void *payload)
{
	struct buf *b = payload;

	(void)delta;
	(void)hunk;
	if (line->origin == GIT_DIFF_LINE_CONTEXT ||
	    line->origin == GIT_DIFF_LINE_ADDITION ||
	    line->origin == GIT_DIFF_LINE_DELETION)
		buf_addch(b, line->origin);
	buf_add(b, line->content, line->content_len);
	return 0;
}

/* Sets err from libgit2's last error. */
static int diff_fail(struct error *err, const char *what)
{
	const git_error *e = git_error_last();

	return error_set(err, ERROR_INVALID, "%s: %s", what,
			 e && e->message ? e->message : "unknown error");
}

/* Lists commits and writes the diff since a commit. */
int git_source_diff_since(const struct git_source *gs, const char *since,
			  const char *const *paths, size_t n_paths,
			  struct git_source_diff *out, struct error *err)
{
	git_diff_options opts;
	git_object *old_obj = NULL;
	git_commit *old_c = NULL, *new_c = NULL, *c = NULL;
	git_tree *old_t = NULL, *new_t = NULL;
	git_revwalk *walk = NULL;
	git_diff *diff = NULL;
	git_oid id, new_id;
	int ret = -1;

	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	if (gs->repo == NULL)
		return error_set(err, ERROR_INVALID,
				 "the playbook is not in a git repository");
	if (git_revparse_single(&old_obj, gs->repo, since) < 0 ||
	    git_object_peel((git_object **)&old_c, old_obj, GIT_OBJECT_COMMIT) <
		    0) {
		diff_fail(err, "cannot find the earlier commit");
		goto out;
	}
	if (git_oid_fromstr(&new_id, gs->commit) < 0 ||
	    git_commit_lookup(&new_c, gs->repo, &new_id) < 0 ||
	    git_commit_tree(&old_t, old_c) < 0 ||
	    git_commit_tree(&new_t, new_c) < 0) {
		diff_fail(err, "cannot read the commits");
		goto out;
	}
	if (git_revwalk_new(&walk, gs->repo) < 0 ||
	    git_revwalk_push(walk, &new_id) < 0 ||
	    git_revwalk_hide(walk, git_commit_id(old_c)) < 0) {
		diff_fail(err, "cannot walk the history");
		goto out;
	}
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
	while (git_revwalk_next(&id, walk) == 0) {
		char hex[GIT_OID_HEXSZ + 1];

		if (git_commit_lookup(&c, gs->repo, &id) < 0)
			continue;
		git_oid_tostr(hex, sizeof(hex), &id);
		buf_addf(&out->commits, "%.12s %s (%s)\n", hex,
			 git_commit_summary(c), git_commit_author(c)->name);
		out->n_commits++;
		git_commit_free(c);
		c = NULL;
	}
	opts.pathspec.strings = (char **)paths;
	opts.pathspec.count = n_paths;
	if (git_diff_tree_to_tree(&diff, gs->repo, old_t, new_t, &opts) < 0 ||
	    git_diff_print(diff, GIT_DIFF_FORMAT_PATCH, diff_line,
			   &out->patch) < 0) {
		diff_fail(err, "cannot compute the diff");
		goto out;
	}
	ret = 0;
out:
	git_diff_free(diff);
	git_revwalk_free(walk);
	git_tree_free(old_t);
	git_tree_free(new_t);
	git_commit_free(old_c);
	git_commit_free(new_c);
	git_object_free(old_obj);
	return ret;
}
