/*
 * test-vars.c - unit tests for orchestrator/lang/vars.c: layers, -e
 * arguments, lookups and rendering values as text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "vars-helpers.h"
#include "lang/vars.h"
#include "base/xmalloc.h"

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

/* Values render as substitution writes them. */
static void test_render(void **state)
{
	json_t *value = json_pack("[s,i,f,b,b,n,{s:[i]}]", "text", 42, 2.5, 1,
				  0, "k", 1);
	const char *want[] = {"text",  "42", "2.5",	   "true",
			      "false", "",   "{\"k\":[1]}"};
	size_t i;

	for (i = 0; i < json_array_size(value); i++) {
		struct buf b = BUF_INIT;

		vars_render(json_array_get(value, i), &b);
		assert_string_equal(b.data ? b.data : "", want[i]);
		buf_release(&b);
	}
	json_decref(value);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layers),
		cmocka_unit_test(test_render),
	};

	return cmocka_run_group_tests_name("vars", tests, NULL, NULL);
}
