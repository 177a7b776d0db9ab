/*
 * facts-parse.c - the facts script's answer into JSON (facts-parse.h).
 *
 * One pass over the lines; the current section decides what a line is.
 * Nothing of the answer is executed or trusted beyond its shape.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts-parse.h"
#include "base/xmalloc.h"

/* At most this many entries in any list or map (a hostile host). */
#define FACTS_MAX_ENTRIES 200000
/* Longer lines are cut to this. */
#define FACTS_MAX_LINE 1024

/* Strips one pair of surrounding quotes of an os-release value. */
static void unquote(char *v)
{
	size_t n = strlen(v);

	if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
		memmove(v, v + 1, n - 2);
		v[n - 2] = '\0';
	}
}

/* Sets obj.key to the string value. */
static void set_str(json_t *obj, const char *key, const char *value)
{
	json_object_set_new(obj, key, json_string(value));
}

/* Reads one os-release line KEY=VALUE into os. */
static void parse_os(json_t *os, char *line)
{
	static const char *const keys[][2] = {{"ID", "id"},
					      {"VERSION_ID", "version"},
					      {"VERSION_CODENAME", "codename"},
					      {"PRETTY_NAME", "pretty"}};
	char *eq = strchr(line, '=');
	size_t i;

	if (eq == NULL)
		return;
	*eq++ = '\0';
	unquote(eq);
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(line, keys[i][0]) == 0)
			set_str(os, keys[i][1], eq);
}

/* Reads one "df -Pk" line (fs blocks used avail pct mount). */
static void parse_df(json_t *fss, const char *line)
{
	char fs[256], pct[16], mount[512];
	long long size, used, avail;

	if (json_array_size(fss) >= FACTS_MAX_ENTRIES ||
	    sscanf(line, "%255s %lld %lld %lld %15s %511s", fs, &size, &used,
		   &avail, pct, mount) != 6)
		return;
	json_array_append_new(fss, json_pack("{s:s, s:I, s:I}", "mount", mount,
					     "size_kb", (json_int_t)size,
					     "used_kb", (json_int_t)used));
}

/* Reads one "NAME VERSION" line into the map. */
static void parse_pair(json_t *map, const char *line)
{
	char name[256], version[256];

	if (json_object_size(map) < FACTS_MAX_ENTRIES &&
	    sscanf(line, "%255s %255s", name, version) == 2)
		set_str(map, name, version);
}

/* Reads one line of section sec into facts. */
static void parse_line(json_t *f, const char *sec, char *line)
{
	long long n;

	if (strcmp(sec, "hostname") == 0 || strcmp(sec, "kernel") == 0 ||
	    strcmp(sec, "arch") == 0 || strcmp(sec, "boot_id") == 0 ||
	    strcmp(sec, "virt") == 0)
		set_str(f, sec, line);
	else if (strcmp(sec, "os-release") == 0)
		parse_os(json_object_get(f, "os"), line);
	else if (strcmp(sec, "cpu_model") == 0)
		set_str(json_object_get(f, "cpu"), "model", line);
	else if (strcmp(sec, "cpu_count") == 0 && sscanf(line, "%lld", &n) == 1)
		json_object_set_new(json_object_get(f, "cpu"), "count",
				    json_integer(n));
	else if (strcmp(sec, "meminfo") == 0 &&
		 sscanf(line, "MemTotal: %lld kB", &n) == 1)
		json_object_set_new(f, "memory_mb", json_integer(n / 1024));
	else if (strcmp(sec, "uptime") == 0 && sscanf(line, "%lld", &n) == 1)
		json_object_set_new(f, "uptime_s", json_integer(n));
	else if (strcmp(sec, "df") == 0)
		parse_df(json_object_get(f, "filesystems"), line);
	else if (strcmp(sec, "packages") == 0)
		parse_pair(json_object_get(f, "packages"), line);
	else if (strcmp(sec, "modules") == 0)
		parse_pair(json_object_get(f, "modules"), line);
	else if (strcmp(sec, "failed_units") == 0 &&
		 json_array_size(json_object_get(f, "failed_units")) <
			 FACTS_MAX_ENTRIES)
		json_array_append_new(json_object_get(f, "failed_units"),
				      json_string(line));
	else if (strcmp(sec, "reboot") == 0)
		json_object_set_new(f, "reboot_required",
				    json_boolean(strcmp(line, "yes") == 0));
}

/* The skeleton's keys below, in the same order (test-facts-parse.c checks
 * that they agree). */
const char *const facts_keys[] = {
	"hostname",	"os",
	"kernel",	"arch",
	"cpu",		"memory_mb",
	"filesystems",	"uptime_s",
	"boot_id",	"virt",
	"packages",	"modules",
	"failed_units", "reboot_required",
	NULL,
};

/* Walks the answer line by line, section by section. */
int facts_parse(const char *text, json_t **facts, struct error *err)
{
	json_t *f = json_pack("{s:n, s:{}, s:n, s:n, s:{s:n, s:n}, s:n, s:[],"
			      " s:n, s:n, s:n, s:{}, s:{}, s:[], s:b}",
			      "hostname", "os", "kernel", "arch", "cpu",
			      "model", "count", "memory_mb", "filesystems",
			      "uptime_s", "boot_id", "virt", "packages",
			      "modules", "failed_units", "reboot_required", 0);
	char sec[32] = "", line[FACTS_MAX_LINE + 1];
	const char *p = text;
	int sections = 0, rc = -1;

	while (*p) {
		size_t n = strcspn(p, "\n"),
		       k = n < FACTS_MAX_LINE ? n : FACTS_MAX_LINE;

		memcpy(line, p, k);
		line[k] = '\0';
		p += n + (p[n] == '\n');
		if (k > 0 && line[k - 1] == '\r')
			line[--k] = '\0';
		if (strncmp(line, "@@ ", 3) == 0) {
			snprintf(sec, sizeof(sec), "%.31s", line + 3);
			sections++;
		} else if (k > 0 && sec[0]) {
			/* json_string() refuses what is not UTF-8: skipped */
			parse_line(f, sec, line);
		}
	}
	if (sections == 0) {
		error_set(err, ERROR_FAILED,
			  "facts: the host's answer holds no facts");
		goto out;
	}
	*facts = f;
	f = NULL;
	rc = 0;
out:
	json_decref(f);
	return rc;
}
