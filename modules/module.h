/*
 * module.h - the contract of a task module.
 *
 * A module is what a task does on a host: install a package, copy a file,
 * restart a service.  Each lives in its own modules/NAME.c, exports one
 * const struct module, and is listed once in modules[] (modules.c), as
 * pdsh lists its static modules and jq its builtins.  Modules run in the
 * controller and drive the host with POSIX sh and the host's own tools.
 *
 * The life of a task on a host, as the run engine calls it:
 *	validate   when the playbook is loaded, before anything connects;
 *	probe      the host's current state, changing nothing; the result is
 *	           written to the journal before apply runs, so a rollback
 *	           knows what to restore even after a crash;
 *	apply      bring the host to the state the arguments describe;
 *	revert     put back exactly what probe found;
 *	describe   say in words what apply would change (crest plan).
 * Running apply twice changes nothing the second time.
 *
 * Adding a module: docs/modules.md, "Adding a module".
 */
#ifndef CREST_MODULE_H
#define CREST_MODULE_H

#include <jansson.h>

#include "base/buf.h"
#include "base/error.h"

struct task;	   /* playbook.h: a task with its arguments and position */
struct module_run; /* the run engine's handle on one host for one task:
		    * its transport, become, timeouts and output buffer;
		    * defined by the engine, opaque to modules */

/* revert is NULL on purpose: the change cannot be undone (a reboot, a
 * command without a rollback:); crest plan marks such tasks. */
#define MODULE_IRREVERSIBLE 0x1u
/* The module only looks (check, wait_for): it never changes the host, so
 * there is nothing to revert. */
#define MODULE_NO_CHANGE 0x2u
/* Usable as a verify: check (it reports healthy or not). */
#define MODULE_VERIFY 0x4u
/* The task's own "rollback:" line is what undoes it (command, shell);
 * only such modules take one.  With MODULE_IRREVERSIBLE, such a module
 * has a revert that runs module_run's rollback, and a task of it is
 * irreversible only without one (module_task_irreversible()). */
#define MODULE_ROLLBACK 0x10u
/* probe, apply, revert and describe are not written yet (issue 3 gives
 * modules their validation only); the run engine refuses to run a
 * module with this flag, and crest validate accepts it. */
#define MODULE_PENDING 0x8u
/* apply may reboot the host (reboot, driver, os_upgrade): when such a
 * task was in flight as the controller died, crest resume finds the host
 * perhaps still rebooting, and waits for it (up to the task's
 * reboot_timeout or timeout, else 10 minutes) before it calls it
 * unreachable. */
#define MODULE_REBOOTS 0x20u

struct module {
	/* The key that names the module in a task: "package". */
	const char *name;

	/* One line for "crest validate --modules". */
	const char *summary;

	/* Checks task->args (the node under the module's key: a mapping, or
	 * a string for modules that take a free-form line) before anything
	 * runs: required arguments, types, allowed values, combinations.
	 * Returns 0, or -1 with err at the offending node's file:line:column
	 * naming the argument.  Never NULL. */
	int (*validate)(const struct task *task, struct error *err);

	/* Reads the state apply would change, without changing it, into
	 * *prior (a new JSON object the caller owns and records).  args are
	 * the task's arguments with variables substituted.  prior is plain
	 * data that never holds a value of the arguments (they may carry
	 * secrets): versions, checksums, modes, the backup's path.  Members
	 * whose names start with '_' are for describe only (a file's current
	 * content, for a diff) and are left out of the journal: write
	 * module_prior_journal(prior) there. */
	int (*probe)(struct module_run *run, const json_t *args, json_t **prior,
		     struct error *err);

	/* Makes the change; sets *changed to 0 when the host already was as
	 * asked.  prior is what probe recorded. */
	int (*apply)(struct module_run *run, const json_t *args,
		     const json_t *prior, int *changed, struct error *err);

	/* Restores prior exactly (package version or absence, file content
	 * and mode, service state...).  NULL only with MODULE_IRREVERSIBLE,
	 * MODULE_NO_CHANGE or MODULE_PENDING. */
	int (*revert)(struct module_run *run, const json_t *args,
		      const json_t *prior, struct error *err);

	/* Appends what apply would do to a host in state prior, in words,
	 * without running anything (check mode, crest plan).  args are the
	 * arguments as shown (secrets masked).  Returns 0, or -1 when apply
	 * would fail (out then says why). */
	int (*describe)(const json_t *args, const json_t *prior,
			struct buf *out);

	/* The arguments revert reads, NULL-terminated; NULL: any of them.
	 * A revert in a later process (resume, crest rollback) gets the
	 * arguments the journal recorded when the task ran, where secrets
	 * are masked: only a masked one named here is rendered again from
	 * the playbook, so a copy whose content was a secret reverts from
	 * its path and backup alone.  module_revert_args_none: none. */
	const char *const *revert_args;

	/* MODULE_* */
	unsigned flags;
};

/* A revert_args for a revert that reads prior alone. */
extern const char *const module_revert_args_none[];

/* Every module, NULL-terminated, in the order the docs list them. */
extern const struct module *const modules[];

/* Returns the module named name, or NULL. */
const struct module *module_find(const char *name);

/* Returns the module name nearest to a misspelt one, or NULL (borrowed). */
const char *module_suggest(const char *name);

/* Returns 1 when a task cannot be undone: its module is irreversible and
 * the task gives no rollback: of its own (crest plan says so). */
int module_task_irreversible(const struct task *task);

/* Returns a copy of prior for the journal: without the members whose
 * names start with '_' (new reference). */
json_t *module_prior_journal(const json_t *prior);

/* The modules, one file each. */
extern const struct module module_command;
extern const struct module module_shell;
extern const struct module module_package;
extern const struct module module_patch;
extern const struct module module_copy;
extern const struct module module_file;
extern const struct module module_service;
extern const struct module module_reboot;
extern const struct module module_wait_for;
extern const struct module module_check;
extern const struct module module_driver;
extern const struct module module_os_upgrade;

#endif
