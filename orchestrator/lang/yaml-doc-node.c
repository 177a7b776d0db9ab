/*
 * yaml-doc-node.c - reading a loaded document: looking keys up in
 * mappings, telling and naming what a node is, errors at a node's
 * position, and a node as JSON the way Ansible would see it.
 *
 * Everything here only reads the tree and returns borrowed pointers,
 * except ynode_to_json(), which builds a new JSON value: typed scalars
 * keep their type, and a mapping key is written as Python's json.dumps()
 * writes the key PyYAML typed.
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/xmalloc.h"
#include "yaml-doc.h"

/* Looks a key up in a mapping and returns its pair. */
static const struct ynode_pair *get_pair(const struct ynode *map,
					 const char *key)
{
	size_t i;

	if (map == NULL || map->kind != YNODE_MAP)
		return NULL;
	for (i = 0; i < map->n_pairs; i++)
		if (strcmp(map->pairs[i].key->str, key) == 0)
			return &map->pairs[i];
	return NULL;
}

/* Returns a mapping's value for key. */
const struct ynode *ynode_get(const struct ynode *map, const char *key)
{
	const struct ynode_pair *p = get_pair(map, key);

	return p ? p->value : NULL;
}

/* Returns a mapping's key node for key. */
const struct ynode *ynode_get_key(const struct ynode *map, const char *key)
{
	const struct ynode_pair *p = get_pair(map, key);

	return p ? p->key : NULL;
}

/* Tells a null scalar (or an absent node). */
int ynode_is_null(const struct ynode *node)
{
	return node == NULL ||
	       (node->kind == YNODE_SCALAR && node->type == YTYPE_NULL);
}

/* Tells a string scalar. */
int ynode_is_str(const struct ynode *node)
{
	return node && node->kind == YNODE_SCALAR && node->type == YTYPE_STR;
}

/* Names what a node is, with an article, for messages. */
const char *ynode_describe(const struct ynode *node)
{
	if (node == NULL)
		return "nothing";
	switch (node->kind) {
	case YNODE_SEQ:
		return "a list";
	case YNODE_MAP:
		return "a mapping";
	case YNODE_SCALAR:
		break;
	}
	switch (node->type) {
	case YTYPE_NULL:
		return "null";
	case YTYPE_BOOL:
		return "a boolean";
	case YTYPE_INT:
		return "an integer";
	case YTYPE_FLOAT:
		return "a number";
	case YTYPE_STR:
		break;
	}
	return "a string";
}

/* Records an error at a node. */
int ynode_error(const struct ynode *node, struct error *err, const char *fmt,
		...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	error_set_at(err, ERROR_INVALID, node->file, node->line, node->column,
		     "%s", b.data);
	buf_release(&b);
	return -1;
}

/* Converts a scalar to JSON by its type. */
static json_t *scalar_to_json(const struct ynode *node)
{
	switch (node->type) {
	case YTYPE_NULL:
		return json_null();
	case YTYPE_BOOL:
		return json_boolean(node->ival);
	case YTYPE_INT:
		return json_integer(node->ival);
	case YTYPE_FLOAT:
		if (isfinite(node->fval))
			return json_real(node->fval);
		break;
	case YTYPE_STR:
		break;
	}
	return json_stringn(node->str, node->len);
}

/* Appends a mapping key as Python's json.dumps() writes a key PyYAML
 * typed: "on" is the boolean true, so "true"; 0x10 is 16. */
static char *key_text(const struct ynode *key)
{
	switch (key->type) {
	case YTYPE_BOOL:
		return xstrdup(key->ival ? "true" : "false");
	case YTYPE_NULL:
		return xstrdup("null");
	case YTYPE_INT:
		return xasprintf("%lld", key->ival);
	default:
		return xstrndup(key->str, key->len);
	}
}

/* Converts a node and its children to JSON. */
json_t *ynode_to_json(const struct ynode *node)
{
	json_t *out;
	size_t i;

	if (node == NULL)
		return json_null();
	switch (node->kind) {
	case YNODE_SCALAR:
		out = scalar_to_json(node);
		break;
	case YNODE_SEQ:
		out = json_array();
		for (i = 0; i < node->n_items; i++)
			json_array_append_new(out,
					      ynode_to_json(node->items[i]));
		break;
	case YNODE_MAP:
		out = json_object();
		for (i = 0; i < node->n_pairs; i++) {
			char *key = key_text(node->pairs[i].key);

			json_object_set_new(
				out, key, ynode_to_json(node->pairs[i].value));
			free(key);
		}
		break;
	default:
		out = json_null();
	}
	if (out == NULL) /* invalid UTF-8 cannot reach here: libyaml checks */
		out = json_null();
	return out;
}
