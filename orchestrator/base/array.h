/*
 * array.h - growing an array one item at a time in amortised O(1).
 *
 * An array grown only through array_grow() needs no capacity field: its
 * capacity is implied by its length (the next power of two), so a struct
 * keeps just "items" and "n_items".  Shrinking the length is allowed; the
 * spare room is reused.
 */
#ifndef CREST_ARRAY_H
#define CREST_ARRAY_H

#include <stddef.h>

/* Returns v (n items of size bytes, possibly NULL when n is 0) with room
 * for n + 1 items, reallocating when n is 0 or a power of two.  The
 * caller owns the result; aborts on exhaustion like xmalloc. */
void *array_grow(void *v, size_t n, size_t size);

#endif
