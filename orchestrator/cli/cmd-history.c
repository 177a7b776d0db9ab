/*
 * cmd-history.c - "crest history HOST": every run that touched a host,
 * newest first, with what it changed (before -> after), its outcome and
 * its rollbacks, as text or with --json one JSON object a line.  Built on
 * facts/history.h; read-only.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "base/json-get.h"
#include "options.h"
#include "engine/state.h"
#include "facts/history.h"

/* Prints one run, its changes and its rollbacks as text. */
static void history_print(const json_t *run)
{
	json_t *c;
	size_t i;

	printf("%.19s  %s  commit %.12s  %s  by %s  %s\n",
	       json_get_str(run, "time", "-"), json_get_str(run, "run", "-"),
	       json_get_str(run, "commit", "-"),
	       json_get_str(run, "playbook", "-"),
	       json_get_str(run, "user", "-"),
	       json_get_str(run, "status", "-"));
	json_array_foreach(json_object_get(run, "changes"), i, c) printf(
		"  task %lld %s: %s (%s)%s\n",
		(long long)json_integer_value(json_object_get(c, "task")),
		json_get_str(c, "module", "-"), json_get_str(c, "change", "-"),
		json_get_str(c, "status", "-"),
		json_is_true(json_object_get(c, "reverted")) ? ", reverted"
							     : "");
	json_array_foreach(json_object_get(run, "rollbacks"), i, c)
	{
		const char *by = json_get_str(c, "rollback_run", NULL);

		printf("  rollback task %lld: %s%s%s%s\n",
		       (long long)json_integer_value(
			       json_object_get(c, "task")),
		       json_get_str(c, "status", "-"),
		       by ? " (crest rollback " : " (in the run", by ? by : "",
		       ")");
		if (json_get_str(c, "error", NULL))
			printf("    error: %s\n",
			       json_get_str(c, "error", "-"));
	}
}

/* Lists the runs that touched one host. */
static int cmd_history_exec(int argc, char **argv)
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
	json_t *runs = NULL, *run;
	char *state_dir = NULL;
	size_t i;
	int rc = CREST_EXIT_INVALID;

	options_init(&o);
	if (!cmd_parse_options(&cmd_history_entry, argc, argv, longopts, &o,
			       NULL, NULL, &rc))
		goto out;
	if (argc != optind + 1 || argv[optind][0] == '\0') {
		rc = cmd_usage_error(&cmd_history_entry, "one HOST expected");
		goto out;
	}
	if (state_dir_open(o.state_dir, &state_dir, &err) < 0 ||
	    history_host(state_dir, argv[optind], &runs, &err) < 0)
		goto fail;
	json_array_foreach(runs, i, run)
	{
		if (o.json) {
			json_dumpf(run, stdout, JSON_COMPACT);
			putchar('\n');
		} else {
			history_print(run);
		}
	}
	rc = CREST_EXIT_OK;
	goto out;
fail:
	error_format(&err, &msg);
	fprintf(stderr, "crest history: %s\n", msg.data);
	rc = error_exit_code(&err);
out:
	json_decref(runs);
	free(state_dir);
	options_release(&o);
	buf_release(&msg);
	error_release(&err);
	return rc;
}

const struct cmd_entry cmd_history_entry = {
	.name = "history",
	.summary = "every run that touched a host: changes, outcome, rollbacks",
	.usage = "history HOST [--state-dir DIR] [--json]\n\n"
		 "Lists every recorded run that touched HOST, newest first: "
		 "time, run, commit,\nplaybook, who ran it, what each task "
		 "changed (before -> after), the host's\noutcome and its "
		 "rollbacks.  Read from the journals only.\n\n"
		 "      --state-dir DIR      where runs are recorded\n"
		 "      --json               one JSON object per run "
		 "(docs/facts.md)\n",
	.exec = cmd_history_exec,
};
