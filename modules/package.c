/*
 * package.c - the package module: install, upgrade, downgrade or remove
 * packages with the host's manager (apt, dnf/yum, zypper).
 *
 *	package: {name: acme-agent, version: "2.0-1"}
 *	package: {name: [curl, jq], state: latest}
 *	package: {name: telnet, state: absent}
 *
 * probe is one command: it finds the manager (apt-get and dpkg-query,
 * else dnf, yum, zypper), refreshes the package lists when asked to
 * (update_cache) or when a package or the wanted version is unknown to
 * them, and prints each package's installed version, the versions on
 * offer and the candidate.  prior records, per package, its state and
 * version, and the task's backup directory.
 *
 * apply is one command: before changing anything it keeps each installed
 * package's file in the backup directory (apt: from /var/cache/apt/archives,
 * else apt-get download), failing with nothing changed when it cannot;
 * then one apt-get install (NAME=VERSION, NAME- for removal); when that
 * fails (a postinst exits 1) it puts every package back as found and
 * reports the failure.  revert installs the kept file (dpkg -i, so it works
 * after the repository dropped that version) or removes what was absent.
 * The command lines are in package-sh.c.
 *
 * apt and dpkg wait up to lock_timeout seconds (default 60) for a dpkg
 * lock another process holds, in apply and in revert alike; a change
 * that fails because of the host's full disk or a lock still held says
 * so (package-fault.c) instead of leaving it to apt's last line.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "module-args.h"
#include "module-run.h"
#include "module.h"
#include "package-fault.h"
#include "package.h"
#include "transport/quote.h"
#include "base/xmalloc.h"
#include "base/json-get.h"

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
	{"update_cache", ARG_BOOL, 0, NULL, 0, 0},
	{"lock_timeout", ARG_DURATION, 0, NULL, 0, 0},
	{NULL, 0, 0, NULL, 0, 0},
};

/* What revert reads of the arguments: how long to wait for the lock. */
static const char *const package_revert_args[] = {"lock_timeout", NULL};

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

/* Returns the package names of args as a NULL-terminated array (strings
 * borrowed, array the caller frees), or NULL with err set. */
static const char **package_names(const json_t *args, struct error *err)
{
	const json_t *name = json_object_get(args, "name"), *v;
	const char **names;
	size_t i, n = json_is_array(name) ? json_array_size(name) : 1;

	names = xcalloc(n + 1, sizeof(*names));
	for (i = 0; i < n; i++) {
		v = json_is_array(name) ? json_array_get(name, i) : name;
		if (!json_is_string(v) || json_string_length(v) == 0 ||
		    strpbrk(json_string_value(v), " \t\n'\"\\") ||
		    json_string_value(v)[0] == '-') {
			error_set(err, ERROR_INVALID,
				  "package: '%s' is not a package name",
				  json_is_string(v) ? json_string_value(v)
						    : "?");
			free(names);
			return NULL;
		}
		names[i] = json_string_value(v);
	}
	return names;
}

/* Appends the probe script: manager detection, then the queries of the
 * chosen manager, refreshing the lists first when they do not know a
 * package or the wanted version. */
static void probe_sh(const json_t *args, const char **names, struct buf *sh)
{
	const char *manager = module_arg_str(args, "manager", "auto");
	const char *want = module_arg_str(args, "version", NULL);
	const char *state = module_arg_str(args, "state", "present");
	static const char *const tools[] = {"apt-get", "dnf", "yum", "zypper"};
	int m, first = 1;
	size_t i;

	for (m = PACKAGE_APT; m <= PACKAGE_ZYPPER; m++) {
		if (strcmp(manager, "auto") != 0 &&
		    strcmp(manager, package_manager_name(m)) != 0)
			continue;
		buf_addf(sh,
			 "%sif command -v %s >/dev/null 2>&1%s; then m=%s; ",
			 first ? "" : "el", tools[m],
			 m == PACKAGE_APT
				 ? " && command -v dpkg-query >/dev/null 2>&1"
				 : "",
			 package_manager_name(m));
		first = 0;
	}
	buf_adds(sh, "else echo 'crest: package: this host has no ");
	buf_adds(sh, strcmp(manager, "auto") == 0
			     ? "apt-get, dnf, yum or zypper"
			     : manager);
	buf_adds(sh, "' >&2; exit 3; fi; echo \"manager $m\"; case $m in ");
	for (m = PACKAGE_APT; m <= PACKAGE_ZYPPER; m++) {
		buf_addf(sh, "%s) q() { ", package_manager_name(m));
		for (i = 0; names[i]; i++) {
			package_sh_query(m, names[i], sh);
			buf_adds(sh, "; ");
		}
		buf_adds(sh, "}; u() { ");
		package_sh_update(m, sh);
		buf_adds(sh, " >&2; };; ");
	}
	buf_addf(sh, "esac; o=$(q) || exit 1; f=%d; ",
		 module_arg_bool(args, "update_cache", 0));
	if (strcmp(state, "absent") != 0) {
		for (i = 0; names[i]; i++) {
			buf_adds(sh, "printf '%s\\n' \"$o\" | awk -v n=");
			quote_sh_str(sh, names[i]);
			if (want) {
				buf_adds(sh, " -v w=");
				quote_sh_str(sh, want);
			}
			buf_addf(sh,
				 " '$1 == \"avail\" && $2 == n%s {f = 1} END "
				 "{exit !f}' || f=1; ",
				 want ? " && ($3 == w || index($3, w \"-\") == "
					"1)"
				      : "");
		}
	}
	buf_adds(sh, "if [ $f = 1 ]; then u || exit 1; echo updated; "
		     "o=$(q) || exit 1; fi; printf '%s\\n' \"$o\"");
}

/* Returns the object of prior's packages named name, or NULL. */
static json_t *prior_package(const json_t *prior, const char *name)
{
	json_t *pkgs = json_object_get(prior, "packages"), *p;
	size_t i;

	json_array_foreach(pkgs, i, p)
	{
		if (strcmp(json_get_str(p, "name", NULL), name) == 0)
			return p;
	}
	return NULL;
}

/* Parses the probe's lines into *prior. */
static int parse_probe(const char *out, const char **names, const char *dir,
		       json_t **prior, struct error *err)
{
	json_t *pr = json_object(), *pkgs = json_array(), *p;
	char *text = xstrdup(out), *line, *save = NULL;
	char word[16], name[256], a[256], b[256];
	size_t i;
	int rc = -1;

	json_object_set_new(pr, "backup", json_string(dir));
	json_object_set_new(pr, "packages", pkgs);
	for (i = 0; names[i]; i++)
		json_array_append_new(
			pkgs, json_pack("{s:s,s:s,s:n,s:[],s:n}", "name",
					names[i], "state", "absent", "version",
					"available", "candidate"));
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		int k = sscanf(line, "%15s %255s %255s %255s", word, name, a,
			       b);

		if (k == 2 && strcmp(word, "manager") == 0) {
			json_object_set_new(pr, "manager", json_string(name));
			continue;
		}
		if (k < 3 || (p = prior_package(pr, name)) == NULL)
			continue;
		if (strcmp(word, "pkg") == 0 && k == 4) {
			json_object_set_new(p, "state", json_string(a));
			json_object_set_new(p, "version",
					    strcmp(b, "-") ? json_string(b)
							   : json_null());
		} else if (strcmp(word, "avail") == 0) {
			json_array_append_new(json_object_get(p, "available"),
					      json_string(a));
		} else if (strcmp(word, "candidate") == 0 && strcmp(a, "-")) {
			json_object_set_new(p, "candidate", json_string(a));
		}
	}
	if (!json_is_string(json_object_get(pr, "manager"))) {
		error_set(err, ERROR_FAILED,
			  "package: the host's answer names no manager");
		goto out;
	}
	*prior = pr;
	pr = NULL;
	rc = 0;
out:
	json_decref(pr);
	free(text);
	return rc;
}

/* Reads each package's state on the host. */
static int package_probe(struct module_run *run, const json_t *args,
			 json_t **prior, struct error *err)
{
	const char **names = package_names(args, err);
	struct buf sh = BUF_INIT;
	char *dir = NULL;
	unsigned secs;
	int rc = -1;

	if (names == NULL)
		return -1;
	if (package_lock_timeout("package", args, &secs, err) < 0)
		goto out;
	probe_sh(args, names, &sh);
	if (package_sh_run(run, "package: reading the installed versions",
			   sh.data, secs, err) < 0)
		goto out;
	dir = module_backup_dir(run);
	rc = parse_probe(module_stdout(run), names, dir, prior, err);
out:
	free(dir);
	free(names);
	buf_release(&sh);
	return rc;
}

/* Returns the installed version of a prior package, or NULL when it is
 * not (fully) installed. */
static const char *pkg_installed(const json_t *p)
{
	const char *state = json_get_str(p, "state", NULL);

	return state && strcmp(state, "installed") == 0
		       ? json_get_str(p, "version", NULL)
		       : NULL;
}

/* Finds the version on offer that want names: itself, else the highest
 * "want-REVISION"; NULL when none. */
static const char *pkg_resolve(const json_t *p, const char *want)
{
	const json_t *v;
	const char *best = NULL;
	size_t i;

	json_array_foreach(json_object_get(p, "available"), i, v)
	{
		const char *s = json_string_value(v);

		if (strcmp(s, want) == 0)
			return s;
		if (package_version_matches(s, want) &&
		    (!best || package_version_cmp(s, best) > 0))
			best = s;
	}
	return best;
}

/* Works out what apply changes from args and prior into *changes (an
 * array the caller frees; strings borrowed from args and prior).  Returns
 * 0, or -1 with err set when a wanted version is not on offer. */
static int package_plan(const json_t *args, const json_t *prior,
			struct package_change **changes, size_t *n,
			struct error *err)
{
	const char *state = module_arg_str(args, "state", "present");
	const char *want = module_arg_str(args, "version", NULL);
	const json_t *p;
	struct package_change *c;
	size_t i;

	*n = 0;
	c = xcalloc(json_array_size(json_object_get(prior, "packages")) + 1,
		    sizeof(*c));
	json_array_foreach(json_object_get(prior, "packages"), i, p)
	{
		const char *have = pkg_installed(p), *to = NULL;
		const char *cur = json_get_str(p, "version", NULL);

		if (strcmp(state, "absent") == 0) {
			/* A half-installed package goes too. */
			if (cur == NULL)
				continue;
		} else if (want) {
			if (have && package_version_matches(have, want))
				continue;
			if ((to = pkg_resolve(p, want)) == NULL) {
				error_set(err, ERROR_FAILED,
					  "package: %s %s is not available "
					  "from the host's repositories",
					  json_get_str(p, "name", NULL), want);
				free(c);
				return -1;
			}
		} else {
			to = json_get_str(p, "candidate", NULL);
			if (have && (strcmp(state, "present") == 0 ||
				     (to && strcmp(to, have) == 0)))
				continue;
			if (to == NULL) {
				error_set(err, ERROR_FAILED,
					  "package: %s is not available from "
					  "the host's repositories",
					  json_get_str(p, "name", NULL));
				free(c);
				return -1;
			}
		}
		if (have && to && package_version_cmp(to, have) < 0 &&
		    !module_arg_bool(args, "allow_downgrade", 0)) {
			error_set(err, ERROR_FAILED,
				  "package: %s %s -> %s is a downgrade; give "
				  "allow_downgrade: true to make it",
				  json_get_str(p, "name", NULL), have, to);
			free(c);
			return -1;
		}
		c[*n].name = json_get_str(p, "name", NULL);
		c[*n].from = have;
		c[*n].to = to;
		(*n)++;
	}
	*changes = c;
	return 0;
}

/* Appends the restore lines of every package in prior to the script,
 * joined with "&&"; only those named in changes when changes is not
 * NULL. */
static void restore_sh(enum package_manager m, const json_t *prior,
		       const struct package_change *changes, size_t n,
		       struct buf *sh)
{
	const json_t *p;
	size_t i, j;
	int first = 1;

	json_array_foreach(json_object_get(prior, "packages"), i, p)
	{
		const char *name = json_get_str(p, "name", NULL);

		if (changes) {
			for (j = 0; j < n; j++)
				if (strcmp(changes[j].name, name) == 0)
					break;
			if (j == n)
				continue;
		}
		if (!first)
			buf_adds(sh, " && ");
		first = 0;
		package_sh_restore(m, name, pkg_installed(p), sh);
	}
	if (first)
		buf_adds(sh, ":");
}

/* Returns prior's manager, or -1 with err set. */
static int prior_manager(const json_t *prior, struct error *err)
{
	const char *name = json_get_str(prior, "manager", NULL);
	int m = name ? package_manager_find(name) : -1;

	if (m < 0)
		error_set(err, ERROR_INVALID,
			  "package: the recorded state names no manager");
	return m;
}

/* Keeps the installed packages' files, then makes the changes; puts
 * everything back when they fail. */
static int package_apply(struct module_run *run, const json_t *args,
			 const json_t *prior, int *changed, struct error *err)
{
	struct package_change *changes = NULL;
	struct buf sh = BUF_INIT;
	size_t n = 0, i;
	unsigned secs;
	int m, rc = -1;

	*changed = 0;
	if ((m = prior_manager(prior, err)) < 0 ||
	    package_lock_timeout("package", args, &secs, err) < 0 ||
	    package_plan(args, prior, &changes, &n, err) < 0)
		goto out;
	if (n == 0) {
		rc = 0;
		goto out;
	}
	package_sh_prelude(m, json_get_str(prior, "backup", NULL), secs, &sh);
	for (i = 0; i < n; i++) {
		if (changes[i].from == NULL)
			continue;
		package_sh_keep(m, changes[i].name, changes[i].from, &sh);
		buf_adds(&sh, "; ");
	}
	buf_adds(&sh, "r() { ");
	restore_sh(m, prior, changes, n, &sh);
	buf_adds(&sh, "; }; ");
	package_sh_change(m, changes, n, &sh);
	buf_adds(&sh, " >&2 || { e=$?; if r >&2; then echo \"crest: package: "
		      "the change failed (exit $e); the packages are back as "
		      "found\" >&2; else echo \"crest: package: the change "
		      "failed (exit $e), and putting the packages back failed "
		      "too\" >&2; fi; exit 1; }");
	package_sh_close(&sh);
	if (package_sh_run(run, "package", sh.data, secs, err) < 0)
		goto out;
	*changed = 1;
	rc = 0;
out:
	free(changes);
	buf_release(&sh);
	return rc;
}

/* Puts every package back at its prior version, or removes it. */
static int package_revert(struct module_run *run, const json_t *args,
			  const json_t *prior, struct error *err)
{
	struct buf sh = BUF_INIT;
	unsigned secs;
	int m, rc = -1;

	if ((m = prior_manager(prior, err)) < 0 ||
	    package_lock_timeout("package", args, &secs, err) < 0)
		goto out;
	package_sh_prelude(m, json_get_str(prior, "backup", NULL), secs, &sh);
	restore_sh(m, prior, NULL, 0, &sh);
	package_sh_close(&sh);
	rc = package_sh_run(run, "package: revert", sh.data, secs, err);
out:
	buf_release(&sh);
	return rc;
}

/* Says per package what apply would do: "acme-agent 1.1 -> 2.0". */
static int package_describe(const json_t *args, const json_t *prior,
			    struct buf *out)
{
	struct package_change *changes = NULL;
	struct error err = ERROR_INIT;
	size_t n = 0, i;

	if (package_plan(args, prior, &changes, &n, &err) < 0) {
		buf_addf(out, "%s\n", err.message);
		error_release(&err);
		return -1;
	}
	for (i = 0; i < n; i++) {
		const struct package_change *c = &changes[i];

		if (c->from && c->to)
			buf_addf(out, "%s %s -> %s\n", c->name, c->from, c->to);
		else if (c->to)
			buf_addf(out, "%s install %s\n", c->name, c->to);
		else
			buf_addf(out, "%s remove %s\n", c->name,
				 c->from ? c->from
					 : json_get_str(prior_package(prior,
								      c->name),
							"version", NULL));
	}
	if (n == 0)
		buf_adds(out, "packages unchanged\n");
	free(changes);
	return 0;
}

const struct module module_package = {
	.name = "package",
	.summary = "install, pin, upgrade or remove packages",
	.validate = package_validate,
	.probe = package_probe,
	.apply = package_apply,
	.revert = package_revert,
	.describe = package_describe,
	.revert_args = package_revert_args,
};
