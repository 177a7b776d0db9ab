/*
 * vars.c - the variable store: its lifetime, layers merged over it (-e
 * arguments among them), lookups by dotted name and rendering values as
 * text; see vars.h.
 *
 * Theory of operation: values live in one JSON object, secret forms
 * already replaced by their values (vars-secret.c).  Secrecy is kept
 * beside the values as a list of dotted paths (for substitutions: a path
 * that is, holds or lies in a secret is masked whole) and a list of the
 * secret texts (for masking free text such as command output).
 * Substitution (vars-expand.c) and when conditions (vars-when.c) read the
 * values through vars_lookup().
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "vars-ref.h"
#include "vars-store.h"
#include "base/xmalloc.h"

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

/* Merges a layer over the variables. */
int vars_merge(struct vars *v, const json_t *layer, const char *base_dir,
	       struct error *err)
{
	const char *key;
	json_t *value, *resolved;

	json_object_foreach((json_t *)layer, key, value)
	{
		resolved = vars_resolve(v, value, key, base_dir, err);
		if (resolved == NULL)
			return -1;
		json_object_set_new(v->values, key, resolved);
	}
	return 0;
}

/* Tells a variable name. */
int vars_is_identifier(const char *s, size_t n)
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
		if (eq == NULL ||
		    !vars_is_identifier(arg, (size_t)(eq - arg))) {
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

/* Looks up a reference, n bytes long. */
const json_t *vars_lookup(const struct vars *v, const char *name, size_t n)
{
	return vars_ref_get(v->values, name, n);
}

/* Looks up a dotted name. */
const json_t *vars_get(const struct vars *v, const char *name)
{
	return vars_lookup(v, name, strlen(name));
}

/* Returns the values. */
const json_t *vars_values(const struct vars *v)
{
	return v->values;
}

/* Reports an error at the place a text was written. */
int vars_error_at(const struct where *at, struct error *err, const char *fmt,
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
