/*
 * facts-gather.c - the facts script on every target, answers into
 * snapshots (facts-gather.h).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "facts-gather.h"
#include "facts-parse.h"
#include "facts-sh.h"
#include "facts-store.h"
#include "engine/exec.h"
#include "base/xmalloc.h"

/* What the hosts' callbacks share. */
struct facts_gathering {
	struct exec_host *hosts;
	const char *state_dir;
	int keep;
	json_t *result;
	struct error save_err; /* the first snapshot that could not be
				  written */
};

/* Records one host: its answer's facts (saved as snapshot saved, or
 * NULL when it could not be), else its last snapshot. */
static void host_record(struct facts_gathering *g, const char *name,
			json_t *snapshot, const char *saved, const char *error)
{
	json_t *rec = json_object();

	json_object_set_new(rec, "stale",
			    json_boolean(snapshot == NULL || error != NULL));
	json_object_set_new(rec, "error",
			    error ? json_string(error) : json_null());
	json_object_set_new(rec, "snapshot", snapshot ? snapshot : json_null());
	json_object_set_new(rec, "saved",
			    saved ? json_string(saved) : json_null());
	json_object_set_new(g->result, name, rec);
}

/* Parses a host's answer into a new snapshot, or sets err. */
static json_t *host_snapshot(struct exec_host *host, struct error *err)
{
	json_t *facts = NULL;
	const char *text;

	if (host->state != EXEC_DONE) {
		error_set(err, ERROR_UNREACHABLE, "not contacted (stopped)");
		return NULL;
	}
	if (host->error.kind != ERROR_NONE) {
		error_set(err, host->error.kind, "%s",
			  host->error.message ? host->error.message : "failed");
		return NULL;
	}
	if (tail_cut(&host->result.out)) {
		error_set(err, ERROR_FAILED,
			  "its facts are longer than %u bytes",
			  FACTS_OUTPUT_LIMIT);
		return NULL;
	}
	text = tail_data(&host->result.out, NULL);
	if (facts_parse(text, &facts, err) < 0)
		return NULL;
	return facts_store_snapshot(host->target.name, time(NULL),
				    host->duration_ms, facts);
}

/* Saves a host's snapshot as soon as the host ends, or falls back. */
static void host_done(void *data, struct exec_host *host)
{
	struct facts_gathering *g = data;
	struct error err = ERROR_INIT;
	const char *name = host->target.name;
	json_t *snapshot = host_snapshot(host, &err);

	if (snapshot) {
		struct error save = ERROR_INIT;
		char saved[FACTS_NAME_SIZE];
		int ok = facts_store_save(g->state_dir, snapshot, g->keep,
					  saved, &save) == 0;

		if (!ok && g->save_err.kind == ERROR_NONE) {
			g->save_err = save;
			save = (struct error)ERROR_INIT;
		}
		error_release(&save);
		host_record(g, name, snapshot, ok ? saved : NULL, NULL);
		goto out;
	}
	if (facts_store_latest(g->state_dir, name, &snapshot, NULL) != 0)
		snapshot = NULL;
	host_record(g, name, snapshot, NULL,
		    err.message ? err.message : "failed");
out:
	error_release(&err);
}

/* Runs the script everywhere and collects the records. */
int facts_gather(const struct transport_target *targets, size_t n,
		 const struct transport_options *transport, unsigned forks,
		 const char *state_dir, int keep, json_t **result,
		 struct error *err)
{
	struct transport_options topts = *transport;
	struct facts_gathering g;
	struct exec_request req;
	size_t i;
	int ret = -1;

	memset(&g, 0, sizeof(g));
	memset(&req, 0, sizeof(req));
	*result = NULL;
	for (i = 0; i < n; i++) {
		if (!facts_store_host_valid(targets[i].name)) {
			error_set(err, ERROR_INVALID,
				  "host name '%s' cannot name a facts "
				  "directory (letters, digits and ._-:@+[] "
				  "only, not starting with . or -)",
				  targets[i].name);
			return -1;
		}
	}
	if (keep < 1)
		return error_set(err, ERROR_INVALID,
				 "keep must be at least 1 snapshot, not %d",
				 keep);
	if (topts.output_limit < FACTS_OUTPUT_LIMIT)
		topts.output_limit = FACTS_OUTPUT_LIMIT;
	g.hosts = xcalloc(n ? n : 1, sizeof(*g.hosts));
	g.state_dir = state_dir;
	g.keep = keep;
	g.result = json_object();
	for (i = 0; i < n; i++)
		exec_host_init(&g.hosts[i], &targets[i]);
	req.line = facts_script();
	req.transport = &topts;
	req.forks = forks;
	req.host_done = host_done;
	req.data = &g;
	if (exec_run(&req, g.hosts, n, err) < 0)
		goto out;
	for (i = 0; i < n; i++)
		if (g.hosts[i].state != EXEC_DONE)
			host_done(&g, &g.hosts[i]);
	if (g.save_err.kind != ERROR_NONE) {
		error_set(err, g.save_err.kind, "%s", g.save_err.message);
		goto out;
	}
	*result = g.result;
	g.result = NULL;
	ret = 0;
out:
	for (i = 0; i < n; i++)
		exec_host_release(&g.hosts[i]);
	free(g.hosts);
	json_decref(g.result);
	error_release(&g.save_err);
	return ret;
}
