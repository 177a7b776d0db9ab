/*
 * test-os_upgrade.c - unit tests for modules/os_upgrade.c: the arguments
 * it accepts and the exact error for each it refuses, when a task is
 * irreversible, the command lines of every provider and family (those
 * the lab cannot run: lvm, btrfs, zfs, dnf, leapp), and describe.
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

/* Returns what a generator appended ("" for nothing). */
static const char *line_of(const struct buf *b)
{
	return b->data ? b->data : "";
}

/* The apt sources switch: every file kind, words only, twice. */
static void test_sources(void **state)
{
	struct buf b = BUF_INIT;

	os_upgrade_sh_sources("bookworm", "trixie", &b);
	assert_string_equal(
		line_of(&b),
		"for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list "
		"/etc/apt/sources.list.d/*.sources; do if [ -f \"$f\" ]; then "
		"sed -i -E -e "
		"'s/(^|[^A-Za-z0-9._-])bookworm([^A-Za-z0-9._]|$)/\\1trixie\\2/"
		"g' "
		"-e "
		"'s/(^|[^A-Za-z0-9._-])bookworm([^A-Za-z0-9._]|$)/\\1trixie\\2/"
		"g' "
		"\"$f\" || exit 1; fi; done");
	buf_reset(&b);
	os_upgrade_sh_sources("12.1", "13", &b);
	assert_non_null(strstr(line_of(&b), "])12\\.1(["));
	buf_release(&b);
}

/* The upgrade lines: Debian full-upgrade keeping config, RHEL dnf and
 * leapp, and the reboot into them. */
static void test_upgrade_lines(void **state)
{
	struct buf b = BUF_INIT;

	os_upgrade_sh_debian(&b);
	assert_string_equal(line_of(&b),
			    "export DEBIAN_FRONTEND=noninteractive; apt-get "
			    "update -q && apt-get -y -q -o "
			    "Dpkg::Options::=--force-confold -o "
			    "Dpkg::Options::=--force-confdef full-upgrade");
	buf_reset(&b);
	os_upgrade_sh_rhel("9", 0, &b);
	assert_string_equal(
		line_of(&b),
		"dnf -y install dnf-plugin-system-upgrade && dnf -y "
		"system-upgrade download --releasever=9");
	buf_reset(&b);
	os_upgrade_sh_rhel("9.4; rm -rf /", 1, &b);
	assert_string_equal(line_of(&b),
			    "leapp upgrade --target '9.4; rm -rf /'");
	assert_string_equal(os_upgrade_reboot_command("rhel", 0),
			    "dnf -y system-upgrade reboot");
	assert_string_equal(os_upgrade_reboot_command("rhel", 1), "reboot");
	assert_string_equal(os_upgrade_reboot_command("debian", 0), "reboot");
	buf_release(&b);
}

/* Each provider's create, restore and delete; the preflight's checks. */
static void test_snapshots(void **state)
{
	static const struct {
		const char *provider, *target;
		enum os_snapshot_op op;
		const char *want;
	} lines[] = {
		{"lvm", "vg0/root", OS_SNAPSHOT_CREATE,
		 "lvcreate --snapshot --extents 50%FREE --name crest-r-task-1 "
		 "vg0/root"},
		{"lvm", "vg0/root", OS_SNAPSHOT_RESTORE,
		 "lvconvert --merge vg0/crest-r-task-1"},
		{"lvm", "vg0/root", OS_SNAPSHOT_DELETE,
		 "lvremove -f vg0/crest-r-task-1"},
		{"btrfs", "/", OS_SNAPSHOT_CREATE,
		 "mkdir -p \"$(dirname /.crest-snapshots/crest-r-task-1)\" && "
		 "btrfs subvolume snapshot / /.crest-snapshots/crest-r-task-1"},
		{"btrfs", "/", OS_SNAPSHOT_RESTORE,
		 "btrfs subvolume set-default \"$(btrfs subvolume show "
		 "/.crest-snapshots/crest-r-task-1 | awk '/Subvolume ID:/ "
		 "{print $3}')\" /"},
		{"zfs", "rpool/ROOT/debian", OS_SNAPSHOT_CREATE,
		 "zfs snapshot rpool/ROOT/debian@crest-r-task-1"},
		{"zfs", "rpool/ROOT/debian", OS_SNAPSHOT_RESTORE,
		 "zfs rollback -r rpool/ROOT/debian@crest-r-task-1"},
		{"zfs", "rpool/ROOT/debian", OS_SNAPSHOT_DELETE,
		 "zfs destroy rpool/ROOT/debian@crest-r-task-1"},
	};
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		buf_reset(&b);
		assert_int_equal(
			os_upgrade_sh_snapshot(lines[i].provider, lines[i].op,
					       lines[i].target,
					       "crest-r-task-1", NULL, &b),
			0);
		assert_string_equal(line_of(&b), lines[i].want);
	}
	buf_reset(&b);
	assert_int_equal(os_upgrade_sh_snapshot("command", OS_SNAPSHOT_CREATE,
						NULL, "crest-r-task-1",
						"snap create $(id)", &b),
			 0);
	assert_string_equal(line_of(&b), "CREST_SNAPSHOT=crest-r-task-1 sh -c "
					 "'snap create $(id)'");
	assert_int_equal(os_upgrade_sh_snapshot("command", OS_SNAPSHOT_DELETE,
						NULL, "n", NULL, &b),
			 -1);
	assert_int_equal(os_upgrade_sh_snapshot("lvm", OS_SNAPSHOT_CREATE, NULL,
						"n", NULL, &b),
			 -1);
	buf_reset(&b);
	os_upgrade_sh_preflight("mysnap'x; reboot", &b);
	assert_non_null(strstr(line_of(&b), "apt-mark showhold"));
	assert_non_null(strstr(line_of(&b), "dpkg --audit"));
	assert_non_null(strstr(line_of(&b), "VERSION_CODENAME="));
	assert_non_null(strstr(line_of(&b), "if command -v 'mysnap'\\''x' "
					    ">/dev/null 2>&1; then echo "
					    "command ok; fi"));
	buf_release(&b);
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
		cmocka_unit_test(test_sources),
		cmocka_unit_test(test_upgrade_lines),
		cmocka_unit_test(test_snapshots),
		cmocka_unit_test(test_describe),
	};

	return cmocka_run_group_tests_name("os_upgrade", tests, NULL, NULL);
}
