/*
 * patch-record.c - one host's record in crest patches (patch-record.h).
 */
#include <string.h>

#include "base/buf.h"
#include "base/error.h"
#include "modules/patch.h"
#include "patch-record.h"

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
json_t *patch_record(struct exec_host *host, const json_t *last_patched,
		     int security_only, const char *const *origins)
{
	const char *status = exec_host_status(host), *verdict;
	const json_t *last = json_object_get(last_patched, host->target.name);
	struct error err = ERROR_INIT;
	json_t *rec, *state = NULL;
	long sec = 0, other = 0;
	size_t len;
	int reboot = 0;

	rec = json_pack("{s:s,s:s,s:O}", "type", "host", "host",
			host->target.name, "last_patched",
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
	if (patch_parse(tail_data(&host->result.out, &len), origins, &state,
			&err) < 0) {
		json_object_set_new(rec, "status", json_string("error"));
		json_object_set_new(rec, "error", json_string(err.message));
		goto out;
	}
	count_pending(state, &sec, &other);
	reboot = json_is_true(json_object_get(state, "reboot_required"));
	verdict = sec || (!security_only && other) || reboot ? "pending"
							     : "compliant";
	json_object_set_new(rec, "status", json_string(verdict));
	json_object_set(rec, "manager", json_object_get(state, "manager"));
	json_object_set_new(rec, "security", json_integer(sec));
	json_object_set_new(rec, "other", json_integer(other));
	json_object_set_new(rec, "reboot_required", json_boolean(reboot));
	json_object_set(rec, "updates", json_object_get(state, "pending"));
	json_object_set_new(rec, "error", json_null());
out:
	json_decref(state);
	error_release(&err);
	return rec;
}
