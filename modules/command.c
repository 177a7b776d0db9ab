/*
 * command.c - the command module: run a program on the host without a
 * shell, as an argv.
 *
 *	command: systemctl is-active acme-agent
 *	command: {argv: [/usr/bin/acme, --check], creates: /var/lib/acme/ok}
 *
 * A string is split into words as a shell would, without expanding
 * anything; "argv" gives the words directly.  "creates"/"removes" skip
 * the command when the path already exists / does not exist.  Only the
 * task's own "rollback:" can undo a command, so without one it is
 * irreversible.  Issue 3 gives it its argument checks; probe, apply and
 * describe come with the run engine (MODULE_PENDING).
 */
#include <string.h>

#include "module-args.h"
#include "module.h"

static const struct arg_spec command_args[] = {
	{"cmd", ARG_STRING, 0, NULL, 0, 0},
	{"argv", ARG_ARGV, 0, NULL, 0, 0},
	{"creates", ARG_PATH, 0, NULL, 0, 0},
	{"removes", ARG_PATH, 0, NULL, 0, 0},
	{"chdir", ARG_PATH, 0, NULL, 0, 0},
	{NULL, 0, 0, NULL, 0, 0},
};

/* Checks a command line or the cmd/argv mapping. */
static int command_validate(const struct task *task, struct error *err)
{
	static const char *const one_of[] = {"cmd", "argv", NULL};
	const struct ynode *args = task->args;

	if (ynode_is_str(args)) {
		if (strspn(args->str, " \t\n") == args->len)
			return ynode_error(
				args, err,
				"command: the command line is empty");
		return 0;
	}
	if (module_args_check(task, command_args, err) < 0 ||
	    module_args_one_of(task, one_of, err) < 0)
		return -1;
	return 0;
}

const struct module module_command = {
	.name = "command",
	.summary = "run a program (an argv, no shell)",
	.validate = command_validate,
	.flags = MODULE_IRREVERSIBLE | MODULE_ROLLBACK | MODULE_VERIFY |
		 MODULE_PENDING,
};
