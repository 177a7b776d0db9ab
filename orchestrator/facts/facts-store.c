/*
 * facts-store.c - snapshots of hosts' facts under STATE/facts/HOST/
 * (facts-store.h).
 *
 * A snapshot is written by atomic_file_write() (base/atomic-file.h: a
 * temporary file of its own, 0600 from the start, fsync'd, renamed over
 * its name and the directory fsync'd): a reader sees the old snapshot or
 * the new one, never half of one.  Files are opened with O_NOFOLLOW, so
 * a symlink planted in the directory is never read or written through.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "facts-store.h"
#include "base/atomic-file.h"
#include "base/dir-list.h"
#include "base/json-get.h"
#include "base/xmalloc.h"

#define FACTS_SUFFIX ".json"
#define FACTS_HOST_MAX 255

/* Checks the host name against the characters a path component may take. */
int facts_store_host_valid(const char *host)
{
	size_t i, n;

	if (host == NULL)
		return 0;
	n = strlen(host);
	if (n == 0 || n > FACTS_HOST_MAX || host[0] == '.' || host[0] == '-')
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)host[i];

		if (!isalnum(c) && strchr("._-:@+[]", c) == NULL)
			return 0;
	}
	return 1;
}

/* Checks the shape YYYYMMDDTHHMMSSZ. */
int facts_store_name_valid(const char *name)
{
	static const char shape[] = "ddddddddTddddddZ";
	size_t i;

	if (name == NULL || strlen(name) != sizeof(shape) - 1)
		return 0;
	for (i = 0; shape[i]; i++) {
		unsigned char c = (unsigned char)name[i];

		if (shape[i] == 'd' ? !isdigit(c)
				    : c != (unsigned char)shape[i])
			return 0;
	}
	return 1;
}

/* Formats t as a snapshot name. */
void facts_store_name(time_t t, char out[FACTS_NAME_SIZE])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	if (strftime(out, FACTS_NAME_SIZE, "%Y%m%dT%H%M%SZ", &tm) == 0)
		out[0] = '\0';
}

/* Builds a snapshot object. */
json_t *facts_store_snapshot(const char *host, time_t taken_at,
			     unsigned long long duration_ms, json_t *facts)
{
	json_t *s = json_object();
	char when[32];
	struct tm tm;

	gmtime_r(&taken_at, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	json_object_set_new(s, "host", json_string(host));
	json_object_set_new(s, "taken_at", json_string(when));
	json_object_set_new(s, "duration_ms",
			    json_integer((json_int_t)duration_ms));
	json_object_set_new(s, "facts", facts ? facts : json_object());
	return s;
}

/* Turns "YYYY-MM-DDTHH:MM:SSZ" into a snapshot name. */
int facts_store_time_name(const char *taken_at, char out[FACTS_NAME_SIZE])
{
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
	size_t i, o = 0;

	if (taken_at == NULL || strlen(taken_at) != sizeof(shape) - 1)
		return -1;
	for (i = 0; shape[i]; i++) {
		unsigned char c = (unsigned char)taken_at[i];

		if (shape[i] == 'd') {
			if (!isdigit(c))
				return -1;
			out[o++] = (char)c;
		} else if (c != (unsigned char)shape[i]) {
			return -1;
		} else if (c == 'T' || c == 'Z') {
			out[o++] = (char)c;
		}
	}
	out[o] = '\0';
	return 0;
}

/* Refuses a host name that is not safe as a directory name. */
static int check_host(const char *host, struct error *err)
{
	if (facts_store_host_valid(host))
		return 0;
	return error_set(err, ERROR_INVALID,
			 "host name '%s' cannot name a facts directory "
			 "(letters, digits and ._-:@+[] only, not starting "
			 "with . or -)",
			 host ? host : "(null)");
}

/* Creates dir with mode 0700 unless it is there. */
static int make_dir(const char *dir, struct error *err)
{
	struct stat st;

	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return error_set(err, ERROR_SYSTEM, "cannot create %s: %s", dir,
				 strerror(errno));
	if (lstat(dir, &st) < 0 || !S_ISDIR(st.st_mode))
		return error_set(err, ERROR_SYSTEM, "%s is not a directory",
				 dir);
	return 0;
}

/* Keeps the names that are snapshot names. */
static int snapshot_name(const char *name, void *data)
{
	(void)data;
	return facts_store_name_valid(name);
}

/* Lists the snapshot names in dir, oldest first; a missing dir is empty. */
static int list_names(const char *dir, struct dir_list *list, struct error *err)
{
	return dir_list_read(list, dir, FACTS_SUFFIX,
			     DIR_LIST_STRIP | DIR_LIST_MISSING_OK,
			     snapshot_name, NULL, err);
}

/* Removes the oldest snapshots of dir until keep are left. */
static int prune(const char *dir, int keep, struct error *err)
{
	struct dir_list list = DIR_LIST_INIT;
	size_t n, i;
	int ret = -1;

	if (list_names(dir, &list, err) < 0)
		goto out;
	n = list.n_names;
	for (i = 0; n > (size_t)keep && i < n - (size_t)keep; i++) {
		char *path =
			xasprintf("%s/%s%s", dir, list.names[i], FACTS_SUFFIX);

		if (unlink(path) < 0 && errno != ENOENT) {
			error_set(err, ERROR_SYSTEM, "cannot remove %s: %s",
				  path, strerror(errno));
			free(path);
			goto out;
		}
		free(path);
	}
	ret = atomic_file_sync_dir(dir, err);
out:
	dir_list_release(&list);
	return ret;
}

/* Saves one snapshot atomically, then prunes. */
int facts_store_save(const char *state_dir, const json_t *snapshot, int keep,
		     char name_out[FACTS_NAME_SIZE], struct error *err)
{
	const char *host = json_get_str(snapshot, "host", NULL);
	const char *taken = json_get_str(snapshot, "taken_at", NULL);
	char name[FACTS_NAME_SIZE];
	char *top = NULL, *dir = NULL, *path = NULL, *text = NULL;
	char *line = NULL;
	int ret = -1;

	if (check_host(host, err) < 0)
		goto out;
	if (facts_store_time_name(taken, name) < 0) {
		error_set(err, ERROR_INVALID,
			  "snapshot of %s: taken_at '%s' is not "
			  "YYYY-MM-DDTHH:MM:SSZ",
			  host, taken ? taken : "(none)");
		goto out;
	}
	if (keep < 1) {
		error_set(err, ERROR_INVALID,
			  "keep must be at least 1 snapshot, not %d", keep);
		goto out;
	}
	top = xasprintf("%s/facts", state_dir);
	dir = xasprintf("%s/%s", top, host);
	if (make_dir(top, err) < 0 || make_dir(dir, err) < 0)
		goto out;
	text = json_dumps(snapshot, JSON_COMPACT | JSON_SORT_KEYS);
	if (text == NULL) {
		error_set(err, ERROR_INTERNAL, "snapshot of %s: cannot encode",
			  host);
		goto out;
	}
	line = xasprintf("%s\n", text);
	path = xasprintf("%s/%s%s", dir, name, FACTS_SUFFIX);
	if (atomic_file_write(path, line, strlen(line), 0600, 0, err) < 0)
		goto out;
	if (name_out)
		memcpy(name_out, name, FACTS_NAME_SIZE);
	ret = prune(dir, keep, err);
out:
	free(path);
	free(line);
	free(text);
	free(dir);
	free(top);
	return ret;
}

/* Reads dir/NAME.json; returns the snapshot of host or NULL with err. */
static json_t *read_snapshot(const char *dir, const char *host,
			     const char *name, struct error *err)
{
	char *path = xasprintf("%s/%s%s", dir, name, FACTS_SUFFIX);
	json_error_t jerr;
	json_t *s = NULL;
	const char *h;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0) {
		error_set(err, ERROR_INVALID, "no snapshot %s of host %s%s%s",
			  name, host, errno == ENOENT ? "" : ": ",
			  errno == ENOENT ? "" : strerror(errno));
		goto out;
	}
	s = json_loadfd(fd, 0, &jerr);
	h = json_get_str(s, "host", NULL);
	if (s == NULL || !json_is_object(s) || h == NULL ||
	    strcmp(h, host) != 0 ||
	    !json_is_string(json_object_get(s, "taken_at")) ||
	    !json_is_object(json_object_get(s, "facts"))) {
		error_set(err, ERROR_INVALID,
			  "%s does not hold a facts snapshot of %s", path,
			  host);
		json_decref(s);
		s = NULL;
	}
out:
	if (fd >= 0)
		close(fd);
	free(path);
	return s;
}

/* Names the host's directory after checking the host. */
static char *host_dir(const char *state_dir, const char *host,
		      struct error *err)
{
	if (check_host(host, err) < 0)
		return NULL;
	return xasprintf("%s/facts/%s", state_dir, host);
}

/* Finds the newest snapshot that reads. */
int facts_store_latest(const char *state_dir, const char *host,
		       json_t **snapshot, struct error *err)
{
	char *dir = host_dir(state_dir, host, err);
	struct dir_list list = DIR_LIST_INIT;
	size_t i;
	int ret = -1;

	*snapshot = NULL;
	if (dir == NULL || list_names(dir, &list, err) < 0)
		goto out;
	ret = 1;
	for (i = list.n_names; i-- > 0;) {
		struct error skip = ERROR_INIT;
		json_t *s = read_snapshot(dir, host, list.names[i], &skip);

		error_release(&skip);
		if (s) {
			*snapshot = s;
			ret = 0;
			break;
		}
	}
out:
	dir_list_release(&list);
	free(dir);
	return ret;
}

/* Lists the host's snapshot names. */
int facts_store_list(const char *state_dir, const char *host, json_t **names,
		     struct error *err)
{
	char *dir = host_dir(state_dir, host, err);
	struct dir_list list = DIR_LIST_INIT;
	size_t i;
	int ret = -1;

	*names = NULL;
	if (dir == NULL || list_names(dir, &list, err) < 0)
		goto out;
	*names = json_array();
	for (i = 0; i < list.n_names; i++)
		json_array_append_new(*names, json_string(list.names[i]));
	ret = 0;
out:
	dir_list_release(&list);
	free(dir);
	return ret;
}

/* Loads one named snapshot. */
int facts_store_load(const char *state_dir, const char *host, const char *name,
		     json_t **snapshot, struct error *err)
{
	char *dir = host_dir(state_dir, host, err);
	char *stem = NULL;
	size_t len = name ? strlen(name) : 0;
	int ret = -1;

	*snapshot = NULL;
	if (dir == NULL)
		goto out;
	if (len > strlen(FACTS_SUFFIX) &&
	    strcmp(name + len - strlen(FACTS_SUFFIX), FACTS_SUFFIX) == 0)
		len -= strlen(FACTS_SUFFIX);
	stem = xstrndup(name ? name : "", len);
	if (!facts_store_name_valid(stem)) {
		error_set(err, ERROR_INVALID,
			  "'%s' is not a snapshot name (YYYYMMDDTHHMMSSZ)",
			  name ? name : "");
		goto out;
	}
	*snapshot = read_snapshot(dir, host, stem, err);
	ret = *snapshot ? 0 : -1;
out:
	free(stem);
	free(dir);
	return ret;
}
