/*
 * cmd-abort.c - "crest abort RUN [--comment TEXT]": a run paused for
 * approval is not to go on.  Records who aborted and why, then rolls the
 * play's last wave back as a failed wave is (the play's rollback:;
 * run_session_abort() in engine/run-session.h).
 */
#include <getopt.h>

#include "cmd.h"
#include "engine/run-session.h"
#include "engine/state.h"
#include "options.h"
#include "revert-output.h"

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

/* Aborts a paused run. */
static int cmd_abort_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		OPTIONS_LONG,
		{"comment", required_argument, NULL, ABORT_OPT_COMMENT},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	static const struct revert_command abort_command = {
		.name = "abort",
		.session = run_session_abort,
		.announce = 0,
		.end_word = "aborted, ",
	};
	struct options o;
	struct error err = ERROR_INIT;
	const char *comment = NULL;
	int rc = CREST_EXIT_INVALID;

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
	rc = revert_output_session(&abort_command, &o, argv[optind], comment);
out:
	options_release(&o);
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
