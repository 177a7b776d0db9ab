/*
 * state.c - the state directory, run ids and run file names.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "state.h"
#include "base/atomic-file.h"
#include "base/dir-list.h"
#include "base/xmalloc.h"

#define RUN_SUFFIX ".jsonl"

/* Creates path and its parents with mode 0700 where missing. */
static int mkdir_parents(const char *path, struct error *err)
{
	char *copy = xstrdup(path);
	char *p;
	int ret = -1;

	for (p = copy + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;

		*p = '\0';
		if (mkdir(copy, 0700) < 0 && errno != EEXIST) {
			error_set(err, ERROR_SYSTEM,
				  "cannot create state directory %s: %s", copy,
				  strerror(errno));
			goto out;
		}
		*p = c;
		if (c == '\0')
			break;
	}
	ret = 0;
out:
	free(copy);
	return ret;
}

/* Picks the state directory from the option, the user and the environment. */
static char *state_dir_default(void)
{
	const char *xdg = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");

	if (geteuid() == 0)
		return xstrdup("/var/lib/crest");
	if (xdg && xdg[0] == '/')
		return xasprintf("%s/crest", xdg);
	return xasprintf("%s/.local/state/crest", home ? home : ".");
}

/* Resolves and creates the state directory. */
int state_dir_open(const char *option, char **out, struct error *err)
{
	char *dir = option && *option ? xstrdup(option) : state_dir_default();
	char *sub = NULL;
	struct stat st;
	int ret = -1;

	if (mkdir_parents(dir, err) < 0)
		goto out;
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		error_set(err, ERROR_INVALID,
			  "state directory %s is not a "
			  "directory",
			  dir);
		goto out;
	}
	sub = xasprintf("%s/runs", dir);
	if (mkdir_parents(sub, err) < 0)
		goto out;
	free(sub);
	sub = xasprintf("%s/locks", dir);
	if (mkdir_parents(sub, err) < 0)
		goto out;
	*out = dir;
	dir = NULL;
	ret = 0;
out:
	free(sub);
	free(dir);
	return ret;
}

/* Makes a sortable, unique run id. */
char *state_new_run_id(time_t now)
{
	unsigned short rnd = 0;
	struct tm tm;
	char stamp[32];

	if (getrandom(&rnd, sizeof(rnd), 0) != sizeof(rnd))
		rnd = (unsigned short)(getpid() ^ now);
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	return xasprintf("%s-%04x", stamp, rnd);
}

/* Checks the shape YYYYMMDD-HHMMSS-XXXX. */
int state_run_id_valid(const char *id)
{
	static const char shape[] = "dddddddd-dddddd-xxxx";
	size_t i;

	if (id == NULL || strlen(id) != sizeof(shape) - 1)
		return 0;
	for (i = 0; shape[i]; i++) {
		unsigned char c = (unsigned char)id[i];

		if (shape[i] == 'd' && !isdigit(c))
			return 0;
		if (shape[i] == 'x' && !isxdigit(c))
			return 0;
		if (shape[i] == '-' && c != '-')
			return 0;
	}
	return 1;
}

/* Names a run's journal file. */
char *state_run_path(const char *state_dir, const char *run_id)
{
	return xasprintf("%s/runs/%s%s", state_dir, run_id, RUN_SUFFIX);
}

/* Makes the key file at path unless it is there: written whole under a
 * name of its own, then linked into place, so no reader sees half a key
 * and a second process's key loses to the first's. */
static int make_key(const char *path, struct error *err)
{
	unsigned char key[STATE_KEY_LEN];
	int ret = -1;

	if (access(path, F_OK) == 0) {
		ret = 0;
		goto out;
	}
	if (getrandom(key, sizeof(key), 0) != (ssize_t)sizeof(key)) {
		error_set(err, ERROR_SYSTEM, "getrandom: %s", strerror(errno));
		goto out;
	}
	if (atomic_file_write(path, key, sizeof(key), 0600,
			      ATOMIC_FILE_NOREPLACE, err) < 0)
		goto out;
	ret = 0;
out:
	memset(key, 0, sizeof(key));
	return ret;
}

/* Reads the state directory's digest key, making it on first use. */
int state_digest_key(const char *state_dir, unsigned char key[STATE_KEY_LEN],
		     struct error *err)
{
	char *path = xasprintf("%s/digest.key", state_dir);
	ssize_t n = -1;
	int fd = -1, ret = -1;

	if (make_key(path, err) < 0)
		goto out;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0)
		n = read(fd, key, STATE_KEY_LEN);
	if (n != STATE_KEY_LEN) {
		error_set(err, ERROR_SYSTEM,
			  "cannot read the digest key %s (%s): it must hold "
			  "%d bytes; restore it from a backup, as the runs' "
			  "-e digests need it",
			  path, n < 0 ? strerror(errno) : "too short",
			  STATE_KEY_LEN);
		goto out;
	}
	ret = 0;
out:
	if (fd >= 0)
		close(fd);
	free(path);
	return ret;
}

/* Keeps the names that are run ids. */
static int run_id_name(const char *name, void *data)
{
	(void)data;
	return state_run_id_valid(name);
}

/* Lists the runs of a state directory. */
int state_list_runs(const char *state_dir, char ***ids_out, size_t *n_out,
		    struct error *err)
{
	char *dir = xasprintf("%s/runs", state_dir);
	struct dir_list list = DIR_LIST_INIT;
	int ret = -1;

	if (dir_list_read(&list, dir, RUN_SUFFIX, DIR_LIST_STRIP, run_id_name,
			  NULL, err) < 0)
		goto out;
	*ids_out = list.names;
	*n_out = list.n_names;
	ret = 0;
out:
	free(dir);
	return ret;
}
