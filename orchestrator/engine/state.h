/*
 * state.h - crest's state directory: where journals and locks live.
 *
 * Layout (docs/running.md):
 *   STATE/runs/RUN.jsonl       one journal per run
 *   STATE/locks/KEY.lock       one lock per inventory (see lock.h)
 *   STATE/facts/HOST/NAME.json snapshots of a host's facts
 *                              (facts/facts-store.h)
 *   STATE/digest.key           the key of the journals' keyed digests
 *                              (mode 0600; made on first use)
 * The directory is /var/lib/crest as root, else $XDG_STATE_HOME/crest
 * (~/.local/state/crest when XDG_STATE_HOME is unset); --state-dir
 * overrides.  Directories are created with mode 0700: journals hold hosts'
 * prior states and output.
 */
#ifndef CREST_STATE_H
#define CREST_STATE_H

#include <stddef.h>
#include <time.h>

#include "base/error.h"

/* Resolves the state directory (option may be NULL) and creates it and its
 * runs/ and locks/ subdirectories.  *out is caller-owned. */
int state_dir_open(const char *option, char **out, struct error *err);

/* Returns a new run id for a run starting at now: "YYYYMMDD-HHMMSS-XXXX"
 * in UTC with four random hex digits, so ids sort by start time.  Caller
 * frees. */
char *state_new_run_id(time_t now);

/* Returns 1 when id has the shape of a run id, 0 otherwise (ids are used in
 * file names: nothing else may pass). */
int state_run_id_valid(const char *id);

/* Returns STATE/runs/ID.jsonl; caller frees. */
char *state_run_path(const char *state_dir, const char *run_id);

/* Lists the run ids in STATE/runs, oldest first.  *ids_out is a
 * caller-owned array of caller-owned strings (free each, then the array). */
int state_list_runs(const char *state_dir, char ***ids_out, size_t *n_out,
		    struct error *err);

/* The length of the state directory's digest key. */
#define STATE_KEY_LEN 32

/* Reads STATE/digest.key into key, making it from getrandom() on first
 * use (mode 0600).  It keys the digests of values a journal must not hold
 * (git/digest.h, digest_keyed()).  Returns 0, or -1 with err set. */
int state_digest_key(const char *state_dir, unsigned char key[STATE_KEY_LEN],
		     struct error *err);

#endif
