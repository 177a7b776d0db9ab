/*
 * facts-report.h - what "crest facts" prints: the fleet's table, or with
 * --json one object per host; with --diff what changed per host (keys in
 * docs/facts.md).
 */
#ifndef CREST_FACTS_REPORT_H
#define CREST_FACTS_REPORT_H

#include <stdio.h>

#include <jansson.h>

/* Prints the table's header line. */
void facts_report_header(FILE *fp);

/* Prints one host's record (facts_gather()'s {stale, error, snapshot})
 * as a table row, or as one JSON line {host, stale, error, snapshot}. */
void facts_report_host(const char *host, const json_t *rec, int json,
		       FILE *fp);

/* Prints what changed on host (a facts_diff() object, or NULL when
 * there is no snapshot to compare with) as text or one JSON line. */
void facts_report_diff(const char *host, const json_t *diff, int json,
		       FILE *fp);

#endif
