/*
 * cmd-runs.c - "crest runs": the runs recorded in the state directory,
 * oldest first: id, start, playbook, commit, status and hosts, as a table
 * or with --json one JSON object a line.  Built on run-state.h.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "options.h"
#include "engine/run-state.h"
#include "engine/state.h"

/* Prints one run as a table row or a JSON line. */
static void runs_print(const struct run_state *rs, int json)
{
	const char *commit = run_state_header(rs, "commit");
	const char *start = run_state_header(rs, "time");
	const char *status = rs->status ? rs->status : "unfinished";
	json_t *o;

	if (json) {
		o = json_pack("{s:s, s:s?, s:s?, s:s?, s:s, s:I}", "run",
			      rs->run_id, "start", start, "playbook",
			      run_state_header(rs, "playbook"), "commit",
			      commit, "status", status, "hosts",
			      (json_int_t)rs->n_hosts);
		json_dumpf(o, stdout, JSON_COMPACT);
		putchar('\n');
		json_decref(o);
		return;
	}
	printf("%-21s %-20.19s %-28s %-12.12s %-16s %zu\n", rs->run_id,
	       start ? start : "-", run_state_header(rs, "playbook"),
	       commit ? commit : "-", status, rs->n_hosts);
}

/* Lists the recorded runs. */
static int cmd_runs_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"state-dir", required_argument, NULL, OPTIONS_STATE_DIR},
		{"json", no_argument, NULL, OPTIONS_JSON},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct options o;
	struct error err = ERROR_INIT;
	struct buf msg = BUF_INIT;
	struct run_state *rs = NULL;
	char *state_dir = NULL, **ids = NULL, *path;
	size_t i, n = 0;
	int rc = CREST_EXIT_INVALID;

	options_init(&o);
	if (!cmd_parse_options(&cmd_runs_entry, argc, argv, longopts, &o, NULL,
			       NULL, &rc))
		goto out;
	if (argc != optind) {
		rc = cmd_usage_error(&cmd_runs_entry, "no arguments expected");
		goto out;
	}
	if (state_dir_open(o.state_dir, &state_dir, &err) < 0 ||
	    state_list_runs(state_dir, &ids, &n, &err) < 0)
		goto fail;
	if (!o.json)
		printf("%-21s %-20s %-28s %-12s %-16s %s\n", "RUN", "START",
		       "PLAYBOOK", "COMMIT", "STATUS", "HOSTS");
	for (i = 0; i < n; i++) {
		path = state_run_path(state_dir, ids[i]);
		if (run_state_load(path, &rs, &err) == 0)
			runs_print(rs, o.json);
		else
			fprintf(stderr, "crest runs: %s: %s\n", ids[i],
				err.message);
		run_state_free(rs);
		rs = NULL;
		free(path);
	}
	rc = CREST_EXIT_OK;
	goto out;
fail:
	error_format(&err, &msg);
	fprintf(stderr, "crest runs: %s\n", msg.data);
	rc = error_exit_code(&err);
out:
	for (i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	free(state_dir);
	options_release(&o);
	buf_release(&msg);
	error_release(&err);
	return rc;
}

const struct cmd_entry cmd_runs_entry = {
	.name = "runs",
	.summary = "list the recorded runs, with their commits",
	.usage = "runs [--state-dir DIR] [--json]\n\n"
		 "Lists the runs of the state directory, oldest first: id, "
		 "start, playbook,\ncommit, status and hosts.\n\n"
		 "      --state-dir DIR      where runs are recorded\n"
		 "      --json               one JSON object per run\n",
	.exec = cmd_runs_exec,
};
