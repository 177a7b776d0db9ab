/*
 * run-window.c - the maintenance window's check before each wave; see
 * run-window.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/buf.h"
#include "host-run.h"
#include "run-window.h"
#include "state.h"
#include "schedule/timestamp.h"
#include "base/xmalloc.h"
#include "base/json-get.h"

/* Largest wave number whose start run_window_expected() remembers. */
#define RUN_WINDOW_MAX_WAVES 1024

/* Checks whether the window is open at now. */
int run_window_open(const struct window *w, time_t now, time_t *end,
		    time_t *next)
{
	time_t open;

	if (window_containing(w, now, &open, end))
		return 1;
	if (window_next_open(w, now, next) != 0)
		*next = 0;
	return 0;
}

/* Reads a journal's "time" (YYYY-MM-DDTHH:MM:SS.mmmZ) in milliseconds. */
static int event_ms(json_t *ev, long long *ms)
{
	const char *t = json_get_str(ev, "time", NULL);
	struct tm tm;
	unsigned frac = 0;

	if (t == NULL)
		return -1;
	memset(&tm, 0, sizeof(tm));
	if (sscanf(t, "%d-%d-%dT%d:%d:%d.%3u", &tm.tm_year, &tm.tm_mon,
		   &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &frac) < 6)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	*ms = (long long)timegm(&tm) * 1000 + frac;
	return 0;
}

/* Scans one journal; raises *best (ms for n hosts) with its waves. */
static void expected_in(const char *path, const char *playbook, size_t n,
			double *best)
{
	long long started[RUN_WINDOW_MAX_WAVES + 1] = {0};
	json_int_t hosts[RUN_WINDOW_MAX_WAVES + 1] = {0};
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	int same = 0;

	if (f == NULL)
		return;
	while (getline(&line, &cap, f) > 0) {
		json_t *ev = json_loads(line, 0, NULL);
		const char *kind = json_get_str(ev, "event", NULL);
		json_int_t wave =
			json_integer_value(json_object_get(ev, "wave"));
		long long ms;

		if (kind && strcmp(kind, "run_start") == 0) {
			const char *pb = json_get_str(ev, "playbook", NULL);
			same = pb && strcmp(pb, playbook) == 0;
		} else if (same && kind && wave > 0 &&
			   wave <= RUN_WINDOW_MAX_WAVES &&
			   event_ms(ev, &ms) == 0) {
			if (strcmp(kind, "wave_start") == 0) {
				started[wave] = ms;
				hosts[wave] = json_integer_value(
					json_object_get(ev, "hosts"));
			} else if (strcmp(kind, "wave_end") == 0 &&
				   started[wave] > 0 && hosts[wave] > 0 &&
				   (size_t)hosts[wave] >= n) {
				double d = (double)(ms - started[wave]) *
					   (double)n / (double)hosts[wave];

				if (d > *best)
					*best = d;
				started[wave] = 0;
			}
		}
		json_decref(ev);
	}
	free(line);
	fclose(f);
}

/* Finds the longest earlier wave as large as n, scaled to n hosts. */
unsigned run_window_expected(const char *state_dir, const char *playbook,
			     size_t n)
{
	struct error err = ERROR_INIT;
	char **ids = NULL;
	double best = 0;
	size_t i, n_ids = 0;

	if (state_list_runs(state_dir, &ids, &n_ids, &err) < 0) {
		error_release(&err);
		return 0;
	}
	for (i = 0; i < n_ids; i++) {
		char *path = state_run_path(state_dir, ids[i]);

		expected_in(path, playbook, n, &best);
		free(path);
		free(ids[i]);
	}
	free(ids);
	/* Whole seconds, rounded up: a wave of 10 ms still takes time. */
	return best > 0 ? (unsigned)(best / 1000) + 1 : 0;
}

/* Appends t in the window's zone. */
static void add_time(struct buf *b, const struct window *w, time_t t)
{
	timestamp_format((int64_t)t, calendar_zone(w->cal), b);
}

/* Journals run_paused and keeps the message for the terminal. */
static int pause_run(struct run_window *rw, size_t w, size_t n,
		     unsigned expected, const char *reason)
{
	struct buf next = BUF_INIT;
	struct error err = ERROR_INIT;
	json_t *ev;

	if (rw->next_open > 0)
		add_time(&next, rw->window, rw->next_open);
	else
		buf_adds(&next, "never");
	if (expected)
		snprintf(rw->message, sizeof(rw->message),
			 "wave %zu (%zu host%s, expected %us) %s; paused "
			 "until window '%s' opens again at %s",
			 w + 1, n, n == 1 ? "" : "s", expected, reason,
			 rw->window->name, next.data);
	else
		snprintf(rw->message, sizeof(rw->message),
			 "wave %zu (%zu host%s) %s; paused until window '%s' "
			 "opens again at %s",
			 w + 1, n, n == 1 ? "" : "s", reason, rw->window->name,
			 next.data);
	ev = json_pack("{s:s, s:I, s:I, s:s, s:I, s:s, s:s}", "event",
		       "run_paused", "play", (json_int_t)rw->play + 1, "wave",
		       (json_int_t)w + 1, "window", rw->window->name,
		       "expected_seconds", (json_int_t)expected, "reason",
		       reason, "next_open", next.data);
	journal_append(rw->journal, ev, &err);
	json_decref(ev);
	error_release(&err);
	buf_release(&next);
	return 1;
}

/* Decides whether wave w may start now. */
int run_window_gate(void *data, const struct run *r, size_t w)
{
	struct run_window *rw = data;
	struct error err = ERROR_INIT;
	size_t i, first = 0, n = r->wave_sizes[w], left = 0;
	unsigned expected;
	time_t now;

	for (i = 0; i < w; i++)
		first += r->wave_sizes[i];
	/* A wave whose hosts all ended before a resume just replays. */
	for (i = first; i < first + n; i++)
		if (!r->hosts[i].ended)
			left++;
	if (left == 0)
		return 0;
	if (window_now(&now, &err) < 0)
		now = time(NULL);
	error_release(&err);
	rw->next_open = 0;
	if (!run_window_open(rw->window, now, &rw->end, &rw->next_open))
		return pause_run(rw, w, n, 0, "would start outside the window");
	if (now >= rw->end - (time_t)rw->window->cutoff) {
		if (window_next_open(rw->window, now, &rw->next_open) != 0)
			rw->next_open = 0;
		return pause_run(rw, w, n, 0, "would start within the cutoff");
	}
	expected = run_window_expected(rw->state_dir, rw->playbook, n);
	if (expected == 0)
		expected = rw->wave_timeout;
	if (expected == 0 ||
	    now + (time_t)expected <= rw->end - (time_t)rw->window->cutoff)
		return 0;
	if (window_next_open(rw->window, now, &rw->next_open) != 0)
		rw->next_open = 0;
	return pause_run(rw, w, n, expected,
			 rw->window->cutoff
				 ? "would not end before the window's cutoff"
				 : "would not end before the window closes");
}

/* Collects a host that ended after the window's end. */
void run_window_host_done(struct run_window *rw, const struct host_run *hr)
{
	struct error err = ERROR_INIT;
	time_t now;

	if (rw->end == 0 || window_now(&now, &err) < 0 || now < rw->end) {
		error_release(&err);
		return;
	}
	rw->late = xreallocarray(rw->late, rw->n_late + 1, sizeof(*rw->late));
	rw->late[rw->n_late++] = xstrdup(hr->host->name);
}

/* Journals the late hosts of a wave. */
size_t run_window_wave_end(struct run_window *rw, unsigned wave)
{
	struct error err = ERROR_INIT;
	struct buf end = BUF_INIT;
	json_t *ev, *hosts;
	size_t i, n = rw->n_late;

	if (n == 0)
		return 0;
	hosts = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(hosts, json_string(rw->late[i]));
	add_time(&end, rw->window, rw->end);
	ev = json_pack("{s:s, s:I, s:s, s:s, s:o}", "event", "window_overrun",
		       "wave", (json_int_t)wave, "window", rw->window->name,
		       "window_end", end.data, "late_hosts", hosts);
	journal_append(rw->journal, ev, &err);
	json_decref(ev);
	error_release(&err);
	buf_release(&end);
	run_window_release(rw);
	return n;
}

/* Frees the late hosts. */
void run_window_release(struct run_window *rw)
{
	size_t i;

	for (i = 0; i < rw->n_late; i++)
		free(rw->late[i]);
	free(rw->late);
	rw->late = NULL;
	rw->n_late = 0;
}
