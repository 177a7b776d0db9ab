/*
 * worktree-dirty.c - a work tree's differences from HEAD; see
 * worktree-dirty.h.
 */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "worktree-dirty.h"
#include "base/xmalloc.h"

/* Orders dirty paths by name. */
static int dirty_cmp(const void *a, const void *b)
{
	const struct dirty_path *x = a, *y = b;

	return strcmp(x->path, y->path);
}

/* Returns 1 when path lies under dir ("" holds everything). */
static int under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return n == 0 || (strncmp(path, dir, n) == 0 &&
			  (path[n] == '/' || dir[n - 1] == '/'));
}

/* Adds one path with the blob id of its work tree content. */
static void dirty_add(git_repository *repo, struct worktree_dirty *d,
		      const char *path, int untracked)
{
	const char *workdir = git_repository_workdir(repo);
	char *full = xasprintf("%s%s", workdir ? workdir : "", path);
	struct dirty_path *p;
	git_oid id;

	d->paths = xreallocarray(d->paths, d->n_paths + 1, sizeof(*d->paths));
	p = &d->paths[d->n_paths++];
	p->path = xstrdup(path);
	p->untracked = untracked;
	if (git_odb_hashfile(&id, full, GIT_OBJECT_BLOB) == 0)
		git_oid_tostr(p->blob, sizeof(p->blob), &id);
	else
		strcpy(p->blob, "deleted");
	free(full);
}

/* Scans the work tree. */
int worktree_dirty_scan(git_repository *repo, const char *watch_dir,
			const char *skip_dir, struct worktree_dirty *out,
			struct error *err)
{
	git_status_options opts;
	git_status_list *list = NULL;
	struct buf lines = BUF_INIT;
	size_t i, n;
	int ret = -1;

	worktree_dirty_release(out);
	git_status_options_init(&opts, GIT_STATUS_OPTIONS_VERSION);
	opts.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
	opts.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED |
		     GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
		     GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
	if (git_status_list_new(&list, repo, &opts) < 0) {
		const git_error *e = git_error_last();

		error_set(err, ERROR_INVALID, "cannot read the work tree: %s",
			  e ? e->message : "unknown error");
		goto out;
	}
	n = git_status_list_entrycount(list);
	for (i = 0; i < n; i++) {
		const git_status_entry *s = git_status_byindex(list, i);
		const git_diff_delta *delta = s->index_to_workdir
						      ? s->index_to_workdir
						      : s->head_to_index;
		const char *path;

		if (delta == NULL || s->status == GIT_STATUS_CURRENT ||
		    (s->status & GIT_STATUS_IGNORED))
			continue;
		path = delta->new_file.path ? delta->new_file.path
					    : delta->old_file.path;
		if (s->status == GIT_STATUS_WT_NEW) {
			if (under(path, watch_dir) &&
			    !(skip_dir && under(path, skip_dir)))
				dirty_add(repo, out, path, 1);
			continue;
		}
		dirty_add(repo, out, path, 0);
	}
	if (out->n_paths > 1)
		qsort(out->paths, out->n_paths, sizeof(*out->paths), dirty_cmp);
	for (i = 0; i < out->n_paths; i++)
		buf_addf(&lines, "%s %s\n", out->paths[i].path,
			 out->paths[i].blob);
	digest_bytes(lines.data, lines.len, out->digest);
	ret = 0;
out:
	git_status_list_free(list);
	buf_release(&lines);
	return ret;
}

/* Frees the dirty paths. */
void worktree_dirty_release(struct worktree_dirty *d)
{
	size_t i;

	for (i = 0; i < d->n_paths; i++)
		free(d->paths[i].path);
	free(d->paths);
	memset(d, 0, sizeof(*d));
}
