/*
 * test-lock.c - unit tests for orchestrator/engine/lock.c, across processes.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "engine/lock.h"
#include "engine/state.h"
#include "base/xmalloc.h"

/* A second holder is refused while the first lives, with its run named;
 * after the first dies, the lock is taken over and the stale run named. */
static void test_refuse_then_take_over(void **state)
{
	char tmpl[] = "/tmp/crest-test-lock.XXXXXX";
	struct error err = ERROR_INIT;
	struct lock *l = NULL;
	char *dir = NULL, *stale = NULL, *cmd;
	int ready[2];
	pid_t child;
	char c;

	assert_non_null(mkdtemp(tmpl));
	assert_int_equal(state_dir_open(tmpl, &dir, &err), 0);
	assert_int_equal(pipe(ready), 0);
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		struct lock *mine = NULL;

		if (lock_take(dir, "inventory/prod", "20260101-000000-aaaa",
			      &mine, NULL, &err) < 0)
			_exit(1);
		(void)write(ready[1], "x", 1);
		pause();
		_exit(0);
	}
	assert_int_equal(read(ready[0], &c, 1), 1);

	assert_int_equal(lock_take(dir, "inventory/prod",
				   "20260101-000000-bbbb", &l, &stale, &err),
			 -1);
	assert_null(l);
	assert_int_equal(err.kind, ERROR_INVALID);
	assert_non_null(strstr(err.message, "run 20260101-000000-aaaa"));
	error_release(&err);

	/* Another inventory is another lock. */
	assert_int_equal(lock_take(dir, "inventory/staging",
				   "20260101-000000-bbbb", &l, &stale, &err),
			 0);
	assert_null(stale);
	lock_release(l);
	l = NULL;

	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	assert_int_equal(lock_take(dir, "inventory/prod",
				   "20260101-000000-bbbb", &l, &stale, &err),
			 0);
	assert_string_equal(stale, "20260101-000000-aaaa");
	free(stale);
	lock_release(l);

	/* Released cleanly: no stale run next time. */
	assert_int_equal(lock_take(dir, "inventory/prod",
				   "20260101-000000-cccc", &l, &stale, &err),
			 0);
	assert_null(stale);
	lock_release(l);
	close(ready[0]);
	close(ready[1]);
	cmd = xasprintf("rm -rf '%s'", tmpl);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(dir);
}

/* Shards: many shared holders at once; an exclusive run is refused while
 * they hold it (and they while it does), each refusal naming the holder. */
static void test_shared(void **state)
{
	char tmpl[] = "/tmp/crest-test-lock.XXXXXX";
	struct error err = ERROR_INIT;
	struct lock *a = NULL, *b = NULL, *x = NULL;
	char *dir = NULL, *stale = NULL, *cmd;

	(void)state;
	assert_non_null(mkdtemp(tmpl));
	assert_int_equal(state_dir_open(tmpl, &dir, &err), 0);
	assert_int_equal(lock_take_shared(dir, "inv", &a, &stale, &err), 0);
	assert_null(stale);
	assert_int_equal(lock_take_shared(dir, "inv", &b, &stale, &err), 0);
	assert_null(stale);
	assert_int_equal(
		lock_take(dir, "inv", "20260101-000000-aaaa", &x, &stale, &err),
		-1);
	assert_null(x);
	assert_non_null(strstr(err.message, "--shard runs hold these hosts"));
	error_release(&err);
	lock_release(a);
	assert_int_equal(
		lock_take(dir, "inv", "20260101-000000-aaaa", &x, &stale, &err),
		-1);
	error_release(&err);
	lock_release(b);

	/* All shards gone: the whole run takes it, and refuses a shard. */
	assert_int_equal(
		lock_take(dir, "inv", "20260101-000000-aaaa", &x, &stale, &err),
		0);
	assert_null(stale);
	a = NULL;
	assert_int_equal(lock_take_shared(dir, "inv", &a, &stale, &err), -1);
	assert_null(a);
	assert_non_null(strstr(err.message, "run 20260101-000000-aaaa"));
	error_release(&err);
	lock_release(x);
	cmd = xasprintf("rm -rf '%s'", tmpl);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refuse_then_take_over),
		cmocka_unit_test(test_shared),
	};

	return cmocka_run_group_tests_name("lock", tests, NULL, NULL);
}
