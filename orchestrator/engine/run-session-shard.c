/*
 * run-session-shard.c - a --shard run's session: the shard it records in
 * run_start (with its rollout and host count), and the shard a recorded
 * run is resumed and rolled back in.  A shard is a run of its own (its
 * run id, journal, lock, rollback); see docs/scaling.md.
 */
#include <stdlib.h>
#include <string.h>

#include "base/strmap.h"
#include "base/xmalloc.h"
#include "run-session-int.h"

/* Reads the recorded run's shard from run_start (count 0: none). */
void session_shard_recorded(const struct run_state *rs, struct shard *out)
{
	const json_t *sh = json_object_get(rs->header, "shard");

	out->index = (unsigned)json_integer_value(json_object_get(sh, "index"));
	out->count = (unsigned)json_integer_value(json_object_get(sh, "count"));
	if (out->index < 1 || out->index > out->count)
		out->index = out->count = 0;
}

/* Says whether recorded run rs ran shard sh (or both ran every host). */
int session_same_shard(const struct run_state *rs, const struct shard *sh)
{
	struct shard recorded;

	session_shard_recorded(rs, &recorded);
	return recorded.index == sh->index && recorded.count == sh->count;
}

/* Counts the hosts of the shard over every play (each once). */
static size_t session_shard_hosts(const struct session *s)
{
	struct strmap seen = STRMAP_INIT;
	struct host **hosts = NULL;
	struct error ignored = ERROR_INIT;
	size_t p, i, n, count;

	for (p = 0; p < s->pb->n_plays; p++) {
		n = 0;
		if (inventory_select(s->inv, s->pb->plays[p].hosts,
				     s->req->limit, &hosts, &n, &ignored) < 0)
			error_release(&ignored);
		shard_keep(hosts, &n, &s->shard);
		for (i = 0; i < n; i++)
			strmap_put(&seen, hosts[i]->name, hosts[i]);
		free(hosts);
		hosts = NULL;
	}
	count = seen.count;
	strmap_release(&seen);
	return count;
}

/* Builds run_start's "shard": which shard, by which hash, of which
 * rollout, over how many hosts. */
json_t *session_shard_json(const struct session *s, const char *pb_digest)
{
	const struct git_source *gs = s->gs;
	char *rollout;
	json_t *sh;

	if (s->req->rollout)
		rollout = xstrdup(s->req->rollout);
	else
		rollout = xasprintf("%.12s:%s",
				    gs->kind != GIT_SOURCE_DISK ? gs->commit
								: pb_digest,
				    gs->playbook);
	sh = json_pack("{s:I, s:I, s:s, s:s, s:I}", "index",
		       (json_int_t)s->shard.index, "count",
		       (json_int_t)s->shard.count, "hash", SHARD_HASH_NAME,
		       "rollout", rollout, "hosts",
		       (json_int_t)session_shard_hosts(s));
	free(rollout);
	return sh;
}
