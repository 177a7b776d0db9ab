/*
 * quote.h - the one way a value enters a remote shell command.
 *
 * Every command crest sends to a host is a line for the host's POSIX sh.
 * Any value placed into such a line (a path, a package name, a user's
 * argument, a variable from the inventory) goes through quote_sh() and
 * nothing else, so the shell reads it back as exactly one word holding
 * exactly those bytes: no expansion, no word splitting, no globbing, no
 * command substitution.
 *
 * The form is sh's single quotes: 'it'\''s' for it's.  Words made only of
 * characters no shell treats specially ([A-Za-z0-9] and _-./:@%+,) are left
 * bare so that commands stay readable in logs and the journal.  Bytes that
 * are not UTF-8 pass through unchanged (single quotes are byte-transparent).
 * A NUL byte cannot be carried by any shell word (an exec argument ends at
 * it), so quote_sh() refuses a value holding one rather than cut it short.
 */
#ifndef CREST_QUOTE_H
#define CREST_QUOTE_H

#include <stddef.h>

#include "base/buf.h"
#include "base/error.h"

/* Appends the len bytes at s to out as one sh word.  Returns 0, or -1 with
 * an ERROR_INVALID err (out unchanged) when s holds a NUL byte. */
int quote_sh(struct buf *out, const char *s, size_t len, struct error *err);

/* Appends the C string s as one sh word (a C string holds no NUL, so this
 * cannot fail). */
void quote_sh_str(struct buf *out, const char *s);

/* Appends the n C strings of argv as sh words separated by single spaces,
 * so that the remote shell runs exactly that argument vector. */
void quote_sh_argv(struct buf *out, char *const *argv, size_t n);

#endif
