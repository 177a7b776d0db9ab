/*
 * calendar-format.c - the normalized form of a calendar; see calendar.h.
 *
 * The form is the one "systemd-analyze calendar" prints as "Normalized
 * form": weekdays (omitted when any day will do), the date as
 * YYYY-MM-DD with "~" before a day counted from the month's end, the time as
 * HH:MM:SS, and the zone.
 */
#include "calendar.h"

/* The width numbers of each field are printed with, zero-padded. */
static const int widths[CALENDAR_UNITS] = {4, 2, 2, 2, 2, 2};

/* Prints runs of three or more days as "Mon..Wed", shorter ones as a
 * list. */
static void format_weekdays(unsigned bits, struct buf *out)
{
	static const char *const names[7] = {"Mon", "Tue", "Wed", "Thu",
					     "Fri", "Sat", "Sun"};
	int day = 0, last, first = 1;

	while (day < 7) {
		if (!(bits & (1u << day))) {
			day++;
			continue;
		}
		for (last = day; last + 1 < 7 && (bits & (1u << (last + 1)));
		     last++)
			;
		if (last - day >= 2) {
			buf_addf(out, "%s%s..%s", first ? "" : ",", names[day],
				 names[last]);
		} else {
			for (; day <= last; day++) {
				buf_addf(out, "%s%s", first ? "" : ",",
					 names[day]);
				first = 0;
			}
		}
		first = 0;
		day = last + 1;
	}
}

/* Tells whether a seconds list holds "0/1", every second, which systemd
 * prints as "*" whatever else the list holds. */
static int every_second(const struct calendar_field *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (f->ranges[i].start == 0 && f->ranges[i].stop < 0 &&
		    f->ranges[i].repeat == 1)
			return 1;
	return 0;
}

/* Prints a field's list: "*", or "a", "a..b", "a/r", "a..b/r" joined by
 * commas; a range's repetition of 1 goes unsaid. */
static void format_field(const struct calendar *cal, enum calendar_unit unit,
			 struct buf *out)
{
	const struct calendar_field *f = &cal->field[unit];
	int w = widths[unit];
	size_t i;

	if (f->n == 0 || (unit == CALENDAR_SECOND && every_second(f))) {
		buf_addch(out, '*');
		return;
	}
	for (i = 0; i < f->n; i++) {
		const struct calendar_range *r = &f->ranges[i];

		buf_addf(out, "%s%0*d", i ? "," : "", w, r->start);
		if (r->stop >= 0)
			buf_addf(out, "..%0*d", w, r->stop);
		if (r->repeat > 0 && !(r->stop >= 0 && r->repeat == 1))
			buf_addf(out, "/%d", r->repeat);
	}
}

/* Prints weekdays, date, time and zone. */
void calendar_format(const struct calendar *cal, struct buf *out)
{
	if (cal->weekdays != 0x7fu) {
		format_weekdays(cal->weekdays, out);
		buf_addch(out, ' ');
	}
	format_field(cal, CALENDAR_YEAR, out);
	buf_addch(out, '-');
	format_field(cal, CALENDAR_MONTH, out);
	buf_addch(out, cal->end_of_month ? '~' : '-');
	format_field(cal, CALENDAR_DAY, out);
	buf_addch(out, ' ');
	format_field(cal, CALENDAR_HOUR, out);
	buf_addch(out, ':');
	format_field(cal, CALENDAR_MINUTE, out);
	buf_addch(out, ':');
	format_field(cal, CALENDAR_SECOND, out);
	if (cal->zone_name != NULL)
		buf_addf(out, " %s", cal->zone_name);
}
