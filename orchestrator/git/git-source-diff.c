/*
 * git-source-diff.c - what changed in a run's files since an earlier
 * commit, for "crest plan"'s review; see git-source.h.
 */
#include <stdlib.h>
#include <string.h>

#include "git-source.h"
#include "modules/module.h"
#include "lang/playbook.h"
#include "engine/run-state.h"
#include "engine/state.h"
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

/* Returns 1 when a recorded run ran gs's playbook and ended ok. */
static int same_ok_run(const struct git_source *gs, const struct run_state *rs)
{
	json_t *git = json_object_get(rs->header, "git");
	const char *repo =
		json_string_value(json_object_get(git, "repository"));
	const char *pb = json_string_value(json_object_get(git, "playbook"));
	const char *source = json_string_value(json_object_get(git, "source"));

	return rs->status && strcmp(rs->status, "ok") == 0 && repo && pb &&
	       source && strcmp(source, "commit") == 0 &&
	       strcmp(repo, gs->repository) == 0 &&
	       strcmp(pb, gs->playbook) == 0;
}

/* Finds the commit of the last successful run of the same playbook. */
int git_source_last_ok_commit(const struct git_source *gs,
			      const char *state_dir, char **commit_out,
			      struct error *err)
{
	struct run_state *rs = NULL;
	char **ids = NULL, *path;
	size_t i, n = 0;
	int ret = 0;

	*commit_out = NULL;
	if (gs->repository == NULL)
		return 0;
	if (state_list_runs(state_dir, &ids, &n, err) < 0)
		return -1;
	/* Run ids sort by start time: the newest is last. */
	for (i = n; i-- > 0 && ret == 0;) {
		struct error ignored = ERROR_INIT;

		path = state_run_path(state_dir, ids[i]);
		if (run_state_load(path, &rs, &ignored) == 0 &&
		    same_ok_run(gs, rs)) {
			*commit_out = xstrdup(run_state_header(rs, "commit"));
			ret = 1;
		}
		run_state_free(rs);
		rs = NULL;
		error_release(&ignored);
		free(path);
	}
	for (i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	return ret;
}

/* Adds a path once. */
static void add_path(char ***paths, size_t *n, char *path)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (strcmp((*paths)[i], path) == 0) {
			free(path);
			return;
		}
	*paths = xreallocarray(*paths, *n + 1, sizeof(**paths));
	(*paths)[(*n)++] = path;
}

/* Lists the paths a review covers. */
size_t git_source_review_paths(const struct git_source *gs,
			       const struct playbook *pb, char ***paths_out)
{
	char **paths = NULL, *dir = xstrdup(gs->playbook);
	char *slash = strrchr(dir, '/');
	size_t n = 0, p, t;

	if (slash)
		slash[1] = '\0';
	else
		dir[0] = '\0';
	add_path(&paths, &n, xstrdup(gs->playbook));
	add_path(&paths, &n, xstrdup("crest.yml"));
	if (gs->inventory_in_repo)
		add_path(&paths, &n, xstrdup(gs->inventory));
	for (p = 0; pb && p < pb->n_plays; p++)
		for (t = 0; t < pb->plays[p].n_tasks; t++) {
			const struct task *task = &pb->plays[p].tasks[t];
			const struct ynode *src = ynode_get(task->args, "src");

			if (strcmp(task->module->name, "copy") != 0 ||
			    !ynode_is_str(src) || src->str[0] == '/' ||
			    strstr(src->str, "{{"))
				continue;
			add_path(&paths, &n, xasprintf("%s%s", dir, src->str));
		}
	free(dir);
	*paths_out = paths;
	return n;
}
