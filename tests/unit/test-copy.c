/*
 * test-copy.c - unit tests for modules/copy.c: the arguments it
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
	{"copy: {dest: /etc/acme.conf, content: \"level=1\\n\", mode: "
	 "\"0640\", owner: root, group: acme}",
	 NULL},
	{"copy: {dest: /etc/ca.pem, src: files/ca.pem, mode: 0644}", NULL},
	{"copy: {dest: /etc/x}",
	 "p.yml:3:5: copy: needs one of content or src"},
	{"copy: {dest: /etc/x, content: a, src: b}",
	 "p.yml:3:43: copy: give either 'content' or 'src', not both"},
	{"copy: {dest: /etc/, content: a}",
	 "p.yml:3:18: copy: 'dest' must name a file, not a directory "
	 "('/etc/')"},
	{"copy: {dest: /etc/x, content: a, mode: \"0999\"}",
	 "p.yml:3:44: copy: 'mode' must be an octal file mode such as "
	 "\"0644\", not 0999"},
	{"copy: {dest: /etc/x, content: a, owner: \"bad name\"}",
	 "p.yml:3:45: copy: 'owner' is not a valid name: 'bad name'"},
	{"copy: {content: a}",
	 "p.yml:3:5: copy: missing required argument 'dest'"},
};

/* Valid arguments load; each mistake is refused where it is. */
static void test_arguments(void **state)
{
	CHECK_TASK_CASES(cases);
	assert_ptr_equal(module_find("copy"), &module_copy);
	assert_non_null(module_copy.validate);
	assert_false(module_copy.flags & MODULE_PENDING);
	assert_non_null(module_copy.probe);
	assert_non_null(module_copy.apply);
	assert_non_null(module_copy.describe);
}

/* Describe: a new file, a diff against the old content, nothing. */
static void test_describe(void **state)
{
	assert_describe(&module_copy,
			"{\"dest\": \"/etc/a\", \"content\": \"x=1\\n\"}",
			"{\"path\": \"/etc/a\", \"kind\": \"absent\"}",
			"/etc/a: create (mode 0644)\n--- /etc/a\n+++ /etc/a\n"
			"@@ -0,0 +1,1 @@\n+x=1\n");
	assert_describe(&module_copy,
			"{\"dest\": \"/etc/a\", \"content\": \"x=2\\n\"}",
			"{\"path\": \"/etc/a\", \"kind\": \"file\", \"mode\": "
			"\"0644\", \"owner\": \"root\", \"group\": \"root\", "
			"\"size\": 4, \"sha256\": \"0123456789abcdef\", "
			"\"same_content\": false, \"_content\": \"x=1\\n\"}",
			"/etc/a: new content (was 4 bytes, sha256 0123456789ab)"
			"\n--- /etc/a\n+++ /etc/a\n@@ -1,1 +1,1 @@\n-x=1\n"
			"+x=2\n");
	assert_describe(&module_copy,
			"{\"dest\": \"/etc/a\", \"content\": \"x=1\\n\", "
			"\"mode\": \"600\"}",
			"{\"path\": \"/etc/a\", \"kind\": \"file\", \"mode\": "
			"\"0644\", \"owner\": \"root\", \"group\": \"root\", "
			"\"same_content\": true}",
			"/etc/a: mode 0644 -> 600\n");
	assert_describe(&module_copy,
			"{\"dest\": \"/etc/a\", \"content\": \"x=1\\n\", "
			"\"mode\": \"0644\", \"owner\": \"root\"}",
			"{\"path\": \"/etc/a\", \"kind\": \"file\", \"mode\": "
			"\"0644\", \"owner\": \"root\", \"group\": \"root\", "
			"\"same_content\": true}",
			"/etc/a: unchanged\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arguments),
		cmocka_unit_test(test_describe),
	};

	return cmocka_run_group_tests_name("copy", tests, NULL, NULL);
}
