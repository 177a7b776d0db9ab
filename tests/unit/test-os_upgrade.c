/*
 * test-os_upgrade.c - unit tests for modules/os_upgrade.c: the arguments it
 * accepts and the exact error for each it refuses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"
#include "module.h"

static const struct task_case cases[] = {
	{"os_upgrade: {to: bookworm, snapshot: lvm, snapshot_target: vg0/root}",
	 NULL},
	{"os_upgrade: {to: \"9\", family: rhel, snapshot: command, "
	 "snapshot_command: a, restore_command: b}",
	 NULL},
	{"os_upgrade: {to: jammy, snapshot: none, preflight: [\"df -h /\"]}",
	 NULL},
	{"os_upgrade: {to: bookworm}",
	 "p.yml:3:5: os_upgrade: missing required argument 'snapshot'"},
	{"os_upgrade: {to: 9, snapshot: none}",
	 "p.yml:3:22: os_upgrade: 'to' must be a string; 9 is a number to "
	 "YAML, quote it (\"9\") to keep it as written"},
	{"os_upgrade: {to: x, snapshot: btrfs}",
	 "p.yml:3:35: os_upgrade: snapshot 'btrfs' needs 'snapshot_target'"},
	{"os_upgrade: {to: x, snapshot: command, snapshot_command: a}",
	 "p.yml:3:35: os_upgrade: snapshot 'command' needs 'restore_command'"},
	{"os_upgrade: {to: x, snapshot: lvm, snapshot_target: v, "
	 "restore_command: b}",
	 "p.yml:3:77: os_upgrade: snapshot and restore commands go only with "
	 "snapshot 'command'"},
	{"os_upgrade: {to: x, snapshot: none, snapshot_target: v}",
	 "p.yml:3:58: os_upgrade: 'snapshot_target' does not go with snapshot "
	 "'none'"},
	{"os_upgrade: {to: x, snapshot: zfs, snapshot_target: r, family: arch}",
	 "p.yml:3:68: os_upgrade: 'family' must be auto, debian or rhel, not "
	 "'arch'"},
};

/* Valid arguments load; each mistake is refused where it is. */
static void test_arguments(void **state)
{
	CHECK_TASK_CASES(cases);
	assert_ptr_equal(module_find("os_upgrade"), &module_os_upgrade);
	assert_non_null(module_os_upgrade.validate);
	assert_true(module_os_upgrade.flags & MODULE_PENDING);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arguments),
	};

	return cmocka_run_group_tests_name("os_upgrade", tests, NULL, NULL);
}
