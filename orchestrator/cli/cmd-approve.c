/*
 * cmd-approve.c - "crest approve RUN [--wave N] [--comment TEXT]": record
 * who approved the wave a paused run waits for (the user, the time, the
 * comment) and go on with the run in the foreground, as "crest resume
 * RUN" does (the same session; engine/run-approval.h).
 */
#include <getopt.h>
#include <stdlib.h>

#include "cmd.h"
#include "engine/state.h"
#include "options.h"
#include "run-output.h"

enum {
	APPROVE_OPT_WAVE = OPTIONS_CODE_OWN,
	APPROVE_OPT_COMMENT,
};

/* What approve takes besides the shared options. */
struct approve_options {
	unsigned wave;
	const char *comment;
};

/* Takes --wave and --comment. */
static int approve_option(int c, const char *arg, void *data)
{
	struct approve_options *a = data;
	char *end;
	long n;

	if (c == APPROVE_OPT_COMMENT) {
		a->comment = arg;
		return 0;
	}
	if (c != APPROVE_OPT_WAVE)
		return -1;
	n = strtol(arg, &end, 10);
	if (*arg == '\0' || *end != '\0' || n < 1 || n > 100000) {
		cmd_usage_error(&cmd_approve_entry,
				"--wave takes a wave number (1 is the first), "
				"not '%s'",
				arg);
		return CMD_OPTION_REPORTED;
	}
	a->wave = (unsigned)n;
	return 0;
}

/* Approves a wave and goes on. */
static int cmd_approve_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		OPTIONS_LONG,
		{"wave", required_argument, NULL, APPROVE_OPT_WAVE},
		{"comment", required_argument, NULL, APPROVE_OPT_COMMENT},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct approve_options a = {0, NULL};
	struct options o;
	struct error err = ERROR_INIT;
	int rc = CREST_EXIT_INVALID;

	options_init(&o);
	if (!cmd_parse_options(&cmd_approve_entry, argc, argv, longopts, &o,
			       approve_option, &a, &rc))
		goto out;
	if (argc - optind != 1 || !state_run_id_valid(argv[optind])) {
		rc = cmd_usage_error(&cmd_approve_entry,
				     "give one RUN id (see 'crest runs')");
		goto out;
	}
	if (options_finish(&o, &err) < 0) {
		rc = cmd_usage_error(&cmd_approve_entry, "%s", err.message);
		goto out;
	}
	rc = run_output_approve(&o, argv[optind], a.wave, a.comment);
out:
	options_release(&o);
	error_release(&err);
	return rc;
}

const struct cmd_entry cmd_approve_entry = {
	.name = "approve",
	.summary = "approve the wave a paused run waits for, and go on",
	.usage = "approve RUN [--wave N] [--comment TEXT] [options]\n\n"
		 "Records who approved the wave run RUN waits for (or wave "
		 "N), when, and the\ncomment, then goes on with the run as "
		 "'crest resume RUN' does.\n\n"
		 "      --wave N             the wave to approve (default: "
		 "the one it waits for)\n"
		 "      --comment TEXT       why, for the journal and "
		 "'crest show'\n" OPTIONS_USAGE
		 "\nexit codes: as crest run; 4 when the run waits for no "
		 "approval\n",
	.exec = cmd_approve_exec,
};
