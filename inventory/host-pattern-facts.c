/*
 * host-pattern-facts.c - facts terms of host patterns; see
 * host-pattern-facts.h.
 */
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "host-pattern-facts.h"
#include "base/array.h"
#include "base/buf.h"
#include "base/suggest.h"
#include "base/xmalloc.h"
#include "lang/vars-ref.h"
#include "lang/vars.h"

/* Lets a pattern's facts terms look facts up through facts. */
void inventory_set_facts(struct inventory *inv,
			 const struct inventory_facts *facts)
{
	inv->facts = facts;
}

/* Tells a facts term from a host or group name. */
int fact_term_is(const char *term)
{
	return strncmp(term, "facts.", 6) == 0 ||
	       strncmp(term, "facts[", 6) == 0;
}

/* Records a mistake at byte pos of term: the pattern, the column, why. */
static int fact_term_error(const char *source, size_t at, const char *term,
			   size_t pos, const char *why, struct error *err)
{
	return error_set(
		err, ERROR_INVALID, "host pattern '%s': column %zu: %s",
		source ? source : term, (source ? at : 0) + pos + 1, why);
}

/* Checks that the first key after "facts" is one a facts object has. */
static int fact_term_root(const struct fact_eval *ev, const char *source,
			  size_t at, const char *term, size_t len,
			  struct error *err)
{
	const char *const *roots = ev->inv->facts->roots;
	struct vars_ref_part part;
	struct buf known = BUF_INIT;
	const char *near;
	size_t pos = 0, i;
	char *key, *why;
	int rc = 0;

	vars_ref_next(term, len, &pos, &part); /* "facts" */
	vars_ref_next(term, len, &pos, &part);
	key = xstrndup(part.s, part.n);
	for (i = 0; roots && roots[i]; i++)
		if (strcmp(roots[i], key) == 0)
			goto out;
	for (i = 0; roots && roots[i]; i++)
		buf_addf(&known, "%s%s", i ? ", " : "", roots[i]);
	near = roots ? suggest_word(key, roots) : NULL;
	why = xasprintf("no fact '%s'%s%s%s (facts are %s)", key,
			near ? "; did you mean '" : "", near ? near : "",
			near ? "'?" : "", known.len ? known.data : "none");
	rc = fact_term_error(source, at, term, (size_t)(part.s - term), why,
			     err);
	free(why);
out:
	buf_release(&known);
	free(key);
	return rc;
}

/* Parses a facts term into ev. */
int fact_eval_add(struct fact_eval *ev, const char *source, size_t at,
		  const char *term, size_t *index, struct error *err)
{
	size_t n = strlen(term), len = vars_ref_length(term, n);
	const char *why = NULL, *glob = NULL;
	size_t pos = len;
	struct fact_term *t;
	int negate = 0;
	/* Split on ':', a '[' without its ']' ends the term before it. */
	char next = source && len == n ? source[at + n] : '\0';

	if (len == 5 && term[5] == '.') {
		why = "'facts.' needs a fact after it "
		      "(facts.os.codename=bookworm)";
		pos = 6;
	} else if (term[len] == '[' || next == '[') {
		why = "'[' opens a key that is not closed: write "
		      "[\"KEY\"] (facts.packages[\"acme-agent\"])";
	} else if (term[len] == '.') {
		why = "'.' needs a key after it";
		pos = len + 1;
	} else if (term[len] == '=') {
		glob = term + len + 1;
	} else if (term[len] == '!' && term[len + 1] == '=') {
		glob = term + len + 2;
		negate = 1;
	} else if (term[len] == '\0') {
		why = "no '=' or '!=': a facts term is facts.REF=GLOB or "
		      "facts.REF!=GLOB";
	} else {
		why = "a fact's name ends here: expected '=' or '!='";
	}
	if (why)
		return fact_term_error(source, at, term, pos, why, err);
	if (ev->inv->facts == NULL)
		return fact_term_error(source, at, term, 0,
				       "selecting hosts by fact needs the "
				       "facts store, which this command does "
				       "not read",
				       err);
	if (fact_term_root(ev, source, at, term, len, err) < 0)
		return -1;
	ev->terms = array_grow(ev->terms, ev->n, sizeof(*ev->terms));
	t = &ev->terms[ev->n];
	t->ref = xstrndup(term, len);
	t->glob = xstrdup(glob);
	t->negate = negate;
	*index = ev->n++;
	return 0;
}

/* Tells whether a value's text (as {{ }} renders it) matches glob. */
static int fact_value_matches(const json_t *v, const char *glob)
{
	struct buf text = BUF_INIT;
	int m;

	vars_render(v, &text);
	m = fnmatch(glob, text.len ? text.data : "", FNM_NOESCAPE) == 0;
	buf_release(&text);
	return m;
}

/* Tells whether a term holds for a host's facts: a list matches when one
 * of its items does; a REF the facts lack matches only != . */
static int fact_term_holds(const struct fact_term *t, const json_t *root)
{
	const json_t *v = vars_ref_get(root, t->ref, strlen(t->ref));
	const json_t *item;
	size_t i;
	int m = 0;

	if (v == NULL)
		return t->negate;
	if (json_is_array(v)) {
		json_array_foreach(v, i, item) if ((m = fact_value_matches(
							    item, t->glob)) !=
						   0) break;
	} else {
		m = fact_value_matches(v, t->glob);
	}
	return t->negate ? !m : m;
}

/* Looks a host's facts up once and decides every term for it. */
static int fact_eval_load(struct fact_eval *ev, const struct host *h,
			  struct error *err)
{
	const struct inventory_facts *f = ev->inv->facts;
	size_t n_hosts = ev->inv->n_hosts, i;
	json_t *facts = NULL, *root;

	if (ev->state == NULL) {
		ev->state = xcalloc(n_hosts + 1, 1);
		ev->holds = xcalloc(n_hosts * ev->n + 1, 1);
	}
	if (f->get(f->data, h->name, &facts, err) < 0)
		return -1;
	ev->state[h->index] = facts ? 1 : 2;
	if (facts == NULL)
		return 0;
	root = json_pack("{s:o}", "facts", facts);
	for (i = 0; i < ev->n; i++)
		ev->holds[h->index * ev->n + i] =
			(unsigned char)fact_term_holds(&ev->terms[i], root);
	json_decref(root);
	return 0;
}

/* Decides one term for one host. */
int fact_eval_holds(struct fact_eval *ev, size_t index, const struct host *h,
		    int *holds, struct error *err)
{
	if ((ev->state == NULL || ev->state[h->index] == 0) &&
	    fact_eval_load(ev, h, err) < 0)
		return -1;
	*holds =
		ev->state[h->index] == 1 && ev->holds[h->index * ev->n + index];
	return 0;
}

/* Frees the terms and the per-host results. */
void fact_eval_release(struct fact_eval *ev)
{
	size_t i;

	for (i = 0; i < ev->n; i++) {
		free(ev->terms[i].ref);
		free(ev->terms[i].glob);
	}
	free(ev->terms);
	free(ev->state);
	free(ev->holds);
	ev->terms = NULL;
	ev->state = ev->holds = NULL;
	ev->n = 0;
}
