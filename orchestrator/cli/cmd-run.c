/*
 * cmd-run.c - "crest run PLAYBOOK": roll a playbook out in waves.
 *
 * Parses the options and hands the rest to the shared session
 * (cmd-run-shared.h): the run's lock and journal, the engine (run.h), and
 * the output: on a terminal each wave and host as they end and a recap;
 * with --json (or when stdout is not a terminal) the journal's events, one
 * JSON object a line.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "run-output.h"
#include "cmd.h"
#include "options.h"

/* Runs a playbook. */
static int cmd_run_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		OPTIONS_LONG,	    OPTIONS_GIT_LONG,
		OPTIONS_SHARD_LONG, {"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct options o;
	struct error err = ERROR_INIT;
	int rc = CREST_EXIT_INVALID;

	options_init(&o);
	if (!cmd_parse_options(&cmd_run_entry, argc, argv, longopts, &o, NULL,
			       NULL, &rc))
		goto out;
	if (argc - optind != 1) {
		rc = cmd_usage_error(&cmd_run_entry,
				     "give exactly one PLAYBOOK");
		goto out;
	}
	if (options_finish(&o, &err) < 0) {
		rc = cmd_usage_error(&cmd_run_entry, "%s", err.message);
		goto out;
	}
	rc = run_output_session("run", &o, argv[optind], NULL);
out:
	options_release(&o);
	error_release(&err);
	return rc;
}

const struct cmd_entry cmd_run_entry = {
	.name = "run",
	.summary = "roll a playbook out in waves, rolling back a failed wave",
	.usage = "run PLAYBOOK [-i INVENTORY] [options]\n\n"
		 "PLAYBOOK is read from the commit its git repository is at "
		 "(docs/git.md);\n-i defaults to crest.yml's "
		 "inventory.\n\n" OPTIONS_USAGE OPTIONS_GIT_USAGE
			 OPTIONS_SHARD_USAGE
		 "\nexit codes: 0 ok, 1 failed within budget, 2 rolled back, "
		 "3 rollback failed,\n"
		 "            4 invalid input, 5 outside window, 6 "
		 "interrupted\n",
	.exec = cmd_run_exec,
};
