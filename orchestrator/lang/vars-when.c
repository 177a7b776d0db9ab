/*
 * vars-when.c - a task's when conditions evaluated against the
 * variables; see vars.h.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "vars-store.h"

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

/* Reads a value as a number for a comparison by order: a number, or a
 * string that spells one (inventories and -e give strings).  Returns 0,
 * or -1 when it is none. */
static int number_of(const json_t *value, double *out)
{
	const char *s;
	char *end;

	if (json_is_number(value)) {
		*out = json_number_value(value);
		return 0;
	}
	if (!json_is_string(value))
		return -1;
	s = json_string_value(value);
	*out = strtod(s, &end);
	return end == s || *end ? -1 : 0;
}

/* Compares by order: *holds gets the outcome. */
static int compare_order(const struct condition *c, const json_t *value,
			 int *holds, struct error *err)
{
	double a, b = (double)json_integer_value(c->value);
	struct buf shown = BUF_INIT;

	if (number_of(value, &a) < 0) {
		vars_render(value, &shown);
		vars_error_at(&c->at, err,
			      "'when' compares '%s' by order, and its value "
			      "'%s' is no number",
			      c->name, shown.data);
		buf_release(&shown);
		return -1;
	}
	switch (c->kind) {
	case COND_LESS:
		*holds = a < b;
		break;
	case COND_LESS_EQUAL:
		*holds = a <= b;
		break;
	case COND_GREATER:
		*holds = a > b;
		break;
	default:
		*holds = a >= b;
		break;
	}
	return 0;
}

/* Says that a condition's variable is undefined; a fact gets its own
 * words, since whether it exists depends on the play and the host. */
static int undefined(const struct vars *v, const struct condition *c,
		     struct error *err)
{
	if (strncmp(c->name, "facts", 5) == 0 &&
	    (c->name[5] == '.' || c->name[5] == '[')) {
		if (vars_get(v, "facts") == NULL)
			return vars_error_at(
				&c->at, err,
				"'when' reads '%s', and the play gathers no "
				"facts: give it 'facts: true' or run with "
				"--facts",
				c->name);
		return vars_error_at(&c->at, err,
				     "undefined fact '%s' in 'when' (the "
				     "host's facts have no such key; 'when: "
				     "%s is defined' tests for it)",
				     c->name, c->name);
	}
	return vars_error_at(&c->at, err, "undefined variable '%s' in 'when'",
			     c->name);
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
		if (c->kind == COND_DEFINED || c->kind == COND_UNDEFINED) {
			*holds = (value != NULL) == (c->kind == COND_DEFINED);
			continue;
		}
		if (value == NULL)
			return undefined(v, c, err);
		switch (c->kind) {
		case COND_TRUTHY:
		case COND_FALSY:
			t = truth(value);
			if (t < 0)
				return vars_error_at(&c->at, err,
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
		case COND_LESS:
		case COND_LESS_EQUAL:
		case COND_GREATER:
		case COND_GREATER_EQUAL:
			if (compare_order(c, value, holds, err) < 0)
				return -1;
			break;
		case COND_CONSTANT:
		case COND_DEFINED:
		case COND_UNDEFINED:
			break;
		}
	}
	return 0;
}
