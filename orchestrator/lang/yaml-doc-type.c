/*
 * yaml-doc-type.c - the type of each node: plain scalars typed by YAML
 * 1.1's rules exactly as PyYAML (and so Ansible) types them, explicit tags
 * honoured or refused.
 *
 * Theory of operation: PyYAML's resolvers are regular expressions tried
 * in order (null, bool, int, float; anything else is a string).  They are
 * written out here as small matchers over the whole text, in the same
 * order, so "yes" is a boolean, "010" octal 8, "190:20:30" base 60, "1e5"
 * a string (a YAML 1.1 float needs a dot and a signed exponent) and
 * "1.0e+5" a float.  An integer beyond 64 bits stays a string rather than
 * losing digits.  An explicit tag either keeps the text a string (!, !!str,
 * Ansible's !unsafe), or must agree with what the plain rules make of the
 * text (!!int abc is refused); !!float also takes an integer.  Vault
 * values, custom tags and collection tags other than !!map and !!seq are
 * refused, as crest has no meaning for them.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/xmalloc.h"
#include "yaml-doc-build.h"

#define TAG_PREFIX "tag:yaml.org,2002:"

/* Returns 1 when s (n bytes) is one of the NULL-terminated words. */
static int is_one_of(const char *s, const char *const *words)
{
	size_t i;

	for (i = 0; words[i]; i++)
		if (strcmp(s, words[i]) == 0)
			return 1;
	return 0;
}

/* Removes the underscores YAML 1.1 allows inside numbers. */
static char *strip_underscores(const char *s)
{
	char *out = xmalloc(strlen(s) + 1), *p = out;

	for (; *s; s++)
		if (*s != '_')
			*p++ = *s;
	*p = '\0';
	return out;
}

/* Returns 1 when every byte of s is in set, and s is not empty. */
static int all_in(const char *s, const char *set)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (strchr(set, *s) == NULL)
			return 0;
	return 1;
}

/* Matches [1-9][0-9_]*(:[0-5]?[0-9])+ after the sign, YAML 1.1's base 60;
 * with frac, the last part may be followed by .[0-9_]*. */
static int is_sexagesimal(const char *s, int frac)
{
	int parts = 0;

	if (*s < '1' || *s > '9')
		return 0;
	while ((*s >= '0' && *s <= '9') || *s == '_')
		s++;
	while (*s == ':') {
		s++;
		if (*s >= '0' && *s <= '5' && s[1] >= '0' && s[1] <= '9')
			s += 2;
		else if (*s >= '0' && *s <= '9')
			s++;
		else
			return 0;
		parts++;
	}
	if (parts == 0)
		return 0;
	if (frac) {
		if (*s != '.')
			return 0;
		s++;
		while ((*s >= '0' && *s <= '9') || *s == '_')
			s++;
	}
	return *s == '\0';
}

/* Computes the value of a base-60 number (sign already removed). */
static double sexagesimal_value(const char *s)
{
	char *copy = strip_underscores(s), *part, *save = NULL;
	double value = 0;

	for (part = strtok_r(copy, ":", &save); part;
	     part = strtok_r(NULL, ":", &save))
		value = value * 60 + strtod(part, NULL);
	free(copy);
	return value;
}

/* Types an integer literal the way PyYAML's int resolver does; returns 1
 * and the value (or 2 when it does not fit 64 bits), or 0. */
static int resolve_int(const char *s, long long *out)
{
	const char *body = s;
	int neg = 0, base = 10;
	char *digits, *end;
	unsigned long long v;
	int rc = 1;

	if (*body == '-' || *body == '+')
		neg = *body++ == '-';
	if (body[0] == '0' && body[1] == 'b' && all_in(body + 2, "01_"))
		base = 2, body += 2;
	else if (body[0] == '0' && body[1] == 'x' &&
		 all_in(body + 2, "0123456789abcdefABCDEF_"))
		base = 16, body += 2;
	else if (body[0] == '0' && all_in(body + 1, "01234567_"))
		base = 8, body += 1;
	else if (strcmp(body, "0") == 0)
		base = 10;
	else if (body[0] >= '1' && body[0] <= '9' &&
		 all_in(body, "0123456789_"))
		base = 10;
	else if (is_sexagesimal(body, 0)) {
		double d = sexagesimal_value(body);

		if (d > 9.2e18)
			return 2;
		*out = neg ? -(long long)d : (long long)d;
		return 1;
	} else
		return 0;
	digits = strip_underscores(body);
	if (*digits == '\0') {
		free(digits);
		*out = 0;
		return 1;
	}
	errno = 0;
	v = strtoull(digits, &end, base);
	if (errno == ERANGE || *end != '\0' ||
	    v > (unsigned long long)LLONG_MAX + (neg ? 1 : 0))
		rc = 2;
	else if (neg)
		*out = v == (unsigned long long)LLONG_MAX + 1 ? LLONG_MIN
							      : -(long long)v;
	else
		*out = (long long)v;
	free(digits);
	return rc;
}

/* Types a float literal the way PyYAML's float resolver does. */
static int resolve_float(const char *s, double *out)
{
	const char *body = s, *p;
	int neg = 0;
	char *digits;

	if (*body == '-' || *body == '+')
		neg = *body++ == '-';
	if (is_one_of(body,
		      (const char *const[]){".inf", ".Inf", ".INF", NULL})) {
		*out = neg ? -INFINITY : INFINITY;
		return 1;
	}
	if (body == s && is_one_of(body, (const char *const[]){".nan", ".NaN",
							       ".NAN", NULL})) {
		*out = NAN;
		return 1;
	}
	if (is_sexagesimal(body, 1)) {
		*out = sexagesimal_value(body);
		if (neg)
			*out = -*out;
		return 1;
	}
	/* [0-9][0-9_]*\.[0-9_]*([eE][-+][0-9]+)? or \.[0-9_]+(...)? */
	p = body;
	if (*p >= '0' && *p <= '9') {
		while ((*p >= '0' && *p <= '9') || *p == '_')
			p++;
		if (*p != '.')
			return 0;
		p++;
		while ((*p >= '0' && *p <= '9') || *p == '_')
			p++;
	} else if (*p == '.' && body == s) {
		p++;
		if (!((*p >= '0' && *p <= '9') || *p == '_'))
			return 0;
		while ((*p >= '0' && *p <= '9') || *p == '_')
			p++;
	} else {
		return 0;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p != '-' && *p != '+')
			return 0;
		p++;
		if (!(*p >= '0' && *p <= '9'))
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p != '\0')
		return 0;
	digits = strip_underscores(s);
	*out = strtod(digits, NULL);
	free(digits);
	return 1;
}

static const char *const bool_true[] = {"yes",	"Yes", "YES", "true", "True",
					"TRUE", "on",  "On",  "ON",   NULL};
static const char *const bool_false[] = {
	"no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF", NULL};
static const char *const null_words[] = {"~", "null", "Null", "NULL", NULL};

/* Gives a plain scalar its YAML 1.1 type. */
void yaml_doc_resolve_plain(struct ynode *node)
{
	long long i;
	int rc;

	node->type = YTYPE_STR;
	if (node->len == 0 || is_one_of(node->str, null_words)) {
		node->type = YTYPE_NULL;
	} else if (is_one_of(node->str, bool_true)) {
		node->type = YTYPE_BOOL;
		node->ival = 1;
	} else if (is_one_of(node->str, bool_false)) {
		node->type = YTYPE_BOOL;
		node->ival = 0;
	} else if ((rc = resolve_int(node->str, &i)) != 0) {
		if (rc == 1) {
			node->type = YTYPE_INT;
			node->ival = i;
		}
		/* Too large for 64 bits: kept as a string. */
	} else if (resolve_float(node->str, &node->fval)) {
		node->type = YTYPE_FLOAT;
	}
}

/* Types a scalar by its explicit tag; fails on a tag crest can't honour. */
int yaml_doc_resolve_tagged(struct ynode *node, const char *tag,
			    struct error *err)
{
	const char *name;

	node->type = YTYPE_STR;
	if (strcmp(tag, "!") == 0 || strcmp(tag, "!unsafe") == 0 ||
	    strcmp(tag, TAG_PREFIX "str") == 0)
		return 0;
	if (strcmp(tag, "!vault") == 0 ||
	    strcmp(tag, "!encrypted/pkcs1-oaep") == 0)
		return ynode_error(node, err,
				   "vault-encrypted values are not supported; "
				   "use secret_file: instead");
	if (strncmp(tag, TAG_PREFIX, strlen(TAG_PREFIX)) != 0)
		return ynode_error(node, err, "unknown tag '%s'", tag);
	name = tag + strlen(TAG_PREFIX);
	yaml_doc_resolve_plain(node);
	if (strcmp(name, "null") == 0 && node->type == YTYPE_NULL)
		return 0;
	if (strcmp(name, "bool") == 0 && node->type == YTYPE_BOOL)
		return 0;
	if (strcmp(name, "int") == 0 && node->type == YTYPE_INT)
		return 0;
	if (strcmp(name, "float") == 0) {
		if (node->type == YTYPE_INT) {
			node->type = YTYPE_FLOAT;
			node->fval = (double)node->ival;
		}
		if (node->type == YTYPE_FLOAT)
			return 0;
	}
	if (strcmp(name, "null") == 0 || strcmp(name, "bool") == 0 ||
	    strcmp(name, "int") == 0 || strcmp(name, "float") == 0)
		return ynode_error(node, err, "'%s' is not a valid !!%s",
				   node->str, name);
	return ynode_error(node, err, "unsupported tag '!!%s' on a scalar",
			   name);
}

/* Checks a collection's tag: only the default ones mean anything here. */
int yaml_doc_check_collection_tag(struct ynode *node, const char *tag,
				  struct error *err)
{
	if (tag == NULL || strcmp(tag, "!") == 0)
		return 0;
	if (node->kind == YNODE_MAP && strcmp(tag, TAG_PREFIX "map") == 0)
		return 0;
	if (node->kind == YNODE_SEQ && strcmp(tag, TAG_PREFIX "seq") == 0)
		return 0;
	return ynode_error(node, err, "unsupported tag '%s'", tag);
}
