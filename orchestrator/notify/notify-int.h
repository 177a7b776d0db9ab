/*
 * notify-int.h - what the parts of the notifier share; private to
 * the files of notify/ (notify.h is the API).
 *
 * Ownership: a struct notify_config owns its targets and their strings.
 */
#ifndef CREST_NOTIFY_INT_H
#define CREST_NOTIFY_INT_H

#include <stddef.h>

#include "base/buf.h"
#include "base/error.h"
#include "lang/yaml-doc.h"

/* The events a target may choose. */
enum notify_event {
	NOTIFY_RUN_START = 1 << 0,
	NOTIFY_RUN_END = 1 << 1,
	NOTIFY_WAVE_END = 1 << 2,
	NOTIFY_ROLLBACK = 1 << 3,
	NOTIFY_PAUSE = 1 << 4,
	NOTIFY_FAILURE = 1 << 5,
};

/* One webhook or one mail recipient list. */
struct notify_target {
	int is_mail;
	unsigned events;  /* enum notify_event bits */
	char *url;	  /* webhook */
	char *secret;	  /* webhook: the HMAC key, or NULL (owned) */
	unsigned retries; /* webhook: attempts after the first */
	unsigned timeout; /* seconds per attempt, or for sendmail */
	char *to;	  /* mail: recipients, comma separated */
	char *from;	  /* mail: From:, or NULL */
	char *sendmail;	  /* mail: the program (default /usr/sbin/sendmail) */
};

struct notify_config {
	struct notify_target *targets;
	size_t n_targets;
	unsigned wait; /* seconds the run waits for deliveries at its end */
};

/* Reads the notify: section into *cfg; secret_file paths are taken from
 * dir (NULL: read nothing, only check).  Returns 0 or -1 with err set. */
int notify_config_parse(const struct ynode *v, const char *dir,
			struct notify_config *cfg, struct error *err);

/* Frees the targets. */
void notify_config_release(struct notify_config *cfg);

/* Returns the event bit an event name maps to, or 0. */
unsigned notify_event_bit(const char *name);

/* Delivers body (JSON) to a webhook, retrying with backoff.  Returns 0,
 * or -1 with a warning in *warn (no secret in it). */
int notify_webhook(const struct notify_target *t, const char *body,
		   struct buf *warn);

/* Mails a message with the subject and body through sendmail -t.  Returns
 * 0, or -1 with a warning in *warn. */
int notify_mail(const struct notify_target *t, const char *subject,
		const char *body, struct buf *warn);

#endif
