/*
 * cmd-schedule.c - "crest schedule": maintenance windows and their timers.
 *
 * "next" prints when a window of crest.yml (or a calendar expression)
 * opens next, as "systemd-analyze calendar --iterations=N" would;
 * "install", "list" and "remove" manage the systemd units that start
 * "crest run" when a window opens (schedule/schedule-install.h).  This
 * file is the command's entry and picks the subcommand; each lives in a
 * cmd-schedule-*.c (cmd-schedule.h).
 */
#include <string.h>

#include "base/error.h"
#include "cmd-schedule.h"
#include "cmd.h"

/* Dispatches on the subcommand. */
static int cmd_schedule_exec(int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : NULL;

	if (sub == NULL)
		return cmd_usage_error(&cmd_schedule_entry,
				       "which one: install, list, remove or "
				       "next?");
	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0) {
		cmd_print_usage(&cmd_schedule_entry);
		return CREST_EXIT_OK;
	}
	if (strcmp(sub, "next") == 0)
		return cmd_schedule_next(&cmd_schedule_entry, argc - 1,
					 argv + 1);
	if (strcmp(sub, "install") == 0)
		return cmd_schedule_install(&cmd_schedule_entry, argc - 1,
					    argv + 1);
	if (strcmp(sub, "list") == 0)
		return cmd_schedule_list(&cmd_schedule_entry, argc - 1,
					 argv + 1);
	if (strcmp(sub, "remove") == 0)
		return cmd_schedule_remove(&cmd_schedule_entry, argc - 1,
					   argv + 1);
	return cmd_usage_error(&cmd_schedule_entry, "unknown subcommand '%s'",
			       sub);
}

const struct cmd_entry cmd_schedule_entry = {
	.name = "schedule",
	.summary = "maintenance window timers: install, list, remove, next",
	.usage = "schedule install PLAYBOOK --window NAME [options]\n"
		 "       crest schedule list [--unit-dir DIR]\n"
		 "       crest schedule remove PLAYBOOK [--unit-dir DIR]\n"
		 "       crest schedule next NAME|--calendar EXPR [-n N] "
		 "[--after TIME]\n"
		 "\n"
		 "install writes crest-PLAYBOOK.service (running 'crest run' "
		 "with absolute\n"
		 "paths) and crest-PLAYBOOK.timer (OnCalendar of the window of "
		 "crest.yml,\n"
		 "Persistent=true, AccuracySec=1s), and enables the timer when "
		 "systemd runs.\n"
		 "list shows the installed timers, their next opening and last "
		 "run; remove\n"
		 "deletes them.  next prints the next N openings of a window "
		 "(or of an\n"
		 "OnCalendar expression), one ISO 8601 line each, as "
		 "'systemd-analyze calendar\n"
		 "--iterations=N' shows them.\n"
		 "\n"
		 "  --window NAME    the window of crest.yml (install)\n"
		 "  --repo DIR       the playbook repository, with crest.yml "
		 "(default .)\n"
		 "  --ref REF        the ref the service runs (default HEAD)\n"
		 "  -i INVENTORY     the inventory (default: crest.yml's)\n"
		 "  --state-dir DIR  where the runs are recorded\n"
		 "  --unit-dir DIR   where units go (default "
		 "/etc/systemd/system)\n"
		 "  --calendar EXPR  an OnCalendar expression, e.g. "
		 "'Sat *-*-* 02:00 Europe/Berlin'\n"
		 "  -n N             how many openings to print (1 to "
		 "100000)\n"
		 "  --after TIME     start after TIME instead of now: "
		 "2026-11-28T02:00:00+01:00,\n"
		 "                   2026-11-28T02:00 (in the expression's "
		 "zone), or @SECONDS\n"
		 "  --normalize      print the normalized form instead, as "
		 "systemd-analyze does\n"
		 "\n"
		 "docs/windows.md describes windows and the calendar syntax.\n",
	.exec = cmd_schedule_exec,
};
