/*
 * facts-run.c - gathering and reloading a play's facts for the run
 * engine; see facts-run.h.
 */
#include <string.h>

#include "facts-gather.h"
#include "facts-run.h"
#include "facts-store.h"
#include "base/json-get.h"

/* Gathers and reshapes facts_gather()'s answer for the engine: the facts
 * of each host that answered now (a stale snapshot does not count) and
 * the name of the snapshot facts_gather() wrote for it (never the
 * newest in the store, which another process may have written since). */
static int facts_run_gather(const struct transport_target *targets, size_t n,
			    const struct transport_options *transport,
			    unsigned forks, const char *state_dir,
			    json_t **result, struct error *err)
{
	json_t *gathered = NULL, *out = json_object(), *one;
	const char *host;
	json_t *entry;
	int rc = -1;

	if (facts_gather(targets, n, transport, forks, state_dir,
			 FACTS_KEEP_DEFAULT, &gathered, err) < 0)
		goto out;
	json_object_foreach(gathered, host, entry)
	{
		json_t *snap = json_object_get(entry, "snapshot");
		const char *saved = json_get_str(entry, "saved", NULL);
		int fresh = !json_is_true(json_object_get(entry, "stale")) &&
			    json_is_object(snap);

		one = json_pack(
			"{s:O, s:o, s:O}", "facts",
			fresh ? json_object_get(snap, "facts") : json_null(),
			"snapshot",
			fresh && saved ? json_string(saved) : json_null(),
			"error",
			json_object_get(entry, "error")
				? json_object_get(entry, "error")
				: json_null());
		json_object_set_new(out, host, one);
	}
	*result = out;
	out = NULL;
	rc = 0;
out:
	json_decref(out);
	json_decref(gathered);
	return rc;
}

/* Loads the facts of one recorded snapshot. */
static int facts_run_load(const char *state_dir, const char *host,
			  const char *name, json_t **facts, struct error *err)
{
	json_t *snap = NULL;
	json_t *f;

	if (facts_store_load(state_dir, host, name, &snap, err) < 0)
		return -1;
	f = json_object_get(snap, "facts");
	if (!json_is_object(f)) {
		json_decref(snap);
		return error_set(err, ERROR_INVALID,
				 "facts snapshot %s of %s holds no facts", name,
				 host);
	}
	*facts = json_incref(f);
	json_decref(snap);
	return 0;
}

const struct run_facts_ops facts_run_ops = {
	.gather = facts_run_gather,
	.load = facts_run_load,
};
