/*
 * package.c - the package module: install, upgrade, downgrade or remove
 * packages with the host's manager (apt, dnf/yum, zypper).
 *
 *	package: {name: acme-agent, version: "2.0-1"}
 *	package: {name: [curl, jq], state: latest}
 *	package: {name: telnet, state: absent}
 *
 * Reverts to the exact version found before, or to absence, keeping the
 * prior .deb/.rpm on the host so a revert works offline.  Issue 3 gives
 * it its argument checks; probe, apply, revert and describe come with
 * the run engine (MODULE_PENDING).
 */
#include "module-args.h"
#include "module.h"

static const char *const package_states[] = {"present", "absent", "latest",
					     NULL};
static const char *const package_managers[] = {"auto", "apt",	 "dnf",
					       "yum",  "zypper", NULL};

static const struct arg_spec package_args[] = {
	{"name", ARG_STRINGS, ARG_REQUIRED, NULL, 0, 0},
	{"version", ARG_STRING, 0, NULL, 0, 0},
	{"state", ARG_CHOICE, 0, package_states, 0, 0},
	{"manager", ARG_CHOICE, 0, package_managers, 0, 0},
	{"allow_downgrade", ARG_BOOL, 0, NULL, 0, 0},
	{NULL, 0, 0, NULL, 0, 0},
};

/* Checks names, a version pin and the state. */
static int package_validate(const struct task *task, struct error *err)
{
	static const char *const unpinned[] = {"absent", "latest", NULL};
	const struct ynode *name, *version;

	if (module_args_check(task, package_args, err) < 0)
		return -1;
	name = module_arg(task, "name");
	version = module_arg(task, "version");
	if (version && name->kind == YNODE_SEQ && name->n_items > 1)
		return ynode_error(version, err,
				   "package: 'version' pins one package; give "
				   "each pinned package its own task");
	if (version && module_arg_is(task, "state", unpinned))
		return ynode_error(version, err,
				   "package: 'version' cannot go with state "
				   "'%s'",
				   module_arg(task, "state")->str);
	return 0;
}

const struct module module_package = {
	.name = "package",
	.summary = "install, pin, upgrade or remove packages",
	.validate = package_validate,
	.flags = MODULE_PENDING,
};
