/*
 * test-playbook.c - unit tests for orchestrator/lang/playbook.c: what a
 * whole playbook means, read from text or a file, a list of plays, and
 * the errors of the document itself.  The keys of plays and tasks are
 * tested in test-playbook-play.c, test-playbook-task.c and
 * test-playbook-key.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "helpers.h"
#include "modules/module.h"
#include "lang/playbook.h"
#include "base/xmalloc.h"

/* The example of DESIGN.md section 3 reads into the right structs. */
static void test_full_play(void **state)
{
	struct playbook *pb = load_playbook(
		"name: acme-agent 2.0 to the web tier\n"
		"hosts: web:!legacy\n"
		"waves: [1, 10%, 50%, 100%]\n"
		"max_failures: 10%\n"
		"spread_by: rack\n"
		"order: shuffle\n"
		"shuffle_seed: 7\n"
		"pause: 2m\n"
		"wave_timeout: 1h30m\n"
		"window: weekend\n"
		"rollback: run\n"
		"become: true\n"
		"vars: { version: \"2.0\" }\n"
		"verify:\n"
		"  - command: systemctl is-active acme-agent\n"
		"tasks:\n"
		"  - name: agent\n"
		"    package: { name: acme-agent, version: \"{{ version }}\" "
		"}\n"
		"    timeout: 5m\n"
		"    become: false\n"
		"    when: [upgrade, not frozen, tier == 'web', n != 3]\n"
		"  - name: restart\n"
		"    service: { name: acme-agent, state: restarted }\n"
		"  - shell: touch /tmp/x\n"
		"    rollback: rm -f /tmp/x\n");
	const struct play *p = &pb->plays[0];

	assert_int_equal(pb->n_plays, 1);
	assert_string_equal(p->name, "acme-agent 2.0 to the web tier");
	assert_string_equal(p->hosts, "web:!legacy");
	assert_int_equal(p->n_waves, 4);
	assert_int_equal(p->waves[0].is_percent, 0);
	assert_int_equal(p->waves[0].value, 1);
	assert_int_equal(p->waves[2].is_percent, 1);
	assert_int_equal(p->waves[2].value, 50);
	assert_int_equal(p->max_failures.is_percent, 1);
	assert_true(p->max_failures.value == 10.0);
	assert_string_equal(p->spread_by, "rack");
	assert_int_equal(p->order, ORDER_SHUFFLE);
	assert_int_equal(p->seed, 7);
	assert_int_equal(p->pause, 120);
	assert_int_equal(p->wave_timeout, 5400);
	assert_string_equal(p->window, "weekend");
	assert_int_equal(p->rollback, ROLLBACK_RUN);
	assert_int_equal(p->become, 1);
	assert_string_equal(
		json_string_value(json_object_get(p->vars, "version")), "2.0");
	assert_int_equal(p->n_verify, 1);
	assert_ptr_equal(p->verify[0].module, &module_command);
	assert_int_equal(p->n_tasks, 3);
	assert_ptr_equal(p->tasks[0].module, &module_package);
	assert_int_equal(p->tasks[0].timeout, 300);
	assert_int_equal(p->tasks[0].become, 0);
	assert_int_equal(p->tasks[0].n_when, 4);
	assert_int_equal(p->tasks[0].when[1].kind, COND_FALSY);
	assert_string_equal(p->tasks[0].when[2].name, "tier");
	assert_int_equal(p->tasks[0].when[3].kind, COND_NOT_EQUAL);
	assert_int_equal(json_integer_value(p->tasks[0].when[3].value), 3);
	assert_int_equal(p->tasks[0].at.line, 17);
	assert_int_equal(p->tasks[0].module_at.line, 18);
	assert_int_equal(p->tasks[1].become, -1);
	assert_string_equal(p->tasks[2].rollback, "rm -f /tmp/x");
	assert_string_equal(play_order_name(p->order), "shuffle");
	assert_string_equal(rollback_scope_name(p->rollback), "run");
	playbook_free(pb);
}

/* A list of plays, the Ansible aliases, and the defaults. */
static void test_list_and_aliases(void **state)
{
	struct playbook *pb = load_playbook("- hosts: a\n"
					    "  serial: 2\n"
					    "  max_fail_percentage: 25\n"
					    "  tasks: [{reboot: }]\n"
					    "- hosts: [b, c]\n"
					    "  tasks:\n"
					    "    - command: uptime\n");

	assert_int_equal(pb->n_plays, 2);
	assert_int_equal(pb->plays[0].n_waves, 1);
	assert_int_equal(pb->plays[0].waves[0].value, 2);
	assert_int_equal(pb->plays[0].max_failures.is_percent, 1);
	assert_true(pb->plays[0].max_failures.value == 25.0);
	assert_string_equal(pb->plays[1].hosts, "b,c");
	assert_int_equal(pb->plays[1].n_waves, 0);
	assert_int_equal(pb->plays[1].max_failures.is_percent, 0);
	assert_true(pb->plays[1].max_failures.value == 0.0);
	assert_int_equal(pb->plays[1].order, ORDER_INVENTORY);
	assert_int_equal(pb->plays[1].rollback, ROLLBACK_WAVE);
	playbook_free(pb);
	playbook_free(NULL);
}

/* Errors of the YAML itself, through the playbook loader. */
static void test_yaml_errors(void **state)
{
	assert_playbook_error("hosts: web\ntasks:\n\t- command: ls\n",
			      "p.yml:3:1: tab character in indentation (YAML "
			      "indents with spaces only)");
	assert_playbook_error("hosts: web\ntasks: []\nhosts: db\n",
			      "p.yml:3:1: duplicate key 'hosts' (first given "
			      "at line 1, column 1)");
	assert_playbook_error("hosts: [web\n",
			      "p.yml:2:1: YAML syntax error: while parsing a "
			      "flow sequence did not find expected ',' or ']' "
			      "(line 1)");
	assert_playbook_error(
		"a: &a [x, x, x, x, x, x, x, x, x, x]\n"
		"b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
		"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
		"d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
		"e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n",
		"p.yml:5:36: aliases expand to more than 100000 "
		"nodes (an alias bomb?)");
	assert_playbook_error("", "p.yml:1:1: the playbook is empty");
}

/* No play at all. */
static void test_no_play(void **state)
{
	assert_playbook_error("[]\n", "p.yml:1:1: the playbook has no play");
	assert_playbook_error("# nothing\n", "p.yml:1:1: the playbook is "
					     "empty");
}

/* A playbook file loads as its text does; a missing one is an error of
 * the system, naming it. */
static void test_load_file(void **state)
{
	char path[] = "/tmp/crest-test-playbook.XXXXXX";
	static const char text[] = "hosts: web\ntasks:\n  - command: ls\n";
	struct error err = ERROR_INIT;
	struct playbook *pb = NULL;
	char *want;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	assert_int_equal(playbook_load(path, &pb, &err), 0);
	assert_string_equal(pb->file, path);
	assert_string_equal(pb->plays[0].hosts, "web");
	assert_string_equal(pb->plays[0].tasks[0].at.file, path);
	playbook_free(pb);
	pb = NULL;
	unlink(path);
	assert_int_equal(playbook_load(path, &pb, &err), -1);
	assert_null(pb);
	assert_int_equal(err.kind, ERROR_SYSTEM);
	want = xasprintf("%s: No such file or directory", path);
	assert_string_equal(err.message, want);
	free(want);
	error_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_play),
		cmocka_unit_test(test_list_and_aliases),
		cmocka_unit_test(test_yaml_errors),
		cmocka_unit_test(test_no_play),
		cmocka_unit_test(test_load_file),
	};

	return cmocka_run_group_tests_name("playbook", tests, NULL, NULL);
}
