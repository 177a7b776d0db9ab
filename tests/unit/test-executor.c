/*
 * test-executor.c - unit tests for orchestrator/engine/executor.c.
 */
#include <pthread.h>
#include <signal.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "engine/executor.h"

#define MAX_TASKS 200

/* One fake host. */
struct fake_task {
	int index;
	unsigned sleep_us;
	int ran;
	pthread_t worker;
};

/* What the callbacks see. */
struct fake_run {
	struct fake_task tasks[MAX_TASKS];
	int n, next, finished, get_next_after_end;
	int order[MAX_TASKS];
	pthread_t caller;
	int wrong_thread;
	pthread_mutex_t lock;
	int active, peak;
};

static struct fake_run fr;

/* Hands out the tasks in order. */
static int fake_get_next(void *data, void **task)
{
	struct fake_run *r = data;

	if (!pthread_equal(pthread_self(), r->caller))
		r->wrong_thread = 1;
	if (r->next > r->n)
		r->get_next_after_end = 1;
	if (r->next >= r->n) {
		r->next++;
		return 0;
	}
	*task = &r->tasks[r->next++];
	return 1;
}

/* Counts how many run at once and sleeps like a slow host. */
static int fake_run_task(void *arg)
{
	struct fake_task *t = arg;

	pthread_mutex_lock(&fr.lock);
	fr.active++;
	if (fr.active > fr.peak)
		fr.peak = fr.active;
	pthread_mutex_unlock(&fr.lock);
	usleep(t->sleep_us);
	t->ran++;
	t->worker = pthread_self();
	pthread_mutex_lock(&fr.lock);
	fr.active--;
	pthread_mutex_unlock(&fr.lock);
	return -t->index;
}

/* Records the end of a task and checks what run returned came along. */
static void fake_finished(void *data, void *task, int result)
{
	struct fake_run *r = data;
	struct fake_task *t = task;

	if (!pthread_equal(pthread_self(), r->caller))
		r->wrong_thread = 1;
	assert_int_equal(result, -t->index);
	r->order[r->finished++] = t->index;
}

/* Sets up n fake tasks. */
static void fake_setup(int n, unsigned sleep_us)
{
	int i;

	memset(&fr, 0, sizeof(fr));
	pthread_mutex_init(&fr.lock, NULL);
	fr.n = n;
	fr.caller = pthread_self();
	for (i = 0; i < n; i++) {
		fr.tasks[i].index = i;
		fr.tasks[i].sleep_us = sleep_us;
	}
}

/* Runs the fake tasks with the given fanout. */
static void fake_go(unsigned forks)
{
	struct executor_options o = {forks, fake_get_next, fake_run_task,
				     fake_finished, &fr};
	struct error err = ERROR_INIT;

	assert_int_equal(executor_run(&o, &err), 0);
}

/* Every task runs exactly once and every end is reported, on the caller's
 * thread, and get_next is not asked again after saying no. */
static void test_all_run_once(void **state)
{
	int i;

	fake_setup(MAX_TASKS, 100);
	fake_go(7);
	assert_int_equal(fr.finished, MAX_TASKS);
	for (i = 0; i < MAX_TASKS; i++)
		assert_int_equal(fr.tasks[i].ran, 1);
	assert_false(fr.wrong_thread);
	assert_false(fr.get_next_after_end);
}

/* The fanout is a ceiling that is reached, never passed. */
static void test_forks_bound(void **state)
{
	fake_setup(40, 20000);
	fake_go(8);
	assert_int_equal(fr.peak, 8);
	assert_int_equal(fr.finished, 40);
}

/* No more workers than tasks, whatever the fanout. */
static void test_threads_not_more_than_tasks(void **state)
{
	pthread_t seen[3];
	int n = 0, i, j, dup;

	fake_setup(3, 20000);
	fake_go(50);
	for (i = 0; i < 3; i++) {
		dup = 0;
		for (j = 0; j < n; j++)
			dup |= pthread_equal(seen[j], fr.tasks[i].worker);
		if (!dup)
			seen[n++] = fr.tasks[i].worker;
	}
	assert_int_equal(fr.peak, 3);
	assert_true(n <= 3);
}

/* Workers block SIGINT, so that it reaches the thread that called
 * executor_run(). */
static int fake_run_sigmask(void *arg)
{
	sigset_t cur;

	pthread_sigmask(SIG_BLOCK, NULL, &cur);
	return sigismember(&cur, SIGINT) && sigismember(&cur, SIGTERM) &&
			       !sigismember(&cur, SIGSEGV)
		       ? 0
		       : -1;
}

/* Counts the tasks whose worker had the right signal mask. */
static void fake_finished_mask(void *data, void *task, int result)
{
	int *bad = data;

	*bad += result != 0;
}

/* Hands out five tasks. */
static int five_tasks(void *data, void **task)
{
	static int n;

	if (n >= 5) {
		n = 0;
		return 0;
	}
	*task = &fr.tasks[n++];
	return 1;
}

static void test_workers_block_signals(void **state)
{
	int bad = 0;
	struct executor_options o = {3, five_tasks, fake_run_sigmask,
				     fake_finished_mask, &bad};
	struct error err = ERROR_INIT;
	sigset_t cur;

	assert_int_equal(executor_run(&o, &err), 0);
	assert_int_equal(bad, 0);
	/* The caller's own mask is left as it was. */
	pthread_sigmask(SIG_BLOCK, NULL, &cur);
	assert_false(sigismember(&cur, SIGINT));
}

/* One fork runs tasks one after the other, in order. */
static void test_one_fork_in_order(void **state)
{
	int i;

	fake_setup(20, 0);
	fake_go(1);
	assert_int_equal(fr.peak, 1);
	for (i = 0; i < 20; i++)
		assert_int_equal(fr.order[i], i);
}

/* No task at all is fine. */
static void test_no_tasks(void **state)
{
	fake_setup(0, 0);
	fake_go(0);
	assert_int_equal(fr.finished, 0);
	assert_false(fr.get_next_after_end);
}

/* Default fanout applies when forks is 0. */
static void test_default_forks(void **state)
{
	fake_setup(MAX_TASKS, 20000);
	fake_go(0);
	assert_int_equal(fr.peak, CREST_FORKS_DEFAULT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_run_once),
		cmocka_unit_test(test_forks_bound),
		cmocka_unit_test(test_threads_not_more_than_tasks),
		cmocka_unit_test(test_one_fork_in_order),
		cmocka_unit_test(test_workers_block_signals),
		cmocka_unit_test(test_no_tasks),
		cmocka_unit_test(test_default_forks),
	};

	return cmocka_run_group_tests_name("executor", tests, NULL, NULL);
}
