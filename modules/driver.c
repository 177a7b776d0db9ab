/*
 * driver.c - the driver module: update a kernel driver from a package,
 * reload it (or reboot when it is in use), and verify the loaded version.
 *
 *	driver: {name: acme_nic, package: acme-nic-dkms, version: "5.2.1"}
 *
 * Reverts to the prior package and loaded module version.  Issue 3 gives
 * it its argument checks; probe, apply, revert and describe come with the
 * run engine (MODULE_PENDING).
 */
#include <ctype.h>

#include "module-args.h"
#include "module.h"

static const char *const reboot_modes[] = {"auto", "always", "never", NULL};

static const struct arg_spec driver_args[] = {
	{"name", ARG_NAME, ARG_REQUIRED, NULL, 0, 0},
	{"package", ARG_NAME, ARG_REQUIRED, NULL, 0, 0},
	{"version", ARG_STRING, ARG_REQUIRED, NULL, 0, 0},
	{"reboot", ARG_CHOICE, 0, reboot_modes, 0, 0},
	{NULL, 0, 0, NULL, 0, 0},
};

/* Checks the kernel module name, package and version. */
static int driver_validate(const struct task *task, struct error *err)
{
	const struct ynode *name;
	size_t i;

	if (module_args_check(task, driver_args, err) < 0)
		return -1;
	name = module_arg(task, "name");
	if (module_arg_is_template(name))
		return 0;
	for (i = 0; i < name->len; i++)
		if (!isalnum((unsigned char)name->str[i]) &&
		    name->str[i] != '_' && name->str[i] != '-')
			return ynode_error(name, err,
					   "driver: '%s' is not a kernel "
					   "module name (letters, digits, _ "
					   "and -)",
					   name->str);
	return 0;
}

const struct module module_driver = {
	.name = "driver",
	.summary = "update a kernel driver and verify the loaded version",
	.validate = driver_validate,
	.flags = MODULE_PENDING,
};
