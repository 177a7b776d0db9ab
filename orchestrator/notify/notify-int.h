/*
 * notify-int.h - what the parts of the notifier share; private to
 * the files of notify/ (notify.h is the API).
 *
 * The targets are read by lang/notify-config.h, the one reader of a
 * notify: section.
 */
#ifndef CREST_NOTIFY_INT_H
#define CREST_NOTIFY_INT_H

#include <stddef.h>

#include "base/buf.h"
#include "base/error.h"
#include "lang/notify-config.h"

/* Delivers body (JSON) to a webhook, retrying with backoff.  Returns 0,
 * or -1 with a warning in *warn (no secret in it). */
int notify_webhook(const struct notify_target *t, const char *body,
		   struct buf *warn);

/* Mails a message with the subject and body through sendmail -t.  Returns
 * 0, or -1 with a warning in *warn. */
int notify_mail(const struct notify_target *t, const char *subject,
		const char *body, struct buf *warn);

#endif
