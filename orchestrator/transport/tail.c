/*
 * tail.c - bounded tail of an output stream; see tail.h.
 */
#include <string.h>

#include "tail.h"

/* Starts an empty tail. */
void tail_init(struct tail *t, size_t limit)
{
	struct buf empty = BUF_INIT;

	t->data = empty;
	t->limit = limit;
	t->total = 0;
}

/* Drops all but the newest limit bytes, in place. */
static void tail_trim(struct tail *t)
{
	size_t drop;

	if (t->data.len <= t->limit)
		return;
	drop = t->data.len - t->limit;
	memmove(t->data.data, t->data.data + drop, t->limit);
	buf_truncate(&t->data, t->limit);
}

/* Appends output, trimming only when twice the limit is reached so that
 * the cost per byte stays constant. */
void tail_add(struct tail *t, const void *p, size_t n)
{
	const char *bytes = p;

	t->total += n;
	if (n >= t->limit) {
		buf_reset(&t->data);
		buf_add(&t->data, bytes + (n - t->limit), t->limit);
		return;
	}
	buf_add(&t->data, bytes, n);
	if (t->data.len >= 2 * t->limit)
		tail_trim(t);
}

/* Trims to the limit and returns what is kept. */
const char *tail_data(struct tail *t, size_t *len)
{
	tail_trim(t);
	if (len)
		*len = t->data.len;
	return t->data.data;
}

/* Whether anything was dropped. */
int tail_cut(const struct tail *t)
{
	return t->total > t->limit;
}

/* Frees the kept bytes. */
void tail_release(struct tail *t)
{
	buf_release(&t->data);
	t->total = 0;
}
