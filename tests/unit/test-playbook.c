/*
 * test-playbook.c - unit tests for orchestrator/playbook.c: what a
 * playbook means, and every class of error with its exact position.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

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

/* Keys: unknown with a did-you-mean, Ansible-only, missing, twice. */
static void test_key_errors(void **state)
{
	assert_playbook_error("hosts: web\nwavez: 2\ntasks: []\n",
			      "p.yml:2:1: unknown key 'wavez' in a play; did "
			      "you mean 'waves'?");
	assert_playbook_error("hosts: web\nfrobnicate: 2\ntasks: []\n",
			      "p.yml:2:1: unknown key 'frobnicate' in a play");
	assert_playbook_error("hosts: web\ngather_facts: no\ntasks: []\n",
			      "p.yml:2:1: 'gather_facts' is an Ansible key "
			      "crest does not have in a play: crest gathers no "
			      "facts");
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
	assert_playbook_error("hosts: web\ntasks:\n  - command: ls\n"
			      "    register: out\n",
			      "p.yml:4:5: 'register' is an Ansible key crest "
			      "does not have in a task: crest has no "
			      "registered results");
	assert_playbook_error("hosts: web\ntasks:\n  - command: ls\n"
			      "    whne: x\n",
			      "p.yml:4:5: unknown module or key 'whne' in a "
			      "task; did you mean 'when'?");
	assert_playbook_error("hosts: web\nshuffle_seed: 3\ntasks:\n"
			      "  - command: ls\n",
			      "p.yml:2:1: 'shuffle_seed' goes with 'order: "
			      "shuffle'");
	assert_playbook_error("hosts: web\nname:\ntasks:\n  - command: ls\n",
			      "p.yml:2:1: 'name' has no value");
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

/* Tasks: modules, conditions and the task keys. */
static void test_task_errors(void **state)
{
	assert_playbook_error("hosts: web\ntasks:\n  - pakage: {name: x}\n",
			      "p.yml:3:5: unknown module or key 'pakage' in a "
			      "task; did you mean 'package'?");
	assert_playbook_error("hosts: web\ntasks:\n  - name: nothing\n",
			      "p.yml:3:5: a task needs a module (command, "
			      "shell, package, copy, file, service, reboot, "
			      "wait_for, check, driver or os_upgrade)");
	assert_playbook_error("hosts: web\ntasks:\n  - command: ls\n"
			      "    shell: ls\n",
			      "p.yml:4:5: a task runs one module; this one has "
			      "'command' and 'shell'");
	assert_playbook_error("hosts: web\ntasks:\n  - ls\n",
			      "p.yml:3:5: a task is a mapping with a module "
			      "key, not a string");
	assert_playbook_error("hosts: web\ntasks:\n  - command: ls\n"
			      "    when: \"{{ go }}\"\n",
			      "p.yml:4:11: 'when' takes a variable name, not a "
			      "template: write 'when: NAME'");
	assert_playbook_error("hosts: web\ntasks:\n  - command: ls\n"
			      "    when: a > 1\n",
			      "p.yml:4:11: 'when' must be NAME, not NAME, NAME "
			      "== VALUE or NAME != VALUE (a quoted string, a "
			      "number, true or false), not 'a > 1'");
	assert_playbook_error("hosts: web\ntasks:\n  - command: ls\n"
			      "    timeout: 40d\n",
			      "p.yml:4:14: 'timeout' must be a duration such "
			      "as 30s, 2m or 1h (at most 30 days), not '40d'");
	assert_playbook_error("hosts: web\ntasks:\n"
			      "  - package: {name: x}\n"
			      "    rollback: apt-get remove x\n",
			      "p.yml:4:5: 'package' takes no 'rollback' (it is "
			      "for command and shell; other modules revert on "
			      "their own or cannot be reverted)");
	assert_playbook_error("hosts: web\nverify:\n"
			      "  - service: {name: x, state: started}\n"
			      "tasks: []\n",
			      "p.yml:3:5: 'service' cannot be a verify check; "
			      "use check, command, shell or wait_for");
	assert_playbook_error(
		"hosts: web\nverify:\n"
		"  - command: ls\n    rollback: x\n"
		"tasks: []\n",
		"p.yml:4:5: a verify check changes nothing, so it "
		"has no rollback");
	assert_playbook_error("hosts: web\ntasks:\n"
			      "  - package: {name: x, verison: \"1\"}\n",
			      "p.yml:3:24: package: unknown argument "
			      "'verison'; did you mean 'version'?");
}

/* Only command and shell take a rollback line. */
static void test_rollback_modules(void **state)
{
	assert_playbook_error("hosts: web\ntasks:\n  - reboot:\n"
			      "    rollback: echo\n",
			      "p.yml:4:5: 'reboot' takes no 'rollback' (it is "
			      "for command and shell; other modules revert on "
			      "their own or cannot be reverted)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_play),
		cmocka_unit_test(test_list_and_aliases),
		cmocka_unit_test(test_yaml_errors),
		cmocka_unit_test(test_key_errors),
		cmocka_unit_test(test_type_errors),
		cmocka_unit_test(test_task_errors),
		cmocka_unit_test(test_rollback_modules),
	};

	return cmocka_run_group_tests_name("playbook", tests, NULL, NULL);
}
