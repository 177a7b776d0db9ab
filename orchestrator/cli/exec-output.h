/*
 * exec-output.h - what "crest exec" prints: each host's result whole as
 * soon as it ends, then a summary; for a person ("NAME | STATUS | exit N |
 * 0.21 s", its stdout, then its stderr) or, with --json, as JSON Lines
 * (one object per host, one for the summary).
 *
 * A struct exec_output counts the hosts by status as they are printed;
 * it owns nothing.
 */
#ifndef CREST_EXEC_OUTPUT_H
#define CREST_EXEC_OUTPUT_H

#include <stddef.h>
#include <stdint.h>

#include "engine/exec.h"

/* How many statuses the summary counts (exec_host_status() and those of
 * hosts that never ran). */
#define EXEC_OUTPUT_N_STATUSES 10

struct exec_output {
	int json;  /* JSON Lines instead of text */
	int color; /* the status in green or red (a terminal) */
	size_t n_hosts;
	size_t counts[EXEC_OUTPUT_N_STATUSES]; /* in the summary's order */
};

/* Sets up out for n_hosts hosts, nothing counted yet. */
void exec_output_init(struct exec_output *out, int json, int color,
		      size_t n_hosts);

/* Prints a host that ended and counts it, then frees its output (memory
 * stays bounded by --forks); an exec_request's host_done, data the struct
 * exec_output. */
void exec_output_host(void *data, struct exec_host *host);

/* Counts the hosts exec_run() never started as skipped. */
void exec_output_skipped(struct exec_output *out, const struct exec_host *hosts,
			 size_t n);

/* Prints the summary of elapsed_ms; returns the exit code: 6 when
 * interrupted, 1 when a host was not ok, else 0. */
int exec_output_summary(const struct exec_output *out, uint64_t elapsed_ms,
			int interrupted);

#endif
