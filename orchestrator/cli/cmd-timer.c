/*
 * cmd-timer.c - "crest timer": a built-in timer for hosts without systemd.
 *
 *	crest timer PLAYBOOK --window NAME [--once] [run options]
 *
 * Waits for window NAME of crest.yml to open, runs the playbook as
 * "crest run" would (continuing a run of the same commit that an earlier
 * window paused), then waits for the next opening, until SIGINT or
 * SIGTERM.  With --once it runs the playbook when the window is open now
 * and otherwise exits 5 saying when it opens: the form a cron job or a
 * supervisor calls.  The clock is the system's, or CREST_NOW (windows.md).
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "run-output.h"
#include "cmd.h"
#include "options.h"
#include "git/repo-policy.h"
#include "schedule/timestamp.h"
#include "schedule/window.h"
#include "base/xmalloc.h"

enum {
	TIMER_OPT_WINDOW = OPTIONS_CODE_OWN,
	TIMER_OPT_ONCE,
};

/* The timer's own options. */
struct timer_options {
	const char *window;
	int once;
};

static volatile sig_atomic_t timer_stop;

/* SIGINT/SIGTERM between runs: stop waiting. */
static void timer_on_signal(int sig)
{
	(void)sig;
	timer_stop = 1;
}

/* Takes one of the timer's own options. */
static int timer_option(int c, const char *arg, void *data)
{
	struct timer_options *t = data;

	if (c == TIMER_OPT_WINDOW)
		t->window = arg;
	else if (c == TIMER_OPT_ONCE)
		t->once = 1;
	else
		return -1;
	return 0;
}

/* Sleeps until t (or a signal), a minute at a time so a changed clock is
 * noticed.  Returns 0 at t, -1 when told to stop. */
static int timer_sleep_until(time_t t, struct error *err)
{
	struct timespec step = {0, 0};
	time_t now;

	for (;;) {
		if (timer_stop)
			return -1;
		if (window_now(&now, err) < 0)
			return -1;
		if (now >= t)
			return 0;
		step.tv_sec = t - now > 60 ? 60 : t - now;
		nanosleep(&step, NULL);
	}
}

/* Says when the window opens next. */
static void timer_say_next(const struct window *w, time_t open)
{
	struct buf when = BUF_INIT;

	timestamp_format((int64_t)open, calendar_zone(w->cal), &when);
	printf("crest timer: window %s is closed; it opens at %s\n", w->name,
	       when.data);
	fflush(stdout);
	buf_release(&when);
}

/* Runs the playbook in the window, once or at every opening. */
static int cmd_timer_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		OPTIONS_LONG,
		OPTIONS_GIT_LONG,
		{"window", required_argument, NULL, TIMER_OPT_WINDOW},
		{"once", no_argument, NULL, TIMER_OPT_ONCE},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct window_set set = WINDOW_SET_INIT;
	const struct window *w;
	struct options o;
	struct error err = ERROR_INIT;
	struct buf msg = BUF_INIT;
	struct sigaction sa;
	struct timer_options t = {NULL, 0};
	const char *window;
	time_t now, open, end;
	int once, rc = CREST_EXIT_INVALID;

	options_init(&o);
	if (!cmd_parse_options(&cmd_timer_entry, argc, argv, longopts, &o,
			       timer_option, &t, &rc))
		goto out;
	window = t.window;
	once = t.once;
	if (argc - optind != 1 || window == NULL) {
		rc = cmd_usage_error(&cmd_timer_entry,
				     "give one PLAYBOOK and --window NAME");
		goto out;
	}
	if (options_finish(&o, &err) < 0) {
		rc = cmd_usage_error(&cmd_timer_entry, "%s", err.message);
		goto out;
	}
	w = window_load(o.repo, window, &repo_policy_check, &set, &err);
	if (w == NULL)
		goto fail;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = timer_on_signal;
	for (;;) {
		if (window_now(&now, &err) < 0)
			goto fail;
		if (window_containing(w, now, &open, &end) == 1) {
			rc = run_output_session("timer", &o, argv[optind],
						NULL);
			if (once || timer_stop)
				goto out;
			now = end;
		} else if (once) {
			if (window_next_open(w, now, &open) == 0)
				timer_say_next(w, open);
			rc = CREST_EXIT_WINDOW;
			goto out;
		}
		if (window_next_open(w, now, &open) < 0) {
			error_set(&err, ERROR_INVALID,
				  "window %s never opens again", w->name);
			goto fail;
		}
		timer_say_next(w, open);
		/* A run installs its own handlers; the wait needs ours. */
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
		if (timer_sleep_until(open, &err) < 0) {
			rc = err.kind == ERROR_NONE ? CREST_EXIT_INTERRUPTED
						    : CREST_EXIT_FAILED;
			if (err.kind != ERROR_NONE)
				goto fail;
			goto out;
		}
	}
fail:
	error_format(&err, &msg);
	fprintf(stderr, "crest timer: %s\n", msg.data);
	rc = error_exit_code(&err);
out:
	window_set_release(&set);
	options_release(&o);
	buf_release(&msg);
	error_release(&err);
	return rc;
}

const struct cmd_entry cmd_timer_entry = {
	.name = "timer",
	.summary = "run a playbook at each opening of a window (no systemd)",
	.usage = "timer PLAYBOOK --window NAME [--once] [options]\n\n"
		 "Runs PLAYBOOK as 'crest run' does whenever window NAME of "
		 "crest.yml is open,\nwaiting for each opening, until SIGINT "
		 "or SIGTERM.  --once runs it if the\nwindow is open now, "
		 "else exits 5 saying when it opens.\n\n" OPTIONS_USAGE
			 OPTIONS_GIT_USAGE,
	.exec = cmd_timer_exec,
};
