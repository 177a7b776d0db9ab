/*
 * test-playbook-analysis.c - unit tests for
 * orchestrator/lang/playbook-analysis.c: both spellings of analysis:, the
 * defaults, and each refused value at its position.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

/* A list of checks, with the defaults; a mapping with its own settings. */
static void test_spellings(void **state)
{
	struct playbook *pb = load_playbook(
		"hosts: web\nanalysis:\n"
		"  - prometheus: {url: \"http://127.0.0.1:9090\", query: up, "
		"min: 1}\n"
		"  - http: {url: \"https://status.example/health\"}\n"
		"tasks:\n  - command: ls\n");
	const struct play_analysis *a = &pb->plays[0].analysis;

	assert_int_equal(a->n_checks, 2);
	assert_int_equal(a->interval, 30);
	assert_int_equal(a->failures, 1);
	assert_int_equal(a->checks[0].kind, ANALYSIS_PROMETHEUS);
	assert_true(a->checks[0].has_min && !a->checks[0].has_max);
	assert_string_equal(a->checks[0].query, "up");
	assert_int_equal(a->checks[1].kind, ANALYSIS_HTTP);
	assert_int_equal(a->checks[1].status, 200);
	assert_int_equal(a->checks[1].timeout, 10);
	playbook_free(pb);

	pb = load_playbook("hosts: web\nanalysis:\n  interval: 5s\n"
			   "  failures: 3\n  checks:\n"
			   "    - prometheus: {url: \"http://p:9090/\", query: "
			   "'sum(x)', max: 0.5, min: 0.1, timeout: 2s}\n"
			   "tasks:\n  - command: ls\n");
	a = &pb->plays[0].analysis;
	assert_int_equal(a->interval, 5);
	assert_int_equal(a->failures, 3);
	assert_true(a->checks[0].max == 0.5 && a->checks[0].min == 0.1);
	assert_int_equal(a->checks[0].timeout, 2);
	playbook_free(pb);
}

/* Refused values, each at its position. */
static void test_errors(void **state)
{
	assert_playbook_error(
		"hosts: web\nanalysis:\n  - prometheus: {url: \"http://p/\", "
		"query: up}\ntasks:\n  - command: ls\n",
		"p.yml:3:17: 'prometheus' needs a threshold: 'max', 'min' or "
		"both");
	assert_playbook_error("hosts: web\nanalysis:\n  - http: {url: "
			      "ftp://x/}\ntasks:\n  - command: ls\n",
			      "p.yml:3:17: 'url' must be an http:// or "
			      "https:// URL with a host, not 'ftp://x/'");
	assert_playbook_error("hosts: web\nanalysis:\n  - http: {url: "
			      "\"http://x/\", status: 99}\ntasks:\n"
			      "  - command: ls\n",
			      "p.yml:3:38: 'status' must be an HTTP status "
			      "code from 100 to 599, not 99");
	assert_playbook_error("hosts: web\nanalysis:\n  - http: {url: "
			      "\"http://x/\", max: 1}\ntasks:\n"
			      "  - command: ls\n",
			      "p.yml:3:30: unknown key 'max' in a http check");
	assert_playbook_error("hosts: web\nanalysis:\n  - prometheus: {url: "
			      "\"http://x/\", query: up, max: 1, min: 2}\n"
			      "tasks:\n  - command: ls\n",
			      "p.yml:3:17: 'min' (2) is above 'max' (1): no "
			      "value could pass");
	assert_playbook_error("hosts: web\nanalysis:\n  failures: 0\n"
			      "  checks: [{http: {url: \"http://x/\"}}]\n"
			      "tasks:\n  - command: ls\n",
			      "p.yml:3:13: 'failures' must be a count from 1 "
			      "to 1000, not 0");
	assert_playbook_error("hosts: web\nanalysis:\n  interval: 1s\n"
			      "tasks:\n  - command: ls\n",
			      "p.yml:3:3: 'analysis' needs 'checks', the list "
			      "of prometheus: and http: checks");
	assert_playbook_error("hosts: web\nanalysis:\n  - graphite: {}\n"
			      "tasks:\n  - command: ls\n",
			      "p.yml:3:5: 'graphite' must be one of "
			      "prometheus, http, not graphite");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spellings),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
