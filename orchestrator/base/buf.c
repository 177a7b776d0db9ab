/*
 * buf.c - growable byte buffer; see buf.h for its invariants.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "xmalloc.h"

char buf_empty[1];

/* Ensures alloc > len + extra, growing geometrically. */
void buf_grow(struct buf *b, size_t extra)
{
	size_t want = b->len + extra + 1;
	size_t n;

	if (want <= b->alloc)
		return;
	n = b->alloc ? b->alloc : 64;
	while (n < want)
		n = n < 4096 ? n * 2 : n + n / 2;
	if (b->alloc == 0) {
		b->data = xmalloc(n);
		b->data[0] = '\0';
	} else {
		b->data = xreallocarray(b->data, n, 1);
	}
	b->alloc = n;
}

/* Appends raw bytes. */
void buf_add(struct buf *b, const void *p, size_t n)
{
	if (n == 0)
		return;
	buf_grow(b, n);
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

/* Appends a C string. */
void buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

/* Appends a single byte. */
void buf_addch(struct buf *b, int c)
{
	char ch = (char)c;

	buf_add(b, &ch, 1);
}

/* Appends formatted text from a va_list. */
void buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n <= 0)
		return;
	buf_grow(b, (size_t)n);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

/* Appends formatted text. */
void buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(b, fmt, ap);
	va_end(ap);
}

/* Cuts the content down to len bytes. */
void buf_truncate(struct buf *b, size_t len)
{
	if (len >= b->len)
		return;
	b->len = len;
	b->data[len] = '\0';
}

/* Empties the buffer, keeping its memory. */
void buf_reset(struct buf *b)
{
	if (b->alloc)
		buf_truncate(b, 0);
}

/* Frees the buffer's memory. */
void buf_release(struct buf *b)
{
	if (b->alloc)
		free(b->data);
	b->data = buf_empty;
	b->len = 0;
	b->alloc = 0;
}

/* Hands the content over to the caller. */
char *buf_detach(struct buf *b, size_t *len)
{
	char *p;

	if (b->alloc == 0)
		buf_grow(b, 0);
	p = b->data;
	if (len)
		*len = b->len;
	b->data = buf_empty;
	b->len = 0;
	b->alloc = 0;
	return p;
}
