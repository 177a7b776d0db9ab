/*
 * test-file.c - unit tests for modules/file.c: the arguments it
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
	{"file: {path: /var/lib/acme, state: directory, mode: \"0750\", owner: "
	 "acme}",
	 NULL},
	{"file: {path: /etc/acme/current, state: link, src: /etc/acme/2.0}",
	 NULL},
	{"file: {path: /etc/old, state: absent}", NULL},
	{"file: {path: /x, state: link}",
	 "p.yml:3:5: file: state 'link' needs 'src', the link's target"},
	{"file: {path: /x, src: /y}",
	 "p.yml:3:27: file: 'src' goes only with state 'link'"},
	{"file: {path: /x, state: absent, mode: \"0644\"}",
	 "p.yml:3:43: file: a path in state 'absent' has no mode, owner or "
	 "group"},
	{"file: {path: /x, state: dir}",
	 "p.yml:3:29: file: 'state' must be file, directory, link, absent or "
	 "touch, not 'dir'; did you mean 'directory'?"},
};

/* Valid arguments load; each mistake is refused where it is. */
static void test_arguments(void **state)
{
	CHECK_TASK_CASES(cases);
	assert_ptr_equal(module_find("file"), &module_file);
	assert_non_null(module_file.validate);
	assert_false(module_file.flags & MODULE_PENDING);
	assert_non_null(module_file.probe);
	assert_non_null(module_file.apply);
	assert_non_null(module_file.describe);
}

#define FILE_PRIOR(kind)                                                       \
	"{\"path\": \"/srv/a\", \"kind\": \"" kind "\", \"mode\": \"0755\", "  \
	"\"owner\": \"root\", \"group\": \"root\", \"target\": \"/x\"}"

/* Describe for each state, and a refusal. */
static void test_describe(void **state)
{
	assert_describe(&module_file,
			"{\"path\": \"/srv/a\", \"state\": \"directory\", "
			"\"mode\": \"0750\"}",
			"{\"path\": \"/srv/a\", \"kind\": \"absent\"}",
			"/srv/a: create directory\n/srv/a: mode - -> 0750\n");
	assert_describe(&module_file,
			"{\"path\": \"/srv/a\", \"state\": \"directory\", "
			"\"mode\": \"0755\"}",
			FILE_PRIOR("directory"), "/srv/a: unchanged\n");
	assert_describe(&module_file,
			"{\"path\": \"/srv/a\", \"owner\": \"acme\"}",
			FILE_PRIOR("file"), "/srv/a: owner root -> acme\n");
	assert_describe(
		&module_file, "{\"path\": \"/srv/a\", \"state\": \"absent\"}",
		FILE_PRIOR("directory"), "/srv/a: remove the directory\n");
	assert_describe(&module_file,
			"{\"path\": \"/srv/a\", \"state\": \"link\", \"src\": "
			"\"/y\"}",
			FILE_PRIOR("link"),
			"/srv/a: link to /y (was link to /x)\n");
	assert_describe(&module_file,
			"{\"path\": \"/srv/a\", \"state\": \"link\", \"src\": "
			"\"/x\"}",
			FILE_PRIOR("link"), "/srv/a: unchanged\n");
	assert_describe(&module_file,
			"{\"path\": \"/srv/a\", \"state\": \"link\", \"src\": "
			"\"/x\"}",
			FILE_PRIOR("directory"),
			"file: /srv/a is a directory; it will not be replaced "
			"by a link\n");
	assert_describe(&module_file, "{\"path\": \"/srv/a\"}",
			"{\"path\": \"/srv/a\", \"kind\": \"absent\"}",
			"file: /srv/a is absent, not a file (state 'touch' "
			"creates one, copy writes one)\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arguments),
		cmocka_unit_test(test_describe),
	};

	return cmocka_run_group_tests_name("file", tests, NULL, NULL);
}
