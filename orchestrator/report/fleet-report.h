/*
 * fleet-report.h - crest report: one self-contained HTML page about the
 * fleet, offline: the inventory (a sortable table of hosts and what is
 * known of each), the patch state the journals tell (when crest last
 * patched each host), and the runs, newest first, each linking to its own
 * section with the same timeline crest show RUN --html draws
 * (run-page.h).  Read-only: it reads the state directory and, when given,
 * the inventory; it connects to nothing.
 */
#ifndef CREST_FLEET_REPORT_H
#define CREST_FLEET_REPORT_H

#include <stddef.h>

#include "base/buf.h"
#include "base/error.h"

struct inventory;

struct fleet_report {
	const char *state_dir;	     /* borrowed */
	const struct inventory *inv; /* borrowed, or NULL: the hosts the
					journals name */
	size_t max_runs;	     /* the newest runs shown; 0: every run */
};

/* Appends the report's page to b.  Returns 0, or -1 with err set when a
 * journal cannot be read. */
int fleet_report_html(const struct fleet_report *r, struct buf *b,
		      struct error *err);

#endif
