/*
 * window-now.c - the current time as windows see it: the clock, or
 * CREST_NOW, so that tests (and an operator checking "would this run
 * now?") can put crest inside or outside a window deterministically.
 */
#include <stdint.h>
#include <stdlib.h>

#include "timestamp.h"
#include "tzone.h"
#include "window.h"

/* The clock when CREST_NOW was first read (-1: not yet). */
static time_t window_clock_start = -1;

/* Reads CREST_NOW, else the clock. */
int window_now(time_t *now, struct error *err)
{
	const char *env = getenv("CREST_NOW");
	struct tzone *utc;
	int64_t t = 0;
	int ret;

	if (env == NULL || env[0] == '\0') {
		*now = time(NULL);
		return 0;
	}
	utc = tzone_new_utc();
	ret = timestamp_parse(env, utc, &t, err);
	tzone_free(utc);
	if (ret < 0) {
		error_prefix(err, "CREST_NOW");
		return -1;
	}
	if (window_clock_start < 0)
		window_clock_start = time(NULL);
	*now = (time_t)t + (time(NULL) - window_clock_start);
	return 0;
}
