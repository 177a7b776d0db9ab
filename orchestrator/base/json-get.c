/*
 * json-get.c - one member of a JSON object, or a fallback; see
 * json-get.h.
 */
#include "json-get.h"

/* Returns the string member, or dflt. */
const char *json_get_str(const json_t *obj, const char *key, const char *dflt)
{
	const char *s = json_string_value(json_object_get(obj, key));

	return s ? s : dflt;
}

/* Returns the integer member, or dflt. */
json_int_t json_get_int(const json_t *obj, const char *key, json_int_t dflt)
{
	const json_t *v = json_object_get(obj, key);

	return json_is_integer(v) ? json_integer_value(v) : dflt;
}
