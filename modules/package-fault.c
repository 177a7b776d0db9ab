/*
 * package-fault.c - a full disk or a held lock, read from what apt and
 * dpkg printed, said in one line with what to do (package-fault.h).
 *
 * The tools' messages are matched as Debian 12's apt 2.6 and dpkg 1.21
 * print them (tests/unit/test-package-fault.c holds them verbatim); an
 * output matching neither fault leaves the module's own message alone.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/xmalloc.h"
#include "module-run.h"
#include "package-fault.h"
#include "package.h"

/* The longest process name or path kept from the host's output. */
#define FAULT_WORD_MAX 200

/* What a lock fault names; each may be NULL. */
struct lock_holder {
	char *path;
	char *pid;
	char *name;
};

/* Returns the last occurrence of needle in hay, or NULL. */
static const char *find_last(const char *hay, const char *needle)
{
	const char *p, *last = NULL;

	for (p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		last = p;
	return last;
}

/* Returns the end of the line holding p (its "\r" or "\n", or the NUL). */
static const char *line_end(const char *p)
{
	return p + strcspn(p, "\r\n");
}

/* Returns the start of the line holding p in text. */
static const char *line_start(const char *text, const char *p)
{
	while (p > text && p[-1] != '\n' && p[-1] != '\r')
		p--;
	return p;
}

/* Copies [p, end) cut at the first of stop (NULL: none) and at
 * FAULT_WORD_MAX bytes, unprintable bytes as '?'; NULL when empty. */
static char *copy_word(const char *p, const char *end, const char *stop)
{
	size_t n = (size_t)(end - p), i;
	char *s;

	if (stop) {
		const char *q = strstr(p, stop);

		if (q && q < end)
			n = (size_t)(q - p);
	}
	if (n > FAULT_WORD_MAX)
		n = FAULT_WORD_MAX;
	if (n == 0)
		return NULL;
	s = xstrndup(p, n);
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			s[i] = '?';
	return s;
}

/* Returns the digits at p, or NULL. */
static char *copy_digits(const char *p)
{
	size_t n = strspn(p, "0123456789");

	return n ? xstrndup(p, n) : NULL;
}

/* apt: "Could not get lock PATH. It is held by process PID (NAME)", or
 * "Unable to acquire the dpkg frontend lock (PATH), is another process
 * using it?".  Returns 1 when found. */
static int apt_lock(const char *out, struct lock_holder *h)
{
	static const char held[] = "It is held by process ";
	const char *p = find_last(out, "Could not get lock "), *e, *q;

	if (p) {
		e = line_end(p);
		q = strstr(p, held);
		if ((q && q < e) || ((q = strstr(p, "(11: ")) && q < e)) {
			p += strlen("Could not get lock ");
			h->path = copy_word(p, e, ". ");
			if (h->path && strstr(h->path, " - "))
				*strstr(h->path, " - ") = '\0';
			q = strstr(p, held);
			if (q && q < e) {
				q += strlen(held);
				h->pid = copy_digits(q);
				q += strspn(q, "0123456789");
				if (strncmp(q, " (", 2) == 0)
					h->name = copy_word(q + 2, e, ")");
			}
			return 1;
		}
	}
	p = find_last(out, "), is another process using it?");
	if (p == NULL)
		return 0;
	q = p;
	while (q > out && q[-1] != '(' && q[-1] != '\n')
		q--;
	if (q > out && q[-1] == '(')
		h->path = copy_word(q, p, NULL);
	return 1;
}

/* dpkg: "dpkg frontend lock was locked by another process with pid PID"
 * (or "database lock"; older: "status database is locked by another
 * process").  Returns 1 when found. */
static int dpkg_lock(const char *out, struct lock_holder *h)
{
	static const char with[] = "locked by another process with pid ";
	const char *p = find_last(out, with), *s;

	if (p) {
		s = line_start(out, p);
		h->path = xstrdup(strstr(s, "frontend lock") &&
						  strstr(s, "frontend lock") < p
					  ? "/var/lib/dpkg/lock-frontend"
					  : "/var/lib/dpkg/lock");
		h->pid = copy_digits(p + strlen(with));
		return 1;
	}
	if (find_last(out, "database is locked by another process")) {
		h->path = xstrdup("/var/lib/dpkg/lock");
		return 1;
	}
	return 0;
}

/* Returns the module's own word on how the packages were left (what
 * follows "the change failed (exit N)": "the packages are back as found",
 * "putting the packages back failed too"), or NULL; caller frees. */
static char *outcome(const char *out)
{
	const char *s = find_last(out, "crest: package: the change failed (");
	const char *p, *e;

	if (s == NULL)
		return NULL;
	e = line_end(s);
	p = strchr(s, ')');
	if (p == NULL || p > e)
		return NULL;
	p++;
	if (strncmp(p, "; ", 2) == 0)
		p += 2;
	else if (strncmp(p, ", and ", 6) == 0)
		p += 6;
	return copy_word(p, e, NULL);
}

/* Writes the message of a held lock. */
static void say_lock(const struct package_fault_ctx *ctx,
		     const struct lock_holder *h, const char *left,
		     struct buf *msg)
{
	int dpkg =
		h->path == NULL || strncmp(h->path, "/var/lib/dpkg/", 14) == 0;

	buf_addf(msg, "%s: %s lock on %s", ctx->what,
		 dpkg ? "the dpkg" : "apt's", ctx->host);
	if (h->path)
		buf_addf(msg, " (%s)", h->path);
	buf_adds(msg, " is held by ");
	if (h->pid)
		buf_addf(msg, "process %s%s%s%s", h->pid, h->name ? " (" : "",
			 h->name ? h->name : "", h->name ? ")" : "");
	else
		buf_adds(msg, "another process");
	if (dpkg)
		buf_addf(msg, ", still after lock_timeout (%us)",
			 ctx->lock_timeout);
	if (left)
		buf_addf(msg, "; %s", left);
	buf_addf(msg,
		 "; let that process finish (or stop it)%s, then run "
		 "again",
		 dpkg ? " or give the task a longer lock_timeout" : "");
}

/* Returns the directory of an absolute file path; caller frees. */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash == path ? xstrdup("/")
			     : xstrndup(path, (size_t)(slash - path));
}

/* Finds a full disk: sets *file (what could not be written) or *dir (where
 * apt found too little room), both possibly NULL.  Returns 1 when found. */
static int disk_full(const char *out, char **file, char **dir)
{
	static const char apt[] = "You don't have enough free space in ";
	const char *p = find_last(out, "No space left on device"), *q, *s;

	*file = *dir = NULL;
	if (p) {
		/* The last quoted absolute path before it on its line. */
		s = line_start(out, p);
		for (q = p; q > s; q--)
			if (q[-1] == '\'' && q[0] == '/' && q > s)
				break;
		if (q > s)
			*file = copy_word(q, line_end(q), "'");
		if (*file)
			*dir = dir_of(*file);
		return 1;
	}
	if ((p = find_last(out, apt)) == NULL)
		return 0;
	p += strlen(apt);
	q = line_end(p);
	while (q > p + 1 && (q[-1] == '.' || q[-1] == '/'))
		q--;
	*dir = copy_word(p, q, NULL);
	return 1;
}

/* Writes the message of a full disk. */
static void say_disk(const struct package_fault_ctx *ctx, const char *file,
		     const char *dir, const char *left, struct buf *msg)
{
	buf_addf(msg, "%s: the disk is full on %s: ", ctx->what, ctx->host);
	if (file)
		buf_addf(msg, "no space left on device writing %s", file);
	else if (dir)
		buf_addf(msg, "not enough free space in %s", dir);
	else
		buf_adds(msg, "no space left on device");
	if (left)
		buf_addf(msg, "; %s", left);
	if (dir)
		buf_addf(msg,
			 "; free space in %s on %s (df -h %s), then run "
			 "again",
			 dir, ctx->host, dir);
	else
		buf_addf(msg,
			 "; free space on %s (df -h shows the full "
			 "filesystem), then run again",
			 ctx->host);
}

/* Names a full disk or a held lock in err. */
int package_fault_explain(const char *output,
			  const struct package_fault_ctx *ctx,
			  struct error *err)
{
	struct lock_holder h = {NULL, NULL, NULL};
	struct buf msg = BUF_INIT;
	char *left = NULL, *file = NULL, *dir = NULL;
	int found = 0;

	if (output == NULL)
		return 0;
	left = outcome(output);
	if (disk_full(output, &file, &dir)) {
		say_disk(ctx, file, dir, left, &msg);
		found = 1;
	} else if (apt_lock(output, &h) || dpkg_lock(output, &h)) {
		say_lock(ctx, &h, left, &msg);
		found = 1;
	}
	if (found)
		error_set(err, ERROR_FAILED, "%s", msg.data);
	buf_release(&msg);
	free(left);
	free(file);
	free(dir);
	free(h.path);
	free(h.pid);
	free(h.name);
	return found;
}

/* Reads a task's lock_timeout, or the default. */
int package_lock_timeout(const char *module, const json_t *args, unsigned *secs,
			 struct error *err)
{
	const json_t *v = json_object_get(args, "lock_timeout");

	*secs = module_arg_secs(args, "lock_timeout", UINT_MAX);
	if (v == NULL || json_is_null(v))
		*secs = PACKAGE_LOCK_TIMEOUT;
	else if (*secs == UINT_MAX)
		return error_set(
			err, ERROR_INVALID,
			"%s: 'lock_timeout' must be a duration "
			"such as 30s, 5m or 1h, not '%s'",
			module, json_is_string(v) ? json_string_value(v) : "?");
	return 0;
}

/* Runs a package script; names a full disk or a held lock. */
int package_sh_run(struct module_run *run, const char *what, const char *sh,
		   unsigned secs, struct error *err)
{
	const struct package_fault_ctx ctx = {what, run->host, secs};
	struct buf out = BUF_INIT;

	if (module_sh_ok(run, what, sh, err) == 0)
		return 0;
	if (err->kind == ERROR_FAILED) {
		buf_adds(&out, module_stderr(run));
		buf_addch(&out, '\n');
		buf_adds(&out, module_stdout(run));
		package_fault_explain(out.data, &ctx, err);
	}
	buf_release(&out);
	return -1;
}
