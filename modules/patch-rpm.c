/*
 * patch-rpm.c - reading dnf's, yum's and zypper's pending updates from
 * the probe's answer (patch.h).  Neither runs in the lab: the unit tests
 * feed them the tools' documented output.
 *
 * dnf and yum:
 *	== installed  rpm -qa NAME VERSION-RELEASE, one per line
 *	== updates    check-update -q: "NAME.ARCH VERSION-RELEASE REPO"
 *	== security   updateinfo list --security: "ID SEVERITY NVRA"
 * zypper:
 *	== updates    list-updates: "v | REPO | NAME | FROM | TO | ARCH"
 *	== security   list-patches --category security: "REPO | PATCH | ..."
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "patch.h"
#include "base/xmalloc.h"
#include "base/json-get.h"

/* Marks the update an advisory's NVRA ("acme-lib-1.1-1.el9.noarch")
 * names as a security update. */
static void mark_nvra(json_t *pending, const char *nvra)
{
	json_t *p;
	size_t i;

	json_array_foreach(pending, i, p)
	{
		const char *n = json_get_str(p, "name", NULL);
		const char *to = json_get_str(p, "to", NULL);
		size_t nl = strlen(n), tl = strlen(to);

		if (strncmp(nvra, n, nl) == 0 && nvra[nl] == '-' &&
		    strncmp(nvra + nl + 1, to, tl) == 0 &&
		    (nvra[nl + 1 + tl] == '.' || nvra[nl + 1 + tl] == '\0'))
			json_object_set_new(p, "security", json_string(to));
	}
}

/* Parses the dnf/yum sections. */
int patch_dnf_parse(const char *out, json_t **state, struct error *err)
{
	json_t *st = json_object(), *pending = json_array(),
	       *have = json_object();
	char *text = xstrdup(out), *line, *save = NULL;
	char a[256], b[256], c[256];
	int section = 0;

	json_object_set_new(st, "pending", pending);
	json_object_set_new(st, "new", json_array());
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "== ", 3) == 0) {
			section = strcmp(line + 3, "installed") == 0  ? 1
				  : strcmp(line + 3, "updates") == 0  ? 2
				  : strcmp(line + 3, "security") == 0 ? 3
								      : 0;
			continue;
		}
		if (strncmp(line, "Obsoleting", 10) == 0) {
			section = 0; /* what replaces what, not updates */
		} else if (section == 1 &&
			   sscanf(line, "%255s %255s", a, b) == 2) {
			json_object_set_new(have, a, json_string(b));
		} else if (section == 2 &&
			   sscanf(line, "%255s %255s %255s", a, b, c) == 3) {
			char *dot = strrchr(a, '.');
			json_t *from;

			if (dot == NULL)
				continue;
			*dot = '\0';
			if (patch_pending_find(pending, a))
				continue;
			from = json_object_get(have, a);
			json_array_append_new(
				pending,
				json_pack("{s:s,s:O,s:s,s:s,s:n}", "name", a,
					  "from", from ? from : json_null(),
					  "to", b, "origin", c, "security"));
		} else if (section == 3 &&
			   sscanf(line, "%255s %255s %255s", a, b, c) == 3) {
			mark_nvra(pending, c);
		}
	}
	json_decref(have);
	free(text);
	*state = st;
	return 0;
}

/* Splits a zypper table row into at most n trimmed cells; returns how
 * many. */
static size_t table_cells(char *line, char **cells, size_t n)
{
	size_t k = 0;
	char *p = line, *bar;

	while (k < n) {
		char *end;

		bar = strchr(p, '|');
		if (bar)
			*bar = '\0';
		while (*p == ' ')
			p++;
		end = p + strlen(p);
		while (end > p && end[-1] == ' ')
			*--end = '\0';
		cells[k++] = p;
		if (bar == NULL)
			break;
		p = bar + 1;
	}
	return k;
}

/* Parses the zypper sections. */
int patch_zypper_parse(const char *out, json_t **state, struct error *err)
{
	json_t *st = json_object(), *pending = json_array(),
	       *sec = json_array();
	char *text = xstrdup(out), *line, *save = NULL, *cells[8];
	int section = 0;
	size_t k;

	json_object_set_new(st, "pending", pending);
	json_object_set_new(st, "new", json_array());
	json_object_set_new(st, "security_patches", sec);
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "== ", 3) == 0) {
			section = strcmp(line + 3, "updates") == 0    ? 2
				  : strcmp(line + 3, "security") == 0 ? 3
								      : 0;
			continue;
		}
		if (strchr(line, '|') == NULL || strncmp(line, "--", 2) == 0)
			continue;
		k = table_cells(line, cells, 8);
		if (section == 2 && k >= 6 && strcmp(cells[0], "S") != 0)
			json_array_append_new(pending,
					      json_pack("{s:s,s:s,s:s,s:s,s:n}",
							"name", cells[2],
							"from", cells[3], "to",
							cells[4], "origin",
							cells[1], "security"));
		else if (section == 3 && k >= 3 &&
			 strcmp(cells[0], "Repository") != 0)
			json_array_append_new(sec, json_string(cells[1]));
	}
	free(text);
	*state = st;
	return 0;
}
