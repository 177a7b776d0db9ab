/*
 * tzrule.h - POSIX TZ rule strings such as "CET-1CEST,M3.5.0,M10.5.0/3".
 *
 * A rule says a zone's standard offset and, optionally, its daylight saving
 * offset and the two yearly dates and times it switches on.  TZif files end
 * with one (RFC 8536 section 3.3) for every instant after their last stored
 * transition, and the TZ environment variable may hold one.  The extensions
 * of RFC 8536 are understood: hours of a switch time from -167 to 167, and
 * names in angle brackets ("<+03>-3").  A rule with a daylight saving name
 * but no dates switches on the US dates, M3.2.0,M11.1.0, as glibc does.
 *
 * A struct tzrule is a plain value: no pointers, nothing to free.  Offsets
 * are seconds east of UTC (the opposite sign of the text).
 */
#ifndef CREST_TZRULE_H
#define CREST_TZRULE_H

#include <stdint.h>

/* The day a switch happens on, and the local time of day it happens at. */
struct tzrule_date {
	char kind;   /* 'J': day 1..365, never Feb 29; 'D': day 0..365;
			'M': month, week 1..5 (5 = last), weekday 0..6 Sunday */
	int day;     /* for 'J' and 'D' */
	int month;   /* for 'M': 1..12 */
	int week;    /* for 'M': 1..5 */
	int weekday; /* for 'M': 0 Sunday .. 6 Saturday */
	long time;   /* seconds after local midnight, -167h..167h */
};

struct tzrule {
	long std_offset; /* seconds east of UTC */
	long dst_offset; /* seconds east of UTC, when has_dst */
	int has_dst;
	struct tzrule_date start; /* daylight saving time starts */
	struct tzrule_date end;	  /* daylight saving time ends */
};

/* Parses the whole of s into *out; returns 0, or -1 when s is not a rule. */
int tzrule_parse(const char *s, struct tzrule *out);

/* Returns the offset in effect at t (seconds since the epoch), and sets
 * *isdst (when not NULL) to 1 in daylight saving time, else 0. */
long tzrule_offset(const struct tzrule *rule, int64_t t, int *isdst);

/* Sets *next to the first instant after t where the offset changes;
 * returns 0, or -1 when the offset never changes. */
int tzrule_next_change(const struct tzrule *rule, int64_t t, int64_t *next);

#endif
