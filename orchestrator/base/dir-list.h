/*
 * dir-list.h - the names in a directory that end with a suffix, sorted.
 *
 * What the state directory's runs, a host's facts snapshots and a
 * directory of inventory sources are read through: readdir() once, "."
 * and ".." never listed, each name that ends with the suffix (and is
 * longer than it) passed to the caller's check, the kept ones sorted as
 * strcmp() orders them (byte order: run ids and snapshot names sort by
 * time, inventory sources as Python's sorted()).
 *
 * A struct dir_list starts as DIR_LIST_INIT and owns its names;
 * dir_list_release() frees them and makes it DIR_LIST_INIT again.
 */
#ifndef CREST_DIR_LIST_H
#define CREST_DIR_LIST_H

#include <stddef.h>

#include "error.h"

struct dir_list {
	char **names; /* n_names names, sorted, each the caller's to keep */
	size_t n_names;
};

#define DIR_LIST_INIT                                                          \
	{                                                                      \
		NULL, 0                                                        \
	}

enum dir_list_flags {
	/* A directory that is not there (ENOENT, ENOTDIR) lists empty. */
	DIR_LIST_MISSING_OK = 1,
	/* Names are listed, and checked, without the suffix. */
	DIR_LIST_STRIP = 2,
};

/* Tells whether a name (without the suffix under DIR_LIST_STRIP) is
 * listed: 1 yes, 0 no. */
typedef int (*dir_list_keep_fn)(const char *name, void *data);

/* Reads into list (DIR_LIST_INIT, or released) the names in dir that end
 * with suffix ("" for every name) and that keep (NULL: all) accepts.
 * Returns 0, or -1 with err set (ERROR_SYSTEM, "cannot list DIR: ...")
 * and list empty. */
int dir_list_read(struct dir_list *list, const char *dir, const char *suffix,
		  unsigned flags, dir_list_keep_fn keep, void *data,
		  struct error *err);

/* Frees the names; list is DIR_LIST_INIT afterwards.  Accepts NULL. */
void dir_list_release(struct dir_list *list);

#endif
