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
 * irreversible (module_task_irreversible()).  "env" sets variables for
 * it, "chdir" its directory, "timeout" bounds it.  Each word is quoted on
 * its own, so a variable's value reaches the program as one argument,
 * whatever it holds; in the string form the line is split after
 * substitution, so values that may hold blanks or quotes belong in argv.
 * The shared work is in command-run.c.
 */
#include <stdlib.h>

#include "command-run.h"
#include "module-args.h"
#include "module-run.h"
#include "module.h"
#include "transport/quote.h"

static const struct arg_spec command_args[] = {
	{"cmd", ARG_STRING, 0, NULL, 0, 0},
	{"argv", ARG_ARGV, 0, NULL, 0, 0},
	COMMAND_RUN_ARGS,
	{NULL, 0, 0, NULL, 0, 0},
};

/* Checks a command line or the cmd/argv mapping. */
static int command_validate(const struct task *task, struct error *err)
{
	static const char *const one_of[] = {"cmd", "argv", NULL};

	return command_run_validate(task, command_args, one_of, err);
}

/* Appends the command as quoted words: argv, or cmd (or the whole
 * string) split as sh would. */
int command_argv(const json_t *args, struct buf *out, struct error *err)
{
	const json_t *argv =
		json_is_object(args) ? json_object_get(args, "argv") : NULL;
	const char *line = command_run_cmd(args);
	char **words;
	size_t n, i;
	json_t *v;

	if (json_is_array(argv)) {
		json_array_foreach(argv, i, v)
		{
			char *s = command_run_text(v);

			if (i)
				buf_addch(out, ' ');
			quote_sh_str(out, s);
			free(s);
		}
		return 0;
	}
	if ((words = command_split(line, &n, err)) == NULL)
		return -1;
	if (n == 0) {
		command_words_free(words);
		return error_set(err, ERROR_INVALID,
				 "command: the command line is empty");
	}
	quote_sh_argv(out, words, n);
	command_words_free(words);
	return 0;
}

/* Runs the argv. */
static int command_apply(struct module_run *run, const json_t *args,
			 const json_t *prior, int *changed, struct error *err)
{
	struct buf body = BUF_INIT;
	int rc = -1;

	*changed = 0;
	if (command_argv(args, &body, err) == 0)
		rc = command_run_apply(run, args, prior, body.data, changed,
				       err);
	buf_release(&body);
	return rc;
}

/* Says what would run. */
static int command_describe(const json_t *args, const json_t *prior,
			    struct buf *out)
{
	struct buf body = BUF_INIT;
	struct error err = ERROR_INIT;
	int rc = command_argv(args, &body, &err);

	command_run_describe(args, prior, rc == 0 ? body.data : err.message,
			     out);
	buf_release(&body);
	error_release(&err);
	return rc;
}

const struct module module_command = {
	.name = "command",
	.summary = "run a program (an argv, no shell)",
	.validate = command_validate,
	.probe = command_run_probe,
	.apply = command_apply,
	.revert = command_run_revert,
	.revert_args = command_run_revert_args,
	.describe = command_describe,
	.flags = MODULE_IRREVERSIBLE | MODULE_ROLLBACK | MODULE_VERIFY,
};
