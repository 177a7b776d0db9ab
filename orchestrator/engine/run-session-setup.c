/*
 * run-session-setup.c - the steps around a run that the run session and
 * its rollback share: the state directory, a recorded run, a paused run of
 * the same playbook, crest.yml's windows, the lock and the journal's
 * header.  See run-session.h for the order they come in.
 */
#include <limits.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/version.h"
#include "base/xmalloc.h"
#include "git/digest.h"
#include "notify/notify.h"
#include "run-session-int.h"
#include "run-window.h"
#include "schedule/timestamp.h"
#include "state.h"

/* Starts the session: the state directory first, as everything is in it. */
int session_init(struct session *s, const struct run_session_request *req,
		 const struct run_session_output *out, struct error *err)
{
	struct window_set ws = WINDOW_SET_INIT;

	memset(s, 0, sizeof(*s));
	s->req = req;
	s->out = out;
	s->ws = ws;
	s->shard = req->shard;
	return state_dir_open(req->state_dir, &s->state_dir, err);
}

/* Loads a recorded run's journal. */
int session_load_recorded(struct session *s, const char *id, struct error *err)
{
	free(s->run_id);
	free(s->path);
	run_state_free(s->rs);
	s->rs = NULL;
	s->run_id = xstrdup(id);
	s->path = state_run_path(s->state_dir, id);
	if (access(s->path, F_OK) < 0)
		return error_set(err, ERROR_INVALID,
				 "no run %s in %s (see 'crest runs')", id,
				 s->state_dir);
	if (run_state_load(s->path, &s->rs, err) < 0)
		return -1;
	/* A shard's resume and rollback stay in its shard. */
	session_shard_recorded(s->rs, &s->shard);
	if (run_state_header(s->rs, "playbook") == NULL ||
	    (s->req->inventory == NULL &&
	     run_state_header(s->rs, "inventory") == NULL))
		return error_set(
			err, ERROR_INVALID,
			"run %s does not name its playbook and inventory", id);
	return 0;
}

/* Finds a paused run of the playbook, newest first. */
int session_paused_run(const struct session *s, char **resume_id,
		       struct error *err)
{
	const char *playbook = s->req->playbook;
	const struct git_source *gs = s->gs;
	char **ids = NULL;
	size_t i, n = 0;
	int ret = 0;

	if (state_list_runs(s->state_dir, &ids, &n, err) < 0)
		return -1;
	/* Newest first: ids sort by start time. */
	for (i = n; i-- > 0 && *resume_id == NULL && ret == 0;) {
		char *path = state_run_path(s->state_dir, ids[i]);
		struct run_state *rs = NULL;
		struct error ignored = ERROR_INIT;
		const char *pb, *commit;

		if (run_state_load(path, &rs, &ignored) == 0 && rs->status &&
		    strcmp(rs->status, "paused") == 0 &&
		    session_same_shard(rs, &s->shard) &&
		    (pb = run_state_header(rs, "playbook")) != NULL &&
		    strcmp(pb, playbook) == 0) {
			commit = run_state_header(rs, "commit");
			if (commit && gs->kind != GIT_SOURCE_DISK &&
			    strcmp(commit, gs->commit) == 0)
				*resume_id = xstrdup(ids[i]);
			else if (commit || gs->kind != GIT_SOURCE_DISK)
				ret = error_set(
					err, ERROR_INVALID,
					"run %s of %s is paused at commit "
					"%.12s; finish it ('crest resume %s') "
					"or roll it back ('crest rollback %s') "
					"before running another commit",
					ids[i], playbook,
					commit ? commit : "(files on disk)",
					ids[i], ids[i]);
			else
				*resume_id = xstrdup(ids[i]);
		}
		error_release(&ignored);
		run_state_free(rs);
		free(path);
	}
	for (i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	return ret;
}

/* Reads the windows and checks the first play's. */
int session_windows(struct session *s, size_t first_play, struct error *err)
{
	const struct playbook *pb = s->pb;
	const struct window *w;
	struct buf next = BUF_INIT;
	time_t now, end, open = 0;
	size_t p;

	/* Maintenance windows: crest.yml of the same commit (window.h). */
	if (window_set_parse(crest_yml_get(&s->gs->crest_yml, "windows"),
			     &s->ws, err) < 0)
		return -1;
	for (p = first_play; p < pb->n_plays; p++)
		if (pb->plays[p].window &&
		    window_set_find(&s->ws, pb->plays[p].window) == NULL)
			return window_set_unknown(&s->ws, pb->plays[p].window,
						  err);
	if (first_play >= pb->n_plays || pb->plays[first_play].window == NULL ||
	    s->req->ignore_window)
		return 0;
	w = window_set_find(&s->ws, pb->plays[first_play].window);
	if (window_now(&now, err) < 0)
		return -1;
	if (run_window_open(w, now, &end, &open))
		return 0;
	if (open > 0)
		timestamp_format((int64_t)open, calendar_zone(w->cal), &next);
	else
		buf_adds(&next, "never again");
	if (s->out->window_closed)
		s->out->window_closed(s->out->data, w->name, next.data);
	buf_release(&next);
	return 1;
}

/* Takes the lock; a lock whose controller is gone is taken over. */
int session_lock(struct session *s, struct error *err)
{
	char *stale = NULL;
	int ret;

	transport_global_init();
	s->lock_key = git_source_lock_key(s->gs);
	/* Shards of one inventory hold separate hosts: the inventory's
	 * lock shared, and each its own shard's (lock.h). */
	if (s->shard.count) {
		char *key = xasprintf("%s shard %u/%u", s->lock_key,
				      s->shard.index, s->shard.count);

		if (lock_take_shared(s->state_dir, s->lock_key,
				     &s->inventory_lock, &stale, err) < 0) {
			free(key);
			return -1;
		}
		if (stale && s->out->lock_taken_over)
			s->out->lock_taken_over(s->out->data, stale);
		free(stale);
		stale = NULL;
		free(s->lock_key);
		s->lock_key = key;
	}
	ret = lock_take(s->state_dir, s->lock_key, s->run_id, &s->lock, &stale,
			err);
	if (ret == 0 && stale && strcmp(stale, s->run_id) != 0 &&
	    s->out->lock_taken_over)
		s->out->lock_taken_over(s->out->data, stale);
	free(stale);
	return ret;
}

/* Sets key to the absolute path of path, when it resolves. */
static void add_realpath(json_t *ev, const char *key, const char *path)
{
	char *abs = realpath(path, NULL);

	if (abs)
		json_object_set_new(ev, key, json_string(abs));
	free(abs);
}

/* Returns the -e keys as a JSON array: the values may be secrets. */
static json_t *extra_var_keys(const struct session *s)
{
	json_t *keys = json_array();
	size_t i;

	for (i = 0; i < s->n_extra_vars; i++) {
		const char *kv = s->extra_vars[i], *eq = strchr(kv, '=');

		json_array_append_new(keys, eq ? json_stringn(kv, eq - kv)
					       : json_string(kv));
	}
	return keys;
}

/* Names the user as run_start records it. */
const char *session_user(void)
{
	struct passwd *pw = getpwuid(geteuid());

	return pw ? pw->pw_name : "?";
}

/* Writes the header event. */
int session_header(struct session *s, struct error *err)
{
	const struct git_source *gs = s->gs;
	char pb_digest[DIGEST_HEX_LEN + 1], inv_digest[DIGEST_HEX_LEN + 1];
	char host[256] = "";
	json_t *ev, *digests;
	int ret;

	if (digest_file(gs->playbook_path, pb_digest, err) < 0)
		return -1;
	if (digest_file(gs->inventory_path, inv_digest, err) < 0)
		strcpy(inv_digest, "(a directory or a program)");
	gethostname(host, sizeof(host) - 1);
	ev = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, "
		       "s:{s:I, s:s?, s:o}}",
		       "event", "run_start", "run", s->run_id, "crest",
		       CREST_VERSION, "playbook", s->req->playbook,
		       "playbook_digest", pb_digest, "inventory", gs->inventory,
		       "inventory_digest", inv_digest, "user", session_user(),
		       "controller", host, "options", "forks",
		       (json_int_t)s->req->forks, "limit", s->req->limit,
		       "extra_vars", extra_var_keys(s));
	digests = session_extra_digests(s, err);
	if (digests == NULL) {
		json_decref(ev);
		return -1;
	}
	json_object_set_new(ev, "extra_var_digests", digests);
	/* --facts, so a resume gathers (or reloads) as the run did. */
	if (s->req->gather_facts)
		json_object_set_new(json_object_get(ev, "options"), "facts",
				    json_true());
	/* Where the files came from; a commit is reopened from here. */
	if (gs->kind != GIT_SOURCE_DISK)
		json_object_set_new(ev, "commit", json_string(gs->commit));
	json_object_set_new(ev, "git", git_source_to_json(gs));
	if (s->shard.count)
		json_object_set_new(ev, "shard",
				    session_shard_json(s, pb_digest));
	/* Absolute paths, for crest rollback and resume from anywhere; not
	 * of the private copy of a commit, which is gone by then. */
	if (gs->kind != GIT_SOURCE_COMMIT)
		add_realpath(ev, "playbook_file", gs->playbook_path);
	if (gs->kind != GIT_SOURCE_COMMIT || !gs->inventory_in_repo)
		add_realpath(ev, "inventory_file", gs->inventory_path);
	ret = journal_append(s->j, ev, err);
	json_decref(ev);
	return ret;
}

/* Frees the session. */
void session_release(struct session *s)
{
	notifier_finish(s->notifier, NULL, NULL);
	journal_close(s->j);
	lock_release(s->lock);
	lock_release(s->inventory_lock);
	free(s->lock_key);
	window_set_release(&s->ws);
	playbook_free(s->pb);
	inventory_free(s->inv);
	git_source_free(s->gs);
	run_state_free(s->rs);
	free(s->state_dir);
	free(s->run_id);
	free(s->path);
	while (s->n_extra_vars > 0) {
		char *kv = s->extra_vars[--s->n_extra_vars];

		memset(kv, 0, strlen(kv));
		free(kv);
	}
	free(s->extra_vars);
	memset(s, 0, sizeof(*s));
}
