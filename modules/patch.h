/*
 * patch.h - the pending updates of a host, as the patch module and
 * crest patches read them.
 *
 * The host's answer to the probe script (patch-sh.c) is parsed into one
 * JSON object, the host's patch state:
 *
 *	{"manager": "apt", "reboot_required": false, "reboot_pkgs": [...],
 *	 "pending": [{"name": "acme-lib", "from": "1.0", "to": "1.1",
 *	              "origin": "Lab-Security/bookworm-security",
 *	              "security": "1.1"}, ...],
 *	 "new": [{"name": "acme-tools-data", "to": "1.1"}, ...]}
 *
 * "pending" holds every installed package with a newer version on offer:
 * "to" is the candidate (what apt-get upgrade takes), "security" the
 * highest newer version a security origin offers, or null.  "new" are the
 * packages the full upgrade would newly pull in.  Security origins are
 * decided as unattended-upgrades decides: by the Release fields of the
 * archive a version comes from (o= origin, a= suite, n= codename,
 * l= label, c= component), never by a package's name.
 */
#ifndef CREST_PATCH_H
#define CREST_PATCH_H

#include <jansson.h>

#include "base/buf.h"
#include "base/error.h"

/* The security origins when the task names none: a suite or codename
 * ending in -security, as Debian's and Ubuntu's security archives are. */
extern const char *const patch_default_security_origins[];

/* Returns 1 when an archive's Release fields (attrs: "o=Lab,a=...,l=...")
 * match one of the NULL-terminated patterns: each "k=GLOB[,k=GLOB...]",
 * every condition of one pattern holding. */
int patch_origin_matches(const char *attrs, const char *const *patterns);

/* Parses apt's part of the probe's answer (after "manager apt") into
 * *state (new reference).  Returns 0, or -1 with err set. */
int patch_apt_parse(const char *out, const char *const *security_origins,
		    json_t **state, struct error *err);

/* Returns the entry of a "pending" array named name ("libc6" finds
 * "libc6:amd64" too), or NULL (borrowed). */
json_t *patch_pending_find(json_t *pending, const char *name);

/* Parses dnf's or yum's part (check-update and updateinfo --security). */
int patch_dnf_parse(const char *out, json_t **state, struct error *err);

/* Parses zypper's part (list-updates and list-patches --category
 * security). */
int patch_zypper_parse(const char *out, json_t **state, struct error *err);

/* Parses the whole answer of the probe script: the manager line, the
 * reboot lines, then the manager's part.  Returns 0 or -1. */
int patch_parse(const char *out, const char *const *security_origins,
		json_t **state, struct error *err);

struct module_run;

/* Runs the probe script on the host and parses its answer into *state
 * (new reference), with args' security_origins and update_cache (args
 * as a patch task has them).  Returns 0, or -1 with err set. */
int patch_read_state(struct module_run *run, const json_t *args, json_t **state,
		     struct error *err);

/* What a patch task or crest patches takes of the pending updates. */
struct patch_filter {
	int security_only;	    /* only: security */
	const char *const *include; /* globs; NULL: every package */
	const char *const *exclude; /* globs; NULL: none */
};

/* Returns the updates of state that filter takes, as an array of
 * {name, from, to, security, origin} (new reference), and appends to
 * skipped (when not NULL) those it leaves, each with "why". */
json_t *patch_select(const json_t *state, const struct patch_filter *filter,
		     json_t *skipped);

/* Appends the probe script (read-only: refreshes the package lists when
 * refresh is set, then prints what patch_parse() reads). */
void patch_sh_probe(int refresh, struct buf *out);

/* Appends the apply script of manager m (package.h) for the updates (an
 * array of {name, from, to}), with "$d" the backup directory: keeps each
 * installed version's file in "$d", upgrades exactly those packages,
 * puts them back when that fails, writes the packages it newly pulled in
 * to "$d/new" and prints them ("new NAME"), then "reboot yes|no". */
void patch_sh_apply(int m, const json_t *updates, struct buf *out);

/* Appends the revert script: every update back at its "from" from the
 * kept files (one dpkg -i or rpm -U for all), every package named in
 * "$d/new" removed, then "reboot yes" when the revert made the host need
 * a reboot it did not need before. */
void patch_sh_revert(int m, const json_t *updates, struct buf *out);

#endif
