/*
 * calendar.h - systemd OnCalendar expressions: parse, print, next elapse.
 *
 * Maintenance windows open on calendar events written in the syntax of
 * systemd.time(7), so that "crest schedule" can hand the same expression to
 * a systemd timer and both agree on when a window opens.  crest parses and
 * evaluates the expressions itself (docs/windows.md lists the syntax):
 *
 *	[WEEKDAYS] [[YYYY-]MM-DD | [YYYY-]MM~DD] [HH:MM[:SS]] [ZONE]
 *	minutely hourly daily weekly monthly quarterly semiannually yearly
 *	@SECONDS
 *
 * Each of year, month, day, hour, minute and second is "*" or a list of
 * values, ranges "a..b" and repetitions "a/n", "a..b/n".  Parsing
 * normalises the way systemd does (two-digit years, sorted lists without
 * duplicates, ranges cut to their last repetition), so calendar_format()
 * prints what "systemd-analyze calendar" calls the normalized form.
 *
 * Time zones and daylight saving time: an expression without a zone is
 * read in the process's local zone (TZ, else /etc/localtime), one ending
 * in " UTC" in UTC, one ending in a zone name in that zone, loaded at parse
 * time from the TZ database (see tzone.h; no global TZ is changed, so
 * calendars are safe to use from any thread).  As with systemd, a local time
 * that does not exist (clocks spring forward past it) does not elapse,
 * and a local time that happens twice (clocks fall back) elapses once, the
 * first time, unless the search starts inside the repeated hour.
 *
 * A struct calendar is built by calendar_parse() and owned by its caller,
 * who frees it with calendar_free(); it is read-only afterwards.
 */
#ifndef CREST_CALENDAR_H
#define CREST_CALENDAR_H

#include <stddef.h>
#include <time.h>

#include "base/buf.h"
#include "base/error.h"

/* systemd evaluates calendars only within these years. */
#define CALENDAR_MIN_YEAR 1970
#define CALENDAR_MAX_YEAR 2199
/* systemd refuses a list of more values than this in one field. */
#define CALENDAR_MAX_LIST 241

/* The fields of a calendar, largest first. */
enum calendar_unit {
	CALENDAR_YEAR,
	CALENDAR_MONTH,
	CALENDAR_DAY,
	CALENDAR_HOUR,
	CALENDAR_MINUTE,
	CALENDAR_SECOND,
	CALENDAR_UNITS
};

/* One element of a field's list: "start", "start..stop", "start/repeat"
 * or "start..stop/repeat". */
struct calendar_range {
	int start;
	int stop;   /* last value of a range, or -1 */
	int repeat; /* step, or 0 for start alone; 1 for a plain range */
};

/* The values one field matches: n == 0 is "*". */
struct calendar_field {
	struct calendar_range *ranges; /* sorted, no duplicates */
	size_t n;
};

struct calendar {
	unsigned weekdays; /* bit 0 Monday .. bit 6 Sunday; 0x7f is any day */
	struct calendar_field field[CALENDAR_UNITS];
	int end_of_month;   /* days count back from the month's end ("~") */
	char *zone_name;    /* "UTC", "Europe/Berlin", or NULL for local time */
	struct tzone *zone; /* the zone the calendar is read in */
};

/* Where an expression starts in its input, for error positions. */
struct calendar_origin {
	const char *file; /* e.g. "crest.yml" */
	unsigned line;	  /* 1-based */
	unsigned column;  /* 1-based column of the expression's first byte */
};

/* Parses expr into *out, which the caller frees with calendar_free().
 * Returns 0, or -1 with err set: ERROR_INVALID saying what is wrong and
 * where.  With an origin the error points into origin->file at the line and
 * column of the offending character; without one (origin NULL) it has no
 * file, line 1, the column within expr, and the message names the column.
 * A zone that exists but cannot be read gives ERROR_SYSTEM. */
int calendar_parse(const char *expr, const struct calendar_origin *origin,
		   struct calendar **out, struct error *err);

/* Appends the normalized form, as "systemd-analyze calendar" prints it. */
void calendar_format(const struct calendar *cal, struct buf *out);

/* What calendar_next() returns when the calendar does not elapse again
 * before the end of CALENDAR_MAX_YEAR, where systemd stops looking. */
#define CALENDAR_NEVER (-1)
/* What calendar_next() returns where systemd 252 gives up: its search runs
 * in a circle around a change of daylight saving time ("Failed to
 * determine next elapse: Resource deadlock avoided"), so a systemd timer
 * with this calendar would not elapse either.  See calendar-next.c. */
#define CALENDAR_STUCK (-2)

/* Sets *out to the first elapse strictly after the instant after, as
 * systemd computes it; returns 0, CALENDAR_NEVER or CALENDAR_STUCK. */
int calendar_next(const struct calendar *cal, time_t after, time_t *out);

/* Returns the zone the calendar is evaluated in; borrowed. */
const struct tzone *calendar_zone(const struct calendar *cal);

/* Frees a calendar.  Accepts NULL. */
void calendar_free(struct calendar *cal);

#endif
