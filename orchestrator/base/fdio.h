/*
 * fdio.h - whole writes to a file descriptor.
 */
#ifndef CREST_FDIO_H
#define CREST_FDIO_H

#include <stddef.h>

/* Writes all n bytes at p to fd, retrying short writes and EINTR.
 * Returns 0, or -1 with errno set. */
int fd_write_all(int fd, const char *p, size_t n);

#endif
