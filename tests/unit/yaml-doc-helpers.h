/*
 * yaml-doc-helpers.h - what the unit tests of the YAML loader's parts
 * share: loading a document from a string, and checking the exact
 * "file:line:column: message" of one the loader refuses.
 *
 * Include after <cmocka.h>.
 */
#ifndef CREST_TEST_YAML_DOC_HELPERS_H
#define CREST_TEST_YAML_DOC_HELPERS_H

#include <string.h>

#include "base/buf.h"
#include "base/error.h"
#include "lang/yaml-doc.h"

/* Loads text as "d.yml"; fails the test on error.  Caller frees the
 * document with yaml_doc_free(). */
static inline struct yaml_doc *load(const char *text)
{
	struct error err = ERROR_INIT;
	struct yaml_doc *doc = NULL;

	if (yaml_doc_load_buffer("d.yml", text, strlen(text), &doc, &err) < 0)
		fail_msg("%s:%u:%u: %s", err.file, err.line, err.column,
			 err.message);
	return doc;
}

/* Asserts the formatted error of text (n bytes). */
static inline void check_error_n(const char *text, size_t n, const char *want)
{
	struct error err = ERROR_INIT;
	struct yaml_doc *doc = NULL;
	struct buf b = BUF_INIT;

	if (yaml_doc_load_buffer("d.yml", text, n, &doc, &err) == 0)
		fail_msg("accepted: %s", text);
	assert_null(doc);
	assert_int_equal(err.kind, ERROR_INVALID);
	error_format(&err, &b);
	if (strcmp(b.data, want) != 0)
		fail_msg("got  '%s'\nwant '%s'", b.data, want);
	buf_release(&b);
	error_release(&err);
}

/* Asserts the formatted error of a C string. */
static inline void check_error(const char *text, const char *want)
{
	check_error_n(text, strlen(text), want);
}

#endif
