/*
 * civil.h - proleptic Gregorian dates and wall-clock times, without zones.
 *
 * A struct civil is what a clock on a wall shows: a date and a time of day,
 * with no offset attached.  These functions convert between civil times and
 * seconds since 1970-01-01 00:00:00 as if the civil time were UTC, and do
 * the calendar arithmetic (leap years, month lengths, weekdays) that the
 * calendar evaluator and the time zone rules share.  They are pure: no
 * global state, no locale, no time zone, safe from any thread.
 *
 * Years are valid from -1000000 to 1000000; callers clamp inputs to that.
 */
#ifndef CREST_CIVIL_H
#define CREST_CIVIL_H

#include <stdint.h>

struct civil {
	int year;   /* e.g. 2026 */
	int month;  /* 1..12 */
	int day;    /* 1..31 */
	int hour;   /* 0..23 */
	int minute; /* 0..59 */
	int second; /* 0..59 */
};

/* Returns 1 when year is a leap year, else 0. */
int civil_is_leap(int year);

/* Returns the number of days of month (1..12) in year. */
int civil_days_in_month(int year, int month);

/* Returns the days from 1970-01-01 to year-month-day (negative before). */
int64_t civil_days_from_date(int year, int month, int day);

/* Splits days since 1970-01-01 into a date. */
void civil_date_from_days(int64_t days, int *year, int *month, int *day);

/* Returns the weekday of a date: 0 Monday .. 6 Sunday. */
int civil_weekday(int year, int month, int day);

/* Returns the seconds since the epoch of c read as UTC. */
int64_t civil_to_seconds(const struct civil *c);

/* Sets c to the UTC civil time of seconds since the epoch. */
void civil_from_seconds(int64_t seconds, struct civil *c);

/* Returns <0, 0 or >0 as a is before, equal to or after b. */
int civil_compare(const struct civil *a, const struct civil *b);

#endif
