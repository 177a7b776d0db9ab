/*
 * playbook-value.c - reading a key's value by its type, for the keys of
 * plays and tasks alike: strings, booleans, durations, a choice among
 * words, and variable references.  Each refuses a value of another type
 * at its position, naming the key.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/duration.h"
#include "playbook-parse.h"
#include "vars-ref.h"
#include "base/suggest.h"
#include "base/xmalloc.h"

/* Makes a struct where from a node. */
struct where playbook_where(const struct ynode *node)
{
	struct where w = {node->file, node->line, node->column};

	return w;
}

/* Reads a string value, with a hint for unquoted numbers. */
int playbook_get_string(const struct ynode *key, const struct ynode *v,
			char **out, struct error *err)
{
	if (ynode_is_str(v) && v->len > 0) {
		free(*out);
		*out = xstrdup(v->str);
		return 0;
	}
	if (v->kind == YNODE_SCALAR &&
	    (v->type == YTYPE_INT || v->type == YTYPE_FLOAT))
		return ynode_error(v, err,
				   "'%s' must be a string; %s is a number to "
				   "YAML, quote it",
				   key->str, v->str);
	if (ynode_is_str(v))
		return ynode_error(v, err, "'%s' must not be empty", key->str);
	return ynode_error(v, err, "'%s' must be a string, not %s", key->str,
			   ynode_describe(v));
}

/* Reads a boolean value. */
int playbook_get_bool(const struct ynode *key, const struct ynode *v, int *out,
		      struct error *err)
{
	if (v->kind != YNODE_SCALAR || v->type != YTYPE_BOOL)
		return ynode_error(v, err, "'%s' must be true or false, not %s",
				   key->str, ynode_describe(v));
	*out = (int)v->ival;
	return 0;
}

/* Reads a duration: seconds, or 30s, 2m, 1h. */
int playbook_get_duration(const struct ynode *key, const struct ynode *v,
			  unsigned *out, struct error *err)
{
	if (v->kind == YNODE_SCALAR &&
	    (v->type == YTYPE_INT || v->type == YTYPE_STR) &&
	    duration_parse(v->str, out) == 0)
		return 0;
	return ynode_error(
		v, err,
		"'%s' must be a duration such as 30s, 2m or 1h "
		"(at most 30 days), not '%s'",
		key->str, v->kind == YNODE_SCALAR ? v->str : ynode_describe(v));
}

/* Reads a choice among words. */
int playbook_get_choice(const struct ynode *key, const struct ynode *v,
			const char *const *words, int *out, struct error *err)
{
	struct buf b = BUF_INIT;
	const char *hint;
	size_t i;
	int rc;

	for (i = 0; ynode_is_str(v) && words[i]; i++) {
		if (strcmp(v->str, words[i]) == 0) {
			*out = (int)i;
			return 0;
		}
	}
	for (i = 0; words[i]; i++)
		buf_addf(&b, "%s%s", i ? ", " : "", words[i]);
	hint = ynode_is_str(v) ? suggest_word(v->str, words) : NULL;
	if (hint)
		rc = ynode_error(v, err,
				 "'%s' must be one of %s, not '%s'; did you "
				 "mean '%s'?",
				 key->str, b.data, v->str, hint);
	else
		rc = ynode_error(v, err, "'%s' must be one of %s, not %s",
				 key->str, b.data,
				 v->kind == YNODE_SCALAR ? v->str
							 : ynode_describe(v));
	buf_release(&b);
	return rc;
}

/* Tells a variable reference (vars-ref.h). */
int playbook_is_reference(const char *s, size_t n)
{
	return n > 0 && vars_ref_length(s, n) == n;
}
