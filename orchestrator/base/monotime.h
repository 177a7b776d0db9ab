/*
 * monotime.h - a clock for deadlines and durations.
 *
 * Deadlines are absolute times on CLOCK_MONOTONIC in milliseconds, so a
 * change of the wall clock (NTP, an operator) never shortens or stretches a
 * timeout.  0 stands for "no deadline" wherever a deadline is taken.
 */
#ifndef CREST_MONOTIME_H
#define CREST_MONOTIME_H

#include <stdint.h>

/* Returns the current monotonic time in milliseconds (never 0). */
uint64_t monotime_ms(void);

/* Returns now + ms, or 0 (no deadline) when ms is 0. */
uint64_t monotime_deadline(unsigned ms);

/* Returns the earlier of two deadlines, where 0 means none. */
uint64_t monotime_earliest(uint64_t a, uint64_t b);

/* Returns the milliseconds left until deadline (0 when passed), or -1 when
 * deadline is 0 (none); fits the timeout argument of poll(). */
int monotime_left(uint64_t deadline);

#endif
