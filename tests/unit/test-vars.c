/*
 * test-vars.c - unit tests for orchestrator/vars.c: layers, substitution,
 * conditions and secrets.
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
#include "lang/vars.h"
#include "base/xmalloc.h"

/* Builds vars from a YAML mapping written inline. */
static struct vars *vars_of(const char *yaml)
{
	struct error err = ERROR_INIT;
	struct yaml_doc *doc = NULL;
	struct vars *v = vars_new();
	json_t *layer;

	assert_int_equal(
		yaml_doc_load_buffer("v.yml", yaml, strlen(yaml), &doc, &err),
		0);
	layer = ynode_to_json(doc->root);
	if (vars_merge(v, layer, NULL, &err) < 0)
		fail_msg("%s", err.message);
	json_decref(layer);
	yaml_doc_free(doc);
	return v;
}

/* Expands text written at t.yml:3:7; returns "real|shown" or the error. */
static char *expand(const struct vars *v, const char *text)
{
	struct where at = {"t.yml", 3, 7};
	struct error err = ERROR_INIT;
	struct buf b = BUF_INIT;
	char *real, *shown, *out;

	if (vars_expand_text(v, text, &at, &real, &shown, &err) < 0) {
		error_format(&err, &b);
		error_release(&err);
		return buf_detach(&b, NULL);
	}
	out = xasprintf("%s|%s", real, shown);
	free(real);
	free(shown);
	return out;
}

/* Asserts an expansion. */
static void check(const struct vars *v, const char *text, const char *want)
{
	char *got = expand(v, text);

	if (strcmp(got, want) != 0)
		fail_msg("'%s': got '%s', want '%s'", text, got, want);
	free(got);
}

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
	      "substitutes {{ name }} and {{ name.key }} only, without "
	      "filters or expressions");
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

/* Later layers win; -e takes KEY=VALUE, mappings and files. */
static void test_layers(void **state)
{
	struct vars *v = vars_of("a: 1\nb: 1\n");
	struct error err = ERROR_INIT;
	char path[] = "/tmp/crest-test-extra-XXXXXX";
	char *arg;
	int fd = mkstemp(path);

	assert_int_equal(vars_add_extra(v, "b=two words", &err), 0);
	assert_string_equal(json_string_value(vars_get(v, "b")), "two words");
	assert_int_equal(vars_add_extra(v, "{c: [1, 2]}", &err), 0);
	assert_int_equal(json_integer_value(vars_get(v, "c.1")), 2);
	assert_int_equal(write(fd, "d: 4\n", 5), 5);
	close(fd);
	arg = xasprintf("@%s", path);
	assert_int_equal(vars_add_extra(v, arg, &err), 0);
	assert_int_equal(json_integer_value(vars_get(v, "d")), 4);
	free(arg);
	unlink(path);
	assert_int_equal(json_integer_value(vars_get(v, "a")), 1);
	assert_int_equal(vars_add_extra(v, "1bad=x", &err), -1);
	assert_string_equal(err.message, "-e takes KEY=VALUE, a mapping or "
					 "@FILE, not '1bad=x'");
	error_release(&err);
	assert_int_equal(vars_add_extra(v, "[1]", &err), -1);
	error_release(&err);
	vars_free(v);
}

/* Secrets are masked in what is shown and in free text. */
static void test_secrets(void **state)
{
	char path[] = "/tmp/crest-test-secret-XXXXXX";
	struct error err = ERROR_INIT;
	struct vars *v;
	char *yaml, *out;
	int fd = mkstemp(path);

	assert_int_equal(write(fd, "t0ken\n", 6), 6);
	close(fd);
	yaml = xasprintf("pw: {secret: hunter2}\n"
			 "token: {secret_file: %s}\n"
			 "db: {user: app, password: {secret: s3cr3t}}\n"
			 "dsn: 'app:{{ pw }}@db'\n",
			 path);
	v = vars_of(yaml);
	check(v, "login {{ pw }}", "login hunter2|login ********");
	check(v, "{{ token }}", "t0ken|********");
	check(v, "{{ db.user }}", "app|app");
	check(v, "{{ db.password }}", "s3cr3t|********");
	check(v, "{{ db }}",
	      "{\"user\":\"app\",\"password\":\"s3cr3t\"}|"
	      "********");
	check(v, "{{ dsn }}", "app:hunter2@db|app:********@db");
	assert_true(vars_is_secret(v, "db.password"));
	assert_true(vars_is_secret(v, "db"));
	assert_false(vars_is_secret(v, "db.user"));
	out = vars_redact(v, "error: hunter2 rejected; token t0ken");
	assert_string_equal(out, "error: ******** rejected; token ********");
	free(out);
	vars_free(v);
	free(yaml);
	unlink(path);

	v = vars_new();
	{
		json_t *layer = json_pack("{s:{s:s}}", "k", "secret_file",
					  "/nonexistent/secret");

		assert_int_equal(vars_merge(v, layer, NULL, &err), -1);
		assert_string_equal(err.message,
				    "secret_file /nonexistent/secret: No such "
				    "file or directory");
		json_decref(layer);
	}
	error_release(&err);
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

/* when: truthy strings, comparisons, undefined and non-boolean values. */
static void test_when(void **state)
{
	struct playbook *pb = load_playbook(
		"hosts: all\n"
		"tasks:\n"
		"  - {command: a, when: [yes_s, not no_s, tier == 'web', "
		"n == 3, n != '4', true]}\n"
		"  - {command: a, when: missing}\n"
		"  - {command: a, when: word}\n"
		"  - {command: a, when: [no_s, missing]}\n");
	struct vars *v = vars_of("yes_s: 'Yes'\nno_s: 'off'\ntier: web\n"
				 "n: '3'\nword: maybe\n");
	struct error err = ERROR_INIT;
	const struct task *t = pb->plays[0].tasks;
	int holds = -1;

	assert_int_equal(vars_when(v, t[0].when, t[0].n_when, &holds, &err), 0);
	assert_int_equal(holds, 1);
	assert_int_equal(vars_when(v, t[1].when, t[1].n_when, &holds, &err),
			 -1);
	assert_string_equal(err.message, "undefined variable 'missing' in "
					 "'when'");
	assert_int_equal(err.line, 4);
	assert_int_equal(err.column, 24);
	error_release(&err);
	assert_int_equal(vars_when(v, t[2].when, t[2].n_when, &holds, &err),
			 -1);
	assert_string_equal(err.message, "'when: word' needs true or false, "
					 "and 'word' is 'maybe'");
	error_release(&err);
	/* The first false condition stops before the undefined one. */
	assert_int_equal(vars_when(v, t[3].when, t[3].n_when, &holds, &err), 0);
	assert_int_equal(holds, 0);
	vars_free(v);
	playbook_free(pb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_substitution),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_layers),
		cmocka_unit_test(test_secrets),
		cmocka_unit_test(test_expand_node),
		cmocka_unit_test(test_when),
	};

	return cmocka_run_group_tests_name("vars", tests, NULL, NULL);
}
