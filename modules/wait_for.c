/*
 * wait_for.c - the wait_for module: wait until a port answers (or stops),
 * a path appears (or goes), or a command succeeds, from the host.
 *
 *	wait_for: {port: 8080, timeout: 2m}
 *	wait_for: {path: /run/acme/ready, delay: 5s}
 *	wait_for: {command: "acme-agent status", retries: 10, delay: 3s}
 *
 * It changes nothing (MODULE_NO_CHANGE) and can serve as a verify check.
 * Issue 3 gives it its argument checks; probe and apply come with the run
 * engine (MODULE_PENDING).
 */
#include "module-args.h"
#include "module.h"

static const char *const wait_states[] = {"started", "stopped", "present",
					  "absent", NULL};

static const struct arg_spec wait_for_args[] = {
	{"port", ARG_INT, 0, NULL, 1, 65535},
	{"host", ARG_STRING, 0, NULL, 0, 0},
	{"path", ARG_PATH, 0, NULL, 0, 0},
	{"command", ARG_STRING, 0, NULL, 0, 0},
	{"state", ARG_CHOICE, 0, wait_states, 0, 0},
	{"timeout", ARG_DURATION, 0, NULL, 0, 0},
	{"delay", ARG_DURATION, 0, NULL, 0, 0},
	{"retries", ARG_INT, 0, NULL, 0, 1000},
	{NULL, 0, 0, NULL, 0, 0},
};

/* Checks that one thing is waited for, with a state that fits it. */
static int wait_for_validate(const struct task *task, struct error *err)
{
	static const char *const what[] = {"port", "path", "command", NULL};
	static const char *const port_states[] = {"started", "stopped", NULL};
	static const char *const path_states[] = {"present", "absent", NULL};
	const struct ynode *state;

	if (module_args_check(task, wait_for_args, err) < 0 ||
	    module_args_one_of(task, what, err) < 0)
		return -1;
	if (module_arg(task, "host") && !module_arg(task, "port"))
		return ynode_error(module_arg(task, "host"), err,
				   "wait_for: 'host' goes only with 'port'");
	state = module_arg(task, "state");
	if (state && !module_arg_is_template(state)) {
		if (module_arg(task, "port") &&
		    !module_arg_is(task, "state", port_states))
			return ynode_error(state, err,
					   "wait_for: a port is 'started' or "
					   "'stopped', not '%s'",
					   state->str);
		if (module_arg(task, "path") &&
		    !module_arg_is(task, "state", path_states))
			return ynode_error(state, err,
					   "wait_for: a path is 'present' or "
					   "'absent', not '%s'",
					   state->str);
		if (module_arg(task, "command"))
			return ynode_error(state, err,
					   "wait_for: 'state' does not go with "
					   "'command'");
	}
	return 0;
}

const struct module module_wait_for = {
	.name = "wait_for",
	.summary = "wait for a port, a path or a command",
	.validate = wait_for_validate,
	.flags = MODULE_NO_CHANGE | MODULE_VERIFY | MODULE_PENDING,
};
