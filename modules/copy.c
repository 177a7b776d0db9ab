/*
 * copy.c - the copy module: put content or a controller file at a path on
 * the host, with mode and owner.
 *
 *	copy: {dest: /etc/acme/agent.conf, content: "level={{ level }}\n", mode: "0640"}
 *	copy: {dest: /etc/acme/ca.pem, src: files/ca.pem}
 *
 * Reverts to the prior content, mode and owner (kept as a backup on the
 * host), or to absence.  "src" is relative to the playbook.  Issue 3
 * gives it its argument checks; probe, apply, revert and describe come
 * with the run engine (MODULE_PENDING).
 */
#include "module-args.h"
#include "module.h"

static const struct arg_spec copy_args[] = {
	{"dest", ARG_PATH, ARG_REQUIRED, NULL, 0, 0},
	{"content", ARG_STRING, 0, NULL, 0, 0},
	{"src", ARG_STRING, 0, NULL, 0, 0},
	{"mode", ARG_MODE, 0, NULL, 0, 0},
	{"owner", ARG_NAME, 0, NULL, 0, 0},
	{"group", ARG_NAME, 0, NULL, 0, 0},
	{NULL, 0, 0, NULL, 0, 0},
};

/* Checks the destination and that exactly one source is given. */
static int copy_validate(const struct task *task, struct error *err)
{
	static const char *const sources[] = {"content", "src", NULL};
	const struct ynode *dest;

	if (module_args_check(task, copy_args, err) < 0 ||
	    module_args_one_of(task, sources, err) < 0)
		return -1;
	dest = module_arg(task, "dest");
	if (ynode_is_str(dest) && dest->str[dest->len - 1] == '/')
		return ynode_error(dest, err,
				   "copy: 'dest' must name a file, not a "
				   "directory ('%s')",
				   dest->str);
	return 0;
}

const struct module module_copy = {
	.name = "copy",
	.summary = "write content or a controller file to a path",
	.validate = copy_validate,
	.flags = MODULE_PENDING,
};
