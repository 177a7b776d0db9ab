/*
 * driver.c - the driver module: update a kernel driver from a package,
 * reload it (or reboot when it is in use), and verify the loaded version.
 *
 *	driver: {name: acme_nic, package: acme-nic-dkms, version: "5.2.1"}
 *	driver: {name: acme_nic, package: acme-nic-dkms, version: "5.2.1",
 *	         module_version: "5.2.1-k", reload: auto, reboot: never}
 *
 * The package goes through the package module itself (its probe, apply
 * and revert on the arguments {name: PACKAGE, version: VERSION}), so the
 * driver's package is kept, installed and put back exactly as a package
 * task's would be: the prior .deb/.rpm stays in the task's backup
 * directory for an offline revert.
 *
 * probe records the package module's prior, and the module's state: loaded
 * or not, its loaded version (/sys/module/NAME/version), whether it is in
 * use (/sys/module/NAME/refcnt above 0) and the version of the installed
 * module file (modinfo -F version).
 *
 * apply refuses up front, with nothing changed, when the module would need
 * a reload it cannot have (in use, or reload: never) and reboot: never.
 * Then it installs the package, runs depmod -a, and unless the loaded
 * version already is the wanted one (module_version, else version) it
 * unloads and loads the module (modprobe -r, modprobe) when not in use,
 * else reboots (as the reboot module does, through the engine's
 * reconnect); last it reads /sys/module/NAME/version and fails unless it
 * is the wanted one.  reload: always reloads whenever the package changed;
 * never only reboots.  revert puts the prior package back the same way
 * and verifies the prior loaded version (or that the module is unloaded
 * when it was not loaded before).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "module-args.h"
#include "module-run.h"
#include "driver.h"
#include "module.h"
#include "reboot.h"
#include "package.h"
#include "transport/quote.h"
#include "base/xmalloc.h"
#include "base/json-get.h"

static const char *const reload_modes[] = {"auto", "always", "never", NULL};
static const char *const reboot_modes[] = {"if_needed", "never", NULL};

static const struct arg_spec driver_args[] = {
	{"name", ARG_NAME, ARG_REQUIRED, NULL, 0, 0},
	{"package", ARG_NAME, ARG_REQUIRED, NULL, 0, 0},
	{"version", ARG_STRING, ARG_REQUIRED, NULL, 0, 0},
	{"module_version", ARG_STRING, 0, NULL, 0, 0},
	{"reload", ARG_CHOICE, 0, reload_modes, 0, 0},
	{"reboot", ARG_CHOICE, 0, reboot_modes, 0, 0},
	{"reboot_timeout", ARG_DURATION, 0, NULL, 0, 0},
	{"allow_downgrade", ARG_BOOL, 0, NULL, 0, 0},
	{"lock_timeout", ARG_DURATION, 0, NULL, 0, 0},
	{NULL, 0, 0, NULL, 0, 0},
};

/* What the module looks like on the host at one moment. */
struct driver_state {
	int loaded;	    /* /sys/module/NAME exists */
	char *version;	    /* its loaded version, or NULL (owned) */
	int in_use;	    /* refcnt above 0 */
	char *file_version; /* modinfo -F version, or NULL (owned) */
};

/* Returns 1 when name is a kernel module name. */
static int module_name_ok(const char *name)
{
	size_t i;

	if (name == NULL || *name == '\0')
		return 0;
	for (i = 0; name[i]; i++)
		if (!isalnum((unsigned char)name[i]) && name[i] != '_' &&
		    name[i] != '-')
			return 0;
	return 1;
}

/* Checks the kernel module name, package and version. */
static int driver_validate(const struct task *task, struct error *err)
{
	const struct ynode *name;

	if (module_args_check(task, driver_args, err) < 0)
		return -1;
	name = module_arg(task, "name");
	if (module_arg_is_template(name))
		return 0;
	if (!module_name_ok(name->str))
		return ynode_error(name, err,
				   "driver: '%s' is not a kernel "
				   "module name (letters, digits, _ "
				   "and -)",
				   name->str);
	return 0;
}

/* Returns the module's name as /sys/module spells it ('-' as '_'), or
 * NULL with err set; caller frees. */
static char *sysfs_name(const json_t *args, struct error *err)
{
	const char *name = module_arg_str(args, "name", NULL);
	char *s, *p;

	if (!module_name_ok(name)) {
		error_set(err, ERROR_INVALID,
			  "driver: '%s' is not a kernel module name",
			  name ? name : "");
		return NULL;
	}
	s = xstrdup(name);
	for (p = s; *p; p++)
		if (*p == '-')
			*p = '_';
	return s;
}

/* Returns the arguments the package module gets (new reference):
 * lock_timeout goes through as given, for the package module to read. */
static json_t *package_args(const json_t *args)
{
	json_t *pargs = json_pack(
		"{s:s,s:s,s:b}", "name", module_arg_str(args, "package", ""),
		"version", module_arg_str(args, "version", ""),
		"allow_downgrade", module_arg_bool(args, "allow_downgrade", 0));
	json_t *lock = json_object_get(args, "lock_timeout");

	if (lock)
		json_object_set(pargs, "lock_timeout", lock);
	return pargs;
}

/* Returns the module version apply must see loaded (borrowed). */
static const char *wanted_version(const json_t *args)
{
	return module_arg_str(args, "module_version",
			      module_arg_str(args, "version", ""));
}

/* Returns 1 when a loaded version is the wanted one ("2.0" also matches
 * "2.0-1"). */
static int version_ok(const char *loaded, const char *want)
{
	return loaded && want && package_version_matches(loaded, want);
}

/* Appends the line that prints the module's state, as
 *	loaded / version V / refcnt N / file V
 * (a line only when it applies). */
void driver_sh_state(const char *name, struct buf *out)
{
	buf_adds(out, "n=");
	quote_sh_str(out, name);
	buf_adds(out, "; if [ -d \"/sys/module/$n\" ]; then echo loaded; "
		      "if [ -r \"/sys/module/$n/version\" ]; then "
		      "echo \"version $(cat \"/sys/module/$n/version\")\"; fi; "
		      "echo \"refcnt $(cat \"/sys/module/$n/refcnt\" "
		      "2>/dev/null || echo 0)\"; fi; "
		      "if v=$(modinfo -F version \"$n\" 2>/dev/null) && "
		      "[ -n \"$v\" ]; then echo \"file $v\"; fi; :");
}

/* Appends the line that loads the module. */
void driver_sh_load(const char *name, struct buf *out)
{
	buf_adds(out, "modprobe ");
	quote_sh_str(out, name);
}

/* Appends the line that unloads the module when it is loaded. */
void driver_sh_unload(const char *name, struct buf *out)
{
	buf_adds(out, "n=");
	quote_sh_str(out, name);
	buf_adds(out, "; if [ -d \"/sys/module/$n\" ]; then "
		      "modprobe -r \"$n\"; fi");
}

/* Frees what a state holds. */
static void state_release(struct driver_state *st)
{
	free(st->version);
	free(st->file_version);
	memset(st, 0, sizeof(*st));
}

/* Reads the module's state on the host into *st. */
static int read_state(struct module_run *run, const char *name,
		      struct driver_state *st, struct error *err)
{
	struct buf sh = BUF_INIT;
	char *text = NULL, *line, *save = NULL;
	int rc = -1;

	memset(st, 0, sizeof(*st));
	driver_sh_state(name, &sh);
	if (module_sh_ok(run, "driver: reading the module's state", sh.data,
			 err) < 0)
		goto out;
	text = xstrdup(module_stdout(run));
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (strcmp(line, "loaded") == 0)
			st->loaded = 1;
		else if (strncmp(line, "version ", 8) == 0 && !st->version)
			st->version = xstrdup(line + 8);
		else if (strncmp(line, "refcnt ", 7) == 0)
			st->in_use = atoi(line + 7) > 0;
		else if (strncmp(line, "file ", 5) == 0 && !st->file_version)
			st->file_version = xstrdup(line + 5);
	}
	rc = 0;
out:
	free(text);
	buf_release(&sh);
	return rc;
}

/* Records the package's prior and the module's loaded state. */
static int driver_probe(struct module_run *run, const json_t *args,
			json_t **prior, struct error *err)
{
	struct driver_state st = {0};
	json_t *pargs = package_args(args), *pkg = NULL;
	char *name = sysfs_name(args, err);
	int rc = -1;

	if (name == NULL)
		goto out;
	if (module_package.probe(run, pargs, &pkg, err) < 0)
		goto out;
	if (read_state(run, name, &st, err) < 0)
		goto out;
	*prior = json_pack("{s:O,s:s,s:b,s:s?,s:b,s:s?}", "package", pkg,
			   "module", name, "loaded", st.loaded, "version",
			   st.version, "in_use", st.in_use, "file_version",
			   st.file_version);
	rc = 0;
out:
	state_release(&st);
	json_decref(pkg);
	json_decref(pargs);
	free(name);
	return rc;
}

/* Returns the loaded version prior recorded, or NULL. */
static const char *prior_version(const json_t *prior)
{
	return json_get_str(prior, "version", NULL);
}

/* Returns 0 when apply can reach the wanted version on a host in state
 * prior, else -1 with err saying why (nothing is changed then). */
static int driver_plan(const json_t *args, const json_t *prior,
		       struct error *err)
{
	const char *reload = module_arg_str(args, "reload", "auto");
	const char *reboot = module_arg_str(args, "reboot", "if_needed");
	const char *want = wanted_version(args);
	int loaded = json_is_true(json_object_get(prior, "loaded"));
	int in_use = json_is_true(json_object_get(prior, "in_use"));

	if (strcmp(reboot, "never") != 0 ||
	    version_ok(prior_version(prior), want))
		return 0;
	if (strcmp(reload, "never") == 0 && loaded)
		return error_set(err, ERROR_FAILED,
				 "driver: %s %s is loaded, and with reload: "
				 "never and reboot: never %s cannot be "
				 "loaded; nothing was changed",
				 json_get_str(prior, "module", NULL),
				 prior_version(prior) ? prior_version(prior)
						      : "(no version)",
				 want);
	if (in_use)
		return error_set(err, ERROR_FAILED,
				 "driver: %s is in use, and with reboot: "
				 "never %s cannot be loaded; nothing was "
				 "changed",
				 json_get_str(prior, "module", NULL), want);
	return 0;
}

/* Brings the loaded module to version want (NULL: not loaded): nothing
 * when it already is (unless force), else unload and load when it is not
 * in use and reload allows, else reboot when allowed.  Then verifies. */
static int settle(struct module_run *run, const json_t *args, const char *name,
		  const char *want, int force, struct error *err)
{
	const char *reload = module_arg_str(args, "reload", "auto");
	int may_reboot =
		strcmp(module_arg_str(args, "reboot", "if_needed"), "never");
	struct driver_state st = {0};
	struct buf sh = BUF_INIT;
	int rc = -1, done = 0;

	if (module_sh_ok(run, "driver: depmod", "depmod -a", err) < 0 ||
	    read_state(run, name, &st, err) < 0)
		goto out;
	if (want == NULL) {
		if (st.loaded) {
			driver_sh_unload(name, &sh);
			if (module_sh_ok(run, "driver: unloading", sh.data,
					 err) < 0)
				goto out;
		}
		rc = 0;
		goto out;
	}
	if (version_ok(st.version, want) && !force) {
		rc = 0;
		goto out;
	}
	if (strcmp(reload, "never") != 0 && !st.in_use) {
		/* Unloading fails when the module is busy after all: then a
		 * reboot, when allowed, is the way. */
		driver_sh_unload(name, &sh);
		if (module_sh(run, sh.data, NULL, 0, err) < 0)
			goto out;
		done = run->last.exit_status == 0;
		if (!done && !may_reboot) {
			rc = module_sh_ok(run, "driver: unloading the module",
					  sh.data, err);
			goto out;
		}
		buf_reset(&sh);
		driver_sh_load(name, &sh);
		if (done && module_sh_ok(run, "driver: loading the module",
					 sh.data, err) < 0)
			goto out;
	}
	if (!done) {
		if (!may_reboot) {
			error_set(err, ERROR_FAILED,
				  "driver: %s is in use and reboot is never; "
				  "%s is not loaded",
				  name, want);
			goto out;
		}
		if (reboot_host(run,
				module_arg_secs(args, "reboot_timeout", 600),
				NULL, err) < 0)
			goto out;
	}
	state_release(&st);
	if (read_state(run, name, &st, err) < 0)
		goto out;
	if (!version_ok(st.version, want)) {
		error_set(err, ERROR_FAILED,
			  "driver: %s loaded version is %s, not %s", name,
			  st.loaded ? (st.version ? st.version : "unknown")
				    : "none (not loaded)",
			  want);
		goto out;
	}
	rc = 0;
out:
	state_release(&st);
	buf_release(&sh);
	return rc;
}

/* Installs the package, reloads or reboots, verifies the loaded
 * version. */
static int driver_apply(struct module_run *run, const json_t *args,
			const json_t *prior, int *changed, struct error *err)
{
	json_t *pargs = package_args(args);
	const char *name = json_get_str(prior, "module", NULL);
	int pkg_changed = 0, rc = -1;

	*changed = 0;
	if (name == NULL) {
		error_set(err, ERROR_INVALID,
			  "driver: the recorded state names no module");
		goto out;
	}
	if (driver_plan(args, prior, err) < 0)
		goto out;
	if (module_package.apply(run, pargs, json_object_get(prior, "package"),
				 &pkg_changed, err) < 0)
		goto out;
	*changed = pkg_changed;
	if (version_ok(prior_version(prior), wanted_version(args)) &&
	    !(pkg_changed &&
	      strcmp(module_arg_str(args, "reload", "auto"), "always") == 0)) {
		rc = 0;
		goto out;
	}
	*changed = 1;
	rc = settle(run, args, name, wanted_version(args),
		    pkg_changed &&
			    strcmp(module_arg_str(args, "reload", "auto"),
				   "always") == 0,
		    err);
out:
	json_decref(pargs);
	return rc;
}

/* Puts the prior package back and the prior version loaded (or the
 * module unloaded when it was not loaded). */
static int driver_revert(struct module_run *run, const json_t *args,
			 const json_t *prior, struct error *err)
{
	json_t *pargs = package_args(args);
	const char *name = json_get_str(prior, "module", NULL);
	int loaded = json_is_true(json_object_get(prior, "loaded"));
	struct buf sh = BUF_INIT;
	int rc = -1;

	if (name == NULL) {
		error_set(err, ERROR_INVALID,
			  "driver: the recorded state names no module");
		goto out;
	}
	if (module_package.revert(run, pargs, json_object_get(prior, "package"),
				  err) < 0)
		goto out;
	if (loaded && prior_version(prior) == NULL) {
		/* Loaded without a version: all we can check is that it
		 * loads. */
		buf_adds(&sh, "depmod -a && ");
		driver_sh_load(name, &sh);
		rc = module_sh_ok(run, "driver: loading the module", sh.data,
				  err);
		goto out;
	}
	rc = settle(run, args, name, loaded ? prior_version(prior) : NULL, 0,
		    err);
out:
	buf_release(&sh);
	json_decref(pargs);
	return rc;
}

/* Says what the package does and how the module gets loaded. */
static int driver_describe(const json_t *args, const json_t *prior,
			   struct buf *out)
{
	json_t *pargs = package_args(args);
	const char *name = json_get_str(prior, "module", NULL);
	const char *want = wanted_version(args), *have = prior_version(prior);
	int in_use = json_is_true(json_object_get(prior, "in_use"));
	struct error err = ERROR_INIT;
	int rc = -1;

	if (module_package.describe(pargs, json_object_get(prior, "package"),
				    out) < 0)
		goto out;
	if (driver_plan(args, prior, &err) < 0) {
		buf_addf(out, "%s\n", err.message);
		goto out;
	}
	if (version_ok(have, want))
		buf_addf(out, "%s %s loaded\n", name ? name : "?", have);
	else if (in_use ||
		 strcmp(module_arg_str(args, "reload", "auto"), "never") == 0)
		buf_addf(out, "%s %s -> %s by a reboot%s\n", name ? name : "?",
			 have ? have : "(not loaded)", want,
			 in_use ? " (in use)" : "");
	else
		buf_addf(out, "%s %s -> %s by a reload\n", name ? name : "?",
			 have ? have : "(not loaded)", want);
	rc = 0;
out:
	error_release(&err);
	json_decref(pargs);
	return rc;
}

const struct module module_driver = {
	.name = "driver",
	.summary = "update a kernel driver and verify the loaded version",
	.validate = driver_validate,
	.probe = driver_probe,
	.apply = driver_apply,
	.revert = driver_revert,
	.describe = driver_describe,
	.flags = MODULE_REBOOTS,
};
