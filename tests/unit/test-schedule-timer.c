/*
 * test-schedule-timer.c - unit tests for
 * orchestrator/schedule/schedule-timer.c: finding crest's timers in a
 * unit directory and reading back what each says.
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
#include "schedule/schedule-timer.h"
#include "schedule/schedule-unit.h"
#include "schedule/timestamp.h"

/* Makes a new temporary directory; returns its path (caller frees). */
static char *make_dir(void)
{
	char tmpl[] = "/tmp/crest-test-schedule-timer.XXXXXX";

	assert_non_null(mkdtemp(tmpl));
	return xstrdup(tmpl);
}

/* Writes text to dir/name. */
static void write_file(const char *dir, const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	free(path);
}

/* Removes a test directory and what is in it. */
static void remove_dir(char *dir)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);

	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(dir);
}

/* Only crest-*.timer files are listed, sorted. */
static void test_names(void **state)
{
	static const char *const files[] = {
		"crest-b.timer",   "crest-a.timer", "crest-.timer",
		"crest-a.service", "other.timer",   "crest-x.timerx",
	};
	char *dir = make_dir();
	char **names = NULL;
	struct error err = ERROR_INIT;
	size_t i, n = 0;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		write_file(dir, files[i], "x");
	assert_int_equal(schedule_timer_names(dir, &names, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_string_equal(names[0], "crest-.timer");
	assert_string_equal(names[1], "crest-a.timer");
	assert_string_equal(names[2], "crest-b.timer");
	schedule_timer_names_free(names, n);
	assert_int_equal(
		schedule_timer_names("/nonexistent/units", &names, &n, &err),
		-1);
	assert_int_equal(err.kind, ERROR_SYSTEM);
	assert_string_equal(
		err.message,
		"cannot list /nonexistent/units: No such file or directory");
	error_release(&err);
	remove_dir(dir);
	(void)state;
}

/* A timer schedule_unit_timer() wrote reads back whole, with its next
 * opening in the calendar's zone. */
static void test_read(void **state)
{
	struct window w = {"weekend", NULL, 3600, 0};
	struct schedule_unit u = {
		"/usr/bin/crest", "agent.yml", "/srv/repo", NULL, NULL,
		"/var/lib/crest", &w};
	struct schedule_timer t;
	struct error err = ERROR_INIT;
	struct buf text = BUF_INIT;
	char *dir = make_dir();
	int64_t now;

	assert_int_equal(calendar_parse("Sat *-*-* 02:00 Europe/Berlin", NULL,
					&w.cal, &err),
			 0);
	assert_int_equal(
		timestamp_parse("2026-11-25T12:00:00Z", NULL, &now, &err), 0);
	schedule_unit_timer(&u, "crest-agent.service", &text);
	write_file(dir, "crest-agent.timer", text.data);
	assert_int_equal(
		schedule_timer_read(dir, "crest-agent.timer", (time_t)now, &t),
		0);
	assert_string_equal(t.playbook, "agent.yml");
	assert_string_equal(t.window, "weekend");
	assert_string_equal(t.state_dir, "/var/lib/crest");
	assert_string_equal(t.next, "2026-11-28T02:00:00+01:00");
	schedule_timer_release(&t);
	assert_null(t.playbook);
	buf_release(&text);
	calendar_free(w.cal);
	remove_dir(dir);
	(void)state;
}

/* What a timer does not say stays NULL; a file that cannot be read is
 * refused. */
static void test_read_partial(void **state)
{
	struct schedule_timer t;
	char *dir = make_dir();
	char *sub = xasprintf("%s/crest-dir.timer", dir);

	write_file(dir, "crest-odd.timer",
		   "# crest-window: w\nOnCalendar=bad\n");
	assert_int_equal(schedule_timer_read(dir, "crest-odd.timer", 0, &t), 0);
	assert_null(t.playbook);
	assert_string_equal(t.window, "w");
	assert_null(t.state_dir);
	assert_null(t.next);
	schedule_timer_release(&t);
	write_file(dir, "crest-past.timer", "[Timer]\nOnCalendar=2020-01-01\n");
	assert_int_equal(
		schedule_timer_read(dir, "crest-past.timer", 1700000000, &t),
		0);
	assert_null(t.next);
	schedule_timer_release(&t);
	assert_int_equal(mkdir(sub, 0755), 0);
	assert_int_equal(schedule_timer_read(dir, "crest-dir.timer", 0, &t),
			 -1);
	assert_int_equal(schedule_timer_read(dir, "crest-none.timer", 0, &t),
			 -1);
	assert_null(t.window);
	free(sub);
	remove_dir(dir);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_read),
		cmocka_unit_test(test_read_partial),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
