/*
 * tree-export.h - writing a commit's tree into a directory, so that the
 * loaders that read files (playbooks, inventories with group_vars/, copy
 * sources, executable inventories) read exactly the commit's content.
 *
 * Files get mode 0600 (0700 when git records them executable), directories
 * 0700, symbolic links are made as recorded; submodules are skipped.
 */
#ifndef CREST_TREE_EXPORT_H
#define CREST_TREE_EXPORT_H

#include <git2.h>

#include "base/error.h"

/* Writes every file of commit's tree under dir (which exists).  Returns 0,
 * or -1 with err set. */
int tree_export(git_repository *repo, const git_commit *commit, const char *dir,
		struct error *err);

/* Removes dir and everything under it (no symbolic link is followed).
 * Accepts NULL. */
void tree_export_remove(const char *dir);

#endif
