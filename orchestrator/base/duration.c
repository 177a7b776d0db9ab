/*
 * duration.c - parsing 30s, 2m, 1h30m; see duration.h.
 */
#include <ctype.h>

#include "duration.h"

/* Returns the seconds in one unit letter, or 0 for no such unit. */
static unsigned long long unit_seconds(char unit)
{
	switch (unit) {
	case 's':
		return 1;
	case 'm':
		return 60;
	case 'h':
		return 3600;
	case 'd':
		return 86400;
	default:
		return 0;
	}
}

/* Adds up the NUMBER UNIT parts of text. */
int duration_parse(const char *text, unsigned *seconds)
{
	const char *p = text;
	unsigned long long total = 0, n, unit;
	int parts = 0;

	while (*p) {
		if (!isdigit((unsigned char)*p))
			return -1;
		for (n = 0; isdigit((unsigned char)*p); p++) {
			n = n * 10 + (unsigned long long)(*p - '0');
			if (n > DURATION_MAX)
				return -1;
		}
		if (*p == '\0' && parts == 0) {
			unit = 1; /* a bare number: seconds */
		} else {
			unit = unit_seconds(*p);
			if (unit == 0)
				return -1;
			p++;
		}
		total += n * unit;
		if (total > DURATION_MAX)
			return -1;
		parts++;
	}
	if (parts == 0)
		return -1;
	*seconds = (unsigned)total;
	return 0;
}
