/*
 * reboot.c - the reboot module: reboot the host and wait until it is back
 * (its boot id has changed and it answers SSH, and test_command passes).
 *
 *	reboot: {timeout: 10m, test_command: "systemctl is-system-running --wait"}
 *	reboot:
 *
 * A reboot cannot be undone (MODULE_IRREVERSIBLE).  Issue 3 gives it its
 * argument checks; probe, apply and describe come with the run engine
 * (MODULE_PENDING).
 */
#include "module-args.h"
#include "module.h"

static const struct arg_spec reboot_args[] = {
	{"timeout", ARG_DURATION, 0, NULL, 0, 0},
	{"test_command", ARG_STRING, 0, NULL, 0, 0},
	{"msg", ARG_STRING, 0, NULL, 0, 0},
	{NULL, 0, 0, NULL, 0, 0},
};

/* Checks the optional timeout and test command. */
static int reboot_validate(const struct task *task, struct error *err)
{
	return module_args_check(task, reboot_args, err);
}

const struct module module_reboot = {
	.name = "reboot",
	.summary = "reboot and wait for the host to come back",
	.validate = reboot_validate,
	.flags = MODULE_IRREVERSIBLE | MODULE_PENDING,
};
