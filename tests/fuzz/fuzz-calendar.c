/*
 * fuzz-calendar.c - libFuzzer target for the calendar parser, printer and
 * evaluator (orchestrator/calendar*.c).
 *
 * Every input is parsed as an expression.  What parses must print; its
 * normalized form must parse again and print the same (systemd's form is
 * a fixed point); and its elapses from instants around changes of
 * daylight saving time must each come after the one before.  A broken
 * property aborts, which libFuzzer reports like a crash.
 *
 * Build and run: make fuzz; ./build-fuzz/fuzz-calendar -max_total_time=600
 * build-fuzz/fuzz-calendar.corpus tests/fuzz/corpus/calendar
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schedule/calendar.h"
#include "base/xmalloc.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Expressions without a zone are read in a zone with daylight saving. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	setenv("TZ", "Europe/Berlin", 1);
	return 0;
}

/* Stops the fuzzer on a broken property, naming the input. */
static void broken(const char *what, const char *expr, const char *more)
{
	fprintf(stderr, "fuzz-calendar: %s: '%s' %s\n", what, expr, more);
	abort();
}

/* Walks a few elapses from each start; each must be later. */
static void check_elapses(const struct calendar *cal, const char *expr)
{
	static const time_t starts[] = {
		1795827600, /* 2026-11-28, winter */
		1806192000, /* 2027-03-28, clocks spring forward in Europe */
		1824937200, /* 2027-10-30, and fall back */
		1825562700, /* 2027-11-07, New York falls back */
		7194758400, /* 2197-12-31, near the end of systemd's years */
	};
	size_t i;
	int k;

	for (i = 0; i < sizeof(starts) / sizeof(starts[0]); i++) {
		time_t t = starts[i], next;

		for (k = 0; k < 4; k++) {
			if (calendar_next(cal, t, &next) != 0)
				break;
			if (next <= t)
				broken("elapse not after the one before", expr,
				       "");
			t = next;
		}
	}
}

/* Parses, prints, parses the print, and evaluates. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct calendar *cal = NULL, *again = NULL;
	struct error err = ERROR_INIT;
	struct buf form = BUF_INIT, form2 = BUF_INIT;
	char *expr;

	if (size > 4096)
		return 0;
	expr = xstrndup((const char *)data, size);
	if (calendar_parse(expr, NULL, &cal, &err) < 0) {
		if (err.kind == ERROR_INVALID &&
		    (err.message == NULL || err.column == 0))
			broken("error without a message or column", expr, "");
		goto out;
	}
	calendar_format(cal, &form);
	if (calendar_parse(form.data, NULL, &again, &err) < 0)
		broken("normalized form does not parse", expr, err.message);
	calendar_format(again, &form2);
	if (strcmp(form.data, form2.data) != 0)
		broken("normalized form changes when parsed again", expr,
		       form2.data);
	check_elapses(cal, expr);
out:
	calendar_free(cal);
	calendar_free(again);
	error_release(&err);
	buf_release(&form);
	buf_release(&form2);
	free(expr);
	return 0;
}
