/*
 * vars.c - variables, substitution, conditions, secrets; see vars.h.
 *
 * Theory of operation: values live in one JSON object, secret forms
 * already replaced by their values.  Secrecy is kept beside the values as
 * a list of dotted paths (for substitutions: a path that is, holds or lies
 * in a secret is masked whole) and a list of the secret texts (for masking
 * free text such as command output).  Substitution scans for "{{", reads
 * the reference up to "}}", looks it up and renders it twice, real and
 * shown; a rendered value holding "{{" is expanded again, up to
 * VARS_MAX_DEPTH times, which also stops two variables naming each other.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>

#include "base/array.h"
#include "vars.h"
#include "base/xmalloc.h"

/* How deep values may refer to values holding references. */
#define VARS_MAX_DEPTH 16
/* Largest secret file read. */
#define VARS_MAX_SECRET_FILE (1024 * 1024)

struct vars {
	json_t *values;
	char **secret_paths; /* dotted names of secret values */
	size_t n_secret_paths;
	char **secret_texts; /* the secret values as rendered text */
	size_t n_secret_texts;
};

/* Makes an empty set. */
struct vars *vars_new(void)
{
	struct vars *v = xcalloc(1, sizeof(*v));

	v->values = json_object();
	return v;
}

/* Frees everything. */
void vars_free(struct vars *v)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < v->n_secret_paths; i++)
		free(v->secret_paths[i]);
	for (i = 0; i < v->n_secret_texts; i++)
		free(v->secret_texts[i]);
	free(v->secret_paths);
	free(v->secret_texts);
	json_decref(v->values);
	free(v);
}

/* Appends a string to a list. */
static void push_string(char ***list, size_t *n, char *s)
{
	*list = array_grow(*list, *n, sizeof(**list));
	(*list)[(*n)++] = s;
}

/* Renders a value as text. */
void vars_render(const json_t *value, struct buf *out)
{
	char *text;

	switch (json_typeof(value)) {
	case JSON_STRING:
		buf_add(out, json_string_value(value),
			json_string_length(value));
		break;
	case JSON_INTEGER:
		buf_addf(out, "%lld", (long long)json_integer_value(value));
		break;
	case JSON_REAL:
		buf_addf(out, "%.15g", json_real_value(value));
		break;
	case JSON_TRUE:
		buf_adds(out, "true");
		break;
	case JSON_FALSE:
		buf_adds(out, "false");
		break;
	case JSON_NULL:
		break;
	default:
		text = json_dumps(value, JSON_COMPACT | JSON_ENCODE_ANY);
		if (text)
			buf_adds(out, text);
		free(text);
	}
}

/* Records a secret value at path. */
static void add_secret(struct vars *v, const char *path, const json_t *value)
{
	struct buf b = BUF_INIT;

	push_string(&v->secret_paths, &v->n_secret_paths, xstrdup(path));
	vars_render(value, &b);
	if (b.len > 0)
		push_string(&v->secret_texts, &v->n_secret_texts,
			    buf_detach(&b, NULL));
	buf_release(&b);
}

/* Reads a secret file, dropping one trailing newline. */
static json_t *read_secret_file(const char *path, const char *base_dir,
				struct error *err)
{
	char *full = path[0] == '/' || base_dir == NULL
			     ? xstrdup(path)
			     : xasprintf("%s/%s", base_dir, path);
	struct buf b = BUF_INIT;
	char chunk[4096];
	json_t *out = NULL;
	FILE *fp;
	size_t n;

	fp = fopen(full, "rb");
	if (fp == NULL) {
		error_set(err, ERROR_INVALID, "secret_file %s: %s", full,
			  strerror(errno));
		goto out;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		buf_add(&b, chunk, n);
		if (b.len > VARS_MAX_SECRET_FILE) {
			error_set(err, ERROR_INVALID,
				  "secret_file %s is larger than %d bytes",
				  full, VARS_MAX_SECRET_FILE);
			goto out;
		}
	}
	if (b.len && b.data[b.len - 1] == '\n')
		buf_truncate(&b, b.len - 1);
	if (b.len && b.data[b.len - 1] == '\r')
		buf_truncate(&b, b.len - 1);
	out = json_stringn(b.data, b.len);
	if (out == NULL)
		error_set(err, ERROR_INVALID,
			  "secret_file %s is not UTF-8 text", full);
out:
	if (fp)
		fclose(fp);
	buf_release(&b);
	free(full);
	return out;
}

/* Returns value with secret forms replaced by their values (a new
 * reference), recording each secret under its path. */
static json_t *resolve(struct vars *v, const json_t *value, const char *path,
		       const char *base_dir, struct error *err)
{
	json_t *out, *item, *secret;
	const char *key;
	char *sub;
	size_t i;

	if (json_is_object(value) && json_object_size(value) == 1) {
		if ((secret = json_object_get(value, "secret")) != NULL) {
			add_secret(v, path, secret);
			return json_deep_copy(secret);
		}
		secret = json_object_get(value, "secret_file");
		if (secret && json_is_string(secret)) {
			out = read_secret_file(json_string_value(secret),
					       base_dir, err);
			if (out)
				add_secret(v, path, out);
			return out;
		}
	}
	if (json_is_object(value)) {
		out = json_object();
		json_object_foreach((json_t *)value, key, item)
		{
			sub = xasprintf("%s.%s", path, key);
			secret = resolve(v, item, sub, base_dir, err);
			free(sub);
			if (secret == NULL) {
				json_decref(out);
				return NULL;
			}
			json_object_set_new(out, key, secret);
		}
		return out;
	}
	if (json_is_array(value)) {
		out = json_array();
		json_array_foreach(value, i, item)
		{
			sub = xasprintf("%s.%zu", path, i);
			secret = resolve(v, item, sub, base_dir, err);
			free(sub);
			if (secret == NULL) {
				json_decref(out);
				return NULL;
			}
			json_array_append_new(out, secret);
		}
		return out;
	}
	return json_deep_copy(value);
}

/* Merges a layer over the variables. */
int vars_merge(struct vars *v, const json_t *layer, const char *base_dir,
	       struct error *err)
{
	const char *key;
	json_t *value, *resolved;

	json_object_foreach((json_t *)layer, key, value)
	{
		resolved = resolve(v, value, key, base_dir, err);
		if (resolved == NULL)
			return -1;
		json_object_set_new(v->values, key, resolved);
	}
	return 0;
}

/* Tells a variable name. */
static int is_identifier(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || (!isalpha((unsigned char)s[0]) && s[0] != '_'))
		return 0;
	for (i = 1; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_')
			return 0;
	return 1;
}

/* Adds one -e argument. */
int vars_add_extra(struct vars *v, const char *arg, struct error *err)
{
	struct yaml_doc *doc = NULL;
	const char *eq = strchr(arg, '=');
	json_t *layer = NULL;
	int rc = -1;

	if (arg[0] == '@' || arg[0] == '{') {
		if ((arg[0] == '@'
			     ? yaml_doc_load_file(arg + 1, &doc, err)
			     : yaml_doc_load_buffer("-e", arg, strlen(arg),
						    &doc, err)) < 0)
			goto out;
		if (doc->root == NULL || doc->root->kind != YNODE_MAP) {
			error_set(err, ERROR_INVALID,
				  "-e %s: extra variables must be a mapping",
				  arg);
			goto out;
		}
		layer = ynode_to_json(doc->root);
	} else {
		if (eq == NULL || !is_identifier(arg, (size_t)(eq - arg))) {
			error_set(err, ERROR_INVALID,
				  "-e takes KEY=VALUE, a mapping or @FILE, "
				  "not '%s'",
				  arg);
			goto out;
		}
		layer = json_object();
		json_object_setn_new(layer, arg, (size_t)(eq - arg),
				     json_string(eq + 1));
	}
	rc = vars_merge(v, layer, NULL, err);
out:
	json_decref(layer);
	yaml_doc_free(doc);
	return rc;
}

/* Looks up a dotted name, n bytes long. */
static const json_t *lookup(const struct vars *v, const char *name, size_t n)
{
	const json_t *cur = v->values;
	const char *p = name, *end = name + n, *dot;
	char *part, *stop;
	unsigned long idx;

	while (p < end && cur) {
		dot = memchr(p, '.', (size_t)(end - p));
		if (dot == NULL)
			dot = end;
		part = xstrndup(p, (size_t)(dot - p));
		if (json_is_object(cur)) {
			cur = json_object_get(cur, part);
		} else if (json_is_array(cur) &&
			   isdigit((unsigned char)*part)) {
			idx = strtoul(part, &stop, 10);
			cur = *stop ? NULL : json_array_get(cur, idx);
		} else {
			cur = NULL;
		}
		free(part);
		p = dot + 1;
	}
	return cur;
}

/* Looks up a dotted name. */
const json_t *vars_get(const struct vars *v, const char *name)
{
	return lookup(v, name, strlen(name));
}

/* Returns the values. */
const json_t *vars_values(const struct vars *v)
{
	return v->values;
}

/* Tells whether path a is path b or lies under it. */
static int path_within(const char *a, size_t na, const char *b)
{
	size_t nb = strlen(b);

	return na >= nb && strncmp(a, b, nb) == 0 && (na == nb || a[nb] == '.');
}

/* Tells whether a reference touches a secret, n bytes long. */
static int secret_ref(const struct vars *v, const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < v->n_secret_paths; i++) {
		const char *s = v->secret_paths[i];

		/* The reference is the secret, lies in it, or holds it. */
		if (path_within(name, n, s) ||
		    (strlen(s) > n && strncmp(s, name, n) == 0 && s[n] == '.'))
			return 1;
	}
	return 0;
}

/* Tells whether a name touches a secret. */
int vars_is_secret(const struct vars *v, const char *name)
{
	return secret_ref(v, name, strlen(name));
}

/* Reports an error at the place a text was written. */
static int at_error(const struct where *at, struct error *err, const char *fmt,
		    ...) __attribute__((format(printf, 3, 4)));

/* Reports an error at the place a text was written. */
static int at_error(const struct where *at, struct error *err, const char *fmt,
		    ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	if (at && at->file)
		error_set_at(err, ERROR_INVALID, at->file, at->line, at->column,
			     "%s", b.data);
	else
		error_set(err, ERROR_INVALID, "%s", b.data);
	buf_release(&b);
	return -1;
}

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
	if (!is_identifier(p, strcspn(p, ".}") < (size_t)(q - p)
				      ? strcspn(p, ".}")
				      : (size_t)(q - p))) {
		return at_error(at, err,
				"'{{%.*s}}' is not a variable: crest "
				"substitutes {{ name }} and {{ name.key }} "
				"only, without filters or expressions",
				(int)(end - in), in);
	}
	for (const char *s = p; s < q; s++)
		if (!isalnum((unsigned char)*s) && *s != '_' && *s != '.')
			return at_error(at, err,
					"'{{%.*s}}' is not a variable: crest "
					"substitutes {{ name }} and "
					"{{ name.key }} only, without filters "
					"or expressions",
					(int)(end - in), in);
	found = lookup(v, p, (size_t)(q - p));
	if (found == NULL)
		return at_error(at, err, "undefined variable '%.*s'",
				(int)(q - p), p);
	secret = secret_ref(v, p, (size_t)(q - p));
	vars_render(found, &value);
	if (json_is_string(found) && strstr(value.data, "{{")) {
		if (depth >= VARS_MAX_DEPTH) {
			at_error(at, err,
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
				return at_error(at, err,
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
			return at_error(at, err,
					"'{{' without a closing '}}' in '%s'",
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
	if (*n == 0 || strcspn(p, "'\"{") < *n)
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
	if (ref && (found = lookup(v, ref, n)) != NULL &&
	    (json_is_array(found) || json_is_object(found))) {
		*real = json_deep_copy(found);
		if (shown)
			*shown = secret_ref(v, ref, n) ? json_string(VARS_MASK)
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

/* Reads a value as a boolean; returns -1 when it spells none. */
static int truth(const json_t *value)
{
	static const char *const yes[] = {"true", "yes", "on", "1", NULL};
	static const char *const no[] = {"false", "no", "off", "0", "", NULL};
	const char *s;
	size_t i;

	switch (json_typeof(value)) {
	case JSON_TRUE:
		return 1;
	case JSON_FALSE:
	case JSON_NULL:
		return 0;
	case JSON_INTEGER:
		return json_integer_value(value) != 0;
	case JSON_REAL:
		return json_real_value(value) != 0;
	case JSON_STRING:
		s = json_string_value(value);
		for (i = 0; yes[i]; i++)
			if (strcasecmp(s, yes[i]) == 0)
				return 1;
		for (i = 0; no[i]; i++)
			if (strcasecmp(s, no[i]) == 0)
				return 0;
		return -1;
	default:
		return json_is_array(value) ? json_array_size(value) > 0
					    : json_object_size(value) > 0;
	}
}

/* Compares a variable with a literal; strings and numbers compare as
 * the text they render to, since -e gives strings. */
static int same_value(const json_t *a, const json_t *b)
{
	struct buf ta = BUF_INIT, tb = BUF_INIT;
	int same;

	if (json_equal((json_t *)a, (json_t *)b))
		return 1;
	if (!(json_is_string(a) || json_is_number(a)) ||
	    !(json_is_string(b) || json_is_number(b)))
		return 0;
	vars_render(a, &ta);
	vars_render(b, &tb);
	same = strcmp(ta.data, tb.data) == 0;
	buf_release(&ta);
	buf_release(&tb);
	return same;
}

/* Evaluates when conditions. */
int vars_when(const struct vars *v, const struct condition *conds, size_t n,
	      int *holds, struct error *err)
{
	const json_t *value;
	size_t i;
	int t;

	*holds = 1;
	for (i = 0; i < n && *holds; i++) {
		const struct condition *c = &conds[i];

		if (c->kind == COND_CONSTANT) {
			*holds = json_is_true(c->value);
			continue;
		}
		value = vars_get(v, c->name);
		if (value == NULL)
			return at_error(&c->at, err,
					"undefined variable '%s' in 'when'",
					c->name);
		switch (c->kind) {
		case COND_TRUTHY:
		case COND_FALSY:
			t = truth(value);
			if (t < 0)
				return at_error(&c->at, err,
						"'when: %s' needs true or "
						"false, and '%s' is '%s'",
						c->name, c->name,
						json_string_value(value));
			*holds = c->kind == COND_TRUTHY ? t : !t;
			break;
		case COND_EQUAL:
			*holds = same_value(value, c->value);
			break;
		case COND_NOT_EQUAL:
			*holds = !same_value(value, c->value);
			break;
		case COND_CONSTANT:
			break;
		}
	}
	return 0;
}

/* Orders texts longest first, so a longer secret is masked before a
 * shorter one inside it. */
static int longest_first(const void *a, const void *b)
{
	size_t la = strlen(*(char *const *)a), lb = strlen(*(char *const *)b);

	return la < lb ? 1 : la > lb ? -1 : 0;
}

/* Masks secret values in text. */
char *vars_redact(const struct vars *v, const char *text)
{
	struct buf out = BUF_INIT;
	char **texts = xcalloc(v->n_secret_texts + 1, sizeof(*texts));
	const char *p = text;
	size_t i, best_len;

	if (v->n_secret_texts > 0) {
		memcpy(texts, v->secret_texts,
		       v->n_secret_texts * sizeof(*texts));
		qsort(texts, v->n_secret_texts, sizeof(*texts), longest_first);
	}
	while (*p) {
		best_len = 0;
		for (i = 0; i < v->n_secret_texts; i++) {
			size_t n = strlen(texts[i]);

			if (strncmp(p, texts[i], n) == 0) {
				best_len = n;
				break;
			}
		}
		if (best_len) {
			buf_adds(&out, VARS_MASK);
			p += best_len;
		} else {
			buf_addch(&out, *p++);
		}
	}
	free(texts);
	if (out.alloc == 0)
		return xstrdup("");
	return buf_detach(&out, NULL);
}

/* Lists the secret values' texts. */
char *const *vars_secret_texts(const struct vars *v, size_t *n)
{
	*n = v->n_secret_texts;
	return v->secret_texts;
}
