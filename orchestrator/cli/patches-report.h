/*
 * patches-report.h - what "crest patches" says of each host and of the
 * fleet: a table (with -v each pending update), or with --json one object
 * per host and one for the summary (keys in docs/cli.md).
 */
#ifndef CREST_PATCHES_REPORT_H
#define CREST_PATCHES_REPORT_H

#include <stdio.h>

#include <jansson.h>

#include "engine/exec.h"

/* The report under way: one record per host, in inventory order. */
struct patches_report {
	json_t *hosts;	    /* array of the host records (owned) */
	const json_t *last; /* host -> time of its last patch (borrowed) */
	int security_only;  /* --only security: other updates do not count */
	const char *const *origins; /* the security origins (borrowed) */
};

/* Makes the record of one host that ended (its probe's answer parsed,
 * or why there is none) and puts it at position index. */
void patches_report_host(struct patches_report *r, size_t index,
			 struct exec_host *host);

/* Prints every record and the summary line (as a table, or as JSON Lines
 * when json), with the updates when verbose.  Returns the exit code: 0
 * when every host is compliant, 1 when any is not. */
int patches_report_print(const struct patches_report *r, int json, int verbose,
			 FILE *fp);

#endif
