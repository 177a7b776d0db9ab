/*
 * schedule-timer.h - the crest timers installed in a unit directory, read
 * back for "crest schedule list": which playbook and window each is for,
 * where its runs are recorded, and when it elapses next.
 *
 * The unit directory is the only record of what is scheduled: a timer
 * carries its playbook, window and state directory as "# crest-KEY:"
 * comments (schedule-unit.h) and its calendar as OnCalendar=.
 *
 * Ownership: names and the strings of a struct schedule_timer are the
 * caller's; schedule_timer_names_free() and schedule_timer_release() free
 * them.
 */
#ifndef CREST_SCHEDULE_TIMER_H
#define CREST_SCHEDULE_TIMER_H

#include <stddef.h>
#include <time.h>

#include "base/error.h"

/* One installed timer; each string NULL when the timer does not say. */
struct schedule_timer {
	char *playbook;	 /* # crest-playbook: */
	char *window;	 /* # crest-window: */
	char *state_dir; /* # crest-state-dir: */
	/* Its next elapse after now, ISO 8601 in its calendar's zone; NULL
	 * when it never elapses again or has no OnCalendar= that parses. */
	char *next;
};

/* Lists the crest-*.timer entries of dir, sorted by name, into *names
 * (*n of them; NULL when there is none).  Returns 0, or -1 with err set
 * ("cannot list DIR: reason"). */
int schedule_timer_names(const char *dir, char ***names, size_t *n,
			 struct error *err);

/* Frees what schedule_timer_names() returned.  Accepts NULL. */
void schedule_timer_names_free(char **names, size_t n);

/* Reads the timer dir/file into *t, its next elapse counted from now.
 * Returns 0, or -1 when it cannot be read (t is left empty). */
int schedule_timer_read(const char *dir, const char *file, time_t now,
			struct schedule_timer *t);

/* Frees what t holds and empties it. */
void schedule_timer_release(struct schedule_timer *t);

#endif
