/*
 * notify-config.c - reading a notify: section, crest.yml's or a play's:
 * webhooks, mail, the events each wants and how long the run waits for
 * them; see notify-config.h.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/duration.h"
#include "base/suggest.h"
#include "base/xmalloc.h"
#include "notify-config.h"
#include "vars.h"

static const char *const event_names[] = {"run_start", "run_end", "wave_end",
					  "rollback",  "pause",	  "failure",
					  NULL};
static const char *const section_keys[] = {"webhooks", "mail", "wait", NULL};
static const char *const webhook_keys[] = {"url",     "events",	 "secret",
					   "retries", "timeout", NULL};
static const char *const mail_keys[] = {"to",	    "from",    "events",
					"sendmail", "timeout", NULL};

/* Maps an event name to its bit. */
unsigned notify_event_bit(const char *name)
{
	size_t i;

	for (i = 0; event_names[i]; i++)
		if (strcmp(name, event_names[i]) == 0)
			return 1u << i;
	return 0;
}

/* Refuses an unknown key with a did-you-mean. */
static int unknown(const struct ynode *key, const char *what,
		   const char *const *known, struct error *err)
{
	const char *hint = suggest_word(key->str, known);

	if (hint)
		return ynode_error(key, err,
				   "unknown key '%s' in %s; did you mean "
				   "'%s'?",
				   key->str, what, hint);
	return ynode_error(key, err, "unknown key '%s' in %s", key->str, what);
}

/* Reads a non-empty string. */
static int get_str(const struct ynode *key, const struct ynode *v, char **out,
		   struct error *err)
{
	if (!ynode_is_str(v) || v->len == 0)
		return ynode_error(v, err, "'%s' must be a string, not %s",
				   key->str, ynode_describe(v));
	free(*out);
	*out = xstrdup(v->str);
	return 0;
}

/* Reads a duration of 1s or more. */
static int get_secs(const struct ynode *key, const struct ynode *v,
		    unsigned *out, struct error *err)
{
	if (v->kind == YNODE_SCALAR && duration_parse(v->str, out) == 0 &&
	    *out > 0 && *out <= 3600)
		return 0;
	return ynode_error(
		v, err, "'%s' must be a duration from 1s to 1h, not %s",
		key->str, v->kind == YNODE_SCALAR ? v->str : ynode_describe(v));
}

/* Reads events: a list of event names. */
static int get_events(const struct ynode *v, unsigned *out, struct error *err)
{
	const char *hint;
	size_t i;

	if (v->kind != YNODE_SEQ || v->n_items == 0)
		return ynode_error(v, err,
				   "'events' must be a list of run_start, "
				   "run_end, wave_end, rollback, pause, "
				   "failure");
	*out = 0;
	for (i = 0; i < v->n_items; i++) {
		const struct ynode *e = v->items[i];
		unsigned bit = ynode_is_str(e) ? notify_event_bit(e->str) : 0;

		if (bit == 0) {
			hint = ynode_is_str(e)
				       ? suggest_word(e->str, event_names)
				       : NULL;
			return ynode_error(e, err,
					   "'%s' is not an event (run_start, "
					   "run_end, wave_end, rollback, "
					   "pause, failure)%s%s%s",
					   e->kind == YNODE_SCALAR ? e->str
								   : "",
					   hint ? "; did you mean '" : "",
					   hint ? hint : "", hint ? "'?" : "");
		}
		*out |= bit;
	}
	return 0;
}

/* Reads the file of {secret_file: PATH} (relative to dir) into *out. */
static int read_secret_file(const struct ynode *file, const char *dir,
			    char **out, struct error *err)
{
	char buf[4096], *path;
	size_t n;
	FILE *fp;

	path = file->str[0] == '/' ? xstrdup(file->str)
				   : xasprintf("%s/%s", dir, file->str);
	fp = fopen(path, "r");
	if (fp == NULL) {
		ynode_error(file, err, "cannot read secret_file %s: %s",
			    file->str, strerror(errno));
		free(path);
		return -1;
	}
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	free(path);
	buf[n] = '\0';
	if (n && buf[n - 1] == '\n')
		buf[--n] = '\0';
	if (n == 0)
		return ynode_error(file, err, "secret_file %s is empty",
				   file->str);
	*out = xstrdup(buf);
	memset(buf, 0, sizeof(buf));
	return 0;
}

/* Reads a secret by reference, {secret_env: NAME} or {secret_file: PATH}
 * (from dir), or in crest.yml also {secret: VALUE}; without dir only the
 * form is checked.  Never copies a secret into an error. */
static int get_secret(const struct ynode *v, enum notify_origin origin,
		      const char *dir, char **out, struct error *err)
{
	const struct ynode *val = ynode_get(v, "secret");
	const struct ynode *file = ynode_get(v, "secret_file");
	const struct ynode *env = ynode_get(v, "secret_env");
	const char *value;

	if (v->kind != YNODE_MAP || v->n_pairs != 1 ||
	    !((val && ynode_is_str(val) && val->len) ||
	      (file && ynode_is_str(file) && file->len) ||
	      (env && ynode_is_str(env) && env->len)))
		return ynode_error(v, err,
				   "'secret' must be {secret_env: NAME} or "
				   "{secret_file: PATH}%s",
				   origin == NOTIFY_IN_CREST_YML
					   ? " (or {secret: VALUE})"
					   : "");
	if (val && origin == NOTIFY_IN_PLAY)
		return ynode_error(v, err,
				   "a play's webhook secret is given by "
				   "reference, {secret_env: NAME} or "
				   "{secret_file: PATH}, never written in the "
				   "playbook");
	if (env && !vars_is_identifier(env->str, env->len))
		return ynode_error(env, err,
				   "'secret_env' must name an environment "
				   "variable (letters, digits and _, not "
				   "first a digit), not '%s'",
				   env->str);
	if (dir == NULL)
		return 0;
	if (val) {
		*out = xstrdup(val->str);
		return 0;
	}
	if (file)
		return read_secret_file(file, dir, out, err);
	value = getenv(env->str);
	if (value == NULL || *value == '\0')
		return ynode_error(env, err,
				   "secret_env %s is not set in crest's "
				   "environment",
				   env->str);
	*out = xstrdup(value);
	return 0;
}

/* Checks a webhook's URL: http:// or https://, then a host. */
static int check_url(const struct ynode *v, const char *url, struct error *err)
{
	const char *rest = NULL, *p;

	if (url && strncmp(url, "http://", 7) == 0)
		rest = url + 7;
	else if (url && strncmp(url, "https://", 8) == 0)
		rest = url + 8;
	if (url == NULL)
		return ynode_error(v, err,
				   "a webhook needs 'url', an http:// or "
				   "https:// URL");
	if (rest == NULL)
		return ynode_error(v, err,
				   "'url' must be an http:// or https:// URL, "
				   "not %s",
				   url);
	for (p = url; *p; p++)
		if (isspace((unsigned char)*p) || iscntrl((unsigned char)*p))
			return ynode_error(v, err,
					   "'url' %s holds a space or a "
					   "control character",
					   url);
	if (*rest == '\0' || *rest == '/' || *rest == ':' || *rest == '?')
		return ynode_error(v, err, "'url' %s names no host", url);
	return 0;
}

/* Reads one webhook or mail target. */
static int get_target(const struct ynode *v, int is_mail,
		      enum notify_origin origin, const char *dir,
		      struct notify_target *t, struct error *err)
{
	const char *what = is_mail ? "a mail of notify" : "a webhook of notify";
	size_t i;

	t->is_mail = is_mail;
	t->events = NOTIFY_RUN_END | NOTIFY_FAILURE | NOTIFY_ROLLBACK;
	t->retries = 3;
	t->timeout = 5;
	if (v->kind != YNODE_MAP)
		return ynode_error(v, err, "%s is a mapping, not %s", what,
				   ynode_describe(v));
	for (i = 0; i < v->n_pairs; i++) {
		const struct ynode *k = v->pairs[i].key, *x = v->pairs[i].value;
		int rc;

		if (strcmp(k->str, "events") == 0)
			rc = get_events(x, &t->events, err);
		else if (strcmp(k->str, "timeout") == 0)
			rc = get_secs(k, x, &t->timeout, err);
		else if (!is_mail && strcmp(k->str, "url") == 0)
			rc = get_str(k, x, &t->url, err);
		else if (!is_mail && strcmp(k->str, "secret") == 0)
			rc = get_secret(x, origin, dir, &t->secret, err);
		else if (!is_mail && strcmp(k->str, "retries") == 0) {
			rc = 0;
			if (x->kind != YNODE_SCALAR || x->type != YTYPE_INT ||
			    x->ival < 0 || x->ival > 10)
				rc = ynode_error(x, err,
						 "'retries' must be a count "
						 "from 0 to 10");
			else
				t->retries = (unsigned)x->ival;
		} else if (is_mail && strcmp(k->str, "to") == 0)
			rc = get_str(k, x, &t->to, err);
		else if (is_mail && strcmp(k->str, "from") == 0)
			rc = get_str(k, x, &t->from, err);
		else if (is_mail && strcmp(k->str, "sendmail") == 0)
			rc = get_str(k, x, &t->sendmail, err);
		else
			rc = unknown(k, what,
				     is_mail ? mail_keys : webhook_keys, err);
		if (rc < 0)
			return -1;
	}
	if (!is_mail && check_url(ynode_get(v, "url") ? ynode_get(v, "url") : v,
				  t->url, err) < 0)
		return -1;
	if (is_mail && t->to == NULL)
		return ynode_error(v, err, "a mail needs 'to', its recipients");
	if (is_mail && t->sendmail == NULL)
		t->sendmail = xstrdup("/usr/sbin/sendmail");
	return 0;
}

/* Reads a list of targets. */
static int get_targets(const struct ynode *key, const struct ynode *v,
		       int is_mail, enum notify_origin origin, const char *dir,
		       struct notify_config *cfg, struct error *err)
{
	size_t i;

	if (v->kind != YNODE_SEQ)
		return ynode_error(v, err, "'%s' must be a list, not %s",
				   key->str, ynode_describe(v));
	for (i = 0; i < v->n_items; i++) {
		cfg->targets = xreallocarray(cfg->targets, cfg->n_targets + 1,
					     sizeof(*cfg->targets));
		memset(&cfg->targets[cfg->n_targets], 0, sizeof(*cfg->targets));
		if (get_target(v->items[i], is_mail, origin, dir,
			       &cfg->targets[cfg->n_targets++], err) < 0)
			return -1;
	}
	return 0;
}

/* Reads the section, appending its targets. */
int notify_config_parse(const struct ynode *v, enum notify_origin origin,
			const char *dir, struct notify_config *cfg,
			struct error *err)
{
	unsigned wait = 0;
	size_t i;

	if (v == NULL)
		return 0;
	if (v->kind != YNODE_MAP)
		return ynode_error(v, err,
				   "'notify' must be a mapping of webhooks, "
				   "mail and wait, not %s",
				   ynode_describe(v));
	for (i = 0; i < v->n_pairs; i++) {
		const struct ynode *k = v->pairs[i].key, *x = v->pairs[i].value;
		int rc;

		if (strcmp(k->str, "webhooks") == 0)
			rc = get_targets(k, x, 0, origin, dir, cfg, err);
		else if (strcmp(k->str, "mail") == 0)
			rc = get_targets(k, x, 1, origin, dir, cfg, err);
		else if (strcmp(k->str, "wait") == 0)
			rc = get_secs(k, x, &wait, err);
		else
			rc = unknown(k, "notify", section_keys, err);
		if (rc < 0)
			return -1;
	}
	/* Merged sections: the run waits as long as the longest asks. */
	if (wait > cfg->wait)
		cfg->wait = wait;
	return 0;
}

/* Frees the targets. */
void notify_config_release(struct notify_config *cfg)
{
	size_t i;

	for (i = 0; i < cfg->n_targets; i++) {
		struct notify_target *t = &cfg->targets[i];

		free(t->url);
		if (t->secret)
			memset(t->secret, 0, strlen(t->secret));
		free(t->secret);
		free(t->to);
		free(t->from);
		free(t->sendmail);
	}
	free(cfg->targets);
	memset(cfg, 0, sizeof(*cfg));
}
