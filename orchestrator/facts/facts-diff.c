/*
 * facts-diff.c - changes between two snapshots of a host (facts-diff.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts-diff.h"
#include "facts-store.h"
#include "base/duration.h"
#include "base/xmalloc.h"
#include "base/json-get.h"
#include "modules/package.h"

/* Says the OS of facts in one phrase: "debian 12 (bookworm)". */
static char *os_phrase(const json_t *facts)
{
	const json_t *os = json_object_get(facts, "os");
	const char *code = json_get_str(os, "codename", "");

	return xasprintf("%s %s%s%s%s", json_get_str(os, "id", ""),
			 json_get_str(os, "version", ""), *code ? " (" : "",
			 code, *code ? ")" : "");
}

/* Sets key to {from, to} when the two differ, else to null. */
static void set_change(json_t *d, const char *key, const char *from,
		       const char *to)
{
	if (strcmp(from, to) == 0)
		json_object_set_new(d, key, json_null());
	else
		json_object_set_new(
			d, key, json_pack("{s:s,s:s}", "from", from, "to", to));
}

/* Compares two array entries by name, for qsort. */
static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Returns the keys of o, sorted (an array of borrowed strings). */
static const char **sorted_keys(const json_t *o, size_t *n)
{
	const char **keys = xcalloc(json_object_size(o) + 1, sizeof(*keys));
	const char *k;
	json_t *v;

	*n = 0;
	json_object_foreach((json_t *)o, k, v) keys[(*n)++] = k;
	if (*n > 1)
		qsort(keys, *n, sizeof(*keys), name_cmp);
	return keys;
}

/* Fills added, removed, upgraded and downgraded from two package maps. */
static void diff_packages(json_t *d, const json_t *was, const json_t *now)
{
	json_t *added = json_array(), *removed = json_array();
	json_t *up = json_array(), *down = json_array();
	size_t n, i;
	const char **keys = sorted_keys(now, &n);

	for (i = 0; i < n; i++) {
		const char *to = json_get_str(now, keys[i], NULL);
		const char *from = json_get_str(was, keys[i], NULL);
		int c;

		if (to == NULL)
			continue;
		if (from == NULL) {
			json_array_append_new(added, json_pack("{s:s,s:s}",
							       "name", keys[i],
							       "version", to));
			continue;
		}
		c = package_version_cmp(from, to);
		if (c != 0)
			json_array_append_new(c < 0 ? up : down,
					      json_pack("{s:s,s:s,s:s}", "name",
							keys[i], "from", from,
							"to", to));
	}
	free(keys);
	keys = sorted_keys(was, &n);
	for (i = 0; i < n; i++) {
		const char *from = json_get_str(was, keys[i], NULL);

		if (from && json_object_get(now, keys[i]) == NULL)
			json_array_append_new(
				removed, json_pack("{s:s,s:s}", "name", keys[i],
						   "version", from));
	}
	free(keys);
	json_object_set_new(d, "added", added);
	json_object_set_new(d, "removed", removed);
	json_object_set_new(d, "upgraded", up);
	json_object_set_new(d, "downgraded", down);
}

/* Compares two snapshots. */
json_t *facts_diff(const json_t *older, const json_t *newer)
{
	const json_t *fo = json_object_get(older, "facts");
	const json_t *fn = json_object_get(newer, "facts");
	json_t *d = json_object();
	char *os_from = os_phrase(fo), *os_to = os_phrase(fn);

	json_object_set_new(d, "host",
			    json_string(json_get_str(newer, "host", "")));
	json_object_set_new(d, "from",
			    json_string(json_get_str(older, "taken_at", "")));
	json_object_set_new(d, "to",
			    json_string(json_get_str(newer, "taken_at", "")));
	diff_packages(d, json_object_get(fo, "packages"),
		      json_object_get(fn, "packages"));
	set_change(d, "kernel", json_get_str(fo, "kernel", ""),
		   json_get_str(fn, "kernel", ""));
	set_change(d, "os", os_from, os_to);
	free(os_from);
	free(os_to);
	return d;
}

/* Checks --diff's argument. */
int facts_diff_since_check(const char *since, struct error *err)
{
	unsigned seconds;

	if (since == NULL || *since == '\0' || facts_store_name_valid(since) ||
	    duration_parse(since, &seconds) == 0)
		return 0;
	return error_set(err, ERROR_INVALID,
			 "--diff: '%s' is neither a snapshot name "
			 "(YYYYMMDDTHHMMSSZ) nor a duration (7d, 12h, 30m; "
			 "at most 30d)",
			 since);
}

/* Picks the snapshot to compare with. */
int facts_diff_base(const char *state_dir, const json_t *current,
		    const char *since, time_t now, json_t **base,
		    struct error *err)
{
	const char *host = json_get_str(current, "host", "");
	char cur[FACTS_NAME_SIZE], limit[FACTS_NAME_SIZE];
	json_t *names = NULL;
	unsigned seconds = 0;
	size_t i;
	int ret = -1;

	*base = NULL;
	if (facts_diff_since_check(since, err) < 0)
		return -1;
	if (since && facts_store_name_valid(since))
		return facts_store_load(state_dir, host, since, base, err);
	if (since && *since)
		duration_parse(since, &seconds);
	facts_store_name(now - (time_t)seconds, limit);
	if (facts_store_time_name(json_get_str(current, "taken_at", ""), cur) <
	    0)
		cur[0] = '\0';
	if (facts_store_list(state_dir, host, &names, err) < 0)
		goto out;
	ret = 1;
	for (i = json_array_size(names); i-- > 0;) {
		const char *name = json_string_value(json_array_get(names, i));
		struct error skip = ERROR_INIT;

		if (strcmp(name, cur) >= 0 ||
		    (seconds && strcmp(name, limit) > 0))
			continue;
		if (facts_store_load(state_dir, host, name, base, &skip) == 0) {
			ret = 0;
			break;
		}
		error_release(&skip);
	}
out:
	json_decref(names);
	return ret;
}
