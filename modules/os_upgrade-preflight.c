/*
 * os_upgrade-preflight.c - what os_upgrade checks on a host before it
 * changes anything: one sh line that prints a fact a line (the family,
 * the release, free space, held and broken packages, the snapshot tools),
 * its parse, the checks of those facts against the task's arguments, and
 * the task's own preflight commands; see os_upgrade.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "module-run.h"
#include "os_upgrade.h"
#include "transport/quote.h"
#include "base/xmalloc.h"

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

/* Bit i of tools is preflight_tools[i] (enum os_upgrade_tool). */
static const char *const preflight_tools[] = {"lvcreate", "btrfs", "zfs",
					      "dnf",	  "leapp", NULL};

/* Runs the preflight line and parses it into *pf. */
int os_upgrade_preflight_read(struct module_run *run, const json_t *args,
			      struct os_upgrade_preflight *pf,
			      struct error *err)
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
			? os_upgrade_snapshot_command(args, OS_SNAPSHOT_CREATE)
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
int os_upgrade_preflight_is(const struct os_upgrade_preflight *pf,
			    const char *name)
{
	return name && (strcmp(pf->codename, name) == 0 ||
			strcmp(pf->version_id, name) == 0);
}

/* Checks what preflight found against the arguments. */
int os_upgrade_preflight_check(const json_t *args,
			       const struct os_upgrade_preflight *pf,
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
	if (from && !os_upgrade_preflight_is(pf, from))
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
int os_upgrade_preflight_commands(struct module_run *run, const json_t *args,
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
