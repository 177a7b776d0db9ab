/*
 * utf8.h - making command output safe to put in JSON.
 *
 * A host's output is bytes; JSON strings are Unicode.  utf8_sanitize()
 * copies valid UTF-8 as it is and replaces each byte that does not start or
 * continue a valid sequence (stray continuation bytes, overlong forms,
 * surrogates, code points past U+10FFFF, truncated sequences, as at the
 * start of a cut tail) with U+FFFD, so nothing is dropped silently and the
 * result is always valid.  NUL bytes are valid UTF-8 and are kept.
 */
#ifndef CREST_UTF8_H
#define CREST_UTF8_H

#include <stddef.h>

#include "buf.h"

/* Appends s[0..len) to out with invalid bytes replaced by U+FFFD; returns
 * how many bytes were replaced. */
size_t utf8_sanitize(struct buf *out, const char *s, size_t len);

#endif
