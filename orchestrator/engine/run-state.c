/*
 * run-state.c - replaying a journal into per-host state; see run-state.h.
 */
#include <stdlib.h>
#include <string.h>

#include "journal.h"
#include "run-state.h"
#include "base/xmalloc.h"
#include "base/json-get.h"

/* Finds or adds the record of a host. */
static struct host_record *host_record_get(struct run_state *rs,
					   const char *name)
{
	struct host_record *h = run_state_host(rs, name);

	if (h)
		return h;
	rs->hosts =
		xreallocarray(rs->hosts, rs->n_hosts + 1, sizeof(*rs->hosts));
	h = &rs->hosts[rs->n_hosts++];
	memset(h, 0, sizeof(*h));
	h->name = xstrdup(name);
	h->play = rs->play;
	return h;
}

/* Returns the newest change of task, or NULL. */
static struct recorded_change *change_of(struct host_record *h, unsigned task)
{
	size_t i;

	for (i = h->n_changes; i-- > 0;)
		if (h->changes[i].task == task)
			return &h->changes[i];
	return NULL;
}

/* Marks task done on a host. */
static void mark_done(struct host_record *h, unsigned task)
{
	if (task >= h->n_task_done) {
		h->task_done = xreallocarray(h->task_done, task + 1,
					     sizeof(*h->task_done));
		memset(h->task_done + h->n_task_done, 0,
		       (task + 1 - h->n_task_done) * sizeof(*h->task_done));
		h->n_task_done = task + 1;
	}
	h->task_done[task] = 1;
}

/* Returns what a task_intent recorded for a revert in another process
 * (new reference), or NULL when it is from before crest recorded it (no
 * "masked"). */
static json_t *intent_revert(json_t *ev)
{
	json_t *masked = json_object_get(ev, "masked"), *rev;

	if (!json_is_array(masked))
		return NULL;
	rev = json_pack("{s:O, s:O}", "args", json_object_get(ev, "args"),
			"masked", masked);
	if (rev == NULL)
		rev = json_pack("{s:n, s:O}", "args", "masked", masked);
	if (json_is_string(json_object_get(ev, "rollback")))
		json_object_set(rev, "rollback",
				json_object_get(ev, "rollback"));
	if (json_is_true(json_object_get(ev, "rollback_masked")))
		json_object_set_new(rev, "rollback_masked", json_true());
	return rev;
}

/* Applies one host event to the host's record. */
static void host_event(struct run_state *rs, json_t *ev, const char *kind)
{
	struct host_record *h =
		host_record_get(rs, json_get_str(ev, "host", NULL));
	long task = json_get_int(ev, "task", -1);
	struct recorded_change *c;

	if (strcmp(kind, "host_start") == 0) {
		h->wave = (unsigned)json_get_int(ev, "wave", -1);
		h->play = rs->play;
	} else if (strcmp(kind, "task_intent") == 0 && task >= 0) {
		/* The same task again after a resume, its first intent without
		 * a result: one change, with the first prior state (the
		 * resumed intent records that one too), reverted once. */
		c = change_of(h, (unsigned)task);
		if (c && !c->finished && !c->reverted && c->play == rs->play) {
			json_decref(c->revert);
			c->revert = intent_revert(ev);
			return;
		}
		/* A change may be under way from here on: keep the prior
		 * state, which is what a revert must restore. */
		h->changes = xreallocarray(h->changes, h->n_changes + 1,
					   sizeof(*h->changes));
		c = &h->changes[h->n_changes++];
		c->play = rs->play;
		c->task = (unsigned)task;
		c->prior = json_incref(json_object_get(ev, "prior"));
		c->revert = intent_revert(ev);
		c->finished = 0;
		c->reverted = 0;
	} else if (strcmp(kind, "task_result") == 0 && task >= 0) {
		const char *status = json_get_str(ev, "status", NULL);

		c = change_of(h, (unsigned)task);
		if (status && strcmp(status, "failed") != 0)
			mark_done(h, (unsigned)task);
		if (c == NULL)
			return;
		c->finished = 1;
		/* Nothing changed: nothing to revert. */
		if (status && strcmp(status, "ok") == 0) {
			json_decref(c->prior);
			json_decref(c->revert);
			memmove(c, c + 1,
				(size_t)(h->changes + h->n_changes - c - 1) *
					sizeof(*c));
			h->n_changes--;
		}
	} else if (strcmp(kind, "rollback_step") == 0 && task >= 0) {
		c = change_of(h, (unsigned)task);
		if (c && strcmp(json_get_str(ev, "status", ""), "ok") == 0)
			c->reverted = 1;
		else
			h->rollback_failed = 1;
	} else if (strcmp(kind, "host_end") == 0) {
		free(h->status);
		free(h->error);
		h->status = xstrdup(json_get_str(ev, "status", NULL));
		h->error = xstrdup(json_get_str(ev, "error", NULL));
	}
}

/* Applies one event of the journal to the state. */
static int apply_event(json_t *ev, void *data)
{
	struct run_state *rs = data;
	const char *kind = json_get_str(ev, "event", NULL);

	if (kind == NULL)
		return 0;
	if (strcmp(kind, "run_start") == 0) {
		json_decref(rs->header);
		rs->header = json_incref(ev);
	} else if (strcmp(kind, "play_start") == 0) {
		rs->play = (unsigned)(json_get_int(ev, "play", -1) - 1);
		rs->waves_started = rs->waves_ended = 0;
	} else if (strcmp(kind, "wave_start") == 0) {
		rs->waves_started = (unsigned)json_get_int(ev, "wave", -1);
	} else if (strcmp(kind, "wave_end") == 0) {
		rs->waves_ended = (unsigned)json_get_int(ev, "wave", -1);
	} else if (strcmp(kind, "facts") == 0 &&
		   json_is_object(json_object_get(ev, "snapshots"))) {
		char play[24];

		if (rs->facts == NULL)
			rs->facts = json_object();
		snprintf(play, sizeof(play), "%lld",
			 (long long)json_get_int(ev, "play", -1));
		json_object_set(rs->facts, play,
				json_object_get(ev, "snapshots"));
	} else if ((strcmp(kind, "run_paused") == 0 &&
		    strcmp(json_get_str(ev, "reason", ""), "approval") == 0) ||
		   strcmp(kind, "approval") == 0 ||
		   strcmp(kind, "abort") == 0) {
		json_array_append(rs->gates, ev);
		rs->waits_play = (unsigned)(json_get_int(ev, "play", -1) - 1);
		rs->waits_wave =
			strcmp(kind, "run_paused") == 0
				? (unsigned)json_get_int(ev, "wave", -1)
				: 0;
	} else if (strcmp(kind, "run_end") == 0) {
		free(rs->status);
		rs->status = xstrdup(json_get_str(ev, "status", NULL));
	} else if (json_get_str(ev, "host", NULL)) {
		host_event(rs, ev, kind);
	}
	return 0;
}

/* Reads a journal into a run state. */
int run_state_load(const char *path, struct run_state **out, struct error *err)
{
	struct run_state *rs = xcalloc(1, sizeof(*rs));
	bool torn = false;

	rs->gates = json_array();
	if (journal_read(path, apply_event, rs, &torn, err) < 0) {
		run_state_free(rs);
		return -1;
	}
	if (rs->header == NULL) {
		run_state_free(rs);
		return error_set(err, ERROR_INVALID,
				 "%s: not a crest run journal (no run_start)",
				 path);
	}
	rs->torn = torn;
	rs->run_id = xstrdup(run_state_header(rs, "run"));
	*out = rs;
	return 0;
}

/* Finds a host's record. */
struct host_record *run_state_host(const struct run_state *rs, const char *name)
{
	size_t i;

	if (name == NULL)
		return NULL;
	for (i = 0; i < rs->n_hosts; i++)
		if (strcmp(rs->hosts[i].name, name) == 0)
			return &rs->hosts[i];
	return NULL;
}

/* Returns a string field of the run's header. */
const char *run_state_header(const struct run_state *rs, const char *key)
{
	return json_get_str(rs->header, key, NULL);
}

/* Frees a run state. */
void run_state_free(struct run_state *rs)
{
	size_t i, k;

	if (rs == NULL)
		return;
	for (i = 0; i < rs->n_hosts; i++) {
		struct host_record *h = &rs->hosts[i];

		for (k = 0; k < h->n_changes; k++) {
			json_decref(h->changes[k].prior);
			json_decref(h->changes[k].revert);
		}
		free(h->changes);
		free(h->task_done);
		free(h->name);
		free(h->status);
		free(h->error);
	}
	free(rs->hosts);
	json_decref(rs->header);
	json_decref(rs->facts);
	json_decref(rs->gates);
	free(rs->status);
	free(rs->run_id);
	free(rs);
}
