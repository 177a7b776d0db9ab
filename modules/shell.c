/*
 * shell.c - the shell module: run a line with the host's /bin/sh.
 *
 *	shell: "systemctl daemon-reload && systemctl restart acme-agent"
 *	shell: {cmd: "acme-migrate > /var/log/acme-migrate.log", creates: /var/lib/acme/migrated}
 *
 * Like command, but the line goes to sh -c, so pipes and redirections
 * work.  Irreversible unless the task gives a "rollback:".  The line goes
 * to the host as one quoted word of "sh -c", after "cd" and "env" for
 * chdir and env; the rest is command-run.c.
 */

#include "command-run.h"
#include "module-args.h"
#include "module-run.h"
#include "module.h"

static const struct arg_spec shell_args[] = {
	{"cmd", ARG_STRING, ARG_REQUIRED, NULL, 0, 0},
	COMMAND_RUN_ARGS,
	{NULL, 0, 0, NULL, 0, 0},
};

/* Checks a shell line or the cmd mapping. */
static int shell_validate(const struct task *task, struct error *err)
{
	return command_run_validate(task, shell_args, NULL, err);
}

/* Runs the line with sh -c. */
static int shell_apply(struct module_run *run, const json_t *args,
		       const json_t *prior, int *changed, struct error *err)
{
	struct buf body = BUF_INIT;
	int rc;

	command_run_sh(command_run_cmd(args), &body);
	rc = command_run_apply(run, args, prior, body.data, changed, err);
	buf_release(&body);
	return rc;
}

/* Says what would run. */
static int shell_describe(const json_t *args, const json_t *prior,
			  struct buf *out)
{
	command_run_describe(args, prior, command_run_cmd(args), out);
	return 0;
}

const struct module module_shell = {
	.name = "shell",
	.summary = "run a line with /bin/sh",
	.validate = shell_validate,
	.probe = command_run_probe,
	.apply = shell_apply,
	.revert = command_run_revert,
	.revert_args = command_run_revert_args,
	.describe = shell_describe,
	.flags = MODULE_IRREVERSIBLE | MODULE_ROLLBACK | MODULE_VERIFY,
};
