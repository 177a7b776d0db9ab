/*
 * test-yaml-doc-map.c - unit tests for orchestrator/lang/yaml-doc-map.c:
 * duplicate keys refused in small and large mappings, and "<<" merge keys
 * applied in PyYAML's order or refused with their line:column.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lang/yaml-doc.h"
#include "yaml-doc-helpers.h"

/* Returns a node as compact JSON (caller frees). */
static char *compact(const struct ynode *node)
{
	json_t *v = ynode_to_json(node);
	char *s = json_dumps(v, JSON_COMPACT);

	json_decref(v);
	return s;
}

/* Merge keys: explicit keys win, earlier merged mappings before later. */
static void test_merge(void **state)
{
	struct yaml_doc *doc = load("base: &b {x: 1, y: 1}\n"
				    "more: &m {y: 2, z: 2}\n"
				    "c:\n"
				    "  <<: [*b, *m]\n"
				    "  x: 0\n"
				    "d:\n"
				    "  <<: *m\n"
				    "  w: 3\n"
				    "  <<: *b\n");
	char *s = compact(ynode_get(doc->root, "c"));

	assert_string_equal(s, "{\"y\":1,\"z\":2,\"x\":0}");
	free(s);
	s = compact(ynode_get(doc->root, "d"));
	assert_string_equal(s, "{\"y\":2,\"z\":2,\"x\":1,\"w\":3}");
	free(s);
	yaml_doc_free(doc);
}

/* A merge takes mappings only. */
static void test_merge_errors(void **state)
{
	check_error("a: {<<: 1}\n", "d.yml:1:9: '<<' merges a mapping or a "
				    "list of mappings, not an integer");
	check_error("a: {<<: [{x: 1}, [y]]}\n",
		    "d.yml:1:18: '<<' merges mappings, not a list");
}

/* A key given twice is refused, naming where it was first given, in a
 * mapping small enough to scan and in one large enough to index. */
static void test_duplicates(void **state)
{
	check_error("a: 1\nb: 2\na: 3\n", "d.yml:3:1: duplicate key 'a' (first "
					  "given at line 1, column 1)");
	check_error("{a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9, "
		    "c: 10}\n",
		    "d.yml:1:56: duplicate key 'c' (first given at line 1, "
		    "column 14)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_merge_errors),
		cmocka_unit_test(test_duplicates),
	};

	return cmocka_run_group_tests_name("yaml-doc-map", tests, NULL, NULL);
}
