/*
 * test-host-range.c - unit tests for inventory/host-range.c.
 *
 * The expansions and ports below are what Ansible 2.14's own
 * _expand_hostpattern() gives for the same patterns (computed by calling
 * it); where it raises, crest gives an error too.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "inventory/host-range.h"
#include "inventory/inventory-build.h"

/* A pattern, its hosts (space-separated) and port, or its error. */
struct range_case {
	const char *pattern;
	const char *hosts; /* NULL: an error */
	unsigned port;
	const char *error;
};

static const struct range_case cases[] = {
	{"web[01:03].example.com",
	 "web01.example.com web02.example.com web03.example.com", 0, NULL},
	{"web[1:10:3]", "web1 web4 web7 web10", 0, NULL},
	{"db-[a:c]", "db-a db-b db-c", 0, NULL},
	{"rack[1:2]-n[1:2]", "rack1-n1 rack1-n2 rack2-n1 rack2-n2", 0, NULL},
	{"10.0.[0:1].[1:2]", "10.0.0.1 10.0.0.2 10.0.1.1 10.0.1.2", 0, NULL},
	{"h[5:1]", "", 0, NULL},
	{"h[A:C]", "hA hB hC", 0, NULL},
	{"h[:2]", "h0 h1 h2", 0, NULL},
	{"h:2222", "h", 2222, NULL},
	{"[2001:db8::1]:22", "2001:db8::1", 22, NULL},
	{"2001:db8::1", "2001:db8::1", 0, NULL},
	{"web[1:2]:2200", "web1 web2", 2200, NULL},
	{"[h[1:2]]:22", "h1 h2", 22, NULL},
	{"host_:22", "host_:22", 0, NULL},
	{"fe80::1", "fe80::1", 0, NULL},
	{"x[1:3:2]y[a:b]", "x1ya x1yb x3ya x3yb", 0, NULL},
	{"h[z:a]", NULL, 0, "host range must have begin <= end"},
	{"h[01:100]", NULL, 0,
	 "host range must specify equal-length begin and end formats in "
	 "'h[01:100]'"},
	{"h[1:2:0]", NULL, 0, "bad host range in 'h[1:2:0]'"},
	{"h[a:5]", NULL, 0, "bad host range in 'h[a:5]'"},
	{"h[1]", NULL, 0,
	 "host range must be begin:end or begin:end:step in 'h[1]'"},
	{"h[0:200000]", NULL, 0,
	 "host range expands to more than 100000 hosts"},
	{"h:99999", NULL, 0, "port 99999 is beyond 65535"},
};

/* Every pattern expands as Ansible expands it. */
static void test_expand(void **state)
{
	size_t i, j;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct error err = ERROR_INIT;
		struct buf b = BUF_INIT;
		char **names = NULL;
		size_t n = 0;
		unsigned port = 0;
		int rc = host_range_expand(cases[i].pattern, &names, &n, &port,
					   &err);

		if (cases[i].hosts == NULL) {
			if (rc == 0)
				fail_msg("'%s' expanded", cases[i].pattern);
			if (strcmp(err.message, cases[i].error) != 0)
				fail_msg("'%s': got '%s', want '%s'",
					 cases[i].pattern, err.message,
					 cases[i].error);
			error_release(&err);
			continue;
		}
		if (rc < 0)
			fail_msg("'%s': %s", cases[i].pattern, err.message);
		for (j = 0; j < n; j++)
			buf_addf(&b, "%s%s", j ? " " : "", names[j]);
		if (strcmp(b.data, cases[i].hosts) != 0 ||
		    port != cases[i].port)
			fail_msg("'%s': got '%s' port %u, want '%s' port %u",
				 cases[i].pattern, b.data, port, cases[i].hosts,
				 cases[i].port);
		buf_release(&b);
		host_range_free(names, n);
	}
}

/* What counts as one address (for splitting patterns on ':'). */
static void test_addresses(void **state)
{
	assert_true(host_range_valid_address("web01.example.com", 0));
	assert_true(host_range_valid_address("10.0.0.1", 0));
	assert_true(host_range_valid_address("::1", 0));
	assert_true(host_range_valid_address("web[1:3]", 1));
	assert_false(host_range_valid_address("web[1:3]", 0));
	assert_false(host_range_valid_address("web-", 0));
	assert_false(host_range_valid_address("-web", 0));
	assert_false(host_range_valid_address("a..b", 0));
	assert_false(host_range_valid_address("", 0));
	assert_true(host_range_is_address("h1:2222"));
	assert_true(host_range_is_address("[2001:db8::1]:22"));
	assert_false(host_range_is_address("web:!legacy"));
	assert_false(host_range_is_address("web:db"));
	host_range_free(NULL, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_expand),
		cmocka_unit_test(test_addresses),
	};

	return cmocka_run_group_tests_name("host-range", tests, NULL, NULL);
}
