/*
 * git-source.h - where a run's playbook, inventory and included files come
 * from: a commit of a git repository, so that a run executes exactly what
 * was reviewed, and the journal can prove which commit that was.
 *
 * Theory of operation.  git_source_open() finds the repository (the one
 * the playbook lies in, discovered upwards from its directory, or with
 * --repo a clone kept in STATE/repos/, see repo-cache.h), resolves the ref
 * (HEAD by default) to a commit, and then, in this order:
 *
 *   1. when HEAD runs (no --ref), a work tree whose tracked files differ
 *      from HEAD, or that has untracked files under the playbook's
 *      directory, is refused listing the paths, unless --allow-dirty: then
 *      the files on disk are used and the dirty paths with their blob ids
 *      are recorded;
 *   2. the commit's tree is written into a private directory
 *      STATE/tmp/src-XXXXXX (mode 0700), removed by git_source_free();
 *   3. crest.yml is read from the commit (config/crest-yml.h), also
 *      under --allow-dirty, which require_signed refuses: its policy
 *      (repo-policy.h), and its windows (window.h) and notify:
 *      (lang/notify-config.h), checked in full;
 *   4. allowed_refs: the commit must be reachable from a matching ref;
 *   5. the signature is checked (commit-sig.h), required by
 *      require_signed: true;
 *   6. the playbook and inventory paths are mapped into that directory.
 *
 * The loaders then read the files there; errors name the file as the
 * repository does ("playbooks/agent.yml:3:5").  A playbook outside any git
 * repository is read from disk as before, and the journal says so
 * (source "disk").  Resume and rollback reopen the recorded commit
 * (git_source_request_from_header()) without the checks of 1, 4 and 5:
 * the run was admitted when it started.
 *
 * Ownership: struct git_source owns everything in it; git_source_free().
 */
#ifndef CREST_GIT_SOURCE_H
#define CREST_GIT_SOURCE_H

#include <stddef.h>

#include <git2.h>
#include <jansson.h>

#include "base/buf.h"
#include "commit-sig.h"
#include "config/crest-yml.h"
#include "base/error.h"
#include "repo-cache.h"
#include "repo-policy.h"
#include "worktree-dirty.h"

struct inventory;
struct playbook;

/* What the caller asks for.  Strings are borrowed. */
struct git_source_request {
	const char *playbook;  /* a path on disk; with repo or commit, a path
				  in the repository */
	const char *inventory; /* -i as given, or NULL: crest.yml's */
	const char *repo;      /* --repo URL|PATH, or NULL */
	const char *ref;       /* --ref, or NULL: HEAD */
	const char *commit;    /* exactly this commit (resume, rollback) */
	const char *workdir;   /* with commit: the recorded work tree */
	int allow_dirty;       /* --allow-dirty */
	int disk;	       /* read the files on disk, no repository */
	const char *state_dir; /* the resolved state directory */
};

enum git_source_kind {
	GIT_SOURCE_DISK,     /* no repository: files on disk */
	GIT_SOURCE_COMMIT,   /* the commit's tree */
	GIT_SOURCE_WORKTREE, /* a dirty work tree, --allow-dirty */
};

struct git_source {
	enum git_source_kind kind;
	char *repository; /* the work tree or the URL; NULL for disk */
	int remote;	  /* from --repo */
	char *ref;	  /* the full ref name, or the spec given */
	char commit[GIT_OID_HEXSZ + 1];
	char *author;  /* "Name <email>" */
	char *date;    /* the author date, RFC 3339 */
	char *subject; /* the commit message's first line */
	struct commit_sig sig;
	struct worktree_dirty dirty;
	struct repo_policy policy;
	struct crest_yml crest_yml; /* the commit's, for windows: */
	struct repo_cache_stats fetch;
	char *root;	      /* where files are read from, or NULL */
	char *tmpdir;	      /* the exported tree (removed at free) */
	char *playbook;	      /* as the repository names it */
	char *playbook_path;  /* the file to read */
	char *inventory;      /* as the repository names it, or as given */
	char *inventory_path; /* the file to read; NULL: none given */
	int inventory_in_repo;
	git_repository *repo;
};

/* Opens the source of a run (see the theory above).  Returns 0 with *out
 * (git_source_free()), or -1 with err set: ERROR_INVALID (exit 4) for a
 * dirty tree, a ref or commit that does not resolve, a refused policy or
 * signature, each with the reason. */
int git_source_open(const struct git_source_request *req,
		    struct git_source **out, struct error *err);

/* Loads the playbook and the inventory from the source; errors name the
 * repository's paths.  (*pb)->file is the file read, in the private copy
 * for a commit, so that paths relative to the playbook (copy src:, vars
 * files) resolve in the same commit; (*pb)->doc->file is the repository's
 * name for it, which positions and messages use.  *pb and *inv are the
 * caller's. */
int git_source_load(const struct git_source *gs, struct playbook **pb,
		    struct inventory **inv, struct error *err);

/* Replaces the private directory's path with the repository's names in
 * err's file and message. */
void git_source_fix_error(const struct git_source *gs, struct error *err);

/* Returns what the journal header records under "git" (new reference). */
json_t *git_source_to_json(const struct git_source *gs);

/* Reopens the source a recorded run used, from its journal header: the
 * same commit of the same repository, or (for a run of files on disk or
 * of a dirty work tree) the same files on disk.  inventory (-i, or NULL)
 * overrides the recorded one.  Returns 0 with *out, or -1 with err set. */
int git_source_reopen(json_t *header, const char *inventory,
		      const char *state_dir, struct git_source **out,
		      struct error *err);

/* Returns the path of crest.yml at the root of the work tree the
 * playbook (a path on disk) lies in, relative to the current directory
 * when it is under it, or NULL when it lies in no work tree (caller
 * frees; the file may not exist). */
char *git_source_crest_yml_path(const char *playbook);

/* Checks the crest.yml file at path (none there: nothing to check) as a
 * run reads its commit's: policy, windows and notify:, errors naming
 * the file as name.  Returns 0, or -1 with ERROR_INVALID at
 * name:line:column. */
int git_source_check_crest_yml(const char *path, const char *name,
			       struct error *err);

/* Returns the key that locks the source's inventory: the repository's
 * path or URL and the inventory's path in it, or the inventory's real
 * path on disk.  Caller frees. */
char *git_source_lock_key(const struct git_source *gs);

/* Frees gs and removes its private directory.  Accepts NULL. */
void git_source_free(struct git_source *gs);

/* The review of what changed since an earlier commit. */
struct git_source_diff {
	struct buf commits; /* "SHORT subject (author)\n", newest first */
	struct buf patch;   /* a unified diff of the paths */
	size_t n_commits;
};

/* Lists the commits from since (exclusive) to the source's commit and the
 * unified diff of paths (repository-relative; files or directories)
 * between them.  Returns 0 or -1 with err set (since unknown).  The
 * caller releases out's buffers. */
int git_source_diff_since(const struct git_source *gs, const char *since,
			  const char *const *paths, size_t n_paths,
			  struct git_source_diff *out, struct error *err);

#endif
