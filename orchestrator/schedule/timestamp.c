/*
 * timestamp.c - ISO 8601 instants; see timestamp.h.
 */
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "timestamp.h"

/* Prints the civil time and the offset in effect at t. */
void timestamp_format(int64_t t, const struct tzone *zone, struct buf *out)
{
	struct civil c;
	long off, a;

	tzone_civil(zone, t, &c, &off);
	a = off < 0 ? -off : off;
	buf_addf(out, "%04d-%02d-%02dT%02d:%02d:%02d%c%02ld:%02ld", c.year,
		 c.month, c.day, c.hour, c.minute, c.second,
		 off < 0 ? '-' : '+', a / 3600, a / 60 % 60);
	if (a % 60 != 0)
		buf_addf(out, ":%02ld", a % 60);
}

/* Reads exactly n digits at *p into *out. */
static int digits(const char **p, int n, int *out)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if ((*p)[i] < '0' || (*p)[i] > '9')
			return -1;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return 0;
}

/* Reads "@SECONDS". */
static int parse_seconds(const char *s, int64_t *out)
{
	char *end;
	long long v;

	if (s[0] == '\0' || s[0] == ' ')
		return -1;
	v = strtoll(s, &end, 10);
	if (*end != '\0' || v < -(1LL << 40) || v > (1LL << 40))
		return -1;
	*out = v;
	return 0;
}

/* Reads "Z", "+HH", "+HHMM" or "+HH:MM" into seconds east of UTC. */
static int parse_offset(const char *p, long *out)
{
	int sign, h, m = 0;

	if ((p[0] == 'Z' || p[0] == 'z') && p[1] == '\0') {
		*out = 0;
		return 0;
	}
	if (p[0] != '+' && p[0] != '-')
		return -1;
	sign = p[0] == '-' ? -1 : 1;
	p++;
	if (digits(&p, 2, &h) < 0)
		return -1;
	if (*p == ':')
		p++;
	if (*p != '\0' && digits(&p, 2, &m) < 0)
		return -1;
	if (*p != '\0' || h > 23 || m > 59)
		return -1;
	*out = sign * (h * 3600L + m * 60L);
	return 0;
}

/* Reads the date, the time and the offset, then resolves a time without
 * an offset in zone. */
static int parse_iso(const char *s, const struct tzone *zone, int64_t *out)
{
	int64_t when[TZONE_MAX_RESOLVE], gap_end;
	struct civil c = {0};
	const char *p = s;
	long off;

	if (digits(&p, 4, &c.year) < 0 || *p++ != '-' ||
	    digits(&p, 2, &c.month) < 0 || *p++ != '-' ||
	    digits(&p, 2, &c.day) < 0)
		return -1;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		p++;
		if (digits(&p, 2, &c.hour) < 0 || *p++ != ':' ||
		    digits(&p, 2, &c.minute) < 0)
			return -1;
		if (*p == ':' && (p++, digits(&p, 2, &c.second) < 0))
			return -1;
	}
	if (c.month < 1 || c.month > 12 || c.day < 1 ||
	    c.day > civil_days_in_month(c.year, c.month) || c.hour > 23 ||
	    c.minute > 59 || c.second > 59)
		return -1;
	if (*p != '\0') {
		if (parse_offset(p, &off) < 0)
			return -1;
		*out = civil_to_seconds(&c) - off;
		return 0;
	}
	*out = tzone_resolve(zone, &c, when, &gap_end) > 0 ? when[0] : gap_end;
	return 0;
}

/* Tells "@SECONDS" from ISO 8601. */
int timestamp_parse(const char *s, const struct tzone *zone, int64_t *out,
		    struct error *err)
{
	int ret = s[0] == '@' ? parse_seconds(s + 1, out)
			      : parse_iso(s, zone, out);

	if (ret < 0)
		return error_set(err, ERROR_INVALID,
				 "'%s' is not a time: expected "
				 "YYYY-MM-DDTHH:MM:SS with an optional offset "
				 "(Z, +HH:MM), or @SECONDS",
				 s);
	return 0;
}
