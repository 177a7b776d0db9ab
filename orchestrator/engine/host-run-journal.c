/*
 * host-run-journal.c - the journal events about one host: every event
 * names the host, a task's result carries its command's output tail with
 * secrets masked; see host-run-step.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host-run-step.h"
#include "modules/module-run.h"
#include "base/xmalloc.h"

/* Bytes of a command's output the journal keeps for a task. */
#define HOST_RUN_OUTPUT_TAIL 2048

/* Appends an event about this host to the journal; a journal that cannot
 * be written stops the host (nothing may run unrecorded). */
int host_run_journal(struct host_run *hr, json_t *event)
{
	struct error err = ERROR_INIT;
	int ret;

	json_object_set_new(event, "host", json_string(hr->host->name));
	ret = journal_append(hr->ctx->journal, event, &err);
	json_decref(event);
	if (ret < 0) {
		error_release(&hr->error);
		hr->error = err;
	}
	return ret;
}

/* Returns a command's output tail with secrets masked, as a new string. */
static json_t *shown_output(struct host_run *hr, struct tail *t)
{
	size_t len;
	const char *p = tail_data(t, &len);
	char *cut, *masked;
	json_t *s;

	if (len > HOST_RUN_OUTPUT_TAIL) {
		p += len - HOST_RUN_OUTPUT_TAIL;
		len = HOST_RUN_OUTPUT_TAIL;
	}
	cut = xstrndup(p, len);
	masked = vars_redact(hr->vars, cut);
	s = json_stringn_nocheck(masked, strlen(masked));
	if (!json_is_string(s) || !json_string_value(s)) {
		json_decref(s);
		s = json_string("(output is not UTF-8)");
	}
	free(masked);
	free(cut);
	return s;
}

/* Sets key of ev to a stream's shown tail, key_bytes to how many bytes
 * the stream had and key_cut to whether the tail drops some (the names
 * crest exec --json uses). */
static void add_stream(struct host_run *hr, json_t *ev, const char *key,
		       struct tail *t)
{
	char bytes_key[32], cut_key[32];

	snprintf(bytes_key, sizeof(bytes_key), "%s_bytes", key);
	snprintf(cut_key, sizeof(cut_key), "%s_cut", key);
	json_object_set_new(ev, key, shown_output(hr, t));
	json_object_set_new(ev, bytes_key, json_integer((json_int_t)t->total));
	json_object_set_new(ev, cut_key,
			    json_boolean(t->total > HOST_RUN_OUTPUT_TAIL));
}

/* Records a task's result in the journal. */
int host_run_journal_result(struct host_run *hr, unsigned index,
			    const char *status, int changed, uint64_t duration,
			    struct module_run *mr, const struct error *err)
{
	json_t *ev = json_pack("{s:s, s:I, s:s, s:b, s:I}", "event",
			       "task_result", "task", (json_int_t)index,
			       "status", status, "changed", changed,
			       "duration_ms", (json_int_t)duration);

	if (mr && mr->last.exit_status >= 0)
		json_object_set_new(ev, "exit_status",
				    json_integer(mr->last.exit_status));
	/* Also what a command that timed out said before it was stopped. */
	if (mr && (mr->last.exit_status >= 0 || mr->last.out.total ||
		   mr->last.err.total)) {
		add_stream(hr, ev, "stdout", &mr->last.out);
		add_stream(hr, ev, "stderr", &mr->last.err);
	}
	if (err && err->kind != ERROR_NONE) {
		char *msg =
			vars_redact(hr->vars, err->message ? err->message : "");

		json_object_set_new(ev, "error", json_string(msg));
		json_object_set_new(ev, "error_kind",
				    json_string(error_kind_name(err->kind)));
		free(msg);
	}
	return host_run_journal(hr, ev);
}
