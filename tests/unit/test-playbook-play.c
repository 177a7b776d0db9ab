/*
 * test-playbook-play.c - unit tests for orchestrator/lang/playbook-play.c:
 * what a play must have, keys given with their alias, and the value of
 * every play key of the wrong type or out of range, at its position.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"
#include "lang/playbook.h"
#include "base/xmalloc.h"

/* What a play must have, aliases given twice, keys without a value. */
static void test_required_keys(void **state)
{
	assert_playbook_error("tasks:\n  - command: ls\n",
			      "p.yml:1:1: a play needs 'hosts', the inventory "
			      "pattern it runs on");
	assert_playbook_error("hosts: web\n", "p.yml:1:1: a play needs "
					      "'tasks'");
	assert_playbook_error("hosts: web\ntasks: []\n",
			      "p.yml:2:8: a play needs at least one task or "
			      "verify check");
	assert_playbook_error("hosts: web\nserial: 1\nwaves: 2\ntasks: []\n",
			      "p.yml:3:1: 'waves' and 'serial' are the same "
			      "setting; give one");
	assert_playbook_error("hosts: web\nshuffle_seed: 3\ntasks:\n"
			      "  - command: ls\n",
			      "p.yml:2:1: 'shuffle_seed' goes with 'order: "
			      "shuffle'");
	assert_playbook_error("hosts: web\nname:\ntasks:\n  - command: ls\n",
			      "p.yml:2:1: 'name' has no value");
	assert_playbook_error("- 3\n",
			      "p.yml:1:3: a play is a mapping of "
			      "keys (hosts, tasks...), not an integer");
}

/* Values of the wrong type or out of range. */
static void test_type_errors(void **state)
{
	static const char head[] = "hosts: web\ntasks:\n  - command: ls\n";
	char *text;

#define CHECK_KEY(line, want)                                                  \
	do {                                                                   \
		text = xasprintf("%s%s", head, line);                          \
		assert_playbook_error(text, want);                             \
		free(text);                                                    \
	} while (0)

	CHECK_KEY("waves: [1, 12.5%]\n",
		  "p.yml:4:12: a wave is a host count or a whole percentage "
		  "from 1% to 100%, not '12.5%'");
	CHECK_KEY("waves: -1\n", "p.yml:4:8: a wave is a host count or a "
				 "whole percentage from 1% to 100%, not '-1'");
	CHECK_KEY("waves: [0, 100%]\n",
		  "p.yml:4:9: a wave of 0 hosts is empty: give a count of 1 "
		  "or more, or 100% for all the hosts left");
	CHECK_KEY("serial: '0'\n",
		  "p.yml:4:9: a wave of 0 hosts is empty: give a count of 1 "
		  "or more, or 100% for all the hosts left");
	CHECK_KEY("waves: []\n", "p.yml:4:8: 'waves' must not be an empty "
				 "list");
	CHECK_KEY("max_failures: lots\n",
		  "p.yml:4:15: 'max_failures' must be a host count or a "
		  "percentage such as 10%, not 'lots'");
	CHECK_KEY("max_fail_percentage: 120\n",
		  "p.yml:4:22: 'max_fail_percentage' must be a percentage "
		  "from 0 to 100, not '120'");
	CHECK_KEY("pause: soon\n",
		  "p.yml:4:8: 'pause' must be a duration such as 30s, 2m or "
		  "1h (at most 30 days), not 'soon'");
	CHECK_KEY("order: sorteed\n",
		  "p.yml:4:8: 'order' must be one of inventory, "
		  "reverse_inventory, sorted, reverse_sorted, shuffle, not "
		  "'sorteed'; did you mean 'sorted'?");
	CHECK_KEY("rollback: all\n", "p.yml:4:11: 'rollback' must be one of "
				     "wave, run, none, not all");
	CHECK_KEY("become: sure\n", "p.yml:4:9: 'become' must be true or "
				    "false, not a string");
	CHECK_KEY("name: 2.0\n", "p.yml:4:7: 'name' must be a string; 2.0 "
				 "is a number to YAML, quote it");
	CHECK_KEY("vars: [a]\n", "p.yml:4:7: 'vars' must be a mapping, not "
				 "a list");
	CHECK_KEY("vars: {1x: a}\n",
		  "p.yml:4:8: '1x' is not a variable name (letters, digits "
		  "and _, not first a digit)");
	CHECK_KEY("vars: {on: 1}\n", "p.yml:4:8: variable name 'on' is a "
				     "boolean to YAML; quote it");
	CHECK_KEY("vars: {k: {secret_file: [a]}}\n",
		  "p.yml:4:25: 'secret_file' must be a path, not a list");
	CHECK_KEY("spread_by: \"rack id\"\n",
		  "p.yml:4:12: 'spread_by' names a host variable, not 'rack "
		  "id'");
	CHECK_KEY("hosts: []\n", "p.yml:4:1: duplicate key 'hosts' (first "
				 "given at line 1, column 1)");
	CHECK_KEY("tasks: {}\n", "p.yml:4:1: duplicate key 'tasks' (first "
				 "given at line 2, column 1)");
#undef CHECK_KEY
}

/* The gates and budgets: max_failures_total, unreachable, approve and
 * pause: approval, read and refused at their position. */
static void test_gates(void **state)
{
	static const char head[] = "hosts: web\ntasks:\n  - command: ls\n";
	struct playbook *pb = NULL;
	struct error err = ERROR_INIT;
	char *text;

#define CHECK_KEY(line, want)                                                  \
	do {                                                                   \
		text = xasprintf("%s%s", head, line);                          \
		assert_playbook_error(text, want);                             \
		free(text);                                                    \
	} while (0)

	CHECK_KEY("max_failures_total: many\n",
		  "p.yml:4:21: 'max_failures_total' must be a host count or "
		  "a percentage such as 10%, not 'many'");
	CHECK_KEY("max_failures_total: 150%\n",
		  "p.yml:4:21: 'max_failures_total' must be a host count or "
		  "a percentage such as 10%, not '150%'");
	CHECK_KEY("max_failures_total: -2\n",
		  "p.yml:4:21: 'max_failures_total' must be a host count or "
		  "a percentage such as 10%, not '-2'");
	CHECK_KEY("unreachable: ignore\n",
		  "p.yml:4:14: 'unreachable' must be one of fail, skip, not "
		  "ignore");
	CHECK_KEY("approve: [2, 0]\n",
		  "p.yml:4:14: 'approve' takes wave numbers (1 is the first "
		  "wave), not '0'");
	CHECK_KEY("approve: [2, x]\n",
		  "p.yml:4:14: 'approve' takes wave numbers (1 is the first "
		  "wave), not 'x'");
	CHECK_KEY("approve: []\n",
		  "p.yml:4:10: 'approve' lists the waves that wait for "
		  "approval, such as [2, 3]; it is empty");
	CHECK_KEY("pause: approval\napprove: [2]\n",
		  "p.yml:5:1: 'approve' and 'pause: approval' both say which "
		  "waves wait; give one");
	CHECK_KEY("pause: approvel\n",
		  "p.yml:4:8: 'pause' must be a duration such as 30s, 2m or "
		  "1h (at most 30 days), not 'approvel'");
#undef CHECK_KEY

	text = xasprintf("%smax_failures_total: 25%%\nunreachable: skip\n"
			 "approve: [2, 3]\npause: 1m\n",
			 head);
	assert_int_equal(
		playbook_load_buffer("p.yml", text, strlen(text), &pb, &err),
		0);
	assert_int_equal(pb->plays[0].has_max_failures_total, 1);
	assert_int_equal(pb->plays[0].max_failures_total.is_percent, 1);
	assert_true(pb->plays[0].max_failures_total.value == 25.0);
	assert_int_equal(pb->plays[0].unreachable, UNREACHABLE_SKIP);
	assert_int_equal(pb->plays[0].n_approve, 2);
	assert_int_equal(pb->plays[0].approve[1], 3);
	assert_int_equal(pb->plays[0].pause, 60);
	assert_int_equal(pb->plays[0].pause_approval, 0);
	playbook_free(pb);
	free(text);
	text = xasprintf("%spause: approval\nmax_failures_total: 2\n", head);
	assert_int_equal(
		playbook_load_buffer("p.yml", text, strlen(text), &pb, &err),
		0);
	assert_int_equal(pb->plays[0].pause_approval, 1);
	assert_int_equal(pb->plays[0].pause, 0);
	assert_int_equal(pb->plays[0].max_failures_total.is_percent, 0);
	assert_true(pb->plays[0].max_failures_total.value == 2.0);
	assert_int_equal(pb->plays[0].unreachable, UNREACHABLE_FAIL);
	playbook_free(pb);
	free(text);
	error_release(&err);
}

/* notify: is read by the reader of crest.yml's section; the play keeps
 * its node, and its errors stop the load at their position. */
static void test_notify(void **state)
{
	struct playbook *pb = load_playbook(
		"hosts: web\nnotify:\n  webhooks:\n"
		"    - {url: \"http://127.0.0.1:9/h\", events: [wave_end], "
		"secret: {secret_env: HOOK_KEY}}\n"
		"tasks:\n  - command: ls\n");

	assert_non_null(pb->plays[0].notify);
	assert_int_equal(pb->plays[0].notify->line, 3);
	playbook_free(pb);
	pb = load_playbook("hosts: web\ntasks:\n  - command: ls\n");
	assert_null(pb->plays[0].notify);
	playbook_free(pb);
	assert_playbook_error("hosts: web\nnotify:\n  webhooks:\n"
			      "    - {url: \"http://x/\", events: [rolback]}\n"
			      "tasks:\n  - command: ls\n",
			      "p.yml:4:35: 'rolback' is not an event "
			      "(run_start, run_end, wave_end, rollback, pause, "
			      "failure); did you mean 'rollback'?");
	assert_playbook_error("hosts: web\nnotify:\n  webhooks:\n"
			      "    - {url: \"http://x/\", secret: {secret: "
			      "s3cr3t}}\ntasks:\n  - command: ls\n",
			      "p.yml:4:34: a play's webhook secret is given by "
			      "reference, {secret_env: NAME} or {secret_file: "
			      "PATH}, never written in the playbook");
	assert_playbook_error("hosts: web\nnotfy: {}\ntasks:\n  - command: "
			      "ls\n",
			      "p.yml:2:1: unknown key 'notfy' in a play; did "
			      "you mean 'notify'?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_required_keys),
		cmocka_unit_test(test_type_errors),
		cmocka_unit_test(test_gates),
		cmocka_unit_test(test_notify),
	};

	return cmocka_run_group_tests_name("playbook-play", tests, NULL, NULL);
}
