/*
 * test-service.c - unit tests for modules/service.c: the arguments it
 * accepts and the exact error for each it refuses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"
#include "modules/module.h"

static const struct task_case cases[] = {
	{"service: {name: acme-agent, state: restarted}", NULL},
	{"service: {name: acme-agent, enabled: false}", NULL},
	{"service: {name: acme-agent}",
	 "p.yml:3:5: service: give 'state', 'enabled' or both"},
	{"service: {name: x, state: start}",
	 "p.yml:3:31: service: 'state' must be started, stopped, restarted or "
	 "reloaded, not 'start'; did you mean 'started'?"},
	{"service: {name: x, enabled: yes please}",
	 "p.yml:3:33: service: 'enabled' must be true or false, not a string"},
};

/* Valid arguments load; each mistake is refused where it is. */
static void test_arguments(void **state)
{
	CHECK_TASK_CASES(cases);
	assert_ptr_equal(module_find("service"), &module_service);
	assert_non_null(module_service.validate);
	assert_false(module_service.flags & MODULE_PENDING);
	assert_non_null(module_service.probe);
	assert_non_null(module_service.apply);
	assert_non_null(module_service.describe);
}

#include "modules/service.h"

#define SVC_PRIOR(active, enabled)                                             \
	"{\"unit\": \"acme\", \"active\": \"" active                           \
	"\", \"enabled\": \"" enabled "\"}"

/* Returns the apply lines for args and prior (static buffer). */
static const char *apply_line(const char *args, const char *prior)
{
	static char text[512];
	json_t *a = json_loads(args, 0, NULL), *p = json_loads(prior, 0, NULL);
	struct buf b = BUF_INIT;

	service_sh_apply(a, p, &b);
	snprintf(text, sizeof(text), "%s", b.data);
	buf_release(&b);
	json_decref(a);
	json_decref(p);
	return text;
}

/* The systemctl lines apply sends, only what is needed. */
static void test_apply_lines(void **state)
{
	assert_string_equal(
		apply_line("{\"name\": \"acme\", \"state\": \"started\", "
			   "\"enabled\": true}",
			   SVC_PRIOR("inactive", "disabled")),
		"systemctl enable acme && systemctl start acme");
	assert_string_equal(
		apply_line("{\"name\": \"acme\", \"state\": \"started\"}",
			   SVC_PRIOR("active", "disabled")),
		"");
	assert_string_equal(
		apply_line("{\"name\": \"acme\", \"state\": \"stopped\", "
			   "\"enabled\": false}",
			   SVC_PRIOR("active", "enabled")),
		"systemctl disable acme && systemctl stop acme");
	assert_string_equal(
		apply_line("{\"name\": \"acme\", \"state\": \"restarted\"}",
			   SVC_PRIOR("active", "enabled")),
		"systemctl restart acme");
	assert_string_equal(
		apply_line("{\"name\": \"acme\", \"state\": \"reloaded\"}",
			   SVC_PRIOR("failed", "enabled")),
		"systemctl start acme");
}

/* Probe fails clearly without systemd; revert goes back to prior. */
static void test_probe_revert_lines(void **state)
{
	json_t *p = json_loads(SVC_PRIOR("active", "disabled"), 0, NULL);
	struct buf b = BUF_INIT;

	service_sh_probe("acme;x", &b);
	assert_non_null(strstr(b.data, "if [ ! -d /run/systemd/system ]; then "
				       "echo 'crest: service: systemd is not "
				       "running on this host"));
	assert_non_null(strstr(b.data, "u='acme;x'"));
	buf_reset(&b);
	service_sh_revert(p, &b);
	assert_string_equal(b.data,
			    "u=acme; [ \"$(systemctl is-enabled \"$u\")\" != "
			    "enabled ] || systemctl disable \"$u\" || exit 1; "
			    "systemctl is-active --quiet \"$u\" || systemctl "
			    "start \"$u\"");
	buf_release(&b);
	json_decref(p);
	assert_describe(&module_service,
			"{\"name\": \"acme\", \"state\": \"started\"}",
			SVC_PRIOR("inactive", "enabled"),
			"systemctl start acme (was inactive, enabled)\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arguments),
		cmocka_unit_test(test_apply_lines),
		cmocka_unit_test(test_probe_revert_lines),
	};

	return cmocka_run_group_tests_name("service", tests, NULL, NULL);
}
