/*
 * test-module-args.c - unit tests for modules/module-args.c: each argument
 * type, required arguments, unknown ones, and the combination checks,
 * through a module made up for the test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "modules/module-args.h"
#include "modules/module.h"
#include "base/xmalloc.h"

static const char *const colours[] = {"red", "green", NULL};

static const struct arg_spec spec[] = {
	{"s", ARG_STRING, ARG_REQUIRED, NULL, 0, 0},
	{"ss", ARG_STRINGS, 0, NULL, 0, 0},
	{"argv", ARG_ARGV, 0, NULL, 0, 0},
	{"path", ARG_PATH, 0, NULL, 0, 0},
	{"flag", ARG_BOOL, 0, NULL, 0, 0},
	{"n", ARG_INT, 0, NULL, 1, 9},
	{"wait", ARG_DURATION, 0, NULL, 0, 0},
	{"mode", ARG_MODE, 0, NULL, 0, 0},
	{"colour", ARG_CHOICE, 0, colours, 0, 0},
	{"url", ARG_URL, 0, NULL, 0, 0},
	{"user", ARG_NAME, 0, NULL, 0, 0},
	{NULL, 0, 0, NULL, 0, 0},
};

/* Checks the made-up module's arguments with the table and a pairing. */
static int fake_validate(const struct task *task, struct error *err)
{
	if (module_args_check(task, spec, err) < 0 ||
	    module_args_exclusive(task, "ss", "argv", err) < 0)
		return -1;
	return 0;
}

static const struct module fake = {
	.name = "fake",
	.validate = fake_validate,
	.flags = MODULE_PENDING,
};

/* Validates "fake: ARGS" written at f.yml line 1; returns NULL or the
 * formatted error (caller frees). */
static char *run(const char *args)
{
	struct error err = ERROR_INIT;
	struct yaml_doc *doc = NULL;
	struct task task = {0};
	struct buf b = BUF_INIT;
	char *text = xasprintf("fake: %s\n", args);

	assert_int_equal(
		yaml_doc_load_buffer("f.yml", text, strlen(text), &doc, &err),
		0);
	task.module = &fake;
	task.args = ynode_get(doc->root, "fake");
	task.module_at.file = "f.yml";
	task.module_at.line = 1;
	task.module_at.column = 1;
	if (fake.validate(&task, &err) < 0) {
		error_format(&err, &b);
		error_release(&err);
	}
	yaml_doc_free(doc);
	free(text);
	return b.len ? buf_detach(&b, NULL) : NULL;
}

/* Asserts an argument error, or none when want is NULL. */
static void check(const char *args, const char *want)
{
	char *got = run(args);

	if (want == NULL && got)
		fail_msg("'%s' refused: %s", args, got);
	if (want && (got == NULL || strcmp(got, want) != 0))
		fail_msg("'%s': got '%s', want '%s'", args, got ? got : "(ok)",
			 want);
	free(got);
}

/* Every type accepts its values. */
static void test_valid(void **state)
{
	check("{s: x, ss: [a, b], path: /x, flag: true, n: 9, wait: 1h, "
	      "mode: \"0644\", colour: red, url: \"https://x\", user: a-b}",
	      NULL);
	check("{s: x, ss: one, argv: null, mode: 0755, wait: 30}", NULL);
	check("{s: \"{{ v }}\", n: \"{{ n }}\", path: \"{{ p }}\"}", NULL);
}

/* Every type refuses what it should, at the value's position. */
static void test_refusals(void **state)
{
	check("{}", "f.yml:1:1: fake: missing required argument 's'");
	check("x", "f.yml:1:7: fake: arguments must be a mapping of name: "
		   "value, not a string");
	check("{s: x, q: 1}", "f.yml:1:14: fake: unknown argument 'q'");
	check("{s: x, flg: true}", "f.yml:1:14: fake: unknown argument 'flg'; "
				   "did you mean 'flag'?");
	check("{s: [x]}", "f.yml:1:11: fake: 's' must be a string, not a list");
	check("{s: x, ss: [a, 1]}",
	      "f.yml:1:22: fake: items of 'ss' must be strings, not an "
	      "integer");
	check("{s: x, argv: []}", "f.yml:1:20: fake: 'argv' must be a "
				  "non-empty list of strings, not a list");
	check("{s: x, path: rel}", "f.yml:1:20: fake: 'path' must be an "
				   "absolute path, not 'rel'");
	check("{s: x, flag: 1}", "f.yml:1:20: fake: 'flag' must be true or "
				 "false, not an integer");
	check("{s: x, n: 10}", "f.yml:1:17: fake: 'n' must be between 1 and "
			       "9, not 10");
	check("{s: x, n: a}", "f.yml:1:17: fake: 'n' must be an integer, not "
			      "a string");
	check("{s: x, wait: 5y}", "f.yml:1:20: fake: 'wait' must be a duration "
				  "such as 30s, 5m or 1h, not '5y'");
	check("{s: x, mode: rw}", "f.yml:1:20: fake: 'mode' must be an octal "
				  "file mode such as \"0644\", not rw");
	check("{s: x, colour: gren}",
	      "f.yml:1:22: fake: 'colour' must be red or green, not 'gren'; "
	      "did you mean 'green'?");
	check("{s: x, url: x}", "f.yml:1:19: fake: 'url' must be an http:// or "
				"https:// URL, not 'x'");
	check("{s: x, user: \"a b\"}",
	      "f.yml:1:20: fake: 'user' is not a valid name: 'a b'");
	check("{s: x, ss: a, argv: [b]}",
	      "f.yml:1:27: fake: 'ss' and 'argv' cannot be given together");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_refusals),
	};

	return cmocka_run_group_tests_name("module-args", tests, NULL, NULL);
}
