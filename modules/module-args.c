/*
 * module-args.c - table-driven checks of module arguments; see
 * module-args.h.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/duration.h"
#include "module-args.h"
#include "module.h"
#include "base/suggest.h"
#include "base/xmalloc.h"

const char *const module_revert_args_none[] = {NULL};

/* Tells a string holding a variable substitution. */
int module_arg_is_template(const struct ynode *node)
{
	return node && node->kind == YNODE_SCALAR && node->type == YTYPE_STR &&
	       strstr(node->str, "{{") != NULL;
}

/* Returns the value of an argument, or NULL. */
const struct ynode *module_arg(const struct task *task, const char *name)
{
	const struct ynode *v;

	if (task->args == NULL || task->args->kind != YNODE_MAP)
		return NULL;
	v = ynode_get(task->args, name);
	return ynode_is_null(v) ? NULL : v;
}

/* Reports a value of the wrong type, with a hint for unquoted numbers. */
static int wrong_type(const struct task *task, const struct arg_spec *spec,
		      const struct ynode *v, const char *want,
		      struct error *err)
{
	if (v->kind == YNODE_SCALAR &&
	    (v->type == YTYPE_INT || v->type == YTYPE_FLOAT) &&
	    (spec->type == ARG_STRING || spec->type == ARG_STRINGS ||
	     spec->type == ARG_NAME))
		return ynode_error(v, err,
				   "%s: '%s' must be %s; %s is a number to "
				   "YAML, quote it (\"%s\") to keep it as "
				   "written",
				   task->module->name, spec->name, want, v->str,
				   v->str);
	return ynode_error(v, err, "%s: '%s' must be %s, not %s",
			   task->module->name, spec->name, want,
			   ynode_describe(v));
}

/* Tells a word-like name (package, service, kernel module names). */
static int is_name(const char *s)
{
	if (*s == '\0' || *s == '-')
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("-_.+:@", *s))
			return 0;
	return 1;
}

/* Checks a file mode: octal digits (3 or 4) as a string, or the number
 * YAML read from 0644. */
static int is_mode(const struct ynode *v)
{
	const char *s = v->str;
	size_t n = strlen(s);

	if (v->type == YTYPE_INT)
		return v->ival >= 0 && v->ival <= 07777;
	if (v->type != YTYPE_STR || n < 3 || n > 4)
		return 0;
	return strspn(s, "01234567") == n;
}

/* Lists choices as "a, b or c" into b. */
static void list_choices(const char *const *choices, struct buf *b)
{
	size_t i;

	for (i = 0; choices[i]; i++)
		buf_addf(b, "%s%s",
			 i == 0		  ? ""
			 : choices[i + 1] ? ", "
					  : " or ",
			 choices[i]);
}

/* Checks one string value against a list of choices. */
static int check_choice(const struct task *task, const struct arg_spec *spec,
			const struct ynode *v, struct error *err)
{
	struct buf b = BUF_INIT;
	const char *hint;
	size_t i;
	int rc;

	for (i = 0; spec->choices[i]; i++)
		if (strcmp(v->str, spec->choices[i]) == 0)
			return 0;
	list_choices(spec->choices, &b);
	hint = suggest_word(v->str, spec->choices);
	if (hint)
		rc = ynode_error(v, err,
				 "%s: '%s' must be %s, not '%s'; did you mean "
				 "'%s'?",
				 task->module->name, spec->name, b.data, v->str,
				 hint);
	else
		rc = ynode_error(v, err, "%s: '%s' must be %s, not '%s'",
				 task->module->name, spec->name, b.data,
				 v->str);
	buf_release(&b);
	return rc;
}

/* Checks a string list's items. */
static int check_strings(const struct task *task, const struct arg_spec *spec,
			 const struct ynode *v, int allow_scalar,
			 struct error *err)
{
	size_t i;

	if (v->kind == YNODE_SCALAR && allow_scalar)
		return v->type == YTYPE_STR
			       ? 0
			       : wrong_type(task, spec, v,
					    "a string or a list of strings",
					    err);
	if (v->kind != YNODE_SEQ || v->n_items == 0)
		return wrong_type(task, spec, v,
				  allow_scalar ? "a string or a list of strings"
					       : "a non-empty list of strings",
				  err);
	for (i = 0; i < v->n_items; i++)
		if (!ynode_is_str(v->items[i]))
			return ynode_error(v->items[i], err,
					   "%s: items of '%s' must be strings, "
					   "not %s",
					   task->module->name, spec->name,
					   ynode_describe(v->items[i]));
	return 0;
}

/* Checks an environment: NAME: string pairs, NAME a shell variable name. */
static int check_env(const struct task *task, const struct arg_spec *spec,
		     const struct ynode *v, struct error *err)
{
	const struct ynode *k;
	size_t i;

	if (v->kind != YNODE_MAP)
		return wrong_type(task, spec, v,
				  "a mapping of names to strings", err);
	for (i = 0; i < v->n_pairs; i++) {
		k = v->pairs[i].key;
		if (k->len == 0 ||
		    strspn(k->str, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				   "abcdefghijklmnopqrstuvwxyz"
				   "0123456789_") != k->len ||
		    (k->str[0] >= '0' && k->str[0] <= '9'))
			return ynode_error(k, err,
					   "%s: '%s' names must be variable "
					   "names (letters, digits, _), not "
					   "'%s'",
					   task->module->name, spec->name,
					   k->str);
		if (!ynode_is_str(v->pairs[i].value) &&
		    v->pairs[i].value->kind != YNODE_SCALAR)
			return ynode_error(v->pairs[i].value, err,
					   "%s: '%s' values must be strings, "
					   "not %s",
					   task->module->name, spec->name,
					   ynode_describe(v->pairs[i].value));
	}
	return 0;
}

/* Checks one argument's value by its type. */
static int check_value(const struct task *task, const struct arg_spec *spec,
		       const struct ynode *v, struct error *err)
{
	unsigned secs;

	if (module_arg_is_template(v))
		return 0;
	switch (spec->type) {
	case ARG_STRING:
		return ynode_is_str(v)
			       ? 0
			       : wrong_type(task, spec, v, "a string", err);
	case ARG_NAME:
		if (!ynode_is_str(v))
			return wrong_type(task, spec, v, "a name", err);
		if (!is_name(v->str))
			return ynode_error(
				v, err, "%s: '%s' is not a valid name: '%s'",
				task->module->name, spec->name, v->str);
		return 0;
	case ARG_STRINGS:
		return check_strings(task, spec, v, 1, err);
	case ARG_ARGV:
		return check_strings(task, spec, v, 0, err);
	case ARG_PATH:
		if (!ynode_is_str(v))
			return wrong_type(task, spec, v, "a path", err);
		if (v->str[0] != '/')
			return ynode_error(v, err,
					   "%s: '%s' must be an absolute path, "
					   "not '%s'",
					   task->module->name, spec->name,
					   v->str);
		return 0;
	case ARG_BOOL:
		return v->kind == YNODE_SCALAR && v->type == YTYPE_BOOL
			       ? 0
			       : wrong_type(task, spec, v, "true or false",
					    err);
	case ARG_INT:
		if (v->kind != YNODE_SCALAR || v->type != YTYPE_INT)
			return wrong_type(task, spec, v, "an integer", err);
		if (v->ival < spec->min || v->ival > spec->max)
			return ynode_error(v, err,
					   "%s: '%s' must be between %lld and "
					   "%lld, not %lld",
					   task->module->name, spec->name,
					   spec->min, spec->max, v->ival);
		return 0;
	case ARG_DURATION:
		if (v->kind == YNODE_SCALAR &&
		    (v->type == YTYPE_INT || v->type == YTYPE_STR) &&
		    duration_parse(v->str, &secs) == 0)
			return 0;
		return ynode_error(v, err,
				   "%s: '%s' must be a duration such as 30s, "
				   "5m or 1h, not '%s'",
				   task->module->name, spec->name,
				   v->kind == YNODE_SCALAR ? v->str
							   : ynode_describe(v));
	case ARG_MODE:
		if (v->kind == YNODE_SCALAR && is_mode(v))
			return 0;
		return ynode_error(v, err,
				   "%s: '%s' must be an octal file mode such "
				   "as \"0644\", not %s",
				   task->module->name, spec->name,
				   v->kind == YNODE_SCALAR ? v->str
							   : ynode_describe(v));
	case ARG_CHOICE:
		if (!ynode_is_str(v))
			return wrong_type(task, spec, v, "a string", err);
		return check_choice(task, spec, v, err);
	case ARG_ENV:
		return check_env(task, spec, v, err);
	case ARG_URL:
		if (!ynode_is_str(v))
			return wrong_type(task, spec, v, "a URL", err);
		if (strncmp(v->str, "http://", 7) != 0 &&
		    strncmp(v->str, "https://", 8) != 0)
			return ynode_error(v, err,
					   "%s: '%s' must be an http:// or "
					   "https:// URL, not '%s'",
					   task->module->name, spec->name,
					   v->str);
		return 0;
	}
	return 0;
}

/* Reports an argument the module does not have. */
static int unknown_arg(const struct task *task, const struct arg_spec *spec,
		       const struct ynode *key, struct error *err)
{
	const char **names;
	const char *hint;
	size_t n, i;
	int rc;

	for (n = 0; spec[n].name; n++)
		;
	names = xcalloc(n + 1, sizeof(*names));
	for (i = 0; i < n; i++)
		names[i] = spec[i].name;
	hint = suggest_word(key->str, names);
	if (hint)
		rc = ynode_error(key, err,
				 "%s: unknown argument '%s'; did you mean "
				 "'%s'?",
				 task->module->name, key->str, hint);
	else
		rc = ynode_error(key, err, "%s: unknown argument '%s'",
				 task->module->name, key->str);
	free(names);
	return rc;
}

/* Checks the arguments against the table. */
int module_args_check(const struct task *task, const struct arg_spec *spec,
		      struct error *err)
{
	const struct ynode *args = task->args;
	size_t i, j;

	if (!ynode_is_null(args) && args->kind != YNODE_MAP)
		return ynode_error(args, err,
				   "%s: arguments must be a mapping of "
				   "name: value, not %s",
				   task->module->name, ynode_describe(args));
	for (i = 0; args && args->kind == YNODE_MAP && i < args->n_pairs; i++) {
		const struct ynode *key = args->pairs[i].key;

		for (j = 0; spec[j].name; j++)
			if (strcmp(spec[j].name, key->str) == 0)
				break;
		if (spec[j].name == NULL)
			return unknown_arg(task, spec, key, err);
		if (ynode_is_null(args->pairs[i].value))
			continue;
		if (check_value(task, &spec[j], args->pairs[i].value, err) < 0)
			return -1;
	}
	for (j = 0; spec[j].name; j++) {
		if (!(spec[j].flags & ARG_REQUIRED) ||
		    module_arg(task, spec[j].name))
			continue;
		return error_set_at(err, ERROR_INVALID, task->module_at.file,
				    task->module_at.line,
				    task->module_at.column,
				    "%s: missing required argument '%s'",
				    task->module->name, spec[j].name);
	}
	return 0;
}

/* Requires exactly one of some arguments. */
int module_args_one_of(const struct task *task, const char *const *names,
		       struct error *err)
{
	struct buf b = BUF_INIT;
	const struct ynode *first = NULL, *v;
	const char *first_name = NULL;
	size_t i;
	int rc = 0;

	for (i = 0; names[i]; i++) {
		v = module_arg(task, names[i]);
		if (v == NULL)
			continue;
		if (first) {
			rc = ynode_error(v, err,
					 "%s: give either '%s' or '%s', not "
					 "both",
					 task->module->name, first_name,
					 names[i]);
			goto out;
		}
		first = v;
		first_name = names[i];
	}
	if (first == NULL) {
		list_choices(names, &b);
		rc = error_set_at(err, ERROR_INVALID, task->module_at.file,
				  task->module_at.line, task->module_at.column,
				  "%s: needs one of %s", task->module->name,
				  b.data);
	}
out:
	buf_release(&b);
	return rc;
}

/* Refuses two arguments given together. */
int module_args_exclusive(const struct task *task, const char *a, const char *b,
			  struct error *err)
{
	const struct ynode *vb = module_arg(task, b);

	if (module_arg(task, a) && vb)
		return ynode_error(vb, err,
				   "%s: '%s' and '%s' cannot be given together",
				   task->module->name, a, b);
	return 0;
}

/* Tells whether an argument is given as one of some words. */
int module_arg_is(const struct task *task, const char *name,
		  const char *const *words)
{
	const struct ynode *v = module_arg(task, name);
	size_t i;

	if (!ynode_is_str(v))
		return 0;
	for (i = 0; words[i]; i++)
		if (strcmp(v->str, words[i]) == 0)
			return 1;
	return 0;
}
