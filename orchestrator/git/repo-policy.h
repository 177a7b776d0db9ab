/*
 * repo-policy.h - crest.yml, the policy at the root of a playbook
 * repository, read from the same commit as the playbook.
 *
 * Keys (docs/git.md is the reference):
 *   allowed_refs:    [refs/heads/main, "refs/tags/release-*"]  globs;
 *                    the commit must be reachable from a matching ref
 *   require_signed:  true   the commit must carry a verified signature
 *   allowed_signers: .crest/allowed_signers  (OpenSSH format, in the repo)
 *   inventory:       inventory/prod.yml      the default for -i
 *   forks, state_dir: settings of other parts of crest, accepted here so
 *                    that one file holds them all.
 *   windows:         maintenance windows, checked in full here (window.h)
 * Any other key is an error at crest.yml:line:column with a did-you-mean.
 *
 * Ownership: a struct repo_policy owns its strings and its YAML document;
 * repo_policy_release() frees them.
 */
#ifndef CREST_REPO_POLICY_H
#define CREST_REPO_POLICY_H

#include <stddef.h>

#include "base/error.h"
#include "lang/yaml-doc.h"

struct repo_policy {
	int present;	     /* crest.yml exists */
	char **allowed_refs; /* globs; none: every ref is allowed */
	size_t n_allowed_refs;
	int require_signed;
	char *allowed_signers; /* repository-relative, or NULL */
	char *inventory;       /* repository-relative, or NULL */
	long forks;	       /* 0: not set */
	char *state_dir;       /* or NULL */
	struct yaml_doc *doc;  /* the whole file, for windows: (owned) */
};

#define REPO_POLICY_INIT                                                       \
	{                                                                      \
		0                                                              \
	}

/* Reads the policy from len bytes of crest.yml text; name is what errors
 * call the file.  Returns 0, or -1 with an ERROR_INVALID err at
 * file:line:column. */
int repo_policy_parse(const char *name, const char *text, size_t len,
		      struct repo_policy *p, struct error *err);

/* Reads the policy from the file at path (none there: an empty policy);
 * errors name the file as name.  Returns 0 or -1 with err set. */
int repo_policy_load(const char *path, const char *name, struct repo_policy *p,
		     struct error *err);

/* Returns 1 when the full ref name matches an allowed_refs glob (a glob
 * without "refs/" also matches refs/heads/GLOB and refs/tags/GLOB). */
int repo_policy_ref_allowed(const struct repo_policy *p, const char *ref);

/* Frees what the policy owns; it is REPO_POLICY_INIT afterwards. */
void repo_policy_release(struct repo_policy *p);

#endif
