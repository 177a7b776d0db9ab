/*
 * test-os_upgrade-snapshot.c - unit tests for modules/os_upgrade-snapshot.c:
 * every provider's lines (the lab has no lvm, btrfs or zfs), the user's
 * commands, and the snapshot's name.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "modules/module-run.h"
#include "modules/os_upgrade.h"

/* Returns what a generator appended ("" for nothing). */
static const char *line_of(const struct buf *b)
{
	return b->data ? b->data : "";
}

/* Each provider's create, restore and delete. */
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
	buf_release(&b);
}

/* The user's command of each step; none without the command provider. */
static void test_commands(void **state)
{
	json_t *args =
		json_pack("{s:s, s:s, s:s}", "snapshot", "command",
			  "snapshot_command", "a", "restore_command", "b");

	assert_string_equal(
		os_upgrade_snapshot_command(args, OS_SNAPSHOT_CREATE), "a");
	assert_string_equal(
		os_upgrade_snapshot_command(args, OS_SNAPSHOT_RESTORE), "b");
	assert_null(os_upgrade_snapshot_command(args, OS_SNAPSHOT_DELETE));
	json_decref(args);
}

/* The name holds the run and the task, in characters every provider
 * takes. */
static void test_name(void **state)
{
	struct module_run run;
	char *name;

	module_run_init(&run, NULL, "h1", "2024-05-01T10:00 x/y", 2, 0, 0);
	name = os_upgrade_snapshot_name(&run);
	assert_string_equal(name, "crest-2024-05-01T10_00_x_y-task-3");
	free(name);
	run.run_id = NULL;
	name = os_upgrade_snapshot_name(&run);
	assert_string_equal(name, "crest-run-task-3");
	free(name);
	module_run_release(&run);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_snapshots),
		cmocka_unit_test(test_commands),
		cmocka_unit_test(test_name),
	};

	return cmocka_run_group_tests_name("os_upgrade-snapshot", tests, NULL,
					   NULL);
}
