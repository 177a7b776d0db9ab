/*
 * repo-cache.c - cloning and fetching remote playbook repositories into
 * the state directory; see repo-cache.h.
 */
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "digest.h"
#include "repo-cache.h"
#include "base/xmalloc.h"

#define MIRROR_REFSPEC "+refs/*:refs/*"

/* Sets err from libgit2's last error. */
static int git_fail(struct error *err, const char *what, const char *url)
{
	const git_error *e = git_error_last();

	return error_set(err, ERROR_INVALID, "%s %s: %s", what, url,
			 e && e->message ? e->message : "unknown error");
}

/* Answers a server's request for credentials. */
static int cache_credentials(git_credential **out, const char *url,
			     const char *user, unsigned int allowed,
			     void *payload)
{
	const char *name = getenv("CREST_GIT_USERNAME");
	const char *password = getenv("CREST_GIT_PASSWORD");

	(void)url;
	(void)payload;
	if (allowed & GIT_CREDENTIAL_SSH_KEY)
		return git_credential_ssh_key_from_agent(out,
							 user ? user : "git");
	if ((allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT) && name && password)
		return git_credential_userpass_plaintext_new(out, name,
							     password);
	return GIT_PASSTHROUGH;
}

/* Counts the objects a transfer brings. */
static int cache_progress(const git_indexer_progress *p, void *payload)
{
	struct repo_cache_stats *stats = payload;

	stats->received_objects = p->received_objects;
	return 0;
}

/* Returns 1 when the cache's HEAD leads to a commit it holds. */
static int cache_sound(git_repository *repo)
{
	git_object *head = NULL;
	int ok = git_revparse_single(&head, repo, "HEAD^{commit}") == 0;

	git_object_free(head);
	return ok;
}

/* Creates a remote of the cache: named (the clone's, with the mirror
 * refspec) or anonymous (a fetch's).  url.*.insteadOf is not applied:
 * crest fetches the URL it was given, and libgit2 1.5 leaks in the
 * config match that applying it takes. */
static int cache_remote_new(git_remote **out, git_repository *repo,
			    const char *name, const char *url)
{
	git_remote_create_options opts;

	git_remote_create_options_init(&opts,
				       GIT_REMOTE_CREATE_OPTIONS_VERSION);
	opts.repository = repo;
	opts.name = name;
	opts.fetchspec = name ? MIRROR_REFSPEC : NULL;
	opts.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF |
		     (name ? 0 : GIT_REMOTE_CREATE_SKIP_DEFAULT_FETCHSPEC);
	return git_remote_create_with_opts(out, url, &opts);
}

/* Creates the clone's remote with a mirror refspec. */
static int cache_remote(git_remote **out, git_repository *repo,
			const char *name, const char *url, void *payload)
{
	(void)payload;
	return cache_remote_new(out, repo, name, url);
}

/* Removes one entry of a tree being deleted. */
static int remove_entry(const char *path, const struct stat *st, int flag,
			struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Returns the URL made absolute when it is a local path. */
char *repo_cache_url(const char *url)
{
	char *abs;

	if (strstr(url, "://") ||
	    (strchr(url, ':') && url[0] != '/' && url[0] != '.'))
		return xstrdup(url);
	abs = realpath(url, NULL);
	if (abs == NULL)
		return xstrdup(url);
	return abs;
}

/* Returns the cache directory of a URL. */
char *repo_cache_path(const char *state_dir, const char *url)
{
	char hex[DIGEST_HEX_LEN + 1];

	digest_bytes(url, strlen(url), hex);
	return xasprintf("%s/repos/%s", state_dir, hex);
}

/* Clones url into path as a bare mirror. */
static int cache_clone(const char *url, const char *path, git_repository **out,
		       struct repo_cache_stats *stats, struct error *err)
{
	git_clone_options opts;
	int ret = -1;

	git_clone_options_init(&opts, GIT_CLONE_OPTIONS_VERSION);
	opts.bare = 1;
	opts.remote_cb = cache_remote;
	opts.fetch_opts.callbacks.credentials = cache_credentials;
	opts.fetch_opts.callbacks.transfer_progress = cache_progress;
	opts.fetch_opts.callbacks.payload = stats;
	opts.fetch_opts.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_ALL;
	if (git_clone(out, url, path, &opts) < 0) {
		git_fail(err, "cannot clone", url);
		goto out;
	}
	stats->cloned = 1;
	ret = 0;
out:
	return ret;
}

/* Fetches into an open cache and points its HEAD where the server's
 * points; -2 when the fetch failed but the cache is sound, -1 when it is
 * not.  The remote is anonymous, with the mirror
 * refspec given here: git_remote_lookup() would read the config, where
 * libgit2 1.5 leaks, and the URL is ours to give anyway. */
static int cache_fetch(git_repository *repo, const char *url,
		       struct repo_cache_stats *stats, struct error *err)
{
	char *specs[] = {MIRROR_REFSPEC};
	git_strarray refspecs = {specs, 1};
	git_buf head = GIT_BUF_INIT;
	git_fetch_options opts;
	git_remote *remote = NULL;
	int ret = -1;

	git_fetch_options_init(&opts, GIT_FETCH_OPTIONS_VERSION);
	opts.callbacks.credentials = cache_credentials;
	opts.callbacks.transfer_progress = cache_progress;
	opts.callbacks.payload = stats;
	opts.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_ALL;
	opts.prune = GIT_FETCH_PRUNE;
	if (cache_remote_new(&remote, repo, NULL, url) < 0) {
		git_fail(err, "cannot use the remote", url);
		goto out;
	}
	/* One connection: the server's HEAD, then the fetch on it. */
	if (git_remote_connect(remote, GIT_DIRECTION_FETCH, &opts.callbacks,
			       NULL, NULL) == 0 &&
	    git_remote_default_branch(&head, remote) == 0)
		git_repository_set_head(repo, head.ptr);
	if (git_remote_fetch(remote, &refspecs, &opts, "crest fetch") < 0) {
		git_fail(err, "cannot fetch", url);
		/* A sound cache is not to blame: the server or the network
		 * is, and the cache is kept for when they are back. */
		if (cache_sound(repo))
			ret = -2;
		goto out;
	}
	ret = 0;
out:
	git_buf_dispose(&head);
	git_remote_free(remote);
	return ret;
}

/* Opens, fetches or clones the cache of url. */
int repo_cache_update(const char *state_dir, const char *url, int fetch,
		      git_repository **out, struct repo_cache_stats *stats,
		      struct error *err)
{
	char *path = repo_cache_path(state_dir, url);
	char *parent = xasprintf("%s/repos", state_dir);
	git_repository *repo = NULL;
	struct error fetch_err = ERROR_INIT;
	size_t received;
	int ret = -1, rc;

	memset(stats, 0, sizeof(*stats));
	if (mkdir(parent, 0700) < 0 && errno != EEXIST) {
		error_set(err, ERROR_SYSTEM, "cannot create %s: %s", parent,
			  strerror(errno));
		goto out;
	}
	if (access(path, F_OK) == 0) {
		rc = git_repository_open_bare(&repo, path) < 0
			     ? -1
			     : (fetch ? cache_fetch(repo, url, stats,
						    &fetch_err)
				      : 0);
		if (rc == 0)
			goto done;
		if (rc == -2) {
			error_release(err);
			*err = fetch_err;
			memset(&fetch_err, 0, sizeof(fetch_err));
			goto out;
		}
		/* Broken (or not ours): start again from a clean clone. */
		git_repository_free(repo);
		repo = NULL;
		stats->recloned = 1;
		nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	}
	if (cache_clone(url, path, &repo, stats, err) < 0) {
		if (fetch_err.message)
			error_prefix(err, "%s; then", fetch_err.message);
		goto out;
	}
	/* The clone's HEAD is not the server's with a mirror refspec: one
	 * fetch (of nothing new) sets it. */
	received = stats->received_objects;
	if (cache_fetch(repo, url, stats, err) < 0)
		goto out;
	stats->received_objects = received;
done:
	*out = repo;
	repo = NULL;
	ret = 0;
out:
	git_repository_free(repo);
	error_release(&fetch_err);
	free(path);
	free(parent);
	return ret;
}
