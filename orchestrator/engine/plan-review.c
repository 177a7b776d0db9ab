/*
 * plan-review.c - what "crest plan" reviews: the commit of the last
 * successful run of the same playbook (from the journals) and the paths of
 * the repository a run's review covers; see plan-review.h.
 */
#include <stdlib.h>
#include <string.h>

#include "base/xmalloc.h"
#include "base/json-get.h"
#include "modules/module.h"
#include "plan-review.h"
#include "run-state.h"
#include "state.h"

/* Returns 1 when a recorded run ran gs's playbook and ended ok. */
static int same_ok_run(const struct git_source *gs, const struct run_state *rs)
{
	json_t *git = json_object_get(rs->header, "git");
	const char *repo = json_get_str(git, "repository", NULL);
	const char *pb = json_get_str(git, "playbook", NULL);
	const char *source = json_get_str(git, "source", NULL);

	return rs->status && strcmp(rs->status, "ok") == 0 && repo && pb &&
	       source && strcmp(source, "commit") == 0 &&
	       strcmp(repo, gs->repository) == 0 &&
	       strcmp(pb, gs->playbook) == 0;
}

/* Finds the commit of the last successful run of the same playbook. */
int plan_review_last_ok_commit(const struct git_source *gs,
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
size_t plan_review_paths(const struct git_source *gs, const struct playbook *pb,
			 char ***paths_out)
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
