/*
 * xmalloc.c - allocation wrappers that abort on exhaustion.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

/* Says why crest stops and stops it. */
static void out_of_memory(size_t size)
{
	fprintf(stderr, "crest: out of memory allocating %zu bytes\n", size);
	abort();
}

/* Returns zeroed memory or aborts. */
void *xcalloc(size_t n, size_t size)
{
	void *p;

	if (n == 0 || size == 0)
		n = size = 1;
	p = calloc(n, size);
	if (p == NULL)
		out_of_memory(n * size);
	return p;
}

/* Returns memory or aborts. */
void *xmalloc(size_t size)
{
	void *p;

	if (size == 0)
		size = 1;
	p = malloc(size);
	if (p == NULL)
		out_of_memory(size);
	return p;
}

/* Resizes memory, checking the multiplication, or aborts. */
void *xreallocarray(void *p, size_t n, size_t size)
{
	void *q;

	if (size != 0 && n > SIZE_MAX / size)
		out_of_memory(SIZE_MAX);
	if (n == 0 || size == 0)
		n = size = 1;
	q = realloc(p, n * size);
	if (q == NULL)
		out_of_memory(n * size);
	return q;
}

/* Duplicates a string or aborts. */
char *xstrdup(const char *s)
{
	if (s == NULL)
		return NULL;
	return xstrndup(s, strlen(s));
}

/* Duplicates a prefix of a string or aborts. */
char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* Formats into new memory or aborts. */
char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&p, fmt, ap);
	va_end(ap);
	if (n < 0)
		out_of_memory(0);
	return p;
}
