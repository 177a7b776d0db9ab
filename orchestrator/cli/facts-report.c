/*
 * facts-report.c - the table and the changes "crest facts" prints
 * (facts-report.h).
 */
#include <stdio.h>
#include <string.h>

#include "facts-report.h"
#include "base/json-get.h"

#define ROW "%-16s %-22s %-20s %-24s %7s %-16s %8s  %s\n"

/* Returns the string member key of o, or "-". */
static const char *str_of(const json_t *o, const char *key)
{
	const char *s = json_get_str(o, key, "");

	return *s ? s : "-";
}

/* Writes kib as a short size: "512M", "1.9G", "20G". */
static void size_text(double kib, char *out, size_t size)
{
	static const char units[] = "KMGTP";
	size_t u = 0;

	while (kib >= 1024 && u + 1 < sizeof(units) - 1) {
		kib /= 1024;
		u++;
	}
	snprintf(out, size, kib < 10 && u ? "%.1f%c" : "%.0f%c", kib, units[u]);
}

/* Says how full the root filesystem is: "41% of 20G". */
static void disk_text(const json_t *facts, char *out, size_t size)
{
	const json_t *fs;
	size_t i;

	snprintf(out, size, "-");
	json_array_foreach(json_object_get(facts, "filesystems"), i, fs)
	{
		double total = (double)json_integer_value(
			json_object_get(fs, "size_kb"));
		double used = (double)json_integer_value(
			json_object_get(fs, "used_kb"));
		char sz[16];

		if (strcmp(str_of(fs, "mount"), "/") != 0 || total <= 0)
			continue;
		size_text(total, sz, sizeof(sz));
		snprintf(out, size, "%.0f%% of %s", 100 * used / total, sz);
	}
}

/* Prints the header. */
void facts_report_header(FILE *fp)
{
	fprintf(fp, ROW, "HOST", "OS", "KERNEL", "CPU", "MEMORY", "DISK",
		"PACKAGES", "LAST SEEN");
}

/* Prints one host. */
void facts_report_host(const char *host, const json_t *rec, int json, FILE *fp)
{
	const json_t *snap = json_object_get(rec, "snapshot");
	const json_t *facts = json_object_get(snap, "facts");
	const json_t *os = json_object_get(facts, "os");
	const json_t *cpu = json_object_get(facts, "cpu");
	int stale = json_is_true(json_object_get(rec, "stale"));
	char osb[64], cpub[64], mem[16], disk[32], pk[16], seen[64];

	if (json) {
		json_t *o = json_pack("{s:s,s:O,s:O,s:O}", "host", host,
				      "stale", json_object_get(rec, "stale"),
				      "error", json_object_get(rec, "error"),
				      "snapshot", snap);

		json_dumpf(o, fp, JSON_COMPACT);
		fputc('\n', fp);
		json_decref(o);
		return;
	}
	if (!json_is_object(facts)) {
		fprintf(fp, ROW, host, "-", "-", "-", "-", "-", "-",
			"never (stale)");
		fprintf(fp, "  %s: %s\n", host, str_of(rec, "error"));
		return;
	}
	snprintf(osb, sizeof(osb), "%s %s%s%s%s", str_of(os, "id"),
		 str_of(os, "version"),
		 json_get_str(os, "codename", NULL) ? " (" : "",
		 json_get_str(os, "codename", NULL) ? str_of(os, "codename")
						    : "",
		 json_get_str(os, "codename", NULL) ? ")" : "");
	snprintf(cpub, sizeof(cpub), "%lld x %.18s",
		 (long long)json_integer_value(json_object_get(cpu, "count")),
		 str_of(cpu, "model"));
	size_text(1024.0 * (double)json_integer_value(
				   json_object_get(facts, "memory_mb")),
		  mem, sizeof(mem));
	disk_text(facts, disk, sizeof(disk));
	snprintf(pk, sizeof(pk), "%zu",
		 json_object_size(json_object_get(facts, "packages")));
	snprintf(seen, sizeof(seen), "%s%s", str_of(snap, "taken_at"),
		 stale ? " (stale)" : "");
	fprintf(fp, ROW, host, osb, str_of(facts, "kernel"), cpub, mem, disk,
		pk, seen);
	if (stale)
		fprintf(fp, "  %s: %s\n", host, str_of(rec, "error"));
}

/* Prints one list of package changes. */
static void diff_list(const json_t *diff, const char *key, FILE *fp)
{
	const json_t *p;
	size_t i;

	json_array_foreach(json_object_get(diff, key), i, p)
	{
		if (json_object_get(p, "version"))
			fprintf(fp, "  %s %s %s\n", key, str_of(p, "name"),
				str_of(p, "version"));
		else
			fprintf(fp, "  %s %s %s -> %s\n", key,
				str_of(p, "name"), str_of(p, "from"),
				str_of(p, "to"));
	}
}

/* Prints one host's changes. */
void facts_report_diff(const char *host, const json_t *diff, int json, FILE *fp)
{
	static const char *const lists[] = {"added", "removed", "upgraded",
					    "downgraded"};
	const char *keys[] = {"kernel", "os"};
	size_t i, n = 0;

	if (json) {
		json_t *o = diff ? json_deep_copy(diff)
				 : json_pack("{s:s,s:n}", "host", host, "from");

		json_dumpf(o, fp, JSON_COMPACT);
		fputc('\n', fp);
		json_decref(o);
		return;
	}
	if (diff == NULL) {
		fprintf(fp, "%s: no earlier snapshot to compare with\n", host);
		return;
	}
	fprintf(fp, "%s: %s -> %s\n", host, str_of(diff, "from"),
		str_of(diff, "to"));
	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		diff_list(diff, lists[i], fp);
		n += json_array_size(json_object_get(diff, lists[i]));
	}
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const json_t *c = json_object_get(diff, keys[i]);

		if (!json_is_object(c))
			continue;
		fprintf(fp, "  %s %s -> %s\n", keys[i], str_of(c, "from"),
			str_of(c, "to"));
		n++;
	}
	if (n == 0)
		fprintf(fp, "  no change\n");
}
