/*
 * shell.c - the shell module: run a line with the host's /bin/sh.
 *
 *	shell: "systemctl daemon-reload && systemctl restart acme-agent"
 *	shell: {cmd: "acme-migrate > /var/log/acme-migrate.log", creates: /var/lib/acme/migrated}
 *
 * Like command, but the line goes to sh -c, so pipes and redirections
 * work.  Irreversible unless the task gives a "rollback:".  Issue 3 gives
 * it its argument checks; probe, apply and describe come with the run
 * engine (MODULE_PENDING).
 */
#include <string.h>

#include "module-args.h"
#include "module.h"

static const struct arg_spec shell_args[] = {
	{"cmd", ARG_STRING, ARG_REQUIRED, NULL, 0, 0},
	{"creates", ARG_PATH, 0, NULL, 0, 0},
	{"removes", ARG_PATH, 0, NULL, 0, 0},
	{"chdir", ARG_PATH, 0, NULL, 0, 0},
	{NULL, 0, 0, NULL, 0, 0},
};

/* Checks a shell line or the cmd mapping. */
static int shell_validate(const struct task *task, struct error *err)
{
	const struct ynode *args = task->args;

	if (ynode_is_str(args)) {
		if (strspn(args->str, " \t\n") == args->len)
			return ynode_error(args, err,
					   "shell: the command line is empty");
		return 0;
	}
	return module_args_check(task, shell_args, err);
}

const struct module module_shell = {
	.name = "shell",
	.summary = "run a line with /bin/sh",
	.validate = shell_validate,
	.flags = MODULE_IRREVERSIBLE | MODULE_ROLLBACK | MODULE_VERIFY |
		 MODULE_PENDING,
};
