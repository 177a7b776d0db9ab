/*
 * trace.c - one-line traces to stderr under CREST_TRACE; see trace.h.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "monotime.h"
#include "trace.h"

static pthread_once_t trace_once = PTHREAD_ONCE_INIT;
static int trace_on;
static uint64_t trace_start;

/* Reads CREST_TRACE once. */
static void trace_init(void)
{
	const char *v = getenv("CREST_TRACE");

	trace_on = v && *v && strcmp(v, "0") != 0;
	trace_start = monotime_ms();
}

/* Says whether traces are written. */
int trace_enabled(void)
{
	pthread_once(&trace_once, trace_init);
	return trace_on;
}

/* Formats and writes one trace line. */
void trace(const char *host, const char *fmt, ...)
{
	struct buf line = BUF_INIT;
	uint64_t t;
	va_list ap;

	if (!trace_enabled())
		return;
	t = monotime_ms() - trace_start;
	buf_addf(&line, "crest: trace +%llu.%03llu ",
		 (unsigned long long)(t / 1000),
		 (unsigned long long)(t % 1000));
	if (host)
		buf_addf(&line, "%s: ", host);
	va_start(ap, fmt);
	buf_vaddf(&line, fmt, ap);
	va_end(ap);
	buf_addch(&line, '\n');
	/* One write per line: lines of different threads stay whole. */
	if (write(STDERR_FILENO, line.data, line.len) < 0)
		line.len = 0;
	buf_release(&line);
}
