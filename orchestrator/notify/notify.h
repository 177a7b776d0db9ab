/*
 * notify.h - telling people what a run did: webhooks and mail, from the
 * notify: sections of crest.yml and of the run's plays (docs/running.md,
 * "Notifications"), read by lang/notify-config.h.
 *
 * Theory of operation.  The run's journal hands every event it wrote (in
 * its masked form) to notifier_event(); the events a target asked for are
 * copied into a bounded queue, and one thread of the notifier delivers
 * them: a webhook is a JSON POST with a timeout, retried with exponential
 * backoff, signed with X-Crest-Signature: sha256=HEX (HMAC-SHA256 of the
 * body) when it names a secret; mail is a message piped to `sendmail -t`,
 * killed at its timeout.  The run never waits on a delivery: a full
 * queue drops the event with a warning, and notifier_finish() waits at
 * most the configured time before the run exits.  A delivery that fails
 * is a warning, never the run's failure.  Secrets (the HMAC key) are
 * never in a payload, a message or a warning.
 *
 * Ownership: notifier_start() returns a notifier the caller frees with
 * notifier_finish(); the config is copied.
 */
#ifndef CREST_NOTIFY_H
#define CREST_NOTIFY_H

#include <jansson.h>

#include "base/error.h"
#include "lang/notify-config.h"

struct notifier;

/* One notify: section of the run: where it is written, and its node. */
struct notify_section {
	const struct ynode *node; /* the section's value, or NULL: none */
	enum notify_origin origin;
};

/* Reads the n sections (their targets together, each filtering by its
 * own events) into a new notifier in *out (NULL when none has a
 * target); secrets are read, secret_file paths from dir.  Starts its
 * thread.  Returns 0, or -1 with ERROR_INVALID at the file:line:column
 * of the section's node. */
int notifier_start(const struct notify_section *sections, size_t n,
		   const char *dir, struct notifier **out, struct error *err);

/* Names the run the events are of (a resumed, approved, aborted or
 * rolled-back run journals no run_start again): its id and playbook,
 * copied.  Accepts a NULL n. */
void notifier_name_run(struct notifier *n, const char *run,
		       const char *playbook);

/* A resumed run replays the waves its journal ended already: their
 * wave_end, up to wave of play (1-based, and every play before it), was
 * notified by the session that ended them and is not sent again.
 * Accepts a NULL n. */
void notifier_replayed(struct notifier *n, unsigned play, unsigned wave);

/* The journal's listener: queues ev for the targets that asked for it
 * (data is the notifier).  Never blocks on a delivery. */
void notifier_event(void *data, const json_t *ev);

/* Waits for the queue to drain, at most the configured wait, then frees
 * the notifier (a delivery still under way is abandoned).  Each warning
 * is handed to warn.  Accepts NULL. */
void notifier_finish(struct notifier *n,
		     void (*warn)(void *data, const char *text), void *data);

#endif
