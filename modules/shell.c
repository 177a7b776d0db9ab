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
#include <string.h>

#include "command-run.h"
#include "module-args.h"
#include "module-run.h"
#include "module.h"
#include "transport/quote.h"

static const struct arg_spec shell_args[] = {
	{"cmd", ARG_STRING, ARG_REQUIRED, NULL, 0, 0},
	{"creates", ARG_PATH, 0, NULL, 0, 0},
	{"removes", ARG_PATH, 0, NULL, 0, 0},
	{"chdir", ARG_PATH, 0, NULL, 0, 0},
	{"env", ARG_ENV, 0, NULL, 0, 0},
	{"timeout", ARG_DURATION, 0, NULL, 0, 0},
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

/* Returns the shell line of args (borrowed). */
static const char *shell_cmd(const json_t *args)
{
	return json_is_string(args) ? json_string_value(args)
				    : module_arg_str(args, "cmd", "");
}

/* Checks creates/removes. */
static int shell_probe(struct module_run *run, const json_t *args,
		       json_t **prior, struct error *err)
{
	return command_run_probe(run, args, prior, err);
}

/* Runs the line with sh -c. */
static int shell_apply(struct module_run *run, const json_t *args,
		       const json_t *prior, int *changed, struct error *err)
{
	struct buf body = BUF_INIT;
	int rc;

	buf_adds(&body, "sh -c ");
	quote_sh_str(&body, shell_cmd(args));
	rc = command_run_apply(run, args, prior, body.data, changed, err);
	buf_release(&body);
	return rc;
}

/* Runs the task's rollback: line. */
static int shell_revert(struct module_run *run, const json_t *args,
			const json_t *prior, struct error *err)
{
	return command_run_revert(run, args, prior, err);
}

/* Says what would run. */
static int shell_describe(const json_t *args, const json_t *prior,
			  struct buf *out)
{
	command_run_describe(args, prior, shell_cmd(args), out);
	return 0;
}

const struct module module_shell = {
	.name = "shell",
	.summary = "run a line with /bin/sh",
	.validate = shell_validate,
	.probe = shell_probe,
	.apply = shell_apply,
	.revert = shell_revert,
	.describe = shell_describe,
	.flags = MODULE_IRREVERSIBLE | MODULE_ROLLBACK | MODULE_VERIFY,
};
