/*
 * test-vars-secret.c - unit tests for orchestrator/lang/vars-secret.c:
 * secret forms, masking in substitutions and in free text.
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_secrets),
	};

	return cmocka_run_group_tests_name("vars-secret", tests, NULL, NULL);
}
