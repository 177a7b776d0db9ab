/*
 * vars-helpers.h - what the unit tests of the variables share: vars built
 * from an inline YAML mapping, and an expansion checked as "real|shown".
 *
 * Include after <cmocka.h>.
 */
#ifndef CREST_TEST_VARS_HELPERS_H
#define CREST_TEST_VARS_HELPERS_H

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lang/vars.h"
#include "lang/yaml-doc.h"
#include "base/xmalloc.h"

/* Builds vars from a YAML mapping written inline. */
static inline struct vars *vars_of(const char *yaml)
{
	struct error err = ERROR_INIT;
	struct yaml_doc *doc = NULL;
	struct vars *v = vars_new();
	json_t *layer;

	assert_int_equal(
		yaml_doc_load_buffer("v.yml", yaml, strlen(yaml), &doc, &err),
		0);
	layer = ynode_to_json(doc->root);
	if (vars_merge(v, layer, NULL, &err) < 0)
		fail_msg("%s", err.message);
	json_decref(layer);
	yaml_doc_free(doc);
	return v;
}

/* Expands text written at t.yml:3:7; returns "real|shown" or the error. */
static inline char *vars_expanded(const struct vars *v, const char *text)
{
	struct where at = {"t.yml", 3, 7};
	struct error err = ERROR_INIT;
	struct buf b = BUF_INIT;
	char *real, *shown, *out;

	if (vars_expand_text(v, text, &at, &real, &shown, &err) < 0) {
		error_format(&err, &b);
		error_release(&err);
		return buf_detach(&b, NULL);
	}
	out = xasprintf("%s|%s", real, shown);
	free(real);
	free(shown);
	return out;
}

/* Asserts an expansion. */
static inline void check(const struct vars *v, const char *text,
			 const char *want)
{
	char *got = vars_expanded(v, text);

	if (strcmp(got, want) != 0)
		fail_msg("'%s': got '%s', want '%s'", text, got, want);
	free(got);
}

#endif
