/*
 * module-args.h - checking a module's arguments against a table.
 *
 * Each module describes its arguments in a NULL-terminated array of
 * struct arg_spec and calls module_args_check(), then checks what a table
 * cannot say (which arguments go together).  Every message names the
 * module and the argument and points at the offending node.
 *
 * A value that is a string holding "{{" is a variable substitution; its
 * type can only be known on the host's run, so it passes the type checks
 * here (crest validate -i checks the variables exist).
 */
#ifndef CREST_MODULE_ARGS_H
#define CREST_MODULE_ARGS_H

#include "base/error.h"
#include "lang/playbook.h"
#include "lang/yaml-doc.h"

enum arg_type {
	ARG_STRING,   /* a string (numbers refused: quote versions) */
	ARG_STRINGS,  /* a string or a list of strings */
	ARG_ARGV,     /* a non-empty list of strings */
	ARG_PATH,     /* an absolute path on the host */
	ARG_BOOL,     /* true or false */
	ARG_INT,      /* an integer within [min, max] */
	ARG_DURATION, /* 30s, 2m, 1h or seconds */
	ARG_MODE,     /* a file mode: "0644" or 0644 */
	ARG_CHOICE,   /* one of choices */
	ARG_URL,      /* http:// or https:// */
	ARG_NAME,     /* a word: letters, digits, - _ . + : @ */
	ARG_ENV,      /* a mapping of variable names to strings */
};

#define ARG_REQUIRED 0x1u

struct arg_spec {
	const char *name;
	enum arg_type type;
	unsigned flags;		    /* ARG_REQUIRED */
	const char *const *choices; /* ARG_CHOICE, NULL-terminated */
	long long min, max;	    /* ARG_INT */
};

/* Checks that task->args is a mapping (null counts as an empty one when
 * nothing is required) whose keys are all in spec, that required ones are
 * there and every value has its type.  Returns 0 or -1 with err set. */
int module_args_check(const struct task *task, const struct arg_spec *spec,
		      struct error *err);

/* Returns the value of argument name, or NULL when absent or null. */
const struct ynode *module_arg(const struct task *task, const char *name);

/* Fails unless exactly one of the NULL-terminated names is given. */
int module_args_one_of(const struct task *task, const char *const *names,
		       struct error *err);

/* Fails when a and b are both given. */
int module_args_exclusive(const struct task *task, const char *a, const char *b,
			  struct error *err);

/* Fails unless the argument, when given as a literal, is one of words;
 * for checks that depend on another argument. */
int module_arg_is(const struct task *task, const char *name,
		  const char *const *words);

/* Returns 1 when node is a string holding a variable substitution. */
int module_arg_is_template(const struct ynode *node);

#endif
