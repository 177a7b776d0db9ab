/*
 * cmd-run-progress.c - the live progress line; see cmd-run-progress.h.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd-run-progress.h"
#include "modules/module.h"
#include "lang/playbook.h"
#include "engine/run.h"
#include "base/xmalloc.h"

#define PROGRESS_BAR 20
#define PROGRESS_NAMES 3

struct progress {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	int stop;
	int drawn; /* a line is on the screen */
	struct run *run;
};

/* Draws the line (lock held). */
static void progress_draw(struct progress *p)
{
	struct run *r = p->run;
	const struct play *play;
	size_t w, first, n, done, failed, i, flight = 0, named = 0;
	char bar[PROGRESS_BAR + 1];

	if (r == NULL || r->n_waves == 0)
		return;
	play = &r->ctx.playbook->plays[r->ctx.play_index];
	w = __atomic_load_n(&r->live_wave, __ATOMIC_RELAXED);
	first = __atomic_load_n(&r->live_first, __ATOMIC_RELAXED);
	done = __atomic_load_n(&r->live_done, __ATOMIC_RELAXED);
	failed = __atomic_load_n(&r->live_failed, __ATOMIC_RELAXED);
	if (w >= r->n_waves)
		return;
	n = r->wave_sizes[w];
	for (i = 0; i < PROGRESS_BAR; i++)
		bar[i] = n && i < done * PROGRESS_BAR / n ? '#' : '.';
	bar[PROGRESS_BAR] = '\0';
	printf("\r\033[Kwave %zu/%zu [%s] %zu/%zu done, %zu failed", w + 1,
	       r->n_waves, bar, done, n, failed);
	for (i = first; i < first + n && i < r->n_hosts; i++) {
		struct host_run *hr = &r->hosts[i];
		enum host_state st =
			__atomic_load_n(&hr->state, __ATOMIC_RELAXED);
		unsigned task;

		if (st == HOST_PENDING || st == HOST_DONE)
			continue;
		flight++;
		if (named++ >= PROGRESS_NAMES)
			continue;
		task = __atomic_load_n(&hr->task_now, __ATOMIC_RELAXED);
		if (st == HOST_TASKS && task < play->n_tasks)
			printf("%s %s: %s", named == 1 ? " |" : ",",
			       hr->host->name,
			       play->tasks[task].name
				       ? play->tasks[task].name
				       : play->tasks[task].module->name);
		else
			printf("%s %s: %s", named == 1 ? " |" : ",",
			       hr->host->name,
			       st == HOST_CONNECT  ? "connecting"
			       : st == HOST_VERIFY ? "verifying"
						   : "reverting");
	}
	if (flight > PROGRESS_NAMES)
		printf(" (+%zu)", flight - PROGRESS_NAMES);
	printf(" | %zu in flight", flight);
	fflush(stdout);
	p->drawn = 1;
}

/* The thread: redraws until told to stop. */
static void *progress_main(void *arg)
{
	struct progress *p = arg;
	struct timespec until;

	pthread_mutex_lock(&p->lock);
	while (!p->stop) {
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += 250000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&p->wake, &p->lock, &until);
		if (!p->stop)
			progress_draw(p);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

/* Starts the progress thread. */
struct progress *progress_start(void)
{
	struct progress *p = xcalloc(1, sizeof(*p));
	sigset_t all, old;
	int rc;

	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->wake, NULL);
	/* Signals stay with the main thread, which stops the run. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	rc = pthread_create(&p->thread, NULL, progress_main, p);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		pthread_mutex_destroy(&p->lock);
		pthread_cond_destroy(&p->wake);
		free(p);
		return NULL;
	}
	return p;
}

/* Sets the run being shown. */
void progress_set_run(struct progress *p, struct run *r)
{
	if (p == NULL)
		return;
	pthread_mutex_lock(&p->lock);
	p->run = r;
	pthread_mutex_unlock(&p->lock);
}

/* Clears the line for the caller's output. */
void progress_lock(struct progress *p)
{
	if (p == NULL)
		return;
	pthread_mutex_lock(&p->lock);
	if (p->drawn) {
		printf("\r\033[K");
		p->drawn = 0;
	}
}

/* Lets the line come back. */
void progress_unlock(struct progress *p)
{
	if (p == NULL)
		return;
	fflush(stdout);
	pthread_mutex_unlock(&p->lock);
}

/* Stops and frees the progress line. */
void progress_stop(struct progress *p)
{
	if (p == NULL)
		return;
	pthread_mutex_lock(&p->lock);
	p->stop = 1;
	if (p->drawn)
		printf("\r\033[K");
	fflush(stdout);
	pthread_cond_signal(&p->wake);
	pthread_mutex_unlock(&p->lock);
	pthread_join(p->thread, NULL);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->wake);
	free(p);
}
