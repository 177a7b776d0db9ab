/*
 * test-shard.c - unit tests for inventory/shard.c: the hash is FNV-1a 64
 * (the published test vectors), and --shard K/N partitions any host list:
 * every host in exactly one shard for N = 1..8, whatever the order, and
 * the shards about equal.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "inventory/inventory.h"
#include "inventory/shard.h"

#define N_HOSTS 1000

/* Host names as a fleet has them, and the hosts around them. */
static char names[N_HOSTS][32];
static struct host hosts[N_HOSTS];

/* Fills the hosts: web-001.dc1 ... and 10.0.x.y addresses. */
static void hosts_fill(void)
{
	size_t i;

	for (i = 0; i < N_HOSTS; i++) {
		if (i % 2)
			snprintf(names[i], sizeof(names[i]), "web-%03zu.dc1",
				 i);
		else
			snprintf(names[i], sizeof(names[i]), "10.0.%zu.%zu",
				 i / 250, i % 250);
		memset(&hosts[i], 0, sizeof(hosts[i]));
		hosts[i].name = names[i];
	}
}

/* The published FNV-1a 64 vectors. */
static void test_hash_vectors(void **state)
{
	(void)state;
	assert_true(shard_hash("") == 0xcbf29ce484222325ULL);
	assert_true(shard_hash("a") == 0xaf63dc4c8601ec8cULL);
	assert_true(shard_hash("foobar") == 0x85944171f73967e8ULL);
	/* The lab's h1..h6 over 2 and 3 shards, as docs/scaling.md shows
	 * them (computed apart from crest, in Python). */
	assert_true(shard_hash("h1") == 0x08ba8707b55f07d2ULL);
	assert_int_equal(shard_of("h1", 2), 1);
	assert_int_equal(shard_of("h2", 2), 2);
	assert_int_equal(shard_of("h3", 2), 1);
	assert_int_equal(shard_of("h4", 2), 2);
	assert_int_equal(shard_of("h5", 2), 1);
	assert_int_equal(shard_of("h6", 2), 2);
	assert_int_equal(shard_of("h3", 3), 3);
	assert_int_equal(shard_of("h6", 3), 3);
	assert_int_equal(shard_of("web-01", 3), 2);
}

/* Counts how many shards of count host i is kept in, and checks that
 * shard_keep() keeps the order. */
static void partition_check(struct host **list, size_t n, unsigned count,
			    unsigned *in_shard)
{
	struct host **copy = calloc(n, sizeof(*copy));
	struct shard sh;
	size_t i, m, j;

	assert_non_null(copy);
	memset(in_shard, 0, N_HOSTS * sizeof(*in_shard));
	for (sh.index = 1, sh.count = count; sh.index <= count; sh.index++) {
		memcpy(copy, list, n * sizeof(*copy));
		m = n;
		shard_keep(copy, &m, &sh);
		for (i = 0; i < m; i++) {
			j = (size_t)(copy[i] - hosts);
			assert_true(j < N_HOSTS);
			assert_int_equal(shard_of(copy[i]->name, count),
					 sh.index);
			/* Its mark says which shard took it. */
			in_shard[j] += sh.index;
			if (i > 0) {
				size_t a = 0, b = 0;

				while (list[a] != copy[i - 1])
					a++;
				while (list[b] != copy[i])
					b++;
				assert_true(a < b);
			}
		}
	}
	free(copy);
}

/* N = 1..8: every host in exactly one shard, the same one in any order. */
static void test_partition(void **state)
{
	struct host *list[N_HOSTS], *tmp;
	unsigned first[N_HOSTS], again[N_HOSTS];
	unsigned count, seen[9];
	size_t i, j;

	(void)state;
	hosts_fill();
	for (count = 1; count <= 8; count++) {
		for (i = 0; i < N_HOSTS; i++)
			list[i] = &hosts[i];
		partition_check(list, N_HOSTS, count, first);
		memset(seen, 0, sizeof(seen));
		for (i = 0; i < N_HOSTS; i++) {
			/* Exactly one shard: the sum of the indexes that
			 * took it is one index. */
			assert_in_range(first[i], 1, count);
			assert_int_equal(first[i],
					 shard_of(hosts[i].name, count));
			seen[first[i]]++;
		}
		/* Reversed, then shuffled, then only half the fleet: the
		 * same host in the same shard. */
		for (i = 0; i < N_HOSTS; i++)
			list[i] = &hosts[N_HOSTS - 1 - i];
		partition_check(list, N_HOSTS, count, again);
		assert_memory_equal(first, again, sizeof(first));
		srand(count);
		for (i = N_HOSTS - 1; i > 0; i--) {
			j = (size_t)rand() % (i + 1);
			tmp = list[i];
			list[i] = list[j];
			list[j] = tmp;
		}
		partition_check(list, N_HOSTS, count, again);
		assert_memory_equal(first, again, sizeof(first));
		partition_check(list, N_HOSTS / 2, count, again);
		for (i = 0; i < N_HOSTS / 2; i++) {
			j = (size_t)(list[i] - hosts);
			assert_int_equal(again[j], first[j]);
		}
		/* Balanced: each shard within 20% of its even share. */
		for (i = 1; i <= count; i++) {
			assert_true(seen[i] * count * 10 >= N_HOSTS * 8);
			assert_true(seen[i] * count * 10 <= N_HOSTS * 12);
		}
	}
}

/* No shard keeps every host. */
static void test_no_shard(void **state)
{
	struct host *list[3] = {&hosts[0], &hosts[1], &hosts[2]};
	struct shard none = {0, 0};
	size_t n = 3;

	(void)state;
	hosts_fill();
	shard_keep(list, &n, &none);
	assert_int_equal(n, 3);
	shard_keep(list, &n, NULL);
	assert_int_equal(n, 3);
}

/* K/N and its errors, each naming the option and what is expected. */
static void test_parse(void **state)
{
	static const struct {
		const char *text, *error;
		unsigned k, n;
	} cases[] = {
		{"1/2", NULL, 1, 2},
		{"3/3", NULL, 3, 3},
		{"1/1", NULL, 1, 1},
		{"0/3", "--shard: '0/3': K must be from 1 to N (3)", 0, 0},
		{"4/3", "--shard: '4/3': K must be from 1 to N (3)", 0, 0},
		{"1/0", "--shard: '1/0': N must be from 1 to 65536", 0, 0},
		{"1/70000", "--shard: '1/70000': N must be from 1 to 65536", 0,
		 0},
		{"a/b",
		 "--shard: 'a/b' is not K/N (shard K of N, 1 <= K <= N, e.g. "
		 "1/4)",
		 0, 0},
		{"1", NULL, 0, 0},
		{"1/", NULL, 0, 0},
		{"/2", NULL, 0, 0},
		{"-1/2", NULL, 0, 0},
		{"1/2/3", NULL, 0, 0},
		{" 1/2", NULL, 0, 0},
		{"1/2x", NULL, 0, 0},
		{"99999999999999999999/2", NULL, 0, 0},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct error err = ERROR_INIT;
		struct shard sh = {0, 0};
		int rc = shard_parse(cases[i].text, "--shard", &sh, &err);

		if (cases[i].k) {
			assert_int_equal(rc, 0);
			assert_int_equal(sh.index, cases[i].k);
			assert_int_equal(sh.count, cases[i].n);
		} else {
			assert_int_equal(rc, -1);
			assert_int_equal(err.kind, ERROR_INVALID);
			assert_non_null(strstr(err.message, "--shard: '"));
			if (cases[i].error)
				assert_string_equal(err.message,
						    cases[i].error);
		}
		error_release(&err);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash_vectors),
		cmocka_unit_test(test_partition),
		cmocka_unit_test(test_no_shard),
		cmocka_unit_test(test_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
