/*
 * calendar-parser.c - the cursor of the calendar parser and its errors;
 * see calendar-parser.h.
 */
#include <stdarg.h>
#include <string.h>

#include "calendar-parser.h"

/* Returns c in lower case, for ASCII only (no locale). */
int calendar_parser_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Tells whether the n bytes at s equal word, ignoring ASCII case. */
int calendar_parser_word_is(const char *s, size_t n, const char *word)
{
	size_t i;

	if (strlen(word) != n)
		return 0;
	for (i = 0; i < n; i++)
		if (calendar_parser_lower((unsigned char)s[i]) != word[i])
			return 0;
	return 1;
}

/* Returns the byte at i, or '\0' at or past the end of the part. */
char calendar_parser_at(const struct calendar_parser *p, size_t i)
{
	return i < p->end ? p->expr[i] : '\0';
}

/* Tells ASCII digits, without the locale isdigit() consults. */
int calendar_parser_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Tells ASCII letters. */
int calendar_parser_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Appends s quoted for a message: control characters become '?', and a
 * long expression is cut. */
static void add_quoted(struct buf *b, const char *s, size_t n)
{
	size_t i;

	buf_addch(b, '\'');
	for (i = 0; i < n && i < 100; i++)
		buf_addch(b, (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?'
									: s[i]);
	if (i < n)
		buf_adds(b, "...");
	buf_addch(b, '\'');
}

/* Counts characters (not UTF-8 continuation bytes) for the column. */
int calendar_parser_fail(struct calendar_parser *p, size_t where,
			 const char *fmt, ...)
{
	struct buf msg = BUF_INIT;
	unsigned column = 1;
	va_list ap;
	size_t i;

	for (i = 0; i < where && p->expr[i] != '\0'; i++)
		if (((unsigned char)p->expr[i] & 0xc0) != 0x80)
			column++;
	buf_adds(&msg, "calendar ");
	add_quoted(&msg, p->expr, strlen(p->expr));
	if (p->origin == NULL)
		buf_addf(&msg, ": column %u", column);
	buf_adds(&msg, ": ");
	va_start(ap, fmt);
	buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	if (p->origin != NULL)
		error_set_at(p->err, ERROR_INVALID, p->origin->file,
			     p->origin->line, p->origin->column + column - 1,
			     "%s", msg.data);
	else
		error_set_at(p->err, ERROR_INVALID, NULL, 1, column, "%s",
			     msg.data);
	buf_release(&msg);
	return -1;
}

/* Returns the length of the word at i: up to a space or the end. */
size_t calendar_parser_word_length(const struct calendar_parser *p, size_t i)
{
	size_t n = 0;

	while (calendar_parser_at(p, i + n) != '\0' &&
	       calendar_parser_at(p, i + n) != ' ')
		n++;
	return n;
}

/* Reports what stands at i when something else was expected there. */
int calendar_parser_unexpected(struct calendar_parser *p, size_t i,
			       const char *expected)
{
	struct buf word = BUF_INIT;
	size_t n = calendar_parser_word_length(p, i), j = i;
	int ret;

	while (calendar_parser_at(p, j) == ' ')
		j++;
	if (p->zone_word != 0 && j >= p->zone_word)
		return calendar_parser_fail(p, p->zone_word,
					    "unknown time zone '%s'",
					    p->expr + p->zone_word);
	if (calendar_parser_at(p, i) == '\0')
		return calendar_parser_fail(p, i, "expected %s at the end",
					    expected);
	if (calendar_parser_at(p, j) == '\0')
		return calendar_parser_fail(
			p, i, "expected %s, not a space at the end", expected);
	if (calendar_parser_at(p, i) == ' ')
		n = j - i + calendar_parser_word_length(p, j);
	add_quoted(&word, p->expr + i, n ? n : 1);
	ret = calendar_parser_fail(p, i, "expected %s, not %s", expected,
				   word.data);
	buf_release(&word);
	return ret;
}
