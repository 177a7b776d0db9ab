/*
 * test-package.c - unit tests for modules/package.c: the arguments it
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
	{"package: {name: acme-agent, version: \"2.0-1\"}", NULL},
	{"package: {name: [curl, jq], state: latest, manager: apt}", NULL},
	{"package: {name: telnet, state: absent}", NULL},
	{"package: {name: acme, version: \"{{ v }}\", allow_downgrade: true}",
	 NULL},
	{"package: {state: present}",
	 "p.yml:3:5: package: missing required argument 'name'"},
	{"package: {name: x, version: 2.10}",
	 "p.yml:3:33: package: 'version' must be a string; 2.10 is a number to "
	 "YAML, quote it (\"2.10\") to keep it as written"},
	{"package: {name: x, state: lastest}",
	 "p.yml:3:31: package: 'state' must be present, absent or latest, not "
	 "'lastest'; did you mean 'latest'?"},
	{"package: {name: [a, b], version: \"1\"}",
	 "p.yml:3:38: package: 'version' pins one package; give each pinned "
	 "package its own task"},
	{"package: {name: x, version: \"1\", state: absent}",
	 "p.yml:3:33: package: 'version' cannot go with state 'absent'"},
	{"package: {name: x, manager: pacman}",
	 "p.yml:3:33: package: 'manager' must be auto, apt, dnf, yum or "
	 "zypper, not 'pacman'"},
	{"package: {name: x, allow_downgrade: maybe}",
	 "p.yml:3:41: package: 'allow_downgrade' must be true or false, not a "
	 "string"},
	{"package: {name: x, lock_timeout: 2}", NULL},
	{"package: {name: x, lock_timeout: 2m}", NULL},
	{"package: {name: x, lock_timeout: -1}",
	 "p.yml:3:38: package: 'lock_timeout' must be a duration such as 30s, "
	 "5m or 1h, not '-1'"},
	{"package: {name: x, lock_timeout: soon}",
	 "p.yml:3:38: package: 'lock_timeout' must be a duration such as 30s, "
	 "5m or 1h, not 'soon'"},
	{"package: {name: {a: 1}}",
	 "p.yml:3:21: package: 'name' must be a string or a list of strings, "
	 "not a mapping"},
};

/* Valid arguments load; each mistake is refused where it is. */
static void test_arguments(void **state)
{
	CHECK_TASK_CASES(cases);
	assert_ptr_equal(module_find("package"), &module_package);
	assert_non_null(module_package.validate);
	assert_false(module_package.flags & MODULE_PENDING);
	assert_non_null(module_package.probe);
	assert_non_null(module_package.apply);
	assert_non_null(module_package.describe);
}

/* Returns what describe says for args and prior (JSON texts); caller
 * frees. */
static char *describe(const char *args_json, const char *prior_json)
{
	json_t *args = json_loads(args_json, 0, NULL);
	json_t *prior = json_loads(prior_json, 0, NULL);
	struct buf out = BUF_INIT;

	assert_non_null(args);
	assert_non_null(prior);
	module_package.describe(args, prior, &out);
	json_decref(args);
	json_decref(prior);
	return buf_detach(&out, NULL);
}

#define PRIOR(state, version)                                                  \
	"{\"manager\": \"apt\", \"backup\": \"/b\", \"packages\": "            \
	"[{\"name\": \"acme-agent\", \"state\": \"" state "\", "               \
	"\"version\": " version ", \"candidate\": \"2.0\", "                   \
	"\"available\": [\"2.0\", \"1.1\", \"1.0-1\"]}]}"

/* Describe says what apply would do: upgrade, install, remove, nothing,
 * and why it cannot. */
static void test_describe(void **state)
{
	static const struct {
		const char *args, *prior, *want;
	} plans[] = {
		{"{\"name\": \"acme-agent\", \"version\": \"2.0\"}",
		 PRIOR("installed", "\"1.1\""), "acme-agent 1.1 -> 2.0\n"},
		{"{\"name\": \"acme-agent\", \"version\": \"1.0\"}",
		 PRIOR("absent", "null"), "acme-agent install 1.0-1\n"},
		{"{\"name\": \"acme-agent\", \"version\": \"1.0\"}",
		 PRIOR("installed", "\"1.0-1\""), "packages unchanged\n"},
		{"{\"name\": \"acme-agent\"}", PRIOR("installed", "\"1.1\""),
		 "packages unchanged\n"},
		{"{\"name\": [\"acme-agent\"], \"state\": \"latest\"}",
		 PRIOR("installed", "\"1.1\""), "acme-agent 1.1 -> 2.0\n"},
		{"{\"name\": \"acme-agent\", \"state\": \"absent\"}",
		 PRIOR("installed", "\"1.1\""), "acme-agent remove 1.1\n"},
		{"{\"name\": \"acme-agent\", \"state\": \"absent\"}",
		 PRIOR("half", "\"1.1\""), "acme-agent remove 1.1\n"},
		{"{\"name\": \"acme-agent\", \"version\": \"3.0\"}",
		 PRIOR("installed", "\"1.1\""),
		 "package: acme-agent 3.0 is not available from the host's "
		 "repositories\n"},
		{"{\"name\": \"acme-agent\", \"version\": \"1.0\"}",
		 PRIOR("installed", "\"2.0\""),
		 "package: acme-agent 2.0 -> 1.0-1 is a downgrade; give "
		 "allow_downgrade: true to make it\n"},
		{"{\"name\": \"acme-agent\", \"version\": \"1.0\", "
		 "\"allow_downgrade\": true}",
		 PRIOR("installed", "\"2.0\""), "acme-agent 2.0 -> 1.0-1\n"},
	};
	size_t i;

	for (i = 0; i < sizeof(plans) / sizeof(plans[0]); i++) {
		char *got = describe(plans[i].args, plans[i].prior);

		if (strcmp(got, plans[i].want) != 0)
			fail_msg("case %zu: got '%s', want '%s'", i, got,
				 plans[i].want);
		free(got);
	}
}

/* The journal copy of a prior drops describe-only members. */
static void test_prior_journal(void **state)
{
	json_t *prior =
		json_pack("{s:s,s:s}", "sha256", "ab", "_content", "secret=1");
	json_t *j = module_prior_journal(prior);

	assert_non_null(json_object_get(j, "sha256"));
	assert_null(json_object_get(j, "_content"));
	json_decref(j);
	json_decref(prior);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arguments),
		cmocka_unit_test(test_describe),
		cmocka_unit_test(test_prior_journal),
	};

	return cmocka_run_group_tests_name("package", tests, NULL, NULL);
}
