/*
 * test-yaml-doc-text.c - unit tests for orchestrator/lang/yaml-doc-text.c:
 * a tab in indentation refused where libyaml would accept it and where it
 * would fail obscurely, a tab inside a line let through, and libyaml's own
 * failures at their position.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lang/yaml-doc.h"
#include "yaml-doc-helpers.h"

/* A tab in the indentation before a node, at the tab's column. */
static void test_tab(void **state)
{
	check_error("a:\n\tb: 1\n", "d.yml:2:1: tab character in indentation "
				    "(YAML indents with spaces only)");
	check_error("a:\n  - x\n  \t- y\n",
		    "d.yml:3:3: tab character in indentation (YAML indents "
		    "with spaces only)");
}

/* A tab after the first thing on a line is not indentation. */
static void test_tab_inside_line(void **state)
{
	struct yaml_doc *doc = load("a:\n"
				    "  b: x\ty\n"
				    "c: 1\t# end\n");

	assert_string_equal(ynode_get(ynode_get(doc->root, "a"), "b")->str,
			    "x\ty");
	assert_int_equal(ynode_get(doc->root, "c")->ival, 1);
	yaml_doc_free(doc);
}

/* libyaml's failures keep its position and its words. */
static void test_parser_error(void **state)
{
	check_error("a: [1, 2\n", "d.yml:2:1: YAML syntax error: while "
				  "parsing a flow sequence did not find "
				  "expected ',' or ']' (line 1)");
	check_error("a: b: c\n", "d.yml:1:5: YAML syntax error: mapping "
				 "values are not allowed in this context");
	check_error("a: \xff\n", "d.yml: not valid text: invalid leading "
				 "UTF-8 octet at byte 3");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tab),
		cmocka_unit_test(test_tab_inside_line),
		cmocka_unit_test(test_parser_error),
	};

	return cmocka_run_group_tests_name("yaml-doc-text", tests, NULL, NULL);
}
