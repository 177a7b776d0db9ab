/*
 * test-vars-expand.c - unit tests for orchestrator/lang/vars-expand.c:
 * substitution in texts and playbook nodes, and its errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "helpers.h"
#include "vars-helpers.h"
#include "lang/vars.h"

/* Names, dots into maps and lists, literals, raw blocks. */
static void test_substitution(void **state)
{
	struct vars *v = vars_of("version: '2.0'\n"
				 "n: 3\n"
				 "enabled: true\n"
				 "none: null\n"
				 "db: {host: db1, ports: [5432, 5433]}\n"
				 "pkg: 'acme={{ version }}'\n");

	check(v, "plain", "plain|plain");
	check(v, "v{{version}} v{{ version }}", "v2.0 v2.0|v2.0 v2.0");
	check(v, "{{ n }}/{{ enabled }}/{{ none }}/", "3/true//|3/true//");
	check(v, "{{ db.host }}:{{ db.ports.1 }}", "db1:5433|db1:5433");
	check(v, "{{ db.ports }}", "[5432,5433]|[5432,5433]");
	check(v, "{{ pkg }}", "acme=2.0|acme=2.0");
	check(v, "{{ '{{' }}.Names{{ '}}' }}", "{{.Names}}|{{.Names}}");
	check(v, "a{% raw %}{{ x }}{% endraw %}b", "a{{ x }}b|a{{ x }}b");
	check(v, "{ not a var }", "{ not a var }|{ not a var }");
	vars_free(v);
}

/* Every substitution error names where the text was written. */
static void test_errors(void **state)
{
	struct vars *v = vars_of("a: '{{ b }}'\nb: '{{ a }}'\nm: {k: 1}\n");

	check(v, "{{ missing }}", "t.yml:3:7: undefined variable 'missing'");
	check(v, "{{ m.nokey }}", "t.yml:3:7: undefined variable 'm.nokey'");
	check(v, "{{ m | default(1) }}",
	      "t.yml:3:7: '{{ m | default(1) }}' is not a variable: crest "
	      "substitutes {{ name }}, {{ name.key }} and {{ name[\"key\"] }} "
	      "only, without filters or expressions");
	check(v, "{{ m", "t.yml:3:7: '{{' without a closing '}}' in '{{ m'");
	check(v, "{% if x %}",
	      "t.yml:3:7: '{%' starts a template statement, "
	      "which crest does not have (only {% raw "
	      "%}...{% endraw %})");
	check(v, "{{ a }}",
	      "t.yml:3:7: variable 'a' refers to variables "
	      "more than 16 deep (a loop?)");
	vars_free(v);
}

/* A sole reference is text; secrets stay masked in shown. */
static void test_expand_node(void **state)
{
	struct playbook *pb = load_playbook(
		"hosts: all\n"
		"vars: {port: 8080, pw: {secret: x}}\n"
		"tasks:\n"
		"  - wait_for: {port: \"{{ port }}\", host: \"a {{ pw }}\"}\n");
	struct vars *v = vars_new();
	struct error err = ERROR_INIT;
	json_t *real = NULL, *shown = NULL;
	char *a, *b;

	assert_int_equal(vars_merge(v, pb->plays[0].vars, NULL, &err), 0);
	assert_int_equal(vars_expand_node(v, pb->plays[0].tasks[0].args, &real,
					  &shown, &err),
			 0);
	a = json_dumps(real, JSON_COMPACT);
	b = json_dumps(shown, JSON_COMPACT);
	assert_string_equal(a, "{\"port\":\"8080\",\"host\":\"a x\"}");
	assert_string_equal(b, "{\"port\":\"8080\",\"host\":\"a ********\"}");
	free(a);
	free(b);
	json_decref(real);
	json_decref(shown);
	vars_free(v);
	playbook_free(pb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_substitution),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_expand_node),
	};

	return cmocka_run_group_tests_name("vars-expand", tests, NULL, NULL);
}
