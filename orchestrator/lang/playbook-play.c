/*
 * playbook-play.c - reading one play: its keys (hosts, waves and
 * max_failures with their Ansible aliases, order, pause, window, rollback,
 * vars, become...), what a play must have, and the names of its orders
 * and rollback scopes.  The tasks under tasks and verify are read by
 * playbook-task.c.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "notify-config.h"
#include "playbook-parse.h"
#include "vars.h"
#include "base/xmalloc.h"

static const char *const play_keys[] = {
	"name",	       "hosts",	       "waves",
	"serial",      "max_failures", "max_fail_percentage",
	"spread_by",   "order",	       "shuffle_seed",
	"pause",       "window",       "wave_timeout",
	"rollback",    "vars",	       "verify",
	"tasks",       "become",       "max_failures_total",
	"unreachable", "approve",      "facts",
	"analysis",    "notify",       NULL};

/* Parses "N%" into *pct; returns 0, or -1 when s is not one. */
static int parse_percent(const char *s, double *pct, int integer)
{
	char *end;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	*pct = strtod(s, &end);
	if (errno || end == s || strcmp(end, "%") != 0)
		return -1;
	if (integer && *pct != floor(*pct))
		return -1;
	return 0;
}

/* Reads one entry of waves: a count of 1 or more, or "N%". */
static int get_wave_size(const struct ynode *v, struct wave_size *out,
			 struct error *err)
{
	double pct;
	char *end;

	if (v->kind == YNODE_SCALAR &&
	    ((v->type == YTYPE_INT && v->ival == 0) ||
	     (ynode_is_str(v) && strspn(v->str, "0") == strlen(v->str) &&
	      *v->str)))
		return ynode_error(v, err,
				   "a wave of 0 hosts is empty: give a count "
				   "of 1 or more, or 100%% for all the hosts "
				   "left");
	if (v->kind == YNODE_SCALAR && v->type == YTYPE_INT && v->ival > 0) {
		out->is_percent = 0;
		out->value = v->ival;
		return 0;
	}
	if (ynode_is_str(v)) {
		if (parse_percent(v->str, &pct, 1) == 0 && pct >= 1 &&
		    pct <= 100) {
			out->is_percent = 1;
			out->value = (long long)pct;
			return 0;
		}
		errno = 0;
		out->value = strtoll(v->str, &end, 10);
		if (isdigit((unsigned char)v->str[0]) && *end == '\0' &&
		    errno == 0) {
			out->is_percent = 0;
			return 0;
		}
	}
	return ynode_error(v, err,
			   "a wave is a host count or a whole percentage "
			   "from 1%% to 100%%, not '%s'",
			   v->kind == YNODE_SCALAR ? v->str
						   : ynode_describe(v));
}

/* Reads waves (alias serial): one size or a list whose last entry
 * repeats. */
static int get_waves(struct play *play, const struct ynode *key,
		     const struct ynode *v, struct error *err)
{
	size_t i;

	if (v->kind == YNODE_MAP)
		return ynode_error(v, err,
				   "'%s' must be a size or a list of sizes, "
				   "not a mapping",
				   key->str);
	if (v->kind == YNODE_SEQ && v->n_items == 0)
		return ynode_error(v, err, "'%s' must not be an empty list",
				   key->str);
	if (v->kind == YNODE_SCALAR) {
		play->waves = xcalloc(1, sizeof(*play->waves));
		play->n_waves = 1;
		return get_wave_size(v, &play->waves[0], err);
	}
	play->waves = xcalloc(v->n_items, sizeof(*play->waves));
	play->n_waves = v->n_items;
	for (i = 0; i < v->n_items; i++)
		if (get_wave_size(v->items[i], &play->waves[i], err) < 0)
			return -1;
	return 0;
}

/* Reads max_failures (a count or "N%") or max_fail_percentage (a number
 * of percent, Ansible's spelling). */
static int get_max_failures(struct failure_limit *limit,
			    const struct ynode *key, const struct ynode *v,
			    struct error *err)
{
	int percent_key = strcmp(key->str, "max_fail_percentage") == 0;
	double pct;

	if (v->kind == YNODE_SCALAR &&
	    (v->type == YTYPE_INT || (percent_key && v->type == YTYPE_FLOAT))) {
		double value = v->type == YTYPE_INT ? (double)v->ival : v->fval;

		if (value >= 0 && (!percent_key || value <= 100)) {
			limit->is_percent = percent_key;
			limit->value = value;
			return 0;
		}
	}
	if (ynode_is_str(v) && parse_percent(v->str, &pct, 0) == 0 &&
	    pct <= 100) {
		limit->is_percent = 1;
		limit->value = pct;
		return 0;
	}
	if (percent_key)
		return ynode_error(v, err,
				   "'max_fail_percentage' must be a "
				   "percentage from 0 to 100, not '%s'",
				   v->kind == YNODE_SCALAR ? v->str
							   : ynode_describe(v));
	return ynode_error(
		v, err,
		"'%s' must be a host count or a "
		"percentage such as 10%%, not '%s'",
		key->str, v->kind == YNODE_SCALAR ? v->str : ynode_describe(v));
}

/* Reads approve: a wave number (1-based) or a list of them. */
static int get_approve(struct play *play, const struct ynode *v,
		       struct error *err)
{
	const struct ynode *const *items = &v;
	size_t i, n = 1;

	if (v->kind == YNODE_SEQ) {
		items = (const struct ynode *const *)v->items;
		n = v->n_items;
	}
	if (n == 0)
		return ynode_error(v, err,
				   "'approve' lists the waves that wait for "
				   "approval, such as [2, 3]; it is empty");
	free(play->approve);
	play->approve = xcalloc(n, sizeof(*play->approve));
	play->n_approve = n;
	for (i = 0; i < n; i++) {
		const struct ynode *w = items[i];

		if (w->kind != YNODE_SCALAR || w->type != YTYPE_INT ||
		    w->ival < 1 || w->ival > 100000)
			return ynode_error(w, err,
					   "'approve' takes wave numbers (1 "
					   "is the first wave), not '%s'",
					   w->kind == YNODE_SCALAR
						   ? w->str
						   : ynode_describe(w));
		play->approve[i] = (unsigned)w->ival;
	}
	return 0;
}

/* Reads pause: a soak duration, or approval (every wave after the first
 * waits for 'crest approve'). */
static int get_pause(struct play *play, const struct ynode *key,
		     const struct ynode *v, struct error *err)
{
	if (ynode_is_str(v) && strcmp(v->str, "approval") == 0) {
		play->pause_approval = 1;
		return 0;
	}
	return playbook_get_duration(key, v, &play->pause, err);
}

/* Checks a play's vars: names are identifiers; the secret forms
 * {secret: VALUE} and {secret_file: PATH} are well formed. */
static int check_vars(const struct ynode *v, struct error *err)
{
	const struct ynode *val, *file;
	size_t i;

	if (ynode_is_null(v))
		return 0;
	if (v->kind != YNODE_MAP)
		return ynode_error(v, err, "'vars' must be a mapping, not %s",
				   ynode_describe(v));
	for (i = 0; i < v->n_pairs; i++) {
		if (!ynode_is_str(v->pairs[i].key))
			return ynode_error(v->pairs[i].key, err,
					   "variable name '%s' is %s to YAML; "
					   "quote it",
					   v->pairs[i].key->str,
					   ynode_describe(v->pairs[i].key));
		if (!vars_is_identifier(v->pairs[i].key->str,
					v->pairs[i].key->len))
			return ynode_error(v->pairs[i].key, err,
					   "'%s' is not a variable name "
					   "(letters, digits and _, not first "
					   "a digit)",
					   v->pairs[i].key->str);
		val = v->pairs[i].value;
		file = ynode_get(val, "secret_file");
		if (file && val->n_pairs == 1 &&
		    (!ynode_is_str(file) || file->len == 0))
			return ynode_error(file, err,
					   "'secret_file' must be a path, not "
					   "%s",
					   ynode_describe(file));
	}
	return 0;
}

/* Reads hosts: a pattern, or a list of patterns joined with ','. */
static int get_hosts(struct play *play, const struct ynode *key,
		     const struct ynode *v, struct error *err)
{
	struct buf b = BUF_INIT;
	size_t i;

	play->hosts_at = playbook_where(v);
	if (v->kind != YNODE_SEQ)
		return playbook_get_string(key, v, &play->hosts, err);
	if (v->n_items == 0)
		return ynode_error(v, err, "'hosts' must not be empty");
	for (i = 0; i < v->n_items; i++) {
		if (!ynode_is_str(v->items[i]) || v->items[i]->len == 0) {
			buf_release(&b);
			return ynode_error(v->items[i], err,
					   "items of 'hosts' must be patterns, "
					   "not %s",
					   ynode_describe(v->items[i]));
		}
		buf_addf(&b, "%s%s", i ? "," : "", v->items[i]->str);
	}
	free(play->hosts);
	play->hosts = buf_detach(&b, NULL);
	return 0;
}

static const char *const order_names[] = {"inventory", "reverse_inventory",
					  "sorted",    "reverse_sorted",
					  "shuffle",   NULL};
static const char *const rollback_names[] = {"wave", "run", "none", NULL};
static const char *const unreachable_names[] = {"fail", "skip", NULL};

/* Checks notify: with the one reader of crest.yml's too; the node is kept
 * (the playbook owns it), and the run reads its secrets. */
static int get_notify(struct play *play, const struct ynode *v,
		      struct error *err)
{
	struct notify_config scratch = {0};
	int ret = notify_config_parse(v, NOTIFY_IN_PLAY, NULL, &scratch, err);

	notify_config_release(&scratch);
	play->notify = v;
	return ret;
}

/* Reads one key of a play. */
static int play_key(struct play *play, const struct ynode *key,
		    const struct ynode *v, struct error *err)
{
	const char *k = key->str;
	int choice;

	if (strcmp(k, "vars") != 0 && ynode_is_null(v))
		return ynode_error(key, err, "'%s' has no value", k);
	if (strcmp(k, "name") == 0)
		return playbook_get_string(key, v, &play->name, err);
	if (strcmp(k, "hosts") == 0)
		return get_hosts(play, key, v, err);
	if (strcmp(k, "waves") == 0 || strcmp(k, "serial") == 0)
		return get_waves(play, key, v, err);
	if (strcmp(k, "max_failures") == 0 ||
	    strcmp(k, "max_fail_percentage") == 0)
		return get_max_failures(&play->max_failures, key, v, err);
	if (strcmp(k, "max_failures_total") == 0) {
		play->has_max_failures_total = 1;
		return get_max_failures(&play->max_failures_total, key, v, err);
	}
	if (strcmp(k, "unreachable") == 0) {
		if (playbook_get_choice(key, v, unreachable_names, &choice,
					err) < 0)
			return -1;
		play->unreachable = (enum unreachable_policy)choice;
		return 0;
	}
	if (strcmp(k, "approve") == 0)
		return get_approve(play, v, err);
	if (strcmp(k, "spread_by") == 0) {
		if (playbook_get_string(key, v, &play->spread_by, err) < 0)
			return -1;
		if (!playbook_is_reference(play->spread_by,
					   strlen(play->spread_by)))
			return ynode_error(v, err,
					   "'spread_by' names a host variable, "
					   "not '%s'",
					   play->spread_by);
		return 0;
	}
	if (strcmp(k, "order") == 0) {
		if (playbook_get_choice(key, v, order_names, &choice, err) < 0)
			return -1;
		play->order = (enum play_order)choice;
		return 0;
	}
	if (strcmp(k, "shuffle_seed") == 0) {
		if (v->kind != YNODE_SCALAR || v->type != YTYPE_INT ||
		    v->ival < 0)
			return ynode_error(v, err,
					   "'shuffle_seed' must be a whole "
					   "number, not %s",
					   v->kind == YNODE_SCALAR
						   ? v->str
						   : ynode_describe(v));
		play->has_seed = 1;
		play->seed = (unsigned long long)v->ival;
		return 0;
	}
	if (strcmp(k, "pause") == 0)
		return get_pause(play, key, v, err);
	if (strcmp(k, "wave_timeout") == 0)
		return playbook_get_duration(key, v, &play->wave_timeout, err);
	if (strcmp(k, "window") == 0) {
		if (playbook_get_string(key, v, &play->window, err) < 0)
			return -1;
		if (!vars_is_identifier(play->window, strlen(play->window)) &&
		    strspn(play->window,
			   "abcdefghijklmnopqrstuvwxyz"
			   "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
			   "0123456789_-") != strlen(play->window))
			return ynode_error(v, err,
					   "'window' names a window of "
					   "crest.yml, not '%s'",
					   play->window);
		return 0;
	}
	if (strcmp(k, "rollback") == 0) {
		if (playbook_get_choice(key, v, rollback_names, &choice, err) <
		    0)
			return -1;
		play->rollback = (enum rollback_scope)choice;
		return 0;
	}
	if (strcmp(k, "vars") == 0) {
		if (check_vars(v, err) < 0)
			return -1;
		json_decref(play->vars);
		play->vars =
			ynode_is_null(v) ? json_object() : ynode_to_json(v);
		return 0;
	}
	if (strcmp(k, "verify") == 0)
		return playbook_get_tasks(key, v, &play->verify,
					  &play->n_verify, 1, err);
	if (strcmp(k, "tasks") == 0)
		return playbook_get_tasks(key, v, &play->tasks, &play->n_tasks,
					  0, err);
	if (strcmp(k, "become") == 0)
		return playbook_get_bool(key, v, &play->become, err);
	if (strcmp(k, "facts") == 0)
		return playbook_get_bool(key, v, &play->facts, err);
	if (strcmp(k, "analysis") == 0)
		return playbook_get_analysis(key, v, &play->analysis, err);
	if (strcmp(k, "notify") == 0)
		return get_notify(play, v, err);
	return playbook_unknown_key(key, "play", play_keys, 0, err);
}

/* Refuses a key given together with its alias. */
static int check_alias(const struct ynode *node, const char *a, const char *b,
		       struct error *err)
{
	const struct ynode *ka = ynode_get_key(node, a);
	const struct ynode *kb = ynode_get_key(node, b);

	if (ka == NULL || kb == NULL)
		return 0;
	/* Point at whichever comes second. */
	if (ka->line > kb->line ||
	    (ka->line == kb->line && ka->column > kb->column))
		kb = ka;
	return ynode_error(
		kb, err, "'%s' and '%s' are the same setting; give one", a, b);
}

/* Reads one play. */
int play_parse(const struct ynode *node, struct play *play, struct error *err)
{
	const struct ynode *seed;
	size_t i;

	play->at = playbook_where(node);
	play->become = 0;
	play->vars = json_object();
	if (node->kind != YNODE_MAP)
		return ynode_error(node, err,
				   "a play is a mapping of keys (hosts, "
				   "tasks...), not %s",
				   ynode_describe(node));
	if (check_alias(node, "waves", "serial", err) < 0 ||
	    check_alias(node, "max_failures", "max_fail_percentage", err) < 0)
		return -1;
	for (i = 0; i < node->n_pairs; i++)
		if (play_key(play, node->pairs[i].key, node->pairs[i].value,
			     err) < 0)
			return -1;
	if (play->hosts == NULL)
		return ynode_error(node, err,
				   "a play needs 'hosts', the inventory "
				   "pattern it runs on");
	if (!ynode_get_key(node, "tasks"))
		return ynode_error(node, err, "a play needs 'tasks'");
	if (play->n_tasks == 0 && play->n_verify == 0)
		return ynode_error(ynode_get(node, "tasks"), err,
				   "a play needs at least one task or verify "
				   "check");
	if (play->pause_approval && ynode_get_key(node, "approve"))
		return ynode_error(ynode_get_key(node, "approve"), err,
				   "'approve' and 'pause: approval' both say "
				   "which waves wait; give one");
	seed = ynode_get_key(node, "shuffle_seed");
	if (seed && play->order != ORDER_SHUFFLE)
		return ynode_error(seed, err,
				   "'shuffle_seed' goes with 'order: "
				   "shuffle'");
	return 0;
}

/* Frees one play's contents. */
void play_release(struct play *play)
{
	size_t i;

	for (i = 0; i < play->n_tasks; i++)
		task_release(&play->tasks[i]);
	for (i = 0; i < play->n_verify; i++)
		task_release(&play->verify[i]);
	free(play->tasks);
	free(play->verify);
	analysis_release(&play->analysis);
	free(play->name);
	free(play->hosts);
	free(play->waves);
	free(play->approve);
	free(play->spread_by);
	free(play->window);
	json_decref(play->vars);
}

/* Names an order. */
const char *play_order_name(enum play_order order)
{
	return order_names[order];
}

/* Names a rollback scope. */
const char *rollback_scope_name(enum rollback_scope scope)
{
	return rollback_names[scope];
}
