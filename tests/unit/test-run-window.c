/*
 * test-run-window.c - unit tests for orchestrator/engine/run-window.c: the
 * expected duration of a wave from earlier journals, and whether the
 * window is open.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "engine/run-window.h"
#include "engine/state.h"
#include "schedule/timestamp.h"
#include "schedule/tzone.h"
#include "base/xmalloc.h"

/* Writes a journal of playbook with one wave of hosts from t0 to t1. */
static void journal(const char *state, time_t id_time, const char *playbook,
		    int hosts, const char *t0, const char *t1)
{
	char *id = state_new_run_id(id_time);
	char *path = state_run_path(state, id);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fprintf(f,
		"{\"event\":\"run_start\",\"playbook\":\"%s\",\"time\":\"%s\"}"
		"\n"
		"{\"event\":\"wave_start\",\"wave\":1,\"hosts\":%d,"
		"\"time\":\"%s\"}\n"
		"{\"event\":\"wave_end\",\"wave\":1,\"time\":\"%s\"}\n"
		"{\"event\":\"run_end\",\"status\":\"ok\"}\n",
		playbook, t0, hosts, t0, t1);
	fclose(f);
	free(id);
	free(path);
}

/* The longest earlier wave as large, scaled by host count. */
static void test_expected(void **state)
{
	char tmpl[] = "/tmp/test-run-window.XXXXXX";
	char *dir = mkdtemp(tmpl), *st = NULL, *cmd;
	struct error err = ERROR_INIT;

	assert_non_null(dir);
	assert_int_equal(state_dir_open(dir, &st, &err), 0);
	assert_int_equal(run_window_expected(st, "p.yml", 2), 0);
	journal(st, 1000, "p.yml", 4, "2026-11-28T02:00:00.000Z",
		"2026-11-28T02:00:40.000Z");
	journal(st, 2000, "p.yml", 2, "2026-11-28T03:00:00.000Z",
		"2026-11-28T03:00:10.500Z");
	journal(st, 3000, "other.yml", 10, "2026-11-28T03:00:00.000Z",
		"2026-11-28T04:00:00.000Z");
	/* 2 hosts: 40 s for 4 hosts is 20 s, more than 10.5 s for 2. */
	assert_int_equal(run_window_expected(st, "p.yml", 2), 21);
	/* 4 hosts: only the 4-host wave is as large. */
	assert_int_equal(run_window_expected(st, "p.yml", 4), 41);
	/* 5 hosts: no wave as large. */
	assert_int_equal(run_window_expected(st, "p.yml", 5), 0);
	cmd = xasprintf("rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(st);
	(void)state;
}

/* Inside: the end; outside: the next opening. */
static void test_open(void **state)
{
	struct window w = {"w", NULL, 3600, 600};
	struct error err = ERROR_INIT;
	time_t end = 0, next = 0;

	assert_int_equal(calendar_parse("*-*-* 02:00 UTC", NULL, &w.cal, &err),
			 0);
	/* 2026-11-28T02:30:00Z */
	assert_int_equal(run_window_open(&w, 1795833000, &end, &next), 1);
	assert_int_equal(end, 1795834800);
	/* 2026-11-28T03:00:00Z, the end itself: closed. */
	assert_int_equal(run_window_open(&w, 1795834800, &end, &next), 0);
	assert_int_equal(next, 1795831200 + 86400);
	calendar_free(w.cal);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_expected),
		cmocka_unit_test(test_open),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
