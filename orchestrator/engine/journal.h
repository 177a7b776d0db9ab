/*
 * journal.h - the run journal: one JSON Lines file per run, written ahead.
 *
 * Every event is one JSON object on one line, appended with a single write()
 * and fsync()'d before journal_append() returns, so whatever the journal
 * says happened, or was about to happen, survives a crash of the controller
 * at any point.  The first line is the run header; docs/running.md lists the
 * events.  journal_append() adds "seq" (1, 2, ...) and "time" (RFC 3339, UTC,
 * milliseconds) to every event.
 *
 * journal_append() and journal_add_secret() may be called from several
 * threads at once; everything else from one thread.
 *
 * Secrets: values registered with journal_add_secret() are replaced by
 * "********" in every string of every event before it is written, as a last
 * line of defence behind the variables layer, which already redacts them.
 *
 * A reader tolerates a torn last line (the controller died inside write()):
 * it is reported through journal_read()'s torn flag and otherwise ignored.
 */
#ifndef CREST_JOURNAL_H
#define CREST_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "base/error.h"

struct journal;

/* Creates the journal file at path (which must not exist) with mode 0600
 * and fsyncs its directory.  *out is the caller's; journal_close() frees. */
int journal_create(const char *path, struct journal **out, struct error *err);

/* Opens an existing journal to go on appending (resume, rollback): reads it
 * to find the last seq, and cuts a torn last line off.  *out as above. */
int journal_reopen(const char *path, struct journal **out, struct error *err);

/* Registers a secret value (copied) to be masked in every later event;
 * values shorter than 3 bytes are ignored (they would mask everything). */
void journal_add_secret(struct journal *j, const char *value);

/* Appends one event: takes a reference of its own to event and leaves the
 * caller's alone; adds seq and time, masks secrets, writes one line, fsyncs.
 * Returns 0, or -1 with err set (the disk is full, ...). */
int journal_append(struct journal *j, json_t *event, struct error *err);

/* Copies every event appended from now on to fp too (the --json event
 * stream), as the same line, after it is durable in the journal; NULL
 * stops it.  fp is borrowed. */
void journal_set_tee(struct journal *j, FILE *fp);

/* Hands every event appended from now on, as written (masked, with seq
 * and time), to fn(data, event) after it is durable; fn must not block
 * (the notifier queues it) nor keep the event.  NULL stops it. */
void journal_set_listener(struct journal *j,
			  void (*fn)(void *data, const json_t *event),
			  void *data);

/* Returns why an append failed (borrowed, valid until journal_close()),
 * or NULL while every append succeeded.  Once one failed, the line it
 * wrote in part is cut off and every later append fails the same way:
 * the engine then stops before changing anything it cannot record. */
const char *journal_failure(struct journal *j);

/* Returns the journal's path (borrowed). */
const char *journal_path(const struct journal *j);

/* Returns the seq the last appended event had (0 for none). */
long journal_last_seq(const struct journal *j);

/* Closes the file and frees j.  Accepts NULL. */
void journal_close(struct journal *j);

/* Called for each event read; event is borrowed for the call.  Returns 0 to
 * go on, non-zero to stop reading (journal_read() then returns that). */
typedef int (*journal_event_fn)(json_t *event, void *data);

/* Reads every complete event of the journal at path in order.  A last line
 * without its newline sets *torn (when torn is not NULL) and is skipped; any
 * other line that is not a JSON object is an error naming path:line.
 * Returns 0, the callback's non-zero value, or -1 with err set. */
int journal_read(const char *path, journal_event_fn fn, void *data, bool *torn,
		 struct error *err);

/* Replaces every occurrence of each secret in the strings of value, in
 * place, recursively.  Exposed for the unit tests and the --json output. */
void journal_mask(json_t *value, char *const *secrets, size_t n);

#endif
