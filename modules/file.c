/*
 * file.c - the file module: a path's kind, mode and owner.
 *
 *	file: {path: /var/lib/acme, state: directory, mode: "0750", owner: acme}
 *	file: {path: /etc/acme/current, state: link, src: /etc/acme/2.0}
 *	file: {path: /etc/acme/old.conf, state: absent}
 *
 * Reverts to what was there (content kept as a backup on the host), or
 * to absence.  Issue 3 gives it its argument checks; probe, apply, revert
 * and describe come with the run engine (MODULE_PENDING).
 */
#include "module-args.h"
#include "module.h"

static const char *const file_states[] = {"file",   "directory", "link",
					  "absent", "touch",	 NULL};

static const struct arg_spec file_args[] = {
	{"path", ARG_PATH, ARG_REQUIRED, NULL, 0, 0},
	{"state", ARG_CHOICE, 0, file_states, 0, 0},
	{"src", ARG_PATH, 0, NULL, 0, 0},
	{"mode", ARG_MODE, 0, NULL, 0, 0},
	{"owner", ARG_NAME, 0, NULL, 0, 0},
	{"group", ARG_NAME, 0, NULL, 0, 0},
	{NULL, 0, 0, NULL, 0, 0},
};

/* Checks the path and what goes with each state. */
static int file_validate(const struct task *task, struct error *err)
{
	static const char *const link[] = {"link", NULL};
	static const char *const absent[] = {"absent", NULL};
	const struct ynode *src, *v;

	if (module_args_check(task, file_args, err) < 0)
		return -1;
	src = module_arg(task, "src");
	if (module_arg_is(task, "state", link) && src == NULL)
		return error_set_at(err, ERROR_INVALID, task->module_at.file,
				    task->module_at.line,
				    task->module_at.column,
				    "file: state 'link' needs 'src', the "
				    "link's target");
	if (src && !module_arg_is(task, "state", link) &&
	    !module_arg_is_template(module_arg(task, "state")))
		return ynode_error(src, err,
				   "file: 'src' goes only with state 'link'");
	if (module_arg_is(task, "state", absent)) {
		if ((v = module_arg(task, "mode")) != NULL ||
		    (v = module_arg(task, "owner")) != NULL ||
		    (v = module_arg(task, "group")) != NULL)
			return ynode_error(v, err,
					   "file: a path in state 'absent' has "
					   "no mode, owner or group");
	}
	return 0;
}

const struct module module_file = {
	.name = "file",
	.summary = "make a path a file, directory or link, or remove it",
	.validate = file_validate,
	.flags = MODULE_PENDING,
};
