/*
 * test-yaml-doc-node.c - unit tests for orchestrator/lang/yaml-doc-node.c:
 * key lookups, telling and describing nodes, errors at a node, and nodes
 * as JSON with keys written as Ansible writes them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"
#include "lang/yaml-doc.h"
#include "yaml-doc-helpers.h"

/* Keys YAML types are written as Ansible's JSON writes them. */
static void test_typed_keys(void **state)
{
	struct yaml_doc *doc =
		load("{on: 1, ~: 2, 0x10: 3, 1.5: 4, 'yes': 5}\n");
	json_t *v = ynode_to_json(doc->root);
	char *s = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);

	assert_string_equal(s, "{\"1.5\":4,\"16\":3,\"null\":2,\"true\":1,"
			       "\"yes\":5}");
	free(s);
	json_decref(v);
	yaml_doc_free(doc);
}

/* Nested collections convert whole; NULL is JSON null. */
static void test_to_json(void **state)
{
	struct yaml_doc *doc = load("a: [1, {b: [x, ~]}, []]\nc: {}\n");
	json_t *v = ynode_to_json(doc->root);
	char *s = json_dumps(v, JSON_COMPACT);

	assert_string_equal(s, "{\"a\":[1,{\"b\":[\"x\",null]},[]],\"c\":{}}");
	free(s);
	json_decref(v);
	v = ynode_to_json(NULL);
	assert_true(json_is_null(v));
	json_decref(v);
	yaml_doc_free(doc);
}

/* Helpers describe nodes for messages. */
static void test_describe(void **state)
{
	struct yaml_doc *doc = load("{s: x, n: 1, f: 1.5, b: no, z: ~, "
				    "l: [], m: {}}\n");

	assert_string_equal(ynode_describe(ynode_get(doc->root, "s")),
			    "a string");
	assert_string_equal(ynode_describe(ynode_get(doc->root, "n")),
			    "an integer");
	assert_string_equal(ynode_describe(ynode_get(doc->root, "f")),
			    "a number");
	assert_string_equal(ynode_describe(ynode_get(doc->root, "b")),
			    "a boolean");
	assert_string_equal(ynode_describe(ynode_get(doc->root, "z")), "null");
	assert_string_equal(ynode_describe(ynode_get(doc->root, "l")),
			    "a list");
	assert_string_equal(ynode_describe(ynode_get(doc->root, "m")),
			    "a mapping");
	assert_string_equal(ynode_describe(NULL), "nothing");
	assert_true(ynode_is_null(ynode_get(doc->root, "z")));
	assert_true(ynode_is_null(NULL));
	assert_false(ynode_is_null(ynode_get(doc->root, "s")));
	assert_true(ynode_is_str(ynode_get(doc->root, "s")));
	assert_false(ynode_is_str(ynode_get(doc->root, "n")));
	assert_false(ynode_is_str(NULL));
	assert_null(ynode_get(NULL, "s"));
	assert_null(ynode_get_key(ynode_get(doc->root, "s"), "s"));
	yaml_doc_free(doc);
}

/* An error at a node carries the node's file, line and column. */
static void test_error(void **state)
{
	struct yaml_doc *doc = load("a:\n  b: [1, 2]\n");
	const struct ynode *b = ynode_get(ynode_get(doc->root, "a"), "b");
	struct error err = ERROR_INIT;
	struct buf out = BUF_INIT;

	assert_int_equal(ynode_error(b->items[1], &err, "%s, not %d",
				     ynode_describe(b->items[1]), 3),
			 -1);
	assert_int_equal(err.kind, ERROR_INVALID);
	error_format(&err, &out);
	assert_string_equal(out.data, "d.yml:2:10: an integer, not 3");
	buf_release(&out);
	error_release(&err);
	yaml_doc_free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_typed_keys),
		cmocka_unit_test(test_to_json),
		cmocka_unit_test(test_describe),
		cmocka_unit_test(test_error),
	};

	return cmocka_run_group_tests_name("yaml-doc-node", tests, NULL, NULL);
}
