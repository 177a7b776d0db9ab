/*
 * trace.h - a developer's trace of what each host goes through.
 *
 * With CREST_TRACE=1 in the environment, every state change of a host's
 * work (and a few notable events of the transports) is written to stderr
 * as one line, "crest: trace +0.123 h1: connect -> run", written with a
 * single write() so lines from different worker threads never mix.
 * Without it, trace() costs one branch.
 */
#ifndef CREST_TRACE_H
#define CREST_TRACE_H

/* Returns 1 when tracing is on (CREST_TRACE set and not "0"). */
int trace_enabled(void);

/* Writes one trace line about host (may be NULL) when tracing is on. */
void trace(const char *host, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
