/*
 * journal.c - append-only, fsync'd JSON Lines journal of a run.
 *
 * Theory of operation: each event is serialised to one line in memory, then
 * written with write() in a loop and fsync()'d.  The file is opened with
 * O_APPEND, so a line is never interleaved with another writer's (there is
 * none: the run lock keeps a second controller away) and a crash can only
 * leave a torn last line, never a damaged earlier one.  Readers skip a torn
 * last line; journal_reopen() cuts it off so appends start on a clean line.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "base/fdio.h"
#include "journal.h"
#include "base/xmalloc.h"

#define MASK "********"

struct journal {
	pthread_mutex_t lock; /* appends come from every host's worker */
	int fd;
	char *path;
	long seq;
	char **secrets;
	size_t n_secrets;
	FILE *tee; /* --json: every line also goes here, or NULL */
	void (*listener)(void *data, const json_t *event); /* or NULL */
	void *listener_data;
	/* Why an append failed (the disk is full...), or NULL: once set,
	 * every later append fails with it, so that no event is recorded
	 * after one that is missing. */
	char *failure;
};

/* Fsyncs the directory holding path, so a new file's name is durable. */
static int fsync_parent(const char *path, struct error *err)
{
	char *copy = xstrdup(path);
	int fd, ret = -1;

	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		error_set(err, ERROR_SYSTEM, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (fsync(fd) < 0) {
		error_set(err, ERROR_SYSTEM, "fsync of %s's directory: %s",
			  path, strerror(errno));
		goto out;
	}
	ret = 0;
out:
	if (fd >= 0)
		close(fd);
	free(copy);
	return ret;
}

/* Makes a journal around an open descriptor. */
static struct journal *journal_new(int fd, const char *path, long seq)
{
	struct journal *j = xcalloc(1, sizeof(*j));

	pthread_mutex_init(&j->lock, NULL);
	j->fd = fd;
	j->path = xstrdup(path);
	j->seq = seq;
	return j;
}

/* Creates a new journal file. */
int journal_create(const char *path, struct journal **out, struct error *err)
{
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC,
		  0600);
	if (fd < 0)
		return error_set(err, ERROR_SYSTEM,
				 "cannot create journal %s: %s", path,
				 strerror(errno));
	if (fsync_parent(path, err) < 0) {
		close(fd);
		return -1;
	}
	*out = journal_new(fd, path, 0);
	return 0;
}

/* Remembers the highest seq while reading for journal_reopen(). */
static int find_last_seq(json_t *event, void *data)
{
	long *seq = data;
	json_int_t s = json_integer_value(json_object_get(event, "seq"));

	if (s > *seq)
		*seq = (long)s;
	return 0;
}

/* Returns the length of the file's complete lines, or -1. */
static off_t complete_length(int fd, struct error *err, const char *path)
{
	struct stat st;
	off_t end;
	char c;

	if (fstat(fd, &st) < 0)
		return error_set(err, ERROR_SYSTEM, "%s: %s", path,
				 strerror(errno));
	for (end = st.st_size; end > 0; end--) {
		if (pread(fd, &c, 1, end - 1) != 1)
			return error_set(err, ERROR_SYSTEM, "%s: %s", path,
					 strerror(errno));
		if (c == '\n')
			break;
	}
	return end;
}

/* Opens an existing journal for appending after a restart. */
int journal_reopen(const char *path, struct journal **out, struct error *err)
{
	long seq = 0;
	off_t keep;
	bool torn = false;
	int fd = -1, ret = -1;

	if (journal_read(path, find_last_seq, &seq, &torn, err) < 0)
		goto out;
	fd = open(path, O_RDWR | O_APPEND | O_CLOEXEC);
	if (fd < 0) {
		error_set(err, ERROR_SYSTEM, "cannot open journal %s: %s", path,
			  strerror(errno));
		goto out;
	}
	if (torn) {
		keep = complete_length(fd, err, path);
		if (keep < 0)
			goto out;
		if (ftruncate(fd, keep) < 0 || fsync(fd) < 0) {
			error_set(err, ERROR_SYSTEM,
				  "cannot cut the torn last line of %s: %s",
				  path, strerror(errno));
			goto out;
		}
	}
	*out = journal_new(fd, path, seq);
	fd = -1;
	ret = 0;
out:
	if (fd >= 0)
		close(fd);
	return ret;
}

/* Adds a value to mask in later events. */
void journal_add_secret(struct journal *j, const char *value)
{
	size_t i;

	if (value == NULL || strlen(value) < 3)
		return;
	pthread_mutex_lock(&j->lock);
	for (i = 0; i < j->n_secrets; i++)
		if (strcmp(j->secrets[i], value) == 0)
			goto out;
	j->secrets = xreallocarray(j->secrets, j->n_secrets + 1,
				   sizeof(*j->secrets));
	j->secrets[j->n_secrets++] = xstrdup(value);
out:
	pthread_mutex_unlock(&j->lock);
}

/* Returns s with every secret replaced, or NULL when none occurs. */
static char *mask_string(const char *s, char *const *secrets, size_t n)
{
	struct buf b = BUF_INIT;
	const char *p = s;
	size_t i, best_len;
	const char *best;
	bool found = false;

	for (;;) {
		best = NULL;
		best_len = 0;
		for (i = 0; i < n; i++) {
			const char *hit = strstr(p, secrets[i]);

			if (hit &&
			    (best == NULL || hit < best ||
			     (hit == best && strlen(secrets[i]) > best_len))) {
				best = hit;
				best_len = strlen(secrets[i]);
			}
		}
		if (best == NULL)
			break;
		found = true;
		buf_add(&b, p, (size_t)(best - p));
		buf_adds(&b, MASK);
		p = best + best_len;
	}
	if (!found)
		return NULL;
	buf_adds(&b, p);
	return buf_detach(&b, NULL);
}

/* Masks secrets in every string below value. */
void journal_mask(json_t *value, char *const *secrets, size_t n)
{
	const char *key;
	json_t *v;
	size_t i;
	char *masked;

	if (n == 0 || value == NULL)
		return;
	if (json_is_string(value)) {
		masked = mask_string(json_string_value(value), secrets, n);
		if (masked) {
			json_string_set(value, masked);
			free(masked);
		}
	} else if (json_is_object(value)) {
		json_object_foreach(value, key, v) journal_mask(v, secrets, n);
	} else if (json_is_array(value)) {
		json_array_foreach(value, i, v) journal_mask(v, secrets, n);
	}
}

/* Formats now as RFC 3339 in UTC with milliseconds. */
static void format_now(char *out, size_t size)
{
	struct timeval tv;
	struct tm tm;
	char base[32];
	unsigned ms;

	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	strftime(base, sizeof(base), "%Y-%m-%dT%H:%M:%S", &tm);
	ms = (unsigned)(tv.tv_usec / 1000) % 1000;
	snprintf(out, size, "%.20s.%03uZ", base, ms);
}

/* Appends one event as one line and makes it durable. */
int journal_append(struct journal *j, json_t *event, struct error *err)
{
	char now[64];
	json_t *copy;
	char *line = NULL;
	struct buf b = BUF_INIT;
	int ret = -1, locked = 0;
	off_t end;

	copy = json_deep_copy(event);
	if (copy == NULL || !json_is_object(copy)) {
		error_set(err, ERROR_INTERNAL,
			  "journal event is not an object");
		goto out;
	}
	pthread_mutex_lock(&j->lock);
	locked = 1;
	format_now(now, sizeof(now));
	json_object_set_new(copy, "seq", json_integer(j->seq + 1));
	json_object_set_new(copy, "time", json_string(now));
	journal_mask(copy, j->secrets, j->n_secrets);
	line = json_dumps(copy, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (line == NULL) {
		error_set(err, ERROR_INTERNAL,
			  "journal event cannot be encoded");
		goto out;
	}
	buf_adds(&b, line);
	buf_addch(&b, '\n');
	if (j->failure) {
		error_set(err, ERROR_SYSTEM, "%s", j->failure);
		goto out;
	}
	end = lseek(j->fd, 0, SEEK_END);
	if (end < 0 || fd_write_all(j->fd, b.data, b.len) < 0 ||
	    fsync(j->fd) < 0) {
		int e = errno;

		/* A line written in part is cut off again, so the journal
		 * ends with its last whole record (ftruncate needs no
		 * space); the failure sticks. */
		if (end >= 0 && ftruncate(j->fd, end) == 0)
			fsync(j->fd);
		j->failure = xasprintf(
			"cannot write journal %s: %s; crest stopped before "
			"changing anything it could not record: free space "
			"there, then 'crest resume' goes on or 'crest "
			"rollback' reverts",
			j->path, strerror(e));
		error_set(err, ERROR_SYSTEM, "%s", j->failure);
		goto out;
	}
	j->seq++;
	if (j->tee) {
		fwrite(b.data, 1, b.len, j->tee);
		fflush(j->tee);
	}
	if (j->listener)
		j->listener(j->listener_data, copy);
	ret = 0;
out:
	if (locked)
		pthread_mutex_unlock(&j->lock);
	buf_release(&b);
	free(line);
	json_decref(copy);
	return ret;
}

/* Hands every later event to a listener. */
void journal_set_listener(struct journal *j,
			  void (*fn)(void *data, const json_t *event),
			  void *data)
{
	j->listener = fn;
	j->listener_data = data;
}

/* Copies every later event to fp as well. */
void journal_set_tee(struct journal *j, FILE *fp)
{
	j->tee = fp;
}

/* Returns why appends fail, or NULL. */
const char *journal_failure(struct journal *j)
{
	const char *f;

	if (j == NULL)
		return NULL;
	pthread_mutex_lock(&j->lock);
	f = j->failure;
	pthread_mutex_unlock(&j->lock);
	return f;
}

/* Returns the journal's path. */
const char *journal_path(const struct journal *j)
{
	return j->path;
}

/* Returns the last seq written. */
long journal_last_seq(const struct journal *j)
{
	return j->seq;
}

/* Closes and frees a journal. */
void journal_close(struct journal *j)
{
	size_t i;

	if (j == NULL)
		return;
	if (j->fd >= 0)
		close(j->fd);
	pthread_mutex_destroy(&j->lock);
	for (i = 0; i < j->n_secrets; i++)
		free(j->secrets[i]);
	free(j->secrets);
	free(j->failure);
	free(j->path);
	free(j);
}

/* Reads the events of a journal file in order. */
int journal_read(const char *path, journal_event_fn fn, void *data, bool *torn,
		 struct error *err)
{
	FILE *fp;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	unsigned lineno = 0;
	json_t *event;
	json_error_t jerr;
	int ret = 0;

	if (torn)
		*torn = false;
	fp = fopen(path, "re");
	if (fp == NULL)
		return error_set(err, ERROR_INVALID,
				 "cannot read journal %s: %s", path,
				 strerror(errno));
	while ((n = getline(&line, &cap, fp)) > 0) {
		lineno++;
		if (line[n - 1] != '\n') {
			if (torn)
				*torn = true;
			break;
		}
		event = json_loadb(line, (size_t)n, 0, &jerr);
		if (event == NULL || !json_is_object(event)) {
			json_decref(event);
			ret = error_set_at(err, ERROR_INVALID, path, lineno, 1,
					   "not a journal event: %s",
					   event ? "not an object" : jerr.text);
			goto out;
		}
		ret = fn(event, data);
		json_decref(event);
		if (ret != 0)
			goto out;
	}
out:
	free(line);
	fclose(fp);
	return ret;
}
