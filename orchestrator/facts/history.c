/*
 * history.c - a host's change history, read from the journals
 * (history.h).
 *
 * Each journal is read once, oldest run first; the runs are handed back
 * newest first.  A task is keyed by its play and index, so a rollback_step
 * finds the change it reverts; crest rollback writes its steps into the
 * run's own journal after a rollback_run_start.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "history.h"
#include "base/buf.h"
#include "base/xmalloc.h"
#include "base/json-get.h"
#include "engine/journal.h"
#include "engine/state.h"

/* What reading one journal keeps about the host. */
struct history_scan {
	const char *host;
	json_t *run;	     /* the run's record; rollbacks and changes in it */
	json_t *tasks;	     /* "PLAY:TASK" -> the change object (borrowed) */
	json_t *rollback_at; /* time of the latest rollback_run_start (owned) */
	long long play;	     /* the latest play_start (1-based) */
	int touched;	     /* an event named the host */
};

/* Writes the key of the event's play and task into key. */
static void task_key(const struct history_scan *s, const json_t *ev, char *key,
		     size_t n)
{
	json_t *play = json_object_get(ev, "play");

	snprintf(key, n, "%lld:%lld",
		 json_is_integer(play) ? (long long)json_integer_value(play)
				       : s->play,
		 (long long)json_integer_value(json_object_get(ev, "task")));
}

/* Appends the before -> after of each package prior records. */
static void package_change(struct buf *b, const json_t *args,
			   const json_t *prior)
{
	const char *want = json_get_str(args, "version", NULL),
		   *state = json_get_str(args, "state", NULL);
	json_t *p;
	size_t i;

	json_array_foreach(json_object_get(prior, "packages"), i, p)
	{
		const char *name = json_get_str(p, "name", NULL),
			   *was = json_get_str(p, "version", NULL);
		const char *to = want;

		if (state && strcmp(state, "absent") == 0)
			to = "absent";
		else if (to == NULL)
			to = json_get_str(p, "candidate", NULL)
				     ? json_get_str(p, "candidate", NULL)
				     : "latest";
		buf_addf(b, "%s%s %s -> %s", i ? ", " : "", name ? name : "?",
			 was ? was : "absent", to);
	}
}

/* Describes a task's change in the user's words. */
char *history_change(const char *module, const json_t *args,
		     const json_t *prior)
{
	struct buf b = BUF_INIT;
	const char *what = NULL;

	if (module && strcmp(module, "package") == 0)
		package_change(&b, args, prior);
	else if (module && strcmp(module, "copy") == 0)
		what = json_get_str(args, "dest", NULL);
	else if (module && strcmp(module, "file") == 0)
		what = json_get_str(args, "path", NULL);
	else if (json_get_str(args, "name", NULL))
		what = json_get_str(args, "name", NULL);
	else if (json_get_str(args, "cmd", NULL))
		what = json_get_str(args, "cmd", NULL);
	if (what)
		buf_adds(&b, what);
	if (b.len == 0)
		buf_adds(&b, module ? module : "?");
	return buf_detach(&b, NULL);
}

/* Records a task's intent as a change of the run. */
static void scan_intent(struct history_scan *s, const json_t *ev,
			const char *key)
{
	json_t *args = json_object_get(ev, "args");
	char *what = history_change(json_get_str(ev, "module", NULL), args,
				    json_object_get(ev, "prior"));
	json_t *c;

	c = json_pack("{s:I, s:s?, s:s?, s:s, s:n, s:b}", "task",
		      json_integer_value(json_object_get(ev, "task")), "name",
		      json_get_str(ev, "name", NULL), "module",
		      json_get_str(ev, "module", NULL), "change", what,
		      "status", "reverted", 0);
	free(what);
	json_array_append_new(json_object_get(s->run, "changes"), c);
	json_object_set(s->tasks, key, c);
}

/* Records a revert of one of the host's tasks. */
static void scan_rollback(struct history_scan *s, const json_t *ev,
			  const char *key)
{
	const char *status = json_get_str(ev, "status", NULL);
	json_t *c = json_object_get(s->tasks, key);

	if (c && status && strcmp(status, "ok") == 0)
		json_object_set_new(c, "reverted", json_true());
	json_array_append_new(
		json_object_get(s->run, "rollbacks"),
		json_pack("{s:I, s:s?, s:s?, s:s?, s:O}", "task",
			  json_integer_value(json_object_get(ev, "task")),
			  "status", status, "error",
			  json_get_str(ev, "error", NULL), "time",
			  json_get_str(ev, "time", NULL), "rollback_run",
			  s->rollback_at ? s->rollback_at : json_false()));
}

/* Keeps what the run header says: when, which commit, who. */
static void scan_header(struct history_scan *s, const json_t *ev)
{
	static const char *const keys[] = {"time", "commit", "playbook",
					   "user"};
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (json_get_str(ev, keys[i], NULL))
			json_object_set_new(
				s->run, keys[i],
				json_string(json_get_str(ev, keys[i], NULL)));
	if (json_is_object(json_object_get(ev, "git")))
		json_object_set(s->run, "git", json_object_get(ev, "git"));
}

/* Follows the host through one journal's events. */
static int scan_event(json_t *ev, void *data)
{
	struct history_scan *s = data;
	const char *kind = json_get_str(ev, "event", NULL),
		   *host = json_get_str(ev, "host", NULL);
	char key[64];

	if (kind == NULL)
		return 0;
	if (strcmp(kind, "run_start") == 0)
		scan_header(s, ev);
	else if (strcmp(kind, "play_start") == 0)
		s->play = json_integer_value(json_object_get(ev, "play"));
	else if (strcmp(kind, "rollback_run_start") == 0) {
		json_decref(s->rollback_at);
		s->rollback_at = json_copy(json_object_get(ev, "time"));
	}
	if (host == NULL || strcmp(host, s->host) != 0)
		return 0;
	s->touched = 1;
	task_key(s, ev, key, sizeof(key));
	if (strcmp(kind, "task_intent") == 0) {
		scan_intent(s, ev, key);
	} else if (strcmp(kind, "task_result") == 0) {
		json_t *c = json_object_get(s->tasks, key);

		if (c && json_get_str(ev, "status", NULL))
			json_object_set_new(
				c, "status",
				json_string(json_get_str(ev, "status", NULL)));
	} else if (strcmp(kind, "rollback_step") == 0) {
		scan_rollback(s, ev, key);
	} else if (strcmp(kind, "host_end") == 0 &&
		   json_get_str(ev, "status", NULL)) {
		json_object_set_new(
			s->run, "status",
			json_string(json_get_str(ev, "status", NULL)));
	}
	return 0;
}

/* Reads one run's journal into *run, or leaves *run alone when the run
 * did not touch host. */
static int history_run(const char *state_dir, const char *id, const char *host,
		       json_t **run, struct error *err)
{
	struct history_scan s = {0};
	char *path = state_run_path(state_dir, id);
	int rc;

	s.host = host;
	s.tasks = json_object();
	s.run = json_pack("{s:s, s:n, s:n, s:n, s:n, s:n, s:n, s:[], s:[]}",
			  "run", id, "time", "commit", "git", "playbook",
			  "user", "status", "changes", "rollbacks");
	rc = journal_read(path, scan_event, &s, NULL, err);
	free(path);
	json_decref(s.tasks);
	json_decref(s.rollback_at);
	if (rc == 0 && s.touched) {
		*run = s.run;
		s.run = NULL;
	}
	json_decref(s.run);
	return rc < 0 ? -1 : 0;
}

/* Reads the journals oldest first and hands the runs back newest first. */
int history_host(const char *state_dir, const char *host, json_t **runs,
		 struct error *err)
{
	json_t *out = json_array(), *run;
	char **ids = NULL;
	size_t n = 0, i;
	int rc = -1;

	if (state_list_runs(state_dir, &ids, &n, err) < 0)
		goto out;
	for (i = n; i-- > 0;) {
		run = NULL;
		if (history_run(state_dir, ids[i], host, &run, err) < 0)
			goto out;
		if (run)
			json_array_append_new(out, run);
	}
	if (json_array_size(out) == 0) {
		error_set(err, ERROR_INVALID,
			  "unknown host '%s': no recorded run touched it",
			  host);
		goto out;
	}
	*runs = out;
	out = NULL;
	rc = 0;
out:
	for (i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	json_decref(out);
	return rc;
}
