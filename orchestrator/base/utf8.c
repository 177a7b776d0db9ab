/*
 * utf8.c - replacing invalid UTF-8 with U+FFFD; see utf8.h.
 */
#include "utf8.h"

/* Returns the length of the valid UTF-8 sequence at s (at most len bytes
 * available), or 0 when s does not start one (RFC 3629, table 3-7 of the
 * Unicode standard). */
static size_t utf8_valid_length(const unsigned char *s, size_t len)
{
	unsigned char c = s[0];
	size_t n, i;
	unsigned char lo = 0x80, hi = 0xbf;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4;
	else
		return 0;
	if (len < n)
		return 0;
	/* The second byte's range is narrower after some lead bytes. */
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return n;
}

/* Copies valid sequences, replaces every other byte. */
size_t utf8_sanitize(struct buf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, start = 0, n, bad = 0;

	buf_grow(out, len);
	while (i < len) {
		n = utf8_valid_length(p + i, len - i);
		if (n) {
			i += n;
			continue;
		}
		buf_add(out, s + start, i - start);
		buf_adds(out, "\xef\xbf\xbd");
		bad++;
		i++;
		start = i;
	}
	buf_add(out, s + start, i - start);
	return bad;
}
