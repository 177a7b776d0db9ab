/*
 * test-facts-parse.c - unit tests for orchestrator/facts/facts-parse.c:
 * a host's answer to the facts script into JSON, hostile answers
 * included.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/xmalloc.h"
#include "facts/facts-parse.h"

/* Returns the string at a dotted-free two-level path of facts. */
static const char *str_at(const json_t *f, const char *a, const char *b)
{
	const json_t *v = json_object_get(f, a);

	return json_string_value(b ? json_object_get(v, b) : v);
}

/* A Debian host's answer gives every fact. */
static void test_debian(void **state)
{
	static const char answer[] =
		"@@ hostname\nh1\n"
		"@@ os-release\nPRETTY_NAME=\"Debian GNU/Linux 12 "
		"(bookworm)\"\n"
		"ID=debian\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\n"
		"@@ kernel\n6.1.0-18-amd64\n@@ arch\nx86_64\n"
		"@@ cpu_model\nIntel(R) Xeon(R) CPU\n@@ cpu_count\n2\n"
		"@@ meminfo\nMemTotal:        4028436 kB\n"
		"@@ df\n/dev/sda1 30832548 9876543 19383208 34% /\n"
		"tmpfs 2014216 0 2014216 0% /run\n"
		"@@ uptime\n12345\n@@ boot_id\n0b7c-id\n@@ virt\nkvm\n"
		"@@ packages\nacme-agent 1.0\nbash 5.2.15-2+b2\n"
		"@@ modules\ne1000e 3.2.6-k\n@@ failed_units\nfoo.service\n"
		"@@ reboot\nno\n";
	struct error err = ERROR_INIT;
	json_t *f = NULL;

	(void)state;
	assert_int_equal(facts_parse(answer, &f, &err), 0);
	assert_string_equal(str_at(f, "hostname", NULL), "h1");
	assert_string_equal(str_at(f, "os", "id"), "debian");
	assert_string_equal(str_at(f, "os", "version"), "12");
	assert_string_equal(str_at(f, "os", "codename"), "bookworm");
	assert_string_equal(str_at(f, "os", "pretty"),
			    "Debian GNU/Linux 12 (bookworm)");
	assert_string_equal(str_at(f, "kernel", NULL), "6.1.0-18-amd64");
	assert_string_equal(str_at(f, "cpu", "model"), "Intel(R) Xeon(R) CPU");
	assert_int_equal(json_integer_value(json_object_get(
				 json_object_get(f, "cpu"), "count")),
			 2);
	assert_int_equal(json_integer_value(json_object_get(f, "memory_mb")),
			 4028436 / 1024);
	assert_int_equal(json_array_size(json_object_get(f, "filesystems")), 2);
	assert_string_equal(str_at(f, "packages", "acme-agent"), "1.0");
	assert_string_equal(str_at(f, "modules", "e1000e"), "3.2.6-k");
	assert_string_equal(str_at(f, "virt", NULL), "kvm");
	assert_int_equal(json_array_size(json_object_get(f, "failed_units")),
			 1);
	assert_true(json_is_false(json_object_get(f, "reboot_required")));
	json_decref(f);
}

/* Garbage, bad UTF-8, long lines and unknown sections are skipped. */
static void test_hostile(void **state)
{
	struct error err = ERROR_INIT;
	char *big = xmalloc(5000);
	json_t *f = NULL;

	(void)state;
	assert_int_equal(facts_parse("no sections here\n", &f, &err), -1);
	assert_non_null(strstr(err.message, "no facts"));
	error_release(&err);
	memset(big, 'a', 4999);
	big[0] = '@', big[1] = '@', big[2] = ' ';
	big[4999] = '\0';
	assert_int_equal(facts_parse(big, &f, &err), 0);
	json_decref(f);
	assert_int_equal(facts_parse("@@ packages\n\xff\xfe 1.0\nok 2\n"
				     "@@ df\nnot a df line\n@@ meminfo\n"
				     "MemTotal: x kB\n@@ reboot\nyes\r\n",
				     &f, &err),
			 0);
	assert_int_equal(json_object_size(json_object_get(f, "packages")), 1);
	assert_int_equal(json_array_size(json_object_get(f, "filesystems")), 0);
	assert_true(json_is_null(json_object_get(f, "memory_mb")));
	assert_true(json_is_true(json_object_get(f, "reboot_required")));
	json_decref(f);
	free(big);
}

/* facts_keys names the keys of every facts object, in order: what host
 * patterns' facts terms may start with. */
static void test_keys(void **state)
{
	struct error err = ERROR_INIT;
	const char *key;
	json_t *f = NULL, *v;
	size_t i = 0;

	(void)state;
	assert_int_equal(facts_parse("@@ hostname\nh1\n", &f, &err), 0);
	json_object_foreach(f, key, v)
	{
		assert_non_null(facts_keys[i]);
		assert_string_equal(key, facts_keys[i]);
		i++;
	}
	assert_null(facts_keys[i]);
	json_decref(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_debian),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_keys),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
