/*
 * patches-report.c - the printing of "crest patches" (patches-report.h);
 * the records are patch/patch-record.c's.
 */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/json-get.h"
#include "patch/patch-record.h"
#include "patches-report.h"

/* Records a host that ended. */
void patches_report_host(struct patches_report *r, size_t index,
			 struct exec_host *host)
{
	json_array_set_new(
		r->hosts, index,
		patch_record(host, r->last, r->security_only, r->origins));
}

/* Writes a journal time ("2026-12-07T05:23:19.743Z") as the table shows
 * it ("2026-12-07 05:23Z"), or "never". */
static void short_time(const char *t, char *out, size_t n)
{
	if (t == NULL || strlen(t) < 16)
		snprintf(out, n, "never");
	else
		snprintf(out, n, "%.10s %.5sZ", t, t + 11);
}

/* Says why a pending host is not compliant. */
static const char *pending_why(const json_t *rec)
{
	if (json_integer_value(json_object_get(rec, "security")) > 0)
		return "pending: security updates";
	if (json_is_true(json_object_get(rec, "reboot_required")))
		return "pending: reboot required";
	return "pending: updates";
}

/* Prints one host's table row, and its updates when verbose. */
static void print_row(const json_t *rec, int verbose, FILE *fp)
{
	const char *status = json_get_str(rec, "status", "?");
	const json_t *u;
	char when[32];
	size_t i;

	short_time(json_get_str(rec, "last_patched", NULL), when, sizeof(when));
	if (strcmp(status, "pending") == 0)
		status = pending_why(rec);

	if (json_object_get(rec, "security") == NULL) {
		fprintf(fp, "%-20s %8s %6s %6s  %-17s %s: %s\n",
			json_get_str(rec, "host", "?"), "-", "-", "-", when,
			status, json_get_str(rec, "error", ""));
		return;
	}
	fprintf(fp, "%-20s %8lld %6lld %6s  %-17s %s\n",
		json_get_str(rec, "host", "?"),
		json_integer_value(json_object_get(rec, "security")),
		json_integer_value(json_object_get(rec, "other")),
		json_is_true(json_object_get(rec, "reboot_required")) ? "yes"
								      : "no",
		when, status);
	json_array_foreach(json_object_get(rec, "updates"), i, u)
	{
		if (!verbose)
			break;
		fprintf(fp, "    %s %s -> %s%s%s (%s)\n",
			json_get_str(u, "name", "?"),
			json_get_str(u, "from", "-"),
			json_get_str(u, "to", "?"),
			json_is_string(json_object_get(u, "security"))
				? ", security "
				: "",
			json_get_str(u, "security", ""),
			json_get_str(u, "origin", "-"));
	}
}

/* Prints the records and the summary. */
int patches_report_print(const struct patches_report *r, int json, int verbose,
			 FILE *fp)
{
	long n = 0, ok = 0, sec = 0, reboot = 0, down = 0;
	const json_t *rec;
	size_t i;

	if (!json)
		fprintf(fp, "%-20s %8s %6s %6s  %-17s %s\n", "HOST", "SECURITY",
			"OTHER", "REBOOT", "LAST PATCHED", "STATUS");
	json_array_foreach(r->hosts, i, rec)
	{
		const char *status = json_get_str(rec, "status", "");

		n++;
		ok += strcmp(status, "compliant") == 0;
		down += strcmp(status, "unreachable") == 0;
		sec += json_integer_value(json_object_get(rec, "security")) > 0;
		reboot += json_is_true(json_object_get(rec, "reboot_required"));
		if (json) {
			json_dumpf(rec, fp, JSON_COMPACT);
			fputc('\n', fp);
		} else {
			print_row(rec, verbose, fp);
		}
	}
	if (json)
		fprintf(fp,
			"{\"type\":\"summary\",\"hosts\":%ld,\"compliant\":%ld,"
			"\"pending_security\":%ld,\"reboot_required\":%ld,"
			"\"unreachable\":%ld}\n",
			n, ok, sec, reboot, down);
	else
		fprintf(fp,
			"%ld hosts, %ld compliant, %ld with pending security "
			"updates, %ld needing a reboot, %ld unreachable\n",
			n, ok, sec, reboot, down);
	return ok == n ? CREST_EXIT_OK : CREST_EXIT_FAILED;
}
