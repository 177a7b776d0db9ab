/*
 * repo-cache.h - local copies of remote playbook repositories, for
 * "--repo URL|PATH".
 *
 * A repository is kept as a bare mirror (every ref under refs/ fetched to
 * the same name) in STATE/repos/DIGEST, DIGEST being the digest of the
 * URL (digest.h).  The first use clones; later uses fetch, which only
 * transfers what is new.  A cache that cannot be opened, has no "origin"
 * remote, or fails to fetch for a reason other than the network is
 * removed and cloned again once.  ssh:// and scp-like URLs authenticate
 * with the ssh-agent; https:// with CREST_GIT_USERNAME/CREST_GIT_PASSWORD
 * from the environment when the server asks.
 *
 * Ownership: the repository handed out is the caller's
 * (git_repository_free); paths are caller-owned strings.
 */
#ifndef CREST_REPO_CACHE_H
#define CREST_REPO_CACHE_H

#include <stddef.h>

#include <git2.h>

#include "base/error.h"

struct repo_cache_stats {
	int cloned;		 /* 1: a new clone (or a re-clone) */
	int recloned;		 /* 1: a broken cache was replaced */
	size_t received_objects; /* objects the transfer brought */
};

/* Returns the URL crest keeps for url: a local path made absolute, any
 * other URL as given.  Caller frees. */
char *repo_cache_url(const char *url);

/* Returns STATE/repos/DIGEST for url.  Caller frees. */
char *repo_cache_path(const char *state_dir, const char *url);

/* Clones url into its cache or fetches into it (fetch = 0: only open it,
 * fetching when it does not exist yet).  Returns 0 with *out (caller's)
 * and *stats, or -1 with err set. */
int repo_cache_update(const char *state_dir, const char *url, int fetch,
		      git_repository **out, struct repo_cache_stats *stats,
		      struct error *err);

#endif
