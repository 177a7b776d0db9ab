/*
 * tree-export.c - a commit's tree written into a directory; see
 * tree-export.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tree-export.h"
#include "base/xmalloc.h"

struct export
{
	git_repository *repo;
	const char *dir;
	struct error *err;
};

/* Writes one blob to path with mode. */
static int export_blob(git_repository *repo, const git_oid *id,
		       const char *path, mode_t mode, int link,
		       struct error *err)
{
	git_blob *blob = NULL;
	const char *data;
	size_t len;
	ssize_t n;
	int fd = -1, ret = -1;
	char *target = NULL;

	if (git_blob_lookup(&blob, repo, id) < 0) {
		error_set(err, ERROR_SYSTEM, "cannot read %s from git", path);
		goto out;
	}
	data = git_blob_rawcontent(blob);
	len = (size_t)git_blob_rawsize(blob);
	if (link) {
		target = xstrndup(data, len);
		if (symlink(target, path) < 0) {
			error_set(err, ERROR_SYSTEM, "cannot create %s: %s",
				  path, strerror(errno));
			goto out;
		}
		ret = 0;
		goto out;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd < 0) {
		error_set(err, ERROR_SYSTEM, "cannot create %s: %s", path,
			  strerror(errno));
		goto out;
	}
	while (len > 0) {
		n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			error_set(err, ERROR_SYSTEM, "cannot write %s: %s",
				  path, strerror(errno));
			goto out;
		}
		data += n;
		len -= (size_t)n;
	}
	ret = 0;
out:
	if (fd >= 0)
		close(fd);
	free(target);
	git_blob_free(blob);
	return ret;
}

/* Writes one tree entry; called by git_tree_walk. */
static int export_entry(const char *root, const git_tree_entry *entry,
			void *payload)
{
	struct export *ex = payload;
	git_filemode_t mode = git_tree_entry_filemode(entry);
	char *path =
		xasprintf("%s/%s%s", ex->dir, root, git_tree_entry_name(entry));
	int ret = 0;

	switch (mode) {
	case GIT_FILEMODE_TREE:
		if (mkdir(path, 0700) < 0)
			ret = error_set(ex->err, ERROR_SYSTEM,
					"cannot create %s: %s", path,
					strerror(errno));
		break;
	case GIT_FILEMODE_BLOB:
	case GIT_FILEMODE_BLOB_EXECUTABLE:
	case GIT_FILEMODE_LINK:
		ret = export_blob(ex->repo, git_tree_entry_id(entry), path,
				  mode == GIT_FILEMODE_BLOB_EXECUTABLE ? 0700
								       : 0600,
				  mode == GIT_FILEMODE_LINK, ex->err);
		break;
	default: /* a submodule: not part of this repository's content */
		ret = 1;
		break;
	}
	free(path);
	return ret;
}

/* Exports a commit's tree. */
int tree_export(git_repository *repo, const git_commit *commit, const char *dir,
		struct error *err)
{
	struct export ex = {repo, dir, err};
	git_tree *tree = NULL;
	int ret = -1;

	if (git_commit_tree(&tree, commit) < 0) {
		error_set(err, ERROR_SYSTEM, "cannot read the commit's tree");
		goto out;
	}
	if (git_tree_walk(tree, GIT_TREEWALK_PRE, export_entry, &ex) < 0) {
		if (err->message == NULL)
			error_set(err, ERROR_SYSTEM,
				  "cannot write the commit's tree");
		goto out;
	}
	ret = 0;
out:
	git_tree_free(tree);
	return ret;
}

/* Removes one entry; called by nftw, deepest first. */
static int export_remove(const char *path, const struct stat *st, int flag,
			 struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

/* Removes an exported tree. */
void tree_export_remove(const char *dir)
{
	if (dir)
		nftw(dir, export_remove, 16, FTW_DEPTH | FTW_PHYS);
}
