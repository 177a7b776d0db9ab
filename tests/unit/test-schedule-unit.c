/*
 * test-schedule-unit.c - unit tests for orchestrator/schedule/schedule-unit.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "schedule/schedule-unit.h"

/* Unit names keep what systemd allows and say where the playbook is. */
static void test_name(void **state)
{
	static const struct {
		const char *playbook, *name;
	} cases[] = {
		{"agent.yml", "crest-agent"},
		{"playbooks/db.yaml", "crest-playbooks-db"},
		{"a b/c@d.yml", "crest-a_b-c_d"},
		{"noext", "crest-noext"},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf b = BUF_INIT;

		schedule_unit_name(cases[i].playbook, &b);
		assert_string_equal(b.data, cases[i].name);
		buf_release(&b);
	}
	(void)state;
}

/* The service quotes blanks, doubles '%' and refuses quotes. */
static void test_service(void **state)
{
	struct window w = {"weekend", NULL, 3600, 0};
	struct schedule_unit u = {"/usr/bin/crest",
				  "agent.yml",
				  "/srv/my repo",
				  NULL,
				  "/etc/inv%1",
				  "/var/lib/crest",
				  &w};
	struct error err = ERROR_INIT;
	struct buf b = BUF_INIT;

	assert_int_equal(schedule_unit_service(&u, &b, &err), 0);
	assert_non_null(strstr(b.data,
			       "\nExecStart=/usr/bin/crest run agent.yml "
			       "--repo \"/srv/my repo\" -i /etc/inv%%1 "
			       "--state-dir /var/lib/crest\n"));
	assert_non_null(strstr(b.data, "\nType=oneshot\n"));
	buf_release(&b);
	u.repo = "/srv/it's";
	assert_int_equal(schedule_unit_service(&u, &b, &err), -1);
	assert_int_equal(err.kind, ERROR_INVALID);
	error_release(&err);
	buf_release(&b);
	(void)state;
}

/* The timer's comments are read back. */
static void test_comment(void **state)
{
	const char *text = "# x\n# crest-playbook: a/b.yml\n# crest-window: w\n"
			   "[Timer]\n";
	char *v = schedule_unit_comment(text, "playbook");

	assert_string_equal(v, "a/b.yml");
	free(v);
	v = schedule_unit_comment(text, "window");
	assert_string_equal(v, "w");
	free(v);
	assert_null(schedule_unit_comment(text, "state-dir"));
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_name),
		cmocka_unit_test(test_service),
		cmocka_unit_test(test_comment),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
