/*
 * host-pattern.c - choosing hosts with Ansible's host patterns.
 *
 * A pattern is a list of terms separated by ',' (or ':' when the whole
 * pattern is not one address): "web:db" is a union, "web:&prod" an
 * intersection, "web:!legacy" an exclusion, whatever their order in the
 * pattern (Ansible applies unions, then intersections, then exclusions).
 * A term matches:
 *  - a host of exactly that name;
 *  - groups whose names match it as a shell glob (web*, db?) or, with a
 *    leading '~', a POSIX extended regex anchored at the start of the
 *    name: all hosts of those groups and their child groups;
 *  - hosts whose names match it, when no group did or the term has glob
 *    or regex characters or a '.';
 * optionally cut by a subscript: web[0], web[-1], web[1:3], web[2:].
 * A term facts.REF=GLOB (or !=) matches hosts by their latest facts
 * (host-pattern-facts.c), through the lookup inventory_set_facts() gave.
 * --limit is a second pattern whose hosts the first is narrowed to;
 * "@FILE" names a file of host names, one a line.
 *
 * The selected hosts are returned in inventory order (Ansible returns
 * them in the order of the pattern's terms; a documented difference).
 */
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "host-pattern-facts.h"
#include "host-range.h"
#include "inventory-build.h"
#include "base/array.h"
#include "base/xmalloc.h"

/* Hosts matched by one term, in match order, duplicates allowed. */
struct matches {
	struct host **v;
	size_t n;
	size_t alloc;
};

/* Terms of a pattern, each with where it was written and, for a facts
 * term, its number in the selection's struct fact_eval. */
struct terms {
	char **v;
	size_t *at;	    /* offset in source; TERM_NOWHERE: from a @FILE */
	long *fact;	    /* -1: not a facts term */
	const char *source; /* the pattern or --limit, borrowed */
	size_t n;
};

/* The offset of a term read from a --limit @FILE. */
#define TERM_NOWHERE ((size_t)-1)

/* Appends a host to a match list. */
static void matches_push(struct matches *m, struct host *h)
{
	if (m->n == m->alloc) {
		m->alloc = m->alloc ? m->alloc * 2 : 32;
		m->v = xreallocarray(m->v, m->alloc, sizeof(*m->v));
	}
	m->v[m->n++] = h;
}

/* Appends a term written at offset at, stripped of blanks, unless it is
 * empty. */
static void terms_push(struct terms *t, const char *s, size_t n, size_t at)
{
	while (n > 0 && isspace((unsigned char)*s))
		s++, n--, at += at != TERM_NOWHERE;
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	if (n == 0)
		return;
	t->v = array_grow(t->v, t->n, sizeof(*t->v));
	t->at = array_grow(t->at, t->n, sizeof(*t->at));
	t->fact = array_grow(t->fact, t->n, sizeof(*t->fact));
	t->at[t->n] = at;
	t->fact[t->n] = -1;
	t->v[t->n++] = xstrndup(s, n);
}

/* Frees terms. */
static void terms_free(struct terms *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->v[i]);
	free(t->v);
	free(t->at);
	free(t->fact);
	t->v = NULL;
	t->at = NULL;
	t->fact = NULL;
	t->n = 0;
}

/* Splits a pattern into terms as Ansible's split_host_pattern(): on ','
 * when there is one; else the whole pattern when it is one address; else
 * on ':' and blanks outside [...]. */
static void split_terms(const char *pattern, struct terms *out)
{
	const char *p = pattern, *start, *close;

	out->source = pattern;
	if (strchr(pattern, ',')) {
		while (*p) {
			start = p;
			while (*p && *p != ',')
				p++;
			terms_push(out, start, (size_t)(p - start),
				   (size_t)(start - pattern));
			if (*p)
				p++;
		}
		return;
	}
	if (host_range_is_address(pattern)) {
		terms_push(out, pattern, strlen(pattern), 0);
		return;
	}
	/* re.findall(r'(?:[^\s:\[\]]|\[[^\]]*\])+', pattern) */
	while (*p) {
		start = p;
		for (;;) {
			if (*p == '[' && (close = strchr(p, ']')) != NULL)
				p = close + 1;
			else if (*p && *p != ':' && *p != '[' && *p != ']' &&
				 !isspace((unsigned char)*p))
				p++;
			else
				break;
		}
		if (p > start)
			terms_push(out, start, (size_t)(p - start),
				   (size_t)(start - pattern));
		else
			p++;
	}
}

/* A compiled term: a glob or an anchored regex. */
struct matcher {
	int is_regex;
	const char *glob;
	regex_t re;
};

/* Prepares a term for matching names. */
static int matcher_init(struct matcher *m, const char *expr, struct error *err)
{
	char *anchored;
	int rc;

	m->is_regex = expr[0] == '~';
	m->glob = expr;
	if (!m->is_regex)
		return 0;
	/* Python's re.match() anchors at the start only. */
	anchored = xasprintf("^(%s)", expr + 1);
	rc = regcomp(&m->re, anchored, REG_EXTENDED | REG_NOSUB);
	free(anchored);
	if (rc != 0) {
		char msg[128];

		regerror(rc, &m->re, msg, sizeof(msg));
		return error_set(err, ERROR_INVALID,
				 "host pattern '%s': bad regular expression: "
				 "%s",
				 expr, msg);
	}
	return 0;
}

/* Tells whether a name matches. */
static int matcher_match(const struct matcher *m, const char *name)
{
	if (m->is_regex)
		return regexec(&m->re, name, 0, NULL, 0) == 0;
	return fnmatch(m->glob, name, FNM_NOESCAPE) == 0;
}

/* Frees a matcher. */
static void matcher_release(struct matcher *m)
{
	if (m->is_regex)
		regfree(&m->re);
}

/* Adds the hosts of group and of all groups under it, the group's own
 * first, then level by level (Ansible's get_hosts()). */
static void group_hosts(const struct inventory *inv, struct group *group,
			struct matches *out)
{
	unsigned char *seen_host = xcalloc(inv->n_hosts + 1, 1);
	unsigned char *seen_group = xcalloc(inv->n_groups + 1, 1);
	struct group **queue = xcalloc(inv->n_groups + 1, sizeof(*queue));
	size_t head = 0, tail = 0, i;

	queue[tail++] = group;
	seen_group[group->index] = 1;
	while (head < tail) {
		struct group *g = queue[head++];

		for (i = 0; i < g->n_hosts; i++) {
			if (seen_host[g->hosts[i]->index])
				continue;
			seen_host[g->hosts[i]->index] = 1;
			matches_push(out, g->hosts[i]);
		}
		for (i = 0; i < g->n_children; i++) {
			if (seen_group[g->children[i]->index])
				continue;
			seen_group[g->children[i]->index] = 1;
			queue[tail++] = g->children[i];
		}
	}
	free(seen_host);
	free(seen_group);
	free(queue);
}

/* Parses a trailing [N], [N:M], [N:] or [N-M] subscript off term (not for
 * regexes); returns 1 when there is one. */
static int split_subscript(char *term, long *start, long *end, int *is_range)
{
	size_t len = strlen(term);
	char *open, *p, *q;

	if (term[0] == '~' || len < 4 || term[len - 1] != ']')
		return 0;
	open = strrchr(term, '[');
	if (open == NULL || open == term)
		return 0;
	p = open + 1;
	if (!isdigit((unsigned char)p[0]) && p[0] != '-')
		return 0;
	errno = 0;
	*start = strtol(p, &q, 10);
	if (q == p || errno)
		return 0;
	if (*q == ']' && q[1] == '\0') {
		*is_range = 0;
	} else if ((*q == ':' || *q == '-') && p[0] != '-') {
		p = q + 1;
		*end = strtol(p, &q, 10);
		if (q == p)
			*end = -1;
		if (*q != ']' || q[1] != '\0' || errno)
			return 0;
		/* Ansible reads an end of 0 as no end: web[2:0] is web[2]. */
		*is_range = *end != 0;
	} else {
		return 0;
	}
	*open = '\0';
	return 1;
}

/* Finds every host one term (without its & or !) matches. */
static int match_term(const struct inventory *inv, const char *term_in,
		      struct matches *out, struct error *err)
{
	struct matches all = {0};
	struct matcher m;
	char *term = xstrdup(term_in);
	long start = 0, end = 0;
	int is_range = 0, subscript, any_group = 0, rc = -1;
	size_t i;

	subscript = split_subscript(term, &start, &end, &is_range);
	if (matcher_init(&m, term, err) < 0) {
		free(term);
		return -1;
	}
	for (i = 0; i < inv->n_groups; i++) {
		if (matcher_match(&m, inv->groups[i]->name)) {
			any_group = 1;
			group_hosts(inv, inv->groups[i], &all);
		}
	}
	if (!any_group || term[0] == '~' || strpbrk(term, ".?*[")) {
		for (i = 0; i < inv->n_hosts; i++)
			if (matcher_match(&m, inv->hosts[i]->name))
				matches_push(&all, inv->hosts[i]);
	}
	if (subscript && all.n > 0) {
		long n = (long)all.n;

		if (!is_range) {
			if (start < 0)
				start += n;
			if (start < 0 || start >= n) {
				error_set(err, ERROR_INVALID,
					  "no host matches the subscripted "
					  "pattern '%s'",
					  term_in);
				goto out;
			}
			matches_push(out, all.v[start]);
		} else {
			if (end == -1 || end >= n)
				end = n - 1;
			for (; start <= end && start < n; start++)
				matches_push(out, all.v[start]);
		}
	} else {
		for (i = 0; i < all.n; i++)
			matches_push(out, all.v[i]);
	}
	rc = 0;
out:
	matcher_release(&m);
	free(all.v);
	free(term);
	return rc;
}

/* Finds the hosts a facts term holds for: all hosts for a union, only
 * those still selected for & and ! (the others' facts cannot matter). */
static int match_facts(const struct inventory *inv, struct fact_eval *ev,
		       long index, char kind, const unsigned char *selected,
		       struct matches *out, struct error *err)
{
	size_t i;
	int holds;

	for (i = 0; i < inv->n_hosts; i++) {
		if (kind && !selected[i])
			continue;
		if (fact_eval_holds(ev, (size_t)index, inv->hosts[i], &holds,
				    err) < 0)
			return -1;
		if (holds)
			matches_push(out, inv->hosts[i]);
	}
	return 0;
}

/* Parses the facts terms of t into ev, before anything is matched. */
static int facts_terms(struct terms *t, struct fact_eval *ev, struct error *err)
{
	size_t i, index, skip;

	for (i = 0; i < t->n; i++) {
		skip = t->v[i][0] == '!' || t->v[i][0] == '&';
		if (!fact_term_is(t->v[i] + skip))
			continue;
		if (fact_eval_add(
			    ev, t->at[i] == TERM_NOWHERE ? NULL : t->source,
			    t->at[i] == TERM_NOWHERE ? 0 : t->at[i] + skip,
			    t->v[i] + skip, &index, err) < 0)
			return -1;
		t->fact[i] = (long)index;
	}
	return 0;
}

/* Evaluates terms in Ansible's order (unions, then &, then !) and marks
 * the selected hosts in selected[] (by host index). */
static int evaluate(const struct inventory *inv, const struct terms *t,
		    struct fact_eval *ev, unsigned char *selected,
		    struct error *err)
{
	unsigned char *that = xcalloc(inv->n_hosts + 1, 1);
	struct matches m = {0};
	size_t pass, i, j, n_regular = 0;
	int rc = -1;

	for (i = 0; i < t->n; i++)
		if (t->v[i][0] != '!' && t->v[i][0] != '&')
			n_regular++;
	for (pass = 0; pass < 3; pass++) {
		for (i = 0; i < t->n + (pass == 0 && n_regular == 0); i++) {
			const char *term = i < t->n ? t->v[i] : "all";
			char kind =
				term[0] == '!' || term[0] == '&' ? term[0] : 0;
			struct host *h;

			if ((pass == 0 && kind) || (pass == 1 && kind != '&') ||
			    (pass == 2 && kind != '!'))
				continue;
			m.n = 0;
			if (i < t->n && t->fact[i] >= 0) {
				if (match_facts(inv, ev, t->fact[i], kind,
						selected, &m, err) < 0)
					goto out;
			} else if (kind == 0 &&
				   (h = inventory_host(inv, term))) {
				selected[h->index] = 1;
				continue;
			} else if (match_term(inv, kind ? term + 1 : term, &m,
					      err) < 0) {
				goto out;
			}
			if (kind == 0) {
				for (j = 0; j < m.n; j++)
					selected[m.v[j]->index] = 1;
				continue;
			}
			memset(that, 0, inv->n_hosts);
			for (j = 0; j < m.n; j++)
				that[m.v[j]->index] = 1;
			for (j = 0; j < inv->n_hosts; j++)
				if (kind == '&' ? !that[j] : that[j])
					selected[j] = 0;
		}
	}
	rc = 0;
out:
	free(m.v);
	free(that);
	return rc;
}

/* Reads the terms of a --limit: a pattern, or @FILE of names. */
static int limit_terms(const char *limit, struct terms *out, struct error *err)
{
	struct terms raw = {0};
	char line[4096];
	size_t i;
	FILE *fp;

	split_terms(limit, &raw);
	out->source = limit;
	for (i = 0; i < raw.n; i++) {
		if (raw.v[i][0] != '@') {
			terms_push(out, raw.v[i], strlen(raw.v[i]), raw.at[i]);
			continue;
		}
		fp = fopen(raw.v[i] + 1, "r");
		if (fp == NULL) {
			error_set(err, ERROR_INVALID, "limit file %s: %s",
				  raw.v[i] + 1, strerror(errno));
			terms_free(&raw);
			return -1;
		}
		while (fgets(line, sizeof(line), fp))
			terms_push(out, line, strcspn(line, "\r\n"),
				   TERM_NOWHERE);
		fclose(fp);
	}
	terms_free(&raw);
	return 0;
}

/* Selects hosts by pattern and limit, in inventory order. */
int inventory_select(const struct inventory *inv, const char *pattern,
		     const char *limit, struct host ***hosts_out, size_t *n_out,
		     struct error *err)
{
	struct terms t = {0}, lt = {0};
	struct fact_eval ev = {0};
	unsigned char *selected = xcalloc(inv->n_hosts + 1, 1);
	unsigned char *allowed = NULL;
	struct host **hosts = NULL;
	size_t i, n = 0;
	int rc = -1;

	ev.inv = inv;
	split_terms(pattern ? pattern : "all", &t);
	/* Every facts term is parsed before any host's facts are read. */
	if (facts_terms(&t, &ev, err) < 0 ||
	    (limit && (limit_terms(limit, &lt, err) < 0 ||
		       facts_terms(&lt, &ev, err) < 0)) ||
	    evaluate(inv, &t, &ev, selected, err) < 0)
		goto out;
	if (limit) {
		allowed = xcalloc(inv->n_hosts + 1, 1);
		if (evaluate(inv, &lt, &ev, allowed, err) < 0)
			goto out;
		for (i = 0; i < inv->n_hosts; i++)
			selected[i] &= allowed[i];
	}
	for (i = 0; i < inv->n_hosts; i++)
		if (selected[i])
			n++;
	if (n > 0) {
		hosts = xcalloc(n, sizeof(*hosts));
		for (i = 0, n = 0; i < inv->n_hosts; i++)
			if (selected[i])
				hosts[n++] = inv->hosts[i];
	}
	*hosts_out = hosts;
	*n_out = n;
	rc = 0;
out:
	free(selected);
	free(allowed);
	fact_eval_release(&ev);
	terms_free(&t);
	terms_free(&lt);
	return rc;
}
