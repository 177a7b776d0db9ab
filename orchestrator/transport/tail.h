/*
 * tail.h - the last bytes of an output stream, never more than a bound.
 *
 * A command's stdout and stderr can be of any size; crest keeps only the
 * last `limit` bytes of each (for the terminal, --json and the journal) and
 * counts the rest, so a result can always say that it was cut and by how
 * much.  Memory stays under 2 * limit + the largest single chunk added.
 *
 * Invariants: total counts every byte ever added; after tail_data() the
 * buffer holds min(total, limit) bytes, the newest ones, and is
 * NUL-terminated.  A tail owns its buffer; tail_release() frees it.
 */
#ifndef CREST_TAIL_H
#define CREST_TAIL_H

#include <stddef.h>

#include "base/buf.h"

struct tail {
	struct buf data; /* the newest bytes; may hold up to 2 * limit */
	size_t limit;	 /* bytes kept */
	size_t total;	 /* bytes seen */
};

#define TAIL_INIT(limit_)                                                      \
	{                                                                      \
		BUF_INIT, (limit_), 0                                          \
	}

/* Makes t an empty tail keeping at most limit bytes. */
void tail_init(struct tail *t, size_t limit);

/* Adds n bytes of output at p. */
void tail_add(struct tail *t, const void *p, size_t n);

/* Returns the kept bytes, NUL-terminated (borrowed: valid until the next
 * tail_add or tail_release); *len gets their number. */
const char *tail_data(struct tail *t, size_t *len);

/* Returns 1 when bytes were dropped, 0 when the tail holds everything. */
int tail_cut(const struct tail *t);

/* Frees the buffer; the tail is empty afterwards and keeps its limit. */
void tail_release(struct tail *t);

#endif
