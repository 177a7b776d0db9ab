/*
 * run-view.c - a run's timeline read from its journal (run-view.h).
 *
 * Theory of operation: one pass over the events in order.  play_start
 * makes a record for every planned host and wave (wave_hosts), so waves
 * that never started still show; later events fill them in.  A task's bar
 * starts at its task_intent (or its result's time less duration_ms, when
 * that is earlier or there was no intent) and ends at task_result; a
 * revert's bar ends at its rollback_step and lasts its duration_ms.  When
 * the pass is over, each host's outcome is settled: a host that ended ok
 * or changed and had a change reverted afterwards shows "reverted".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "run-view.h"
#include "base/xmalloc.h"
#include "base/json-get.h"
#include "engine/journal.h"

/* What the pass keeps between events. */
struct view_scan {
	struct run_view *v;
	unsigned play; /* the current play, 1-based */
	size_t hosts_alloc, waves_alloc, periods_alloc;
};

/* Reads an RFC 3339 UTC time with optional milliseconds. */
int64_t run_view_time(const char *text)
{
	struct tm tm = {0};
	int ms = 0, n = 0, len = 0;
	time_t t;

	if (text == NULL ||
	    sscanf(text, "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon,
		   &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &len) != 6)
		return -1;
	text += len;
	if (*text == '.') {
		text++;
		while (*text >= '0' && *text <= '9') {
			if (n < 3) {
				ms = ms * 10 + (*text - '0');
				n++;
			}
			text++;
		}
		while (n++ < 3)
			ms *= 10;
	}
	if (strcmp(text, "Z") != 0)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	t = timegm(&tm);
	return (int64_t)t * 1000 + ms;
}

/* Returns the wave record of (play, wave), made when missing. */
static struct view_wave *wave_get(struct view_scan *s, unsigned play,
				  unsigned wave)
{
	struct run_view *v = s->v;
	struct view_wave *w;
	size_t i;

	for (i = 0; i < v->n_waves; i++)
		if (v->waves[i].play == play && v->waves[i].wave == wave)
			return &v->waves[i];
	if (v->n_waves == s->waves_alloc) {
		s->waves_alloc = s->waves_alloc ? 2 * s->waves_alloc : 8;
		v->waves = xreallocarray(v->waves, s->waves_alloc,
					 sizeof(*v->waves));
	}
	w = &v->waves[v->n_waves++];
	memset(w, 0, sizeof(*w));
	w->play = play;
	w->wave = wave;
	w->budget = w->ok = w->failed = -1;
	w->start_ms = w->end_ms = -1;
	return w;
}

/* Returns the host record of name in the current play, made when
 * missing. */
static struct view_host *host_get(struct view_scan *s, const char *name)
{
	struct run_view *v = s->v;
	struct view_host *h;
	size_t i;

	for (i = v->n_hosts; i-- > 0;)
		if (v->hosts[i].play == s->play &&
		    strcmp(v->hosts[i].name, name) == 0)
			return &v->hosts[i];
	if (v->n_hosts == s->hosts_alloc) {
		s->hosts_alloc = s->hosts_alloc ? 2 * s->hosts_alloc : 16;
		v->hosts = xreallocarray(v->hosts, s->hosts_alloc,
					 sizeof(*v->hosts));
	}
	h = &v->hosts[v->n_hosts++];
	memset(h, 0, sizeof(*h));
	h->name = xstrdup(name);
	h->play = s->play;
	h->outcome = "not_started";
	h->start_ms = h->end_ms = -1;
	return h;
}

/* Adds a period of kind to the view; returns it. */
static struct view_period *period_add(struct view_scan *s, const char *kind,
				      unsigned wave, int64_t start)
{
	struct run_view *v = s->v;
	struct view_period *p;

	if (v->n_periods == s->periods_alloc) {
		s->periods_alloc = s->periods_alloc ? 2 * s->periods_alloc : 8;
		v->periods = xreallocarray(v->periods, s->periods_alloc,
					   sizeof(*v->periods));
	}
	p = &v->periods[v->n_periods++];
	p->kind = kind;
	p->play = s->play;
	p->wave = wave;
	p->start_ms = start;
	p->end_ms = -1;
	return p;
}

/* Ends the open periods of kind and wave (wave 0 with any: all) at t,
 * or shortens those that were to last past it. */
static void periods_end(struct view_scan *s, const char *kind, unsigned wave,
			int64_t t)
{
	size_t i;

	for (i = 0; i < s->v->n_periods; i++) {
		struct view_period *p = &s->v->periods[i];

		if (strcmp(p->kind, kind) != 0 || p->play != s->play ||
		    (wave && p->wave != wave))
			continue;
		if (p->end_ms < 0 || p->end_ms > t)
			p->end_ms = t;
	}
}

/* Returns the host's open bar of task (revert or not), or a new one. */
static struct view_bar *bar_get(struct view_host *h, unsigned task, int revert,
				int64_t t)
{
	struct view_bar *b;
	size_t i;

	for (i = h->n_bars; i-- > 0;)
		if (h->bars[i].task == task && h->bars[i].revert == revert &&
		    h->bars[i].end_ms < 0)
			return &h->bars[i];
	h->bars = xreallocarray(h->bars, h->n_bars + 1, sizeof(*h->bars));
	b = &h->bars[h->n_bars++];
	memset(b, 0, sizeof(*b));
	b->task = task;
	b->revert = revert;
	b->start_ms = t;
	b->end_ms = -1;
	b->outcome = "unfinished";
	return b;
}

/* Marks the host's last bar of task that changed it as reverted. */
static void bar_reverted(struct view_host *h, unsigned task)
{
	size_t i;

	for (i = h->n_bars; i-- > 0;) {
		struct view_bar *b = &h->bars[i];

		if (b->task == task && !b->revert) {
			if (strcmp(b->outcome, "changed") == 0 ||
			    strcmp(b->outcome, "unfinished") == 0)
				b->outcome = "reverted";
			return;
		}
	}
}

/* The play's plan: a record for every host and wave. */
static void scan_play(struct view_scan *s, const json_t *ev)
{
	json_t *wave, *name;
	size_t w, i;

	s->play = (unsigned)json_get_int(ev, "play", s->play + 1);
	if (s->play > s->v->n_plays)
		s->v->n_plays = s->play;
	json_array_foreach(json_object_get(ev, "wave_hosts"), w, wave)
	{
		struct view_wave *vw = wave_get(s, s->play, (unsigned)w + 1);

		vw->hosts = json_array_size(wave);
		json_array_foreach(wave, i, name)
		{
			if (json_is_string(name))
				host_get(s, json_string_value(name))->wave =
					(unsigned)w + 1;
		}
	}
}

/* A task's result closes its bar. */
static void scan_result(struct view_host *h, const json_t *ev, int64_t t)
{
	const char *status = json_get_str(ev, "status", NULL),
		   *kind = json_get_str(ev, "error_kind", NULL);
	long long dur = json_get_int(ev, "duration_ms", -1);
	struct view_bar *b =
		bar_get(h, (unsigned)json_get_int(ev, "task", 0), 0, t);

	b->end_ms = t;
	if (dur >= 0 && t - dur < b->start_ms)
		b->start_ms = t - dur;
	if (status && strcmp(status, "failed") == 0)
		b->outcome = kind && strcmp(kind, "unreachable") == 0
				     ? "unreachable"
				     : "failed";
	else if (status && strcmp(status, "changed") == 0)
		b->outcome = "changed";
	else
		b->outcome = "ok";
}

/* A revert of one task: its own bar, and the task's bar reverted. */
static void scan_revert(struct view_host *h, const json_t *ev, int64_t t)
{
	const char *status = json_get_str(ev, "status", NULL);
	long long dur = json_get_int(ev, "duration_ms", 0);
	unsigned task = (unsigned)json_get_int(ev, "task", 0);
	struct view_bar *b = bar_get(h, task, 1, t - dur);
	int ok = status && strcmp(status, "ok") == 0;

	b->end_ms = t;
	b->outcome = ok ? "reverted" : "failed";
	if (ok)
		bar_reverted(h, task);
	else
		h->outcome = "rollback_failed";
	if (b->name == NULL) {
		size_t i;

		for (i = 0; i + 1 < h->n_bars; i++)
			if (h->bars[i].task == task && h->bars[i].name) {
				b->name = xstrdup(h->bars[i].name);
				break;
			}
	}
}

/* Follows one host event. */
static void scan_host(struct view_scan *s, const json_t *ev, const char *kind,
		      int64_t t)
{
	struct view_host *h = host_get(s, json_get_str(ev, "host", NULL));

	if (strcmp(kind, "host_start") == 0) {
		h->wave = (unsigned)json_get_int(ev, "wave", h->wave);
		if (h->start_ms < 0)
			h->start_ms = t;
		h->outcome = "unfinished";
	} else if (strcmp(kind, "task_intent") == 0) {
		struct view_bar *b =
			bar_get(h, (unsigned)json_get_int(ev, "task", 0), 0, t);
		const char *name = json_get_str(ev, "name", NULL);

		free(b->name);
		b->name = xstrdup(name && *name
					  ? name
					  : json_get_str(ev, "module", NULL));
	} else if (strcmp(kind, "task_result") == 0) {
		scan_result(h, ev, t);
	} else if (strcmp(kind, "rollback_step") == 0 &&
		   json_is_integer(json_object_get(ev, "task"))) {
		scan_revert(h, ev, t);
	} else if (strcmp(kind, "rollback_step") == 0) {
		h->outcome = "rollback_failed";
	} else if (strcmp(kind, "host_end") == 0) {
		const char *status = json_get_str(ev, "status", NULL);

		h->end_ms = t;
		free(h->error);
		h->error = json_get_str(ev, "error", NULL)
				   ? xstrdup(json_get_str(ev, "error", NULL))
				   : NULL;
		if (status == NULL)
			return;
		if (strcmp(status, "ok") == 0)
			h->outcome = "ok";
		else if (strcmp(status, "changed") == 0)
			h->outcome = "changed";
		else if (strcmp(status, "unreachable") == 0)
			h->outcome = "unreachable";
		else if (strcmp(status, "rollback_failed") == 0)
			h->outcome = "rollback_failed";
		else
			h->outcome = "failed";
	}
}

/* Follows one wave or run event. */
static void scan_wave(struct view_scan *s, const json_t *ev, const char *kind,
		      int64_t t)
{
	unsigned wave = (unsigned)json_get_int(ev, "wave", 0);
	struct view_wave *w;

	if (strcmp(kind, "wave_start") == 0) {
		w = wave_get(s, s->play, wave);
		w->hosts =
			(size_t)json_get_int(ev, "hosts", (long long)w->hosts);
		w->budget = (long)json_get_int(ev, "max_failures", 0);
		w->start_ms = t;
	} else if (strcmp(kind, "wave_end") == 0) {
		w = wave_get(s, s->play, wave);
		w->ok = (long)json_get_int(ev, "ok", 0);
		w->failed = (long)json_get_int(ev, "failed", 0);
		w->exceeded = json_is_true(json_object_get(ev, "exceeded"));
		w->end_ms = t;
		periods_end(s, "soak", wave, t);
	} else if (strcmp(kind, "soak_start") == 0) {
		period_add(s, "soak", wave, t)->end_ms =
			t + 1000 * json_get_int(ev, "seconds", 0);
	} else if (strcmp(kind, "rollback_start") == 0) {
		period_add(s, "rollback", wave, t);
	} else if (strcmp(kind, "rollback_end") == 0) {
		const char *status = json_get_str(ev, "status", NULL);

		w = wave_get(s, s->play, wave);
		w->rollback =
			status && strcmp(status, "ok") == 0 ? "ok" : "failed";
		periods_end(s, "rollback", wave, t);
	} else if (strcmp(kind, "rollback_run_start") == 0) {
		period_add(s, "rollback", 0, t);
	}
}

/* Follows one event of the journal. */
static int scan_event(json_t *ev, void *data)
{
	struct view_scan *s = data;
	struct run_view *v = s->v;
	const char *kind = json_get_str(ev, "event", NULL);
	int64_t t = run_view_time(json_get_str(ev, "time", NULL));

	if (kind == NULL)
		return 0;
	if (t >= 0 && (v->start_ms < 0 || t < v->start_ms))
		v->start_ms = t;
	if (t < 0)
		t = v->end_ms >= 0 ? v->end_ms : 0;
	if (t > v->end_ms)
		v->end_ms = t;
	if (strcmp(kind, "run_start") == 0) {
		json_decref(v->header);
		v->header = json_incref(ev);
	} else if (strcmp(kind, "play_start") == 0) {
		scan_play(s, ev);
	} else if (strcmp(kind, "run_end") == 0) {
		free(v->status);
		v->status = json_get_str(ev, "status", NULL)
				    ? xstrdup(json_get_str(ev, "status", NULL))
				    : NULL;
		periods_end(s, "rollback", 0, t);
	} else if (json_get_str(ev, "host", NULL)) {
		if (s->play == 0)
			s->play = v->n_plays = 1;
		scan_host(s, ev, kind, t);
	} else {
		scan_wave(s, ev, kind, t);
	}
	return 0;
}

/* Settles what the pass left open: periods, outcomes. */
static void view_settle(struct run_view *v)
{
	size_t i, k;

	for (i = 0; i < v->n_periods; i++)
		if (v->periods[i].end_ms < 0 ||
		    v->periods[i].end_ms > v->end_ms)
			v->periods[i].end_ms = v->end_ms;
	for (i = 0; i < v->n_hosts; i++) {
		struct view_host *h = &v->hosts[i];

		if (strcmp(h->outcome, "ok") != 0 &&
		    strcmp(h->outcome, "changed") != 0)
			continue;
		for (k = 0; k < h->n_bars; k++)
			if (h->bars[k].revert &&
			    strcmp(h->bars[k].outcome, "reverted") == 0)
				h->outcome = "reverted";
	}
}

/* Orders waves by play and number, hosts by play and wave (stable). */
static int wave_cmp(const void *a, const void *b)
{
	const struct view_wave *x = a, *y = b;

	if (x->play != y->play)
		return x->play < y->play ? -1 : 1;
	return x->wave < y->wave ? -1 : x->wave > y->wave;
}

/* Reads a journal into a view. */
int run_view_load(const char *path, struct run_view **out, struct error *err)
{
	struct run_view *v = xcalloc(1, sizeof(*v));
	struct view_scan s = {0};
	struct view_host *sorted;
	size_t i, k = 0;
	unsigned p, w, max_wave = 0;

	v->start_ms = v->end_ms = -1;
	s.v = v;
	if (journal_read(path, scan_event, &s, NULL, err) < 0)
		goto fail;
	if (v->header == NULL) {
		error_set(err, ERROR_INVALID,
			  "%s: not a crest run journal (no run_start)", path);
		goto fail;
	}
	v->run_id = xstrdup(json_get_str(v->header, "run", NULL)
				    ? json_get_str(v->header, "run", NULL)
				    : "?");
	view_settle(v);
	qsort(v->waves, v->n_waves, sizeof(*v->waves), wave_cmp);
	/* A stable order by play, then wave, keeping run order within. */
	for (i = 0; i < v->n_hosts; i++)
		if (v->hosts[i].wave > max_wave)
			max_wave = v->hosts[i].wave;
	sorted = xcalloc(v->n_hosts ? v->n_hosts : 1, sizeof(*sorted));
	for (p = 1; p <= v->n_plays; p++)
		for (w = 1; w <= max_wave; w++)
			for (i = 0; i < v->n_hosts; i++)
				if (v->hosts[i].play == p &&
				    v->hosts[i].wave == w)
					sorted[k++] = v->hosts[i];
	for (i = 0; i < v->n_hosts; i++)
		if (v->hosts[i].wave == 0)
			sorted[k++] = v->hosts[i];
	free(v->hosts);
	v->hosts = sorted;
	*out = v;
	return 0;
fail:
	run_view_free(v);
	return -1;
}

/* Returns a header string, following one dot into an object. */
const char *run_view_header(const struct run_view *v, const char *key)
{
	const char *dot = strchr(key, '.');
	char head[64];

	if (dot == NULL)
		return json_get_str(v->header, key, NULL);
	snprintf(head, sizeof(head), "%.*s", (int)(dot - key), key);
	return json_get_str(json_object_get(v->header, head), dot + 1, NULL);
}

/* Frees a view. */
void run_view_free(struct run_view *v)
{
	size_t i, k;

	if (v == NULL)
		return;
	for (i = 0; i < v->n_hosts; i++) {
		for (k = 0; k < v->hosts[i].n_bars; k++)
			free(v->hosts[i].bars[k].name);
		free(v->hosts[i].bars);
		free(v->hosts[i].name);
		free(v->hosts[i].error);
	}
	free(v->hosts);
	free(v->waves);
	free(v->periods);
	json_decref(v->header);
	free(v->status);
	free(v->run_id);
	free(v);
}
