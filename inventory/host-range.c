/*
 * host-range.c - host names with ports and ranges; see host-range.h.
 *
 * This follows Ansible's parse_address() and expand_hostname_range() step
 * by step, quirks included (a range is cut at the first '[' and the first
 * ']', a numeric range may be empty, an alphabetic one may not run
 * backwards), because an inventory must expand to the same hosts in crest
 * as in Ansible.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "host-range.h"
#include "inventory-build.h"
#include "base/xmalloc.h"

/* Numbers in a range stay below this, so no arithmetic on them overflows. */
#define RANGE_BOUND 1000000000000000LL

static const char ascii_letters[] =
	"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/* Returns 1 for a character Python's \w matches (non-ASCII taken as
 * letters). */
static int is_word(unsigned char c)
{
	return isalnum(c) || c == '_' || c >= 0x80;
}

/* Returns 1 when s[0..n) is all digits and not empty. */
static int all_digits(const char *s, size_t n)
{
	size_t i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

/* Matches [a-z]:[a-z] or [0-9]+:[0-9]+, then an optional :[0-9]+, then
 * ']' at s (just after a '['); returns the length up to and including
 * the ']', or 0. */
static size_t match_alnum_range(const char *s)
{
	const char *p = s;

	if (isalpha((unsigned char)p[0]) && p[1] == ':' &&
	    isalpha((unsigned char)p[2])) {
		p += 3;
	} else {
		if (!isdigit((unsigned char)*p))
			return 0;
		while (isdigit((unsigned char)*p))
			p++;
		if (*p++ != ':' || !isdigit((unsigned char)*p))
			return 0;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if (*p == ':') {
		p++;
		if (!isdigit((unsigned char)*p))
			return 0;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if (*p != ']')
		return 0;
	return (size_t)(p - s) + 1;
}

/* Returns 1 when s[0..n) is one hostname label: a word character or a
 * range first, then those or '-', not ending in '-' or '_'. */
static int valid_label(const char *s, size_t n)
{
	size_t i = 0, len;
	char last = 0;

	if (n == 0)
		return 0;
	while (i < n) {
		if (s[i] == '[') {
			len = match_alnum_range(s + i + 1);
			if (len == 0 || i + 1 + len > n)
				return 0;
			i += 1 + len;
			last = ']';
			continue;
		}
		if (s[i] == '-' && i > 0) {
			last = s[i++];
			continue;
		}
		if (!is_word((unsigned char)s[i]))
			return 0;
		last = s[i++];
	}
	return last != '-' && last != '_';
}

/* Returns 1 for a host name of dot-separated labels. */
static int valid_hostname(const char *s)
{
	const char *dot;

	for (;;) {
		dot = strchr(s, '.');
		if (!valid_label(s, dot ? (size_t)(dot - s) : strlen(s)))
			return 0;
		if (dot == NULL)
			return 1;
		s = dot + 1;
	}
}

/* Returns 1 for an IPv6 address, hexadecimal ranges standing for one
 * component each. */
static int valid_ipv6(const char *s)
{
	struct in6_addr addr;
	struct buf b = BUF_INIT;
	const char *p = s;
	int ok = 0;

	while (*p) {
		if (*p == '[') {
			const char *q = p + 1;

			while (isxdigit((unsigned char)*q))
				q++;
			if (q == p + 1 || *q != ':')
				goto out;
			q++;
			if (!isxdigit((unsigned char)*q))
				goto out;
			while (isxdigit((unsigned char)*q))
				q++;
			if (*q == ':') {
				q++;
				if (!isdigit((unsigned char)*q))
					goto out;
				while (isdigit((unsigned char)*q))
					q++;
			}
			if (*q != ']')
				goto out;
			buf_addch(&b, '0');
			p = q + 1;
			continue;
		}
		buf_addch(&b, *p++);
	}
	ok = b.len > 0 && inet_pton(AF_INET6, b.data, &addr) == 1;
out:
	buf_release(&b);
	return ok;
}

/* Tells a valid address or host name. */
int host_range_valid_address(const char *s, int allow_ranges)
{
	if (*s == '\0')
		return 0;
	if (!allow_ranges && strchr(s, '['))
		return 0;
	return valid_hostname(s) || valid_ipv6(s);
}

/* Parses digits as a port; fails beyond 65535. */
static int parse_port(const char *digits, unsigned *port, struct error *err)
{
	unsigned long v;

	errno = 0;
	v = strtoul(digits, NULL, 10);
	if (errno == ERANGE || v > 65535)
		return error_set(err, ERROR_INVALID, "port %s is beyond 65535",
				 digits);
	*port = (unsigned)v;
	return 0;
}

/* Matches ^\[(.+)\]:([0-9]+)$; sets the inner part's length and the
 * port's offset. */
static int match_bracketed_port(const char *s, size_t *inner, size_t *digits)
{
	const char *colon = strrchr(s, ':');

	if (s[0] != '[' || colon == NULL || colon - s < 3 || colon[-1] != ']')
		return 0;
	if (!all_digits(colon + 1, strlen(colon + 1)))
		return 0;
	*inner = (size_t)(colon - s) - 2;
	*digits = (size_t)(colon - s) + 1;
	return 1;
}

/* Matches ^((?:[^:\[\]]|\[[^\]]*\])*):([0-9]+)$; sets the host part's
 * length. */
static int match_host_port(const char *s, size_t *host_len)
{
	size_t i = 0;
	const char *close;

	while (s[i] && s[i] != ':') {
		if (s[i] == ']')
			return 0;
		if (s[i] == '[') {
			close = strchr(s + i, ']');
			if (close == NULL)
				return 0;
			i = (size_t)(close - s) + 1;
			continue;
		}
		i++;
	}
	if (s[i] != ':' || !all_digits(s + i + 1, strlen(s + i + 1)))
		return 0;
	*host_len = i;
	return 1;
}

/* Tells whether pattern parses as one address with an optional port. */
int host_range_is_address(const char *pattern)
{
	char *host = xstrdup(pattern), *rest;
	size_t inner, digits, len;
	int ok;

	if (match_bracketed_port(host, &inner, &digits)) {
		rest = xstrndup(host + 1, inner);
		free(host);
		host = rest;
	}
	if (match_host_port(host, &len))
		host[len] = '\0';
	ok = host_range_valid_address(host, 1);
	free(host);
	return ok;
}

/* Splits a port off as Ansible's parse_address() does. */
int host_range_split_port(const char *pattern, int allow_ranges,
			  char **host_out, unsigned *port_out,
			  struct error *err)
{
	char *host = xstrdup(pattern), *rest;
	unsigned port = 0;
	size_t inner, digits, len;
	int rc = -1;

	/* Both forms are tried in turn, the second on what the first left,
	 * as in Ansible. */
	if (match_bracketed_port(host, &inner, &digits)) {
		if (parse_port(host + digits, &port, err) < 0)
			goto out;
		rest = xstrndup(host + 1, inner);
		free(host);
		host = rest;
	}
	if (match_host_port(host, &len)) {
		if (parse_port(host + len + 1, &port, err) < 0)
			goto out;
		host[len] = '\0';
	}
	if (!host_range_valid_address(host, allow_ranges)) {
		/* Not an address: the whole pattern is the name. */
		free(host);
		host = xstrdup(pattern);
		port = 0;
	}
	*host_out = host;
	host = NULL;
	*port_out = port;
	rc = 0;
out:
	free(host);
	return rc;
}

/* A growing list of expanded names. */
struct names {
	char **v;
	size_t n;
	size_t alloc;
};

/* Appends a name, refusing to grow past the cap. */
static int names_push(struct names *names, char *name, struct error *err)
{
	if (names->n >= INVENTORY_MAX_RANGE_HOSTS) {
		free(name);
		return error_set(err, ERROR_INVALID,
				 "host range expands to more than %u hosts",
				 INVENTORY_MAX_RANGE_HOSTS);
	}
	if (names->n == names->alloc) {
		names->alloc = names->alloc ? names->alloc * 2 : 16;
		names->v = xreallocarray(names->v, names->alloc,
					 sizeof(*names->v));
	}
	names->v[names->n++] = name;
	return 0;
}

/* Parses a decimal integer as Python's int() does: blanks around, a sign,
 * single underscores between digits. */
static int py_int(const char *s, long long *out)
{
	const char *p = s;
	int neg = 0, digits = 0;
	long long v = 0;

	while (isspace((unsigned char)*p))
		p++;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	while (*p) {
		if (*p == '_' && digits && isdigit((unsigned char)p[1])) {
			p++;
			continue;
		}
		if (!isdigit((unsigned char)*p))
			break;
		if (v > (LLONG_MAX - 9) / 10)
			return -1;
		v = v * 10 + (*p++ - '0');
		digits++;
	}
	while (isspace((unsigned char)*p))
		p++;
	if (!digits || *p)
		return -1;
	*out = neg ? -v : v;
	return 0;
}

/* Formats x as str(x), or str(x).zfill(width) when width > 0. */
static char *fill_number(long long x, size_t width)
{
	struct buf b = BUF_INIT;
	char digits[32];
	size_t len;

	snprintf(digits, sizeof(digits), "%lld", x < 0 ? -x : x);
	len = strlen(digits) + (x < 0);
	if (x < 0)
		buf_addch(&b, '-');
	while (len < width) {
		buf_addch(&b, '0');
		len++;
	}
	buf_adds(&b, digits);
	return buf_detach(&b, NULL);
}

static int expand(const char *line, struct names *names, struct error *err);

/* Adds head+middle+tail, expanding further ranges in it. */
static int expand_one(const char *head, const char *middle, const char *tail,
		      struct names *names, struct error *err)
{
	char *name = xasprintf("%s%s%s", head, middle, tail);
	int rc;

	if (strchr(name, '[') == NULL)
		return names_push(names, name, err);
	rc = expand(name, names, err);
	free(name);
	return rc;
}

/* Expands the alphabetic range beg..end; returns 1 when it was one. */
static int expand_alpha(const char *beg, const char *end, const char *step,
			const char *head, const char *tail, struct names *names,
			struct error *err, int *rc)
{
	const char *b = strstr(ascii_letters, beg);
	const char *e = strstr(ascii_letters, end);
	long long st, i;
	char letter[2] = {0, 0};

	if (b == NULL || e == NULL || py_int(step, &st) < 0 || st == 0)
		return 0;
	if (b > e) {
		*rc = error_set(err, ERROR_INVALID,
				"host range must have begin <= end");
		return 1;
	}
	*rc = 0;
	if (st < 0)
		return 1; /* a backwards slice of a forward range: empty */
	for (i = b - ascii_letters; i <= e - ascii_letters; i += st) {
		letter[0] = ascii_letters[i];
		*rc = expand_one(head, letter, tail, names, err);
		if (*rc < 0)
			return 1;
	}
	return 1;
}

/* Expands the first range of line, as Ansible's expand_hostname_range(). */
static int expand(const char *line, struct names *names, struct error *err)
{
	char *copy = xstrdup(line), *open, *close, *parts[3], *bounds[4];
	char *p, *tail_end;
	const char *beg, *end, *step;
	long long ib, ie, st, x, count;
	size_t n_parts = 0, n_bounds = 0, width = 0;
	int rc = -1;

	/* line.replace('[', '|', 1).replace(']', '|', 1).split('|') */
	open = strchr(copy, '[');
	if (open)
		*open = '|';
	close = strchr(copy, ']');
	if (close)
		*close = '|';
	p = copy;
	for (;;) {
		tail_end = strchr(p, '|');
		if (n_parts == 3) {
			n_parts++;
			break;
		}
		parts[n_parts++] = p;
		if (tail_end == NULL)
			break;
		*tail_end = '\0';
		p = tail_end + 1;
	}
	if (n_parts != 3) {
		error_set(err, ERROR_INVALID, "bad host range in '%s'", line);
		goto out;
	}
	p = parts[1];
	for (;;) {
		char *colon = strchr(p, ':');

		if (n_bounds == 3) {
			n_bounds++;
			break;
		}
		bounds[n_bounds++] = p;
		if (colon == NULL)
			break;
		*colon = '\0';
		p = colon + 1;
	}
	if (n_bounds != 2 && n_bounds != 3) {
		error_set(err, ERROR_INVALID,
			  "host range must be begin:end or begin:end:step "
			  "in '%s'",
			  line);
		goto out;
	}
	beg = *bounds[0] ? bounds[0] : "0";
	end = bounds[1];
	step = n_bounds == 3 ? bounds[2] : "1";
	if (*end == '\0') {
		error_set(err, ERROR_INVALID,
			  "host range must specify end value in '%s'", line);
		goto out;
	}
	if (beg[0] == '0' && strlen(beg) > 1) {
		width = strlen(beg);
		if (width != strlen(end)) {
			error_set(err, ERROR_INVALID,
				  "host range must specify equal-length begin "
				  "and end formats in '%s'",
				  line);
			goto out;
		}
	}
	if (expand_alpha(beg, end, step, parts[0], parts[2], names, err, &rc))
		goto out;
	if (py_int(beg, &ib) < 0 || py_int(end, &ie) < 0 ||
	    py_int(step, &st) < 0 || st == 0 || llabs(ib) > RANGE_BOUND ||
	    llabs(ie) > RANGE_BOUND || llabs(st) > RANGE_BOUND) {
		error_set(err, ERROR_INVALID, "bad host range in '%s'", line);
		goto out;
	}
	/* range(ib, ie + 1, st), counted first so a huge one fails fast */
	count = st > 0 ? (ie + 1 > ib ? (ie - ib) / st + 1 : 0)
		       : (ie + 1 < ib ? (ib - ie - 2) / -st + 1 : 0);
	if (count < 0 ||
	    (unsigned long long)count > INVENTORY_MAX_RANGE_HOSTS) {
		error_set(err, ERROR_INVALID,
			  "host range expands to more than %u hosts",
			  INVENTORY_MAX_RANGE_HOSTS);
		goto out;
	}
	for (x = ib; count-- > 0; x += st) {
		char *num = fill_number(x, width);

		rc = expand_one(parts[0], num, parts[2], names, err);
		free(num);
		if (rc < 0)
			goto out;
	}
	rc = 0;
out:
	free(copy);
	return rc;
}

/* Expands one host pattern, port first. */
int host_range_expand(const char *pattern, char ***names_out, size_t *n_out,
		      unsigned *port_out, struct error *err)
{
	struct names names = {0};
	char *host = NULL;
	unsigned port = 0;
	int rc = -1;

	if (host_range_split_port(pattern, 1, &host, &port, err) < 0)
		goto out;
	if (strchr(host, '[')) {
		if (expand(host, &names, err) < 0)
			goto out;
	} else {
		names_push(&names, host, err);
		host = NULL;
	}
	*names_out = names.v;
	*n_out = names.n;
	*port_out = port;
	names.v = NULL;
	names.n = 0;
	rc = 0;
out:
	host_range_free(names.v, names.n);
	free(host);
	return rc;
}

/* Frees an expansion. */
void host_range_free(char **names, size_t n)
{
	size_t i;

	if (names == NULL)
		return;
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}
