/*
 * window.h - maintenance windows: the "windows:" mapping of crest.yml.
 *
 * A window opens on a systemd calendar event and stays open for a
 * duration; no new wave starts within its cutoff of the end:
 *
 *	windows:
 *	  weekend:
 *	    calendar: "Sat *-*-* 02:00"   # OnCalendar syntax, see calendar.h
 *	    duration: 4h                  # how long it stays open
 *	    cutoff: 30m                   # optional, default 0
 *	    timezone: Europe/Berlin       # optional, the calendar's zone
 *
 * "timezone" is the zone suffix of the calendar written as its own key;
 * giving both is an error.  Errors point at crest.yml:line:column, and an
 * unknown key gets a did-you-mean.
 *
 * Ownership: a struct window_set owns its windows, their names and their
 * calendars; window_set_release() frees them.  Windows are read-only once
 * parsed.
 */
#ifndef CREST_WINDOW_H
#define CREST_WINDOW_H

#include <stddef.h>
#include <time.h>

#include "calendar.h"
#include "base/error.h"
#include "config/crest-yml.h"
#include "lang/yaml-doc.h"

struct window {
	char *name;
	struct calendar *cal; /* when it opens (owned) */
	unsigned duration;    /* seconds it stays open, > 0 */
	unsigned cutoff;      /* seconds before the end no wave starts */
};

struct window_set {
	struct window *windows;
	size_t n;
};

#define WINDOW_SET_INIT                                                        \
	{                                                                      \
		NULL, 0                                                        \
	}

/* Reads the value of crest.yml's "windows:" key (NULL or null: no
 * windows) into *set.  Returns 0, or -1 with err set: ERROR_INVALID at
 * file:line:column. */
int window_set_parse(const struct ynode *windows, struct window_set *set,
		     struct error *err);

/* A reader of crest.yml's windows section (crest_yml_read()) that checks
 * it in full as window_set_parse() does and keeps nothing: for reading the
 * policy of a commit, which refuses a bad window before the run starts. */
extern const struct crest_yml_reader window_set_check;

/* Returns the window called name, or NULL (borrowed). */
const struct window *window_set_find(const struct window_set *set,
				     const char *name);

/* Sets err to "unknown window 'NAME'" with a did-you-mean from the set's
 * names; returns -1. */
int window_set_unknown(const struct window_set *set, const char *name,
		       struct error *err);

/* Returns 1 when t is inside an opening of w (opening <= t < opening +
 * duration), setting *open and *end to the latest such opening and its
 * end; else 0. */
int window_containing(const struct window *w, time_t t, time_t *open,
		      time_t *end);

/* Sets *open to w's first opening strictly after t; returns 0, or
 * CALENDAR_NEVER / CALENDAR_STUCK (see calendar.h). */
int window_next_open(const struct window *w, time_t t, time_t *open);

/* Frees what the set owns; it is WINDOW_SET_INIT afterwards. */
void window_set_release(struct window_set *set);

/* Sets *now to the current time, or to CREST_NOW when that is set (an
 * ISO 8601 instant with offset, or @SECONDS: a test and operations
 * override, see docs/windows.md) plus the time since it was first read.  Returns 0, or -1 with err set when
 * CREST_NOW cannot be read. */
int window_now(time_t *now, struct error *err);

/* Reads the windows of DIR/crest.yml (DIR NULL: the current directory)
 * from disk into *set (the caller releases it).  also, when not NULL,
 * reads another section of the file on the way, in the file's order
 * (crest schedule and crest timer pass repo_policy_check, so that they
 * refuse the crest.yml a run refuses).  Returns 0 or -1 with err set. */
int window_load_all(const char *repo, const struct crest_yml_reader *also,
		    struct window_set *set, struct error *err);

/* Reads DIR/crest.yml as window_load_all() does and returns its window
 * name (borrowed from *set), or NULL with err set (no crest.yml, no such
 * window: did-you-mean). */
const struct window *window_load(const char *repo, const char *name,
				 const struct crest_yml_reader *also,
				 struct window_set *set, struct error *err);

#endif
