/*
 * path-state.c - a path's state on the host, its backup and its restore,
 * for copy and file (path-state.h).
 *
 * The probe is one sh script: it prints a regular file's content when it
 * is small, then one line "crest-stat KIND MODE OWNER GROUP UID GID SIZE
 * SHA256" and, for a link, its target on the last line.  The content
 * comes first because a transport keeps the tail of long output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "module-run.h"
#include "path-state.h"
#include "transport/quote.h"
#include "base/xmalloc.h"
#include "base/json-get.h"

#define STAT_MARK "crest-stat "

/* Appends the probe script for one path. */
void path_state_probe_sh(struct buf *out, const char *path)
{
	buf_adds(out, "p=");
	quote_sh_str(out, path);
	buf_addf(out,
		 "; if [ -L \"$p\" ]; then k=link; elif [ -d \"$p\" ]; then "
		 "k=directory; elif [ -f \"$p\" ]; then k=file; "
		 "elif [ -e \"$p\" ]; then k=other; else q=$p; while [ "
		 "\"$q\" != / ] && [ ! -e \"$(dirname \"$q\")\" ]; do "
		 "q=$(dirname \"$q\"); done; printf '\\n%sabsent\\n%%s\\n' "
		 "\"$q\"; exit 0; fi; s=0; h=-; if [ $k = file ]; then "
		 "s=$(stat -c %%s \"$p\") && h=$(sha256sum <\"$p\") || exit 1; "
		 "h=${h%%%% *}; if [ \"$s\" -le %u ]; then cat \"$p\" || exit "
		 "1; "
		 "fi; fi; a=$(stat -c '%%a %%U %%G %%u %%g' \"$p\") || exit 1; "
		 "printf '\\n%s%%s %%s %%s %%s\\n' $k \"$a\" \"$s\" \"$h\"; "
		 "if [ $k = link ]; then readlink \"$p\"; fi",
		 STAT_MARK, PATH_STATE_CONTENT_MAX, STAT_MARK);
}

/* Returns the last occurrence of "\n" STAT_MARK in out. */
static const char *find_mark(const char *out, size_t len)
{
	const char *p = NULL, *q = out;
	size_t mlen = strlen("\n" STAT_MARK);

	while ((q = memmem(q, len - (size_t)(q - out), "\n" STAT_MARK, mlen)) !=
	       NULL) {
		p = q;
		q++;
	}
	return p;
}

/* Parses the probe's output. */
int path_state_parse(const char *path, const char *out, size_t len,
		     json_t **state, struct error *err)
{
	const char *mark = find_mark(out, len), *nl, *line;
	char kind[16], owner[64], group[64], sha[80], mode[16], *copy = NULL;
	unsigned long uid, gid;
	long long size;
	json_t *st = NULL;
	int rc = -1;

	if (mark == NULL) {
		error_set(err, ERROR_FAILED,
			  "%s: the host's answer is not a "
			  "path's state",
			  path);
		goto out;
	}
	line = mark + strlen("\n" STAT_MARK);
	nl = memchr(line, '\n', len - (size_t)(line - out));
	copy = xstrndup(line, nl ? (size_t)(nl - line) : strlen(line));
	st = json_pack("{s:s}", "path", path);
	if (strcmp(copy, "absent") == 0) {
		json_object_set_new(st, "kind", json_string("absent"));
		if (nl && nl + 1 < out + len) {
			/* The topmost missing directory above it: what
			 * creating the path with its parents creates. */
			const char *t = nl + 1, *e = out + len;

			if (e[-1] == '\n')
				e--;
			if ((size_t)(e - t) != strlen(path) ||
			    memcmp(t, path, (size_t)(e - t)) != 0)
				json_object_set_new(
					st, "absent_from",
					json_stringn_nocheck(t,
							     (size_t)(e - t)));
		}
		*state = st;
		st = NULL;
		rc = 0;
		goto out;
	}
	if (sscanf(copy, "%15s %15s %63s %63s %lu %lu %lld %79s", kind, mode,
		   owner, group, &uid, &gid, &size, sha) != 8) {
		error_set(err, ERROR_FAILED, "%s: cannot read the state '%s'",
			  path, copy);
		goto out;
	}
	json_object_set_new(st, "kind", json_string(kind));
	snprintf(mode, sizeof(mode), "%04lo", strtoul(mode, NULL, 8) & 07777);
	json_object_set_new(st, "mode", json_string(mode));
	json_object_set_new(st, "owner", json_string(owner));
	json_object_set_new(st, "group", json_string(group));
	json_object_set_new(st, "uid", json_integer((json_int_t)uid));
	json_object_set_new(st, "gid", json_integer((json_int_t)gid));
	if (strcmp(kind, "file") == 0) {
		json_object_set_new(st, "size", json_integer(size));
		json_object_set_new(st, "sha256", json_string(sha));
		if (size >= 0 && (size_t)size <= PATH_STATE_CONTENT_MAX &&
		    (size_t)(mark - out) == (size_t)size + 0 &&
		    memchr(out, '\0', (size_t)size) == NULL)
			json_object_set_new(
				st, "_content",
				json_stringn_nocheck(out, (size_t)size));
	}
	if (strcmp(kind, "link") == 0 && nl) {
		const char *t = nl + 1, *e = out + len;

		if (e > t && e[-1] == '\n')
			e--;
		json_object_set_new(st, "target",
				    json_stringn_nocheck(t, (size_t)(e - t)));
	}
	*state = st;
	st = NULL;
	rc = 0;
out:
	json_decref(st);
	free(copy);
	return rc;
}

/* Reads a path's state on the host. */
int path_state_probe(struct module_run *run, const char *path, json_t **state,
		     struct error *err)
{
	struct buf sh = BUF_INIT;
	size_t len;
	const char *out;
	int rc = -1;

	path_state_probe_sh(&sh, path);
	if (module_sh_ok(run, "reading the path's state", sh.data, err) < 0)
		goto out;
	out = tail_data(&run->last.out, &len);
	rc = path_state_parse(path, out, len, state, err);
out:
	buf_release(&sh);
	return rc;
}

/* Returns a string member of state. */
const char *path_state_str(const json_t *state, const char *key)
{
	return json_get_str(state, key, "");
}

/* Appends the backup line. */
void path_state_backup_sh(struct buf *out, const json_t *state)
{
	const char *b = path_state_str(state, "backup");
	char *dir;

	if (!*b)
		return;
	dir = xstrdup(b);
	*strrchr(dir, '/') = '\0';
	buf_adds(out, "b=");
	quote_sh_str(out, b);
	buf_adds(out, "; if [ ! -e \"$b\" ] && [ ! -L \"$b\" ]; then "
		      "mkdir -p ");
	quote_sh_str(out, dir);
	buf_adds(out, " && chmod 700 ");
	quote_sh_str(out, dir);
	buf_adds(out, " && cp -a ");
	quote_sh_str(out, path_state_str(state, "path"));
	buf_adds(out, " \"$b\" || { echo 'crest: cannot keep a backup of the "
		      "old path; nothing changed' >&2; exit 1; }; fi; ");
	free(dir);
}

/* Appends the restore script. */
void path_state_restore_sh(struct buf *out, const json_t *state)
{
	const char *path = path_state_str(state, "path");
	const char *kind = path_state_str(state, "kind");
	const char *b = path_state_str(state, "backup");

	buf_adds(out, "p=");
	quote_sh_str(out, path);
	buf_adds(out, "; ");
	if (strcmp(kind, "absent") == 0) {
		/* Parents created with the path go too. */
		if (*path_state_str(state, "absent_from")) {
			buf_adds(out, "p=");
			quote_sh_str(out, path_state_str(state, "absent_from"));
			buf_adds(out, "; ");
		}
		buf_adds(out, "rm -rf \"$p\"");
		return;
	}
	if (*b) {
		buf_adds(out, "b=");
		quote_sh_str(out, b);
		buf_adds(out,
			 "; [ -e \"$b\" ] || [ -L \"$b\" ] || { echo "
			 "\"crest: the backup $b is gone\" >&2; exit 1; }; "
			 "rm -rf \"$p.crest-old\" && cp -a \"$b\" "
			 "\"$p.crest-old\" && rm -rf \"$p\" && mv "
			 "\"$p.crest-old\" \"$p\"");
		return;
	}
	buf_addf(out, "chown -h %lld:%lld \"$p\"",
		 (long long)json_integer_value(json_object_get(state, "uid")),
		 (long long)json_integer_value(json_object_get(state, "gid")));
	if (strcmp(kind, "link") != 0) {
		buf_adds(out, " && chmod ");
		quote_sh_str(out, path_state_str(state, "mode"));
		buf_adds(out, " \"$p\"");
	}
}

/* Splits text into lines (each without its newline); *n gets the count. */
static char **split_lines(const char *text, size_t *n)
{
	char **lines = NULL;
	size_t count = 0;
	const char *p = text, *nl;

	while (*p) {
		nl = strchr(p, '\n');
		lines = xreallocarray(lines, count + 1, sizeof(*lines));
		lines[count++] = xstrndup(p, nl ? (size_t)(nl - p) : strlen(p));
		if (!nl)
			break;
		p = nl + 1;
	}
	*n = count;
	return lines;
}

/* Appends a one-hunk unified diff: common head and tail lines are kept
 * out but for three lines of context. */
void path_state_diff(struct buf *out, const char *path, const char *old_text,
		     const char *new_text)
{
	size_t na, nb, head = 0, tail = 0, i, ctx_a, ctx_b, end_a, end_b;
	char **a = split_lines(old_text, &na), **b = split_lines(new_text, &nb);

	while (head < na && head < nb && strcmp(a[head], b[head]) == 0)
		head++;
	while (tail < na - head && tail < nb - head &&
	       strcmp(a[na - 1 - tail], b[nb - 1 - tail]) == 0)
		tail++;
	if (head == na && head == nb)
		goto out;
	ctx_a = head > 3 ? head - 3 : 0;
	ctx_b = ctx_a;
	end_a = na - tail + (tail > 3 ? 3 : tail);
	end_b = nb - tail + (tail > 3 ? 3 : tail);
	buf_addf(out, "--- %s\n+++ %s\n", path, path);
	buf_addf(out, "@@ -%zu,%zu +%zu,%zu @@\n",
		 end_a > ctx_a ? ctx_a + 1 : ctx_a, end_a - ctx_a,
		 end_b > ctx_b ? ctx_b + 1 : ctx_b, end_b - ctx_b);
	for (i = ctx_a; i < head; i++)
		buf_addf(out, " %s\n", a[i]);
	for (i = head; i < na - tail; i++)
		buf_addf(out, "-%s\n", a[i]);
	for (i = head; i < nb - tail; i++)
		buf_addf(out, "+%s\n", b[i]);
	for (i = na - tail; i < end_a; i++)
		buf_addf(out, " %s\n", a[i]);
out:
	for (i = 0; i < na; i++)
		free(a[i]);
	for (i = 0; i < nb; i++)
		free(b[i]);
	free(a);
	free(b);
}
