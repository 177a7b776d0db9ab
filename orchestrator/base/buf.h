/*
 * buf.h - a growable byte buffer (after git's strbuf).
 *
 * Invariants:
 *  - data is never NULL once a buf has been written to, and data[len] is
 *    always '\0', so data can be used as a C string when the content has no
 *    NUL bytes of its own;
 *  - a buf initialised with BUF_INIT holds nothing and owns nothing; its data
 *    is a shared empty string until the first write;
 *  - len < alloc whenever alloc != 0.
 *
 * A buf owns its data; buf_release() frees it and leaves an empty buf that
 * can be used again.  buf_detach() hands the data to the caller.
 */
#ifndef CREST_BUF_H
#define CREST_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data;
	size_t len;
	size_t alloc;
};

extern char buf_empty[];
#define BUF_INIT                                                               \
	{                                                                      \
		buf_empty, 0, 0                                                \
	}

/* Makes room for at least extra more bytes. */
void buf_grow(struct buf *b, size_t extra);

/* Appends n bytes of p. */
void buf_add(struct buf *b, const void *p, size_t n);

/* Appends a C string. */
void buf_adds(struct buf *b, const char *s);

/* Appends one byte. */
void buf_addch(struct buf *b, int c);

/* Appends formatted text. */
void buf_addf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Appends formatted text from a va_list. */
void buf_vaddf(struct buf *b, const char *fmt, va_list ap);

/* Shortens the content to len bytes (no-op when already shorter). */
void buf_truncate(struct buf *b, size_t len);

/* Empties the content and keeps the memory. */
void buf_reset(struct buf *b);

/* Frees the memory; b is BUF_INIT afterwards. */
void buf_release(struct buf *b);

/* Returns the content as a NUL-terminated string the caller frees; b is
 * BUF_INIT afterwards. */
char *buf_detach(struct buf *b, size_t *len);

#endif
