/*
 * quote.c - quoting values for a remote POSIX sh; see quote.h.
 */
#include <string.h>

#include "quote.h"

/* Says whether c can stand bare in a sh word: no shell gives it a meaning
 * (not even '=' or '~', which mean something at the start of a word). */
static int quote_is_plain(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return 1;
	return c != '\0' && strchr("_-./:@%+,", c) != NULL;
}

/* Appends one sh word holding exactly the len bytes at s. */
int quote_sh(struct buf *out, const char *s, size_t len, struct error *err)
{
	size_t i;
	int plain = len > 0;

	if (memchr(s, '\0', len) != NULL)
		return error_set(err, ERROR_INVALID,
				 "a value holds a NUL byte, which no shell "
				 "command can carry");
	for (i = 0; i < len && plain; i++)
		plain = quote_is_plain((unsigned char)s[i]);
	if (plain) {
		buf_add(out, s, len);
		return 0;
	}
	buf_grow(out, len + 2);
	buf_addch(out, '\'');
	for (i = 0; i < len; i++) {
		if (s[i] == '\'')
			/* Close the quotes, add an escaped quote, reopen. */
			buf_adds(out, "'\\''");
		else
			buf_addch(out, s[i]);
	}
	buf_addch(out, '\'');
	return 0;
}

/* Quotes a C string, which cannot hold a NUL. */
void quote_sh_str(struct buf *out, const char *s)
{
	struct error err = ERROR_INIT;

	quote_sh(out, s, strlen(s), &err);
}

/* Quotes each word of an argument vector. */
void quote_sh_argv(struct buf *out, char *const *argv, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_addch(out, ' ');
		quote_sh_str(out, argv[i]);
	}
}
