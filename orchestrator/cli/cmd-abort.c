/*
 * cmd-abort.c - "crest abort RUN [--comment TEXT]": a run paused for
 * approval is not to go on.  Records who aborted and why, then rolls the
 * play's last wave back as a failed wave is (the play's rollback:;
 * run_session_abort() in engine/run-session.h).
 */
#include <getopt.h>
#include <stdio.h>
#include <unistd.h>

#include "cmd.h"
#include "engine/run-session.h"
#include "engine/state.h"
#include "options.h"
#include "run-output.h"

enum {
	ABORT_OPT_COMMENT = OPTIONS_CODE_OWN,
};

/* Takes --comment. */
static int abort_option(int c, const char *arg, void *data)
{
	const char **comment = data;

	if (c != ABORT_OPT_COMMENT)
		return -1;
	*comment = arg;
	return 0;
}

/* Prints one host's revert. */
static void abort_rollback_done(void *data, const struct host_run *hr)
{
	int *json = data;

	if (*json)
		return;
	printf("  %-20s %s%s%s\n", hr->host->name,
	       hr->revert_failed ? "ROLLBACK FAILED" : "rolled back",
	       hr->revert_failed && hr->error.message ? ": " : "",
	       hr->revert_failed && hr->error.message ? hr->error.message : "");
	fflush(stdout);
}

/* Prints how the abort ended. */
static void abort_end(void *data, enum run_status status,
		      const struct run_session_info *info)
{
	int *json = data;

	if (!*json)
		printf("run %s: aborted, %s\n", info->run_id,
		       run_status_name(status));
}

/* Aborts a paused run. */
static int cmd_abort_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		OPTIONS_LONG,
		{"comment", required_argument, NULL, ABORT_OPT_COMMENT},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct run_observer observer = {0};
	struct run_session_output so = {0};
	struct run_session_request req;
	struct options o;
	struct error err = ERROR_INIT;
	struct buf msg = BUF_INIT;
	const char *comment = NULL;
	char **evars = NULL;
	int json = 0, rc = CREST_EXIT_INVALID;

	options_init(&o);
	if (!cmd_parse_options(&cmd_abort_entry, argc, argv, longopts, &o,
			       abort_option, &comment, &rc))
		goto out;
	if (argc - optind != 1 || !state_run_id_valid(argv[optind])) {
		rc = cmd_usage_error(&cmd_abort_entry,
				     "give one RUN id (see 'crest runs')");
		goto out;
	}
	if (options_finish(&o, &err) < 0) {
		rc = cmd_usage_error(&cmd_abort_entry, "%s", err.message);
		goto out;
	}
	json = o.json || !isatty(STDOUT_FILENO);
	observer.rollback_done = abort_rollback_done;
	observer.data = &json;
	so.events = json ? stdout : NULL;
	so.observer = &observer;
	so.end = abort_end;
	so.data = &json;
	evars = options_extra_vars(&o);
	run_output_request(&req, &o, evars);
	req.command = "abort";
	req.run_id = argv[optind];
	req.comment = comment;
	rc = run_session_abort(&req, &so, &err);
	if (err.kind != ERROR_NONE) {
		error_format(&err, &msg);
		fprintf(stderr, "crest abort: %s\n", msg.data);
	}
out:
	options_extra_vars_free(evars);
	options_release(&o);
	buf_release(&msg);
	error_release(&err);
	return rc;
}

const struct cmd_entry cmd_abort_entry = {
	.name = "abort",
	.summary = "roll back a run paused for approval instead of going on",
	.usage = "abort RUN [--comment TEXT] [options]\n\n"
		 "Records who aborted run RUN, which waits for approval, and "
		 "rolls its last\nwave back as a failed wave is (the play's "
		 "rollback:).\n\n"
		 "      --comment TEXT       why, for the journal and "
		 "'crest show'\n" OPTIONS_USAGE
		 "\nexit codes: 2 rolled back, 3 rollback failed, 1 "
		 "rollback: none, 4 invalid input\n",
	.exec = cmd_abort_exec,
};
