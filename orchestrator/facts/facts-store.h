/*
 * facts-store.h - the snapshots of each host's facts in the state
 * directory.
 *
 * A snapshot is the JSON object {"host", "taken_at" (RFC 3339 UTC,
 * seconds), "duration_ms", "facts": {facts_parse()'s object}} kept as
 * STATE/facts/HOST/YYYYMMDDTHHMMSSZ.json, mode 0600, written atomically
 * (temporary file, fsync, rename, fsync of the directory); directories are
 * made 0700.  A snapshot's name is its file name without ".json"; names
 * sort by time.  Two snapshots of one host taken in the same second share
 * a name: the later replaces the earlier.
 *
 * HOST is the inventory's name, used as a path component: names that are
 * empty, longer than 255 bytes, start with '.' or '-', or hold anything
 * but letters, digits and "._-:@+[]" are refused (ERROR_INVALID).  Files
 * of another shape in a host's directory (temporary files, foreign files)
 * are left alone; a file that does not hold a snapshot of that host is
 * skipped by facts_store_latest() and refused by facts_store_load().
 */
#ifndef CREST_FACTS_STORE_H
#define CREST_FACTS_STORE_H

#include <jansson.h>
#include <time.h>

#include "base/error.h"

/* Default of --keep and crest.yml's facts_keep. */
#define FACTS_KEEP_DEFAULT 20

/* Length of a snapshot's name plus its NUL: "YYYYMMDDTHHMMSSZ". */
#define FACTS_NAME_SIZE 17

/* Returns 1 when host may be used as a directory name, else 0. */
int facts_store_host_valid(const char *host);

/* Returns 1 when name has the shape of a snapshot name, else 0. */
int facts_store_name_valid(const char *name);

/* Writes into out the name of a snapshot taken at t. */
void facts_store_name(time_t t, char out[FACTS_NAME_SIZE]);

/* Writes into out the name of the snapshot whose taken_at is taken_at
 * ("YYYY-MM-DDTHH:MM:SSZ").  Returns 0, or -1 when it has another
 * shape. */
int facts_store_time_name(const char *taken_at, char out[FACTS_NAME_SIZE]);

/* Returns a new snapshot object (the caller owns it) for host, taken at
 * taken_at, which took duration_ms; steals the reference to facts. */
json_t *facts_store_snapshot(const char *host, time_t taken_at,
			     unsigned long long duration_ms, json_t *facts);

/* Saves snapshot (borrowed; "host" and "taken_at" name the file), then
 * removes the host's oldest snapshots until `keep` (>= 1) are left.
 * Writes the name it saved the snapshot under into name_out (unless
 * NULL) once the file is in place.  Returns 0, or -1 with err set
 * (ERROR_INVALID for a bad host, time or keep; ERROR_SYSTEM when the
 * file cannot be written or the old ones removed). */
int facts_store_save(const char *state_dir, const json_t *snapshot, int keep,
		     char name_out[FACTS_NAME_SIZE], struct error *err);

/* Loads the host's newest readable snapshot into *snapshot (the caller
 * owns it), skipping files that do not hold one.  Returns 0 found, 1
 * none, -1 error (a bad host name). */
int facts_store_latest(const char *state_dir, const char *host,
		       json_t **snapshot, struct error *err);

/* Returns in *names (a new JSON array of strings the caller owns) the
 * host's snapshot names, oldest first; empty when there is none.
 * Returns 0, or -1 with err set. */
int facts_store_list(const char *state_dir, const char *host, json_t **names,
		     struct error *err);

/* Loads the host's snapshot `name` (with or without ".json") into
 * *snapshot (the caller owns it).  Returns 0, or -1 with err set:
 * ERROR_INVALID for a bad host or name, a missing snapshot or a file that
 * does not hold a snapshot of host. */
int facts_store_load(const char *state_dir, const char *host, const char *name,
		     json_t **snapshot, struct error *err);

#endif
