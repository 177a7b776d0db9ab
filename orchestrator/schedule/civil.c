/*
 * civil.c - Gregorian calendar arithmetic; see civil.h.
 *
 * Dates are counted in days from 1970-01-01 through an "era" of 400 years
 * (146097 days), the period after which the Gregorian calendar repeats, with
 * years starting on March 1 so that the leap day is the last day of a year.
 */
#include "civil.h"

#define DAYS_PER_ERA 146097
#define SECONDS_PER_DAY 86400
/* Days from 0000-03-01 to 1970-01-01. */
#define EPOCH_SHIFT 719468

/* Divides rounding towards minus infinity. */
static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

/* Tells leap years: every fourth, but not centuries unless divisible by
 * 400. */
int civil_is_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

/* Looks up a month's length. */
int civil_days_in_month(int year, int month)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30,
				     31, 31, 30, 31, 30, 31};

	if (month == 2 && civil_is_leap(year))
		return 29;
	return days[(month - 1) % 12];
}

/* Counts days through eras of years that start on March 1. */
int64_t civil_days_from_date(int year, int month, int day)
{
	int64_t y = (int64_t)year - (month <= 2);
	int64_t era = floor_div(y, 400);
	int64_t year_of_era = y - era * 400;
	int64_t month_from_march = (month + 9) % 12;
	int64_t day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
	int64_t day_of_era = year_of_era * 365 + year_of_era / 4 -
			     year_of_era / 100 + day_of_year;

	return era * DAYS_PER_ERA + day_of_era - EPOCH_SHIFT;
}

/* Inverts civil_days_from_date(). */
void civil_date_from_days(int64_t days, int *year, int *month, int *day)
{
	int64_t z = days + EPOCH_SHIFT;
	int64_t era = floor_div(z, DAYS_PER_ERA);
	int64_t day_of_era = z - era * DAYS_PER_ERA;
	int64_t year_of_era = (day_of_era - day_of_era / 1460 +
			       day_of_era / 36524 - day_of_era / 146096) /
			      365;
	int64_t day_of_year =
		day_of_era -
		(365 * year_of_era + year_of_era / 4 - year_of_era / 100);
	int64_t month_from_march = (5 * day_of_year + 2) / 153;
	int m = (int)(month_from_march < 10 ? month_from_march + 3
					    : month_from_march - 9);

	*day = (int)(day_of_year - (153 * month_from_march + 2) / 5 + 1);
	*month = m;
	*year = (int)(year_of_era + era * 400 + (m <= 2));
}

/* 1970-01-01 was a Thursday, weekday 3. */
int civil_weekday(int year, int month, int day)
{
	int64_t w = (civil_days_from_date(year, month, day) + 3) % 7;

	return (int)(w < 0 ? w + 7 : w);
}

/* Adds up days and seconds of the day. */
int64_t civil_to_seconds(const struct civil *c)
{
	return civil_days_from_date(c->year, c->month, c->day) *
		       SECONDS_PER_DAY +
	       c->hour * 3600 + c->minute * 60 + c->second;
}

/* Splits seconds into days and the time of day. */
void civil_from_seconds(int64_t seconds, struct civil *c)
{
	int64_t days = floor_div(seconds, SECONDS_PER_DAY);
	int64_t rest = seconds - days * SECONDS_PER_DAY;

	civil_date_from_days(days, &c->year, &c->month, &c->day);
	c->hour = (int)(rest / 3600);
	c->minute = (int)(rest / 60 % 60);
	c->second = (int)(rest % 60);
}

/* Compares field by field, largest first. */
int civil_compare(const struct civil *a, const struct civil *b)
{
	const int fa[6] = {a->year, a->month,  a->day,
			   a->hour, a->minute, a->second};
	const int fb[6] = {b->year, b->month,  b->day,
			   b->hour, b->minute, b->second};
	int i;

	for (i = 0; i < 6; i++)
		if (fa[i] != fb[i])
			return fa[i] < fb[i] ? -1 : 1;
	return 0;
}
