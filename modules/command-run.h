/*
 * command-run.h - what command and shell share: their arguments and
 * their check, creates/removes, chdir, env, timeout, and the task's
 * rollback: line as their revert (probe and revert are the same
 * function for both).
 *
 * probe records {"skip": true, "because": "creates"|"removes"} when the
 * path condition says the command has already done its work, else
 * {"skip": false}; nothing of the command line itself (it may hold
 * secrets).  apply runs the line unless skip (changed = 1 when it ran).
 * revert runs the task's rollback: line (module_run's rollback) when the
 * command ran; without one, the task is irreversible and revert fails.
 */
#ifndef CREST_COMMAND_RUN_H
#define CREST_COMMAND_RUN_H

#include <jansson.h>

#include "base/buf.h"
#include "base/error.h"

struct arg_spec;
struct module_run;
struct task;

/* The arguments command-run.c reads, the same for command and shell:
 * rows for their struct arg_spec tables (module-args.h), after their own
 * cmd (and argv) and before the terminating row. */
/* clang-format off */
#define COMMAND_RUN_ARGS \
	{"creates", ARG_PATH, 0, NULL, 0, 0}, \
	{"removes", ARG_PATH, 0, NULL, 0, 0}, \
	{"chdir", ARG_PATH, 0, NULL, 0, 0}, \
	{"env", ARG_ENV, 0, NULL, 0, 0}, \
	{"timeout", ARG_DURATION, 0, NULL, 0, 0}
/* clang-format on */

/* Checks a command or shell task: a line must hold more than blanks; a
 * mapping must match spec and, when one_of is not NULL, give exactly one
 * of those names.  Errors start with the task's module name.  Returns 0,
 * or -1 with err set. */
int command_run_validate(const struct task *task, const struct arg_spec *spec,
			 const char *const *one_of, struct error *err);

/* Returns the command line of args: args itself when it is a string,
 * else its cmd, else "" (borrowed). */
const char *command_run_cmd(const json_t *args);

/* Returns the text a program gets for the value v: a string as it is,
 * anything else as JSON (caller frees). */
char *command_run_text(const json_t *v);

/* Appends "sh -c " and line quoted as one word. */
void command_run_sh(const char *line, struct buf *out);

/* Splits a command line into words as sh would, without expanding
 * anything: blanks separate words, '...' and "..." quote, a backslash
 * escapes.  Returns a NULL-terminated array the caller frees with
 * command_words_free(), or NULL with err set (an open quote). */
char **command_split(const char *line, size_t *n, struct error *err);

/* Frees what command_split() returned.  Accepts NULL. */
void command_words_free(char **words);

/* Appends the line apply runs: "cd DIR && env K=V ... " then body (an
 * already quoted command). */
void command_line(const json_t *args, const char *body, struct buf *out);

/* Appends the command module's argv as quoted words (command.c).
 * Returns 0, or -1 with err set (an open quote, an empty line). */
int command_argv(const json_t *args, struct buf *out, struct error *err);

/* What command_run_revert() reads of the arguments (revert_args). */
extern const char *const command_run_revert_args[];

/* The module functions, shared; body is the quoted command.  probe and
 * revert are command's and shell's own (module.h). */
int command_run_probe(struct module_run *run, const json_t *args,
		      json_t **prior, struct error *err);
int command_run_apply(struct module_run *run, const json_t *args,
		      const json_t *prior, const char *body, int *changed,
		      struct error *err);
int command_run_revert(struct module_run *run, const json_t *args,
		       const json_t *prior, struct error *err);
/* Appends "run: WHAT" or why it is skipped; shown is the command as the
 * plan shows it. */
void command_run_describe(const json_t *args, const json_t *prior,
			  const char *shown, struct buf *out);

#endif
