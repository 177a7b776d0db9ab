/*
 * os_upgrade.c - the os_upgrade module: a release migration (Debian and
 * Ubuntu codename switch and full-upgrade; RHEL family through dnf
 * system-upgrade or leapp), with preflight checks, a snapshot first, a
 * reboot, and a check of os-release after.
 *
 *	os_upgrade: {to: bookworm, snapshot: lvm, snapshot_target: vg0/root}
 *	os_upgrade: {to: "9", family: rhel, snapshot: command,
 *	             snapshot_command: "mysnap create", restore_command: "mysnap restore"}
 *
 * Reverts by restoring the snapshot and rebooting; with snapshot: none it
 * cannot be reverted and crest plan says so.  Issue 3 gives it its
 * argument checks; probe, apply, revert and describe come with the run
 * engine (MODULE_PENDING).
 */
#include "module-args.h"
#include "module.h"

static const char *const families[] = {"auto", "debian", "rhel", NULL};
static const char *const snapshots[] = {"lvm",	   "btrfs", "zfs",
					"command", "none",  NULL};

static const struct arg_spec os_upgrade_args[] = {
	{"to", ARG_STRING, ARG_REQUIRED, NULL, 0, 0},
	{"family", ARG_CHOICE, 0, families, 0, 0},
	{"snapshot", ARG_CHOICE, ARG_REQUIRED, snapshots, 0, 0},
	{"snapshot_target", ARG_STRING, 0, NULL, 0, 0},
	{"snapshot_command", ARG_STRING, 0, NULL, 0, 0},
	{"restore_command", ARG_STRING, 0, NULL, 0, 0},
	{"min_free_mb", ARG_INT, 0, NULL, 0, 10000000},
	{"reboot_timeout", ARG_DURATION, 0, NULL, 0, 0},
	{"preflight", ARG_ARGV, 0, NULL, 0, 0},
	{NULL, 0, 0, NULL, 0, 0},
};

/* Fails when a snapshot provider misses the argument it needs. */
static int need(const struct task *task, const char *name, const char *provider,
		struct error *err)
{
	if (module_arg(task, name))
		return 0;
	return ynode_error(module_arg(task, "snapshot"), err,
			   "os_upgrade: snapshot '%s' needs '%s'", provider,
			   name);
}

/* Checks the target release and the snapshot provider's arguments. */
static int os_upgrade_validate(const struct task *task, struct error *err)
{
	static const char *const volume[] = {"lvm", "btrfs", "zfs", NULL};
	static const char *const command[] = {"command", NULL};
	static const char *const none[] = {"none", NULL};
	const struct ynode *v;

	if (module_args_check(task, os_upgrade_args, err) < 0)
		return -1;
	if (module_arg_is(task, "snapshot", volume) &&
	    need(task, "snapshot_target", module_arg(task, "snapshot")->str,
		 err) < 0)
		return -1;
	if (module_arg_is(task, "snapshot", command) &&
	    (need(task, "snapshot_command", "command", err) < 0 ||
	     need(task, "restore_command", "command", err) < 0))
		return -1;
	if (!module_arg_is(task, "snapshot", command) &&
	    ((v = module_arg(task, "snapshot_command")) != NULL ||
	     (v = module_arg(task, "restore_command")) != NULL))
		return ynode_error(v, err,
				   "os_upgrade: snapshot and restore commands "
				   "go only with snapshot 'command'");
	if (module_arg_is(task, "snapshot", none) &&
	    (v = module_arg(task, "snapshot_target")) != NULL)
		return ynode_error(v, err,
				   "os_upgrade: 'snapshot_target' does not go "
				   "with snapshot 'none'");
	return 0;
}

const struct module module_os_upgrade = {
	.name = "os_upgrade",
	.summary = "migrate to a new OS release, with a snapshot to revert to",
	.validate = os_upgrade_validate,
	.flags = MODULE_PENDING,
};
