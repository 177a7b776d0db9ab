/*
 * git-source-record.c - a run's source in its journal: what the header
 * records under "git", and reopening that source for resume and rollback;
 * see git-source.h.
 */
#include <stdlib.h>
#include <string.h>

#include "git-source.h"
#include "base/xmalloc.h"
#include "base/json-get.h"

/* Describes the source for the journal header. */
json_t *git_source_to_json(const struct git_source *gs)
{
	static const char *const kinds[] = {"disk", "commit", "worktree"};
	json_t *o = json_object(), *dirty;
	size_t i;

	json_object_set_new(o, "source", json_string(kinds[gs->kind]));
	if (gs->kind == GIT_SOURCE_DISK)
		return o;
	json_object_set_new(o, "repository", json_string(gs->repository));
	json_object_set_new(o, "remote", json_boolean(gs->remote));
	json_object_set_new(o, "ref", json_string(gs->ref));
	json_object_set_new(o, "commit", json_string(gs->commit));
	json_object_set_new(o, "author", json_string(gs->author));
	json_object_set_new(o, "date", json_string(gs->date));
	json_object_set_new(o, "subject", json_string(gs->subject));
	json_object_set_new(o, "signed", json_boolean(gs->sig.is_signed));
	json_object_set_new(o, "verified", json_boolean(gs->sig.verified));
	if (gs->sig.format)
		json_object_set_new(o, "signature",
				    json_string(gs->sig.format));
	if (gs->sig.signer)
		json_object_set_new(o, "signer", json_string(gs->sig.signer));
	json_object_set_new(o, "playbook", json_string(gs->playbook));
	if (gs->inventory_in_repo)
		json_object_set_new(o, "inventory", json_string(gs->inventory));
	json_object_set_new(o, "allow_dirty",
			    json_boolean(gs->kind == GIT_SOURCE_WORKTREE));
	if (gs->kind == GIT_SOURCE_WORKTREE) {
		dirty = json_array();
		for (i = 0; i < gs->dirty.n_paths; i++)
			json_array_append_new(
				dirty,
				json_pack("{s:s, s:s}", "path",
					  gs->dirty.paths[i].path, "blob",
					  gs->dirty.paths[i].blob));
		json_object_set_new(o, "dirty", dirty);
		json_object_set_new(o, "dirty_digest",
				    json_string(gs->dirty.digest));
	}
	if (gs->remote)
		json_object_set_new(
			o, "fetched_objects",
			json_integer((json_int_t)gs->fetch.received_objects));
	return o;
}

/* Fills a request to reopen a recorded commit; 0 when there is none. */
static int request_from_header(json_t *header, struct git_source_request *req)
{
	json_t *git = json_object_get(header, "git");
	const char *source = json_get_str(git, "source", NULL);
	const char *repo = json_get_str(git, "repository", NULL);
	const char *commit = json_get_str(git, "commit", NULL);
	const char *pb = json_get_str(git, "playbook", NULL);
	const char *inv = json_get_str(git, "inventory", NULL);

	if (source == NULL || strcmp(source, "commit") != 0 || !repo ||
	    !commit || !pb)
		return 0;
	req->commit = commit;
	req->playbook = pb;
	if (json_is_true(json_object_get(git, "remote")))
		req->repo = repo;
	else
		req->workdir = repo;
	req->ref = json_get_str(git, "ref", NULL);
	if (inv && req->inventory == NULL)
		req->inventory = inv;
	return 1;
}

/* Reopens a recorded run's source. */
int git_source_reopen(json_t *header, const char *inventory,
		      const char *state_dir, struct git_source **out,
		      struct error *err)
{
	struct git_source_request req = {0};

	req.inventory = inventory;
	req.state_dir = state_dir;
	if (!request_from_header(header, &req)) {
		req.disk = 1;
		req.playbook = json_get_str(header, "playbook_file", NULL);
		if (req.inventory == NULL)
			req.inventory =
				json_get_str(header, "inventory_file", NULL);
	} else if (req.inventory == NULL) {
		/* Recorded outside the repository: the file on disk. */
		req.inventory = json_get_str(header, "inventory_file", NULL);
	}
	if (req.playbook == NULL || req.inventory == NULL)
		return error_set(err, ERROR_INVALID,
				 "the run does not name its playbook and "
				 "inventory");
	return git_source_open(&req, out, err);
}

/* Returns the lock key of the source's inventory. */
char *git_source_lock_key(const struct git_source *gs)
{
	char *abs;

	if (gs->inventory_in_repo)
		return xasprintf("%s/%s", gs->repository, gs->inventory);
	abs = realpath(gs->inventory_path, NULL);
	return abs ? abs : xstrdup(gs->inventory_path);
}
