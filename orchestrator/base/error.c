/*
 * error.c - structured, caller-owned errors; see error.h.
 */
#include <stdarg.h>
#include <stdlib.h>

#include "error.h"
#include "xmalloc.h"

/* Replaces the error's message with a formatted one. */
static void error_vset(struct error *e, enum error_kind kind, const char *fmt,
		       va_list ap)
{
	struct buf b = BUF_INIT;

	buf_vaddf(&b, fmt, ap);
	error_release(e);
	e->kind = kind;
	e->message = buf_detach(&b, NULL);
}

/* Records an error without a position. */
int error_set(struct error *e, enum error_kind kind, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	error_vset(e, kind, fmt, ap);
	va_end(ap);
	return -1;
}

/* Records an error at a position in an input file. */
int error_set_at(struct error *e, enum error_kind kind, const char *file,
		 unsigned line, unsigned column, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	error_vset(e, kind, fmt, ap);
	va_end(ap);
	e->file = xstrdup(file);
	e->line = line;
	e->column = column;
	return -1;
}

/* Adds context in front of an existing message. */
void error_prefix(struct error *e, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	buf_addf(&b, ": %s", e->message ? e->message : "unknown error");
	free(e->message);
	e->message = buf_detach(&b, NULL);
}

/* Formats the error as one line. */
void error_format(const struct error *e, struct buf *out)
{
	if (e->file && e->line)
		buf_addf(out, "%s:%u:%u: ", e->file, e->line, e->column);
	else if (e->file)
		buf_addf(out, "%s: ", e->file);
	buf_adds(out, e->message ? e->message : "unknown error");
}

/* Names an error kind. */
const char *error_kind_name(enum error_kind kind)
{
	switch (kind) {
	case ERROR_NONE:
		return "ok";
	case ERROR_INVALID:
		return "invalid";
	case ERROR_SYSTEM:
		return "system";
	case ERROR_UNREACHABLE:
		return "unreachable";
	case ERROR_AUTH:
		return "auth";
	case ERROR_HOSTKEY:
		return "hostkey";
	case ERROR_FAILED:
		return "failed";
	case ERROR_TIMEOUT:
		return "timeout";
	case ERROR_INTERNAL:
		return "internal";
	}
	return "unknown";
}

/* Maps an error to the command's exit code. */
int error_exit_code(const struct error *e)
{
	if (e->kind == ERROR_INVALID)
		return CREST_EXIT_INVALID;
	return CREST_EXIT_FAILED;
}

/* Frees the error's strings. */
void error_release(struct error *e)
{
	if (e == NULL)
		return;
	free(e->message);
	free(e->file);
	e->kind = ERROR_NONE;
	e->message = NULL;
	e->file = NULL;
	e->line = 0;
	e->column = 0;
}
