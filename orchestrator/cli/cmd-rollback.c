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

#include "cmd.h"
#include "engine/run-session.h"
#include "engine/state.h"
#include "options.h"
#include "revert-output.h"

/* Reverts a recorded run. */
static int cmd_rollback_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		OPTIONS_LONG,
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	static const struct revert_command rollback_command = {
		.name = "rollback",
		.session = run_session_rollback,
		.announce = 1,
		.end_word = "",
	};
	struct options o;
	struct error err = ERROR_INIT;
	const char *run_id;
	int rc = CREST_EXIT_INVALID;

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
	rc = revert_output_session(&rollback_command, &o, run_id, NULL);
out:
	options_release(&o);
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
