/*
 * vars-render.c - a variable's value as the text a template puts in its
 * place: strings as they are, numbers and booleans as YAML writes them,
 * null as nothing, lists and mappings as compact JSON (as Ansible does).
 *
 * On its own because the store (vars.c), secrets and substitution all
 * render values, and none should need the others for it.
 */
#include <stdlib.h>

#include "vars.h"

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
