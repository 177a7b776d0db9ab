/*
 * ini-value.c - the value of an INI inventory variable, typed as Ansible
 * types it: with Python's ast.literal_eval(), falling back to the text.
 *
 * So "22" is the integer 22, "True" a boolean, "[1, 'a']" a list,
 * "'quoted'" the string quoted, and "yes", "1.2.3.4", "foo bar" or
 * "0777" (not a Python literal) stay the text as written.  This is a
 * small recursive-descent reader of Python's literal syntax: numbers
 * (with underscores, 0x/0o/0b), strings (prefixes r/u/b, escapes,
 * adjacent literals joined), True/False/None, lists, tuples, dicts, sets,
 * a sign on a number, comments.  Complex numbers and integers beyond 64
 * bits fall back to the text, a deliberate difference noted in
 * docs/inventory.md.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "ini-value.h"
#include "base/xmalloc.h"

/* Deepest nesting read; deeper input falls back to the text. */
#define INI_VALUE_MAX_DEPTH 64

/* The reader's position. */
struct lit {
	const char *p;
	int depth; /* open brackets: newlines are blanks inside them */
};

static json_t *read_value(struct lit *l);

/* Skips blanks and comments (and newlines inside brackets). */
static void skip_blank(struct lit *l)
{
	for (;;) {
		if (*l->p == ' ' || *l->p == '\t' || *l->p == '\f') {
			l->p++;
		} else if (*l->p == '#') {
			while (*l->p && *l->p != '\n')
				l->p++;
		} else if (l->depth > 0 && (*l->p == '\n' || *l->p == '\r')) {
			l->p++;
		} else if (l->p[0] == '\\' && l->p[1] == '\n') {
			l->p += 2;
		} else {
			return;
		}
	}
}

/* Tells a character that may continue a Python name or number. */
static int is_name_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' ||
	       (unsigned char)c >= 0x80;
}

/* Copies digits of the given kind with single underscores between them
 * into out; returns the number of digits, 0 on a misplaced underscore. */
static size_t read_digits(struct lit *l, int (*is_digit)(int), struct buf *out)
{
	size_t n = 0;

	while (is_digit((unsigned char)*l->p) ||
	       (*l->p == '_' && n > 0 && is_digit((unsigned char)l->p[1]))) {
		if (*l->p != '_') {
			buf_addch(out, *l->p);
			n++;
		}
		l->p++;
	}
	return n;
}

/* Tells an octal digit. */
static int is_odigit(int c)
{
	return c >= '0' && c <= '7';
}

/* Tells a binary digit. */
static int is_bdigit(int c)
{
	return c == '0' || c == '1';
}

/* Reads an integer in base 2, 8 or 16 after its 0x/0o/0b. */
static json_t *read_based(struct lit *l, int base)
{
	struct buf digits = BUF_INIT;
	int (*kind)(int) = base == 16  ? isxdigit
			   : base == 8 ? is_odigit
				       : is_bdigit;
	unsigned long long v;
	json_t *out = NULL;

	l->p += 2;
	if (*l->p == '_')
		l->p++;
	if (read_digits(l, kind, &digits) == 0 || is_name_char(*l->p))
		goto out;
	errno = 0;
	v = strtoull(digits.data, NULL, base);
	if (errno == 0 && v <= LLONG_MAX)
		out = json_integer((long long)v);
out:
	buf_release(&digits);
	return out;
}

/* Reads a decimal integer or a float. */
static json_t *read_number(struct lit *l)
{
	struct buf text = BUF_INIT;
	const char *start = l->p;
	int is_float = 0;
	json_t *out = NULL;
	long long v;
	double d;

	if (l->p[0] == '0' && l->p[1] && strchr("xX", l->p[1]))
		return read_based(l, 16);
	if (l->p[0] == '0' && l->p[1] && strchr("oO", l->p[1]))
		return read_based(l, 8);
	if (l->p[0] == '0' && l->p[1] && strchr("bB", l->p[1]))
		return read_based(l, 2);
	read_digits(l, isdigit, &text);
	if (*l->p == '.') {
		is_float = 1;
		buf_addch(&text, *l->p++);
		read_digits(l, isdigit, &text);
	}
	if (*l->p == 'e' || *l->p == 'E') {
		const char *save = l->p;

		buf_addch(&text, 'e');
		l->p++;
		if (*l->p == '+' || *l->p == '-')
			buf_addch(&text, *l->p++);
		if (read_digits(l, isdigit, &text) == 0)
			l->p = save; /* "1e" is no number */
		else
			is_float = 1;
	}
	if (is_name_char(*l->p) || text.len == 0 ||
	    (text.len == 1 && text.data[0] == '.'))
		goto out; /* 1j, 1abc, a lone dot */
	if (!is_float) {
		/* Python refuses leading zeros on a non-zero integer. */
		if (start[0] == '0' && strspn(text.data, "0") != text.len)
			goto out;
		errno = 0;
		v = strtoll(text.data, NULL, 10);
		if (errno == 0)
			out = json_integer(v);
		goto out;
	}
	d = strtod(text.data, NULL);
	if (isfinite(d))
		out = json_real(d);
out:
	buf_release(&text);
	return out;
}

/* Appends code point cp as UTF-8; fails on surrogates and beyond. */
static int add_utf8(struct buf *b, unsigned long cp)
{
	if (cp >= 0xd800 && cp <= 0xdfff)
		return -1;
	if (cp < 0x80) {
		buf_addch(b, (int)cp);
	} else if (cp < 0x800) {
		buf_addch(b, (int)(0xc0 | (cp >> 6)));
		buf_addch(b, (int)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		buf_addch(b, (int)(0xe0 | (cp >> 12)));
		buf_addch(b, (int)(0x80 | ((cp >> 6) & 0x3f)));
		buf_addch(b, (int)(0x80 | (cp & 0x3f)));
	} else if (cp <= 0x10ffff) {
		buf_addch(b, (int)(0xf0 | (cp >> 18)));
		buf_addch(b, (int)(0x80 | ((cp >> 12) & 0x3f)));
		buf_addch(b, (int)(0x80 | ((cp >> 6) & 0x3f)));
		buf_addch(b, (int)(0x80 | (cp & 0x3f)));
	} else {
		return -1;
	}
	return 0;
}

/* Reads exactly n hex digits into *cp. */
static int read_hex(const char *p, int n, unsigned long *cp)
{
	int i;

	*cp = 0;
	for (i = 0; i < n; i++) {
		if (!isxdigit((unsigned char)p[i]))
			return -1;
		*cp = *cp * 16 +
		      (unsigned long)(isdigit((unsigned char)p[i])
					      ? p[i] - '0'
					      : (tolower(p[i]) - 'a' + 10));
	}
	return 0;
}

/* Decodes one backslash escape at p (just after the backslash). */
static int read_escape(const char **pp, int bytes, struct buf *out)
{
	static const char simple[] = "\\\\''\"\"a\ab\bf\fn\nr\rt\tv\v";
	const char *p = *pp, *hit;
	unsigned long cp;
	int i;

	if (*p == '\n') {
		*pp = p + 1;
		return 0;
	}
	for (hit = simple; *hit; hit += 2) {
		if (*hit == *p) {
			buf_addch(out, hit[1]);
			*pp = p + 1;
			return 0;
		}
	}
	if (is_odigit(*p)) {
		for (i = 0, cp = 0; i < 3 && is_odigit(p[i]); i++)
			cp = cp * 8 + (unsigned long)(p[i] - '0');
		*pp = p + i;
		if (bytes) {
			buf_addch(out, (int)(cp & 0xff));
			return 0;
		}
		return add_utf8(out, cp);
	}
	if (*p == 'x') {
		if (read_hex(p + 1, 2, &cp) < 0)
			return -1;
		*pp = p + 3;
		if (bytes) {
			buf_addch(out, (int)cp);
			return 0;
		}
		return add_utf8(out, cp);
	}
	if (!bytes && (*p == 'u' || *p == 'U')) {
		int n = *p == 'u' ? 4 : 8;

		if (read_hex(p + 1, n, &cp) < 0)
			return -1;
		*pp = p + 1 + n;
		return add_utf8(out, cp);
	}
	if (!bytes && *p == 'N')
		return -1; /* \N{NAME}: crest has no table of names */
	/* Anything else keeps its backslash, as Python does. */
	buf_addch(out, '\\');
	return 0;
}

/* Reads one string literal with its prefix; *bytes tells b"". */
static int read_one_string(struct lit *l, struct buf *out, int *bytes)
{
	int raw = 0, triple;
	char quote;

	*bytes = 0;
	while (strchr("rRbBuU", *l->p) && *l->p) {
		if (*l->p == 'r' || *l->p == 'R')
			raw = 1;
		if (*l->p == 'b' || *l->p == 'B')
			*bytes = 1;
		l->p++;
	}
	quote = *l->p;
	if (quote != '\'' && quote != '"')
		return -1;
	triple = l->p[1] == quote && l->p[2] == quote;
	l->p += triple ? 3 : 1;
	for (;;) {
		if (*l->p == '\0')
			return -1;
		if (*l->p == quote &&
		    (!triple || (l->p[1] == quote && l->p[2] == quote))) {
			l->p += triple ? 3 : 1;
			return 0;
		}
		if (!triple && *l->p == '\n')
			return -1;
		if (*bytes && (unsigned char)*l->p >= 0x80)
			return -1;
		if (*l->p == '\\') {
			if (l->p[1] == '\0')
				return -1;
			if (raw) {
				buf_add(out, l->p, 2);
				l->p += 2;
				continue;
			}
			l->p++;
			if (read_escape(&l->p, *bytes, out) < 0)
				return -1;
			continue;
		}
		buf_addch(out, *l->p++);
	}
}

/* Tells whether a string literal (with a prefix) starts at p. */
static int string_starts(const char *p)
{
	size_t i;

	for (i = 0; i < 2 && strchr("rRbBuU", p[i]) && p[i]; i++)
		;
	return p[i] == '\'' || p[i] == '"';
}

/* Reads adjacent string literals, joined as Python joins them. */
static json_t *read_strings(struct lit *l)
{
	struct buf text = BUF_INIT;
	int bytes, first_bytes = -1;
	json_t *out = NULL;

	do {
		if (read_one_string(l, &text, &bytes) < 0)
			goto out;
		if (first_bytes >= 0 && bytes != first_bytes)
			goto out;
		first_bytes = bytes;
		skip_blank(l);
	} while (string_starts(l->p));
	out = json_stringn(text.data, text.len); /* NULL on bad UTF-8 */
out:
	buf_release(&text);
	return out;
}

/* Turns a dict key into the string json.dumps() would write. */
static char *key_text(const json_t *key)
{
	if (json_is_string(key))
		return xstrdup(json_string_value(key));
	if (json_is_integer(key))
		return xasprintf("%lld", (long long)json_integer_value(key));
	if (json_is_real(key))
		return xasprintf("%.17g", json_real_value(key));
	if (json_is_true(key))
		return xstrdup("true");
	if (json_is_false(key))
		return xstrdup("false");
	if (json_is_null(key))
		return xstrdup("null");
	return NULL; /* unhashable */
}

/* Reads the items of a list, tuple, set or dict up to the closing
 * bracket; *n_out counts them and *comma tells whether a comma was seen
 * (so "(1)" is 1 but "(1,)" a tuple). */
static json_t *read_collection(struct lit *l, char close, size_t *n_out,
			       int *comma)
{
	json_t *out = NULL, *item = NULL, *value = NULL;
	int is_dict = -1;
	char *key = NULL;

	*n_out = 0;
	*comma = 0;
	if (++l->depth > INI_VALUE_MAX_DEPTH)
		return NULL;
	l->p++;
	for (;;) {
		skip_blank(l);
		if (*l->p == close) {
			l->p++;
			break;
		}
		item = read_value(l);
		if (item == NULL)
			goto fail;
		skip_blank(l);
		if (is_dict < 0) {
			is_dict = close == '}' && *l->p == ':';
			out = is_dict ? json_object() : json_array();
		}
		if (is_dict) {
			if (*l->p != ':')
				goto fail;
			l->p++;
			key = key_text(item);
			json_decref(item);
			item = NULL;
			if (key == NULL || (value = read_value(l)) == NULL)
				goto fail;
			json_object_set_new(out, key, value);
			value = NULL;
			free(key);
			key = NULL;
		} else {
			/* Sets have no JSON form; they are written as lists. */
			json_array_append_new(out, item);
			item = NULL;
		}
		(*n_out)++;
		skip_blank(l);
		if (*l->p == ',') {
			l->p++;
			*comma = 1;
			continue;
		}
		if (*l->p != close)
			goto fail;
	}
	l->depth--;
	if (out == NULL)
		out = close == '}' ? json_object() : json_array();
	return out;
fail:
	free(key);
	json_decref(item);
	json_decref(value);
	json_decref(out);
	return NULL;
}

/* Reads a number after an optional sign. */
static json_t *read_signed(struct lit *l)
{
	int neg = *l->p == '-';
	json_t *v;

	l->p++;
	skip_blank(l);
	if (!isdigit((unsigned char)*l->p) &&
	    !(*l->p == '.' && isdigit((unsigned char)l->p[1])))
		return NULL;
	v = read_number(l);
	if (v == NULL || !neg)
		return v;
	if (json_is_integer(v))
		json_integer_set(v, -json_integer_value(v));
	else
		json_real_set(v, -json_real_value(v));
	return v;
}

/* Reads a bare name: True, False, None, or set() for an empty set. */
static json_t *read_name(struct lit *l)
{
	const char *start = l->p;
	size_t n;

	while (is_name_char(*l->p))
		l->p++;
	n = (size_t)(l->p - start);
	if (n == 4 && strncmp(start, "True", 4) == 0)
		return json_true();
	if (n == 5 && strncmp(start, "False", 5) == 0)
		return json_false();
	if (n == 4 && strncmp(start, "None", 4) == 0)
		return json_null();
	if (n == 3 && strncmp(start, "set", 3) == 0) {
		skip_blank(l);
		if (*l->p++ != '(')
			return NULL;
		skip_blank(l);
		if (*l->p++ != ')')
			return NULL;
		return json_array();
	}
	return NULL;
}

/* Reads any literal. */
static json_t *read_value(struct lit *l)
{
	size_t n;
	int comma;
	json_t *v;

	skip_blank(l);
	if (*l->p == '+' || *l->p == '-')
		return read_signed(l);
	if (isdigit((unsigned char)*l->p) ||
	    (*l->p == '.' && isdigit((unsigned char)l->p[1])))
		return read_number(l);
	if (string_starts(l->p))
		return read_strings(l);
	if (*l->p == '[')
		return read_collection(l, ']', &n, &comma);
	if (*l->p == '{')
		return read_collection(l, '}', &n, &comma);
	if (*l->p == '(') {
		v = read_collection(l, ')', &n, &comma);
		if (v && n == 1 && !comma) {
			/* Parentheses around one value, not a tuple. */
			json_t *inner = json_incref(json_array_get(v, 0));

			json_decref(v);
			return inner;
		}
		return v;
	}
	if (isalpha((unsigned char)*l->p) || *l->p == '_')
		return read_name(l);
	return NULL;
}

/* Types an INI value, falling back to its text. */
json_t *ini_value_parse(const char *text)
{
	struct lit l = {text, 0};
	json_t *v;

	while (*l.p == ' ' || *l.p == '\t')
		l.p++;
	v = read_value(&l);
	if (v) {
		skip_blank(&l);
		while (*l.p == '\n' || *l.p == '\r')
			l.p++;
		if (*l.p == '\0')
			return v;
		json_decref(v);
	}
	v = json_string(text);
	return v ? v : json_string("");
}
