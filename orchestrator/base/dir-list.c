/*
 * dir-list.c - the sorted names of a directory; see dir-list.h.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "dir-list.h"
#include "xmalloc.h"

/* Orders names byte by byte. */
static int name_order(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Returns the name to list for d_name, or NULL when it is not listed. */
static char *listed_name(const char *d_name, const char *suffix, unsigned flags,
			 dir_list_keep_fn keep, void *data)
{
	size_t len = strlen(d_name), lx = strlen(suffix);
	char *name;

	if (strcmp(d_name, ".") == 0 || strcmp(d_name, "..") == 0)
		return NULL;
	if (len <= lx || strcmp(d_name + len - lx, suffix) != 0)
		return NULL;
	name = xstrndup(d_name, flags & DIR_LIST_STRIP ? len - lx : len);
	if (keep && !keep(name, data)) {
		free(name);
		return NULL;
	}
	return name;
}

/* Reads, checks and sorts the names. */
int dir_list_read(struct dir_list *list, const char *dir, const char *suffix,
		  unsigned flags, dir_list_keep_fn keep, void *data,
		  struct error *err)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char *name;

	list->names = NULL;
	list->n_names = 0;
	if (d == NULL) {
		if ((flags & DIR_LIST_MISSING_OK) &&
		    (errno == ENOENT || errno == ENOTDIR))
			return 0;
		return error_set(err, ERROR_SYSTEM, "cannot list %s: %s", dir,
				 strerror(errno));
	}
	while ((de = readdir(d)) != NULL) {
		name = listed_name(de->d_name, suffix, flags, keep, data);
		if (name == NULL)
			continue;
		list->names = array_grow(list->names, list->n_names,
					 sizeof(*list->names));
		list->names[list->n_names++] = name;
	}
	closedir(d);
	if (list->n_names > 1)
		qsort(list->names, list->n_names, sizeof(*list->names),
		      name_order);
	return 0;
}

/* Frees every name and the array. */
void dir_list_release(struct dir_list *list)
{
	size_t i;

	if (list == NULL)
		return;
	for (i = 0; i < list->n_names; i++)
		free(list->names[i]);
	free(list->names);
	list->names = NULL;
	list->n_names = 0;
}
