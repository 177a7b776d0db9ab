/*
 * vars-expand.c - {{ name }} substitution in texts and in the strings of
 * playbook nodes; see vars.h.
 *
 * Theory of operation: substitution scans for "{{", reads the reference
 * up to "}}", looks it up and renders it twice, real and shown; a
 * rendered value holding "{{" is expanded again, up to VARS_MAX_DEPTH
 * times, which also stops two variables naming each other.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "vars-ref.h"
#include "vars-store.h"

/* How deep values may refer to values holding references. */
#define VARS_MAX_DEPTH 16

static int expand(const struct vars *v, const char *text,
		  const struct where *at, int depth, struct buf *real,
		  struct buf *shown, struct error *err);

/* Skips blanks. */
static const char *skip_blank(const char *p, const char *end)
{
	while (p < end && isspace((unsigned char)*p))
		p++;
	return p;
}

/* Handles the inside of one {{ }}: a quoted literal or a reference. */
static int substitute(const struct vars *v, const char *in, const char *end,
		      const struct where *at, int depth, struct buf *real,
		      struct buf *shown, struct error *err)
{
	const char *p = skip_blank(in, end), *q = end;
	struct buf value = BUF_INIT, sub_real = BUF_INIT, sub_shown = BUF_INIT;
	const json_t *found;
	int secret, rc = -1;

	while (q > p && isspace((unsigned char)q[-1]))
		q--;
	if (q - p >= 2 && (*p == '\'' || *p == '"') && q[-1] == *p &&
	    memchr(p + 1, *p, (size_t)(q - p - 2)) == NULL) {
		buf_add(real, p + 1, (size_t)(q - p - 2));
		buf_add(shown, p + 1, (size_t)(q - p - 2));
		return 0;
	}
	if (vars_ref_length(p, (size_t)(q - p)) != (size_t)(q - p))
		return vars_error_at(
			at, err,
			"'{{%.*s}}' is not a variable: crest substitutes "
			"{{ name }}, {{ name.key }} and {{ name[\"key\"] }} "
			"only, without filters or expressions",
			(int)(end - in), in);
	found = vars_lookup(v, p, (size_t)(q - p));
	if (found == NULL)
		return vars_error_at(at, err, "undefined variable '%.*s'",
				     (int)(q - p), p);
	secret = vars_secret_ref(v, p, (size_t)(q - p));
	vars_render(found, &value);
	if (json_is_string(found) && strstr(value.data, "{{")) {
		if (depth >= VARS_MAX_DEPTH) {
			vars_error_at(
				at, err,
				"variable '%.*s' refers to variables more "
				"than %d deep (a loop?)",
				(int)(q - p), p, VARS_MAX_DEPTH);
			goto out;
		}
		if (expand(v, value.data, at, depth + 1, &sub_real, &sub_shown,
			   err) < 0)
			goto out;
		buf_add(real, sub_real.data, sub_real.len);
		if (secret)
			buf_adds(shown, VARS_MASK);
		else
			buf_add(shown, sub_shown.data, sub_shown.len);
	} else {
		buf_add(real, value.data, value.len);
		if (secret)
			buf_adds(shown, VARS_MASK);
		else
			buf_add(shown, value.data, value.len);
	}
	rc = 0;
out:
	buf_release(&value);
	buf_release(&sub_real);
	buf_release(&sub_shown);
	return rc;
}

/* Returns the end of "{% raw %}" at p, or NULL when p starts no raw
 * block; *endraw gets where the block's "{% endraw %}" starts. */
static const char *raw_block(const char *p, const char **endraw,
			     const char **after)
{
	const char *q = p + 2, *e;

	while (*q == ' ' || *q == '-')
		q++;
	if (strncmp(q, "raw", 3) != 0)
		return NULL;
	q += 3;
	while (*q == ' ' || *q == '-')
		q++;
	if (strncmp(q, "%}", 2) != 0)
		return NULL;
	q += 2;
	for (e = strstr(q, "{%"); e; e = strstr(e + 2, "{%")) {
		const char *r = e + 2;

		while (*r == ' ' || *r == '-')
			r++;
		if (strncmp(r, "endraw", 6) != 0)
			continue;
		r += 6;
		while (*r == ' ' || *r == '-')
			r++;
		if (strncmp(r, "%}", 2) == 0) {
			*endraw = e;
			*after = r + 2;
			return q;
		}
	}
	return NULL;
}

/* Finds the "}}" closing a substitution whose inside starts at p,
 * stepping over a quoted literal ("{{ '}}' }}"). */
static const char *find_close(const char *p)
{
	const char *q = p;

	while (*q == ' ' || *q == '\t')
		q++;
	if (*q == '\'' || *q == '"') {
		const char *end = strchr(q + 1, *q);

		if (end)
			return strstr(end + 1, "}}");
	}
	return strstr(p, "}}");
}

/* Expands text into real and shown. */
static int expand(const struct vars *v, const char *text,
		  const struct where *at, int depth, struct buf *real,
		  struct buf *shown, struct error *err)
{
	const char *p = text, *open, *close, *raw, *endraw, *after;

	while (*p) {
		open = strchr(p, '{');
		if (open == NULL || (open[1] != '{' && open[1] != '%')) {
			size_t n = open ? (size_t)(open - p) + 1 : strlen(p);

			buf_add(real, p, n);
			buf_add(shown, p, n);
			p += n;
			continue;
		}
		buf_add(real, p, (size_t)(open - p));
		buf_add(shown, p, (size_t)(open - p));
		if (open[1] == '%') {
			raw = raw_block(open, &endraw, &after);
			if (raw == NULL)
				return vars_error_at(
					at, err,
					"'{%%' starts a template "
					"statement, which crest does "
					"not have (only {%% raw %%}"
					"...{%% endraw %%})");
			buf_add(real, raw, (size_t)(endraw - raw));
			buf_add(shown, raw, (size_t)(endraw - raw));
			p = after;
			continue;
		}
		close = find_close(open + 2);
		if (close == NULL)
			return vars_error_at(
				at, err, "'{{' without a closing '}}' in '%s'",
				text);
		if (substitute(v, open + 2, close, at, depth, real, shown,
			       err) < 0)
			return -1;
		p = close + 2;
	}
	return 0;
}

/* Expands a text. */
int vars_expand_text(const struct vars *v, const char *text,
		     const struct where *at, char **real, char **shown,
		     struct error *err)
{
	struct buf r = BUF_INIT, s = BUF_INIT;

	if (expand(v, text, at, 0, &r, &s, err) < 0) {
		buf_release(&r);
		buf_release(&s);
		return -1;
	}
	*real = buf_detach(&r, NULL);
	if (shown)
		*shown = buf_detach(&s, NULL);
	buf_release(&s);
	return 0;
}

/* Returns the reference when text is exactly one "{{ name }}", n its
 * length. */
static const char *sole_reference(const char *text, size_t *n)
{
	const char *p = text, *q;

	while (isspace((unsigned char)*p))
		p++;
	if (strncmp(p, "{{", 2) != 0)
		return NULL;
	p = skip_blank(p + 2, p + strlen(p));
	q = strstr(p, "}}");
	if (q == NULL || *skip_blank(q + 2, q + 2 + strlen(q + 2)) != '\0')
		return NULL;
	*n = (size_t)(q - p);
	while (*n > 0 && isspace((unsigned char)p[*n - 1]))
		(*n)--;
	if (*n == 0 || vars_ref_length(p, *n) != *n)
		return NULL;
	return p;
}

/* Expands one string node; a sole reference to a list or a mapping
 * keeps its type. */
static int expand_string(const struct vars *v, const struct ynode *node,
			 json_t **real, json_t **shown, struct error *err)
{
	struct where at = {node->file, node->line, node->column};
	const json_t *found;
	char *r = NULL, *s = NULL;
	const char *ref;
	size_t n;

	ref = sole_reference(node->str, &n);
	/* Only lists and mappings keep their type (a list of packages); a
	 * scalar is written as text, as Ansible renders it, so a version
	 * 2.0 read from an INI inventory reaches the module as "2.0". */
	if (ref && (found = vars_lookup(v, ref, n)) != NULL &&
	    (json_is_array(found) || json_is_object(found))) {
		*real = json_deep_copy(found);
		if (shown)
			*shown = vars_secret_ref(v, ref, n)
					 ? json_string(VARS_MASK)
					 : json_deep_copy(found);
		return 0;
	}
	if (vars_expand_text(v, node->str, &at, &r, shown ? &s : NULL, err) < 0)
		return -1;
	*real = json_string(r);
	if (shown)
		*shown = json_string(s);
	free(r);
	free(s);
	if (*real == NULL || (shown && *shown == NULL)) {
		json_decref(*real);
		if (shown)
			json_decref(*shown);
		return ynode_error(node, err, "a substitution is not UTF-8");
	}
	return 0;
}

/* Expands every string of a node tree. */
int vars_expand_node(const struct vars *v, const struct ynode *node,
		     json_t **real, json_t **shown, struct error *err)
{
	json_t *r, *s = NULL, *ir, *is;
	size_t i;

	if (node == NULL || node->kind == YNODE_SCALAR) {
		if (node && node->type == YTYPE_STR)
			return expand_string(v, node, real, shown, err);
		*real = ynode_to_json(node);
		if (shown)
			*shown = ynode_to_json(node);
		return 0;
	}
	r = node->kind == YNODE_SEQ ? json_array() : json_object();
	if (shown)
		s = node->kind == YNODE_SEQ ? json_array() : json_object();
	for (i = 0;
	     i < (node->kind == YNODE_SEQ ? node->n_items : node->n_pairs);
	     i++) {
		const struct ynode *child = node->kind == YNODE_SEQ
						    ? node->items[i]
						    : node->pairs[i].value;

		is = NULL;
		if (vars_expand_node(v, child, &ir, shown ? &is : NULL, err) <
		    0) {
			json_decref(r);
			json_decref(s);
			return -1;
		}
		if (node->kind == YNODE_SEQ) {
			json_array_append_new(r, ir);
			if (s)
				json_array_append_new(s, is);
		} else {
			json_object_set_new(r, node->pairs[i].key->str, ir);
			if (s)
				json_object_set_new(s, node->pairs[i].key->str,
						    is);
		}
	}
	*real = r;
	if (shown)
		*shown = s;
	return 0;
}
