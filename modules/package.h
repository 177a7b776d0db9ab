/*
 * package.h - the command lines the package module sends, one function
 * per backend operation, kept apart from the module so they can be
 * unit-tested for backends the lab does not have (dnf, yum, zypper).
 *
 * Every line is POSIX sh.  The caller's script opens with
 * package_sh_prelude(), which sets the shell variables the other lines
 * use: d (the task's backup directory, where the kept package files are)
 * and w (how many seconds apt and dpkg wait for another process's lock),
 * and for apt defines pw (dpkg, waiting for its lock); every other value
 * is quoted here.
 */
#ifndef CREST_PACKAGE_H
#define CREST_PACKAGE_H

#include <stddef.h>

#include "base/buf.h"

/* The package managers crest drives. */
enum package_manager {
	PACKAGE_APT,
	PACKAGE_DNF,
	PACKAGE_YUM,
	PACKAGE_ZYPPER,
};

/* One package's change: from (NULL: absent) to (NULL: remove it). */
struct package_change {
	const char *name;
	const char *from;
	const char *to;
};

/* Returns the manager named name ("apt", "dnf", "yum", "zypper"), or -1. */
int package_manager_find(const char *name);

/* Returns the manager's name. */
const char *package_manager_name(enum package_manager m);

/* The lock_timeout of a task that gives none: seconds. */
#define PACKAGE_LOCK_TIMEOUT 60

/* Appends the opening every change and restore script needs: d=backup,
 * w=lock_timeout, for apt the function pw; then it makes "$d", waits (up
 * to w seconds) for a script of the same task still running there (one a
 * dead controller started: its pid in "$d/pid"), and opens the subshell
 * that package_sh_close() must end. */
void package_sh_prelude(enum package_manager m, const char *backup,
			unsigned lock_timeout, struct buf *out);

/* Appends the end of a package_sh_prelude() script: the subshell's stdout
 * and stderr, kept in files in "$d" while it ran (never written to the
 * connection, which a dead controller closed), are printed on stdout and
 * stderr, the files removed, and its exit status is the script's. */
void package_sh_close(struct buf *out);

/* Appends the line that refreshes the manager's package lists. */
void package_sh_update(enum package_manager m, struct buf *out);

/* Appends the lines printing a package's state, as
 *	pkg NAME installed|config-files|half|absent VERSION|-
 *	avail NAME VERSION        (each version the repositories offer)
 *	candidate NAME VERSION|-  (what an install without a version takes)
 */
void package_sh_query(enum package_manager m, const char *name,
		      struct buf *out);

/* Appends the line that keeps the installed file of name at version in
 * "$d", or prints why it cannot and fails (exit status 1). */
void package_sh_keep(enum package_manager m, const char *name,
		     const char *version, struct buf *out);

/* Appends the lines that make the n changes: installs, upgrades,
 * downgrades (to a version), removals (to NULL). */
void package_sh_change(enum package_manager m,
		       const struct package_change *changes, size_t n,
		       struct buf *out);

/* Appends the line putting name back at version from its kept file in
 * "$d" (or from the repositories when none was kept), or removing it
 * when version is NULL; it does nothing when name already is so. */
void package_sh_restore(enum package_manager m, const char *name,
			const char *version, struct buf *out);

/* Compares two versions in dpkg's order ([EPOCH:]UPSTREAM[-REVISION];
 * '~' sorts before the end, letters before other characters, runs of
 * digits by value): -1, 0 or 1.  The one version order of crest. */
int package_version_cmp(const char *a, const char *b);

/* Returns 1 when version installed is what want asks for: the same, or
 * want followed by a revision ("2.0" matches "2.0-1"). */
int package_version_matches(const char *installed, const char *want);

#endif
