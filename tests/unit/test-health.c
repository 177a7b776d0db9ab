/*
 * test-health.c - unit tests for modules/health.c: the port, HTTP and
 * retry scripts, run here with /bin/sh where they can be.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "modules/health.h"

/* Runs a script with sh; returns its exit status. */
static int run_sh(const char *script)
{
	struct buf b = BUF_INIT;
	int rc;

	buf_adds(&b, "sh -c ");
	{
		/* One word for the outer shell. */
		const char *p;

		buf_addch(&b, '\'');
		for (p = script; *p; p++) {
			if (*p == '\'')
				buf_adds(&b, "'\\''");
			else
				buf_addch(&b, *p);
		}
		buf_addch(&b, '\'');
	}
	buf_adds(&b, " 2>/dev/null");
	rc = system(b.data);
	buf_release(&b);
	return WEXITSTATUS(rc);
}

/* The retry loop stops at the first success, else says how many tries. */
static void test_retry(void **state)
{
	struct buf b = BUF_INIT;

	health_sh_retry(&b, "false", 3, 0, "x's");
	assert_string_equal(b.data, "i=0; while :; do if false; then exit 0; "
				    "fi; i=$((i + 1)); [ $i -lt 3 ] || break; "
				    "sleep 0; done; echo 'crest: x'\\''s: not "
				    "after 3 tries' >&2; exit 1");
	assert_int_equal(run_sh(b.data), 1);
	buf_reset(&b);
	health_sh_retry(&b, "true", 3, 0, "x");
	assert_int_equal(run_sh(b.data), 0);
	buf_release(&b);
}

/* Port, HTTP and command tests quote what they are given. */
static void test_conditions(void **state)
{
	struct buf b = BUF_INIT;

	health_sh_port(&b, "db 1", 5432, 2);
	assert_non_null(strstr(b.data, "nc -z -w 2 'db 1' 5432"));
	assert_non_null(strstr(b.data,
			       "timeout 2 bash -c 'exec "
			       "3<>\"/dev/tcp/$1/$2\"' sh 'db 1' 5432"));
	buf_reset(&b);
	health_sh_http(&b, "http://h/a?b=1&c", 204, 3);
	assert_non_null(strstr(b.data, "curl -s -o /dev/null -w "
				       "'%{http_code}' --max-time 3 "
				       "'http://h/a?b=1&c'"));
	assert_non_null(strstr(b.data, "[ \"$c\" = 204 ]"));
	buf_reset(&b);
	health_sh_command(&b, "test -e '/x'");
	assert_string_equal(b.data, "sh -c 'test -e '\\''/x'\\'''");
	assert_int_equal(run_sh(b.data), 1);
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_retry),
		cmocka_unit_test(test_conditions),
	};

	return cmocka_run_group_tests_name("health", tests, NULL, NULL);
}
