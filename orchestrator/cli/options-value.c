/*
 * options-value.c - the values of options with units: durations ("30s",
 * "2m", "500ms") and sizes ("64k", "1M"); see options.h.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"

/* Longest timeout accepted: a week, far beyond any maintenance window. */
#define OPTIONS_MAX_MS (7u * 24u * 3600u * 1000u)
/* Largest --output-limit: output is held in memory per running host. */
#define OPTIONS_MAX_OUTPUT ((size_t)1 << 30)

/* Parses a whole number with a unit suffix from a table. */
static int options_parse_scaled(const char *s, uint64_t *out,
				const char *const *units,
				const uint64_t *scales, size_t n_units,
				uint64_t frac_scale_default)
{
	char *end;
	uint64_t whole, frac = 0, frac_div = 1, scale = frac_scale_default;
	size_t i;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	whole = strtoull(s, &end, 10);
	if (errno)
		return -1;
	if (*end == '.') {
		end++;
		if (*end < '0' || *end > '9')
			return -1;
		while (*end >= '0' && *end <= '9') {
			if (frac_div < 1000000) {
				frac = frac * 10 + (uint64_t)(*end - '0');
				frac_div *= 10;
			}
			end++;
		}
	}
	if (*end) {
		for (i = 0; i < n_units; i++)
			if (strcmp(end, units[i]) == 0)
				break;
		if (i == n_units)
			return -1;
		scale = scales[i];
	}
	if (whole > UINT64_MAX / scale / 2)
		return -1;
	*out = whole * scale + frac * scale / frac_div;
	return 0;
}

/* Parses seconds, with optional fraction or unit, into milliseconds. */
int options_parse_duration(const char *s, const char *what, unsigned *ms,
			   struct error *err)
{
	static const char *const units[] = {"ms", "s", "m", "h"};
	static const uint64_t scales[] = {1, 1000, 60000, 3600000};
	uint64_t v;

	if (options_parse_scaled(s, &v, units, scales, 4, 1000) < 0 ||
	    v > OPTIONS_MAX_MS)
		return error_set(err, ERROR_INVALID,
				 "%s: '%s' is not a duration (seconds, as in "
				 "10, 2.5, 500ms, 2m; at most a week)",
				 what, s);
	*ms = (unsigned)v;
	return 0;
}

/* Parses bytes, with an optional K, M or G (powers of 1024). */
int options_parse_size(const char *s, const char *what, size_t *bytes,
		       struct error *err)
{
	static const char *const units[] = {"K", "k", "M", "G", "KiB", "MiB"};
	static const uint64_t scales[] = {1024,	   1024, 1 << 20,
					  1 << 30, 1024, 1 << 20};
	uint64_t v;

	if (options_parse_scaled(s, &v, units, scales, 6, 1) < 0 ||
	    v > OPTIONS_MAX_OUTPUT)
		return error_set(err, ERROR_INVALID,
				 "%s: '%s' is not a size (bytes, as in 65536, "
				 "64K, 1M; at most 1G)",
				 what, s);
	*bytes = (size_t)v;
	return 0;
}
