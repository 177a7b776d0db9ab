/*
 * window.c - parsing crest.yml's windows and asking them about instants;
 * see window.h.
 *
 * Theory of operation: a window is open at t when some opening o of its
 * calendar has o <= t < o + duration.  Such openings lie in the interval
 * (t - duration, t], so window_containing() walks calendar_next() from
 * t - duration and keeps the last opening not after t; a bound on the
 * steps keeps a "minutely" calendar with a week-long duration cheap.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/duration.h"
#include "base/suggest.h"
#include "window.h"
#include "base/xmalloc.h"

/* Openings window_containing() looks at before it gives up. */
#define WINDOW_MAX_STEPS 100000

static const char *const window_keys[] = {
	"calendar", "duration", "cutoff", "timezone", NULL,
};

/* Reads a duration value named key into *out. */
static int window_duration(const struct ynode *v, const char *name,
			   const char *key, unsigned *out, struct error *err)
{
	char text[32];

	if (v->kind != YNODE_SCALAR ||
	    (v->type != YTYPE_STR && v->type != YTYPE_INT))
		return ynode_error(v, err,
				   "window '%s': '%s' must be a duration "
				   "such as 4h or 90m, not %s",
				   name, key, ynode_describe(v));
	snprintf(text, sizeof(text), "%s", v->str);
	if (duration_parse(text, out) < 0)
		return ynode_error(v, err,
				   "window '%s': '%s' must be a duration "
				   "such as 4h or 90m, not '%s'",
				   name, key, v->str);
	return 0;
}

/* Parses the calendar, with the timezone key as its zone suffix. */
static int window_calendar(const struct ynode *cal, const struct ynode *tz,
			   const char *name, struct window *w,
			   struct error *err)
{
	struct calendar_origin origin;
	struct error inner = ERROR_INIT;
	struct buf expr = BUF_INIT;
	int ret = -1;

	if (!ynode_is_str(cal) || cal->len == 0) {
		ynode_error(cal, err,
			    "window '%s': 'calendar' must be an OnCalendar "
			    "expression, not %s",
			    name, ynode_describe(cal));
		goto out;
	}
	origin.file = cal->file;
	origin.line = cal->line;
	origin.column = cal->column + (cal->plain ? 0 : 1);
	if (calendar_parse(cal->str, &origin, &w->cal, err) < 0)
		goto out;
	if (tz != NULL) {
		if (!ynode_is_str(tz) || tz->len == 0) {
			ynode_error(tz, err,
				    "window '%s': 'timezone' must be a zone "
				    "name such as Europe/Berlin, not %s",
				    name, ynode_describe(tz));
			goto out;
		}
		if (w->cal->zone_name != NULL) {
			ynode_error(tz, err,
				    "window '%s': the calendar already ends "
				    "in the zone '%s'; give the zone once",
				    name, w->cal->zone_name);
			goto out;
		}
		calendar_free(w->cal);
		w->cal = NULL;
		buf_addf(&expr, "%s %s", cal->str, tz->str);
		if (calendar_parse(expr.data, NULL, &w->cal, &inner) < 0) {
			ynode_error(tz, err,
				    "window '%s': unknown time zone '%s'", name,
				    tz->str);
			goto out;
		}
	}
	ret = 0;
out:
	error_release(&inner);
	buf_release(&expr);
	return ret;
}

/* Checks a window's keys, with a did-you-mean for a misspelt one. */
static int window_check_keys(const struct ynode *map, const char *name,
			     struct error *err)
{
	const char *hint;
	size_t i, k;

	for (i = 0; i < map->n_pairs; i++) {
		const struct ynode *key = map->pairs[i].key;

		for (k = 0; window_keys[k] != NULL; k++)
			if (strcmp(key->str, window_keys[k]) == 0)
				break;
		if (window_keys[k] != NULL)
			continue;
		hint = suggest_word(key->str, window_keys);
		if (hint)
			return ynode_error(key, err,
					   "window '%s': unknown key '%s'; "
					   "did you mean '%s'?",
					   name, key->str, hint);
		return ynode_error(key, err,
				   "window '%s': unknown key '%s' (known: "
				   "calendar, duration, cutoff, timezone)",
				   name, key->str);
	}
	return 0;
}

/* Parses one window NAME: {calendar, duration, cutoff, timezone}. */
static int window_parse_one(const struct ynode *key, const struct ynode *v,
			    struct window *w, struct error *err)
{
	const char *name = key->str;
	const struct ynode *cal, *dur, *cut;

	if (v->kind != YNODE_MAP)
		return ynode_error(v, err,
				   "window '%s' must be a mapping with "
				   "'calendar' and 'duration', not %s",
				   name, ynode_describe(v));
	if (window_check_keys(v, name, err) < 0)
		return -1;
	cal = ynode_get(v, "calendar");
	dur = ynode_get(v, "duration");
	if (cal == NULL)
		return ynode_error(key, err, "window '%s' has no 'calendar'",
				   name);
	if (dur == NULL)
		return ynode_error(key, err, "window '%s' has no 'duration'",
				   name);
	w->name = xstrdup(name);
	if (window_calendar(cal, ynode_get(v, "timezone"), name, w, err) < 0)
		return -1;
	if (window_duration(dur, name, "duration", &w->duration, err) < 0)
		return -1;
	if (w->duration == 0)
		return ynode_error(dur, err,
				   "window '%s': 'duration' must be longer "
				   "than 0",
				   name);
	cut = ynode_get(v, "cutoff");
	if (cut != NULL &&
	    window_duration(cut, name, "cutoff", &w->cutoff, err) < 0)
		return -1;
	if (w->cutoff >= w->duration)
		return ynode_error(cut, err,
				   "window '%s': 'cutoff' must be shorter "
				   "than its duration",
				   name);
	return 0;
}

/* Parses the windows mapping. */
int window_set_parse(const struct ynode *windows, struct window_set *set,
		     struct error *err)
{
	size_t i;

	window_set_release(set);
	if (ynode_is_null(windows))
		return 0;
	if (windows->kind != YNODE_MAP)
		return ynode_error(windows, err,
				   "'windows' must be a mapping of window "
				   "names, not %s",
				   ynode_describe(windows));
	set->windows = xcalloc(windows->n_pairs, sizeof(*set->windows));
	for (i = 0; i < windows->n_pairs; i++) {
		set->n++;
		if (window_parse_one(windows->pairs[i].key,
				     windows->pairs[i].value, &set->windows[i],
				     err) < 0) {
			window_set_release(set);
			return -1;
		}
	}
	return 0;
}

/* Looks a window up by name. */
const struct window *window_set_find(const struct window_set *set,
				     const char *name)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		if (strcmp(set->windows[i].name, name) == 0)
			return &set->windows[i];
	return NULL;
}

/* Reports an unknown window name with a did-you-mean. */
int window_set_unknown(const struct window_set *set, const char *name,
		       struct error *err)
{
	const char **names = xcalloc(set->n + 1, sizeof(*names));
	const char *hint;
	size_t i;

	for (i = 0; i < set->n; i++)
		names[i] = set->windows[i].name;
	hint = suggest_word(name, names);
	if (hint)
		error_set(err, ERROR_INVALID,
			  "unknown window '%s' (crest.yml windows:); did you "
			  "mean '%s'?",
			  name, hint);
	else if (set->n == 0)
		error_set(err, ERROR_INVALID,
			  "unknown window '%s': crest.yml defines no windows",
			  name);
	else
		error_set(err, ERROR_INVALID,
			  "unknown window '%s' (crest.yml windows:)", name);
	free(names);
	return -1;
}

/* Finds the latest opening o with o <= t < o + duration. */
int window_containing(const struct window *w, time_t t, time_t *open,
		      time_t *end)
{
	time_t from = t - (time_t)w->duration, o, found = 0;
	int steps, inside = 0;

	for (steps = 0; steps < WINDOW_MAX_STEPS; steps++) {
		if (calendar_next(w->cal, from, &o) != 0 || o > t)
			break;
		found = o;
		inside = 1;
		from = o;
	}
	if (!inside)
		return 0;
	*open = found;
	*end = found + (time_t)w->duration;
	return 1;
}

/* Finds the next opening after t. */
int window_next_open(const struct window *w, time_t t, time_t *open)
{
	return calendar_next(w->cal, t, open);
}

/* Frees the windows. */
void window_set_release(struct window_set *set)
{
	size_t i;

	for (i = 0; i < set->n; i++) {
		free(set->windows[i].name);
		calendar_free(set->windows[i].cal);
	}
	free(set->windows);
	set->windows = NULL;
	set->n = 0;
}

/* Reads windows: into the set ctx, or into a scratch one for a check. */
static int window_read_key(void *ctx, const struct ynode *key,
			   const struct ynode *v, struct error *err)
{
	struct window_set scratch = WINDOW_SET_INIT;
	int ret = window_set_parse(v, ctx ? ctx : &scratch, err);

	window_set_release(&scratch);
	return ret;
}

/* The check: the windows reader without a set to keep. */
const struct crest_yml_reader window_set_check = {
	CREST_YML_WINDOWS,
	window_read_key,
	NULL,
	NULL,
};

/* Reads the windows of DIR/crest.yml into *set. */
int window_load_all(const char *repo, const struct crest_yml_reader *also,
		    struct window_set *set, struct error *err)
{
	struct crest_yml cy = CREST_YML_INIT;
	struct crest_yml_reader readers[2];
	char *path = xasprintf("%s/crest.yml", repo ? repo : ".");
	size_t n = 0;
	int ret = -1;

	window_set_release(set);
	readers[n] = window_set_check;
	readers[n++].ctx = set;
	if (also)
		readers[n++] = *also;
	if (crest_yml_load(path, "crest.yml", &cy, err) < 0)
		goto out;
	if (!cy.present) {
		error_set(err, ERROR_INVALID, "no crest.yml in %s",
			  repo ? repo : "the current directory");
		goto out;
	}
	if (crest_yml_read(&cy, readers, n, err) < 0)
		goto out;
	ret = 0;
out:
	if (ret < 0)
		window_set_release(set);
	crest_yml_release(&cy);
	free(path);
	return ret;
}

/* Finds window name in DIR/crest.yml. */
const struct window *window_load(const char *repo, const char *name,
				 const struct crest_yml_reader *also,
				 struct window_set *set, struct error *err)
{
	const struct window *w;

	if (window_load_all(repo, also, set, err) < 0)
		return NULL;
	w = window_set_find(set, name);
	if (w == NULL)
		window_set_unknown(set, name, err);
	return w;
}
