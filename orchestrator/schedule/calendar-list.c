/*
 * calendar-list.c - the lists of a calendar's fields: "*", or values,
 * ranges and repetitions separated by commas; see calendar-parser.h.
 *
 * A list is read into raw ranges that remember where each number was
 * written, then normalised, sorted and checked in the order systemd does,
 * so that crest refuses exactly what systemd refuses and says where.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "calendar-parser.h"
#include "base/xmalloc.h"

/* Names and bounds of the fields, in enum calendar_unit order. */
static const struct {
	const char *name;
	int min, max;
} units[CALENDAR_UNITS] = {
	{"year", CALENDAR_MIN_YEAR, CALENDAR_MAX_YEAR},
	{"month", 1, 12},
	{"day", 1, 31},
	{"hour", 0, 23},
	{"minute", 0, 59},
	{"second", 0, 59},
};

/* Reads a decimal number of at most INT_MAX; in seconds, refuses the
 * fractions systemd allows there ("05.25"). */
static int parse_number(struct calendar_parser *p, enum calendar_unit unit,
			int *out)
{
	size_t start = p->pos;
	long long value = 0;

	if (!calendar_parser_digit(calendar_parser_at(p, p->pos)))
		return calendar_parser_unexpected(p, p->pos, "a number");
	while (calendar_parser_digit(calendar_parser_at(p, p->pos))) {
		value = value * 10 + (calendar_parser_at(p, p->pos) - '0');
		if (value > INT_MAX)
			return calendar_parser_fail(p, start,
						    "number too large");
		p->pos++;
	}
	if (unit == CALENDAR_SECOND && calendar_parser_at(p, p->pos) == '.' &&
	    calendar_parser_digit(calendar_parser_at(p, p->pos + 1)))
		return calendar_parser_fail(
			p, p->pos, "fractional seconds are not supported");
	*out = (int)value;
	return 0;
}

/* Reads one list element: N, N..M, N/R or N..M/R. */
static int parse_element(struct calendar_parser *p, enum calendar_unit unit,
			 struct calendar_raw_range *raw)
{
	raw->r.stop = -1;
	raw->r.repeat = 0;
	raw->at_start = raw->at_stop = raw->at_repeat = p->pos;
	if (parse_number(p, unit, &raw->r.start) < 0)
		return -1;
	if (calendar_parser_at(p, p->pos) == '.' &&
	    calendar_parser_at(p, p->pos + 1) == '.') {
		p->pos += 2;
		raw->at_stop = p->pos;
		if (parse_number(p, unit, &raw->r.stop) < 0)
			return -1;
		raw->r.repeat = 1;
	}
	if (calendar_parser_at(p, p->pos) == '/') {
		p->pos++;
		raw->at_repeat = p->pos;
		if (parse_number(p, unit, &raw->r.repeat) < 0)
			return -1;
		if (raw->r.repeat == 0)
			return calendar_parser_fail(
				p, raw->at_repeat,
				"a repetition must be at least /1");
	} else if (unit == CALENDAR_SECOND && raw->r.stop >= 0 &&
		   raw->r.stop <= raw->r.start) {
		/* systemd counts seconds in microseconds and refuses a
		 * range shorter than its step of one second. */
		return calendar_parser_fail(
			p, raw->at_start,
			"second range %d..%d must span at least two "
			"seconds",
			raw->r.start, raw->r.stop);
	}
	return 0;
}

/* Reads a field's list: "*", or elements separated by commas. */
int calendar_list_parse(struct calendar_parser *p, enum calendar_unit unit,
			struct calendar_raw_list *list)
{
	list->at = p->pos;
	if (calendar_parser_at(p, p->pos) == '*') {
		p->pos++;
		list->any = 1;
		if (calendar_parser_at(p, p->pos) == '/')
			return calendar_parser_fail(
				p, list->at,
				"'*/N' is not systemd syntax; give the "
				"first value, as in '%d/N'",
				units[unit].min);
		if (calendar_parser_at(p, p->pos) == ',' ||
		    calendar_parser_at(p, p->pos) == '.')
			return calendar_parser_fail(
				p, list->at,
				"'*' stands alone; it cannot be part of "
				"a list or range");
		return 0;
	}
	for (;;) {
		if (list->n == CALENDAR_MAX_LIST)
			return calendar_parser_fail(
				p, p->pos, "a list holds at most %d values",
				CALENDAR_MAX_LIST);
		list->v = xreallocarray(list->v, list->n + 1, sizeof(*list->v));
		if (parse_element(p, unit, &list->v[list->n]) < 0)
			return -1;
		list->n++;
		if (calendar_parser_at(p, p->pos) != ',')
			return 0;
		p->pos++;
	}
}

/* Moves two-digit years into 1970..2069 as systemd does. */
static int fix_year(int year)
{
	if (year < 70)
		return year + 2000;
	if (year < 100)
		return year + 1900;
	return year;
}

/* Normalises one range like systemd: a range is cut to its last
 * repetition, and a repetition that cannot happen, or a range of one
 * value, becomes a single value. */
static void normalize_range(struct calendar_range *r)
{
	if (r->stop > r->start && r->repeat > 0)
		r->stop -= (r->stop - r->start) % r->repeat;
	if ((r->stop > r->start && r->start + r->repeat > r->stop) ||
	    r->start == r->stop) {
		r->repeat = 0;
		r->stop = -1;
	}
}

/* Checks a normalised range against its field's bounds as systemd does.
 * Days counted from the end of the month ("~") go back at most 28, and,
 * in systemd, 3 fewer for each smaller value before them in the list:
 * index is the range's place in the sorted list. */
static int check_range(struct calendar_parser *p, enum calendar_unit unit,
		       const struct calendar_raw_range *raw, int eom,
		       size_t index)
{
	const struct calendar_range *r = &raw->r;
	const char *name = units[unit].name;
	const char *tilde = eom ? "~" : "";
	const char *why = eom && index > 0 ? " (systemd allows 3 days fewer "
					     "for each smaller value in a "
					     "'~' list)"
					   : "";
	int min = units[unit].min, max = units[unit].max;

	if (eom)
		max -= 3 * (int)(index + 1);
	if (r->start < min || r->start > max)
		return calendar_parser_fail(
			p, raw->at_start,
			"%s %s%d is out of range %s%d..%s%d%s", name, tilde,
			r->start, tilde, min, tilde, max, why);
	if (r->stop >= 0 && (r->stop < min || r->stop > max))
		return calendar_parser_fail(
			p, raw->at_stop, "%s %s%d is out of range %s%d..%s%d%s",
			name, tilde, r->stop, tilde, min, tilde, max, why);
	if (r->stop >= 0 && r->stop < r->start)
		return calendar_parser_fail(p, raw->at_start,
					    "%s range %d..%d runs backwards",
					    name, r->start, r->stop);
	if (r->repeat > max - min)
		return calendar_parser_fail(
			p, raw->at_repeat,
			"%s repetition /%d is longer than the %s's range "
			"%s%d..%s%d%s",
			name, r->repeat, name, tilde, min, tilde, max, why);
	if (r->stop < 0 && !eom && r->start + r->repeat > max)
		return calendar_parser_fail(
			p, raw->at_repeat,
			"%s %d/%d never repeats: %d is past %d", name, r->start,
			r->repeat, r->start + r->repeat, max);
	if (r->stop < 0 && eom && r->start - r->repeat < min)
		return calendar_parser_fail(
			p, raw->at_repeat,
			"day ~%d/%d never repeats: counting on by %d "
			"passes the end of the month",
			r->start, r->repeat, r->repeat);
	return 0;
}

/* Orders raw ranges by start, stop, then repeat. */
static int raw_compare(const void *a, const void *b)
{
	const struct calendar_range *x =
		&((const struct calendar_raw_range *)a)->r;
	const struct calendar_range *y =
		&((const struct calendar_raw_range *)b)->r;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->stop != y->stop)
		return x->stop < y->stop ? -1 : 1;
	if (x->repeat != y->repeat)
		return x->repeat < y->repeat ? -1 : 1;
	return 0;
}

/* Normalises a list, sorts it and drops duplicates, checks it, and stores
 * it as the calendar's field; the same order as systemd's, whose checks
 * see the sorted list. */
int calendar_list_store(struct calendar_parser *p, enum calendar_unit unit,
			struct calendar_raw_list *list, int eom)
{
	struct calendar_field *f = &p->cal->field[unit];
	size_t i, n = 0;

	free(f->ranges);
	f->ranges = NULL;
	f->n = 0;
	if (list->any || list->n == 0)
		return 0;
	for (i = 0; i < list->n; i++) {
		struct calendar_range *r = &list->v[i].r;

		if (unit == CALENDAR_YEAR) {
			r->start = fix_year(r->start);
			if (r->stop >= 0)
				r->stop = fix_year(r->stop);
		}
		normalize_range(r);
	}
	qsort(list->v, list->n, sizeof(*list->v), raw_compare);
	for (i = 0; i < list->n; i++)
		if (n == 0 || raw_compare(&list->v[n - 1], &list->v[i]) != 0)
			list->v[n++] = list->v[i];
	for (i = 0; i < n; i++)
		if (check_range(p, unit, &list->v[i], eom, i) < 0)
			return -1;
	f->ranges = xcalloc(n, sizeof(*f->ranges));
	for (i = 0; i < n; i++)
		f->ranges[i] = list->v[i].r;
	f->n = n;
	return 0;
}

/* Sets a field to the single value v. */
void calendar_list_single(struct calendar *cal, enum calendar_unit unit, int v)
{
	struct calendar_field *f = &cal->field[unit];

	free(f->ranges);
	f->ranges = xcalloc(1, sizeof(*f->ranges));
	f->ranges[0] = (struct calendar_range){v, -1, 0};
	f->n = 1;
}

/* Empties a raw list. */
void calendar_list_clear(struct calendar_raw_list *list)
{
	free(list->v);
	memset(list, 0, sizeof(*list));
}
