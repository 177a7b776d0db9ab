/*
 * copy.c - the copy module: put content or a controller file at a path on
 * the host, with mode and owner.
 *
 *	copy: {dest: /etc/acme/agent.conf, content: "level={{ level }}\n", mode: "0640"}
 *	copy: {dest: /etc/acme/ca.pem, src: files/ca.pem}
 *
 * probe reads the destination's state (path-state.h) and, in the same
 * command, has the host hash the new content sent on stdin, so prior says
 * whether the content differs without ever holding it.  apply keeps the
 * old file under the task's backup directory, then writes a temporary file
 * next to dest and renames it over dest (one command).  revert copies the
 * backup back (bytes, mode, owner) or removes a dest that was absent.
 * "src" is relative to the playbook's directory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "module-args.h"
#include "module-run.h"
#include "module.h"
#include "path-state.h"
#include "transport/quote.h"
#include "base/xmalloc.h"

static const struct arg_spec copy_args[] = {
	{"dest", ARG_PATH, ARG_REQUIRED, NULL, 0, 0},
	{"content", ARG_STRING, 0, NULL, 0, 0},
	{"src", ARG_STRING, 0, NULL, 0, 0},
	{"mode", ARG_MODE, 0, NULL, 0, 0},
	{"owner", ARG_NAME, 0, NULL, 0, 0},
	{"group", ARG_NAME, 0, NULL, 0, 0},
	{NULL, 0, 0, NULL, 0, 0},
};

/* Checks the destination and that exactly one source is given. */
static int copy_validate(const struct task *task, struct error *err)
{
	static const char *const sources[] = {"content", "src", NULL};
	const struct ynode *dest;

	if (module_args_check(task, copy_args, err) < 0 ||
	    module_args_one_of(task, sources, err) < 0)
		return -1;
	dest = module_arg(task, "dest");
	if (ynode_is_str(dest) && dest->str[dest->len - 1] == '/')
		return ynode_error(dest, err,
				   "copy: 'dest' must name a file, not a "
				   "directory ('%s')",
				   dest->str);
	return 0;
}

/* Reads the new content: content, or src from the playbook's directory,
 * into out. */
static int copy_content(const struct module_run *run, const json_t *args,
			struct buf *out, struct error *err)
{
	json_t *c = json_object_get(args, "content");
	const char *src = module_arg_str(args, "src", NULL);
	char *path = NULL, chunk[8192];
	FILE *f = NULL;
	size_t n;
	int rc = -1;

	if (json_is_string(c)) {
		buf_add(out, json_string_value(c), json_string_length(c));
		return 0;
	}
	if (c && !json_is_null(c)) {
		/* "{{ x }}" alone keeps the variable's type: write it. */
		char *s = json_dumps(c, JSON_ENCODE_ANY | JSON_COMPACT);

		buf_adds(out, s);
		free(s);
		return 0;
	}
	if (src == NULL)
		return error_set(err, ERROR_INVALID,
				 "copy: give 'content' or 'src'");
	path = src[0] == '/'
		       ? xstrdup(src)
		       : xasprintf("%s/%s", run->base_dir ? run->base_dir : ".",
				   src);
	if ((f = fopen(path, "rb")) == NULL) {
		error_set(err, ERROR_INVALID, "copy: cannot read src '%s': %m",
			  path);
		goto out;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(out, chunk, n);
	if (ferror(f)) {
		error_set(err, ERROR_SYSTEM, "copy: reading '%s': %m", path);
		goto out;
	}
	rc = 0;
out:
	if (f)
		fclose(f);
	free(path);
	return rc;
}

/* Returns the mode apply gives dest: the argument, else the old file's,
 * else 0644. */
static const char *copy_mode(const json_t *args, const json_t *prior)
{
	const char *mode = module_arg_str(args, "mode", NULL);

	if (mode)
		return mode;
	if (strcmp(path_state_str(prior, "kind"), "file") == 0)
		return path_state_str(prior, "mode");
	return "0644";
}

/* Returns 1 when two modes name the same permissions ("644", "0644"). */
static int same_mode(const char *a, const char *b)
{
	return strtoul(a, NULL, 8) == strtoul(b, NULL, 8);
}

/* Says what apply changes: bit 1 the content, bit 2 mode or owner. */
static unsigned copy_changes(const json_t *args, const json_t *prior)
{
	const char *owner = module_arg_str(args, "owner", NULL);
	const char *group = module_arg_str(args, "group", NULL);
	unsigned what = 0;

	if (strcmp(path_state_str(prior, "kind"), "file") != 0)
		return 3;
	if (!json_is_true(json_object_get(prior, "same_content")))
		what |= 1;
	if (!same_mode(copy_mode(args, prior), path_state_str(prior, "mode")) ||
	    (owner && strcmp(owner, path_state_str(prior, "owner")) != 0) ||
	    (group && strcmp(group, path_state_str(prior, "group")) != 0))
		what |= 2;
	return what;
}

/* Reads dest's state and whether the new content differs. */
static int copy_probe(struct module_run *run, const json_t *args,
		      json_t **prior, struct error *err)
{
	const char *dest = module_arg_str(args, "dest", "");
	struct buf content = BUF_INIT, sh = BUF_INIT;
	const char *out, *mark;
	char *backup = NULL;
	json_t *st = NULL;
	size_t len;
	int rc = -1;

	if (copy_content(run, args, &content, err) < 0)
		goto out;
	buf_adds(&sh, "n=$(sha256sum) || exit 1; ");
	path_state_probe_sh(&sh, dest);
	buf_adds(&sh, "; printf '\\ncrest-new %s\\n' \"${n%% *}\"");
	/* The absent case exits early: print the new hash there too. */
	if (module_sh_input_ok(run, "copy: reading dest", sh.data, content.data,
			       content.len, err) < 0)
		goto out;
	out = tail_data(&run->last.out, &len);
	mark = memmem(out, len, "\ncrest-new ", 11);
	while (mark && memmem(mark + 1, len - (size_t)(mark + 1 - out),
			      "\ncrest-new ", 11))
		mark = memmem(mark + 1, len - (size_t)(mark + 1 - out),
			      "\ncrest-new ", 11);
	if (path_state_parse(dest, out, mark ? (size_t)(mark - out) : len, &st,
			     err) < 0)
		goto out;
	if (mark && json_is_string(json_object_get(st, "sha256")))
		json_object_set_new(
			st, "same_content",
			json_boolean(strncmp(mark + 11,
					     path_state_str(st, "sha256"),
					     64) == 0));
	if (strcmp(path_state_str(st, "kind"), "directory") == 0) {
		error_set(err, ERROR_FAILED, "copy: dest '%s' is a directory",
			  dest);
		goto out;
	}
	if (strcmp(path_state_str(st, "kind"), "absent") != 0 &&
	    copy_changes(args, st)) {
		char *dir = module_backup_dir(run);

		backup = xasprintf("%s/orig", dir);
		free(dir);
		json_object_set_new(st, "backup", json_string(backup));
	}
	*prior = st;
	st = NULL;
	rc = 0;
out:
	json_decref(st);
	free(backup);
	buf_release(&content);
	buf_release(&sh);
	return rc;
}

/* Appends "chown OWNER:GROUP PATH && " for what apply sets, or keeps the
 * old file's owner. */
static void copy_chown(struct buf *sh, const json_t *args, const json_t *prior,
		       const char *path_var)
{
	const char *owner = module_arg_str(args, "owner", NULL);
	const char *group = module_arg_str(args, "group", NULL);
	int existed = strcmp(path_state_str(prior, "kind"), "file") == 0;
	struct buf who = BUF_INIT;

	if (owner)
		buf_adds(&who, owner);
	else if (existed)
		buf_addf(&who, "%lld",
			 (long long)json_integer_value(
				 json_object_get(prior, "uid")));
	if (group)
		buf_addf(&who, ":%s", group);
	else if (existed)
		buf_addf(&who, ":%lld",
			 (long long)json_integer_value(
				 json_object_get(prior, "gid")));
	if (who.len) {
		buf_adds(sh, "chown ");
		quote_sh_str(sh, who.data);
		buf_addf(sh, " %s && ", path_var);
	}
	buf_release(&who);
}

/* Writes dest when it differs. */
static int copy_apply(struct module_run *run, const json_t *args,
		      const json_t *prior, int *changed, struct error *err)
{
	unsigned what = copy_changes(args, prior);
	struct buf content = BUF_INIT, sh = BUF_INIT;
	int rc = -1;

	*changed = 0;
	if (what == 0)
		return 0;
	if ((what & 1) && copy_content(run, args, &content, err) < 0)
		goto out;
	path_state_backup_sh(&sh, prior);
	buf_adds(&sh, "p=");
	quote_sh_str(&sh, module_arg_str(args, "dest", ""));
	if (what & 1) {
		buf_adds(&sh,
			 "; [ -d \"$(dirname \"$p\")\" ] || { echo \"crest: "
			 "copy: no directory $(dirname \"$p\") for the "
			 "file\" >&2; exit 1; }; t=\"$p.crest-new\"; "
			 "umask 077; cat >\"$t\" && ");
		copy_chown(&sh, args, prior, "\"$t\"");
		buf_adds(&sh, "chmod ");
		quote_sh_str(&sh, copy_mode(args, prior));
		buf_adds(&sh, " \"$t\" && mv -f \"$t\" \"$p\" || "
			      "{ rm -f \"$t\"; exit 1; }");
	} else {
		buf_adds(&sh, "; ");
		copy_chown(&sh, args, prior, "\"$p\"");
		buf_adds(&sh, "chmod ");
		quote_sh_str(&sh, copy_mode(args, prior));
		buf_adds(&sh, " \"$p\"");
	}
	if (module_sh_input_ok(run, "copy", sh.data, content.data, content.len,
			       err) < 0)
		goto out;
	*changed = 1;
	rc = 0;
out:
	buf_release(&content);
	buf_release(&sh);
	return rc;
}

/* Puts the old file back, or removes one that was absent. */
static int copy_revert(struct module_run *run, const json_t *args,
		       const json_t *prior, struct error *err)
{
	struct buf sh = BUF_INIT;
	int rc;

	path_state_restore_sh(&sh, prior);
	rc = module_sh_ok(run, "copy: revert", sh.data, err);
	buf_release(&sh);
	return rc;
}

/* Says what apply would do: a diff when both contents are known. */
static int copy_describe(const json_t *args, const json_t *prior,
			 struct buf *out)
{
	const char *dest = module_arg_str(args, "dest", "");
	const char *kind = path_state_str(prior, "kind");
	const json_t *content = json_object_get(args, "content");
	const json_t *old = json_object_get(prior, "_content");
	unsigned what = copy_changes(args, prior);

	if (what == 0) {
		buf_addf(out, "%s: unchanged\n", dest);
		return 0;
	}
	if (strcmp(kind, "absent") == 0)
		buf_addf(out, "%s: create (mode %s)\n", dest,
			 copy_mode(args, prior));
	else if (what & 1)
		buf_addf(out,
			 "%s: new content (was %lld bytes, sha256 %.12s)\n",
			 dest,
			 (long long)json_integer_value(
				 json_object_get(prior, "size")),
			 path_state_str(prior, "sha256"));
	if ((what & 2) && strcmp(kind, "absent") != 0)
		buf_addf(out, "%s: mode %s -> %s%s%s\n", dest,
			 path_state_str(prior, "mode"), copy_mode(args, prior),
			 module_arg_str(args, "owner", NULL) ? ", owner " : "",
			 module_arg_str(args, "owner", ""));
	if ((what & 1) && json_is_string(content))
		path_state_diff(out, dest,
				json_is_string(old) ? json_string_value(old)
						    : "",
				json_string_value(content));
	return 0;
}

const struct module module_copy = {
	.name = "copy",
	.summary = "write content or a controller file to a path",
	.validate = copy_validate,
	.probe = copy_probe,
	.apply = copy_apply,
	.revert = copy_revert,
	.describe = copy_describe,
	.revert_args = module_revert_args_none,
};
