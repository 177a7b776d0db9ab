/*
 * path-state.h - what copy and file share: a path's state on the host,
 * read in one command, kept as a backup and put back.
 *
 * The state of a path is a JSON object (what probe records):
 *	{"path": P, "kind": "absent"|"file"|"directory"|"link"|"other",
 *	 "mode": "0644", "owner": "root", "group": "root", "uid": 0, "gid": 0,
 *	 "size": N, "sha256": HEX (files), "target": T (links),
 *	 "absent_from": A (an absent path's topmost missing parent, which
 *	 revert removes with it),
 *	 "backup": B (when apply keeps the old path there),
 *	 "_content": TEXT (files up to PATH_STATE_CONTENT_MAX bytes without
 *	 NUL bytes: for describe's diff only, never journaled)}
 * Revert puts back the backup with cp -a (bytes, mode, owner, times), or
 * removes the path that was absent, or sets mode and owner back when only
 * those changed.
 */
#ifndef CREST_PATH_STATE_H
#define CREST_PATH_STATE_H

#include <jansson.h>

#include "base/buf.h"
#include "base/error.h"

struct module_run;

/* Files this small have their content read by probe, for a diff; it fits
 * well within the transport's output limit (CREST_OUTPUT_LIMIT). */
#define PATH_STATE_CONTENT_MAX (60u * 1024u)

/* Appends a sh script printing the state of path (see path_state_parse). */
void path_state_probe_sh(struct buf *out, const char *path);

/* Parses what the probe script printed into *state (a new object the
 * caller owns).  Returns 0, or -1 with err set when the output is not
 * the script's. */
int path_state_parse(const char *path, const char *out, size_t len,
		     json_t **state, struct error *err);

/* Runs the probe script for path on the host into *state. */
int path_state_probe(struct module_run *run, const char *path, json_t **state,
		     struct error *err);

/* Appends a sh line that keeps the path in the backup named by
 * state["backup"] (when there is one and it is not kept yet), and fails
 * before anything changes when it cannot. */
void path_state_backup_sh(struct buf *out, const json_t *state);

/* Appends a sh script that puts the path back as state describes it. */
void path_state_restore_sh(struct buf *out, const json_t *state);

/* Returns the string member key of state, or "" (borrowed). */
const char *path_state_str(const json_t *state, const char *key);

/* Appends a unified diff of old and new (whole files as one hunk: enough
 * to read a configuration change) under the labels of path. */
void path_state_diff(struct buf *out, const char *path, const char *old_text,
		     const char *new_text);

#endif
