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
 * The command lines are in os_upgrade_sh_*() below (os_upgrade.h).
 */
#include <stdlib.h>
#include <string.h>

#include "module-args.h"
#include "module-run.h"
#include "module.h"
#include "os_upgrade.h"
#include "lang/playbook.h"
#include "transport/quote.h"
#include "base/xmalloc.h"

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
static int release_ok(const char *s)
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

/* Appends the preflight line (os_upgrade.h). */
void os_upgrade_sh_preflight(const char *command, struct buf *out)
{
	size_t n;
	char *first;

	buf_adds(
		out,
		"if command -v apt-get >/dev/null 2>&1 && command -v dpkg "
		">/dev/null 2>&1; then echo family debian; elif command -v "
		"dnf >/dev/null 2>&1; then echo family rhel; else echo "
		"family unknown; fi; if [ -r /etc/os-release ]; then sed -n "
		"-e 's/^VERSION_CODENAME=\"*\\([^\"]*\\)\"*$/codename \\1/p' "
		"-e 's/^VERSION_ID=\"*\\([^\"]*\\)\"*$/version_id \\1/p' "
		"/etc/os-release; fi; df -Pk / /var 2>/dev/null | awk 'NR > "
		"1 {print \"free_kb \" $4}'; if command -v apt-mark >/dev/null "
		"2>&1; then apt-mark showhold 2>/dev/null | sed 's/^/held /'; "
		"fi; if command -v dpkg >/dev/null 2>&1 && [ -n \"$(dpkg "
		"--audit 2>/dev/null)\" ]; then echo broken; fi; for t in "
		"lvcreate btrfs zfs dnf leapp; do if command -v $t >/dev/null "
		"2>&1; then echo \"tool $t\"; fi; done");
	if (command) {
		n = strspn(command, " \t");
		first = xstrndup(command + n, strcspn(command + n, " \t\n;"));
		buf_adds(out, "; if command -v ");
		quote_sh_str(out, first);
		buf_adds(out, " >/dev/null 2>&1; then echo command ok; fi");
		free(first);
	}
	buf_adds(out, "; :");
}

/* Appends from as an extended regular expression matching it alone. */
static void regex_literal(const char *s, struct buf *out)
{
	for (; *s; s++) {
		if (*s == '.')
			buf_addch(out, '\\');
		buf_addch(out, *s);
	}
}

/* Appends the apt sources switch (os_upgrade.h). */
void os_upgrade_sh_sources(const char *from, const char *to, struct buf *out)
{
	struct buf e = BUF_INIT;

	/* Twice: a match takes the character after it, so the second of
	 * "bookworm bookworm-updates" is found by the second pass. */
	buf_adds(&e, "s/(^|[^A-Za-z0-9._-])");
	regex_literal(from, &e);
	buf_addf(&e, "([^A-Za-z0-9._]|$)/\\1%s\\2/g", to);
	buf_adds(out, "for f in /etc/apt/sources.list /etc/apt/sources.list.d/*"
		      ".list /etc/apt/sources.list.d/*.sources; do if [ -f "
		      "\"$f\" ]; then sed -i -E -e ");
	quote_sh_str(out, e.data);
	buf_adds(out, " -e ");
	quote_sh_str(out, e.data);
	buf_adds(out, " \"$f\" || exit 1; fi; done");
	buf_release(&e);
}

/* Appends update and full-upgrade, keeping local config files. */
void os_upgrade_sh_debian(struct buf *out)
{
	buf_adds(out, "export DEBIAN_FRONTEND=noninteractive; apt-get update "
		      "-q && apt-get -y -q -o Dpkg::Options::=--force-confold "
		      "-o Dpkg::Options::=--force-confdef full-upgrade");
}

/* Appends leapp's or dnf system-upgrade's download. */
void os_upgrade_sh_rhel(const char *to, int leapp, struct buf *out)
{
	if (leapp) {
		buf_adds(out, "leapp upgrade --target ");
		quote_sh_str(out, to);
		return;
	}
	buf_adds(out, "dnf -y install dnf-plugin-system-upgrade && dnf -y "
		      "system-upgrade download --releasever=");
	quote_sh_str(out, to);
}

/* Returns the family's reboot into the upgrade. */
const char *os_upgrade_reboot_command(const char *family, int leapp)
{
	if (strcmp(family, "rhel") == 0 && !leapp)
		return "dnf -y system-upgrade reboot";
	return "reboot";
}

/* Appends one snapshot step of a provider (os_upgrade.h). */
int os_upgrade_sh_snapshot(const char *provider, enum os_snapshot_op op,
			   const char *target, const char *name,
			   const char *command, struct buf *out)
{
	struct buf t = BUF_INIT;
	const char *slash;
	int rc = 0;

	if (strcmp(provider, "command") == 0) {
		if (command == NULL)
			return -1;
		buf_adds(out, "CREST_SNAPSHOT=");
		quote_sh_str(out, name);
		buf_adds(out, " sh -c ");
		quote_sh_str(out, command);
		return 0;
	}
	if (target == NULL)
		return -1;
	if (strcmp(provider, "lvm") == 0) {
		/* The snapshot lives in the origin's volume group; a merge
		 * of an origin in use completes at the next boot. */
		slash = strchr(target, '/');
		buf_add(&t, target, slash ? (size_t)(slash - target) + 1 : 0);
		buf_adds(&t, name);
		if (op == OS_SNAPSHOT_CREATE) {
			buf_addf(out, "lvcreate --snapshot --extents 50%%FREE "
				      "--name ");
			quote_sh_str(out, name);
			buf_adds(out, " ");
			quote_sh_str(out, target);
		} else if (op == OS_SNAPSHOT_RESTORE) {
			buf_adds(out, "lvconvert --merge ");
			quote_sh_str(out, t.data);
		} else {
			buf_adds(out, "lvremove -f ");
			quote_sh_str(out, t.data);
		}
	} else if (strcmp(provider, "btrfs") == 0) {
		/* Restore makes the snapshot the default subvolume, which the
		 * next boot mounts. */
		buf_addf(&t, "%s%s.crest-snapshots/%s", target,
			 target[strlen(target) - 1] == '/' ? "" : "/", name);
		if (op == OS_SNAPSHOT_CREATE) {
			buf_adds(out, "mkdir -p \"$(dirname ");
			quote_sh_str(out, t.data);
			buf_adds(out, ")\" && btrfs subvolume snapshot ");
			quote_sh_str(out, target);
			buf_adds(out, " ");
			quote_sh_str(out, t.data);
		} else if (op == OS_SNAPSHOT_RESTORE) {
			buf_adds(out, "btrfs subvolume set-default \"$(btrfs "
				      "subvolume show ");
			quote_sh_str(out, t.data);
			buf_adds(out,
				 " | awk '/Subvolume ID:/ {print $3}')\" ");
			quote_sh_str(out, target);
		} else {
			buf_adds(out, "btrfs subvolume delete ");
			quote_sh_str(out, t.data);
		}
	} else if (strcmp(provider, "zfs") == 0) {
		buf_addf(&t, "%s@%s", target, name);
		buf_adds(out, op == OS_SNAPSHOT_CREATE	  ? "zfs snapshot "
			      : op == OS_SNAPSHOT_RESTORE ? "zfs rollback -r "
							  : "zfs destroy ");
		quote_sh_str(out, t.data);
	} else {
		rc = -1;
	}
	buf_release(&t);
	return rc;
}

/* Returns the user's command for a snapshot step (borrowed, or NULL). */
static const char *snapshot_command(const json_t *args, enum os_snapshot_op op)
{
	return module_arg_str(args,
			      op == OS_SNAPSHOT_CREATE	  ? "snapshot_command"
			      : op == OS_SNAPSHOT_RESTORE ? "restore_command"
							  : "delete_command",
			      NULL);
}

/* Runs one snapshot step on the host. */
static int snapshot_step(struct module_run *run, const json_t *args,
			 const json_t *prior, enum os_snapshot_op op,
			 struct error *err)
{
	static const char *const what[] = {
		"os_upgrade: taking the snapshot",
		"os_upgrade: restoring the snapshot",
		"os_upgrade: deleting the snapshot",
	};
	struct buf sh = BUF_INIT;
	int rc;

	if (os_upgrade_sh_snapshot(
		    module_arg_str(args, "snapshot", "none"), op,
		    module_arg_str(args, "snapshot_target", NULL),
		    json_string_value(json_object_get(prior, "snapshot_name")),
		    snapshot_command(args, op), &sh) < 0) {
		buf_release(&sh);
		return error_set(err, ERROR_INVALID,
				 "os_upgrade: snapshot '%s' cannot do this",
				 module_arg_str(args, "snapshot", "none"));
	}
	rc = module_sh_ok(run, what[op], sh.data, err);
	buf_release(&sh);
	return rc;
}

/* What preflight found. */
struct preflight {
	char family[16];
	char codename[128];
	char version_id[64];
	long long free_kb; /* the least of / and /var; -1: unknown */
	json_t *held;	   /* names (owned) */
	int broken;
	int command_ok;
	int tools; /* bit per tool: lvcreate btrfs zfs dnf leapp */
};

static const char *const preflight_tools[] = {"lvcreate", "btrfs", "zfs",
					      "dnf",	  "leapp", NULL};

/* Runs the preflight line and parses it into *pf. */
static int read_preflight(struct module_run *run, const json_t *args,
			  struct preflight *pf, struct error *err)
{
	const char *provider = module_arg_str(args, "snapshot", "none");
	struct buf sh = BUF_INIT;
	char *text = NULL, *line, *save = NULL;
	int rc = -1, i;

	memset(pf, 0, sizeof(*pf));
	pf->free_kb = -1;
	pf->held = json_array();
	os_upgrade_sh_preflight(
		strcmp(provider, "command") == 0
			? snapshot_command(args, OS_SNAPSHOT_CREATE)
			: NULL,
		&sh);
	if (module_sh_ok(run, "os_upgrade: preflight", sh.data, err) < 0)
		goto out;
	text = xstrdup(module_stdout(run));
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		long long kb;

		if (sscanf(line, "family %15s", pf->family) == 1)
			continue;
		if (sscanf(line, "codename %127s", pf->codename) == 1)
			continue;
		if (sscanf(line, "version_id %63s", pf->version_id) == 1)
			continue;
		if (sscanf(line, "free_kb %lld", &kb) == 1) {
			if (pf->free_kb < 0 || kb < pf->free_kb)
				pf->free_kb = kb;
		} else if (strncmp(line, "held ", 5) == 0) {
			json_array_append_new(pf->held, json_string(line + 5));
		} else if (strcmp(line, "broken") == 0) {
			pf->broken = 1;
		} else if (strcmp(line, "command ok") == 0) {
			pf->command_ok = 1;
		} else if (strncmp(line, "tool ", 5) == 0) {
			for (i = 0; preflight_tools[i]; i++)
				if (strcmp(line + 5, preflight_tools[i]) == 0)
					pf->tools |= 1 << i;
		}
	}
	rc = 0;
out:
	free(text);
	buf_release(&sh);
	return rc;
}

/* Returns 1 when the host's release is name (codename or version). */
static int release_is(const struct preflight *pf, const char *name)
{
	return name && (strcmp(pf->codename, name) == 0 ||
			strcmp(pf->version_id, name) == 0);
}

/* Checks what preflight found against the arguments. */
static int check_preflight(const json_t *args, const struct preflight *pf,
			   const char *family, struct error *err)
{
	const char *from = module_arg_str(args, "from", NULL);
	const char *provider = module_arg_str(args, "snapshot", "none");
	long long min_mb = module_arg_int(args, "min_free_mb", 1024);
	int tool = -1;

	if (strcmp(family, "unknown") == 0)
		return error_set(err, ERROR_FAILED,
				 "os_upgrade: preflight: the host has neither "
				 "apt-get and dpkg nor dnf");
	if (from && !release_is(pf, from))
		return error_set(err, ERROR_FAILED,
				 "os_upgrade: preflight: the host runs %s, "
				 "not %s; nothing was changed",
				 pf->codename[0]     ? pf->codename
				 : pf->version_id[0] ? pf->version_id
						     : "an unknown release",
				 from);
	if (pf->free_kb >= 0 && pf->free_kb / 1024 < min_mb)
		return error_set(err, ERROR_FAILED,
				 "os_upgrade: preflight: %lld MB free on / or "
				 "/var, %lld MB needed; nothing was changed",
				 pf->free_kb / 1024, min_mb);
	if (json_array_size(pf->held) > 0)
		return error_set(
			err, ERROR_FAILED,
			"os_upgrade: preflight: %s is held (apt-mark "
			"showhold); nothing was changed",
			json_string_value(json_array_get(pf->held, 0)));
	if (pf->broken)
		return error_set(err, ERROR_FAILED,
				 "os_upgrade: preflight: dpkg --audit reports "
				 "broken packages; nothing was changed");
	if (strcmp(provider, "lvm") == 0)
		tool = 0;
	else if (strcmp(provider, "btrfs") == 0)
		tool = 1;
	else if (strcmp(provider, "zfs") == 0)
		tool = 2;
	if (tool >= 0 && !(pf->tools & (1 << tool)))
		return error_set(err, ERROR_FAILED,
				 "os_upgrade: preflight: snapshot '%s' needs "
				 "%s on the host; nothing was changed",
				 provider, preflight_tools[tool]);
	if (strcmp(provider, "command") == 0 && !pf->command_ok)
		return error_set(err, ERROR_FAILED,
				 "os_upgrade: preflight: the snapshot command "
				 "is not a command on the host; nothing was "
				 "changed");
	return 0;
}

/* Runs the task's own preflight commands; each must succeed. */
static int user_preflight(struct module_run *run, const json_t *args,
			  struct error *err)
{
	const json_t *cmds = json_object_get(args, "preflight"), *c;
	struct buf sh = BUF_INIT;
	size_t i;
	int rc = 0;

	json_array_foreach(cmds, i, c)
	{
		if (!json_is_string(c))
			continue;
		buf_reset(&sh);
		buf_adds(&sh, "sh -c ");
		quote_sh_str(&sh, json_string_value(c));
		if ((rc = module_sh_ok(run, "os_upgrade: preflight command",
				       sh.data, err)) < 0)
			break;
	}
	buf_release(&sh);
	return rc;
}

/* Returns the snapshot's name for this run and task (caller frees). */
static char *snapshot_name(const struct module_run *run)
{
	struct buf b = BUF_INIT;
	const char *p;

	buf_adds(&b, "crest-");
	for (p = run->run_id ? run->run_id : "run"; *p; p++)
		buf_addch(&b, strchr("abcdefghijklmnopqrstuvwxyz"
				     "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-",
				     *p)
				      ? *p
				      : '_');
	buf_addf(&b, "-task-%u", run->task_index + 1);
	return buf_detach(&b, NULL);
}

/* The preflight: records the release; fails before any change. */
static int os_upgrade_probe(struct module_run *run, const json_t *args,
			    json_t **prior, struct error *err)
{
	const char *to = module_arg_str(args, "to", NULL);
	const char *from = module_arg_str(args, "from", NULL);
	const char *family = module_arg_str(args, "family", "auto");
	struct preflight pf;
	char *name = NULL;
	int rc = -1, done;

	memset(&pf, 0, sizeof(pf));
	if (!release_ok(to) || (from && !release_ok(from))) {
		error_set(err, ERROR_INVALID,
			  "os_upgrade: a release is a name or a version "
			  "(letters, digits, '.', '_', '-')");
		goto out;
	}
	if (read_preflight(run, args, &pf, err) < 0)
		goto out;
	if (strcmp(family, "auto") == 0)
		family = pf.family;
	done = release_is(&pf, to);
	if (!done && (check_preflight(args, &pf, family, err) < 0 ||
		      user_preflight(run, args, err) < 0))
		goto out;
	name = snapshot_name(run);
	*prior = json_pack(
		"{s:s,s:s,s:s,s:b,s:s,s:b,s:O}", "family", family, "release",
		pf.codename[0] ? pf.codename : pf.version_id, "version_id",
		pf.version_id, "done", done, "snapshot_name", name, "leapp",
		(pf.tools & (1 << 4)) != 0, "held", pf.held);
	rc = 0;
out:
	free(name);
	json_decref(pf.held);
	return rc;
}

/* Reboots as the reboot module does, with the family's command. */
static int reboot_host(struct module_run *run, const json_t *args,
		       const char *command, struct error *err)
{
	json_t *rargs = json_pack(
		"{s:I,s:s}", "timeout",
		(json_int_t)module_arg_secs(args, "reboot_timeout", 1800),
		"_command", command);
	json_t *rprior = NULL;
	int changed, rc = -1;

	if (module_reboot.probe(run, rargs, &rprior, err) < 0)
		goto out;
	rc = module_reboot.apply(run, rargs, rprior, &changed, err);
out:
	json_decref(rprior);
	json_decref(rargs);
	return rc;
}

/* Fails unless the host's release now is want. */
static int verify_release(struct module_run *run, const json_t *args,
			  const char *want, struct error *err)
{
	struct preflight pf;
	int rc = -1;

	if (read_preflight(run, args, &pf, err) < 0)
		goto out;
	if (!release_is(&pf, want)) {
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
	const char *family =
		json_string_value(json_object_get(prior, "family"));
	const char *to = module_arg_str(args, "to", NULL);
	const char *from = module_arg_str(args, "from", NULL);
	int leapp = json_is_true(json_object_get(prior, "leapp"));
	struct buf sh = BUF_INIT;
	int rc = -1;

	*changed = 0;
	if (json_is_true(json_object_get(prior, "done"))) {
		rc = 0;
		goto out;
	}
	if (family == NULL || !release_ok(to)) {
		error_set(err, ERROR_INVALID,
			  "os_upgrade: the recorded state names no family");
		goto out;
	}
	if (from == NULL)
		from = json_string_value(json_object_get(prior, "release"));
	if (strcmp(module_arg_str(args, "snapshot", "none"), "none") != 0 &&
	    snapshot_step(run, args, prior, OS_SNAPSHOT_CREATE, err) < 0)
		goto out;
	*changed = 1;
	if (strcmp(family, "debian") == 0) {
		if (!release_ok(from)) {
			error_set(err, ERROR_FAILED,
				  "os_upgrade: the host's release is unknown; "
				  "give 'from'");
			goto out;
		}
		os_upgrade_sh_sources(from, to, &sh);
		buf_adds(&sh, " && ");
		os_upgrade_sh_debian(&sh);
	} else {
		os_upgrade_sh_rhel(to, leapp, &sh);
	}
	if (module_sh_ok(run, "os_upgrade: upgrading", sh.data, err) < 0 ||
	    reboot_host(run, args, os_upgrade_reboot_command(family, leapp),
			err) < 0 ||
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
	const char *release =
		json_string_value(json_object_get(prior, "release"));

	if (json_is_true(json_object_get(prior, "done")))
		return 0;
	if (strcmp(provider, "none") == 0)
		return error_set(err, ERROR_FAILED,
				 "os_upgrade: there is no snapshot to revert "
				 "to (snapshot: none)");
	if (snapshot_step(run, args, prior, OS_SNAPSHOT_RESTORE, err) < 0 ||
	    reboot_host(run, args, "reboot", err) < 0 ||
	    (release && *release &&
	     verify_release(run, args, release, err) < 0))
		return -1;
	if ((strcmp(provider, "zfs") == 0 ||
	     (strcmp(provider, "command") == 0 &&
	      snapshot_command(args, OS_SNAPSHOT_DELETE))) &&
	    snapshot_step(run, args, prior, OS_SNAPSHOT_DELETE, err) < 0)
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
		 json_string_value(json_object_get(prior, "release")),
		 module_arg_str(args, "to", "?"),
		 json_string_value(json_object_get(prior, "family")));
	if (strcmp(provider, "none") == 0)
		buf_adds(out, "no snapshot: irreversible\n");
	else
		buf_addf(out, "snapshot %s first (%s)\n",
			 json_string_value(
				 json_object_get(prior, "snapshot_name")),
			 provider);
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
};
