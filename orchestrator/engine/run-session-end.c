/*
 * run-session-end.c - what every session does around its work, so that a
 * run, a resume, "crest approve", "crest abort" and "crest rollback"
 * begin and end the same way: the notifier started from crest.yml's and
 * the plays' notify:, the journal's tee and listener, the output's begin,
 * and one end: run_end journalled, the notifier drained (its warnings to
 * the output), the lock let go, the output's end.
 */
#include <libgen.h>
#include <stdlib.h>
#include <string.h>

#include "base/xmalloc.h"
#include "notify/notify.h"
#include "run-session-int.h"

/* Starts the notifier of every notify: the run's commit holds. */
int session_notify_start(struct session *s, struct error *err)
{
	const struct git_source *gs = s->gs;
	size_t p, n = s->pb->n_plays + 1;
	struct notify_section *sections = xcalloc(n, sizeof(*sections));
	char *copy = NULL;
	const char *dir = gs->root ? gs->root : gs->tmpdir;
	int ret;

	/* crest.yml's targets, then each play's, for the whole run. */
	sections[0].node = crest_yml_get(&gs->crest_yml, "notify");
	sections[0].origin = NOTIFY_IN_CREST_YML;
	for (p = 0; p < s->pb->n_plays; p++) {
		sections[p + 1].node = s->pb->plays[p].notify;
		sections[p + 1].origin = NOTIFY_IN_PLAY;
	}
	/* Files on disk: secret_file is taken from the playbook's folder. */
	if (dir == NULL) {
		copy = xstrdup(gs->playbook_path);
		dir = dirname(copy);
	}
	ret = notifier_start(sections, n, dir, &s->notifier, err);
	/* As run_start names it; a recorded run journals none again. */
	notifier_name_run(s->notifier, s->run_id,
			  s->rs ? run_state_header(s->rs, "playbook")
				: s->req->playbook);
	if (s->rs)
		notifier_replayed(s->notifier, s->rs->play + 1,
				  s->rs->waves_ended);
	free(sections);
	free(copy);
	return ret;
}

/* Hands the open journal's events to the output and the notifier. */
void session_journal_attach(struct session *s)
{
	if (s->out->events)
		journal_set_tee(s->j, s->out->events);
	if (s->notifier)
		journal_set_listener(s->j, notifier_event, s->notifier);
}

/* Tells the output the session's work begins. */
void session_begin(struct session *s)
{
	s->info.run_id = s->run_id;
	s->info.journal = s->path;
	s->info.playbook = s->gs->playbook;
	s->info.inventory = s->gs->inventory;
	s->info.source = s->gs;
	if (s->out->begin)
		s->out->begin(s->out->data, &s->info);
}

/* Appends run_end. */
void session_end_event(struct session *s, enum run_status status)
{
	struct error ignored = ERROR_INIT;
	json_t *ev = json_pack("{s:s, s:s}", "event", "run_end", "status",
			       run_status_name(status));

	journal_append(s->j, ev, &ignored);
	json_decref(ev);
	error_release(&ignored);
}

/* Hands a notifier's warning to the output. */
static void session_warn(void *data, const char *text)
{
	struct session *s = data;
	const struct run_observer *o = s->out->observer;
	char *line = xasprintf("warning: %s", text);

	if (o && o->message)
		o->message(o->data, line);
	free(line);
}

/* Ends the session's work with status. */
void session_end(struct session *s, enum run_status status)
{
	session_end_event(s, status);
	/* run_end is the last event the notifier hears. */
	if (s->j)
		journal_set_listener(s->j, NULL, NULL);
	notifier_finish(s->notifier, session_warn, s);
	s->notifier = NULL;
	lock_release(s->lock);
	s->lock = NULL;
	if (s->out->end)
		s->out->end(s->out->data, status, &s->info);
}
