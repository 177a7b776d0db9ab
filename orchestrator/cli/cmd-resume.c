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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd-run-shared.h"
#include "cmd.h"
#include "options.h"
#include "engine/run-state.h"
#include "engine/state.h"
#include "base/xmalloc.h"

/* Resumes a run. */
static int cmd_resume_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		OPTIONS_LONG,
		OPTIONS_GIT_LONG,
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct run_session s = {0};
	struct run_state *rs = NULL;
	struct options o;
	struct error err = ERROR_INIT;
	struct buf msg = BUF_INIT;
	char *state_dir = NULL, *path = NULL;
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
	if (state_dir_open(o.state_dir, &state_dir, &err) < 0)
		goto fail;
	path = state_run_path(state_dir, argv[optind]);
	if (access(path, F_OK) < 0) {
		error_set(&err, ERROR_INVALID,
			  "no run %s in %s (see 'crest "
			  "runs')",
			  argv[optind], state_dir);
		goto fail;
	}
	if (run_state_load(path, &rs, &err) < 0)
		goto fail;
	s.command = "resume";
	s.o = &o;
	/* The session reopens the recorded source (the same commit). */
	s.playbook = run_state_header(rs, "playbook");
	s.inventory =
		o.inventory ? o.inventory : run_state_header(rs, "inventory");
	s.resume_id = argv[optind];
	if (s.playbook == NULL || s.inventory == NULL) {
		error_set(&err, ERROR_INVALID,
			  "run %s does not name its playbook and inventory",
			  argv[optind]);
		goto fail;
	}
	if (o.limit == NULL) {
		const char *limit = json_string_value(json_object_get(
			json_object_get(rs->header, "options"), "limit"));

		o.limit = limit;
	}
	rc = run_session_exec(&s);
	goto out;
fail:
	error_format(&err, &msg);
	fprintf(stderr, "crest resume: %s\n", msg.data);
	rc = error_exit_code(&err);
out:
	run_state_free(rs);
	options_release(&o);
	buf_release(&msg);
	error_release(&err);
	free(state_dir);
	free(path);
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
