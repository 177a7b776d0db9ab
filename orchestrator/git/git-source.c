/*
 * git-source.c - a run's files from a git commit; see git-source.h for the
 * theory of operation.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "git-source.h"
#include "inventory/inventory.h"
#include "lang/notify-config.h"
#include "lang/playbook.h"
#include "schedule/window.h"
#include "tree-export.h"
#include "base/xmalloc.h"

/* Sets err to the formatted text and libgit2's last error. */
static int git_fail(struct error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Sets err to the formatted text and libgit2's last error. */
static int git_fail(struct error *err, const char *fmt, ...)
{
	const git_error *e = git_error_last();
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	error_set(err, ERROR_INVALID, "%s: %s", b.data,
		  e && e->message ? e->message : "unknown error");
	buf_release(&b);
	return -1;
}

/* Returns path relative to the directory prefix (which ends in '/'), or
 * NULL when it lies outside. */
static const char *relative_to(const char *path, const char *prefix)
{
	size_t n = strlen(prefix);

	if (strncmp(path, prefix, n) == 0)
		return path + n;
	if (strncmp(path, prefix, n - 1) == 0 && path[n - 1] == '\0')
		return "";
	return NULL;
}

/* Opens the local repository the playbook lies in; 1 when there is none. */
static int open_local(const struct git_source_request *req,
		      struct git_source *gs, struct error *err)
{
	git_buf found = GIT_BUF_INIT;
	char *abs = realpath(req->playbook, NULL), *dir = NULL, *slash;
	char *workdir = NULL;
	const char *rel;
	int ret = -1;

	if (abs == NULL) {
		error_set(err, ERROR_INVALID, "cannot read %s: %s",
			  req->playbook, strerror(errno));
		goto out;
	}
	dir = xstrdup(abs);
	slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	if (git_repository_discover(&found, dir, 0, NULL) < 0 ||
	    git_repository_open(&gs->repo, found.ptr) < 0 ||
	    git_repository_is_bare(gs->repo)) {
		git_error_clear();
		ret = 1;
		goto out;
	}
	workdir = realpath(git_repository_workdir(gs->repo), NULL);
	if (workdir == NULL) {
		error_set(err, ERROR_SYSTEM, "cannot resolve the work tree");
		goto out;
	}
	gs->repository = workdir;
	workdir = NULL;
	{
		char *prefix = xasprintf("%s/", gs->repository);

		rel = relative_to(abs, prefix);
		gs->playbook = xstrdup(rel ? rel : abs);
		free(prefix);
	}
	ret = 0;
out:
	git_buf_dispose(&found);
	free(abs);
	free(dir);
	free(workdir);
	return ret;
}

/* Resolves the ref (or the recorded commit) to a commit. */
static int resolve_commit(const struct git_source_request *req,
			  struct git_source *gs, git_commit **out,
			  struct error *err)
{
	const char *spec =
		req->commit ? req->commit : (req->ref ? req->ref : "HEAD");
	git_object *obj = NULL, *peeled = NULL;
	git_reference *ref = NULL, *resolved = NULL;
	int ret = -1;

	if (git_revparse_ext(&obj, &ref, gs->repo, spec) < 0) {
		git_fail(err, "no commit '%s' in the repository", spec);
		goto out;
	}
	if (git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) < 0) {
		git_fail(err, "'%s' is not a commit", spec);
		goto out;
	}
	if (ref && git_reference_resolve(&resolved, ref) == 0)
		gs->ref = xstrdup(git_reference_name(resolved));
	else
		gs->ref = xstrdup(ref ? git_reference_name(ref) : spec);
	*out = (git_commit *)peeled;
	peeled = NULL;
	ret = 0;
out:
	git_object_free(obj);
	git_object_free(peeled);
	git_reference_free(ref);
	git_reference_free(resolved);
	return ret;
}

/* Records the commit's id, author, date and subject. */
static void describe_commit(struct git_source *gs, const git_commit *c)
{
	const git_signature *a = git_commit_author(c);
	const char *summary = git_commit_summary((git_commit *)c);
	time_t t = (time_t)a->when.time + (time_t)a->when.offset * 60;
	int off = a->when.offset < 0 ? -a->when.offset : a->when.offset;
	char when[64];
	struct tm tm;

	git_oid_tostr(gs->commit, sizeof(gs->commit), git_commit_id(c));
	gs->author = xasprintf("%s <%s>", a->name, a->email);
	gmtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
	gs->date =
		xasprintf("%s%c%02d:%02d", when, a->when.offset < 0 ? '-' : '+',
			  off / 60, off % 60);
	gs->subject = xstrdup(summary ? summary : "");
}

/* Refuses a dirty work tree, or records it under --allow-dirty. */
static int check_dirty(const struct git_source_request *req,
		       struct git_source *gs, struct error *err)
{
	char *dir = xstrdup(gs->playbook), *slash = strrchr(dir, '/');
	char *state = NULL, *prefix = NULL, *skip_dir = NULL;
	const char *skip;
	struct buf list = BUF_INIT;
	size_t i;
	int ret = -1;

	if (slash)
		slash[1] = '\0';
	else
		dir[0] = '\0';
	/* A state directory kept in the work tree is not the playbooks'. */
	state = realpath(req->state_dir, NULL);
	prefix = xasprintf("%s/", gs->repository);
	skip = state ? relative_to(state, prefix) : NULL;
	if (skip && *skip)
		skip_dir = xasprintf("%s/", skip);
	if (worktree_dirty_scan(gs->repo, dir, skip_dir, &gs->dirty, err) < 0)
		goto out;
	if (gs->dirty.n_paths == 0 || req->allow_dirty) {
		ret = 0;
		goto out;
	}
	for (i = 0; i < gs->dirty.n_paths && i < 20; i++)
		buf_addf(&list, "%s%s%s", i ? ", " : "",
			 gs->dirty.paths[i].path,
			 gs->dirty.paths[i].untracked ? " (untracked)" : "");
	if (gs->dirty.n_paths > 20)
		buf_addf(&list, " and %zu more", gs->dirty.n_paths - 20);
	error_set(err, ERROR_INVALID,
		  "the work tree %s differs from %s: %s; commit them, or "
		  "run them anyway with --allow-dirty",
		  gs->repository, gs->commit, list.data);
out:
	free(dir);
	free(state);
	free(prefix);
	free(skip_dir);
	buf_release(&list);
	return ret;
}

/* Creates the private directory STATE/tmp/src-XXXXXX. */
static int make_tmpdir(const struct git_source_request *req,
		       struct git_source *gs, struct error *err)
{
	char *parent = xasprintf("%s/tmp", req->state_dir);
	char *dir = xasprintf("%s/src-XXXXXX", parent);
	int ret = -1;

	if (mkdir(parent, 0700) < 0 && errno != EEXIST) {
		error_set(err, ERROR_SYSTEM, "cannot create %s: %s", parent,
			  strerror(errno));
		goto out;
	}
	if (mkdtemp(dir) == NULL) {
		error_set(err, ERROR_SYSTEM, "cannot create %s: %s", dir,
			  strerror(errno));
		goto out;
	}
	gs->tmpdir = dir;
	dir = NULL;
	ret = 0;
out:
	free(parent);
	free(dir);
	return ret;
}

/* Checks that an allowed ref reaches the commit. */
static int check_refs(struct git_source *gs, const git_commit *c,
		      struct error *err)
{
	git_reference_iterator *it = NULL;
	git_reference *ref = NULL;
	const git_oid *id = git_commit_id(c);
	struct buf refs = BUF_INIT;
	size_t i;
	int ret = -1, ok = 0;

	if (gs->policy.n_allowed_refs == 0)
		return 0;
	if (git_reference_iterator_new(&it, gs->repo) < 0)
		return git_fail(err, "cannot list the refs");
	while (!ok && git_reference_next(&ref, it) == 0) {
		git_object *tip = NULL;

		if (repo_policy_ref_allowed(&gs->policy,
					    git_reference_name(ref)) &&
		    git_reference_peel(&tip, ref, GIT_OBJECT_COMMIT) == 0)
			ok = git_oid_equal(git_object_id(tip), id) ||
			     git_graph_descendant_of(
				     gs->repo, git_object_id(tip), id) == 1;
		git_object_free(tip);
		git_reference_free(ref);
		ref = NULL;
	}
	if (!ok) {
		for (i = 0; i < gs->policy.n_allowed_refs; i++)
			buf_addf(&refs, "%s%s", i ? ", " : "",
				 gs->policy.allowed_refs[i]);
		error_set(err, ERROR_INVALID,
			  "commit %.12s (%s) is not reachable from any ref "
			  "crest.yml allows (allowed_refs: %s)",
			  gs->commit, gs->ref, refs.data);
		goto out;
	}
	ret = 0;
out:
	git_reference_iterator_free(it);
	buf_release(&refs);
	return ret;
}

/* Checks the commit's signature; refuses per require_signed. */
static int check_signature(struct git_source *gs, const git_commit *c,
			   struct error *err)
{
	char *signers = NULL;
	int ret = -1;

	if (gs->policy.allowed_signers)
		signers = xasprintf("%s/%s", gs->tmpdir,
				    gs->policy.allowed_signers);
	if (signers && access(signers, R_OK) < 0) {
		error_set(err, ERROR_INVALID,
			  "crest.yml: allowed_signers %s is not in the "
			  "commit",
			  gs->policy.allowed_signers);
		goto out;
	}
	if (commit_sig_check(gs->repo, git_commit_id(c), signers, gs->tmpdir,
			     &gs->sig, err) < 0)
		goto out;
	if (gs->policy.require_signed && !gs->sig.verified) {
		error_set(err, ERROR_INVALID,
			  "commit %.12s is refused: crest.yml requires a "
			  "verified signature, and %s",
			  gs->commit, gs->sig.reason ? gs->sig.reason : "none");
		goto out;
	}
	ret = 0;
out:
	free(signers);
	return ret;
}

/* Maps the inventory to the file to read. */
static void map_inventory(const struct git_source_request *req,
			  struct git_source *gs)
{
	const char *rel = NULL;
	char *abs = NULL, *prefix = NULL, *inside = NULL;
	struct stat st;

	if (req->inventory == NULL && gs->policy.inventory == NULL)
		return;
	if (req->inventory == NULL) {
		rel = gs->policy.inventory;
	} else if (gs->kind != GIT_SOURCE_DISK && req->workdir == NULL &&
		   !gs->remote) {
		abs = realpath(req->inventory, NULL);
		prefix = xasprintf("%s/", gs->repository);
		rel = abs ? relative_to(abs, prefix) : NULL;
	} else if (gs->kind != GIT_SOURCE_DISK && req->inventory[0] != '/') {
		inside = xasprintf("%s/%s", gs->root, req->inventory);
		if (lstat(inside, &st) == 0)
			rel = req->inventory;
	}
	if (rel && gs->root) {
		gs->inventory = xstrdup(*rel ? rel : ".");
		gs->inventory_path = xasprintf("%s/%s", gs->root, rel);
		gs->inventory_in_repo = 1;
	} else {
		gs->inventory = xstrdup(req->inventory);
		gs->inventory_path = xstrdup(req->inventory);
	}
	free(abs);
	free(prefix);
	free(inside);
}

/* Checks crest.yml's notify: with the reader a run's notifier uses
 * (lang/notify-config.h), its secrets' form only. */
static int notify_read_key(void *ctx, const struct ynode *key,
			   const struct ynode *v, struct error *err)
{
	struct notify_config scratch = {0};
	int ret = notify_config_parse(v, NOTIFY_IN_CREST_YML, NULL, &scratch,
				      err);

	(void)ctx;
	(void)key;
	notify_config_release(&scratch);
	return ret;
}

/* Reads crest.yml from path (errors call it name) into *cy: its policy
 * into *policy, its windows and notify: checked in full, so that a bad
 * window or webhook refuses the run as early as a bad policy; one walk,
 * so that of two mistakes the first in the file is reported. */
static int read_crest_yml(const char *path, const char *name,
			  struct crest_yml *cy, struct repo_policy *policy,
			  struct error *err)
{
	const struct crest_yml_reader readers[] = {
		repo_policy_reader(policy),
		window_set_check,
		{CREST_YML_NOTIFY, notify_read_key, NULL, NULL},
	};

	if (crest_yml_load(path, name, cy, err) < 0)
		return -1;
	return crest_yml_read(cy, readers, sizeof(readers) / sizeof(readers[0]),
			      err);
}

/* Finds the crest.yml of the work tree the playbook lies in. */
char *git_source_crest_yml_path(const char *playbook)
{
	git_repository *repo = NULL;
	git_buf found = GIT_BUF_INIT;
	char *abs = realpath(playbook, NULL), *slash, *path = NULL;
	char *cwd = realpath(".", NULL), *prefix;
	const char *rel;

	git_libgit2_init();
	if (abs && (slash = strrchr(abs, '/')) != NULL)
		*slash = '\0';
	if (abs && git_repository_discover(&found, abs, 0, NULL) == 0 &&
	    git_repository_open(&repo, found.ptr) == 0 &&
	    !git_repository_is_bare(repo))
		path = xasprintf("%screst.yml", git_repository_workdir(repo));
	/* Named from the current folder when it lies under it. */
	prefix = cwd ? xasprintf("%s/", cwd) : NULL;
	if (path && prefix && (rel = relative_to(path, prefix)) != NULL &&
	    *rel) {
		char *shorter = xstrdup(rel);

		free(path);
		path = shorter;
	}
	free(prefix);
	free(cwd);
	git_error_clear();
	git_repository_free(repo);
	git_buf_dispose(&found);
	free(abs);
	git_libgit2_shutdown();
	return path;
}

/* Checks a crest.yml file as a run reads its commit's. */
int git_source_check_crest_yml(const char *path, const char *name,
			       struct error *err)
{
	struct crest_yml cy = CREST_YML_INIT;
	struct repo_policy policy = REPO_POLICY_INIT;
	int ret = read_crest_yml(path, name, &cy, &policy, err);

	repo_policy_release(&policy);
	crest_yml_release(&cy);
	return ret;
}

/* Opens the repository and the commit, and runs the checks. */
static int open_commit(const struct git_source_request *req,
		       struct git_source *gs, struct error *err)
{
	git_commit *c = NULL;
	char *policy = NULL;
	int ret = -1, checks = req->commit == NULL;

	if (resolve_commit(req, gs, &c, err) < 0)
		goto out;
	describe_commit(gs, c);
	/* The work tree matters only when HEAD is what runs. */
	if (checks && !gs->remote && req->ref == NULL &&
	    check_dirty(req, gs, err) < 0)
		goto out;
	if (make_tmpdir(req, gs, err) < 0 ||
	    tree_export(gs->repo, c, gs->tmpdir, err) < 0)
		goto out;
	/* The policy is the commit's, even when the work tree runs. */
	policy = xasprintf("%s/crest.yml", gs->tmpdir);
	if (read_crest_yml(policy, "crest.yml", &gs->crest_yml, &gs->policy,
			   err) < 0)
		goto out;
	if (gs->dirty.n_paths > 0 && gs->policy.require_signed) {
		error_set(err, ERROR_INVALID,
			  "crest.yml requires signed commits: the work tree "
			  "%s differs from %.12s (%s...), and --allow-dirty "
			  "cannot run unsigned changes",
			  gs->repository, gs->commit, gs->dirty.paths[0].path);
		goto out;
	}
	if (gs->dirty.n_paths > 0) {
		gs->kind = GIT_SOURCE_WORKTREE;
		gs->root = xstrdup(gs->repository);
		gs->playbook_path = xstrdup(req->playbook);
	} else {
		gs->root = xstrdup(gs->tmpdir);
		gs->playbook_path = xasprintf("%s/%s", gs->root, gs->playbook);
	}
	if (checks &&
	    (check_refs(gs, c, err) < 0 || check_signature(gs, c, err) < 0))
		goto out;
	if (access(gs->playbook_path, R_OK) < 0) {
		error_set(err, ERROR_INVALID, "no playbook %s in commit %.12s",
			  gs->playbook, gs->commit);
		goto out;
	}
	ret = 0;
out:
	git_commit_free(c);
	free(policy);
	return ret;
}

/* Returns 1 when the repository holds the commit spelled hex. */
static int has_commit(git_repository *repo, const char *hex)
{
	git_commit *c = NULL;
	git_oid id;
	int found;

	found = git_oid_fromstr(&id, hex) == 0 &&
		git_commit_lookup(&c, repo, &id) == 0;
	git_commit_free(c);
	git_error_clear();
	return found;
}

/* Opens a run's source. */
int git_source_open(const struct git_source_request *req,
		    struct git_source **out, struct error *err)
{
	struct git_source *gs = xcalloc(1, sizeof(*gs));
	char *url = NULL;
	int ret = -1, rc;

	git_libgit2_init();
	gs->kind = GIT_SOURCE_COMMIT;
	if (req->repo) {
		url = repo_cache_url(req->repo);
		gs->remote = 1;
		if (repo_cache_update(req->state_dir, url, req->commit == NULL,
				      &gs->repo, &gs->fetch, err) < 0)
			goto out;
		if (req->commit && !has_commit(gs->repo, req->commit)) {
			/* The recorded commit is not cached (any more). */
			git_repository_free(gs->repo);
			gs->repo = NULL;
			if (repo_cache_update(req->state_dir, url, 1, &gs->repo,
					      &gs->fetch, err) < 0)
				goto out;
		}
		gs->repository = url;
		url = NULL;
		gs->playbook = xstrdup(req->playbook);
	} else if (req->workdir) {
		if (git_repository_open(&gs->repo, req->workdir) < 0) {
			git_fail(err, "cannot open the repository %s",
				 req->workdir);
			goto out;
		}
		gs->repository = xstrdup(req->workdir);
		gs->playbook = xstrdup(req->playbook);
	} else if (req->disk) {
		gs->kind = GIT_SOURCE_DISK;
		gs->playbook = xstrdup(req->playbook);
		gs->playbook_path = xstrdup(req->playbook);
	} else {
		rc = open_local(req, gs, err);
		if (rc < 0)
			goto out;
		if (rc == 1) {
			gs->kind = GIT_SOURCE_DISK;
			gs->playbook = xstrdup(req->playbook);
			gs->playbook_path = xstrdup(req->playbook);
		}
	}
	if (gs->kind != GIT_SOURCE_DISK && open_commit(req, gs, err) < 0)
		goto out;
	map_inventory(req, gs);
	if (gs->inventory_in_repo && access(gs->inventory_path, F_OK) < 0) {
		error_set(err, ERROR_INVALID,
			  "no inventory %s in commit %.12s (commit it, or run "
			  "the work tree with --allow-dirty)",
			  gs->inventory, gs->commit);
		goto out;
	}
	*out = gs;
	gs = NULL;
	ret = 0;
out:
	free(url);
	git_source_free(gs);
	return ret;
}

/* Replaces every "old" in *s with "new". */
static void replace_all(char **s, const char *old, const char *new)
{
	struct buf b = BUF_INIT;
	const char *p = *s, *hit;
	size_t n = strlen(old);

	if (*s == NULL || strstr(*s, old) == NULL)
		return;
	while ((hit = strstr(p, old)) != NULL) {
		buf_add(&b, p, (size_t)(hit - p));
		buf_adds(&b, new);
		p = hit + n;
	}
	buf_adds(&b, p);
	free(*s);
	*s = buf_detach(&b, NULL);
}

/* Names the repository's files in an error instead of the private copy. */
void git_source_fix_error(const struct git_source *gs, struct error *err)
{
	char *prefix;

	if (gs == NULL || gs->tmpdir == NULL)
		return;
	prefix = xasprintf("%s/", gs->tmpdir);
	replace_all(&err->file, prefix, "");
	replace_all(&err->message, prefix, "");
	free(prefix);
}

/* Loads the playbook and inventory of the source. */
int git_source_load(const struct git_source *gs, struct playbook **pb,
		    struct inventory **inv, struct error *err)
{
	struct buf text = BUF_INIT;
	char chunk[8192];
	FILE *fp = NULL;
	size_t n;
	int ret = -1;

	if (gs->kind == GIT_SOURCE_DISK) {
		if (playbook_load(gs->playbook_path, pb, err) < 0)
			goto out;
	} else {
		fp = fopen(gs->playbook_path, "r");
		if (fp == NULL) {
			error_set(err, ERROR_INVALID, "cannot read %s: %s",
				  gs->playbook, strerror(errno));
			goto out;
		}
		while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
			buf_add(&text, chunk, n);
		/* Errors name the repository's path; relative paths of
		 * the playbook (copy src) resolve in the copy. */
		if (playbook_load_buffer(gs->playbook, text.data, text.len, pb,
					 err) < 0)
			goto out;
		free((*pb)->file);
		(*pb)->file = xstrdup(gs->playbook_path);
	}
	if (gs->inventory_path &&
	    inventory_load(gs->inventory_path, inv, err) < 0)
		goto out;
	ret = 0;
out:
	if (ret < 0)
		git_source_fix_error(gs, err);
	if (fp)
		fclose(fp);
	buf_release(&text);
	return ret;
}

/* Frees a source and removes its private copy. */
void git_source_free(struct git_source *gs)
{
	if (gs == NULL)
		return;
	tree_export_remove(gs->tmpdir);
	free(gs->tmpdir);
	free(gs->root);
	free(gs->repository);
	free(gs->ref);
	free(gs->author);
	free(gs->date);
	free(gs->subject);
	commit_sig_release(&gs->sig);
	worktree_dirty_release(&gs->dirty);
	repo_policy_release(&gs->policy);
	crest_yml_release(&gs->crest_yml);
	free(gs->playbook);
	free(gs->playbook_path);
	free(gs->inventory);
	free(gs->inventory_path);
	git_repository_free(gs->repo);
	free(gs);
	git_libgit2_shutdown();
}
