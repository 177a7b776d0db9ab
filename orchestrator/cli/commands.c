/*
 * commands.c - the table of crest's commands, lookups into it, and "crest
 * help" with the text of "crest --help", which list it.
 *
 * help lives with the table rather than in a cmd-help.c of its own: it is
 * the one command that reads the table, and the table names every command,
 * so apart they would include each other.
 */
#include <stdio.h>
#include <string.h>

#include "base/error.h"
#include "cmd.h"
#include "crest.h"

/* One row a command; clang-format would pack the rows together. */
/* clang-format off */
const struct cmd_entry *const cmd_table[] = {
	&cmd_run_entry,
	&cmd_plan_entry,
	&cmd_validate_entry,
	&cmd_inventory_entry,
	&cmd_exec_entry,
	&cmd_patches_entry,
	&cmd_runs_entry,
	&cmd_history_entry,
	&cmd_facts_entry,
	&cmd_show_entry,
	&cmd_report_entry,
	&cmd_resume_entry,
	&cmd_approve_entry,
	&cmd_abort_entry,
	&cmd_rollback_entry,
	&cmd_schedule_entry,
	&cmd_timer_entry,
	&cmd_version_entry,
	&cmd_help_entry,
	NULL,
};
/* clang-format on */

/* Finds a command by name. */
const struct cmd_entry *cmd_find(const char *name)
{
	size_t i;

	for (i = 0; cmd_table[i] != NULL; i++)
		if (strcmp(cmd_table[i]->name, name) == 0)
			return cmd_table[i];
	return NULL;
}

/* Lists every command with its summary. */
void crest_print_help(FILE *fp)
{
	size_t i;

	fprintf(fp, "usage: crest [--version] [--help] COMMAND [ARGS]\n\n"
		    "crest rolls changes through a fleet over SSH in waves and "
		    "rolls a wave back when it fails.\n\ncommands:\n");
	for (i = 0; cmd_table[i] != NULL; i++)
		fprintf(fp, "  %-10s %s\n", cmd_table[i]->name,
			cmd_table[i]->summary);
	fprintf(fp, "\n'crest COMMAND --help' shows a command's options.\n"
		    "exit codes: 0 ok, 1 failed, 2 rolled back, 3 rollback "
		    "failed, 4 invalid input,\n"
		    "            5 outside window or paused, 6 interrupted\n");
}

/* Shows the overview, or one command's usage. */
static int cmd_help_exec(int argc, char **argv)
{
	const struct cmd_entry *entry;

	if (argc < 2) {
		crest_print_help(stdout);
		return CREST_EXIT_OK;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		cmd_print_usage(&cmd_help_entry);
		return CREST_EXIT_OK;
	}
	entry = cmd_find(argv[1]);
	if (entry == NULL) {
		fprintf(stderr,
			"crest: '%s' is not a crest command; see "
			"'crest --help'\n",
			argv[1]);
		return CREST_EXIT_INVALID;
	}
	cmd_print_usage(entry);
	return CREST_EXIT_OK;
}

const struct cmd_entry cmd_help_entry = {
	.name = "help",
	.summary = "show the commands, or one command's options",
	.usage = "help [COMMAND]\n",
	.exec = cmd_help_exec,
};
