/*
 * test-yaml-doc-node.c - unit tests for orchestrator/lang/yaml-doc-node.c:
 * describing nodes for messages, and mapping keys in JSON written as
 * Ansible writes them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

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
	assert_true(ynode_is_str(ynode_get(doc->root, "s")));
	yaml_doc_free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_typed_keys),
		cmocka_unit_test(test_describe),
	};

	return cmocka_run_group_tests_name("yaml-doc-node", tests, NULL, NULL);
}
