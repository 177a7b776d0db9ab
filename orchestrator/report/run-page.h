/*
 * run-page.h - one run as HTML: its header (commit, playbook, who ran it,
 * status), its waves with their budgets, the timeline picture with its
 * legend, and its hosts with their outcome and error.  crest show RUN
 * --html writes it as a page of its own; crest report puts one section per
 * run in the fleet report.  Both come from run_page_section().
 */
#ifndef CREST_RUN_PAGE_H
#define CREST_RUN_PAGE_H

#include "base/buf.h"
#include "run-view.h"

/* Appends v as <section class="run" id="run-ID" data-run="ID"
 * data-status="STATUS">, its headings at level h (2 or 3). */
void run_page_section(struct buf *b, const struct run_view *v, int h);

/* Appends a whole self-contained page of v. */
void run_page_html(struct buf *b, const struct run_view *v);

/* Appends a time of the journal as text ("2026-12-07 05:23:18 UTC"), or
 * "-" (ms since the epoch, -1 for none). */
void run_page_time(struct buf *b, int64_t ms);

#endif
