/*
 * file.c - the file module: a path's kind, mode and owner.
 *
 *	file: {path: /var/lib/acme, state: directory, mode: "0750", owner: acme}
 *	file: {path: /etc/acme/current, state: link, src: /etc/acme/2.0}
 *	file: {path: /etc/acme/old.conf, state: absent}
 *
 * probe reads the path's state (path-state.h) in one command.  apply
 * keeps what it is about to remove or replace (a file, a directory with
 * everything in it, a link) under the task's backup directory with
 * cp -a, then makes the change and sets mode and owner, in one command.
 * revert copies the backup back, removes a path that was absent, or sets
 * mode and owner back when only those changed.  state "file" only sets
 * mode and owner of an existing file (copy writes content); "touch"
 * creates an empty file when there is none; "directory" creates with
 * parents; "link" makes path a symbolic link to src, replacing a file or
 * link there.  A directory is never replaced by a file or a link, nor a
 * file by a directory: that fails with nothing changed.
 */
#include <stdlib.h>
#include <string.h>

#include "module-args.h"
#include "module-run.h"
#include "module.h"
#include "path-state.h"
#include "transport/quote.h"
#include "base/xmalloc.h"

static const char *const file_states[] = {"file",   "directory", "link",
					  "absent", "touch",	 NULL};

static const struct arg_spec file_args[] = {
	{"path", ARG_PATH, ARG_REQUIRED, NULL, 0, 0},
	{"state", ARG_CHOICE, 0, file_states, 0, 0},
	{"src", ARG_PATH, 0, NULL, 0, 0},
	{"mode", ARG_MODE, 0, NULL, 0, 0},
	{"owner", ARG_NAME, 0, NULL, 0, 0},
	{"group", ARG_NAME, 0, NULL, 0, 0},
	{NULL, 0, 0, NULL, 0, 0},
};

/* Checks the path and what goes with each state. */
static int file_validate(const struct task *task, struct error *err)
{
	static const char *const link[] = {"link", NULL};
	static const char *const absent[] = {"absent", NULL};
	const struct ynode *src, *v;

	if (module_args_check(task, file_args, err) < 0)
		return -1;
	src = module_arg(task, "src");
	if (module_arg_is(task, "state", link) && src == NULL)
		return error_set_at(err, ERROR_INVALID, task->module_at.file,
				    task->module_at.line,
				    task->module_at.column,
				    "file: state 'link' needs 'src', the "
				    "link's target");
	if (src && !module_arg_is(task, "state", link) &&
	    !module_arg_is_template(module_arg(task, "state")))
		return ynode_error(src, err,
				   "file: 'src' goes only with state 'link'");
	if (module_arg_is(task, "state", absent)) {
		if ((v = module_arg(task, "mode")) != NULL ||
		    (v = module_arg(task, "owner")) != NULL ||
		    (v = module_arg(task, "group")) != NULL)
			return ynode_error(v, err,
					   "file: a path in state 'absent' has "
					   "no mode, owner or group");
	}
	return 0;
}

/* Returns the state asked for: the argument, else "file". */
static const char *file_state(const json_t *args)
{
	return module_arg_str(args, "state", "file");
}

/* Says what apply changes, from args and prior: bit 1 the path itself
 * (created, removed, replaced), bit 2 its mode or owner; -1 with err set
 * when the change is refused. */
static int file_changes(const json_t *args, const json_t *prior,
			struct error *err)
{
	const char *state = file_state(args);
	const char *kind = path_state_str(prior, "kind");
	const char *path = path_state_str(prior, "path");
	const char *mode = module_arg_str(args, "mode", NULL);
	const char *owner = module_arg_str(args, "owner", NULL);
	const char *group = module_arg_str(args, "group", NULL);
	int what = 0, absent = strcmp(kind, "absent") == 0;

	if (strcmp(state, "absent") == 0)
		return absent ? 0 : 1;
	if (strcmp(state, "file") == 0 && strcmp(kind, "file") != 0)
		return error_set(err, ERROR_FAILED,
				 "file: %s is %s, not a file (state 'touch' "
				 "creates one, copy writes one)",
				 path, absent ? "absent" : kind);
	if (strcmp(state, "touch") == 0 && !absent && strcmp(kind, "file"))
		return error_set(err, ERROR_FAILED,
				 "file: %s is a %s, not a file", path, kind);
	if (strcmp(state, "directory") == 0 && !absent &&
	    strcmp(kind, "directory"))
		return error_set(err, ERROR_FAILED,
				 "file: %s is a %s; it will not be replaced "
				 "by a directory",
				 path, kind);
	if (strcmp(state, "link") == 0) {
		if (strcmp(kind, "directory") == 0)
			return error_set(err, ERROR_FAILED,
					 "file: %s is a directory; it will not "
					 "be replaced by a link",
					 path);
		if (strcmp(kind, "link") != 0 ||
		    strcmp(path_state_str(prior, "target"),
			   module_arg_str(args, "src", "")) != 0)
			what |= 1;
	}
	if (absent)
		return 1;
	if (mode && strcmp(kind, "link") != 0 &&
	    strtoul(mode, NULL, 8) !=
		    strtoul(path_state_str(prior, "mode"), NULL, 8))
		what |= 2;
	if ((owner && strcmp(owner, path_state_str(prior, "owner"))) ||
	    (group && strcmp(group, path_state_str(prior, "group"))))
		what |= 2;
	return what;
}

/* Reads the path's state and names the backup apply would keep. */
static int file_probe(struct module_run *run, const json_t *args,
		      json_t **prior, struct error *err)
{
	json_t *st = NULL;
	int what;

	if (path_state_probe(run, module_arg_str(args, "path", ""), &st, err) <
	    0)
		return -1;
	what = file_changes(args, st, err);
	if (what < 0) {
		json_decref(st);
		return -1;
	}
	if ((what & 1) && strcmp(path_state_str(st, "kind"), "absent") != 0) {
		char *dir = module_backup_dir(run);
		char *backup = xasprintf("%s/orig", dir);

		json_object_set_new(st, "backup", json_string(backup));
		free(backup);
		free(dir);
	}
	json_object_del(st, "_content");
	*prior = st;
	return 0;
}

/* Appends the lines that make the path and set its mode and owner. */
static void file_make_sh(const json_t *args, int what, struct buf *sh)
{
	const char *state = file_state(args);
	const char *mode = module_arg_str(args, "mode", NULL);
	const char *owner = module_arg_str(args, "owner", NULL);
	const char *group = module_arg_str(args, "group", NULL);

	if (what & 1) {
		if (strcmp(state, "directory") == 0)
			buf_adds(sh, "mkdir -p \"$p\"");
		else if (strcmp(state, "link") == 0) {
			buf_adds(sh, "ln -sfn ");
			quote_sh_str(sh, module_arg_str(args, "src", ""));
			buf_adds(sh, " \"$p\"");
		} else
			buf_adds(sh, "touch \"$p\"");
	} else {
		buf_adds(sh, ":");
	}
	if (owner || group) {
		struct buf who = BUF_INIT;

		buf_addf(&who, "%s%s%s", owner ? owner : "", group ? ":" : "",
			 group ? group : "");
		buf_adds(sh, " && chown -h ");
		quote_sh_str(sh, who.data);
		buf_adds(sh, " \"$p\"");
		buf_release(&who);
	}
	if (mode && strcmp(state, "link") != 0) {
		buf_adds(sh, " && chmod ");
		quote_sh_str(sh, mode);
		buf_adds(sh, " \"$p\"");
	}
}

/* Makes the path what args ask. */
static int file_apply(struct module_run *run, const json_t *args,
		      const json_t *prior, int *changed, struct error *err)
{
	const char *state = file_state(args);
	struct buf sh = BUF_INIT;
	int what = file_changes(args, prior, err), rc = -1;

	*changed = 0;
	if (what <= 0)
		return what;
	path_state_backup_sh(&sh, prior);
	buf_adds(&sh, "p=");
	quote_sh_str(&sh, module_arg_str(args, "path", ""));
	buf_adds(&sh, "; ");
	if (strcmp(state, "absent") == 0)
		buf_adds(&sh, "rm -rf \"$p\"");
	else
		file_make_sh(args, what, &sh);
	if (module_sh_ok(run, "file", sh.data, err) < 0)
		goto out;
	*changed = 1;
	rc = 0;
out:
	buf_release(&sh);
	return rc;
}

/* Puts the path back as probe found it. */
static int file_revert(struct module_run *run, const json_t *args,
		       const json_t *prior, struct error *err)
{
	struct buf sh = BUF_INIT;
	int rc;

	path_state_restore_sh(&sh, prior);
	rc = module_sh_ok(run, "file: revert", sh.data, err);
	buf_release(&sh);
	return rc;
}

/* Says what apply would do to the path. */
static int file_describe(const json_t *args, const json_t *prior,
			 struct buf *out)
{
	const char *path = path_state_str(prior, "path");
	const char *kind = path_state_str(prior, "kind");
	const char *state = file_state(args);
	const char *mode = module_arg_str(args, "mode", NULL);
	const char *owner = module_arg_str(args, "owner", NULL);
	const char *group = module_arg_str(args, "group", NULL);
	struct error err = ERROR_INIT;
	int what = file_changes(args, prior, &err);

	if (what < 0) {
		buf_addf(out, "%s\n", err.message);
		error_release(&err);
		return -1;
	}
	if (what == 0) {
		buf_addf(out, "%s: unchanged\n", path);
		return 0;
	}
	if (strcmp(state, "absent") == 0)
		buf_addf(out, "%s: remove the %s\n", path, kind);
	else if ((what & 1) && strcmp(state, "link") == 0)
		buf_addf(out, "%s: link to %s (was %s%s%s)\n", path,
			 module_arg_str(args, "src", ""), kind,
			 strcmp(kind, "link") == 0 ? " to " : "",
			 path_state_str(prior, "target"));
	else if (what & 1)
		buf_addf(out, "%s: create %s\n", path,
			 strcmp(state, "directory") == 0 ? "directory"
							 : "empty file");
	if (strcmp(state, "absent") != 0 && (mode || owner || group) &&
	    (what & 2 || strcmp(kind, "absent") == 0)) {
		buf_addf(out, "%s:", path);
		if (mode &&
		    (kind[0] == 'a' ||
		     strtoul(mode, NULL, 8) !=
			     strtoul(path_state_str(prior, "mode"), NULL, 8)))
			buf_addf(out, " mode %s -> %s",
				 kind[0] == 'a' ? "-"
						: path_state_str(prior, "mode"),
				 mode);
		if (owner)
			buf_addf(out, " owner %s -> %s",
				 kind[0] == 'a'
					 ? "-"
					 : path_state_str(prior, "owner"),
				 owner);
		if (group)
			buf_addf(out, " group %s -> %s",
				 kind[0] == 'a'
					 ? "-"
					 : path_state_str(prior, "group"),
				 group);
		buf_addch(out, '\n');
	}
	return 0;
}

const struct module module_file = {
	.name = "file",
	.summary = "make a path a file, directory or link, or remove it",
	.validate = file_validate,
	.probe = file_probe,
	.apply = file_apply,
	.revert = file_revert,
	.describe = file_describe,
	.revert_args = module_revert_args_none,
};
