/*
 * run-session-facts.c - a play's facts: gathered before its first wave,
 * or, for a resumed run, the snapshots its journal names loaded again;
 * see run-session-int.h.
 *
 * The journal holds no facts (a host's package list alone is large): its
 * "facts" event names, per host, the snapshot gathering saved in
 * STATE/facts/HOST/, so a resume reads the same facts the run started
 * with.  A host that did not answer is named with null and ends
 * unreachable before its first task (host-run.c), counted against its
 * wave's budget like any unreachable host.
 */
#include <stdlib.h>
#include <string.h>

#include "base/xmalloc.h"
#include "lang/vars.h"
#include "run-session-int.h"

/* Tells whether play p gathers facts. */
static int play_gathers(const struct session *s, size_t p)
{
	return s->pb->plays[p].facts || s->req->gather_facts ||
	       (s->rs &&
		json_is_true(json_object_get(
			json_object_get(s->rs->header, "options"), "facts")));
}

/* Gathers the prepared hosts' facts and journals their snapshots. */
static int gather(struct session *s, size_t p, const struct run *r,
		  json_t *facts, struct error *err)
{
	struct transport_target *t = xcalloc(r->n_hosts + 1, sizeof(*t));
	json_t *result = NULL, *names = json_object(), *one, *ev;
	const json_t *conn;
	size_t i;
	int rc = -1;

	for (i = 0; i < r->n_hosts; i++) {
		const struct host *h = r->hosts[i].host;

		t[i].name = h->name;
		t[i].address = h->address;
		t[i].port = h->port;
		t[i].user = h->user;
		conn = json_object_get(h->vars, "ansible_connection");
		t[i].local = json_is_string(conn) &&
			     strcmp(json_string_value(conn), "local") == 0;
	}
	if (s->req->facts->gather(t, r->n_hosts, s->req->transport,
				  s->req->forks, s->state_dir, &result,
				  err) < 0)
		goto out;
	for (i = 0; i < r->n_hosts; i++) {
		const char *name = r->hosts[i].host->name;

		one = json_object_get(result, name);
		json_object_set(facts, name,
				json_object_get(one, "facts")
					? json_object_get(one, "facts")
					: json_null());
		json_object_set(names, name,
				json_object_get(one, "snapshot")
					? json_object_get(one, "snapshot")
					: json_null());
	}
	ev = json_pack("{s:s, s:I, s:O}", "event", "facts", "play",
		       (json_int_t)p + 1, "snapshots", names);
	rc = journal_append(s->j, ev, err);
	json_decref(ev);
out:
	json_decref(result);
	json_decref(names);
	free(t);
	return rc;
}

/* Loads again the snapshots the resumed run's journal names. */
static int reload(struct session *s, const json_t *names, json_t *facts,
		  struct error *err)
{
	const char *host;
	json_t *name, *f;

	json_object_foreach((json_t *)names, host, name)
	{
		if (!json_is_string(name)) {
			json_object_set_new(facts, host, json_null());
			continue;
		}
		if (s->req->facts->load(s->state_dir, host,
					json_string_value(name), &f, err) < 0) {
			err->kind = ERROR_INVALID;
			return -1;
		}
		json_object_set_new(facts, host, f);
	}
	return 0;
}

/* Evaluates every when condition of a list of tasks with v. */
static int check_when(const struct vars *v, const struct task *tasks, size_t n,
		      struct error *err)
{
	size_t i;
	int holds;

	for (i = 0; i < n; i++)
		if (vars_when(v, tasks[i].when, tasks[i].n_when, &holds, err) <
		    0)
			return -1;
	return 0;
}

/* Gathers or reloads a play's facts and checks its conditions. */
int session_play_facts(struct session *s, size_t p, struct run *r,
		       json_t **facts_out, struct error *err)
{
	const struct play *play = &s->pb->plays[p];
	const json_t *names = NULL;
	json_t *facts = NULL;
	struct vars *v = NULL;
	char key[24];
	size_t i;
	int rc = -1;

	*facts_out = NULL;
	/* A shard may hold none of the play's hosts: nothing to gather. */
	if (!play_gathers(s, p) || r->n_hosts == 0)
		return 0;
	if (s->req->facts == NULL)
		return error_set(err, ERROR_INVALID,
				 "this command cannot gather facts");
	facts = json_object();
	snprintf(key, sizeof(key), "%zu", p + 1);
	if (s->rs && s->rs->facts)
		names = json_object_get(s->rs->facts, key);
	if (names ? reload(s, names, facts, err) < 0
		  : gather(s, p, r, facts, err) < 0)
		goto out;
	r->ctx.facts = facts;
	for (i = 0; i < r->n_hosts; i++) {
		struct host_run *hr = &r->hosts[i];

		if (!json_is_object(json_object_get(facts, hr->host->name)))
			continue;
		if (host_run_vars(&r->ctx, hr->host, &v, err) < 0 ||
		    check_when(v, play->tasks, play->n_tasks, err) < 0 ||
		    check_when(v, play->verify, play->n_verify, err) < 0) {
			err->kind = ERROR_INVALID;
			goto out;
		}
		vars_free(v);
		v = NULL;
	}
	*facts_out = facts;
	facts = NULL;
	rc = 0;
out:
	if (rc < 0)
		r->ctx.facts = NULL;
	vars_free(v);
	json_decref(facts);
	return rc;
}
