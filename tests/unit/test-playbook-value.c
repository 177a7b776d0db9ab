/*
 * test-playbook-value.c - unit tests for orchestrator/lang/playbook-value.c:
 * the readers by type that play and task keys share, called on the nodes
 * of a small YAML document, and what a variable reference is.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/xmalloc.h"
#include "lang/playbook-parse.h"

/* The YAML every test reads its values from, one key per line. */
static const char values[] = "s: text\n"
			     "empty: \"\"\n"
			     "num: 2.0\n"
			     "list: [a]\n"
			     "flag: true\n"
			     "secs: 90\n"
			     "hour: 1h\n"
			     "long: 40d\n"
			     "word: sorteed\n"
			     "other: zzz\n"
			     "pick: shuffle\n";

/* Loads the values document. */
static int setup(void **state)
{
	struct error err = ERROR_INIT;
	struct yaml_doc *doc = NULL;

	if (yaml_doc_load_buffer("v.yml", values, strlen(values), &doc, &err) <
	    0)
		fail_msg("%s", err.message);
	*state = doc;
	return 0;
}

/* Frees the values document. */
static int teardown(void **state)
{
	yaml_doc_free(*state);
	return 0;
}

/* Returns the key node of name in the document. */
static const struct ynode *key_of(void **state, const char *name)
{
	const struct yaml_doc *doc = *state;

	return ynode_get_key(doc->root, name);
}

/* Returns the value node of name in the document. */
static const struct ynode *value_of(void **state, const char *name)
{
	const struct yaml_doc *doc = *state;

	return ynode_get(doc->root, name);
}

/* Asserts err formats as want, then releases it. */
static void assert_error(struct error *err, const char *want)
{
	struct buf b = BUF_INIT;

	assert_int_equal(err->kind, ERROR_INVALID);
	error_format(err, &b);
	assert_string_equal(b.data, want);
	buf_release(&b);
	error_release(err);
}

/* A node's position, as messages at run time give it. */
static void test_where(void **state)
{
	struct where w = playbook_where(value_of(state, "hour"));

	assert_string_equal(w.file, "v.yml");
	assert_int_equal(w.line, 7);
	assert_int_equal(w.column, 7);
}

/* Strings replace what was there; numbers, empties and lists are
 * refused. */
static void test_string(void **state)
{
	struct error err = ERROR_INIT;
	char *s = xstrdup("old");

	assert_int_equal(playbook_get_string(key_of(state, "s"),
					     value_of(state, "s"), &s, &err),
			 0);
	assert_string_equal(s, "text");
	assert_int_equal(playbook_get_string(key_of(state, "num"),
					     value_of(state, "num"), &s, &err),
			 -1);
	assert_error(&err, "v.yml:3:6: 'num' must be a string; 2.0 is a "
			   "number to YAML, quote it");
	assert_int_equal(playbook_get_string(key_of(state, "empty"),
					     value_of(state, "empty"), &s,
					     &err),
			 -1);
	assert_error(&err, "v.yml:2:8: 'empty' must not be empty");
	assert_int_equal(playbook_get_string(key_of(state, "list"),
					     value_of(state, "list"), &s, &err),
			 -1);
	assert_error(&err, "v.yml:4:7: 'list' must be a string, not a list");
	assert_string_equal(s, "text");
	free(s);
}

/* Booleans and durations. */
static void test_bool_and_duration(void **state)
{
	struct error err = ERROR_INIT;
	unsigned secs = 0;
	int b = 0;

	assert_int_equal(playbook_get_bool(key_of(state, "flag"),
					   value_of(state, "flag"), &b, &err),
			 0);
	assert_int_equal(b, 1);
	assert_int_equal(playbook_get_bool(key_of(state, "s"),
					   value_of(state, "s"), &b, &err),
			 -1);
	assert_error(&err, "v.yml:1:4: 's' must be true or false, not a "
			   "string");
	assert_int_equal(playbook_get_duration(key_of(state, "secs"),
					       value_of(state, "secs"), &secs,
					       &err),
			 0);
	assert_int_equal(secs, 90);
	assert_int_equal(playbook_get_duration(key_of(state, "hour"),
					       value_of(state, "hour"), &secs,
					       &err),
			 0);
	assert_int_equal(secs, 3600);
	assert_int_equal(playbook_get_duration(key_of(state, "long"),
					       value_of(state, "long"), &secs,
					       &err),
			 -1);
	assert_error(&err, "v.yml:8:7: 'long' must be a duration such as 30s, "
			   "2m or 1h (at most 30 days), not '40d'");
	assert_int_equal(playbook_get_duration(key_of(state, "list"),
					       value_of(state, "list"), &secs,
					       &err),
			 -1);
	assert_error(&err, "v.yml:4:7: 'list' must be a duration such as 30s, "
			   "2m or 1h (at most 30 days), not 'a list'");
}

/* A choice gives the word's index, or lists the words with a hint. */
static void test_choice(void **state)
{
	static const char *const words[] = {"inventory", "sorted", "shuffle",
					    NULL};
	struct error err = ERROR_INIT;
	int choice = -1;

	assert_int_equal(playbook_get_choice(key_of(state, "word"),
					     value_of(state, "word"), words,
					     &choice, &err),
			 -1);
	assert_error(&err, "v.yml:9:7: 'word' must be one of inventory, "
			   "sorted, shuffle, not 'sorteed'; did you mean "
			   "'sorted'?");
	assert_int_equal(playbook_get_choice(key_of(state, "other"),
					     value_of(state, "other"), words,
					     &choice, &err),
			 -1);
	assert_error(&err, "v.yml:10:8: 'other' must be one of inventory, "
			   "sorted, shuffle, not zzz");
	assert_int_equal(choice, -1);
	assert_int_equal(playbook_get_choice(key_of(state, "pick"),
					     value_of(state, "pick"), words,
					     &choice, &err),
			 0);
	assert_int_equal(choice, 2);
}

/* References: identifiers joined by dots, later parts may be indexes. */
static void test_reference(void **state)
{
	static const char *const good[] = {"a",	     "a.b", "web.0",
					   "_x.y_1", "A9",  NULL};
	static const char *const bad[] = {"",	".a",  "a.",  "a..b",
					  "0a", "a b", "a-b", NULL};
	size_t i;

	for (i = 0; good[i]; i++)
		if (!playbook_is_reference(good[i], strlen(good[i])))
			fail_msg("'%s' refused", good[i]);
	for (i = 0; bad[i]; i++)
		if (playbook_is_reference(bad[i], strlen(bad[i])))
			fail_msg("'%s' accepted", bad[i]);
	assert_true(playbook_is_reference("a.b c", 3));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_where),
		cmocka_unit_test(test_string),
		cmocka_unit_test(test_bool_and_duration),
		cmocka_unit_test(test_choice),
		cmocka_unit_test(test_reference),
	};

	return cmocka_run_group_tests_name("playbook-value", tests, setup,
					   teardown);
}
