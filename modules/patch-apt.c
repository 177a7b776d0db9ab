/*
 * patch-apt.c - reading apt's pending updates from the probe's answer
 * (patch.h).
 *
 * The answer's apt part has three sections:
 *
 *	== sim       the "Inst" lines of apt-get -s --with-new-pkgs upgrade:
 *	             Inst NAME [FROM] (TO RELEASES [ARCH])   FROM absent: new
 *	== sources   apt-cache policy: each package file as " PRIO DESC"
 *	             and its "     release o=...,a=...,l=..." line
 *	== versions  apt-cache policy NAME...: per package its version table,
 *	             each version (" *** VER PRIO" or "     VER PRIO") with
 *	             the package files offering it ("        PRIO DESC")
 *
 * A version is a security update when one of the package files offering
 * it has Release fields matching a security origin.
 */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "package.h"
#include "patch.h"
#include "base/xmalloc.h"
#include "base/json-get.h"

const char *const patch_default_security_origins[] = {
	"a=*-security",
	"n=*-security",
	NULL,
};

/* Returns the value of field key ("a") in attrs, copied into val (size
 * n); 0 when attrs has no such field. */
static int attr_get(const char *attrs, const char *key, char *val, size_t n)
{
	size_t klen = strlen(key);
	const char *p = attrs;

	while (p && *p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len > klen && strncmp(p, key, klen) == 0 &&
		    p[klen] == '=') {
			len -= klen + 1;
			if (len >= n)
				len = n - 1;
			memcpy(val, p + klen + 1, len);
			val[len] = '\0';
			return 1;
		}
		p = end ? end + 1 : NULL;
	}
	return 0;
}

/* Returns 1 when attrs meets every "k=GLOB" of one pattern. */
static int pattern_matches(const char *attrs, const char *pattern)
{
	char *copy = xstrdup(pattern), *cond, *save = NULL;
	char val[256];
	int ok = 1;

	for (cond = strtok_r(copy, ",", &save); cond && ok;
	     cond = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(cond, '=');

		if (eq == NULL) {
			ok = 0;
			break;
		}
		*eq = '\0';
		ok = attr_get(attrs, cond, val, sizeof(val)) &&
		     fnmatch(eq + 1, val, 0) == 0;
	}
	free(copy);
	return ok;
}

/* Matches an archive's fields against the security origins. */
int patch_origin_matches(const char *attrs, const char *const *patterns)
{
	size_t i;

	for (i = 0; attrs && patterns[i]; i++)
		if (pattern_matches(attrs, patterns[i]))
			return 1;
	return 0;
}

/* Returns the text after n leading spaces of line, or NULL when line
 * does not start with exactly n spaces. */
static const char *indented(const char *line, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (line[i] != ' ')
			return NULL;
	return line[n] != ' ' ? line + n : NULL;
}

/* Skips a priority ("500 ") at the start of s; NULL when there is none. */
static const char *after_priority(const char *s)
{
	if (*s == '-')
		s++;
	if (*s < '0' || *s > '9')
		return NULL;
	while (*s >= '0' && *s <= '9')
		s++;
	return *s == ' ' ? s + 1 : NULL;
}

/* Parses an "Inst" line into pending or new. */
static void parse_inst(const char *line, json_t *pending, json_t *fresh)
{
	char name[256], from[256], to[256], rel[512];
	const char *p;

	if (sscanf(line, "Inst %255s", name) != 1)
		return;
	p = line + 5 + strlen(name);
	if (sscanf(p, " [%255[^]]] (%255s %511[^[]", from, to, rel) == 3) {
		size_t n = strlen(rel);

		while (n && rel[n - 1] == ' ')
			rel[--n] = '\0';
		json_array_append_new(pending,
				      json_pack("{s:s,s:s,s:s,s:s,s:n}", "name",
						name, "from", from, "to", to,
						"origin", rel, "security"));
	} else if (sscanf(p, " (%255s", to) == 1) {
		json_array_append_new(
			fresh, json_pack("{s:s,s:s}", "name", name, "to", to));
	}
}

/* Finds a pending update by name (arch qualifier ignored). */
json_t *patch_pending_find(json_t *pending, const char *name)
{
	json_t *p;
	size_t i, n = strcspn(name, ":");

	json_array_foreach(pending, i, p)
	{
		const char *pn = json_get_str(p, "name", NULL);

		if (strncmp(pn, name, n) == 0 &&
		    (pn[n] == '\0' || pn[n] == ':'))
			return p;
	}
	return NULL;
}

/* What the versions section is reading: the package and version. */
struct versions_cursor {
	json_t *pkg;   /* the pending entry, or NULL: not an update */
	char ver[256]; /* the version whose files follow */
	int newer;     /* ver is newer than the installed one */
};

/* Reads one line of the versions section. */
static void parse_version_line(const char *line, json_t *pending,
			       const json_t *sources,
			       const char *const *origins,
			       struct versions_cursor *c)
{
	const char *s, *attrs, *have, *sec;
	char ver[256];
	long prio;

	if (line[0] != ' ' && line[strlen(line) - 1] == ':') {
		char name[256];

		snprintf(name, sizeof(name), "%.*s", (int)strlen(line) - 1,
			 line);
		c->pkg = patch_pending_find(pending, name);
		c->ver[0] = '\0';
		return;
	}
	if (c->pkg == NULL)
		return;
	if (strncmp(line, " *** ", 5) == 0 || indented(line, 5)) {
		if (sscanf(line + 5, "%255s %ld", ver, &prio) != 2)
			return;
		have = json_get_str(c->pkg, "from", NULL);
		snprintf(c->ver, sizeof(c->ver), "%s", ver);
		c->newer = package_version_cmp(ver, have) > 0;
		return;
	}
	if ((s = indented(line, 8)) == NULL || !c->newer ||
	    (s = after_priority(s)) == NULL)
		return;
	attrs = json_get_str(sources, s, NULL);
	if (!patch_origin_matches(attrs, origins))
		return;
	sec = json_get_str(c->pkg, "security", NULL);
	if (sec == NULL || package_version_cmp(c->ver, sec) > 0)
		json_object_set_new(c->pkg, "security", json_string(c->ver));
}

/* Parses the apt sections. */
int patch_apt_parse(const char *out, const char *const *security_origins,
		    json_t **state, struct error *err)
{
	json_t *st = json_object(), *pending = json_array(),
	       *fresh = json_array();
	json_t *sources = json_object();
	struct versions_cursor cur = {NULL, "", 0};
	char *text = xstrdup(out), *line, *save = NULL, desc[512] = "";
	const char *s;
	int section = 0, seen = 0, rc = -1;

	json_object_set_new(st, "pending", pending);
	json_object_set_new(st, "new", fresh);
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "== ", 3) == 0) {
			section = strcmp(line + 3, "sim") == 0	      ? 1
				  : strcmp(line + 3, "sources") == 0  ? 2
				  : strcmp(line + 3, "versions") == 0 ? 3
								      : 0;
			seen |= section == 1;
			continue;
		}
		if (section == 1 && strncmp(line, "Inst ", 5) == 0) {
			parse_inst(line, pending, fresh);
		} else if (section == 2) {
			if ((s = indented(line, 1)) && (s = after_priority(s)))
				snprintf(desc, sizeof(desc), "%s", s);
			else if ((s = indented(line, 5)) &&
				 strncmp(s, "release ", 8) == 0 && desc[0])
				json_object_set_new(sources, desc,
						    json_string(s + 8));
		} else if (section == 3) {
			parse_version_line(line, pending, sources,
					   security_origins, &cur);
		}
	}
	if (!seen) {
		error_set(err, ERROR_FAILED,
			  "patch: the host's answer holds no apt simulation");
		goto out;
	}
	*state = st;
	st = NULL;
	rc = 0;
out:
	json_decref(st);
	json_decref(sources);
	free(text);
	return rc;
}
