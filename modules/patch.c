/*
 * patch.c - the patch module: take a host's pending updates, security
 * first, and reboot only where the host says it must.
 *
 *	patch: {only: security, exclude: [acme-db*], reboot: if_required}
 *
 * probe is one command, read-only: it refreshes the package lists
 * (update_cache, default true), asks the manager what an upgrade would
 * take (apt: apt-get -s --with-new-pkgs upgrade, and apt-cache policy for
 * where each version comes from) and whether the host already needs a
 * reboot.  prior records the updates the task takes (name, from, to,
 * security, origin), those it leaves and why, and the backup directory.
 *
 * apply upgrades exactly prior's updates (NAME=VERSION, so a package that
 * appeared since the probe is not taken), keeping each replaced package's
 * file in the backup directory first and writing the packages it newly
 * pulled in there ("new"); when the upgrade fails it puts everything back.
 * Then it reboots, through reboot_host(), when reboot is always, or
 * if_required and the host says so (/var/run/reboot-required,
 * needs-restarting -r, zypper needs-rebooting).
 *
 * revert installs every kept file in one dpkg -i (rpm -U), removes what
 * the upgrade pulled in, and reboots when that made the host need it
 * (unless reboot: never).  The command lines are in patch-sh.c, the
 * parsing of the host's answer in patch-apt.c and patch-rpm.c.
 */
#include <stdlib.h>
#include <string.h>

#include "module-args.h"
#include "module-run.h"
#include "module.h"
#include "package-fault.h"
#include "package.h"
#include "patch.h"
#include "reboot.h"
#include "base/xmalloc.h"
#include "base/json-get.h"

static const char *const patch_only[] = {"security", "all", NULL};
static const char *const patch_reboots[] = {"if_required", "never", "always",
					    NULL};

static const struct arg_spec patch_args[] = {
	{"only", ARG_CHOICE, 0, patch_only, 0, 0},
	{"include", ARG_STRINGS, 0, NULL, 0, 0},
	{"exclude", ARG_STRINGS, 0, NULL, 0, 0},
	{"reboot", ARG_CHOICE, 0, patch_reboots, 0, 0},
	{"reboot_timeout", ARG_DURATION, 0, NULL, 0, 0},
	{"security_origins", ARG_STRINGS, 0, NULL, 0, 0},
	{"update_cache", ARG_BOOL, 0, NULL, 0, 0},
	{"lock_timeout", ARG_DURATION, 0, NULL, 0, 0},
	{NULL, 0, 0, NULL, 0, 0},
};

static const char *const patch_revert_args[] = {"reboot", "reboot_timeout",
						"lock_timeout", NULL};

/* Checks the arguments; a security origin must be "k=GLOB[,k=GLOB]". */
static int patch_validate(const struct task *task, struct error *err)
{
	const struct ynode *o, *item;
	size_t i;

	if (module_args_check(task, patch_args, err) < 0)
		return -1;
	if ((o = module_arg(task, "security_origins")) == NULL)
		return 0;
	for (i = 0; i < (o->kind == YNODE_SEQ ? o->n_items : 1); i++) {
		item = o->kind == YNODE_SEQ ? o->items[i] : o;
		if (item->kind == YNODE_SCALAR &&
		    !module_arg_is_template(item) &&
		    (strchr(item->str, '=') == NULL || item->str[0] == '='))
			return ynode_error(item, err,
					   "patch: security origin '%s' is not "
					   "FIELD=GLOB (a=*-security, "
					   "l=Debian-Security, o=Debian,n=*)",
					   item->str);
	}
	return 0;
}

/* Returns argument name as a NULL-terminated array of strings (borrowed;
 * array the caller frees), or NULL when absent. */
static const char **arg_strings(const json_t *args, const char *name)
{
	const json_t *v = json_object_get(args, name), *s;
	const char **out;
	size_t i, n;

	if (v == NULL || json_is_null(v))
		return NULL;
	n = json_is_array(v) ? json_array_size(v) : 1;
	out = xcalloc(n + 1, sizeof(*out));
	for (i = 0; i < n; i++) {
		s = json_is_array(v) ? json_array_get(v, i) : v;
		out[i] = json_is_string(s) ? json_string_value(s) : "";
	}
	return out;
}

/* Reads the host's patch state through the probe script into *state,
 * with the security origins of args (or the defaults). */
int patch_read_state(struct module_run *run, const json_t *args, json_t **state,
		     struct error *err)
{
	const char **origins = arg_strings(args, "security_origins");
	struct buf sh = BUF_INIT;
	int rc = -1;

	patch_sh_probe(module_arg_bool(args, "update_cache", 1), &sh);
	if (module_sh_ok(run, "patch: reading the pending updates", sh.data,
			 err) < 0)
		goto out;
	rc = patch_parse(module_stdout(run),
			 origins ? origins : patch_default_security_origins,
			 state, err);
out:
	free(origins);
	buf_release(&sh);
	return rc;
}

/* Reads the pending updates and records those the task takes. */
static int patch_probe(struct module_run *run, const json_t *args,
		       json_t **prior, struct error *err)
{
	const char **inc = arg_strings(args, "include");
	const char **exc = arg_strings(args, "exclude");
	struct patch_filter filter = {
		strcmp(module_arg_str(args, "only", "security"), "security") ==
			0,
		inc, exc};
	json_t *state = NULL, *skipped = json_array();
	char *dir = NULL;
	int rc = -1;

	if (patch_read_state(run, args, &state, err) < 0)
		goto out;
	if (filter.security_only &&
	    json_object_get(state, "security_patches")) {
		error_set(err, ERROR_FAILED,
			  "patch: zypper's security patches are not mapped "
			  "to packages; give only: all with include: to name "
			  "the packages");
		goto out;
	}
	dir = module_backup_dir(run);
	*prior = json_pack(
		"{s:O,s:s,s:O,s:O,s:o,s:o,s:o}", "manager",
		json_object_get(state, "manager"), "backup", dir,
		"reboot_required", json_object_get(state, "reboot_required"),
		"reboot_pkgs", json_object_get(state, "reboot_pkgs"), "updates",
		patch_select(state, &filter, skipped), "skipped",
		json_incref(skipped), "new",
		filter.security_only
			? json_array()
			: json_incref(json_object_get(state, "new")));
	rc = *prior ? 0 : error_set(err, ERROR_INTERNAL, "patch: prior");
out:
	json_decref(skipped);
	json_decref(state);
	free(dir);
	free(inc);
	free(exc);
	return rc;
}

/* Returns prior's manager, or -1 with err set. */
static int prior_manager(const json_t *prior, struct error *err)
{
	const char *name = json_get_str(prior, "manager", NULL);
	int m = name ? package_manager_find(name) : -1;

	if (m < 0)
		error_set(err, ERROR_INVALID,
			  "patch: the recorded state names no manager");
	return m;
}

/* Returns 1 when the host's answer says "reboot yes". */
static int says_reboot(struct module_run *run)
{
	const char *out = module_stdout(run);

	return strncmp(out, "reboot yes", 10) == 0 ||
	       strstr(out, "\nreboot yes") != NULL;
}

/* Upgrades the recorded updates, then reboots when the host needs it. */
static int patch_apply(struct module_run *run, const json_t *args,
		       const json_t *prior, int *changed, struct error *err)
{
	const char *reboot = module_arg_str(args, "reboot", "if_required");
	const json_t *updates = json_object_get(prior, "updates");
	struct buf sh = BUF_INIT;
	unsigned secs;
	int m, rc = -1, need;

	*changed = 0;
	if ((m = prior_manager(prior, err)) < 0 ||
	    package_lock_timeout("patch", args, &secs, err) < 0)
		goto out;
	need = json_is_true(json_object_get(prior, "reboot_required"));
	if (json_array_size(updates) > 0) {
		package_sh_prelude(m, json_get_str(prior, "backup", NULL), secs,
				   &sh);
		patch_sh_apply(m, updates, &sh);
		package_sh_close(&sh);
		if (package_sh_run(run, "patch", sh.data, secs, err) < 0)
			goto out;
		*changed = 1;
		need = says_reboot(run);
	}
	if (strcmp(reboot, "always") == 0 ||
	    (need && strcmp(reboot, "if_required") == 0)) {
		*changed = 1;
		if (reboot_host(run,
				module_arg_secs(args, "reboot_timeout", 600),
				NULL, err) < 0)
			goto out;
	}
	rc = 0;
out:
	buf_release(&sh);
	return rc;
}

/* Puts every upgraded package back, removes what the upgrade pulled in,
 * and reboots when that made the host need it. */
static int patch_revert(struct module_run *run, const json_t *args,
			const json_t *prior, struct error *err)
{
	const char *reboot = module_arg_str(args, "reboot", "if_required");
	struct buf sh = BUF_INIT;
	unsigned secs;
	int m, rc = -1;

	if ((m = prior_manager(prior, err)) < 0 ||
	    package_lock_timeout("patch", args, &secs, err) < 0)
		goto out;
	package_sh_prelude(m, json_get_str(prior, "backup", NULL), secs, &sh);
	patch_sh_revert(m, json_object_get(prior, "updates"), &sh);
	package_sh_close(&sh);
	if (package_sh_run(run, "patch: revert", sh.data, secs, err) < 0)
		goto out;
	if (says_reboot(run) && strcmp(reboot, "never") != 0 &&
	    reboot_host(run, module_arg_secs(args, "reboot_timeout", 600), NULL,
			err) < 0)
		goto out;
	rc = 0;
out:
	buf_release(&sh);
	return rc;
}

/* Appends one update as "NAME FROM -> TO (security, ORIGIN)". */
static void describe_update(const json_t *u, const char *why, struct buf *out)
{
	const char *origin = json_get_str(u, "origin", NULL);

	buf_addf(out, "%s %s -> %s", json_get_str(u, "name", NULL),
		 json_get_str(u, "from", NULL), json_get_str(u, "to", NULL));
	if (why)
		buf_addf(out, " left: %s\n", why);
	else
		buf_addf(out, " (%s%s%s)\n",
			 json_is_true(json_object_get(u, "security"))
				 ? "security"
				 : "update",
			 origin ? ", " : "", origin ? origin : "");
}

/* Says which updates apply takes and leaves, and whether it reboots. */
static int patch_describe(const json_t *args, const json_t *prior,
			  struct buf *out)
{
	const char *reboot = module_arg_str(args, "reboot", "if_required");
	const json_t *u;
	size_t i;

	if (json_array_size(json_object_get(prior, "updates")) == 0)
		buf_adds(out, "no pending updates to take\n");
	json_array_foreach(json_object_get(prior, "updates"), i, u)
		describe_update(u, NULL, out);
	json_array_foreach(json_object_get(prior, "new"), i, u) buf_addf(
		out, "%s install %s (pulled in)\n",
		json_get_str(u, "name", NULL), json_get_str(u, "to", NULL));
	json_array_foreach(json_object_get(prior, "skipped"), i, u)
		describe_update(u, json_get_str(u, "why", NULL), out);
	if (strcmp(reboot, "always") == 0)
		buf_adds(out, "reboots (reboot: always)\n");
	else if (strcmp(reboot, "never") == 0)
		buf_adds(out, "never reboots (reboot: never)\n");
	else if (json_is_true(json_object_get(prior, "reboot_required")))
		buf_adds(out, "reboots: the host already needs a reboot\n");
	else if (json_array_size(json_object_get(prior, "updates")) > 0)
		buf_adds(out, "reboots only if an upgraded package asks for "
			      "it\n");
	return 0;
}

const struct module module_patch = {
	.name = "patch",
	.summary = "take pending updates, security first; reboot if required",
	.validate = patch_validate,
	.probe = patch_probe,
	.apply = patch_apply,
	.revert = patch_revert,
	.describe = patch_describe,
	.revert_args = patch_revert_args,
	.flags = MODULE_REBOOTS,
};
