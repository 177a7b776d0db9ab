/*
 * xmalloc.h - allocation that never returns NULL.
 *
 * Out-of-memory is not a condition crest can recover from in the middle of a
 * rollout, so every allocation goes through these wrappers, which print one
 * line and abort.  Nothing else in crest checks for NULL from them.
 */
#ifndef CREST_XMALLOC_H
#define CREST_XMALLOC_H

#include <stddef.h>

/* Returns new zeroed memory for n objects of size bytes; caller frees. */
void *xcalloc(size_t n, size_t size);

/* Returns new uninitialised memory of size bytes; caller frees. */
void *xmalloc(size_t size);

/* Resizes p (which may be NULL) to n objects of size bytes; caller frees. */
void *xreallocarray(void *p, size_t n, size_t size);

/* Returns a copy of s (NULL gives NULL); caller frees. */
char *xstrdup(const char *s);

/* Returns a copy of the first n bytes of s, NUL-terminated; caller frees. */
char *xstrndup(const char *s, size_t n);

/* Returns a newly formatted string; caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
