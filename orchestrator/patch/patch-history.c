/*
 * patch-history.c - the latest successful patch of each host, read from
 * the journals (patch-history.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/journal.h"
#include "base/json-get.h"
#include "patch-history.h"
#include "engine/state.h"

/* What one journal's reading keeps. */
struct patch_scan {
	json_t *tasks; /* "HOST\nTASK" -> time, for patch tasks done */
	json_t *patch; /* "HOST\nTASK" -> true, for patch task intents */
};

/* Writes the key of the event's host and task into key. */
static void task_key(const json_t *ev, char *key, size_t n)
{
	snprintf(key, n, "%s\n%lld", json_get_str(ev, "host", ""),
		 (long long)json_integer_value(json_object_get(ev, "task")));
}

/* Follows a patch task through intent, result and revert. */
static int scan_event(json_t *ev, void *data)
{
	struct patch_scan *s = data;
	const char *kind = json_get_str(ev, "event", ""),
		   *status = json_get_str(ev, "status", "");
	char key[512];

	task_key(ev, key, sizeof(key));
	if (strcmp(kind, "task_intent") == 0 &&
	    strcmp(json_get_str(ev, "module", ""), "patch") == 0)
		json_object_set_new(s->patch, key, json_true());
	else if (strcmp(kind, "task_result") == 0 &&
		 json_object_get(s->patch, key) &&
		 (strcmp(status, "ok") == 0 || strcmp(status, "changed") == 0))
		json_object_set_new(s->tasks, key,
				    json_string(json_get_str(ev, "time", "")));
	else if (strcmp(kind, "rollback_step") == 0 &&
		 strcmp(status, "ok") == 0)
		json_object_del(s->tasks, key);
	return 0;
}

/* Reads the journals oldest first; a later patch overwrites. */
int patch_history_last(const char *state_dir, json_t **last, struct error *err)
{
	json_t *out = json_object(), *t;
	char **ids = NULL;
	size_t n = 0, i;
	const char *key;
	int rc = -1;

	if (state_list_runs(state_dir, &ids, &n, err) < 0)
		goto out;
	for (i = 0; i < n; i++) {
		struct patch_scan s = {json_object(), json_object()};
		char *path = state_run_path(state_dir, ids[i]);
		int r = journal_read(path, scan_event, &s, NULL, err);

		free(path);
		json_object_foreach(s.tasks, key, t)
		{
			char host[256];
			const char *old;

			snprintf(host, sizeof(host), "%.*s",
				 (int)strcspn(key, "\n"), key);
			old = json_get_str(out, host, NULL);
			if (old == NULL ||
			    strcmp(old, json_string_value(t)) < 0)
				json_object_set(out, host, t);
		}
		json_decref(s.tasks);
		json_decref(s.patch);
		if (r < 0)
			goto out;
	}
	*last = out;
	out = NULL;
	rc = 0;
out:
	for (i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	json_decref(out);
	return rc;
}
