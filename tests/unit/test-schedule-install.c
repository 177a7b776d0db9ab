/*
 * test-schedule-install.c - unit tests for
 * orchestrator/schedule/schedule-install.c: the paths a service runs
 * with, the units' names and text, writing them and removing them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/xmalloc.h"
#include "schedule/schedule-install.h"

/* Makes a new temporary directory; returns its path (caller frees). */
static char *make_dir(void)
{
	char tmpl[] = "/tmp/crest-test-schedule-install.XXXXXX";

	assert_non_null(mkdtemp(tmpl));
	return xstrdup(tmpl);
}

/* Reads a whole file into a new string (caller frees). */
static char *read_text(const char *path)
{
	FILE *f = fopen(path, "r");
	char *text = NULL;
	size_t cap = 0;

	assert_non_null(f);
	assert_true(getdelim(&text, &cap, '\0', f) >= 0);
	fclose(f);
	return text;
}

/* Removes what the tests leave in a directory, and the directory. */
static void remove_dir(char *dir)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);

	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(dir);
}

/* An existing path comes back absolute; a missing one says what it was. */
static void test_path_absolute(void **state)
{
	struct error err = ERROR_INIT;
	char *p = schedule_path_absolute("/tmp/./", "--repo", &err);

	assert_string_equal(p, "/tmp");
	free(p);
	assert_null(schedule_path_absolute("/nonexistent/x", "--repo", &err));
	assert_int_equal(err.kind, ERROR_INVALID);
	assert_string_equal(err.message, "--repo /nonexistent/x: No such file "
					 "or directory");
	error_release(&err);
	(void)state;
}

/* The crest binary is found; a missing inventory is refused. */
static void test_resolve(void **state)
{
	struct schedule_install inst = SCHEDULE_INSTALL_INIT;
	struct error err = ERROR_INIT;

	assert_int_equal(schedule_install_resolve(&inst, NULL, &err), 0);
	assert_non_null(inst.crest);
	assert_int_equal(inst.crest[0], '/');
	assert_null(inst.inventory);
	schedule_install_release(&inst);
	assert_int_equal(schedule_install_resolve(&inst, "/etc/hostname", &err),
			 0);
	assert_string_equal(inst.inventory, "/etc/hostname");
	schedule_install_release(&inst);
	assert_int_equal(schedule_install_resolve(&inst, "nope.ini", &err), -1);
	assert_int_equal(err.kind, ERROR_INVALID);
	assert_string_equal(err.message,
			    "-i nope.ini: No such file or directory");
	error_release(&err);
	schedule_install_release(&inst);
	assert_null(inst.crest);
	(void)state;
}

/* The units are named after the playbook and run it from the repo. */
static void test_build(void **state)
{
	struct schedule_install inst = SCHEDULE_INSTALL_INIT;
	struct window w = {"weekend", NULL, 3600, 0};
	struct schedule_unit u = {0};
	struct error err = ERROR_INIT;
	char *dir = make_dir();
	char *want;

	assert_int_equal(calendar_parse("Sat 02:00", NULL, &w.cal, &err), 0);
	u.playbook = "playbooks/db.yml";
	u.repo = "/srv/repo";
	u.ref = "main";
	u.window = &w;
	assert_int_equal(schedule_install_resolve(&inst, NULL, &err), 0);
	assert_int_equal(schedule_install_build(&inst, &u, dir, &err), 0);
	assert_string_equal(inst.service_name.data,
			    "crest-playbooks-db.service");
	assert_string_equal(inst.timer_name.data, "crest-playbooks-db.timer");
	assert_ptr_equal(u.crest, inst.crest);
	assert_ptr_equal(u.state_dir, inst.state_dir);
	want = xasprintf("\nExecStart=%s run playbooks/db.yml --repo "
			 "/srv/repo --ref main --state-dir %s\n",
			 inst.crest, dir);
	assert_non_null(strstr(inst.service.data, want));
	free(want);
	assert_non_null(
		strstr(inst.timer.data, "\nOnCalendar=Sat *-*-* 02:00:00\n"));
	assert_non_null(
		strstr(inst.timer.data, "\nUnit=crest-playbooks-db.service\n"));
	schedule_install_release(&inst);
	u.playbook = "it's.yml";
	assert_int_equal(schedule_install_resolve(&inst, NULL, &err), 0);
	assert_int_equal(schedule_install_build(&inst, &u, dir, &err), -1);
	assert_int_equal(err.kind, ERROR_INVALID);
	error_release(&err);
	schedule_install_release(&inst);
	assert_int_equal(
		schedule_install_build(&inst, &u, "/nonexistent", &err), -1);
	assert_int_equal(err.kind, ERROR_INVALID);
	error_release(&err);
	schedule_install_release(&inst);
	calendar_free(w.cal);
	remove_dir(dir);
	(void)state;
}

/* Writing creates the directory, replaces a unit whole and leaves no
 * temporary file behind. */
static void test_write(void **state)
{
	struct buf text = BUF_INIT;
	struct error err = ERROR_INIT;
	char *dir = make_dir();
	char *units = xasprintf("%s/units", dir);
	char *path = xasprintf("%s/crest-a.timer", units);
	char *tmp = xasprintf("%s/.crest-a.timer.tmp", units);
	char *got;

	buf_adds(&text, "first\n");
	assert_int_equal(
		schedule_install_write(units, "crest-a.timer", &text, &err), 0);
	buf_reset(&text);
	buf_adds(&text, "second\n");
	assert_int_equal(
		schedule_install_write(units, "crest-a.timer", &text, &err), 0);
	got = read_text(path);
	assert_string_equal(got, "second\n");
	free(got);
	assert_int_equal(access(tmp, F_OK), -1);
	assert_int_equal(
		schedule_install_write("/proc/nonexistent", "x", &text, &err),
		-1);
	assert_int_equal(err.kind, ERROR_SYSTEM);
	assert_string_equal(err.message,
			    "/proc/nonexistent: No such file or directory");
	error_release(&err);
	buf_release(&text);
	free(path);
	free(tmp);
	free(units);
	remove_dir(dir);
	(void)state;
}

/* Removing deletes both units, or the one that is left, and refuses a
 * playbook that has none. */
static void test_remove(void **state)
{
	struct buf text = BUF_INIT;
	struct error err = ERROR_INIT;
	char *dir = make_dir();
	char *timer = NULL, *service = NULL, *want;

	buf_adds(&text, "x\n");
	assert_int_equal(
		schedule_install_write(dir, "crest-a.timer", &text, &err), 0);
	assert_int_equal(
		schedule_install_write(dir, "crest-a.service", &text, &err), 0);
	assert_int_equal(
		schedule_install_remove(dir, "a.yml", &timer, &service, &err),
		0);
	want = xasprintf("%s/crest-a.timer", dir);
	assert_string_equal(timer, want);
	free(want);
	want = xasprintf("%s/crest-a.service", dir);
	assert_string_equal(service, want);
	free(want);
	assert_int_equal(access(timer, F_OK), -1);
	assert_int_equal(access(service, F_OK), -1);
	free(timer);
	free(service);
	assert_int_equal(
		schedule_install_write(dir, "crest-a.service", &text, &err), 0);
	assert_int_equal(
		schedule_install_remove(dir, "a.yml", &timer, &service, &err),
		0);
	assert_int_equal(access(service, F_OK), -1);
	free(timer);
	free(service);
	assert_int_equal(
		schedule_install_remove(dir, "a.yml", &timer, &service, &err),
		-1);
	assert_int_equal(err.kind, ERROR_INVALID);
	want = xasprintf("no timer for a.yml in %s (see 'crest schedule "
			 "list')",
			 dir);
	assert_string_equal(err.message, want);
	free(want);
	error_release(&err);
	free(timer);
	free(service);
	buf_release(&text);
	remove_dir(dir);
	(void)state;
}

/* systemd is only told about units in its own directory. */
static void test_systemd_manages(void **state)
{
	assert_false(schedule_systemd_manages("/tmp/units"));
	assert_int_equal(schedule_systemd_manages(SCHEDULE_UNIT_DIR),
			 schedule_systemd_running());
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_path_absolute),
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_build),
		cmocka_unit_test(test_write),
		cmocka_unit_test(test_remove),
		cmocka_unit_test(test_systemd_manages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
