/*
 * atomic-file.c - whole files written through a temporary name; see
 * atomic-file.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "atomic-file.h"
#include "fdio.h"
#include "xmalloc.h"

/* Tries this many random temporary names before giving up. */
#define ATOMIC_FILE_TRIES 100

/* Creates a new temporary file beside path: *tmp (caller frees) and its
 * descriptor, or -1 with errno set. */
static int open_temporary(const char *path, mode_t mode, char **tmp)
{
	static const char letters[] = "abcdefghijklmnopqrstuvwxyz"
				      "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	const char *slash = strrchr(path, '/');
	int dir_len = slash ? (int)(slash - path) + 1 : 0;
	unsigned char rnd[6];
	char suffix[sizeof(rnd) + 1];
	int fd = -1, i;
	size_t k;

	*tmp = NULL;
	for (i = 0; i < ATOMIC_FILE_TRIES && fd < 0; i++) {
		if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd))
			return -1;
		for (k = 0; k < sizeof(rnd); k++)
			suffix[k] = letters[rnd[k] % (sizeof(letters) - 1)];
		suffix[sizeof(rnd)] = '\0';
		free(*tmp);
		*tmp = xasprintf("%.*s.%s.tmp%s", dir_len, path, path + dir_len,
				 suffix);
		fd = open(*tmp,
			  O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
			  mode);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	if (fd < 0) {
		free(*tmp);
		*tmp = NULL;
	}
	return fd;
}

/* Fsyncs a directory, keeping errno of a failure. */
static int sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), ret = -1;
	int saved;

	if (fd >= 0 && fsync(fd) == 0)
		ret = 0;
	saved = errno;
	if (fd >= 0)
		close(fd);
	errno = saved;
	return ret;
}

/* Fsyncs the directory path is in, so its new name survives a crash. */
static int sync_parent(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path,
				     slash == path ? 1 : (size_t)(slash - path))
			  : xstrdup(".");
	int ret = sync_dir(dir), saved = errno;

	free(dir);
	errno = saved;
	return ret;
}

/* Writes data to the open temporary file fd, closes it and puts tmp at
 * path.  Returns 0, 1 (ATOMIC_FILE_NOREPLACE found a file there) or -1
 * with errno set; tmp is gone afterwards either way. */
static int place(int fd, const char *tmp, const char *path, const void *data,
		 size_t len, unsigned flags)
{
	int ret = -1, renamed = 0, saved;

	if (fd_write_all(fd, data, len) < 0 || fsync(fd) < 0) {
		saved = errno;
		close(fd);
		errno = saved;
		goto out;
	}
	if (close(fd) < 0)
		goto out;
	if (flags & ATOMIC_FILE_NOREPLACE) {
		if (link(tmp, path) == 0)
			ret = 0;
		else if (errno == EEXIST)
			ret = 1;
	} else if (rename(tmp, path) == 0) {
		renamed = 1;
		ret = 0;
	}
out:
	saved = errno;
	if (!renamed)
		unlink(tmp);
	errno = saved;
	if (ret == 0 && sync_parent(path) < 0)
		ret = -1;
	return ret;
}

/* Writes data to a temporary file, then puts it in place. */
int atomic_file_write(const char *path, const void *data, size_t len,
		      mode_t mode, unsigned flags, struct error *err)
{
	char *tmp = NULL;
	int fd, ret = -1;

	fd = open_temporary(path, mode, &tmp);
	if (fd >= 0)
		ret = place(fd, tmp, path, data, len, flags);
	if (ret < 0)
		error_set(err, ERROR_SYSTEM, "cannot write %s: %s", path,
			  strerror(errno));
	free(tmp);
	return ret;
}

/* Fsyncs dir, naming it in err. */
int atomic_file_sync_dir(const char *dir, struct error *err)
{
	if (sync_dir(dir) < 0)
		return error_set(err, ERROR_SYSTEM, "fsync of %s: %s", dir,
				 strerror(errno));
	return 0;
}
