/*
 * package-fault.h - naming the host faults a package change runs into.
 *
 * When apt or dpkg fails, its output says why in its own words, deep in
 * a screenful; two causes are the host's and not the package's, and the
 * person reading the recap needs them said plainly with what to do: the
 * disk is full (dpkg's "No space left on device", apt's "You don't have
 * enough free space in DIR"), or another process holds the package
 * manager's lock (apt's "Could not get lock PATH. It is held by process
 * PID (NAME)", dpkg's "... lock was locked by another process with pid
 * PID").  package_fault_explain() reads the output and, for those two,
 * writes the message the task fails with.
 */
#ifndef CREST_PACKAGE_FAULT_H
#define CREST_PACKAGE_FAULT_H

#include <jansson.h>

#include "base/error.h"

/* What a package change on one host was, for the message. */
struct package_fault_ctx {
	const char *what;      /* "package", "package: revert" */
	const char *host;      /* the host's inventory name */
	unsigned lock_timeout; /* seconds apt and dpkg waited for the lock */
};

/* Reads output (a failed command's stderr and stdout, any mix of "\n"
 * and "\r\n"; borrowed) and, when it shows a full disk or a held lock,
 * replaces err's message with one naming the host, the fault, how the
 * packages were left (from the module's own last line) and what to do;
 * err's kind stays ERROR_FAILED.  Returns 1 when it did, 0 when the
 * output shows neither (err untouched). */
int package_fault_explain(const char *output,
			  const struct package_fault_ctx *ctx,
			  struct error *err);

struct module_run;

/* Reads the task's lock_timeout (args as rendered) into *secs, or
 * PACKAGE_LOCK_TIMEOUT when absent; -1 with err naming module when a
 * variable made it something else than a duration. */
int package_lock_timeout(const char *module, const json_t *args, unsigned *secs,
			 struct error *err);

/* Runs a probe, change or restore script on the host (what names it, as
 * module_sh_ok() does); when it fails on the host's full disk or a lock
 * still held after secs, err says that instead.  Returns 0 or -1. */
int package_sh_run(struct module_run *run, const char *what, const char *sh,
		   unsigned secs, struct error *err);

#endif
