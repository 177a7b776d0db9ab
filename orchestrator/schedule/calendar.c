/*
 * calendar.c - parsing of systemd calendar expressions; see calendar.h.
 *
 * Theory of operation: a parser walks the expression left to right with one
 * cursor, the way systemd reads it, so that crest accepts exactly what
 * systemd accepts (the exceptions are in docs/windows.md):
 *
 *  1. A trailing " UTC" or " ZONE" (the last word, when it names a zone of
 *     the TZ database) is split off and loaded.
 *  2. What is left is a shorthand ("daily"), or optional weekdays followed
 *     by an optional date (or "@SECONDS") and an optional time.  A word with
 *     a ':' is a time, any other word a date.
 *  3. Each field's list is read by calendar-list.c; which field a list of
 *     the date is for is known only once the date's parts are counted
 *     (MM-DD or YYYY-MM-DD).
 *
 * Errors name the column (counted in characters, from 1) and say what is
 * wrong; see calendar_parse() in calendar.h for how positions are given.
 */
#include <stdlib.h>
#include <string.h>

#include "calendar-parser.h"
#include "civil.h"
#include "tzone.h"
#include "base/xmalloc.h"

#define ALL_WEEKDAYS 0x7fu
/* The last second systemd can elapse at: 2199-12-31 23:59:59 UTC. */
#define MAX_TIMESTAMP 7258118399LL

/* Weekday names as systemd accepts them, long before short, so that the
 * longest one matches; the index halved is the weekday, Monday 0. */
static const char *const weekday_names[14] = {
	"monday",   "mon",	"tuesday", "tue",    "wednesday",
	"wed",	    "thursday", "thu",	   "friday", "fri",
	"saturday", "sat",	"sunday",  "sun",
};

/* Shorthands and what they stand for. */
static const struct {
	const char *name;
	const char *expansion;
} shorthands[] = {
	{"minutely", "*-*-* *:*:00"},
	{"hourly", "*-*-* *:00:00"},
	{"daily", "*-*-* 00:00:00"},
	{"monthly", "*-*-01 00:00:00"},
	{"weekly", "Mon *-*-* 00:00:00"},
	{"yearly", "*-01-01 00:00:00"},
	{"annually", "*-01-01 00:00:00"},
	{"anually", "*-01-01 00:00:00"}, /* systemd keeps the old typo */
	{"quarterly", "*-01,04,07,10-01 00:00:00"},
	{"semiannually", "*-01,07-01 00:00:00"},
	{"semi-annually", "*-01,07-01 00:00:00"},
	{"biannually", "*-01,07-01 00:00:00"},
	{"bi-annually", "*-01,07-01 00:00:00"},
};

/* Tells whether the last word, which is not a zone, looks meant as one:
 * it starts with a letter (dates and times do not) and is no weekday. */
static int looks_like_zone(const char *w)
{
	size_t i;

	if (!calendar_parser_letter(w[0]))
		return 0;
	for (i = 0; i < 14; i++)
		if (calendar_parser_word_is(w, strlen(w), weekday_names[i]))
			return 0;
	for (i = 0; i < sizeof(shorthands) / sizeof(shorthands[0]); i++)
		if (calendar_parser_word_is(w, strlen(w), shorthands[i].name))
			return 0;
	return 1;
}

/* Splits off " UTC" or a trailing zone name and loads the zone. */
static int split_zone(struct calendar_parser *p)
{
	const char *space = strrchr(p->expr, ' ');
	const char *word;
	struct error zone_err = ERROR_INIT;
	int ret;

	if (space == NULL || space[1] == '\0')
		return 0;
	word = space + 1;
	if (calendar_parser_word_is(word, strlen(word), "utc")) {
		p->cal->zone_name = xstrdup("UTC");
		p->cal->zone = tzone_new_utc();
		p->end = (size_t)(space - p->expr);
		return 0;
	}
	if (!tzone_name_valid(word)) {
		if (strchr(word, '/') != NULL && looks_like_zone(word))
			p->zone_word = (size_t)(word - p->expr);
		return 0;
	}
	ret = tzone_load(word, &p->cal->zone, &zone_err);
	if (ret == TZONE_UNKNOWN) {
		if (looks_like_zone(word))
			p->zone_word = (size_t)(word - p->expr);
		ret = 0;
	} else if (ret < 0) {
		ret = calendar_parser_fail(p, (size_t)(word - p->expr), "%s",
					   zone_err.message);
		p->err->kind = zone_err.kind;
	} else {
		p->cal->zone_name = xstrdup(word);
		p->end = (size_t)(space - p->expr);
	}
	error_release(&zone_err);
	return ret;
}

/* Returns the weekday (Monday 0) named at i and its length, or -1. */
static int match_weekday(const struct calendar_parser *p, size_t i, size_t *len)
{
	size_t k, j;

	for (k = 0; k < 14; k++) {
		const char *name = weekday_names[k];

		for (j = 0; name[j] != '\0'; j++)
			if (calendar_parser_lower(
				    (unsigned char)calendar_parser_at(
					    p, i + j)) != name[j])
				break;
		if (name[j] == '\0') {
			*len = j;
			return (int)(k / 2);
		}
	}
	return -1;
}

/* Reports the letters at i as an unknown weekday. */
static int fail_unknown_weekday(struct calendar_parser *p, size_t i)
{
	size_t n = 0;

	while (calendar_parser_letter(calendar_parser_at(p, i + n)))
		n++;
	return calendar_parser_fail(
		p, i,
		"unknown weekday '%.*s'; weekdays are Mon, Tue, Wed, Thu, "
		"Fri, Sat, Sun or their full names",
		(int)n, p->expr + i);
}

/* Reads "Mon", "Mon..Fri", "Mon-Fri", "Sat,Sun" and the like; a trailing
 * comma is allowed.  Reads nothing when no weekday name starts the
 * expression. */
static int parse_weekdays(struct calendar_parser *p)
{
	unsigned bits = 0;
	int day, from = -1, ranged = 0;
	size_t len, range_at = p->pos;
	char c;

	if (match_weekday(p, p->pos, &len) < 0)
		return 0;
	for (;;) {
		day = match_weekday(p, p->pos, &len);
		if (day < 0 &&
		    !calendar_parser_letter(calendar_parser_at(p, p->pos)))
			return calendar_parser_unexpected(p, p->pos,
							  "a weekday");
		c = day < 0 ? 'x' : calendar_parser_at(p, p->pos + len);
		if (day < 0 || calendar_parser_letter(c))
			return fail_unknown_weekday(p, p->pos);
		if (c != '\0' && c != '-' && c != '.' && c != ',' && c != ' ')
			return calendar_parser_unexpected(
				p, p->pos + len,
				"',', '..' or a space after "
				"a weekday");
		if (from >= 0) {
			if (from > day)
				return calendar_parser_fail(
					p, range_at,
					"weekday range runs backwards; "
					"ranges do not wrap around the "
					"week, list both parts instead, as "
					"in 'Fri..Sun,Mon'");
			bits |= ((1u << (day + 1)) - 1) & ~((1u << from) - 1);
			from = -1;
			ranged = 1;
		}
		bits |= 1u << day;
		p->pos += len;
		c = calendar_parser_at(p, p->pos);
		if (c == '.' || c == '-') {
			if (ranged)
				return calendar_parser_fail(
					p, p->pos,
					"a weekday range has only two "
					"ends");
			if (c == '.' &&
			    calendar_parser_at(p, p->pos + 1) != '.')
				return calendar_parser_unexpected(
					p, p->pos, "'..' between weekdays");
			from = day;
			range_at = p->pos - len;
			p->pos += c == '.' ? 2 : 1;
			c = calendar_parser_at(p, p->pos);
			if (c == '\0' || c == ' ')
				return calendar_parser_fail(
					p, range_at,
					"weekday range has no end");
			continue;
		}
		ranged = 0;
		if (c == ',') {
			p->pos++;
			c = calendar_parser_at(p, p->pos);
		}
		if (c == '\0' || c == ' ')
			break;
	}
	while (calendar_parser_at(p, p->pos) == ' ')
		p->pos++;
	p->cal->weekdays = bits == ALL_WEEKDAYS ? ALL_WEEKDAYS : bits;
	return 0;
}

/* Reads "@SECONDS", a single instant in UTC. */
static int parse_timestamp(struct calendar_parser *p)
{
	size_t start = ++p->pos;
	long long value = 0;
	struct civil c;

	if (!calendar_parser_digit(calendar_parser_at(p, p->pos)))
		return calendar_parser_unexpected(
			p, p->pos, "seconds since 1970 after '@'");
	while (calendar_parser_digit(calendar_parser_at(p, p->pos))) {
		value = value * 10 + (calendar_parser_at(p, p->pos) - '0');
		if (value > MAX_TIMESTAMP)
			return calendar_parser_fail(
				p, start, "@%.*s is after the year %d",
				(int)calendar_parser_word_length(p, start),
				p->expr + start, CALENDAR_MAX_YEAR);
		p->pos++;
	}
	if (calendar_parser_at(p, p->pos) != '\0')
		return calendar_parser_unexpected(p, p->pos,
						  "nothing after '@SECONDS'");
	civil_from_seconds(value, &c);
	calendar_list_single(p->cal, CALENDAR_YEAR, c.year);
	calendar_list_single(p->cal, CALENDAR_MONTH, c.month);
	calendar_list_single(p->cal, CALENDAR_DAY, c.day);
	calendar_list_single(p->cal, CALENDAR_HOUR, c.hour);
	calendar_list_single(p->cal, CALENDAR_MINUTE, c.minute);
	calendar_list_single(p->cal, CALENDAR_SECOND, c.second);
	/* A timestamp is in UTC whatever zone follows, as in systemd. */
	tzone_free(p->cal->zone);
	free(p->cal->zone_name);
	p->cal->zone = tzone_new_utc();
	p->cal->zone_name = xstrdup("UTC");
	return 0;
}

/* Reads "MM-DD", "YYYY-MM-DD", or with '~' before the day, "MM~DD" and
 * "YYYY-MM~DD"; each part a list. */
static int parse_date(struct calendar_parser *p)
{
	struct calendar_raw_list part[3] = {{0}};
	char sep[2] = {0, 0};
	size_t n = 0, i;
	int ret = -1;

	for (;;) {
		if (calendar_list_parse(p, CALENDAR_DAY, &part[n]) < 0)
			goto out;
		n++;
		if (calendar_parser_at(p, p->pos) == '\0' ||
		    calendar_parser_at(p, p->pos) == ' ')
			break;
		if (n == 3) {
			calendar_parser_unexpected(p, p->pos,
						   "a space after the date");
			goto out;
		}
		if (calendar_parser_at(p, p->pos) != '-' &&
		    calendar_parser_at(p, p->pos) != '~') {
			calendar_parser_unexpected(
				p, p->pos,
				"'-' or '~' between the parts of a "
				"date");
			goto out;
		}
		if (n == 2 && sep[0] == '~') {
			calendar_parser_fail(
				p, p->pos,
				"'~' goes between the month and the day, after "
				"the year");
			goto out;
		}
		sep[n - 1] = calendar_parser_at(p, p->pos);
		p->pos++;
	}
	if (n == 1) {
		calendar_parser_fail(
			p, part[0].at,
			"a date is MM-DD or YYYY-MM-DD, and a time HH:MM or "
			"HH:MM:SS");
		goto out;
	}
	p->cal->end_of_month = sep[n - 2] == '~';
	if (n == 3 && calendar_list_store(p, CALENDAR_YEAR, &part[0], 0) < 0)
		goto out;
	if (calendar_list_store(p, CALENDAR_MONTH, &part[n - 2], 0) < 0 ||
	    calendar_list_store(p, CALENDAR_DAY, &part[n - 1],
				p->cal->end_of_month) < 0)
		goto out;
	while (calendar_parser_at(p, p->pos) == ' ')
		p->pos++;
	ret = 0;
out:
	for (i = 0; i < 3; i++)
		calendar_list_clear(&part[i]);
	return ret;
}

/* Reads "HH:MM" or "HH:MM:SS", each part a list, up to the end. */
static int parse_time(struct calendar_parser *p)
{
	static const enum calendar_unit order[3] = {
		CALENDAR_HOUR, CALENDAR_MINUTE, CALENDAR_SECOND};
	struct calendar_raw_list part[3] = {{0}};
	size_t n = 0, i;
	int ret = -1;

	for (;;) {
		if (calendar_list_parse(p, order[n], &part[n]) < 0)
			goto out;
		n++;
		if (calendar_parser_at(p, p->pos) != ':' || n == 3)
			break;
		p->pos++;
	}
	if (n == 1) {
		calendar_parser_unexpected(
			p, p->pos,
			"':' after the hour (a time is HH:MM or "
			"HH:MM:SS)");
		goto out;
	}
	if (calendar_parser_at(p, p->pos) != '\0') {
		calendar_parser_unexpected(
			p, p->pos,
			n == 3 ? "the end after the seconds"
			       : "':' or the end after the minutes");
		goto out;
	}
	for (i = 0; i < n; i++)
		if (calendar_list_store(p, order[i], &part[i], 0) < 0)
			goto out;
	if (n == 2)
		calendar_list_single(p->cal, CALENDAR_SECOND, 0);
	ret = 0;
out:
	for (i = 0; i < 3; i++)
		calendar_list_clear(&part[i]);
	return ret;
}

/* Tells whether the word at i holds a ':', which makes it a time. */
static int word_is_time(const struct calendar_parser *p, size_t i)
{
	size_t n = calendar_parser_word_length(p, i);

	return memchr(p->expr + i, ':', n) != NULL;
}

/* Parses the part before the zone into p->cal. */
static int parse_body(struct calendar_parser *p)
{
	size_t i;
	size_t len = p->end;

	while (len > 0 && p->expr[len - 1] == ' ')
		len--;
	for (i = 0; i < sizeof(shorthands) / sizeof(shorthands[0]); i++) {
		if (!calendar_parser_word_is(p->expr, len, shorthands[i].name))
			continue;
		if (len < p->end)
			return calendar_parser_fail(
				p, len,
				"'%s' stands alone; nothing may "
				"follow it, not even a space",
				shorthands[i].name);
		p->expr = shorthands[i].expansion;
		p->end = strlen(p->expr);
		return parse_body(p);
	}
	if (p->zone_word != 0) {
		for (i = 0; i < sizeof(shorthands) / sizeof(shorthands[0]); i++)
			if (calendar_parser_word_is(p->expr, p->zone_word - 1,
						    shorthands[i].name))
				return calendar_parser_unexpected(
					p, p->zone_word, "");
	}
	if (parse_weekdays(p) < 0)
		return -1;
	if (match_weekday(p, p->pos, &i) >= 0 &&
	    !calendar_parser_letter(calendar_parser_at(p, p->pos + i)))
		return calendar_parser_fail(
			p, p->pos,
			"weekdays are separated by ',' without spaces");
	if (calendar_parser_at(p, p->pos) == '@')
		return parse_timestamp(p);
	if (calendar_parser_at(p, p->pos) != '\0' && !word_is_time(p, p->pos)) {
		if (calendar_parser_letter(calendar_parser_at(p, p->pos)) &&
		    (p->zone_word == 0 || p->pos < p->zone_word))
			return calendar_parser_fail(
				p, p->pos,
				"unknown word '%.*s': expected a weekday, "
				"a date, a time or a shorthand such as "
				"'daily'",
				(int)calendar_parser_word_length(p, p->pos),
				p->expr + p->pos);
		if (parse_date(p) < 0)
			return -1;
	}
	if (calendar_parser_at(p, p->pos) == '\0') {
		calendar_list_single(p->cal, CALENDAR_HOUR, 0);
		calendar_list_single(p->cal, CALENDAR_MINUTE, 0);
		calendar_list_single(p->cal, CALENDAR_SECOND, 0);
		return 0;
	}
	return parse_time(p);
}

/* Splits the zone off, parses the rest, then drops what means nothing:
 * "~" with any day, and a set of all seven weekdays. */
int calendar_parse(const char *expr, const struct calendar_origin *origin,
		   struct calendar **out, struct error *err)
{
	struct calendar *cal = xcalloc(1, sizeof(*cal));
	struct calendar_parser p = {0};
	int ret = -1;

	cal->weekdays = ALL_WEEKDAYS;
	p.expr = expr;
	p.end = strlen(expr);
	p.origin = origin;
	p.err = err;
	p.cal = cal;
	if (p.end == 0) {
		calendar_parser_fail(&p, 0, "empty calendar expression");
		goto out;
	}
	if (split_zone(&p) < 0)
		goto out;
	if (p.end == 0) {
		calendar_parser_fail(&p, 0, "nothing before the time zone");
		goto out;
	}
	if (parse_body(&p) < 0)
		goto out;
	if (cal->field[CALENDAR_DAY].n == 0)
		cal->end_of_month = 0;
	if (cal->zone == NULL && tzone_load_local(&cal->zone, err) < 0) {
		error_prefix(err, "local time zone");
		goto out;
	}
	*out = cal;
	cal = NULL;
	ret = 0;
out:
	calendar_free(cal);
	return ret;
}

/* Borrowed zone. */
const struct tzone *calendar_zone(const struct calendar *cal)
{
	return cal->zone;
}

/* Frees every field's ranges, the zone and the calendar. */
void calendar_free(struct calendar *cal)
{
	int u;

	if (cal == NULL)
		return;
	for (u = 0; u < CALENDAR_UNITS; u++)
		free(cal->field[u].ranges);
	free(cal->zone_name);
	tzone_free(cal->zone);
	free(cal);
}
