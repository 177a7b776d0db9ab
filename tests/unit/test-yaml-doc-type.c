/*
 * test-yaml-doc-type.c - unit tests for orchestrator/lang/yaml-doc-type.c:
 * YAML 1.1 typing of plain scalars as PyYAML does it, explicit tags, and
 * the tags crest refuses with their line:column.
 */
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/xmalloc.h"
#include "lang/yaml-doc-build.h"
#include "lang/yaml-doc.h"
#include "yaml-doc-helpers.h"

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

/* The plain resolver types a node it is handed, loader or not; numbers
 * keep their value, the extremes of 64 bits included. */
static void test_resolve_plain(void **state)
{
	struct ynode node = {.kind = YNODE_SCALAR};

	node.str = "-9223372036854775808";
	node.len = strlen(node.str);
	yaml_doc_resolve_plain(&node);
	assert_int_equal(node.type, YTYPE_INT);
	assert_true(node.ival == LLONG_MIN);
	node.str = "-1:30";
	node.len = strlen(node.str);
	yaml_doc_resolve_plain(&node);
	assert_int_equal(node.type, YTYPE_INT);
	assert_int_equal(node.ival, -90);
	node.str = "-.inf";
	node.len = strlen(node.str);
	yaml_doc_resolve_plain(&node);
	assert_int_equal(node.type, YTYPE_FLOAT);
	assert_true(isinf(node.fval) && node.fval < 0);
	node.str = "Yes";
	node.len = strlen(node.str);
	yaml_doc_resolve_plain(&node);
	assert_int_equal(node.type, YTYPE_BOOL);
	assert_int_equal(node.ival, 1);
	node.str = "yES";
	node.len = strlen(node.str);
	yaml_doc_resolve_plain(&node);
	assert_int_equal(node.type, YTYPE_STR);
}

/* Tags crest has no meaning for, and values their tag does not fit. */
static void test_tag_errors(void **state)
{
	check_error("a: !vault xyz\n",
		    "d.yml:1:4: vault-encrypted values are not supported; use "
		    "secret_file: instead");
	check_error("a: !custom x\n", "d.yml:1:4: unknown tag '!custom'");
	check_error("a: !!int abc\n", "d.yml:1:4: 'abc' is not a valid !!int");
	check_error("a: !!binary eA==\n",
		    "d.yml:1:4: unsupported tag '!!binary' on a scalar");
	check_error("a: !!set {x}\n",
		    "d.yml:1:4: unsupported tag 'tag:yaml.org,2002:set'");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_types),
		cmocka_unit_test(test_resolve_plain),
		cmocka_unit_test(test_tag_errors),
	};

	return cmocka_run_group_tests_name("yaml-doc-type", tests, NULL, NULL);
}
