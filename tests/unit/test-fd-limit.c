/*
 * test-fd-limit.c - unit tests for orchestrator/engine/fd-limit.c: how
 * many hosts fit under an open-file limit, and raising the limit.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <sys/resource.h>

#include <cmocka.h>

#include "engine/fd-limit.h"

/* The arithmetic: what is left after the open descriptors and the
 * reserve, CREST_FDS_PER_HOST a host, between 1 and forks. */
static void test_forks(void **state)
{
	(void)state;
	/* ulimit -n 64 with stdin, stdout, stderr open: (64-3-32)/4. */
	assert_int_equal(fd_limit_forks(50, 64, 3), 7);
	assert_int_equal(fd_limit_forks(5, 64, 3), 5);
	/* Plenty: forks as asked. */
	assert_int_equal(fd_limit_forks(1000, 1048576, 3), 1000);
	/* 1024, the usual soft limit, against 1000 forks. */
	assert_int_equal(fd_limit_forks(1000, 1024, 3),
			 (1024 - 3 - CREST_FDS_RESERVE) / CREST_FDS_PER_HOST);
	/* Exactly enough for forks hosts. */
	assert_int_equal(
		fd_limit_forks(
			10, 10 * CREST_FDS_PER_HOST + CREST_FDS_RESERVE + 3, 3),
		10);
	assert_int_equal(
		fd_limit_forks(
			10, 10 * CREST_FDS_PER_HOST + CREST_FDS_RESERVE + 2, 3),
		9);
	/* Too low for even one host: one at a time, never none. */
	assert_int_equal(fd_limit_forks(50, 20, 3), 1);
	assert_int_equal(fd_limit_forks(50, 36, 3), 1);
	assert_int_equal(fd_limit_forks(50, 0, 0), 1);
	assert_int_equal(fd_limit_forks(0, 64, 3), 0);
}

/* fd_limit_fit() raises the soft limit to the hard one and fits under it. */
static void test_fit_raises(void **state)
{
	struct rlimit rl, now;
	unsigned long limit;

	(void)state;
	assert_int_equal(getrlimit(RLIMIT_NOFILE, &rl), 0);
	if (rl.rlim_max == RLIM_INFINITY || rl.rlim_max < 128)
		skip();
	now.rlim_cur = 64;
	now.rlim_max = rl.rlim_max;
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &now), 0);
	(void)fd_limit_fit(2, &limit);
	assert_int_equal(limit, rl.rlim_max);
	assert_int_equal(getrlimit(RLIMIT_NOFILE, &now), 0);
	assert_int_equal(now.rlim_cur, rl.rlim_max);
	/* With the hard limit at 64 too, it cannot be raised: fewer forks. */
	now.rlim_cur = 64;
	now.rlim_max = 64;
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &now), 0);
	assert_true(fd_limit_fit(50, &limit) < 50);
	assert_int_equal(limit, 64);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_forks),
		cmocka_unit_test(test_fit_raises),
	};

	return cmocka_run_group_tests_name("fd-limit", tests, NULL, NULL);
}
