/*
 * playbook-analysis.c - reading a play's analysis: the metric gates of its
 * waves.  Two spellings: a list of checks (interval and failures keep
 * their defaults), or a mapping of checks, interval and failures.  A check
 * is {prometheus: {url, query, max, min, timeout}} or {http: {url,
 * status, timeout}}; what they mean is in docs/running.md, "Metric gates".
 */
#include <stdlib.h>
#include <string.h>

#include "playbook-parse.h"
#include "base/xmalloc.h"

static const char *const analysis_keys[] = {"checks", "interval", "failures",
					    NULL};
static const char *const check_kinds[] = {"prometheus", "http", NULL};
static const char *const prometheus_keys[] = {"url", "query",	"max",
					      "min", "timeout", NULL};
static const char *const http_keys[] = {"url", "status", "timeout", NULL};

/* Reads a number (a whole one or not) into *out. */
static int get_number(const struct ynode *key, const struct ynode *v,
		      double *out, struct error *err)
{
	if (v->kind == YNODE_SCALAR && v->type == YTYPE_INT) {
		*out = (double)v->ival;
		return 0;
	}
	if (v->kind == YNODE_SCALAR && v->type == YTYPE_FLOAT) {
		*out = v->fval;
		return 0;
	}
	return ynode_error(v, err, "'%s' must be a number, not %s", key->str,
			   v->kind == YNODE_SCALAR ? v->str
						   : ynode_describe(v));
}

/* Reads url: an http:// or https:// URL with a host. */
static int get_url(const struct ynode *key, const struct ynode *v, char **out,
		   struct error *err)
{
	const char *rest;

	if (playbook_get_string(key, v, out, err) < 0)
		return -1;
	rest = strncmp(*out, "http://", 7) == 0	   ? *out + 7
	       : strncmp(*out, "https://", 8) == 0 ? *out + 8
						   : NULL;
	if (rest == NULL || *rest == '\0' || *rest == '/' || *rest == ':' ||
	    strpbrk(*out, " \t\r\n"))
		return ynode_error(v, err,
				   "'url' must be an http:// or https:// URL "
				   "with a host, not '%s'",
				   *out);
	return 0;
}

/* Reads one key of a check's arguments. */
static int check_key(struct analysis_check *c, const struct ynode *key,
		     const struct ynode *v, struct error *err)
{
	const char *k = key->str;
	const char *what = c->kind == ANALYSIS_PROMETHEUS ? "prometheus check"
							  : "http check";

	if (strcmp(k, "url") == 0)
		return get_url(key, v, &c->url, err);
	if (strcmp(k, "timeout") == 0) {
		if (playbook_get_duration(key, v, &c->timeout, err) < 0)
			return -1;
		if (c->timeout == 0)
			return ynode_error(v, err,
					   "'timeout' must be 1s or "
					   "more");
		return 0;
	}
	if (c->kind == ANALYSIS_PROMETHEUS) {
		if (strcmp(k, "query") == 0)
			return playbook_get_string(key, v, &c->query, err);
		if (strcmp(k, "max") == 0) {
			c->has_max = 1;
			return get_number(key, v, &c->max, err);
		}
		if (strcmp(k, "min") == 0) {
			c->has_min = 1;
			return get_number(key, v, &c->min, err);
		}
		return playbook_unknown_key(key, what, prometheus_keys, 0, err);
	}
	if (strcmp(k, "status") == 0) {
		if (v->kind != YNODE_SCALAR || v->type != YTYPE_INT ||
		    v->ival < 100 || v->ival > 599)
			return ynode_error(v, err,
					   "'status' must be an HTTP status "
					   "code from 100 to 599, not %s",
					   v->kind == YNODE_SCALAR
						   ? v->str
						   : ynode_describe(v));
		c->status = (long)v->ival;
		return 0;
	}
	return playbook_unknown_key(key, what, http_keys, 0, err);
}

/* Reads one check: a mapping of one kind to its arguments. */
static int get_check(const struct ynode *node, struct analysis_check *c,
		     struct error *err)
{
	const struct ynode *kind, *args;
	int choice;
	size_t i;

	c->at = playbook_where(node);
	c->status = 200;
	c->timeout = 10;
	if (node->kind != YNODE_MAP || node->n_pairs != 1)
		return ynode_error(node, err,
				   "a check of 'analysis' is one of "
				   "{prometheus: {...}} or {http: {...}}, "
				   "not %s",
				   ynode_describe(node));
	kind = node->pairs[0].key;
	args = node->pairs[0].value;
	if (playbook_get_choice(kind, kind, check_kinds, &choice, err) < 0)
		return -1;
	c->kind = choice == 0 ? ANALYSIS_PROMETHEUS : ANALYSIS_HTTP;
	if (args->kind != YNODE_MAP)
		return ynode_error(args, err,
				   "'%s' takes a mapping (url...), not %s",
				   kind->str, ynode_describe(args));
	for (i = 0; i < args->n_pairs; i++)
		if (check_key(c, args->pairs[i].key, args->pairs[i].value,
			      err) < 0)
			return -1;
	if (c->url == NULL)
		return ynode_error(args, err, "'%s' needs 'url'", kind->str);
	if (c->kind == ANALYSIS_PROMETHEUS && c->query == NULL)
		return ynode_error(args, err, "'prometheus' needs 'query'");
	if (c->kind == ANALYSIS_PROMETHEUS && !c->has_max && !c->has_min)
		return ynode_error(args, err,
				   "'prometheus' needs a threshold: 'max', "
				   "'min' or both");
	if (c->has_max && c->has_min && c->min > c->max)
		return ynode_error(args, err,
				   "'min' (%g) is above 'max' (%g): no value "
				   "could pass",
				   c->min, c->max);
	return 0;
}

/* Reads the list of checks. */
static int get_checks(const struct ynode *key, const struct ynode *v,
		      struct play_analysis *out, struct error *err)
{
	size_t i;

	if (v->kind != YNODE_SEQ || v->n_items == 0)
		return ynode_error(v, err,
				   "'%s' must be a list of checks "
				   "(prometheus: or http:), not %s",
				   key->str, ynode_describe(v));
	out->checks = xcalloc(v->n_items, sizeof(*out->checks));
	out->n_checks = v->n_items;
	for (i = 0; i < v->n_items; i++)
		if (get_check(v->items[i], &out->checks[i], err) < 0)
			return -1;
	return 0;
}

/* Reads analysis: a list of checks, or {checks, interval, failures}. */
int playbook_get_analysis(const struct ynode *key, const struct ynode *v,
			  struct play_analysis *out, struct error *err)
{
	const struct ynode *k, *checks;
	size_t i;

	out->at = playbook_where(key);
	out->interval = 30;
	out->failures = 1;
	if (v->kind == YNODE_SEQ)
		return get_checks(key, v, out, err);
	if (v->kind != YNODE_MAP)
		return ynode_error(v, err,
				   "'analysis' must be a list of checks, or a "
				   "mapping of checks, interval and failures, "
				   "not %s",
				   ynode_describe(v));
	for (i = 0; i < v->n_pairs; i++) {
		k = v->pairs[i].key;
		if (strcmp(k->str, "interval") == 0) {
			if (playbook_get_duration(k, v->pairs[i].value,
						  &out->interval, err) < 0)
				return -1;
			if (out->interval == 0)
				return ynode_error(v->pairs[i].value, err,
						   "'interval' must be 1s or "
						   "more");
		} else if (strcmp(k->str, "failures") == 0) {
			const struct ynode *n = v->pairs[i].value;

			if (n->kind != YNODE_SCALAR || n->type != YTYPE_INT ||
			    n->ival < 1 || n->ival > 1000)
				return ynode_error(n, err,
						   "'failures' must be a count "
						   "from 1 to 1000, not %s",
						   n->kind == YNODE_SCALAR
							   ? n->str
							   : ynode_describe(n));
			out->failures = (unsigned)n->ival;
		} else if (strcmp(k->str, "checks") != 0) {
			return playbook_unknown_key(k, "metric gate (analysis)",
						    analysis_keys, 0, err);
		}
	}
	checks = ynode_get(v, "checks");
	if (checks == NULL)
		return ynode_error(v, err,
				   "'analysis' needs 'checks', the list of "
				   "prometheus: and http: checks");
	return get_checks(ynode_get_key(v, "checks"), checks, out, err);
}

/* Frees the checks. */
void analysis_release(struct play_analysis *a)
{
	size_t i;

	for (i = 0; i < a->n_checks; i++) {
		free(a->checks[i].url);
		free(a->checks[i].query);
	}
	free(a->checks);
	a->checks = NULL;
	a->n_checks = 0;
}
