/*
 * executor.c - a bounded pool of worker threads fed through callbacks; see
 * executor.h for the contract and the theory of operation.
 */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "executor.h"
#include "base/xmalloc.h"

/* Worker stacks: libssh and OpenSSL need far less; the default 8 MiB per
 * thread would only inflate the reserved address space at high --forks. */
#define EXECUTOR_STACK_SIZE (1024u * 1024u)

/* One task on its way through the queues. */
struct executor_job {
	void *task;
	int result;
	struct executor_job *next;
};

/* A FIFO of jobs. */
struct executor_queue {
	struct executor_job *head;
	struct executor_job *tail;
	unsigned len;
};

struct executor {
	const struct executor_options *opts;
	pthread_mutex_t lock;
	pthread_cond_t work_ready; /* a job was queued, or shutting down */
	pthread_cond_t job_done;   /* a job finished */
	struct executor_queue todo;
	struct executor_queue done;
	unsigned idle;	   /* workers waiting for a job */
	unsigned nthreads; /* workers started */
	pthread_t *threads;
	int shutdown;
};

/* Appends a job to a queue. */
static void executor_push(struct executor_queue *q, struct executor_job *job)
{
	job->next = NULL;
	if (q->tail)
		q->tail->next = job;
	else
		q->head = job;
	q->tail = job;
	q->len++;
}

/* Takes the oldest job off a queue, or returns NULL. */
static struct executor_job *executor_pop(struct executor_queue *q)
{
	struct executor_job *job = q->head;

	if (job == NULL)
		return NULL;
	q->head = job->next;
	if (q->head == NULL)
		q->tail = NULL;
	q->len--;
	return job;
}

/* A worker: takes jobs until told to stop, runs each outside the lock. */
static void *executor_worker(void *arg)
{
	struct executor *ex = arg;
	struct executor_job *job;

	pthread_mutex_lock(&ex->lock);
	for (;;) {
		while (ex->todo.len == 0 && !ex->shutdown) {
			ex->idle++;
			pthread_cond_wait(&ex->work_ready, &ex->lock);
			ex->idle--;
		}
		job = executor_pop(&ex->todo);
		if (job == NULL)
			break;
		pthread_mutex_unlock(&ex->lock);
		job->result = ex->opts->run(job->task);
		pthread_mutex_lock(&ex->lock);
		executor_push(&ex->done, job);
		pthread_cond_signal(&ex->job_done);
	}
	pthread_mutex_unlock(&ex->lock);
	return NULL;
}

/* Starts one more worker; returns 0 or -1.  Called with the lock held.
 * Workers block the asynchronous signals, so that SIGINT and SIGTERM reach
 * the calling thread: a signal landing on a worker would interrupt the
 * poll() in its libssh call, which libssh takes for a broken session. */
static int executor_start_worker(struct executor *ex, unsigned forks)
{
	static const int sync_signals[] = {SIGSEGV, SIGBUS,  SIGFPE,
					   SIGILL,  SIGABRT, SIGTRAP};
	pthread_attr_t attr;
	sigset_t block, old;
	size_t i;
	int rc;

	if (ex->threads == NULL)
		ex->threads = xcalloc(forks, sizeof(*ex->threads));
	sigfillset(&block);
	for (i = 0; i < sizeof(sync_signals) / sizeof(sync_signals[0]); i++)
		sigdelset(&block, sync_signals[i]);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, EXECUTOR_STACK_SIZE);
	rc = pthread_create(&ex->threads[ex->nthreads], &attr, executor_worker,
			    ex);
	pthread_attr_destroy(&attr);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0)
		return -1;
	ex->nthreads++;
	return 0;
}

/* Hands the caller every finished job; returns how many there were.
 * Called with the lock held, which it drops while calling back. */
static unsigned executor_reap(struct executor *ex)
{
	struct executor_queue done = ex->done;
	struct executor_job *job;
	unsigned n = 0;

	memset(&ex->done, 0, sizeof(ex->done));
	pthread_mutex_unlock(&ex->lock);
	while ((job = executor_pop(&done)) != NULL) {
		if (ex->opts->task_finished)
			ex->opts->task_finished(ex->opts->data, job->task,
						job->result);
		free(job);
		n++;
	}
	pthread_mutex_lock(&ex->lock);
	return n;
}

/* Runs all tasks with at most forks at once. */
int executor_run(const struct executor_options *opts, struct error *err)
{
	struct executor ex;
	struct executor_job *job;
	unsigned forks = opts->forks ? opts->forks : CREST_FORKS_DEFAULT;
	unsigned running = 0, i;
	void *task;
	int more = 1, rc = 0;

	memset(&ex, 0, sizeof(ex));
	ex.opts = opts;
	pthread_mutex_init(&ex.lock, NULL);
	pthread_cond_init(&ex.work_ready, NULL);
	pthread_cond_init(&ex.job_done, NULL);

	pthread_mutex_lock(&ex.lock);
	for (;;) {
		while (more && running < forks) {
			pthread_mutex_unlock(&ex.lock);
			more = opts->get_next(opts->data, &task);
			pthread_mutex_lock(&ex.lock);
			if (!more)
				break;
			job = xcalloc(1, sizeof(*job));
			job->task = task;
			executor_push(&ex.todo, job);
			running++;
			/* A new worker only when the idle ones cannot take
			 * everything queued. */
			if (ex.todo.len > ex.idle && ex.nthreads < forks &&
			    executor_start_worker(&ex, forks) < 0 &&
			    ex.nthreads == 0) {
				rc = error_set(err, ERROR_SYSTEM,
					       "cannot start a worker thread");
				more = 0;
				break;
			}
			pthread_cond_signal(&ex.work_ready);
		}
		if (rc < 0) {
			/* No worker to run what was queued: end it here. */
			while ((job = executor_pop(&ex.todo)) != NULL) {
				job->result = -1;
				executor_push(&ex.done, job);
			}
		}
		if (running == 0)
			break;
		while (ex.done.len == 0)
			pthread_cond_wait(&ex.job_done, &ex.lock);
		running -= executor_reap(&ex);
	}
	ex.shutdown = 1;
	pthread_cond_broadcast(&ex.work_ready);
	pthread_mutex_unlock(&ex.lock);

	for (i = 0; i < ex.nthreads; i++)
		pthread_join(ex.threads[i], NULL);
	free(ex.threads);
	pthread_cond_destroy(&ex.work_ready);
	pthread_cond_destroy(&ex.job_done);
	pthread_mutex_destroy(&ex.lock);
	return rc;
}
