/*
 * monotime.c - monotonic milliseconds and deadlines; see monotime.h.
 */
#include <limits.h>
#include <time.h>

#include "monotime.h"

/* Reads CLOCK_MONOTONIC; it starts at boot, so adding 1 keeps it nonzero. */
uint64_t monotime_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u +
	       1u;
}

/* Turns a timeout into a deadline. */
uint64_t monotime_deadline(unsigned ms)
{
	return ms ? monotime_ms() + ms : 0;
}

/* Picks the deadline that comes first. */
uint64_t monotime_earliest(uint64_t a, uint64_t b)
{
	if (a == 0)
		return b;
	if (b == 0)
		return a;
	return a < b ? a : b;
}

/* Converts a deadline back into a timeout for poll(). */
int monotime_left(uint64_t deadline)
{
	uint64_t now;

	if (deadline == 0)
		return -1;
	now = monotime_ms();
	if (now >= deadline)
		return 0;
	if (deadline - now > INT_MAX)
		return INT_MAX;
	return (int)(deadline - now);
}
