/*
 * atomic-file.h - writing a whole file so that a reader, or a crash,
 * sees the old content or the new one, never half of either.
 *
 * The bytes go to a temporary file of their own beside the target
 * (DIR/.NAME.tmpXXXXXX, created O_EXCL with the mode asked for, less the
 * umask, so the content is never readable by others even for a moment),
 * which is fsync'd, put in place by rename() (or by link() with
 * ATOMIC_FILE_NOREPLACE) and then the directory fsync'd, so the new name
 * survives a crash too.  Hidden temporary names keep a directory listing
 * by suffix from ever seeing one; a crash may leave one behind.
 */
#ifndef CREST_ATOMIC_FILE_H
#define CREST_ATOMIC_FILE_H

#include <stddef.h>
#include <sys/types.h>

#include "error.h"

enum atomic_file_flags {
	/* A file already at path is kept and the new bytes dropped: the
	 * first of two writers wins (link() instead of rename()). */
	ATOMIC_FILE_NOREPLACE = 1,
};

/* Writes the len bytes at data to path with mode (e.g. 0600; the umask
 * applies) as described above.  Returns 0 when path holds the new bytes,
 * 1 when ATOMIC_FILE_NOREPLACE found a file there already, or -1 with
 * err set (ERROR_SYSTEM, "cannot write PATH: ..."); nothing is left at
 * the temporary name either way. */
int atomic_file_write(const char *path, const void *data, size_t len,
		      mode_t mode, unsigned flags, struct error *err);

/* Fsyncs directory dir, so that a rename, link or unlink in it survives
 * a crash.  Returns 0, or -1 with err set (ERROR_SYSTEM). */
int atomic_file_sync_dir(const char *dir, struct error *err);

#endif
