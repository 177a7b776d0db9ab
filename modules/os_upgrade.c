/*
 * os_upgrade.c - the os_upgrade module: a release migration (Debian and
 * Ubuntu codename switch and full-upgrade; RHEL family through dnf
 * system-upgrade or leapp), with preflight checks, a snapshot first, a
 * reboot, and a check of os-release after.
 *
 *	os_upgrade: {from: bookworm, to: trixie, snapshot: lvm,
 *	             snapshot_target: vg0/root}
 *	os_upgrade: {to: "9", family: rhel, snapshot: command,
 *	             snapshot_command: "mysnap create", restore_command: "mysnap restore"}
 *	os_upgrade: {from: jammy, to: noble, snapshot: none,
 *	             allow_irreversible: true}
 *
 * probe is the preflight (what crest plan runs too): the host's release
 * (/etc/os-release VERSION_CODENAME or VERSION_ID) must be from (or
 * already to: then apply changes nothing), / and /var must have
 * min_free_mb free (default 1024), no package held (apt-mark showhold) or
 * broken (dpkg --audit), the snapshot provider's tool present, and each
 * "preflight" command must succeed; else the host fails with nothing
 * changed.  prior records the release, the family and the snapshot's name.
 *
 * apply takes the snapshot first, then (Debian) rewrites the apt sources
 * from -> to, updates and full-upgrades keeping local config files, or
 * (RHEL) downloads the release with leapp or dnf system-upgrade; reboots
 * (as the reboot module does) and fails unless /etc/os-release then names
 * to.  revert restores the snapshot, reboots, verifies the prior release
 * and deletes the snapshot where the provider keeps one.  With snapshot:
 * none there is nothing to revert to: the task is irreversible
 * (module_task_irreversible()) and needs allow_irreversible: true.
 * The OS families are a table of ops (struct os_family), one file each:
 * os_upgrade-debian.c, os_upgrade-rhel.c; the preflight is in
 * os_upgrade-preflight.c, the snapshot providers in os_upgrade-snapshot.c
 * (all in os_upgrade.h).
 */
#include <stdlib.h>
#include <string.h>

#include "module-args.h"
#include "base/json-get.h"
#include "module-run.h"
#include "module.h"
#include "reboot.h"
#include "os_upgrade.h"
#include "lang/playbook.h"

static const char *const families[] = {"auto", "debian", "rhel", NULL};
static const char *const snapshots[] = {"lvm",	   "btrfs", "zfs",
					"command", "none",  NULL};

static const struct arg_spec os_upgrade_args[] = {
	{"from", ARG_STRING, 0, NULL, 0, 0},
	{"to", ARG_STRING, ARG_REQUIRED, NULL, 0, 0},
	{"family", ARG_CHOICE, 0, families, 0, 0},
	{"snapshot", ARG_CHOICE, ARG_REQUIRED, snapshots, 0, 0},
	{"snapshot_target", ARG_STRING, 0, NULL, 0, 0},
	{"snapshot_command", ARG_STRING, 0, NULL, 0, 0},
	{"restore_command", ARG_STRING, 0, NULL, 0, 0},
	{"delete_command", ARG_STRING, 0, NULL, 0, 0},
	{"allow_irreversible", ARG_BOOL, 0, NULL, 0, 0},
	{"min_free_mb", ARG_INT, 0, NULL, 0, 10000000},
	{"reboot_timeout", ARG_DURATION, 0, NULL, 0, 0},
	{"preflight", ARG_ARGV, 0, NULL, 0, 0},
	{NULL, 0, 0, NULL, 0, 0},
};

/* Returns 1 when node is true, or a template that may be. */
static int arg_true(const struct ynode *node)
{
	if (node == NULL)
		return 0;
	if (module_arg_is_template(node))
		return 1;
	return node->kind == YNODE_SCALAR && node->type == YTYPE_BOOL &&
	       node->ival;
}

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
	     (v = module_arg(task, "restore_command")) != NULL ||
	     (v = module_arg(task, "delete_command")) != NULL))
		return ynode_error(v, err,
				   "os_upgrade: snapshot and restore commands "
				   "go only with snapshot 'command'");
	if (module_arg_is(task, "snapshot", none) &&
	    (v = module_arg(task, "snapshot_target")) != NULL)
		return ynode_error(v, err,
				   "os_upgrade: 'snapshot_target' does not go "
				   "with snapshot 'none'");
	if (module_arg_is(task, "snapshot", none) &&
	    !arg_true(module_arg(task, "allow_irreversible")))
		return ynode_error(module_arg(task, "snapshot"), err,
				   "os_upgrade: without a snapshot the upgrade "
				   "cannot be reverted; give "
				   "allow_irreversible: true to run it anyway");
	return 0;
}

/* Returns 1 when s is a release name crest places into sed: letters,
 * digits, '.', '_' and '-'. */
int os_upgrade_release_ok(const char *s)
{
	size_t i;

	if (s == NULL || *s == '\0')
		return 0;
	for (i = 0; s[i]; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWX"
			    "YZ"
			    "0123456789._-",
			    s[i]))
			return 0;
	return 1;
}

static const struct os_family *const os_families[] = {
	&os_family_debian,
	&os_family_rhel,
	NULL,
};

/* Finds a family by name. */
const struct os_family *os_upgrade_family(const char *name)
{
	size_t i;

	for (i = 0; name && os_families[i]; i++)
		if (strcmp(os_families[i]->name, name) == 0)
			return os_families[i];
	return NULL;
}

/* Returns the family's reboot into the upgrade. */
const char *os_upgrade_reboot_command(const char *family, int leapp)
{
	const struct os_family *f = os_upgrade_family(family);

	return f ? f->reboot_command(leapp) : "reboot";
}

/* The preflight: records the release; fails before any change. */
static int os_upgrade_probe(struct module_run *run, const json_t *args,
			    json_t **prior, struct error *err)
{
	const char *to = module_arg_str(args, "to", NULL);
	const char *from = module_arg_str(args, "from", NULL);
	const char *family = module_arg_str(args, "family", "auto");
	struct os_upgrade_preflight pf;
	char *name = NULL;
	int rc = -1, done;

	memset(&pf, 0, sizeof(pf));
	if (!os_upgrade_release_ok(to) ||
	    (from && !os_upgrade_release_ok(from))) {
		error_set(err, ERROR_INVALID,
			  "os_upgrade: a release is a name or a version "
			  "(letters, digits, '.', '_', '-')");
		goto out;
	}
	if (os_upgrade_preflight_read(run, args, &pf, err) < 0)
		goto out;
	if (strcmp(family, "auto") == 0)
		family = pf.family;
	done = os_upgrade_preflight_is(&pf, to);
	if (!done && (os_upgrade_preflight_check(args, &pf, family, err) < 0 ||
		      os_upgrade_preflight_commands(run, args, err) < 0))
		goto out;
	name = os_upgrade_snapshot_name(run);
	*prior = json_pack(
		"{s:s,s:s,s:s,s:b,s:s,s:b,s:O}", "family", family, "release",
		pf.codename[0] ? pf.codename : pf.version_id, "version_id",
		pf.version_id, "done", done, "snapshot_name", name, "leapp",
		(pf.tools & OS_UPGRADE_TOOL_LEAPP) != 0, "held", pf.held);
	rc = 0;
out:
	free(name);
	json_decref(pf.held);
	return rc;
}

/* Fails unless the host's release now is want. */
static int verify_release(struct module_run *run, const json_t *args,
			  const char *want, struct error *err)
{
	struct os_upgrade_preflight pf;
	int rc = -1;

	if (os_upgrade_preflight_read(run, args, &pf, err) < 0)
		goto out;
	if (!os_upgrade_preflight_is(&pf, want)) {
		error_set(err, ERROR_FAILED,
			  "os_upgrade: /etc/os-release says %s, not %s",
			  pf.codename[0] ? pf.codename : pf.version_id, want);
		goto out;
	}
	rc = 0;
out:
	json_decref(pf.held);
	return rc;
}

/* Snapshot, upgrade, reboot, verify. */
static int os_upgrade_apply(struct module_run *run, const json_t *args,
			    const json_t *prior, int *changed,
			    struct error *err)
{
	const char *family = json_get_str(prior, "family", NULL);
	const char *to = module_arg_str(args, "to", NULL);
	const char *from = module_arg_str(args, "from", NULL);
	int leapp = json_is_true(json_object_get(prior, "leapp"));
	const struct os_family *f;
	struct buf sh = BUF_INIT;
	int rc = -1;

	*changed = 0;
	if (json_is_true(json_object_get(prior, "done"))) {
		rc = 0;
		goto out;
	}
	if (family == NULL || !os_upgrade_release_ok(to)) {
		error_set(err, ERROR_INVALID,
			  "os_upgrade: the recorded state names no family");
		goto out;
	}
	/* Neither family (a templated family: may give any name): the RHEL
	 * download and a plain reboot, as it always was. */
	f = os_upgrade_family(family);
	if (f == NULL)
		f = &os_family_rhel;
	if (from == NULL)
		from = json_get_str(prior, "release", NULL);
	if (from != NULL && !os_upgrade_release_ok(from))
		from = NULL; /* the host's own release, not one for sed */
	if (strcmp(module_arg_str(args, "snapshot", "none"), "none") != 0 &&
	    os_upgrade_snapshot_step(run, args, prior, OS_SNAPSHOT_CREATE,
				     err) < 0)
		goto out;
	*changed = 1;
	if (f->upgrade(from, to, leapp, &sh, err) < 0)
		goto out;
	if (module_sh_ok(run, "os_upgrade: upgrading", sh.data, err) < 0 ||
	    reboot_host(run, module_arg_secs(args, "reboot_timeout", 1800),
			os_upgrade_reboot_command(family, leapp), err) < 0 ||
	    verify_release(run, args, to, err) < 0)
		goto out;
	rc = 0;
out:
	buf_release(&sh);
	return rc;
}

/* Restores the snapshot, reboots, verifies the prior release. */
static int os_upgrade_revert(struct module_run *run, const json_t *args,
			     const json_t *prior, struct error *err)
{
	const char *provider = module_arg_str(args, "snapshot", "none");
	const char *release = json_get_str(prior, "release", NULL);

	if (json_is_true(json_object_get(prior, "done")))
		return 0;
	if (strcmp(provider, "none") == 0)
		return error_set(err, ERROR_FAILED,
				 "os_upgrade: there is no snapshot to revert "
				 "to (snapshot: none)");
	if (os_upgrade_snapshot_step(run, args, prior, OS_SNAPSHOT_RESTORE,
				     err) < 0 ||
	    reboot_host(run, module_arg_secs(args, "reboot_timeout", 1800),
			"reboot", err) < 0 ||
	    (release && *release &&
	     verify_release(run, args, release, err) < 0))
		return -1;
	if ((strcmp(provider, "zfs") == 0 ||
	     (strcmp(provider, "command") == 0 &&
	      os_upgrade_snapshot_command(args, OS_SNAPSHOT_DELETE))) &&
	    os_upgrade_snapshot_step(run, args, prior, OS_SNAPSHOT_DELETE,
				     err) < 0)
		return -1;
	return 0;
}

/* Says which release goes to which, and how it could be undone. */
static int os_upgrade_describe(const json_t *args, const json_t *prior,
			       struct buf *out)
{
	const char *provider = module_arg_str(args, "snapshot", "none");

	if (json_is_true(json_object_get(prior, "done"))) {
		buf_addf(out, "release %s already\n",
			 module_arg_str(args, "to", "?"));
		return 0;
	}
	buf_addf(out, "release %s -> %s (%s), reboot\n",
		 json_get_str(prior, "release", NULL),
		 module_arg_str(args, "to", "?"),
		 json_get_str(prior, "family", NULL));
	if (strcmp(provider, "none") == 0)
		buf_adds(out, "no snapshot: irreversible\n");
	else
		buf_addf(out, "snapshot %s first (%s)\n",
			 json_get_str(prior, "snapshot_name", NULL), provider);
	return 0;
}

const struct module module_os_upgrade = {
	.name = "os_upgrade",
	.summary = "migrate to a new OS release, with a snapshot to revert to",
	.validate = os_upgrade_validate,
	.probe = os_upgrade_probe,
	.apply = os_upgrade_apply,
	.revert = os_upgrade_revert,
	.describe = os_upgrade_describe,
	.flags = MODULE_REBOOTS,
};
