/*
 * fdio.c - whole writes to a file descriptor; see fdio.h.
 */
#include <errno.h>
#include <unistd.h>

#include "fdio.h"

/* Writes all of p, retrying short writes and EINTR. */
int fd_write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}
