/*
 * test-yaml-doc.c - unit tests for orchestrator/yaml-doc.c: positions,
 * YAML 1.1 typing as PyYAML does it, merge keys, and every refusal with
 * its exact line:column.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/xmalloc.h"
#include "lang/yaml-doc.h"

/* Loads text as "d.yml"; fails the test on error. */
static struct yaml_doc *load(const char *text)
{
	struct error err = ERROR_INIT;
	struct yaml_doc *doc = NULL;

	if (yaml_doc_load_buffer("d.yml", text, strlen(text), &doc, &err) < 0)
		fail_msg("%s:%u:%u: %s", err.file, err.line, err.column,
			 err.message);
	return doc;
}

/* Asserts the formatted error of text (n bytes). */
static void check_error_n(const char *text, size_t n, const char *want)
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
static void check_error(const char *text, const char *want)
{
	check_error_n(text, strlen(text), want);
}

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

/* One value and how PyYAML (and so Ansible) types it, as compact JSON. */
struct type_case {
	const char *yaml;
	const char *json;
};

/* The expected column was produced with PyYAML's safe_load. */
static const struct type_case types[] = {
	{"yes", "true"},
	{"No", "false"},
	{"on", "true"},
	{"OFF", "false"},
	{"true", "true"},
	{"~", "null"},
	{"null", "null"},
	{"", "null"},
	{"010", "8"},
	{"0o10", "\"0o10\""},
	{"0x1F", "31"},
	{"0b101", "5"},
	{"1_000", "1000"},
	{"190:20:30", "685230"},
	{"-12", "-12"},
	{"+5", "5"},
	{"1.5", "1.5"},
	{"1e5", "\"1e5\""},
	{"1.0e+5", "100000.0"},
	{"1.0e5", "\"1.0e5\""},
	{".5", "0.5"},
	{".inf", "\".inf\""},
	{"1.", "1.0"},
	{"0777", "511"},
	{"08", "\"08\""},
	{"2024-01-01", "\"2024-01-01\""},
	{"'quoted'", "\"quoted\""},
	{"'yes'", "\"yes\""},
	{"!!str 010", "\"010\""},
	{"!!float 1", "1.0"},
	{"!!int 0x10", "16"},
	{"!unsafe '{{ x }}'", "\"{{ x }}\""},
	/* Beyond 64 bits: kept as written (PyYAML makes a big integer). */
	{"9223372036854775808", "\"9223372036854775808\""},
};

/* Scalars are typed with YAML 1.1's rules. */
static void test_types(void **state)
{
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		char *text = xasprintf("k: %s\n", types[i].yaml);
		struct yaml_doc *doc = load(text);
		json_t *v = ynode_to_json(ynode_get(doc->root, "k"));
		char *got = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY |
						  JSON_REAL_PRECISION(15));

		if (strcmp(got, types[i].json) != 0)
			fail_msg("'%s': got %s, want %s", types[i].yaml, got,
				 types[i].json);
		free(got);
		json_decref(v);
		yaml_doc_free(doc);
		free(text);
	}
}

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

/* Merge keys: explicit keys win, earlier merged mappings before later. */
static void test_merge(void **state)
{
	struct yaml_doc *doc = load("base: &b {x: 1, y: 1}\n"
				    "more: &m {y: 2, z: 2}\n"
				    "c:\n"
				    "  <<: [*b, *m]\n"
				    "  x: 0\n");
	json_t *c = ynode_to_json(ynode_get(doc->root, "c"));
	char *s = json_dumps(c, JSON_COMPACT);

	assert_string_equal(s, "{\"y\":1,\"z\":2,\"x\":0}");
	free(s);
	json_decref(c);
	yaml_doc_free(doc);
	check_error("a: {<<: 1}\n", "d.yml:1:9: '<<' merges a mapping or a "
				    "list of mappings, not an integer");
}

/* Every refusal, at its position. */
static void test_errors(void **state)
{
	static const char nul[] = "k: \"a\\0b\"\n";
	char *big;

	check_error("a:\n\tb: 1\n", "d.yml:2:1: tab character in indentation "
				    "(YAML indents with spaces only)");
	check_error("a:\n  - x\n  \t- y\n",
		    "d.yml:3:3: tab character in indentation (YAML indents "
		    "with spaces only)");
	check_error("a: 1\nb: 2\na: 3\n", "d.yml:3:1: duplicate key 'a' (first "
					  "given at line 1, column 1)");
	check_error("a: *nope\n",
		    "d.yml:1:4: alias '*nope' names no anchor before it");
	check_error("a: &x [1, *x]\n",
		    "d.yml:1:11: alias '*x' refers to a node that contains "
		    "it");
	check_error("a: 1\n---\nb: 2\n", "d.yml:2:1: a second YAML document; "
					 "crest reads one document per file");
	check_error("a: !vault xyz\n",
		    "d.yml:1:4: vault-encrypted values are not supported; use "
		    "secret_file: instead");
	check_error("a: !custom x\n", "d.yml:1:4: unknown tag '!custom'");
	check_error("a: !!int abc\n", "d.yml:1:4: 'abc' is not a valid !!int");
	check_error("a: !!set {x}\n",
		    "d.yml:1:4: unsupported tag 'tag:yaml.org,2002:set'");
	check_error("? [a]\n: 1\n", "d.yml:1:3: a mapping key must be a plain "
				    "value, not a list");
	check_error_n(nul, sizeof(nul) - 1,
		      "d.yml:1:4: a string holds a NUL character");
	check_error("a: [1, 2\n", "d.yml:2:1: YAML syntax error: while "
				  "parsing a flow sequence did not find "
				  "expected ',' or ']' (line 1)");
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
		cmocka_unit_test(test_positions),
		cmocka_unit_test(test_types),
		cmocka_unit_test(test_typed_keys),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_describe),
	};

	return cmocka_run_group_tests_name("yaml-doc", tests, NULL, NULL);
}
