/*
 * test-wave.c - unit tests for orchestrator/engine/wave.c.
 *
 * The wave sizes below are what Ansible 2.14's own
 * PlaybookExecutor._get_serialized_batches() returns for the same serial
 * and host count (computed by calling it), so crest cuts waves exactly as
 * Ansible's serial does.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine/wave.h"
#include "base/xmalloc.h"

#define P(n)                                                                   \
	{                                                                      \
		1, n                                                           \
	}
#define C(n)                                                                   \
	{                                                                      \
		0, n                                                           \
	}

/* One case: waves, host count, the sizes Ansible gives. */
struct sizes_case {
	struct wave_size waves[4];
	size_t n_waves;
	size_t n_hosts;
	const char *want;
};

static const struct sizes_case cases[] = {
	{{{0, 0}}, 0, 5, "5"},
	{{C(1)}, 1, 5, "1 1 1 1 1"},
	{{C(2)}, 1, 5, "2 2 1"},
	{{C(0)}, 1, 7, "7"},
	{{P(30)}, 1, 10, "3 3 3 1"},
	{{P(30)}, 1, 7, "2 2 2 1"},
	{{P(100)}, 1, 9, "9"},
	{{C(1), P(10), P(50), P(100)}, 4, 20, "1 2 10 7"},
	{{C(1), P(10), P(50), P(100)}, 4, 3, "1 1 1"},
	{{C(1), C(2), C(3)}, 3, 20, "1 2 3 3 3 3 3 2"},
	{{C(5), C(1)}, 2, 6, "5 1"},
	{{P(50), P(0)}, 2, 10, "5 1 1 1 1 1"},
	{{P(25)}, 1, 3, "1 1 1"},
	{{C(3)}, 1, 0, ""},
	{{C(1), P(10), P(50)}, 3, 100, "1 10 50 39"},
	{{P(33)}, 1, 100, "33 33 33 1"},
	{{C(10)}, 1, 3, "3"},
	{{C(7)}, 1, 15, "7 7 1"},
};

/* Every case gives Ansible's batches. */
static void test_sizes(void **state)
{
	size_t i, j, n, *sizes;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf b = BUF_INIT;

		sizes = wave_sizes(cases[i].waves, cases[i].n_waves,
				   cases[i].n_hosts, &n);
		for (j = 0; j < n; j++)
			buf_addf(&b, "%s%zu", j ? " " : "", sizes[j]);
		if (strcmp(b.data, cases[i].want) != 0)
			fail_msg("case %zu: got '%s', want '%s'", i, b.data,
				 cases[i].want);
		buf_release(&b);
		free(sizes);
	}
}

/* Failures must exceed the limit, in count and in percent. */
static void test_failed(void **state)
{
	struct failure_limit zero = {0, 0}, two = {0, 2}, ten = {1, 10},
			     half = {1, 50};

	assert_false(wave_failed(&zero, 5, 0));
	assert_true(wave_failed(&zero, 5, 1));
	assert_false(wave_failed(&two, 10, 2));
	assert_true(wave_failed(&two, 10, 3));
	/* 1 of 10 is 10%: reached, not exceeded. */
	assert_false(wave_failed(&ten, 10, 1));
	assert_true(wave_failed(&ten, 10, 2));
	/* 1 of 5 is 20% > 10%. */
	assert_true(wave_failed(&ten, 5, 1));
	assert_false(wave_failed(&half, 4, 2));
	assert_true(wave_failed(&half, 4, 3));
}

/* Makes n hosts named by names, with rack values. */
static struct host **make_hosts(const char *const *names,
				const char *const *racks, size_t n)
{
	struct host **hosts = xcalloc(n, sizeof(*hosts));
	size_t i;

	for (i = 0; i < n; i++) {
		hosts[i] = xcalloc(1, sizeof(**hosts));
		hosts[i]->name = xstrdup(names[i]);
		hosts[i]->vars = json_object();
		if (racks && racks[i])
			json_object_set_new(hosts[i]->vars, "rack",
					    json_string(racks[i]));
	}
	return hosts;
}

/* Frees what make_hosts() made. */
static void free_hosts(struct host **hosts, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(hosts[i]->name);
		json_decref(hosts[i]->vars);
		free(hosts[i]);
	}
	free(hosts);
}

/* Joins host names with spaces; caller frees. */
static char *names_of(struct host **hosts, size_t n)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < n; i++)
		buf_addf(&b, "%s%s", i ? " " : "", hosts[i]->name);
	return buf_detach(&b, NULL);
}

/* Orders: as given, reversed, by name, and a seeded shuffle that is the
 * same for the same seed. */
static void test_order(void **state)
{
	static const char *const names[] = {"c", "a", "d", "b", "e"};
	struct host **h = make_hosts(names, NULL, 5);
	char *s, *first;

	wave_order(h, 5, ORDER_INVENTORY, 0);
	s = names_of(h, 5);
	assert_string_equal(s, "c a d b e");
	free(s);
	wave_order(h, 5, ORDER_REVERSE_INVENTORY, 0);
	s = names_of(h, 5);
	assert_string_equal(s, "e b d a c");
	free(s);
	wave_order(h, 5, ORDER_SORTED, 0);
	s = names_of(h, 5);
	assert_string_equal(s, "a b c d e");
	free(s);
	wave_order(h, 5, ORDER_REVERSE_SORTED, 0);
	s = names_of(h, 5);
	assert_string_equal(s, "e d c b a");
	free(s);
	wave_order(h, 5, ORDER_SORTED, 0);
	wave_order(h, 5, ORDER_SHUFFLE, 42);
	first = names_of(h, 5);
	wave_order(h, 5, ORDER_SORTED, 0);
	wave_order(h, 5, ORDER_SHUFFLE, 42);
	s = names_of(h, 5);
	assert_string_equal(s, first);
	assert_string_not_equal(s, "a b c d e");
	free(s);
	free(first);
	free_hosts(h, 5);
}

/* Spreading by rack gives every prefix its share of each rack. */
static void test_spread(void **state)
{
	static const char *const names[] = {"a1", "a2", "a3", "a4",
					    "b1", "b2", "c1", "c2"};
	static const char *const racks[] = {"a", "a", "a",  "a",
					    "b", "b", NULL, NULL};
	struct host **h = make_hosts(names, racks, 8);
	char *s;

	wave_spread(h, 8, "rack");
	s = names_of(h, 8);
	assert_string_equal(s, "a1 b1 c1 a2 a3 b2 c2 a4");
	free(s);
	free_hosts(h, 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_failed),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_spread),
	};

	return cmocka_run_group_tests_name("wave", tests, NULL, NULL);
}
