/*
 * test-vars-ref.c - unit tests for orchestrator/lang/vars-ref.c: what a
 * variable reference is, its parts, looking it up in JSON and writing it
 * with dots.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lang/vars-ref.h"

/* Lengths: the whole of good references, the leading reference of the
 * rest, 0 where none starts. */
static void test_length(void **state)
{
	static const struct {
		const char *s;
		size_t n;
	} cases[] = {
		{"a", 1},
		{"a.b.0", 5},
		{"facts.packages[\"acme-agent\"]", 28},
		{"facts.packages['x.y'].v", 23},
		{"a[\"k\"][\"l\"]", 11},
		{"a == 1", 1},
		{"a.", 1},
		{"a..b", 1},
		{"a[\"\"]", 1},
		{"a[\"open", 1},
		{"a[x]", 1},
		{"a[\"k\"", 1},
		{"0a", 0},
		{"", 0},
		{".a", 0},
		{"[\"a\"]", 0},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (vars_ref_length(cases[i].s, strlen(cases[i].s)) !=
		    cases[i].n)
			fail_msg(
				"'%s': %zu, not %zu", cases[i].s,
				vars_ref_length(cases[i].s, strlen(cases[i].s)),
				cases[i].n);
	/* n bounds what is read. */
	assert_int_equal(vars_ref_length("ab.c", 2), 2);
	assert_int_equal(vars_ref_length("a[\"k\"]", 5), 1);
}

/* Parts, and lookups into mappings and lists. */
static void test_get(void **state)
{
	json_t *root =
		json_pack("{s:{s:s,s:{s:s}},s:[s,s],s:{s:s}}", "facts",
			  "codename", "bookworm", "packages", "acme-agent",
			  "1.1", "list", "x", "y", "m", "0", "zero");
	const char *ref = "facts.packages[\"acme-agent\"]";
	struct vars_ref_part part;
	size_t pos = 0;
	char *dotted;

	assert_int_equal(vars_ref_next(ref, strlen(ref), &pos, &part), 1);
	assert_int_equal(part.n, 5);
	assert_int_equal(vars_ref_next(ref, strlen(ref), &pos, &part), 1);
	assert_int_equal(vars_ref_next(ref, strlen(ref), &pos, &part), 1);
	assert_true(part.quoted);
	assert_memory_equal(part.s, "acme-agent", 10);
	assert_int_equal(vars_ref_next(ref, strlen(ref), &pos, &part), 0);

	assert_string_equal(
		json_string_value(vars_ref_get(root, ref, strlen(ref))), "1.1");
	assert_string_equal(
		json_string_value(vars_ref_get(root, "facts.codename", 14)),
		"bookworm");
	assert_string_equal(json_string_value(vars_ref_get(root, "list.1", 6)),
			    "y");
	/* A quoted part is a key, never an index; a dotted index is a key
	 * of a mapping. */
	assert_null(vars_ref_get(root, "list[\"1\"]", 9));
	assert_string_equal(json_string_value(vars_ref_get(root, "m.0", 3)),
			    "zero");
	assert_null(vars_ref_get(root, "facts.none", 10));
	assert_null(vars_ref_get(root, "list.9", 6));
	assert_null(vars_ref_get(root, "facts.", 6));

	dotted = vars_ref_dotted(ref, strlen(ref));
	assert_string_equal(dotted, "facts.packages.acme-agent");
	free(dotted);
	json_decref(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_length),
		cmocka_unit_test(test_get),
	};

	return cmocka_run_group_tests_name("vars-ref", tests, NULL, NULL);
}
