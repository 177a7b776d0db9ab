/*
 * notify.c - the notifier: the events the targets asked for, queued from
 * the journal and delivered by one thread off the run's path; see
 * notify.h.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/json-get.h"
#include "base/monotime.h"
#include "base/xmalloc.h"
#include "notify-int.h"
#include "notify.h"

/* Events waiting at most; a full queue drops the newest. */
#define NOTIFY_QUEUE 64

/* One event to deliver: which of them, and its payload. */
struct notify_item {
	unsigned bit;
	char *name;
	char *body; /* the JSON payload */
};

struct notifier {
	struct notify_config cfg;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	pthread_t thread;
	struct notify_item queue[NOTIFY_QUEUE];
	size_t head, n;
	int busy, closing;
	struct buf warnings; /* lines, each ended by '\n' */
	char *run;	     /* the run id, from run_start */
	char *playbook;
	unsigned play;	    /* the last play_start's (1-based) */
	unsigned done_play; /* waves up to done_wave of done_play (and */
	unsigned done_wave; /* every play before) were notified before */
};

/* Delivers one item to every target that wants it. */
static void deliver(struct notifier *n, const struct notify_item *it)
{
	struct buf warn = BUF_INIT;
	char *subject;
	size_t i;

	for (i = 0; i < n->cfg.n_targets; i++) {
		const struct notify_target *t = &n->cfg.targets[i];
		int rc;

		if (!(t->events & it->bit))
			continue;
		buf_reset(&warn);
		if (t->is_mail) {
			subject = xasprintf("crest: %s of run %s (%s)",
					    it->name, n->run ? n->run : "?",
					    n->playbook ? n->playbook : "?");
			rc = notify_mail(t, subject, it->body, &warn);
			free(subject);
		} else {
			rc = notify_webhook(t, it->body, &warn);
		}
		if (rc < 0) {
			pthread_mutex_lock(&n->lock);
			buf_addf(&n->warnings, "%s\n", warn.data);
			pthread_mutex_unlock(&n->lock);
		}
	}
	buf_release(&warn);
}

/* The thread: delivers queued items until closing and empty. */
static void *notifier_main(void *data)
{
	struct notifier *n = data;
	struct notify_item it;

	pthread_mutex_lock(&n->lock);
	for (;;) {
		while (n->n == 0 && !n->closing)
			pthread_cond_wait(&n->cond, &n->lock);
		if (n->n == 0)
			break;
		it = n->queue[n->head];
		n->head = (n->head + 1) % NOTIFY_QUEUE;
		n->n--;
		n->busy = 1;
		pthread_mutex_unlock(&n->lock);
		deliver(n, &it);
		free(it.name);
		free(it.body);
		pthread_mutex_lock(&n->lock);
		n->busy = 0;
		pthread_cond_broadcast(&n->cond);
	}
	pthread_mutex_unlock(&n->lock);
	return NULL;
}

/* Queues one event under its notify name. */
static void enqueue(struct notifier *n, unsigned bit, const char *name,
		    const json_t *ev)
{
	json_t *payload;
	char *body;
	size_t i, wanted = 0;

	for (i = 0; i < n->cfg.n_targets; i++)
		if (n->cfg.targets[i].events & bit)
			wanted = 1;
	if (!wanted)
		return;
	payload = json_pack("{s:s, s:s?, s:s?, s:O}", "event", name, "run",
			    n->run, "playbook", n->playbook, "journal", ev);
	body = json_dumps(payload, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(payload);
	pthread_mutex_lock(&n->lock);
	if (n->n == NOTIFY_QUEUE) {
		buf_addf(&n->warnings,
			 "notification %s dropped: %d are waiting already\n",
			 name, NOTIFY_QUEUE);
		free(body);
	} else {
		struct notify_item *it =
			&n->queue[(n->head + n->n) % NOTIFY_QUEUE];

		it->bit = bit;
		it->name = xstrdup(name);
		it->body = body;
		n->n++;
		pthread_cond_broadcast(&n->cond);
	}
	pthread_mutex_unlock(&n->lock);
}

/* Names the run before its first event. */
void notifier_name_run(struct notifier *n, const char *run,
		       const char *playbook)
{
	if (n == NULL)
		return;
	free(n->run);
	free(n->playbook);
	n->run = run ? xstrdup(run) : NULL;
	n->playbook = playbook ? xstrdup(playbook) : NULL;
}

/* Notes what an earlier session of the run notified already. */
void notifier_replayed(struct notifier *n, unsigned play, unsigned wave)
{
	if (n == NULL)
		return;
	n->done_play = play;
	n->done_wave = wave;
}

/* Says whether a wave_end is a replayed wave's, notified before. */
static int wave_replayed(const struct notifier *n, const json_t *ev)
{
	unsigned wave = (unsigned)json_get_int(ev, "wave", 0);

	return n->play < n->done_play ||
	       (n->play == n->done_play && wave <= n->done_wave);
}

/* The journal's listener: maps journal events to notify events. */
void notifier_event(void *data, const json_t *ev)
{
	struct notifier *n = data;
	const char *kind = json_string_value(json_object_get(ev, "event"));
	const char *status = json_string_value(json_object_get(ev, "status"));

	if (kind == NULL)
		return;
	if (strcmp(kind, "run_start") == 0) {
		/* Named by the session already; the thread may read it. */
		if (n->run == NULL)
			notifier_name_run(
				n,
				json_string_value(json_object_get(ev, "run")),
				json_string_value(
					json_object_get(ev, "playbook")));
		enqueue(n, NOTIFY_RUN_START, "run_start", ev);
	} else if (strcmp(kind, "play_start") == 0) {
		n->play = (unsigned)json_get_int(ev, "play", 0);
	} else if (strcmp(kind, "wave_end") == 0) {
		if (!wave_replayed(n, ev))
			enqueue(n, NOTIFY_WAVE_END, "wave_end", ev);
	} else if (strcmp(kind, "rollback_start") == 0 ||
		   strcmp(kind, "rollback_run_start") == 0) {
		/* A wave reverting, or crest rollback of the whole run. */
		enqueue(n, NOTIFY_ROLLBACK, "rollback", ev);
	} else if (strcmp(kind, "run_end") == 0) {
		if (status && strcmp(status, "paused") == 0)
			enqueue(n, NOTIFY_PAUSE, "pause", ev);
		else if (status && strcmp(status, "ok") != 0)
			enqueue(n, NOTIFY_FAILURE, "failure", ev);
		enqueue(n, NOTIFY_RUN_END, "run_end", ev);
	}
}

/* Reads the sections and starts the thread. */
int notifier_start(const struct notify_section *sections, size_t n_sections,
		   const char *dir, struct notifier **out, struct error *err)
{
	struct notifier *n = xcalloc(1, sizeof(*n));
	size_t i;
	int failed = 0;

	*out = NULL;
	for (i = 0; i < n_sections && !failed; i++)
		failed = notify_config_parse(sections[i].node,
					     sections[i].origin, dir, &n->cfg,
					     err) < 0;
	if (failed || n->cfg.n_targets == 0) {
		notify_config_release(&n->cfg);
		free(n);
		return failed ? -1 : 0;
	}
	if (n->cfg.wait == 0)
		n->cfg.wait = NOTIFY_WAIT_DEFAULT;
	pthread_mutex_init(&n->lock, NULL);
	pthread_cond_init(&n->cond, NULL);
	n->warnings = (struct buf)BUF_INIT;
	if (pthread_create(&n->thread, NULL, notifier_main, n) != 0) {
		notify_config_release(&n->cfg);
		free(n);
		return error_set(err, ERROR_SYSTEM,
				 "cannot start the notifier's thread");
	}
	*out = n;
	return 0;
}

/* Waits for the queue, at most cfg.wait, and hands the warnings on. */
void notifier_finish(struct notifier *n,
		     void (*warn)(void *data, const char *text), void *data)
{
	struct timespec until;
	char *line, *nl;
	int drained;

	if (n == NULL)
		return;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += n->cfg.wait;
	pthread_mutex_lock(&n->lock);
	n->closing = 1;
	pthread_cond_broadcast(&n->cond);
	while ((n->n > 0 || n->busy) &&
	       pthread_cond_timedwait(&n->cond, &n->lock, &until) == 0)
		;
	drained = n->n == 0 && !n->busy;
	if (!drained)
		buf_addf(&n->warnings,
			 "%zu notification%s not delivered within %us: the "
			 "run does not wait longer\n",
			 n->n + (size_t)n->busy,
			 n->n + (size_t)n->busy == 1 ? "" : "s", n->cfg.wait);
	for (line = n->warnings.data; line && (nl = strchr(line, '\n'));
	     line = nl + 1) {
		*nl = '\0';
		if (warn)
			warn(data, line);
	}
	pthread_mutex_unlock(&n->lock);
	if (!drained) {
		/* A delivery under way is abandoned with the process; the
		 * thread keeps what it uses. */
		pthread_detach(n->thread);
		return;
	}
	pthread_join(n->thread, NULL);
	notify_config_release(&n->cfg);
	buf_release(&n->warnings);
	free(n->run);
	free(n->playbook);
	pthread_mutex_destroy(&n->lock);
	pthread_cond_destroy(&n->cond);
	free(n);
}
