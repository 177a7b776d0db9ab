/*
 * test-yaml-doc.c - unit tests for orchestrator/lang/yaml-doc.c, the
 * loader itself: positions, anchors and aliases, the alias limit, and the
 * refusals of the event loop (second document, NUL, non-scalar key,
 * nesting, size), each with its line:column, and loading a file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/xmalloc.h"
#include "lang/yaml-doc.h"
#include "yaml-doc-helpers.h"

/* Every node and key knows its 1-based line and column. */
static void test_positions(void **state)
{
	struct yaml_doc *doc = load("# comment\n"
				    "a:\n"
				    "  - x\n"
				    "  - {b: 'y'}\n");
	const struct ynode *a = ynode_get(doc->root, "a"), *m;

	assert_int_equal(doc->root->line, 2);
	assert_int_equal(ynode_get_key(doc->root, "a")->column, 1);
	assert_int_equal(a->kind, YNODE_SEQ);
	assert_int_equal(a->items[0]->line, 3);
	assert_int_equal(a->items[0]->column, 5);
	m = a->items[1];
	assert_int_equal(m->line, 4);
	assert_int_equal(m->column, 5);
	assert_int_equal(ynode_get_key(m, "b")->column, 6);
	assert_int_equal(ynode_get(m, "b")->column, 9);
	assert_string_equal(ynode_get(m, "b")->str, "y");
	assert_null(ynode_get(m, "c"));
	assert_null(ynode_get(a, "b"));
	yaml_doc_free(doc);
}

/* An alias shares the anchored node, and its weight counts the
 * expansion; an empty document has no root. */
static void test_aliases(void **state)
{
	struct yaml_doc *doc = load("a: &x [1, 2]\n"
				    "b: *x\n"
				    "c: [*x, *x]\n");

	assert_ptr_equal(ynode_get(doc->root, "a"), ynode_get(doc->root, "b"));
	assert_ptr_equal(ynode_get(doc->root, "c")->items[1],
			 ynode_get(doc->root, "a"));
	assert_int_equal(ynode_get(doc->root, "a")->weight, 3);
	assert_int_equal(ynode_get(doc->root, "c")->weight, 7);
	yaml_doc_free(doc);
	doc = load("# nothing\n");
	assert_null(doc->root);
	yaml_doc_free(doc);
}

/* Aliases that expand past YAML_DOC_MAX_ALIAS_NODES are refused at the
 * alias that crosses the limit, before anything is expanded. */
static void test_alias_bomb(void **state)
{
	check_error("a: &a [x, x, x, x, x, x, x, x, x, x]\n"
		    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
		    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
		    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
		    "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n",
		    "d.yml:5:36: aliases expand to more than 100000 nodes "
		    "(an alias bomb?)");
}

/* Every refusal of the loader, at its position. */
static void test_errors(void **state)
{
	static const char nul[] = "k: \"a\\0b\"\n";
	char *big;

	check_error("a: *nope\n",
		    "d.yml:1:4: alias '*nope' names no anchor before it");
	check_error("a: &x [1, *x]\n",
		    "d.yml:1:11: alias '*x' refers to a node that contains "
		    "it");
	check_error("a: 1\n---\nb: 2\n", "d.yml:2:1: a second YAML document; "
					 "crest reads one document per file");
	check_error("? [a]\n: 1\n", "d.yml:1:3: a mapping key must be a plain "
				    "value, not a list");
	check_error_n(nul, sizeof(nul) - 1,
		      "d.yml:1:4: a string holds a NUL character");
	big = xcalloc(YAML_DOC_MAX_DEPTH + 2, 1);
	memset(big, '[', YAML_DOC_MAX_DEPTH + 1);
	check_error(big, "d.yml:1:101: nesting deeper than 100 levels");
	free(big);
	big = xmalloc(YAML_DOC_MAX_BYTES + 2);
	memset(big, 'a', YAML_DOC_MAX_BYTES + 1);
	big[YAML_DOC_MAX_BYTES + 1] = '\0';
	check_error(big, "d.yml: file is larger than 8388608 bytes");
	free(big);
}

/* A file loads under its path, which its nodes' positions name. */
static void test_load_file(void **state)
{
	char path[] = "/tmp/test-yaml-doc-XXXXXX";
	struct error err = ERROR_INIT;
	struct yaml_doc *doc = NULL;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, "a:\n  b: 1\n", 10), 10);
	close(fd);
	assert_int_equal(yaml_doc_load_file(path, &doc, &err), 0);
	assert_string_equal(doc->file, path);
	assert_string_equal(ynode_get(doc->root, "a")->file, path);
	assert_int_equal(ynode_get(ynode_get(doc->root, "a"), "b")->ival, 1);
	yaml_doc_free(doc);
	unlink(path);
}

/* A missing file is a system error naming the file. */
static void test_missing_file(void **state)
{
	struct error err = ERROR_INIT;
	struct yaml_doc *doc = NULL;

	assert_int_equal(yaml_doc_load_file("/nonexistent.yml", &doc, &err),
			 -1);
	assert_int_equal(err.kind, ERROR_SYSTEM);
	assert_string_equal(err.message,
			    "/nonexistent.yml: No such file or directory");
	error_release(&err);
	yaml_doc_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_positions),
		cmocka_unit_test(test_aliases),
		cmocka_unit_test(test_alias_bomb),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_load_file),
		cmocka_unit_test(test_missing_file),
	};

	return cmocka_run_group_tests_name("yaml-doc", tests, NULL, NULL);
}
