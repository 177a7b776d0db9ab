/*
 * cmd-schedule.c - "crest schedule": maintenance windows and their timers.
 *
 * Only "crest schedule next --calendar EXPR" works so far: it prints when a
 * systemd calendar expression elapses next, as "systemd-analyze calendar
 * --iterations=N" would.  install, list, remove and "next NAME" (a window
 * of crest.yml) belong to later work and say so with exit code 4.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "calendar.h"
#include "cmd.h"
#include "error.h"
#include "timestamp.h"
#include "tzone.h"

/* "crest schedule next" prints at most this many elapses. */
#define SCHEDULE_MAX_COUNT 100000

/* What "crest schedule next" was asked for. */
struct schedule_next_options {
	const char *calendar;
	const char *after;
	long count;
	int normalize;
};

/* Reports a subcommand that is not there yet. */
static int not_yet(const char *what)
{
	fprintf(stderr,
		"crest schedule %s: not yet implemented; so far only "
		"'crest schedule next --calendar EXPR' works\n",
		what);
	return CREST_EXIT_INVALID;
}

/* Reads -n: a count from 1 to SCHEDULE_MAX_COUNT. */
static int parse_count(const char *s, long *out)
{
	char *end;
	long v;

	if (s[0] < '0' || s[0] > '9')
		return -1;
	v = strtol(s, &end, 10);
	if (*end != '\0' || v < 1 || v > SCHEDULE_MAX_COUNT)
		return -1;
	*out = v;
	return 0;
}

/* Reads the options of "next"; returns -1 after printing a usage error
 * (exit code in *exit_code), 1 after --help, else 0. */
static int parse_next_options(int argc, char **argv,
			      struct schedule_next_options *o, int *exit_code)
{
	static const struct option options[] = {
		{"calendar", required_argument, NULL, 'c'},
		{"after", required_argument, NULL, 'a'},
		{"normalize", no_argument, NULL, 'N'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":c:n:h", options, NULL)) != -1) {
		switch (c) {
		case 'c':
			o->calendar = optarg;
			break;
		case 'a':
			o->after = optarg;
			break;
		case 'N':
			o->normalize = 1;
			break;
		case 'n':
			if (parse_count(optarg, &o->count) < 0) {
				*exit_code = cmd_usage_error(
					&cmd_schedule_entry,
					"-n wants a count from 1 to %d, not "
					"'%s'",
					SCHEDULE_MAX_COUNT, optarg);
				return -1;
			}
			break;
		case 'h':
			cmd_print_usage(&cmd_schedule_entry);
			*exit_code = CREST_EXIT_OK;
			return 1;
		case ':':
			*exit_code = cmd_usage_error(
				&cmd_schedule_entry,
				"option '%s' wants a value", argv[optind - 1]);
			return -1;
		default:
			*exit_code = cmd_usage_error(&cmd_schedule_entry,
						     "unknown option '%s'",
						     argv[optind - 1]);
			return -1;
		}
	}
	if (optind < argc && o->calendar == NULL) {
		*exit_code = not_yet("next NAME");
		return -1;
	}
	if (optind < argc) {
		*exit_code = cmd_usage_error(&cmd_schedule_entry,
					     "unexpected argument '%s'",
					     argv[optind]);
		return -1;
	}
	if (o->calendar == NULL) {
		*exit_code = cmd_usage_error(&cmd_schedule_entry,
					     "next wants --calendar EXPR");
		return -1;
	}
	return 0;
}

/* Prints the normalized form, or the next elapses, one per line. */
static int schedule_next(int argc, char **argv)
{
	struct schedule_next_options o = {NULL, NULL, 1, 0};
	struct calendar *cal = NULL;
	struct error err = ERROR_INIT;
	struct buf line = BUF_INIT;
	int64_t from = (int64_t)time(NULL);
	time_t at = 0;
	long i;
	int ret;

	if (parse_next_options(argc, argv, &o, &ret) != 0)
		goto out;
	if (calendar_parse(o.calendar, NULL, &cal, &err) < 0 ||
	    (o.after != NULL &&
	     timestamp_parse(o.after, calendar_zone(cal), &from, &err) < 0)) {
		buf_adds(&line, cal == NULL ? "crest schedule next: "
					    : "crest schedule next: --after: ");
		error_format(&err, &line);
		fprintf(stderr, "%s\n", line.data);
		ret = error_exit_code(&err);
		goto out;
	}
	ret = CREST_EXIT_OK;
	if (o.normalize) {
		calendar_format(cal, &line);
		printf("%s\n", line.data);
		goto out;
	}
	for (i = 0; i < o.count; i++) {
		int next = calendar_next(cal, (time_t)from, &at);

		if (next == CALENDAR_STUCK) {
			buf_reset(&line);
			timestamp_format(from, calendar_zone(cal), &line);
			fprintf(stderr,
				"crest schedule next: systemd cannot tell when "
				"'%s' elapses after %s: its search goes round "
				"in a circle at a change of daylight saving "
				"time, and a timer with it would stop there\n",
				o.calendar, line.data);
			ret = CREST_EXIT_FAILED;
			break;
		}
		if (next < 0) {
			buf_reset(&line);
			timestamp_format(from, calendar_zone(cal), &line);
			fprintf(stderr,
				"crest schedule next: '%s' does not elapse "
				"after %s (systemd looks no further than the "
				"end of %d)\n",
				o.calendar, line.data, CALENDAR_MAX_YEAR);
			break;
		}
		buf_reset(&line);
		timestamp_format((int64_t)at, calendar_zone(cal), &line);
		printf("%s\n", line.data);
		from = (int64_t)at;
	}
out:
	buf_release(&line);
	error_release(&err);
	calendar_free(cal);
	return ret;
}

/* Dispatches on the subcommand. */
static int cmd_schedule_exec(int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : NULL;

	if (sub == NULL)
		return cmd_usage_error(&cmd_schedule_entry,
				       "which one: install, list, remove or "
				       "next?");
	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0) {
		cmd_print_usage(&cmd_schedule_entry);
		return CREST_EXIT_OK;
	}
	if (strcmp(sub, "next") == 0)
		return schedule_next(argc - 1, argv + 1);
	if (strcmp(sub, "install") == 0 || strcmp(sub, "list") == 0 ||
	    strcmp(sub, "remove") == 0)
		return not_yet(sub);
	return cmd_usage_error(&cmd_schedule_entry, "unknown subcommand '%s'",
			       sub);
}

const struct cmd_entry cmd_schedule_entry = {
	.name = "schedule",
	.summary = "maintenance window timers (only 'next --calendar' so far)",
	.usage = "schedule next --calendar EXPR [-n N] [--after TIME] "
		 "[--normalize]\n"
		 "\n"
		 "Prints the next N times (default 1) a systemd calendar "
		 "expression elapses,\n"
		 "one ISO 8601 line each with the offset of the expression's "
		 "time zone, the\n"
		 "same instants 'systemd-analyze calendar --iterations=N EXPR' "
		 "shows.\n"
		 "\n"
		 "  --calendar EXPR  an OnCalendar expression, e.g. "
		 "'Sat *-*-* 02:00 Europe/Berlin'\n"
		 "  -n N             how many elapses to print (1 to 100000)\n"
		 "  --after TIME     start after TIME instead of now: "
		 "2026-11-28T02:00:00+01:00,\n"
		 "                   2026-11-28T02:00 (in the expression's "
		 "zone), or @SECONDS\n"
		 "  --normalize      print the normalized form instead, as "
		 "systemd-analyze does\n"
		 "\n"
		 "Not yet implemented (they exit with status 4): "
		 "schedule install PLAYBOOK\n"
		 "--window NAME, schedule list, schedule remove, and "
		 "schedule next NAME for a\n"
		 "window of crest.yml.  docs/windows.md describes the calendar "
		 "syntax.\n",
	.exec = cmd_schedule_exec,
};
