/*
 * command-run.c - running a command or shell line for the command and
 * shell modules (command-run.h).
 */
#include <stdlib.h>
#include <string.h>

#include "command-run.h"
#include "module-args.h"
#include "module-run.h"
#include "module.h"
#include "transport/quote.h"
#include "base/xmalloc.h"
#include "base/json-get.h"

/* Checks a line or a mapping of arguments. */
int command_run_validate(const struct task *task, const struct arg_spec *spec,
			 const char *const *one_of, struct error *err)
{
	const struct ynode *args = task->args;

	if (ynode_is_str(args)) {
		if (strspn(args->str, " \t\n") == args->len)
			return ynode_error(args, err,
					   "%s: the command line is empty",
					   task->module->name);
		return 0;
	}
	if (module_args_check(task, spec, err) < 0 ||
	    (one_of && module_args_one_of(task, one_of, err) < 0))
		return -1;
	return 0;
}

/* Returns the line or cmd. */
const char *command_run_cmd(const json_t *args)
{
	return json_is_string(args) ? json_string_value(args)
				    : module_arg_str(args, "cmd", "");
}

/* Returns a value as text. */
char *command_run_text(const json_t *v)
{
	char *s = json_is_string(v) ? xstrdup(json_string_value(v))
				    : json_dumps(v, JSON_ENCODE_ANY);

	return s ? s : xstrdup("");
}

/* Appends sh -c and the quoted line. */
void command_run_sh(const char *line, struct buf *out)
{
	buf_adds(out, "sh -c ");
	quote_sh_str(out, line);
}

/* Splits a line into words, sh's quoting rules without expansion. */
char **command_split(const char *line, size_t *n, struct error *err)
{
	char **words = NULL, **result = NULL;
	struct buf w = BUF_INIT;
	const char *p = line;
	size_t count = 0;
	int in_word = 0;

	for (;; p++) {
		if (*p == '\0' || *p == ' ' || *p == '\t' || *p == '\n') {
			if (in_word) {
				words = xreallocarray(words, count + 2,
						      sizeof(*words));
				words[count++] = buf_detach(&w, NULL);
				in_word = 0;
			}
			if (*p == '\0')
				break;
			continue;
		}
		in_word = 1;
		if (*p == '\'') {
			const char *end = strchr(p + 1, '\'');

			if (end == NULL)
				goto out;
			buf_add(&w, p + 1, (size_t)(end - p - 1));
			p = end;
		} else if (*p == '"') {
			for (p++; *p && *p != '"'; p++) {
				if (*p == '\\' && p[1] &&
				    strchr("\"\\$`", p[1]))
					p++;
				buf_addch(&w, *p);
			}
			if (*p == '\0')
				goto out;
		} else if (*p == '\\' && p[1]) {
			buf_addch(&w, *++p);
		} else {
			buf_addch(&w, *p);
		}
	}
	if (words == NULL)
		words = xcalloc(1, sizeof(*words));
	words[count] = NULL;
	*n = count;
	result = words;
	words = NULL;
out:
	buf_release(&w);
	if (result == NULL) {
		if (words)
			words[count] = NULL;
		command_words_free(words);
		error_set(err, ERROR_INVALID,
			  "command: a quote is not closed in '%s'", line);
	}
	return result;
}

/* Frees split words. */
void command_words_free(char **words)
{
	size_t i;

	if (words == NULL)
		return;
	for (i = 0; words[i]; i++)
		free(words[i]);
	free(words);
}

/* Appends cd, env and the body. */
void command_line(const json_t *args, const char *body, struct buf *out)
{
	const char *chdir = module_arg_str(args, "chdir", NULL);
	const json_t *env =
		json_is_object(args) ? json_object_get(args, "env") : NULL;
	const char *key;
	json_t *v;

	if (chdir) {
		buf_adds(out, "cd ");
		quote_sh_str(out, chdir);
		buf_adds(out, " && ");
	}
	if (json_object_size(env)) {
		buf_adds(out, "env");
		json_object_foreach((json_t *)env, key, v)
		{
			struct buf kv = BUF_INIT;
			char *s = command_run_text(v);

			buf_addf(&kv, "%s=%s", key, s);
			buf_addch(out, ' ');
			quote_sh_str(out, kv.data);
			buf_release(&kv);
			free(s);
		}
		buf_addch(out, ' ');
	}
	buf_adds(out, body);
}

/* Checks creates/removes on the host in one command. */
int command_run_probe(struct module_run *run, const json_t *args,
		      json_t **prior, struct error *err)
{
	const char *creates = module_arg_str(args, "creates", NULL);
	const char *removes = module_arg_str(args, "removes", NULL);
	const char *out;
	struct buf sh = BUF_INIT;
	int rc = -1;

	if (!creates && !removes) {
		*prior = json_pack("{s:b}", "skip", 0);
		return 0;
	}
	if (creates) {
		buf_adds(&sh, "if [ -e ");
		quote_sh_str(&sh, creates);
		buf_adds(&sh, " ]; then echo creates; exit 0; fi; ");
	}
	if (removes) {
		buf_adds(&sh, "if [ ! -e ");
		quote_sh_str(&sh, removes);
		buf_adds(&sh, " ]; then echo removes; exit 0; fi; ");
	}
	buf_adds(&sh, "echo run");
	if (module_sh_ok(run, "checking creates/removes", sh.data, err) < 0)
		goto out;
	out = module_stdout(run);
	if (strncmp(out, "creates", 7) == 0 || strncmp(out, "removes", 7) == 0)
		*prior = json_pack("{s:b,s:s#}", "skip", 1, "because", out, 7);
	else
		*prior = json_pack("{s:b}", "skip", 0);
	rc = 0;
out:
	buf_release(&sh);
	return rc;
}

/* Runs the command unless probe said its work is done. */
int command_run_apply(struct module_run *run, const json_t *args,
		      const json_t *prior, const char *body, int *changed,
		      struct error *err)
{
	unsigned timeout = module_arg_secs(args, "timeout", 0);
	unsigned saved = run->timeout_ms;
	struct buf line = BUF_INIT;
	int rc;

	*changed = 0;
	if (json_is_true(json_object_get(prior, "skip")))
		return 0;
	command_line(args, body, &line);
	if (timeout)
		run->timeout_ms = timeout * 1000u;
	rc = module_sh_ok(run, "command", line.data, err);
	run->timeout_ms = saved;
	buf_release(&line);
	if (rc == 0)
		*changed = 1;
	return rc;
}

const char *const command_run_revert_args[] = {"chdir", "env", NULL};

/* Runs the task's rollback: line, when the command ran. */
int command_run_revert(struct module_run *run, const json_t *args,
		       const json_t *prior, struct error *err)
{
	struct buf line = BUF_INIT, body = BUF_INIT;
	int rc;

	if (json_is_true(json_object_get(prior, "skip")))
		return 0;
	if (run->rollback == NULL || *run->rollback == '\0')
		return error_set(err, ERROR_INVALID,
				 "the task has no rollback: and cannot be "
				 "undone");
	command_run_sh(run->rollback, &body);
	command_line(args, body.data, &line);
	rc = module_sh_ok(run, "rollback", line.data, err);
	buf_release(&line);
	buf_release(&body);
	return rc;
}

/* Says whether the command would run. */
void command_run_describe(const json_t *args, const json_t *prior,
			  const char *shown, struct buf *out)
{
	const char *because = json_get_str(prior, "because", NULL);

	if (because == NULL)
		because = "creates";
	if (json_is_true(json_object_get(prior, "skip")))
		buf_addf(out, "skip: %s %s %s\n", because,
			 module_arg_str(args, because, ""),
			 strcmp(because, "creates") == 0 ? "exists"
							 : "does not exist");
	else
		buf_addf(out, "run: %s\n", shown);
}
