/*
 * calendar-next.c - when a calendar elapses next; see calendar.h.
 *
 * Theory of operation: the search runs on the wall clock of the calendar's
 * zone.  The instant after "after" is turned into the zone's civil time,
 * and civil_search() finds the first civil time at or after it that every
 * field matches, largest field first: a field that cannot match any more
 * moves the next larger one on and starts the smaller ones over, a field
 * that matches later starts the smaller ones over.  Only then is the civil
 * time turned back into an instant (tzone_resolve()):
 *
 *  - a civil time in a gap (clocks spring forward) does not exist; the
 *    search goes on from the end of the gap;
 *  - a civil time that exists twice (clocks fall back) elapses at the
 *    first of its instants that is after "after": once, in the first pass,
 *    unless the search began in the repeated hour itself.
 *
 * That is what systemd does through glibc's mktime().  Where a field runs
 * past its end ("*:0/25" from 23:51 wants minute 75), carry_like_systemd()
 * carries the way systemd 252 does, quirks included, and the search goes
 * on from there.  t7000-calendar-systemd checks all of it against
 * systemd-analyze; docs/windows.md lists where crest still differs.
 */
#include "calendar.h"
#include "civil.h"
#include "tzone.h"

/* The search gives up after this many steps; a calendar that matches at
 * all within the years systemd allows matches long before. */
#define SEARCH_STEPS 2000000L
/* Later than any local time in CALENDAR_MAX_YEAR: 2200-01-02 UTC. */
#define LATEST_AFTER 7258204800LL
/* Earlier than any time a window can have: 1900-01-01 UTC. */
#define EARLIEST_AFTER (-2208988800LL)

/* Moves c to the start of the next unit (next second, minute, ... year),
 * carrying into larger units. */
static void advance(struct civil *c, enum calendar_unit unit)
{
	if (unit < CALENDAR_SECOND)
		c->second = 0;
	if (unit < CALENDAR_MINUTE)
		c->minute = 0;
	if (unit < CALENDAR_HOUR)
		c->hour = 0;
	if (unit < CALENDAR_DAY)
		c->day = 1;
	if (unit < CALENDAR_MONTH)
		c->month = 1;
	switch (unit) {
	case CALENDAR_SECOND:
		if (++c->second < 60)
			break;
		c->second = 0;
		/* fall through */
	case CALENDAR_MINUTE:
		if (++c->minute < 60)
			break;
		c->minute = 0;
		/* fall through */
	case CALENDAR_HOUR:
		if (++c->hour < 24)
			break;
		c->hour = 0;
		/* fall through */
	case CALENDAR_DAY:
		if (++c->day <= civil_days_in_month(c->year, c->month))
			break;
		c->day = 1;
		/* fall through */
	case CALENDAR_MONTH:
		if (++c->month <= 12)
			break;
		c->month = 1;
		/* fall through */
	default:
		c->year++;
	}
}

/* Returns the first value from v on that a range holds, or -1.  The
 * value may lie past the field's end: see civil_search(). */
static int range_next(int start, int stop, int repeat, int v)
{
	int k;

	if (start >= v)
		k = start;
	else if (repeat > 0)
		k = start + repeat * ((v - start + repeat - 1) / repeat);
	else
		return CALENDAR_NEVER;
	return stop >= 0 && k > stop ? -1 : k;
}

/* Returns the first value from v on that a field matches, or -1.  Days
 * counted from the end of a month of dim days are turned into plain days
 * first: ~1 is dim, ~1..3 is dim-2..dim. */
static int field_next(const struct calendar *cal, enum calendar_unit unit,
		      int v, int dim)
{
	const struct calendar_field *f = &cal->field[unit];
	int best = -1, k;
	size_t i;

	if (f->n == 0)
		return v;
	for (i = 0; i < f->n; i++) {
		int start = f->ranges[i].start, stop = f->ranges[i].stop;

		if (unit == CALENDAR_DAY && cal->end_of_month) {
			start = dim - start + 1;
			if (stop >= 0) {
				int first = dim - stop + 1;

				stop = start;
				start = first;
			}
		}
		k = range_next(start, stop, f->ranges[i].repeat, v);
		if (k >= 0 && (best < 0 || k < best))
			best = k;
	}
	return best;
}

/* Sets the fields smaller than unit to where they start. */
static void start_over_below(struct civil *c, enum calendar_unit unit)
{
	if (unit < CALENDAR_MONTH)
		c->month = 1;
	if (unit < CALENDAR_DAY)
		c->day = 1;
	if (unit < CALENDAR_HOUR)
		c->hour = 0;
	if (unit < CALENDAR_MINUTE)
		c->minute = 0;
	if (unit < CALENDAR_SECOND)
		c->second = 0;
}

/* Carries a field that ran past its end into the larger ones, the way
 * systemd 252 does through mktime(), with its two quirks:
 *
 *  - only the field just below the largest one that changed starts over,
 *    so where the carry crosses two fields, the overflowing field keeps
 *    its remainder: "*:0/25" from 23:51 goes on at 00:15, whose next match
 *    is 00:25, and midnight is skipped;
 *  - the time it goes on from keeps the daylight saving flag of the
 *    carried time: "*-1/9-01 Australia/Sydney" carried into July (winter)
 *    goes on from January 1 read as winter time, 01:00 summer time, and
 *    January 1 is skipped; in Berlin, January 1 read as summer time is
 *    23:00 the day before, and the search runs in a circle.
 *
 * systemd-analyze shows the same; t7000-calendar-systemd checks it. */
static void carry_like_systemd(const struct calendar *cal, struct civil *c)
{
	struct civil before = *c, after = *c;
	int *b[CALENDAR_UNITS] = {&before.year, &before.month,	&before.day,
				  &before.hour, &before.minute, &before.second};
	int *a[CALENDAR_UNITS] = {&after.year, &after.month,  &after.day,
				  &after.hour, &after.minute, &after.second};
	enum calendar_unit u;
	int64_t t;
	int isdst;

	after.year += (after.month - 1) / 12;
	after.month = (after.month - 1) % 12 + 1;
	civil_from_seconds(civil_to_seconds(&after), &after);
	t = tzone_mktime(cal->zone, &after, -1);
	isdst = tzone_isdst(cal->zone, t);
	tzone_civil(cal->zone, t, &after, NULL);
	for (u = CALENDAR_YEAR; u + 1 < CALENDAR_UNITS; u++)
		if (*a[u] != *b[u]) {
			*a[u + 1] = u + 1 <= CALENDAR_DAY ? 1 : 0;
			break;
		}
	t = tzone_mktime(cal->zone, &after, isdst);
	tzone_civil(cal->zone, t, c, NULL);
}

/* Carries c like systemd; returns 1 when that lands where the last carry
 * landed (*back).  The search from there is the same as last time, so it
 * would come back here again and again: systemd gives up on it. */
static int carry_goes_round(const struct calendar *cal, struct civil *c,
			    struct civil *back)
{
	carry_like_systemd(cal, c);
	if (civil_compare(c, back) == 0)
		return 1;
	*back = *c;
	return 0;
}

/* Moves c to the first civil time at or after it the calendar matches;
 * returns 0, CALENDAR_NEVER when there is none up to CALENDAR_MAX_YEAR,
 * or CALENDAR_STUCK when systemd's search would not end.  Each field,
 * largest first, takes its first match from its current value on; lacking
 * one, the next larger field moves on by one; past its end (day 33), the
 * field carries; at a later value, the smaller fields start over. */
static int civil_search(const struct calendar *cal, struct civil *c)
{
	int *value[CALENDAR_UNITS] = {&c->year, &c->month,  &c->day,
				      &c->hour, &c->minute, &c->second};
	static const int max[CALENDAR_UNITS] = {
		CALENDAR_MAX_YEAR, 12, 31, 23, 59, 59};
	struct civil back = {0};
	enum calendar_unit u;
	long steps;
	int v, hi;

	for (steps = 0; steps < SEARCH_STEPS; steps++) {
		if (c->year > CALENDAR_MAX_YEAR)
			return CALENDAR_NEVER;
		for (u = CALENDAR_YEAR; u < CALENDAR_UNITS; u++) {
			hi = u == CALENDAR_DAY
				     ? civil_days_in_month(c->year, c->month)
				     : max[u];
			v = field_next(cal, u, *value[u], hi);
			if (v < 0 || (v > hi && u == CALENDAR_YEAR))
				break;
			if (v != *value[u]) {
				*value[u] = v;
				start_over_below(c, u);
			}
			if (v > hi || (u == CALENDAR_DAY &&
				       !(cal->weekdays &
					 (1u << civil_weekday(c->year, c->month,
							      c->day)))))
				break;
		}
		if (u == CALENDAR_UNITS)
			return 0;
		if (u == CALENDAR_YEAR)
			return CALENDAR_NEVER;
		if (v < 0)
			advance(c, u - 1);
		else if (v <= hi) /* a day of the wrong weekday */
			advance(c, CALENDAR_DAY);
		else if (carry_goes_round(cal, c, &back))
			return CALENDAR_STUCK;
	}
	return CALENDAR_NEVER;
}

/* Searches civil times and takes the first instant after "after" that one
 * of them names. */
int calendar_next(const struct calendar *cal, time_t after, time_t *out)
{
	int64_t when[TZONE_MAX_RESOLVE], gap_end, from = after;
	struct civil c, found;
	size_t n, i;
	int tries, ret;

	if (from >= LATEST_AFTER)
		return CALENDAR_NEVER;
	if (from < EARLIEST_AFTER)
		from = EARLIEST_AFTER;
	tzone_civil(cal->zone, from + 1, &c, NULL);
	/* Each try moves past a civil time that named no instant after
	 * "after"; a handful is all the gaps and repeats of a day. */
	for (tries = 0; tries < 1000; tries++) {
		ret = civil_search(cal, &c);
		if (ret < 0)
			return ret;
		n = tzone_resolve(cal->zone, &c, when, &gap_end);
		for (i = 0; i < n; i++)
			if (when[i] > from) {
				*out = (time_t)when[i];
				return 0;
			}
		found = c;
		if (n == 0)
			tzone_civil(cal->zone, gap_end, &c, NULL);
		if (n > 0 || civil_compare(&c, &found) <= 0) {
			c = found;
			advance(&c, CALENDAR_SECOND);
		}
	}
	return CALENDAR_NEVER;
}
