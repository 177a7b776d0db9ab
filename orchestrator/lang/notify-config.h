/*
 * notify-config.h - the one reader of a notify: section, crest.yml's and
 * a play's alike (docs/running.md, "Notifications"): webhooks, mail, the
 * events each wants and how long the run waits for them.  Delivering is
 * notify/'s (notify/notify.h); the reader is here, beside the playbook
 * parser, so that a play's notify: is checked as the play is read.
 *
 * A webhook's HMAC secret is given by reference: {secret_env: NAME} (an
 * environment variable of the controller) or {secret_file: PATH} (a
 * file, relative to the repository's work tree); crest.yml may also
 * write {secret: VALUE}, a play may not.  Nothing read from a reference
 * is ever put in an error.
 *
 * Ownership: a struct notify_config owns its targets and their strings;
 * notify_config_release() frees them.
 */
#ifndef CREST_NOTIFY_CONFIG_H
#define CREST_NOTIFY_CONFIG_H

#include <stddef.h>

#include "base/error.h"
#include "yaml-doc.h"

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
	unsigned wait; /* seconds the run waits for deliveries at its end;
			  0: none given, NOTIFY_WAIT_DEFAULT */
};

/* The wait when no section gives one, in seconds. */
#define NOTIFY_WAIT_DEFAULT 5

/* Where a notify: section is written, which decides the secret forms it
 * may use. */
enum notify_origin {
	NOTIFY_IN_CREST_YML, /* secret_env, secret_file or secret */
	NOTIFY_IN_PLAY,	     /* secret_env or secret_file only */
};

/* Reads the notify: section v (NULL: none) and appends its targets to
 * *cfg, which starts zeroed or holds earlier sections' targets; the wait
 * is the longest the sections give.  With dir, secrets are
 * read (secret_file relative to dir, secret_env from the environment);
 * without, only their form is checked.  Returns 0, or -1 with an
 * ERROR_INVALID err at the node refused. */
int notify_config_parse(const struct ynode *v, enum notify_origin origin,
			const char *dir, struct notify_config *cfg,
			struct error *err);

/* Frees the targets (secrets wiped); *cfg is zeroed. */
void notify_config_release(struct notify_config *cfg);

/* Returns the event bit an event name maps to, or 0. */
unsigned notify_event_bit(const char *name);

#endif
