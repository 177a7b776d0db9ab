/*
 * cmd-rollback.c - "crest rollback RUN": undo everything a run changed.
 *
 * Reads the run's journal (run-state.h), reloads its playbook and
 * inventory, and reverts every change not yet reverted, newest wave first
 * and newest task first on each host, from the prior states the journal
 * holds: it works for a finished, successful run as well as for one whose
 * controller died.  The steps go into the same journal, which ends with a
 * new run_end.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "engine/run-session.h"
#include "engine/state.h"
#include "options.h"
#include "run-output.h"

/* Prints one host's revert. */
static void rb_rollback_done(void *data, const struct host_run *hr)
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

/* Reports an engine message. */
static void rb_message(void *data, const char *text)
{
	fprintf(stderr, "crest rollback: %s\n", text);
}

/* Says what is rolled back. */
static void rb_begin(void *data, const struct run_session_info *info)
{
	int *json = data;

	if (!*json)
		printf("run %s: rolling back %zu change%s\n", info->run_id,
		       info->rollback_changes,
		       info->rollback_changes == 1 ? "" : "s");
}

/* Says that there was nothing to roll back. */
static void rb_nothing(void *data, const char *run_id)
{
	/* Said on stderr so that --json output stays events only. */
	fprintf(stderr, "crest rollback: run %s: nothing to roll back\n",
		run_id);
}

/* Prints how the rollback ended. */
static void rb_end(void *data, enum run_status status,
		   const struct run_session_info *info)
{
	int *json = data;

	if (!*json)
		printf("run %s: %s\n", info->run_id, run_status_name(status));
}

/* Reverts a recorded run. */
static int cmd_rollback_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		OPTIONS_LONG,
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct run_observer observer = {0};
	struct run_session_output so = {0};
	struct run_session_request req;
	struct options o;
	struct error err = ERROR_INIT;
	struct buf msg = BUF_INIT;
	const char *run_id;
	char **evars = NULL;
	int json = 0, rc = CREST_EXIT_INVALID;

	options_init(&o);
	if (!cmd_parse_options(&cmd_rollback_entry, argc, argv, longopts, &o,
			       NULL, NULL, &rc))
		goto out;
	if (argc - optind != 1) {
		rc = cmd_usage_error(&cmd_rollback_entry, "give one RUN id");
		goto out;
	}
	run_id = argv[optind];
	if (!state_run_id_valid(run_id)) {
		rc = cmd_usage_error(&cmd_rollback_entry,
				     "'%s' is not a run id (see 'crest runs')",
				     run_id);
		goto out;
	}
	if (options_finish(&o, &err) < 0) {
		rc = cmd_usage_error(&cmd_rollback_entry, "%s", err.message);
		goto out;
	}
	json = o.json || !isatty(STDOUT_FILENO);
	observer.rollback_done = rb_rollback_done;
	observer.message = rb_message;
	observer.data = &json;
	so.events = json ? stdout : NULL;
	so.observer = &observer;
	so.begin = rb_begin;
	so.nothing_to_roll_back = rb_nothing;
	so.end = rb_end;
	so.data = &json;
	evars = options_extra_vars(&o);
	run_output_request(&req, &o, evars);
	req.command = "rollback";
	req.run_id = run_id;
	rc = run_session_rollback(&req, &so, &err);
	if (err.kind != ERROR_NONE) {
		error_format(&err, &msg);
		fprintf(stderr, "crest rollback: %s\n", msg.data);
	}
out:
	options_extra_vars_free(evars);
	options_release(&o);
	buf_release(&msg);
	error_release(&err);
	return rc;
}

const struct cmd_entry cmd_rollback_entry = {
	.name = "rollback",
	.summary = "revert everything a run changed, newest first",
	.usage = "rollback RUN [options]\n\n"
		 "Reverts every change run RUN made that is not reverted "
		 "yet, from the prior\nstates its journal holds; the "
		 "playbook and inventory are the run's unless\n-i is "
		 "given.\n\n" OPTIONS_USAGE
		 "\nexit codes: 0 rolled back, 3 rollback failed, 4 invalid "
		 "input\n",
	.exec = cmd_rollback_exec,
};
