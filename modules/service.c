/*
 * service.c - the service module: a systemd unit's state and enablement.
 *
 *	service: {name: acme-agent, state: restarted}
 *	service: {name: acme-agent, enabled: true, state: started}
 *
 * Reverts to the prior active state and enablement.  Issue 3 gives it
 * its argument checks; probe, apply, revert and describe come with the
 * run engine (MODULE_PENDING).
 */
#include "module-args.h"
#include "module.h"

static const char *const service_states[] = {"started", "stopped", "restarted",
					     "reloaded", NULL};

static const struct arg_spec service_args[] = {
	{"name", ARG_NAME, ARG_REQUIRED, NULL, 0, 0},
	{"state", ARG_CHOICE, 0, service_states, 0, 0},
	{"enabled", ARG_BOOL, 0, NULL, 0, 0},
	{NULL, 0, 0, NULL, 0, 0},
};

/* Checks the unit and that something is asked of it. */
static int service_validate(const struct task *task, struct error *err)
{
	if (module_args_check(task, service_args, err) < 0)
		return -1;
	if (!module_arg(task, "state") && !module_arg(task, "enabled"))
		return error_set_at(err, ERROR_INVALID, task->module_at.file,
				    task->module_at.line,
				    task->module_at.column,
				    "service: give 'state', 'enabled' or "
				    "both");
	return 0;
}

const struct module module_service = {
	.name = "service",
	.summary = "start, stop, restart, reload, enable or disable a unit",
	.validate = service_validate,
	.flags = MODULE_PENDING,
};
