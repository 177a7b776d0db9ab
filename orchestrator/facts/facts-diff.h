/*
 * facts-diff.h - what changed on a host between two snapshots of its
 * facts, and which stored snapshot to compare with.
 *
 * Package versions are ordered by package_version_cmp() (dpkg's order,
 * modules/package.h), the one version order of crest.
 */
#ifndef CREST_FACTS_DIFF_H
#define CREST_FACTS_DIFF_H

#include <jansson.h>
#include <time.h>

#include "base/error.h"

/* Returns a new object (the caller owns it) saying what changed from the
 * snapshot older to the snapshot newer (both borrowed): {"host", "from",
 * "to" (their taken_at), "added" [{name, version}], "removed" [{name,
 * version}], "upgraded" and "downgraded" [{name, from, to}], each sorted
 * by name, "kernel" and "os" ({from, to}, or null when unchanged; os is
 * "ID VERSION (CODENAME)")}. */
json_t *facts_diff(const json_t *older, const json_t *newer);

/* Checks what --diff was given: NULL or "" (the previous snapshot), a
 * snapshot name, or a duration (duration_parse()).  Returns 0, or -1
 * with an ERROR_INVALID err. */
int facts_diff_since_check(const char *since, struct error *err);

/* Finds in *base (the caller owns it) the host's snapshot to compare
 * current (borrowed, a stored snapshot) with: since NULL or "" the one
 * stored before current; a snapshot name that one; a duration the newest
 * snapshot taken at least that long before now.  Returns 0 found, 1 none,
 * -1 error (a bad since, a named snapshot missing or unreadable). */
int facts_diff_base(const char *state_dir, const json_t *current,
		    const char *since, time_t now, json_t **base,
		    struct error *err);

#endif
