/*
 * fleet-facts.c - the facts columns of the fleet report (fleet-facts.h),
 * from each host's latest snapshot (facts/facts-store.h; the keys are
 * facts_parse()'s, docs/facts.md).
 *
 * "stale" is the snapshot's age: older than a day, a person should not
 * trust it for what the host has now (crest facts gathers again).
 */
#include <stdio.h>
#include <string.h>
#include <sys/time.h>

#include "fleet-facts.h"
#include "base/json-get.h"
#include "html.h"
#include "run-page.h"
#include "run-view.h"
#include "facts/facts-store.h"

#define STALE_MS (24LL * 3600 * 1000)

/* The columns' headings. */
void fleet_facts_head(struct buf *b)
{
	buf_adds(b, "<th>OS</th><th>kernel</th><th>CPU</th><th>memory</th>"
		    "<th>disk /</th><th>packages</th><th>reboot</th>"
		    "<th>facts taken</th><th>stale</th>");
}

/* Appends a string fact as a cell. */
static void cell_str(struct buf *b, const char *s)
{
	buf_adds(b, "<td>");
	html_escape(b, s ? s : "-");
	buf_adds(b, "</td>");
}

/* Appends the root filesystem's use as a cell. */
static void cell_disk(struct buf *b, const json_t *facts)
{
	json_t *fs;
	size_t i;

	json_array_foreach(json_object_get(facts, "filesystems"), i, fs)
	{
		const char *mount = json_get_str(fs, "mount", NULL);
		double size = (double)json_integer_value(
			       json_object_get(fs, "size_kb")),
		       used = (double)json_integer_value(
			       json_object_get(fs, "used_kb"));

		if (mount && strcmp(mount, "/") == 0 && size > 0) {
			buf_addf(b,
				 "<td data-sort=\"%.0f\">%.1f of %.1f GB "
				 "(%.0f%%)</td>",
				 100 * used / size, used / 1048576,
				 size / 1048576, 100 * used / size);
			return;
		}
	}
	buf_adds(b, "<td>-</td>");
}

/* One host's cells. */
void fleet_facts_cells(struct buf *b, const char *state_dir, const char *host)
{
	struct error err = ERROR_INIT;
	json_t *snap = NULL, *facts, *os, *cpu;
	struct timeval now;
	int64_t taken;
	int i;

	if (!facts_store_host_valid(host) ||
	    facts_store_latest(state_dir, host, &snap, &err) != 0) {
		for (i = 0; i < 8; i++)
			buf_adds(b, "<td>-</td>");
		buf_adds(b, "<td data-stale=\"unknown\">no facts</td>");
		goto out;
	}
	facts = json_object_get(snap, "facts");
	os = json_object_get(facts, "os");
	cpu = json_object_get(facts, "cpu");
	cell_str(b, json_get_str(os, "pretty", NULL)
			    ? json_get_str(os, "pretty", NULL)
			    : json_get_str(os, "id", NULL));
	cell_str(b, json_get_str(facts, "kernel", NULL));
	buf_addf(b, "<td data-sort=\"%lld\">",
		 (long long)json_integer_value(json_object_get(cpu, "count")));
	buf_addf(b, "%lld &times; ",
		 (long long)json_integer_value(json_object_get(cpu, "count")));
	html_escape(b, json_get_str(cpu, "model", NULL));
	buf_addf(b, "</td><td data-sort=\"%lld\">%lld MB</td>",
		 (long long)json_integer_value(
			 json_object_get(facts, "memory_mb")),
		 (long long)json_integer_value(
			 json_object_get(facts, "memory_mb")));
	cell_disk(b, facts);
	buf_addf(b, "<td>%zu</td><td>%s</td><td>",
		 json_object_size(json_object_get(facts, "packages")),
		 json_is_true(json_object_get(facts, "reboot_required"))
			 ? "required"
			 : "no");
	taken = run_view_time(json_get_str(snap, "taken_at", NULL));
	run_page_time(b, taken);
	gettimeofday(&now, NULL);
	if (taken < 0 || (int64_t)now.tv_sec * 1000 - taken > STALE_MS)
		buf_adds(b, "</td><td data-stale=\"yes\">stale</td>");
	else
		buf_adds(b, "</td><td data-stale=\"no\">no</td>");
out:
	json_decref(snap);
	error_release(&err);
}
