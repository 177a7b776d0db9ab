/*
 * vars-ref.c - reading variable references and looking them up; see
 * vars-ref.h.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "vars-ref.h"
#include "base/buf.h"
#include "base/xmalloc.h"

/* Returns the length of the identifier (or, when digits is set, the
 * identifier or index) at s, at most n bytes, or 0. */
static size_t word_length(const char *s, size_t n, int digits)
{
	size_t i = 0;

	if (n == 0)
		return 0;
	if (!isalpha((unsigned char)s[0]) && s[0] != '_' &&
	    !(digits && isdigit((unsigned char)s[0])))
		return 0;
	while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '_'))
		i++;
	return i;
}

/* Returns the length of a ["key"] part at s, at most n bytes, or 0. */
static size_t bracket_length(const char *s, size_t n)
{
	const char *close;
	char q;

	if (n < 4 || s[0] != '[' || (s[1] != '"' && s[1] != '\''))
		return 0;
	q = s[1];
	close = memchr(s + 2, q, n - 2);
	if (close == NULL || close == s + 2 || (size_t)(close - s) + 1 >= n ||
	    close[1] != ']')
		return 0;
	return (size_t)(close - s) + 2;
}

/* Measures a reference. */
size_t vars_ref_length(const char *s, size_t n)
{
	size_t pos = word_length(s, n, 0), k;

	if (pos == 0)
		return 0;
	while (pos < n) {
		if (s[pos] == '.' &&
		    (k = word_length(s + pos + 1, n - pos - 1, 1)) > 0)
			pos += 1 + k;
		else if ((k = bracket_length(s + pos, n - pos)) > 0)
			pos += k;
		else
			break;
	}
	return pos;
}

/* Steps to the next part. */
int vars_ref_next(const char *s, size_t n, size_t *pos,
		  struct vars_ref_part *part)
{
	size_t p = *pos, k;

	if (p >= n)
		return 0;
	if (s[p] == '[') {
		k = bracket_length(s + p, n - p);
		part->s = s + p + 2;
		part->n = k - 4;
		part->quoted = 1;
		*pos = p + k;
		return 1;
	}
	if (s[p] == '.')
		p++;
	k = word_length(s + p, n - p, p > 0);
	part->s = s + p;
	part->n = k;
	part->quoted = 0;
	*pos = p + k;
	return k > 0;
}

/* Looks up a reference inside root. */
const json_t *vars_ref_get(const json_t *root, const char *ref, size_t n)
{
	struct vars_ref_part part;
	const json_t *cur = root;
	size_t pos = 0;
	char *key, *stop;
	unsigned long idx;

	if (vars_ref_length(ref, n) != n)
		return NULL;
	while (cur && vars_ref_next(ref, n, &pos, &part)) {
		key = xstrndup(part.s, part.n);
		if (json_is_object(cur)) {
			cur = json_object_get(cur, key);
		} else if (json_is_array(cur) && !part.quoted &&
			   isdigit((unsigned char)key[0])) {
			idx = strtoul(key, &stop, 10);
			cur = *stop ? NULL : json_array_get(cur, idx);
		} else {
			cur = NULL;
		}
		free(key);
	}
	return cur;
}

/* Writes a reference with dots. */
char *vars_ref_dotted(const char *ref, size_t n)
{
	struct vars_ref_part part;
	struct buf b = BUF_INIT;
	size_t pos = 0;

	if (vars_ref_length(ref, n) != n)
		return xstrndup(ref, n);
	while (vars_ref_next(ref, n, &pos, &part)) {
		if (b.len > 0)
			buf_addch(&b, '.');
		buf_add(&b, part.s, part.n);
	}
	return buf_detach(&b, NULL);
}
