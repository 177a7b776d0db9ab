/*
 * duration.h - lengths of time as playbooks write them: 30s, 2m, 1h30m,
 * 1d, or a bare number of seconds.
 */
#ifndef CREST_DURATION_H
#define CREST_DURATION_H

/* Longest duration accepted: 30 days, in seconds. */
#define DURATION_MAX (30u * 24 * 3600)

/* Parses text into *seconds: one or more NUMBER UNIT parts (units s, m,
 * h, d; no unit means seconds when it is the only part).  Returns 0, or
 * -1 when text is not a duration or exceeds DURATION_MAX. */
int duration_parse(const char *text, unsigned *seconds);

#endif
