/*
 * error.h - structured errors owned by the caller.
 *
 * Functions that can fail return 0 or a negative number and describe the
 * failure in a struct error the caller passes in (after redis' anet error
 * buffer, but structured).  An error knows its kind, which decides the exit
 * code, and, when it came from input, the file:line:column it points at.
 * Each host keeps its own error, so one host's failure never overwrites
 * another's.
 *
 * A struct error starts as ERROR_INIT and owns its strings; error_release()
 * frees them and makes it ERROR_INIT again.
 */
#ifndef CREST_ERROR_H
#define CREST_ERROR_H

#include "buf.h"

/* Exit codes of the crest command, as documented in docs/cli.md. */
enum crest_exit {
	CREST_EXIT_OK = 0,
	CREST_EXIT_FAILED = 1,
	CREST_EXIT_ROLLED_BACK = 2,
	CREST_EXIT_ROLLBACK_FAILED = 3,
	CREST_EXIT_INVALID = 4,
	CREST_EXIT_WINDOW = 5,
	CREST_EXIT_INTERRUPTED = 6,
	CREST_EXIT_JOURNAL = 7, /* the journal could not be written */
};

/* What went wrong, in the words the recap and the journal use. */
enum error_kind {
	ERROR_NONE = 0,
	ERROR_INVALID,	   /* bad input: playbook, inventory, option */
	ERROR_SYSTEM,	   /* the controller's own system call failed */
	ERROR_UNREACHABLE, /* refused, connect timeout, name lookup */
	ERROR_AUTH,	   /* no key the host accepts */
	ERROR_HOSTKEY,	   /* unknown or changed host key */
	ERROR_FAILED,	   /* a command ran and failed */
	ERROR_TIMEOUT,	   /* a command or a host ran out of time */
	ERROR_INTERNAL,	   /* a bug in crest */
};

struct error {
	enum error_kind kind;
	char *message; /* one line, no trailing newline */
	char *file;    /* input file the error points into, or NULL */
	unsigned line; /* 1-based; 0 when there is no position */
	unsigned column;
};

#define ERROR_INIT                                                             \
	{                                                                      \
		ERROR_NONE, NULL, NULL, 0, 0                                   \
	}

/* Records an error without a position; returns -1 so callers can write
 * "return error_set(...)".  A second error replaces the first. */
int error_set(struct error *e, enum error_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Records an error pointing at file:line:column of an input; returns -1. */
int error_set_at(struct error *e, enum error_kind kind, const char *file,
		 unsigned line, unsigned column, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* Puts "context: " in front of the message, keeping kind and position. */
void error_prefix(struct error *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Appends "file:line:column: message" (or just the message) to out. */
void error_format(const struct error *e, struct buf *out);

/* Returns the name of an error kind as the journal and --json spell it. */
const char *error_kind_name(enum error_kind kind);

/* Returns the process exit code an error of this kind ends a command with. */
int error_exit_code(const struct error *e);

/* Frees the error's strings; e is ERROR_INIT afterwards.  Accepts NULL. */
void error_release(struct error *e);

#endif
