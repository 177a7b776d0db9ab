/*
 * tzrule.c - POSIX TZ rule strings; see tzrule.h.
 *
 * The offset at an instant is found from the switches of the years around
 * it: the switches of the year before it through two years after it are
 * sorted and the last one not after the instant decides.  That is enough
 * because a switch time is at most 167 hours from its date and an offset
 * at most a day from UTC, and the next change after the instant is always
 * among them.
 */
#include <ctype.h>
#include <stdlib.h>

#include "civil.h"
#include "tzrule.h"

#define HOUR 3600L

/* One switch: when, and whether daylight saving time starts there. */
struct tzrule_switch {
	int64_t when;
	int to_dst;
};

/* Parses a zone name: three or more letters, or <...> of letters, digits,
 * '+' and '-'. */
static int parse_name(const char **p)
{
	const char *s = *p;
	size_t n = 0;

	if (*s == '<') {
		for (s++; isalnum((unsigned char)*s) || *s == '+' || *s == '-';
		     s++)
			n++;
		if (*s != '>' || n < 3)
			return -1;
		*p = s + 1;
		return 0;
	}
	while (isalpha((unsigned char)*s)) {
		s++;
		n++;
	}
	if (n < 3)
		return -1;
	*p = s;
	return 0;
}

/* Parses [+-]hh[:mm[:ss]] with hours up to max_hours into seconds. */
static int parse_hms(const char **p, int max_hours, long *out)
{
	const char *s = *p;
	long sign = 1, value = 0, part;
	int i;

	if (*s == '+' || *s == '-')
		sign = *s++ == '-' ? -1 : 1;
	for (i = 0; i < 3; i++) {
		if (i > 0) {
			if (*s != ':')
				break;
			s++;
		}
		if (!isdigit((unsigned char)*s))
			return -1;
		for (part = 0; isdigit((unsigned char)*s); s++) {
			part = part * 10 + (*s - '0');
			if (part > 999)
				return -1;
		}
		if (i == 0 && part > max_hours)
			return -1;
		if (i > 0 && part > 59)
			return -1;
		value = value * 60 + part;
	}
	for (; i < 3; i++)
		value *= 60;
	*out = sign * value;
	*p = s;
	return 0;
}

/* Parses a decimal number from lo to hi. */
static int parse_number(const char **p, int lo, int hi, int *out)
{
	const char *s = *p;
	int value = 0;

	if (!isdigit((unsigned char)*s))
		return -1;
	for (; isdigit((unsigned char)*s); s++) {
		value = value * 10 + (*s - '0');
		if (value > hi)
			return -1;
	}
	if (value < lo)
		return -1;
	*out = value;
	*p = s;
	return 0;
}

/* Parses one switch date "Jn", "n" or "Mm.w.d", with an optional "/time". */
static int parse_date(const char **p, struct tzrule_date *d)
{
	const char *s = *p;

	if (*s == 'J') {
		s++;
		d->kind = 'J';
		if (parse_number(&s, 1, 365, &d->day) < 0)
			return -1;
	} else if (*s == 'M') {
		s++;
		d->kind = 'M';
		if (parse_number(&s, 1, 12, &d->month) < 0 || *s++ != '.' ||
		    parse_number(&s, 1, 5, &d->week) < 0 || *s++ != '.' ||
		    parse_number(&s, 0, 6, &d->weekday) < 0)
			return -1;
	} else {
		d->kind = 'D';
		if (parse_number(&s, 0, 365, &d->day) < 0)
			return -1;
	}
	d->time = 2 * HOUR;
	if (*s == '/') {
		s++;
		if (parse_hms(&s, 167, &d->time) < 0)
			return -1;
	}
	*p = s;
	return 0;
}

/* Reads "std offset [dst [offset] [,start[/time],end[/time]]]". */
int tzrule_parse(const char *s, struct tzrule *out)
{
	struct tzrule r = {0};
	long offset;

	if (parse_name(&s) < 0 || parse_hms(&s, 24, &offset) < 0)
		return -1;
	r.std_offset = -offset;
	if (*s == '\0') {
		*out = r;
		return 0;
	}
	if (parse_name(&s) < 0)
		return -1;
	r.has_dst = 1;
	r.dst_offset = r.std_offset + HOUR;
	if (*s != ',' && *s != '\0') {
		if (parse_hms(&s, 24, &offset) < 0)
			return -1;
		r.dst_offset = -offset;
	}
	if (*s == '\0') {
		r.start = (struct tzrule_date){'M', 0, 3, 2, 0, 2 * HOUR};
		r.end = (struct tzrule_date){'M', 0, 11, 1, 0, 2 * HOUR};
		*out = r;
		return 0;
	}
	if (*s++ != ',' || parse_date(&s, &r.start) < 0 || *s++ != ',' ||
	    parse_date(&s, &r.end) < 0 || *s != '\0')
		return -1;
	*out = r;
	return 0;
}

/* Returns the days from 1970-01-01 to a switch date in year. */
static int64_t date_days(const struct tzrule_date *d, int year)
{
	int64_t jan1 = civil_days_from_date(year, 1, 1);
	int first, day;

	switch (d->kind) {
	case 'J':
		/* Day 60 is March 1 whether or not the year has Feb 29. */
		return jan1 + d->day - 1 +
		       (civil_is_leap(year) && d->day >= 60);
	case 'D':
		return jan1 + d->day;
	default:
		/* Weekday of the 1st, counted from Sunday like the rule. */
		first = (civil_weekday(year, d->month, 1) + 1) % 7;
		day = 1 + (d->weekday - first + 7) % 7 + (d->week - 1) * 7;
		while (day > civil_days_in_month(year, d->month))
			day -= 7;
		return civil_days_from_date(year, d->month, day);
	}
}

/* Fills the two switches of a year: the start is read in standard time,
 * the end in daylight saving time. */
static void year_switches(const struct tzrule *r, int year,
			  struct tzrule_switch sw[2])
{
	sw[0].when = date_days(&r->start, year) * 86400 + r->start.time -
		     r->std_offset;
	sw[0].to_dst = 1;
	sw[1].when =
		date_days(&r->end, year) * 86400 + r->end.time - r->dst_offset;
	sw[1].to_dst = 0;
}

/* Orders switches by time; at a tie the start of daylight saving time
 * comes last, so a rule that is in daylight saving time all year ("...,0/0,
 * J365/25") stays in it. */
static int switch_compare(const void *a, const void *b)
{
	const struct tzrule_switch *x = a, *y = b;

	if (x->when != y->when)
		return x->when < y->when ? -1 : 1;
	return x->to_dst - y->to_dst;
}

/* Fills the sorted switches of the years around the one t falls in. */
static void switches_around(const struct tzrule *r, int64_t t,
			    struct tzrule_switch sw[8])
{
	struct civil c;
	int i;

	civil_from_seconds(t, &c);
	for (i = 0; i < 4; i++)
		year_switches(r, c.year - 1 + i, sw + 2 * i);
	qsort(sw, 8, sizeof(sw[0]), switch_compare);
}

/* Finds the last switch not after t. */
long tzrule_offset(const struct tzrule *rule, int64_t t, int *isdst)
{
	struct tzrule_switch sw[8];
	int i, dst;

	if (isdst != NULL)
		*isdst = 0;
	if (!rule->has_dst)
		return rule->std_offset;
	switches_around(rule, t, sw);
	/* Before the first switch, the state is the one the year before
	 * ended in: the opposite of the first switch. */
	dst = !sw[0].to_dst;
	for (i = 0; i < 8 && sw[i].when <= t; i++)
		dst = sw[i].to_dst;
	if (isdst != NULL)
		*isdst = dst;
	return dst ? rule->dst_offset : rule->std_offset;
}

/* Walks the switches after t and returns the first that changes the
 * offset. */
int tzrule_next_change(const struct tzrule *rule, int64_t t, int64_t *next)
{
	struct tzrule_switch sw[8];
	long before;
	int i;

	if (!rule->has_dst || rule->dst_offset == rule->std_offset)
		return -1;
	before = tzrule_offset(rule, t, NULL);
	switches_around(rule, t, sw);
	for (i = 0; i < 8; i++) {
		if (sw[i].when <= t)
			continue;
		if (tzrule_offset(rule, sw[i].when, NULL) != before) {
			*next = sw[i].when;
			return 0;
		}
	}
	return -1;
}
