/*
 * test-playbook-key.c - unit tests for orchestrator/lang/playbook-key.c:
 * an unknown key of a play, a task or a verify check, with its
 * did-you-mean or the word on an Ansible key crest does not have.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

/* A play's unknown keys: the nearest key, none, or an Ansible note. */
static void test_play_keys(void **state)
{
	assert_playbook_error("hosts: web\nwavez: 2\ntasks: []\n",
			      "p.yml:2:1: unknown key 'wavez' in a play; did "
			      "you mean 'waves'?");
	assert_playbook_error("hosts: web\nfrobnicate: 2\ntasks: []\n",
			      "p.yml:2:1: unknown key 'frobnicate' in a play");
	assert_playbook_error("hosts: web\ngather_facts: no\ntasks: []\n",
			      "p.yml:2:1: 'gather_facts' is an Ansible key "
			      "crest does not have in a play: crest's key is "
			      "'facts: true'");
}

/* A task's unknown keys: the nearest task key or module, or an Ansible
 * note; a verify check says so. */
static void test_task_keys(void **state)
{
	assert_playbook_error("hosts: web\ntasks:\n  - command: ls\n"
			      "    register: out\n",
			      "p.yml:4:5: 'register' is an Ansible key crest "
			      "does not have in a task: crest has no "
			      "registered results");
	assert_playbook_error("hosts: web\ntasks:\n  - command: ls\n"
			      "    whne: x\n",
			      "p.yml:4:5: unknown module or key 'whne' in a "
			      "task; did you mean 'when'?");
	assert_playbook_error("hosts: web\ntasks:\n  - pakage: {name: x}\n",
			      "p.yml:3:5: unknown module or key 'pakage' in a "
			      "task; did you mean 'package'?");
	assert_playbook_error("hosts: web\ntasks:\n  - frobnicate: x\n",
			      "p.yml:3:5: unknown module or key 'frobnicate' "
			      "in a task");
	assert_playbook_error("hosts: web\nverify:\n  - comand: ls\n"
			      "tasks: []\n",
			      "p.yml:3:5: unknown module or key 'comand' in a "
			      "verify check; did you mean 'command'?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_play_keys),
		cmocka_unit_test(test_task_keys),
	};

	return cmocka_run_group_tests_name("playbook-key", tests, NULL, NULL);
}
