/*
 * run-session-vars.c - a run's -e values across its life.  They may be
 * secrets, so the journal never holds them: the header records each key
 * with a keyed digest of its value (digest_keyed(), keyed by the state
 * directory's digest.key).  A run that goes on later (crest resume, a
 * paused run continued) must be given the same values again: a missing
 * one is asked for by name through the output's ask_var, a different one
 * is refused before anything runs.  crest rollback needs none of them (it
 * reverts from the recorded arguments) but refuses a wrong one as well.
 */
#include <stdlib.h>
#include <string.h>

#include "run-session-int.h"
#include "state.h"
#include "base/buf.h"
#include "base/xmalloc.h"
#include "base/json-get.h"
#include "git/digest.h"

/* Writes the digest of -e key=value for run run_id into out. */
static void var_digest(const unsigned char key[STATE_KEY_LEN],
		       const char *run_id, const char *kv, size_t klen,
		       char out[DIGEST_HEX_LEN + 1])
{
	struct buf m = BUF_INIT;

	/* Bound to the run: equal values of two runs do not compare. */
	buf_adds(&m, run_id);
	buf_addch(&m, '\0');
	buf_add(&m, kv, klen);
	buf_addch(&m, '\0');
	buf_adds(&m, kv[klen] == '=' ? kv + klen + 1 : "");
	digest_keyed(key, m.data, m.len, out);
	buf_release(&m);
}

/* Returns the length of kv's key (up to '=', or all of it). */
static size_t key_len(const char *kv)
{
	const char *eq = strchr(kv, '=');

	return eq ? (size_t)(eq - kv) : strlen(kv);
}

/* Adds kv (copied) to the session's -e. */
static void push_var(struct session *s, const char *kv)
{
	s->extra_vars = xreallocarray(s->extra_vars, s->n_extra_vars + 1,
				      sizeof(*s->extra_vars));
	s->extra_vars[s->n_extra_vars++] = xstrdup(kv);
}

/* Records the digests of a new run's -e. */
json_t *session_extra_digests(struct session *s, struct error *err)
{
	unsigned char key[STATE_KEY_LEN];
	char hex[DIGEST_HEX_LEN + 1];
	json_t *digests = json_object();
	size_t i;

	if (s->n_extra_vars > 0 &&
	    state_digest_key(s->state_dir, key, err) < 0) {
		json_decref(digests);
		return NULL;
	}
	for (i = 0; i < s->n_extra_vars; i++) {
		const char *kv = s->extra_vars[i];
		size_t n = key_len(kv);

		var_digest(key, s->run_id, kv, n, hex);
		json_object_setn_new(digests, kv, n, json_string(hex));
	}
	memset(key, 0, sizeof(key));
	return digests;
}

/* Takes a new run's -e as they were given. */
void session_extra_new(struct session *s)
{
	size_t i;

	for (i = 0; i < s->req->n_extra_vars; i++)
		push_var(s, s->req->extra_vars[i]);
}

/* Returns the -e given for the key of n bytes at name, or NULL. */
static const char *given(const struct session *s, const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < s->req->n_extra_vars; i++) {
		const char *kv = s->req->extra_vars[i];

		if (key_len(kv) == n && strncmp(kv, name, n) == 0)
			return kv;
	}
	return NULL;
}

/* Checks kv against the digest the run recorded for its key. */
static int check_digest(struct session *s, const unsigned char *key,
			const char *kv, struct error *err)
{
	json_t *digests = json_object_get(s->rs->header, "extra_var_digests");
	size_t n = key_len(kv);
	char hex[DIGEST_HEX_LEN + 1], *name = xstrndup(kv, n);
	const char *want = json_get_str(digests, name, NULL);
	int ret = 0;

	if (want) {
		var_digest(key, s->run_id, kv, n, hex);
		if (strcmp(hex, want) != 0)
			ret = error_set(err, ERROR_INVALID,
					"-e %s: not the value run %s was "
					"started with; give that value (a run "
					"goes on as it began), or roll it back "
					"and start a new one",
					name, s->run_id);
	}
	free(name);
	return ret;
}

/* Asks for the value of name through the output; returns KEY=VALUE
 * (caller frees) or NULL. */
static char *ask(struct session *s, const char *name)
{
	char *value = NULL, *kv;

	if (s->out->ask_var == NULL ||
	    s->out->ask_var(s->out->data, s->run_id, name, &value) < 0)
		return NULL;
	kv = xasprintf("%s=%s", name, value);
	memset(value, 0, strlen(value));
	free(value);
	return kv;
}

/* Takes a recorded run's -e again: checked, asked for when missing. */
int session_extra_recorded(struct session *s, int require, struct error *err)
{
	json_t *options = json_object_get(s->rs->header, "options");
	json_t *keys = json_object_get(options, "extra_vars"), *k;
	unsigned char key[STATE_KEY_LEN];
	struct buf missing = BUF_INIT;
	size_t i;
	int ret = -1, have_key = 0;

	for (i = 0; i < s->req->n_extra_vars; i++) {
		const char *kv = s->req->extra_vars[i];
		size_t n = key_len(kv), j;

		for (j = 0; j < json_array_size(keys); j++) {
			k = json_array_get(keys, j);
			if (json_string_length(k) == n &&
			    strncmp(json_string_value(k), kv, n) == 0)
				break;
		}
		if (j == json_array_size(keys)) {
			error_set(err, ERROR_INVALID,
				  "-e %.*s: run %s was not started with it; "
				  "a run goes on with the values it began "
				  "with",
				  (int)n, kv, s->run_id);
			goto out;
		}
	}
	if (json_array_size(keys) > 0) {
		if (state_digest_key(s->state_dir, key, err) < 0)
			goto out;
		have_key = 1;
	}
	json_array_foreach(keys, i, k)
	{
		const char *name = json_string_value(k);
		const char *kv = name ? given(s, name, strlen(name)) : NULL;
		char *asked = NULL;

		if (name == NULL)
			continue;
		if (kv == NULL && require)
			kv = asked = ask(s, name);
		if (kv && check_digest(s, key, kv, err) < 0) {
			free(asked);
			goto out;
		}
		if (kv)
			push_var(s, kv);
		else if (require)
			buf_addf(&missing, " -e %s=...", name);
		free(asked);
	}
	if (missing.len) {
		error_set(err, ERROR_INVALID,
			  "run %s was started with -e values the journal "
			  "does not hold (they may be secrets): give them "
			  "again, 'crest resume %s%s'",
			  s->run_id, s->run_id, missing.data);
		goto out;
	}
	ret = 0;
out:
	if (have_key)
		memset(key, 0, sizeof(key));
	buf_release(&missing);
	return ret;
}
