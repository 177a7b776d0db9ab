/*
 * lock.c - the per-inventory run lock on flock(2); see lock.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "git/digest.h"
#include "lock.h"
#include "base/xmalloc.h"
#include "base/json-get.h"

struct lock {
	int fd;
	char *path;
	int shared; /* held with LOCK_SH: no note of its own */
};

/* Reads the holder's note from the lock file; returns a new object or NULL. */
static json_t *read_note(int fd)
{
	char text[4096];
	ssize_t n;

	n = pread(fd, text, sizeof(text) - 1, 0);
	if (n <= 0)
		return NULL;
	text[n] = '\0';
	return json_loads(text, 0, NULL);
}

/* Writes our note into the lock file we now hold. */
static int write_note(int fd, const char *path, const char *run_id,
		      struct error *err)
{
	struct passwd *pw = getpwuid(geteuid());
	char host[256] = "";
	json_t *note;
	char *text = NULL;
	int ret = -1;

	gethostname(host, sizeof(host) - 1);
	note = json_pack("{s:s, s:I, s:s, s:s, s:I}", "run", run_id, "pid",
			 (json_int_t)getpid(), "user", pw ? pw->pw_name : "?",
			 "host", host, "started", (json_int_t)time(NULL));
	text = json_dumps(note, JSON_COMPACT);
	if (text == NULL || ftruncate(fd, 0) < 0 ||
	    pwrite(fd, text, strlen(text), 0) != (ssize_t)strlen(text) ||
	    fsync(fd) < 0) {
		error_set(err, ERROR_SYSTEM, "cannot write lock %s: %s", path,
			  strerror(errno));
		goto out;
	}
	ret = 0;
out:
	free(text);
	json_decref(note);
	return ret;
}

/* Describes the live holder of a lock in err. */
static int refuse(const char *path, json_t *note, struct error *err)
{
	const char *run = json_get_str(note, "run", NULL);
	const char *user = json_get_str(note, "user", NULL);
	json_int_t pid = json_integer_value(json_object_get(note, "pid"));
	time_t started =
		(time_t)json_integer_value(json_object_get(note, "started"));
	char when[64] = "?";
	struct tm tm;

	if (started && gmtime_r(&started, &tm))
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	/* Shards hold the inventory's lock shared and write no note. */
	if (run == NULL)
		return error_set(err, ERROR_INVALID,
				 "--shard runs hold these hosts (each its "
				 "own shard); wait for them to end, or see "
				 "'crest runs' (lock %s)",
				 path);
	return error_set(err, ERROR_INVALID,
			 "another run holds these hosts: run %s (pid %lld, "
			 "user %s, since %s); wait for it to end, or see "
			 "'crest show %s' (lock %s)",
			 run ? run : "?", (long long)pid, user ? user : "?",
			 when, run ? run : "?", path);
}

/* Takes the lock for key, shared or exclusive. */
static int lock_take_mode(const char *state_dir, const char *key,
			  const char *run_id, int shared, struct lock **out,
			  char **stale_run_out, struct error *err)
{
	char digest[DIGEST_HEX_LEN + 1];
	char *path;
	json_t *note = NULL;
	struct lock *l;
	int fd = -1, ret = -1;

	if (stale_run_out)
		*stale_run_out = NULL;
	digest_bytes(key, strlen(key), digest);
	path = xasprintf("%s/locks/%s.lock", state_dir, digest);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		error_set(err, ERROR_SYSTEM, "cannot open lock %s: %s", path,
			  strerror(errno));
		goto out;
	}
	note = read_note(fd);
	if (flock(fd, (shared ? LOCK_SH : LOCK_EX) | LOCK_NB) < 0) {
		if (errno != EWOULDBLOCK) {
			error_set(err, ERROR_SYSTEM, "cannot lock %s: %s", path,
				  strerror(errno));
			goto out;
		}
		json_decref(note);
		note = read_note(fd);
		refuse(path, note, err);
		goto out;
	}
	/* Free, yet a note is there: its writer died holding it. */
	if (note && stale_run_out && json_get_str(note, "run", NULL))
		*stale_run_out = xstrdup(json_get_str(note, "run", NULL));
	/* A shared holder clears a dead holder's note, so that no one is
	 * refused in a dead run's name. */
	if (shared && note && ftruncate(fd, 0) == 0)
		fsync(fd);
	if (!shared && write_note(fd, path, run_id, err) < 0)
		goto out;
	l = xcalloc(1, sizeof(*l));
	l->fd = fd;
	l->path = path;
	l->shared = shared;
	path = NULL;
	fd = -1;
	*out = l;
	ret = 0;
out:
	if (ret < 0 && stale_run_out) {
		free(*stale_run_out);
		*stale_run_out = NULL;
	}
	if (fd >= 0)
		close(fd);
	json_decref(note);
	free(path);
	return ret;
}

/* Takes the run lock for key. */
int lock_take(const char *state_dir, const char *key, const char *run_id,
	      struct lock **out, char **stale_run_out, struct error *err)
{
	return lock_take_mode(state_dir, key, run_id, 0, out, stale_run_out,
			      err);
}

/* Takes key's lock shared. */
int lock_take_shared(const char *state_dir, const char *key, struct lock **out,
		     char **stale_run_out, struct error *err)
{
	return lock_take_mode(state_dir, key, NULL, 1, out, stale_run_out, err);
}

/* Clears the note and drops the lock. */
void lock_release(struct lock *l)
{
	if (l == NULL)
		return;
	if (!l->shared && ftruncate(l->fd, 0) == 0)
		fsync(l->fd);
	close(l->fd);
	free(l->path);
	free(l);
}
