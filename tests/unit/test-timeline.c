/*
 * test-timeline.c - unit tests for orchestrator/report/timeline.c and
 * run-view.c: a synthetic 200-host journal (waves of 1, 49 and 150 hosts,
 * the second over its budget and rolled back, the third never started)
 * gives one row per host at a fixed row height, a picture that grows with
 * the hosts, the soak and rollback periods, and hostile host names
 * escaped.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/buf.h"
#include "report/run-page.h"
#include "report/run-view.h"
#include "report/timeline.h"

#define HOSTS 200

/* Returns how many times needle occurs in hay. */
static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

/* Prints one event with a time s seconds (and ms) after the start. */
static void event(FILE *f, int ms, const char *body)
{
	fprintf(f, "{%s,\"time\":\"2026-12-07T10:%02d:%02d.%03dZ\"}\n", body,
		ms / 60000, ms / 1000 % 60, ms % 1000);
}

/* Writes the synthetic journal to path. */
static void write_journal(const char *path)
{
	FILE *f = fopen(path, "w");
	char body[256];
	int i, t;

	assert_non_null(f);
	event(f, 0,
	      "\"event\":\"run_start\",\"run\":\"20261207-100000-abcd\","
	      "\"playbook\":\"site.yml\",\"user\":\"ops\","
	      "\"git\":{\"source\":\"repo\",\"commit\":\"c0ffee\"}");
	fputs("{\"event\":\"play_start\",\"play\":1,\"waves\":3,"
	      "\"time\":\"2026-12-07T10:00:00.001Z\",\"wave_hosts\":[[\"h1\"],"
	      "[",
	      f);
	for (i = 2; i <= 50; i++)
		fprintf(f, "%s\"%s%d\"", i > 2 ? "," : "",
			i == 2 ? "<img src=x onerror=alert(1)>" : "h", i);
	fputs("],[", f);
	for (i = 51; i <= HOSTS; i++)
		fprintf(f, "%s\"h%d\"", i > 51 ? "," : "", i);
	fputs("]]}\n", f);
	event(f, 10,
	      "\"event\":\"wave_start\",\"wave\":1,\"hosts\":1,"
	      "\"max_failures\":0");
	event(f, 20, "\"event\":\"host_start\",\"host\":\"h1\",\"wave\":1");
	event(f, 30,
	      "\"event\":\"task_intent\",\"host\":\"h1\",\"task\":0,"
	      "\"name\":\"agent\",\"module\":\"package\"");
	event(f, 2030,
	      "\"event\":\"task_result\",\"host\":\"h1\",\"task\":0,"
	      "\"status\":\"changed\",\"duration_ms\":2000");
	event(f, 2040,
	      "\"event\":\"host_end\",\"host\":\"h1\","
	      "\"status\":\"changed\"");
	event(f, 2050, "\"event\":\"soak_start\",\"wave\":1,\"seconds\":60");
	event(f, 62050,
	      "\"event\":\"wave_end\",\"wave\":1,\"ok\":1,"
	      "\"failed\":0,\"exceeded\":false");
	event(f, 62060,
	      "\"event\":\"wave_start\",\"wave\":2,\"hosts\":49,"
	      "\"max_failures\":2");
	for (i = 3, t = 62100; i <= 50; i++, t += 10) {
		snprintf(body, sizeof(body),
			 "\"event\":\"host_start\",\"host\":\"h%d\","
			 "\"wave\":2",
			 i);
		event(f, t, body);
		snprintf(body, sizeof(body),
			 "\"event\":\"task_result\",\"host\":\"h%d\","
			 "\"task\":0,\"status\":\"%s\",\"duration_ms\":500%s",
			 i, i <= 5 ? "failed" : "changed",
			 i <= 5 ? ",\"error_kind\":\"unreachable\"" : "");
		event(f, t + 600, body);
		snprintf(body, sizeof(body),
			 "\"event\":\"host_end\",\"host\":\"h%d\","
			 "\"status\":\"%s\"",
			 i, i <= 5 ? "unreachable" : "changed");
		event(f, t + 610, body);
	}
	event(f, 70000, "\"event\":\"rollback_start\",\"wave\":2");
	for (i = 6; i <= 50; i++) {
		snprintf(body, sizeof(body),
			 "\"event\":\"rollback_step\",\"host\":\"h%d\","
			 "\"task\":0,\"status\":\"ok\",\"duration_ms\":300",
			 i);
		event(f, 70400, body);
	}
	event(f, 71000,
	      "\"event\":\"rollback_end\",\"wave\":2,"
	      "\"status\":\"ok\"");
	event(f, 71010,
	      "\"event\":\"wave_end\",\"wave\":2,\"ok\":45,"
	      "\"failed\":3,\"exceeded\":true");
	event(f, 71020, "\"event\":\"run_end\",\"status\":\"rolled_back\"");
	fclose(f);
}

/* 200 hosts: one row each, all in their waves, heights from the rows. */
static void test_200_hosts(void **state)
{
	char path[] = "/tmp/crest-test-timeline-XXXXXX";
	struct run_view *v = NULL;
	struct error err = ERROR_INIT;
	struct buf b = BUF_INIT;
	char want[64];
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	write_journal(path);
	assert_int_equal(run_view_load(path, &v, &err), 0);
	unlink(path);
	assert_int_equal(v->n_hosts, HOSTS);
	assert_int_equal(v->n_waves, 3);
	assert_int_equal(v->n_periods, 2);
	assert_string_equal(v->status, "rolled_back");
	assert_string_equal(v->hosts[0].outcome, "changed");
	assert_string_equal(v->hosts[3].outcome, "unreachable");
	assert_string_equal(v->hosts[10].outcome, "reverted");
	assert_string_equal(v->hosts[HOSTS - 1].outcome, "not_started");
	assert_int_equal(v->hosts[HOSTS - 1].wave, 3);
	/* The soak lasts its 60 s, the rollback until rollback_end. */
	assert_int_equal(v->periods[0].end_ms - v->periods[0].start_ms, 60000);
	assert_int_equal(v->periods[1].end_ms - v->periods[1].start_ms, 1000);
	assert_int_equal(timeline_height(v), TIMELINE_AXIS + TIMELINE_BOTTOM +
						     3 * TIMELINE_WAVE_HEAD +
						     HOSTS * TIMELINE_ROW);
	timeline_svg(&b, v);
	assert_int_equal(count(b.data, "<g class=\"host\""), HOSTS);
	assert_int_equal(count(b.data, "<g class=\"wave\""), 3);
	/* Wave 3, and the hostile host of wave 2 that never started. */
	assert_int_equal(count(b.data, "data-outcome=\"not_started\">"), 151);
	assert_int_equal(count(b.data, "class=\"bar o-reverted revert\""), 45);
	assert_non_null(strstr(b.data, "data-kind=\"soak\""));
	assert_non_null(strstr(b.data, "data-kind=\"rollback\""));
	snprintf(want, sizeof(want), "height=\"%u\"", timeline_height(v));
	assert_non_null(strstr(b.data, want));
	/* Every row at its own y, TIMELINE_ROW apart within a wave. */
	assert_non_null(strstr(b.data, "data-host=\"h200\""));
	/* The hostile host name is text, never markup. */
	assert_null(strstr(b.data, "<img"));
	assert_non_null(strstr(b.data, "&lt;img src=x onerror=alert(1)&gt;"));
	buf_reset(&b);
	run_page_html(&b, v);
	assert_null(strstr(b.data, "<img"));
	assert_int_equal(count(b.data, "<tr data-host="), HOSTS);
	buf_release(&b);
	run_view_free(v);
	error_release(&err);
}

/* Journal times, with and without milliseconds; anything else is -1. */
static void test_time(void **state)
{
	(void)state;
	assert_int_equal(run_view_time("1970-01-01T00:00:01.5Z"), 1500);
	assert_int_equal(run_view_time("2026-12-07T05:23:18.718Z"),
			 1796620998718LL);
	assert_int_equal(run_view_time("1970-01-01T00:01:00Z"), 60000);
	assert_int_equal(run_view_time("1970-01-01T00:01:00+01:00"), -1);
	assert_int_equal(run_view_time("yesterday"), -1);
	assert_int_equal(run_view_time(NULL), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_200_hosts),
		cmocka_unit_test(test_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
