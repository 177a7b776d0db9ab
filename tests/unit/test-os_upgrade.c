/*
 * test-os_upgrade.c - unit tests for modules/os_upgrade.c: the arguments
 * it accepts and the exact error for each it refuses, when a task is
 * irreversible, the families by name, which releases it takes, and
 * describe.  The command lines have tests of their own files
 * (test-os_upgrade-debian.c, -rhel, -preflight, -snapshot).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"
#include "modules/module.h"
#include "modules/os_upgrade.h"

static const struct task_case cases[] = {
	{"os_upgrade: {to: bookworm, snapshot: lvm, snapshot_target: vg0/root}",
	 NULL},
	{"os_upgrade: {to: \"9\", family: rhel, snapshot: command, "
	 "snapshot_command: a, restore_command: b}",
	 NULL},
	{"os_upgrade: {to: jammy, snapshot: none, allow_irreversible: true, "
	 "preflight: [\"df -h /\"]}",
	 NULL},
	{"os_upgrade: {from: bookworm, to: trixie, snapshot: command, "
	 "snapshot_command: a, restore_command: b, delete_command: c}",
	 NULL},
	{"os_upgrade: {to: jammy, snapshot: none}",
	 "p.yml:3:39: os_upgrade: without a snapshot the upgrade cannot be "
	 "reverted; give allow_irreversible: true to run it anyway"},
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
	assert_false(module_os_upgrade.flags & MODULE_PENDING);
	assert_non_null(module_os_upgrade.probe);
	assert_non_null(module_os_upgrade.apply);
	assert_non_null(module_os_upgrade.revert);
	assert_non_null(module_os_upgrade.describe);
}

/* Irreversible without a snapshot only. */
static void test_irreversible(void **state)
{
	struct playbook *pb = load_playbook(
		"hosts: all\ntasks:\n  - os_upgrade: {to: b, snapshot: none, "
		"allow_irreversible: true}\n  - os_upgrade: {to: b, snapshot: "
		"zfs, snapshot_target: rpool/ROOT}\n");

	assert_true(module_task_irreversible(&pb->plays[0].tasks[0]));
	assert_false(module_task_irreversible(&pb->plays[0].tasks[1]));
	playbook_free(pb);
}

/* Families by name; the reboot into each one's upgrade. */
static void test_families(void **state)
{
	assert_ptr_equal(os_upgrade_family("debian"), &os_family_debian);
	assert_ptr_equal(os_upgrade_family("rhel"), &os_family_rhel);
	assert_null(os_upgrade_family("auto"));
	assert_null(os_upgrade_family("unknown"));
	assert_null(os_upgrade_family(NULL));
	assert_string_equal(os_upgrade_reboot_command("rhel", 0),
			    "dnf -y system-upgrade reboot");
	assert_string_equal(os_upgrade_reboot_command("rhel", 1), "reboot");
	assert_string_equal(os_upgrade_reboot_command("debian", 0), "reboot");
	assert_string_equal(os_upgrade_reboot_command("suse", 0), "reboot");
}

/* A release goes into sed: a name or a version, nothing else. */
static void test_release_ok(void **state)
{
	assert_true(os_upgrade_release_ok("bookworm"));
	assert_true(os_upgrade_release_ok("9.4"));
	assert_true(os_upgrade_release_ok("jammy-updates_1"));
	assert_false(os_upgrade_release_ok(NULL));
	assert_false(os_upgrade_release_ok(""));
	assert_false(os_upgrade_release_ok("9/x"));
	assert_false(os_upgrade_release_ok("a b"));
	assert_false(os_upgrade_release_ok("9;reboot"));
}

#define PRIOR                                                                  \
	"{\"family\": \"debian\", \"release\": \"bookworm\", "                 \
	"\"snapshot_name\": \"crest-r-task-1\", \"done\": "

/* Describe names both releases and the snapshot, or says it is
 * irreversible, or that nothing is to do. */
static void test_describe(void **state)
{
	assert_describe(&module_os_upgrade,
			"{\"to\": \"trixie\", \"snapshot\": \"lvm\"}",
			PRIOR "false}",
			"release bookworm -> trixie (debian), reboot\n"
			"snapshot crest-r-task-1 first (lvm)\n");
	assert_describe(&module_os_upgrade,
			"{\"to\": \"trixie\", \"snapshot\": \"none\"}",
			PRIOR "false}",
			"release bookworm -> trixie (debian), reboot\n"
			"no snapshot: irreversible\n");
	assert_describe(&module_os_upgrade,
			"{\"to\": \"trixie\", \"snapshot\": \"lvm\"}",
			PRIOR "true}", "release trixie already\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arguments),
		cmocka_unit_test(test_irreversible),
		cmocka_unit_test(test_families),
		cmocka_unit_test(test_release_ok),
		cmocka_unit_test(test_describe),
	};

	return cmocka_run_group_tests_name("os_upgrade", tests, NULL, NULL);
}
