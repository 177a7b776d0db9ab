/*
 * cmd-resume.c - "crest resume RUN": go on with a run whose controller
 * died or was interrupted.
 *
 * The run's journal says which hosts ended, which tasks finished and which
 * one was in flight; the same playbook and inventory (the journal names
 * them) are run again over the same hosts in the same waves, skipping what
 * finished and re-probing the task that was in flight while keeping the
 * prior state its first intent recorded, so a rollback still restores what
 * the host had before the run.
 */
#include <getopt.h>

#include "cmd.h"
#include "engine/state.h"
#include "options.h"
#include "run-output.h"

/* Resumes a run. */
static int cmd_resume_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		OPTIONS_LONG,
		OPTIONS_GIT_LONG,
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct options o;
	struct error err = ERROR_INIT;
	int rc = CREST_EXIT_INVALID;

	options_init(&o);
	if (!cmd_parse_options(&cmd_resume_entry, argc, argv, longopts, &o,
			       NULL, NULL, &rc))
		goto out;
	if (argc - optind != 1 || !state_run_id_valid(argv[optind])) {
		rc = cmd_usage_error(&cmd_resume_entry,
				     "give one RUN id (see 'crest runs')");
		goto out;
	}
	if (options_finish(&o, &err) < 0) {
		rc = cmd_usage_error(&cmd_resume_entry, "%s", err.message);
		goto out;
	}
	/* The session reopens the recorded source (the same commit), with
	 * the run's --limit unless one is given. */
	rc = run_output_session("resume", &o, NULL, argv[optind]);
out:
	options_release(&o);
	error_release(&err);
	return rc;
}

const struct cmd_entry cmd_resume_entry = {
	.name = "resume",
	.summary = "go on with a run that died or was interrupted",
	.usage =
		"resume RUN [options]\n\n"
		"Continues run RUN from its journal: finished hosts and "
		"tasks are not run\nagain, the task in flight is probed "
		"again.  The playbook, inventory and\n--limit are the "
		"run's unless given; a run from a commit reads the same "
		"commit\n(--repo and --ref are then ignored).\n\n" OPTIONS_USAGE
			OPTIONS_GIT_USAGE,
	.exec = cmd_resume_exec,
};
