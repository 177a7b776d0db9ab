/*
 * patch-parse.c - the probe's answer as a host's patch state, and the
 * updates a filter takes of it (patch.h).
 */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "patch.h"
#include "base/xmalloc.h"
#include "base/json-get.h"

/* Parses the manager and reboot lines, then the manager's sections. */
int patch_parse(const char *out, const char *const *security_origins,
		json_t **state, struct error *err)
{
	json_t *pkgs = json_array();
	char *text = xstrdup(out), *line, *save = NULL;
	char manager[16] = "", word[256];
	int reboot = 0, rc;

	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "== ", 3) == 0)
			break;
		if (sscanf(line, "manager %15s", manager) == 1)
			continue;
		if (sscanf(line, "reboot-pkg %255s", word) == 1)
			json_array_append_new(pkgs, json_string(word));
		else if (sscanf(line, "reboot %255s", word) == 1)
			reboot = strcmp(word, "yes") == 0;
	}
	free(text);
	if (strcmp(manager, "apt") == 0)
		rc = patch_apt_parse(out, security_origins, state, err);
	else if (strcmp(manager, "dnf") == 0 || strcmp(manager, "yum") == 0)
		rc = patch_dnf_parse(out, state, err);
	else if (strcmp(manager, "zypper") == 0)
		rc = patch_zypper_parse(out, state, err);
	else
		rc = error_set(err, ERROR_FAILED,
			       "patch: the host's answer names no package "
			       "manager");
	if (rc == 0) {
		json_object_set_new(*state, "manager", json_string(manager));
		json_object_set_new(*state, "reboot_required",
				    json_boolean(reboot));
		json_object_set_new(*state, "reboot_pkgs", json_incref(pkgs));
	}
	json_decref(pkgs);
	return rc;
}

/* Returns 1 when name matches one of the NULL-terminated globs. */
static int globs_match(const char *const *globs, const char *name)
{
	size_t i;

	for (i = 0; globs && globs[i]; i++)
		if (fnmatch(globs[i], name, 0) == 0)
			return 1;
	return 0;
}

/* Appends a left update to skipped with why. */
static void skip(json_t *skipped, const json_t *p, const char *why)
{
	json_t *s;

	if (skipped == NULL)
		return;
	s = json_deep_copy(p);
	json_object_set_new(s, "why", json_string(why));
	json_array_append_new(skipped, s);
}

/* Takes the updates the filter wants. */
json_t *patch_select(const json_t *state, const struct patch_filter *filter,
		     json_t *skipped)
{
	json_t *take = json_array(), *p;
	size_t i;

	json_array_foreach(json_object_get(state, "pending"), i, p)
	{
		const char *name = json_get_str(p, "name", NULL);
		const char *from = json_get_str(p, "from", NULL);
		const char *sec = json_get_str(p, "security", NULL);
		const char *to = json_get_str(p, "to", NULL);
		const json_t *origin = json_object_get(p, "origin");

		if (from == NULL)
			continue;
		if (filter->include && !globs_match(filter->include, name)) {
			skip(skipped, p, "not included");
			continue;
		}
		if (globs_match(filter->exclude, name)) {
			skip(skipped, p, "excluded");
			continue;
		}
		if (filter->security_only && sec == NULL) {
			skip(skipped, p, "not a security update");
			continue;
		}
		if (filter->security_only)
			to = sec;
		json_array_append_new(
			take,
			json_pack("{s:s,s:s,s:s,s:b,s:O}", "name", name, "from",
				  from, "to", to, "security", sec != NULL,
				  "origin", origin ? origin : json_null()));
	}
	return take;
}
