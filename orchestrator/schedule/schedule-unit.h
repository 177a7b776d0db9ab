/*
 * schedule-unit.h - the systemd units "crest schedule install" writes: a
 * crest-NAME.service that runs "crest run" once, and a crest-NAME.timer
 * that starts it when the playbook's maintenance window opens.
 *
 * The timer carries what "crest schedule list" shows as comments
 * ("# crest-playbook: ...", "# crest-window: ...", "# crest-state-dir:
 * ..."), so the unit directory is the only record of what is scheduled.
 *
 * Ownership: every string is borrowed; the text goes into a caller's buf.
 */
#ifndef CREST_SCHEDULE_UNIT_H
#define CREST_SCHEDULE_UNIT_H

#include "base/buf.h"
#include "base/error.h"
#include "window.h"

/* What the service runs, every path absolute. */
struct schedule_unit {
	const char *crest;     /* the crest binary */
	const char *playbook;  /* path in the repository */
	const char *repo;      /* the repository */
	const char *ref;       /* or NULL: HEAD */
	const char *inventory; /* or NULL: crest.yml's */
	const char *state_dir;
	const struct window *window;
};

/* Appends the unit name for playbook, without suffix: "crest-" and the
 * path without .yml/.yaml, '/' as '-', other bytes outside [A-Za-z0-9_.-]
 * as '_'. */
void schedule_unit_name(const char *playbook, struct buf *out);

/* Appends the .service text.  Returns 0, or -1 with ERROR_INVALID when a
 * path cannot be written on a systemd command line (quotes, backslash,
 * newline). */
int schedule_unit_service(const struct schedule_unit *u, struct buf *out,
			  struct error *err);

/* Appends the .timer text for the service name (with its suffix). */
void schedule_unit_timer(const struct schedule_unit *u, const char *service,
			 struct buf *out);

/* Reads "# crest-KEY: VALUE" from a timer's text into a new string the
 * caller frees, or returns NULL. */
char *schedule_unit_comment(const char *text, const char *key);

#endif
