/*
 * fd-limit.c - raising the open-file limit and fitting --forks under it;
 * see fd-limit.h.
 */
#include <dirent.h>
#include <stddef.h>
#include <sys/resource.h>

#include "fd-limit.h"

/* Fits forks under the limit: what is left after in_use and the reserve,
 * CREST_FDS_PER_HOST a host. */
unsigned fd_limit_forks(unsigned forks, unsigned long limit,
			unsigned long in_use)
{
	unsigned long spare, fit;

	if (forks == 0)
		return 0;
	if (limit <= in_use + CREST_FDS_RESERVE)
		return 1;
	spare = limit - in_use - CREST_FDS_RESERVE;
	fit = spare / CREST_FDS_PER_HOST;
	if (fit < 1)
		return 1;
	return fit < forks ? (unsigned)fit : forks;
}

/* Counts this process's open descriptors (less the one that reads them);
 * 3 when /proc cannot tell. */
static unsigned long fd_limit_open_now(void)
{
	DIR *dir = opendir("/proc/self/fd");
	const struct dirent *d;
	unsigned long n = 0;

	if (dir == NULL)
		return 3;
	while ((d = readdir(dir)) != NULL)
		if (d->d_name[0] != '.')
			n++;
	closedir(dir);
	return n > 0 ? n - 1 : 0;
}

/* Raises the soft limit to the hard one and fits forks under it. */
unsigned fd_limit_fit(unsigned forks, unsigned long *limit)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0) {
		*limit = 0;
		return forks;
	}
	if (rl.rlim_cur != rl.rlim_max) {
		struct rlimit raised = {rl.rlim_max, rl.rlim_max};

		if (setrlimit(RLIMIT_NOFILE, &raised) == 0)
			rl = raised;
	}
	if (rl.rlim_cur == RLIM_INFINITY) {
		*limit = (unsigned long)-1;
		return forks;
	}
	*limit = (unsigned long)rl.rlim_cur;
	return fd_limit_forks(forks, *limit, fd_limit_open_now());
}
