/*
 * facts-lookup.c - hosts' latest facts for host patterns; see
 * facts-lookup.h.
 */
#include <stdlib.h>
#include <string.h>

#include "engine/state.h"
#include "facts-lookup.h"
#include "facts-parse.h"
#include "facts-store.h"

/* inventory_facts.get: the facts of the host's newest snapshot, or NULL
 * (and the host noted) when it has none; a name the store cannot hold
 * has none. */
static int facts_lookup_get(void *data, const char *host, json_t **facts,
			    struct error *err)
{
	struct facts_lookup *fl = data;
	json_t *snap = NULL, *f;
	int found;

	*facts = NULL;
	if (fl->state_dir == NULL &&
	    state_dir_open(fl->state_option, &fl->state_dir, err) < 0)
		return -1;
	found = facts_store_host_valid(host)
			? facts_store_latest(fl->state_dir, host, &snap, err)
			: 1;
	if (found < 0)
		return -1;
	f = found == 0 ? json_object_get(snap, "facts") : NULL;
	if (json_is_object(f))
		*facts = json_incref(f);
	else
		json_object_set_new(fl->missing, host, json_true());
	json_decref(snap);
	return 0;
}

/* Sets up an unused lookup. */
void facts_lookup_init(struct facts_lookup *fl, const char *state_option)
{
	memset(fl, 0, sizeof(*fl));
	fl->state_option = state_option;
	fl->missing = json_object();
	fl->ops.get = facts_lookup_get;
	fl->ops.roots = facts_keys;
	fl->ops.data = fl;
}

/* Counts the hosts without facts. */
size_t facts_lookup_missing(const struct facts_lookup *fl)
{
	return json_object_size(fl->missing);
}

/* Names the hosts without facts. */
const json_t *facts_lookup_missing_hosts(const struct facts_lookup *fl)
{
	return fl->missing;
}

/* Frees the state directory's path and the names. */
void facts_lookup_release(struct facts_lookup *fl)
{
	free(fl->state_dir);
	json_decref(fl->missing);
	fl->state_dir = NULL;
	fl->missing = NULL;
}
