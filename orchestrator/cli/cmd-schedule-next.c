/*
 * cmd-schedule-next.c - "crest schedule next NAME|--calendar EXPR": the
 * next openings of a window of crest.yml, or the elapses of an OnCalendar
 * expression, one ISO 8601 line each, as "systemd-analyze calendar
 * --iterations=N" prints them (or, with --normalize, the expression's
 * normalized form).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "base/buf.h"
#include "base/error.h"
#include "cmd-schedule.h"
#include "cmd.h"
#include "options.h"
#include "git/repo-policy.h"
#include "schedule/calendar.h"
#include "schedule/timestamp.h"
#include "schedule/window.h"

/* "crest schedule next" prints at most this many elapses. */
#define SCHEDULE_MAX_COUNT 100000

enum {
	NEXT_OPT_AFTER = OPTIONS_CODE_OWN,
	NEXT_OPT_NORMALIZE,
};

/* What "crest schedule next" was asked for. */
struct schedule_next_options {
	const char *calendar;
	const char *name; /* a window of crest.yml */
	const char *repo; /* where crest.yml is; default "." */
	const char *after;
	long count;
	int normalize;
	const struct cmd_entry *entry; /* crest schedule's */
};

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

/* Takes one of the options of "next" (--repo is a shared one). */
static int next_option(int c, const char *arg, void *data)
{
	struct schedule_next_options *o = data;

	switch (c) {
	case 'c':
		o->calendar = arg;
		break;
	case NEXT_OPT_AFTER:
		o->after = arg;
		break;
	case NEXT_OPT_NORMALIZE:
		o->normalize = 1;
		break;
	case 'n':
		if (parse_count(arg, &o->count) < 0) {
			cmd_usage_error(o->entry,
					"-n wants a count from 1 to %d, not "
					"'%s'",
					SCHEDULE_MAX_COUNT, arg);
			return CMD_OPTION_REPORTED;
		}
		break;
	default:
		return -1;
	}
	return 0;
}

/* Reads the options of "next"; returns -1 after printing a usage error
 * (exit code in *exit_code), 1 after --help, else 0. */
static int parse_next_options(int argc, char **argv,
			      struct schedule_next_options *o, int *exit_code)
{
	static const struct option longopts[] = {
		{"calendar", required_argument, NULL, 'c'},
		{"after", required_argument, NULL, NEXT_OPT_AFTER},
		{"normalize", no_argument, NULL, NEXT_OPT_NORMALIZE},
		{"repo", required_argument, NULL, OPTIONS_REPO},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct options shared;
	int ok;

	options_init(&shared);
	ok = cmd_parse_options_with(o->entry, ":c:n:h", argc, argv, longopts,
				    &shared, next_option, o, exit_code);
	o->repo = shared.repo;
	options_release(&shared);
	if (!ok)
		return *exit_code == CREST_EXIT_OK ? 1 : -1;
	if (optind < argc && o->calendar == NULL)
		o->name = argv[optind++];
	if (optind < argc) {
		*exit_code = cmd_usage_error(
			o->entry, "unexpected argument '%s'", argv[optind]);
		return -1;
	}
	if (o->calendar == NULL && o->name == NULL) {
		*exit_code =
			cmd_usage_error(o->entry, "next wants a window NAME or "
						  "--calendar EXPR");
		return -1;
	}
	return 0;
}

/* Prints the normalized form, or the next elapses, one per line. */
int cmd_schedule_next(const struct cmd_entry *entry, int argc, char **argv)
{
	struct schedule_next_options o = {NULL, NULL, NULL, NULL, 1, 0, entry};
	struct window_set set = WINDOW_SET_INIT;
	const struct window *w = NULL;
	struct calendar *own = NULL;
	const struct calendar *cal = NULL;
	struct error err = ERROR_INIT;
	struct buf line = BUF_INIT;
	int64_t from;
	time_t at = time(NULL);
	long i;
	int ret;

	if (parse_next_options(argc, argv, &o, &ret) != 0)
		goto out;
	/* Now, or CREST_NOW (window.h), unless --after says otherwise. */
	if (window_now(&at, &err) < 0) {
		ret = error_exit_code(&err);
		error_format(&err, &line);
		fprintf(stderr, "crest schedule next: %s\n", line.data);
		goto out;
	}
	from = (int64_t)at;
	if (o.name) {
		w = window_load(o.repo, o.name, &repo_policy_check, &set, &err);
		cal = w ? w->cal : NULL;
	} else if (calendar_parse(o.calendar, NULL, &own, &err) == 0) {
		cal = own;
	}
	if (cal == NULL ||
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
				o.name ? o.name : o.calendar, line.data);
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
				o.name ? o.name : o.calendar, line.data,
				CALENDAR_MAX_YEAR);
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
	calendar_free(own);
	window_set_release(&set);
	return ret;
}
