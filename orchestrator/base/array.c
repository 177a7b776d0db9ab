/*
 * array.c - amortised growth of length-only arrays; see array.h.
 */
#include "array.h"
#include "xmalloc.h"

/* Doubles the room at each power of two, so a push is O(1) amortised. */
void *array_grow(void *v, size_t n, size_t size)
{
	if (n == 0)
		return xreallocarray(v, 1, size);
	if ((n & (n - 1)) == 0)
		return xreallocarray(v, n * 2, size);
	return v;
}
