/*
 * timestamp.h - instants as ISO 8601 text, in a given time zone.
 *
 * crest prints the instants a calendar elapses at, and reads the instant
 * to start from, as ISO 8601 with the zone's offset:
 * "2026-11-28T02:00:00+01:00".  Both directions take the zone explicitly
 * (see tzone.h), so nothing depends on the process's TZ.
 */
#ifndef CREST_TIMESTAMP_H
#define CREST_TIMESTAMP_H

#include <stdint.h>

#include "base/buf.h"
#include "base/error.h"
#include "tzone.h"

/* Appends t as YYYY-MM-DDTHH:MM:SS+HH:MM in zone ("Z" is never used, so
 * every line has the same shape; an offset with seconds, which only
 * times before 1972 have, gets ":SS" too). */
void timestamp_format(int64_t t, const struct tzone *zone, struct buf *out);

/* Reads s into *out.  Accepted: "@SECONDS" (since 1970, may be negative),
 * and YYYY-MM-DD[(T| )HH:MM[:SS]] followed by "Z", "+HH", "+HHMM" or
 * "+HH:MM" (or '-'), or by nothing, when the time is read in zone: a time
 * that happens twice is its first instant, one in a gap the gap's end.
 * Returns 0, or -1 with err set (ERROR_INVALID). */
int timestamp_parse(const char *s, const struct tzone *zone, int64_t *out,
		    struct error *err);

#endif
