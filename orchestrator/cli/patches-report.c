/*
 * patches-report.c - the records and the printing of "crest patches"
 * (patches-report.h).
 *
 * A host is compliant when it is reachable, has no pending security
 * update (with --only all: no pending update at all) and does not need a
 * reboot.
 */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/error.h"
#include "modules/patch.h"
#include "patches-report.h"

/* Counts a state's pending updates: security ones and the others. */
static void count_pending(const json_t *state, long *security, long *other)
{
	const json_t *p;
	size_t i;

	*security = *other = 0;
	json_array_foreach(json_object_get(state, "pending"), i, p)
	{
		if (json_is_string(json_object_get(p, "security")))
			(*security)++;
		else
			(*other)++;
	}
	*security += (long)json_array_size(
		json_object_get(state, "security_patches"));
}

/* Makes a host's record from its probe's answer. */
void patches_report_host(struct patches_report *r, size_t index,
			 struct exec_host *host)
{
	const char *status = exec_host_status(host), *verdict;
	const json_t *last = json_object_get(r->last, host->target.name);
	struct error err = ERROR_INIT;
	json_t *rec, *state = NULL;
	long sec = 0, other = 0;
	size_t len;
	int reboot = 0;

	rec = json_pack("{s:s,s:O}", "host", host->target.name, "last_patched",
			last ? last : json_null());
	if (strcmp(status, "ok") != 0) {
		struct buf msg = BUF_INIT;

		error_format(&host->error, &msg);
		json_object_set_new(rec, "status",
				    json_string(strcmp(status, "failed") == 0
							? "error"
							: "unreachable"));
		json_object_set_new(rec, "error", json_string(msg.data));
		buf_release(&msg);
		goto out;
	}
	if (patch_parse(tail_data(&host->result.out, &len), r->origins, &state,
			&err) < 0) {
		json_object_set_new(rec, "status", json_string("error"));
		json_object_set_new(rec, "error", json_string(err.message));
		goto out;
	}
	count_pending(state, &sec, &other);
	reboot = json_is_true(json_object_get(state, "reboot_required"));
	verdict = sec || (!r->security_only && other) || reboot ? "pending"
								: "compliant";
	json_object_set_new(rec, "status", json_string(verdict));
	json_object_set(rec, "manager", json_object_get(state, "manager"));
	json_object_set_new(rec, "security", json_integer(sec));
	json_object_set_new(rec, "other", json_integer(other));
	json_object_set_new(rec, "reboot_required", json_boolean(reboot));
	json_object_set(rec, "updates", json_object_get(state, "pending"));
	json_object_set_new(rec, "error", json_null());
out:
	json_array_set_new(r->hosts, index, rec);
	json_decref(state);
	error_release(&err);
}

/* Returns a record's string member, or def. */
static const char *rec_str(const json_t *rec, const char *key, const char *def)
{
	const char *s = json_string_value(json_object_get(rec, key));

	return s ? s : def;
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
	const char *status = rec_str(rec, "status", "?");
	const json_t *u;
	char when[32];
	size_t i;

	short_time(rec_str(rec, "last_patched", NULL), when, sizeof(when));
	if (strcmp(status, "pending") == 0)
		status = pending_why(rec);

	if (json_object_get(rec, "security") == NULL) {
		fprintf(fp, "%-20s %8s %6s %6s  %-17s %s: %s\n",
			rec_str(rec, "host", "?"), "-", "-", "-", when, status,
			rec_str(rec, "error", ""));
		return;
	}
	fprintf(fp, "%-20s %8lld %6lld %6s  %-17s %s\n",
		rec_str(rec, "host", "?"),
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
			rec_str(u, "name", "?"), rec_str(u, "from", "-"),
			rec_str(u, "to", "?"),
			json_is_string(json_object_get(u, "security"))
				? ", security "
				: "",
			rec_str(u, "security", ""), rec_str(u, "origin", "-"));
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
		const char *status = rec_str(rec, "status", "");

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
			"{\"summary\":true,\"hosts\":%ld,\"compliant\":%ld,"
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
