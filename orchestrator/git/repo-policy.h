/*
 * repo-policy.h - the policy section of crest.yml (config/crest-yml.h):
 * what a commit must be for crest to run it, read from the same commit as
 * the playbook.
 *
 * Keys (docs/git.md is the reference):
 *   allowed_refs:    [refs/heads/main, "refs/tags/release-*"]  globs;
 *                    the commit must be reachable from a matching ref
 *   require_signed:  true   the commit must carry a verified signature
 *   allowed_signers: .crest/allowed_signers  (OpenSSH format, in the repo)
 *   inventory:       inventory/prod.yml      the default for -i
 *   facts_keep:      20   snapshots of each host's facts kept (crest facts)
 *   forks, state_dir: settings of other parts of crest, checked here so
 *                    that one file holds them all.
 * The other keys of the file belong to other sections (windows:,
 * schedule/window.h); crest-yml.h refuses unknown ones.
 *
 * Ownership: a struct repo_policy owns its strings; repo_policy_release()
 * frees them.
 */
#ifndef CREST_REPO_POLICY_H
#define CREST_REPO_POLICY_H

#include <stddef.h>

#include "base/error.h"
#include "config/crest-yml.h"

struct repo_policy {
	char **allowed_refs; /* globs; none: every ref is allowed */
	size_t n_allowed_refs;
	int require_signed;
	char *allowed_signers; /* repository-relative, or NULL */
	char *inventory;       /* repository-relative, or NULL */
	long forks;	       /* 0: not set */
	char *state_dir;       /* or NULL */
	long facts_keep;       /* 0: not set */
};

#define REPO_POLICY_INIT                                                       \
	{                                                                      \
		0                                                              \
	}

/* Returns the reader of crest.yml's policy section (crest_yml_read())
 * into *p, which starts as REPO_POLICY_INIT and is borrowed until the read
 * is done.  Its errors are ERROR_INVALID at crest.yml:line:column. */
struct crest_yml_reader repo_policy_reader(struct repo_policy *p);

/* A reader that checks the policy section as repo_policy_reader() does
 * and keeps nothing: for the commands that read crest.yml for something
 * else (window_load()) and refuse what a run would refuse. */
extern const struct crest_yml_reader repo_policy_check;

/* Returns 1 when the full ref name matches an allowed_refs glob (a glob
 * without "refs/" also matches refs/heads/GLOB and refs/tags/GLOB). */
int repo_policy_ref_allowed(const struct repo_policy *p, const char *ref);

/* Frees what the policy owns; it is REPO_POLICY_INIT afterwards. */
void repo_policy_release(struct repo_policy *p);

#endif
