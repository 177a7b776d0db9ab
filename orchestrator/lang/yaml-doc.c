/*
 * yaml-doc.c - the YAML loader; see yaml-doc.h for what it accepts.
 *
 * Theory of operation: libyaml's parser turns the text into events
 * (mapping start, scalar, alias, ...).  A stack of open collections
 * receives them; a finished node is handed to the collection on top of the
 * stack, as an item of a sequence, or alternately as key and value of a
 * mapping.  Anchors are registered when their node is finished, so an
 * alias can only name a complete node and the tree cannot contain a cycle.
 * Every node carries its weight (its size with aliases expanded); the
 * weight brought in through aliases is summed over the document and capped,
 * which stops an alias bomb before anything expands it.  A tab in
 * indentation is found by looking at the line under each event that starts
 * right after the indentation, and at the line libyaml failed on.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <yaml.h>

#include "base/strmap.h"
#include "base/array.h"
#include "base/xmalloc.h"
#include "yaml-doc.h"

#define TAG_PREFIX "tag:yaml.org,2002:"

/* One collection being filled. */
struct frame {
	struct ynode *node;
	struct ynode *key; /* mappings: the key waiting for its value */
	char *anchor;	   /* registered when the collection ends */
};

/* Everything the event loop needs. */
struct loader {
	struct yaml_doc *doc;
	const char *data;
	size_t len;
	size_t *line_starts; /* byte offset of each line */
	size_t n_lines;
	struct frame *stack;
	size_t depth;
	size_t alloc_stack;
	struct strmap anchors;
	size_t alias_weight;
	int documents;
};

/* Makes a node owned by the document. */
static struct ynode *node_new(struct loader *ld, enum ynode_kind kind,
			      yaml_mark_t mark)
{
	struct yaml_doc *doc = ld->doc;
	struct ynode *node = xcalloc(1, sizeof(*node));

	node->kind = kind;
	node->file = doc->file;
	node->line =
		mark.line + 1 > UINT_MAX ? UINT_MAX : (unsigned)mark.line + 1;
	node->column = mark.column + 1 > UINT_MAX ? UINT_MAX
						  : (unsigned)mark.column + 1;
	node->weight = 1;
	if (doc->n_nodes == doc->alloc_nodes) {
		doc->alloc_nodes = doc->alloc_nodes ? doc->alloc_nodes * 2 : 64;
		doc->nodes = xreallocarray(doc->nodes, doc->alloc_nodes,
					   sizeof(*doc->nodes));
	}
	doc->nodes[doc->n_nodes++] = node;
	return node;
}

/* Records the byte offset where each line starts, for the tab check. */
static void index_lines(struct loader *ld)
{
	size_t i, n = 1;

	for (i = 0; i < ld->len; i++)
		if (ld->data[i] == '\n')
			n++;
	ld->line_starts = xcalloc(n, sizeof(*ld->line_starts));
	ld->n_lines = 0;
	ld->line_starts[ld->n_lines++] = 0;
	for (i = 0; i < ld->len; i++)
		if (ld->data[i] == '\n')
			ld->line_starts[ld->n_lines++] = i + 1;
}

/* Returns the 0-based column of the first tab in line's indentation, with
 * *indent set to the indentation's width, or -1 when it has none. */
static long indent_tab(const struct loader *ld, size_t line, size_t *indent)
{
	size_t i, start, end;
	long tab = -1;

	*indent = 0;
	if (line >= ld->n_lines)
		return -1;
	start = ld->line_starts[line];
	end = line + 1 < ld->n_lines ? ld->line_starts[line + 1] : ld->len;
	for (i = start; i < end; i++) {
		if (ld->data[i] == '\t') {
			if (tab < 0)
				tab = (long)(i - start);
		} else if (ld->data[i] != ' ') {
			break;
		}
	}
	*indent = i - start;
	if (i == end || ld->data[i] == '\n' || ld->data[i] == '\r' ||
	    ld->data[i] == '#')
		return -1; /* a blank or comment line indents nothing */
	return tab;
}

/* Fails when the thing starting at mark sits right after an indentation
 * that holds a tab. */
static int check_tab(struct loader *ld, yaml_mark_t mark, struct error *err)
{
	size_t indent;
	long tab = indent_tab(ld, mark.line, &indent);

	if (tab < 0 || mark.column != indent)
		return 0;
	return error_set_at(err, ERROR_INVALID, ld->doc->file,
			    (unsigned)mark.line + 1, (unsigned)tab + 1,
			    "tab character in indentation (YAML indents with "
			    "spaces only)");
}

/* Turns libyaml's failure into an error at its position. */
static int parser_error(struct loader *ld, const yaml_parser_t *parser,
			struct error *err)
{
	yaml_mark_t mark = parser->problem_mark;
	const char *problem = parser->problem ? parser->problem : "bad YAML";
	size_t indent;
	long tab;

	if (parser->error == YAML_READER_ERROR) {
		return error_set_at(err, ERROR_INVALID, ld->doc->file, 0, 0,
				    "not valid text: %s at byte %zu", problem,
				    parser->problem_offset);
	}
	/* A tab in indentation usually surfaces here as a confusing
	 * "found character that cannot start any token". */
	tab = indent_tab(ld, mark.line, &indent);
	if (tab >= 0)
		return error_set_at(err, ERROR_INVALID, ld->doc->file,
				    (unsigned)mark.line + 1, (unsigned)tab + 1,
				    "tab character in indentation (YAML "
				    "indents with spaces only)");
	if (parser->context)
		return error_set_at(
			err, ERROR_INVALID, ld->doc->file,
			(unsigned)mark.line + 1, (unsigned)mark.column + 1,
			"YAML syntax error: %s %s (line %zu)", parser->context,
			problem, parser->context_mark.line + 1);
	return error_set_at(err, ERROR_INVALID, ld->doc->file,
			    (unsigned)mark.line + 1, (unsigned)mark.column + 1,
			    "YAML syntax error: %s", problem);
}

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
static void resolve_plain(struct ynode *node)
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
static int resolve_tagged(struct ynode *node, const char *tag,
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
	resolve_plain(node);
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
static int check_collection_tag(struct ynode *node, const char *tag,
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

/* Returns 1 when a key is the merge key "<<". */
static int is_merge_key(const struct ynode *key)
{
	return key->plain && strcmp(key->str, "<<") == 0;
}

/* Appends a pair to a mapping. */
static void map_push(struct ynode *map, struct ynode *key, struct ynode *value)
{
	map->pairs = array_grow(map->pairs, map->n_pairs, sizeof(*map->pairs));
	map->pairs[map->n_pairs].key = key;
	map->pairs[map->n_pairs].value = value;
	map->n_pairs++;
}

/* Finds a key among the first n pairs; a strmap indexes large mappings. */
static struct ynode_pair *find_pair(struct ynode_pair *pairs, size_t n,
				    const struct strmap *index, const char *key)
{
	size_t i;

	if (index)
		return strmap_get(index, key);
	for (i = 0; i < n; i++)
		if (strcmp(pairs[i].key->str, key) == 0)
			return &pairs[i];
	return NULL;
}

/* Refuses a key written twice in one mapping. */
static int check_duplicates(struct ynode *map, struct error *err)
{
	struct strmap index = STRMAP_INIT;
	struct ynode_pair *first;
	size_t i;
	int rc = -1;

	for (i = 0; i < map->n_pairs; i++) {
		struct ynode *key = map->pairs[i].key;

		if (is_merge_key(key))
			continue;
		first = find_pair(map->pairs, i,
				  map->n_pairs > 8 ? &index : NULL, key->str);
		if (first) {
			ynode_error(key, err,
				    "duplicate key '%s' (first given at "
				    "line %u, column %u)",
				    key->str, first->key->line,
				    first->key->column);
			goto out;
		}
		if (map->n_pairs > 8)
			strmap_put(&index, key->str, &map->pairs[i]);
	}
	rc = 0;
out:
	strmap_release(&index);
	return rc;
}

/* Adds the pairs of merged mapping src not already in dst. */
static void merge_from(struct ynode_pair **dst, size_t *n, struct strmap *seen,
		       const struct ynode *src)
{
	size_t i;

	for (i = 0; i < src->n_pairs; i++) {
		const struct ynode_pair *p = &src->pairs[i];

		if (strmap_get(seen, p->key->str))
			continue;
		*dst = array_grow(*dst, *n, sizeof(**dst));
		(*dst)[*n] = *p;
		strmap_put(seen, p->key->str, &(*dst)[*n]);
		(*n)++;
	}
}

/* Applies "<<" merge keys: explicit keys win, then earlier merged
 * mappings over later ones; merged keys come first, as in PyYAML. */
static int apply_merges(struct ynode *map, struct error *err)
{
	struct strmap seen = STRMAP_INIT;
	struct ynode_pair *merged = NULL, *out_pairs = NULL;
	size_t n_merged = 0, n_out = 0, i, j;
	int rc = -1, any = 0;

	for (i = 0; i < map->n_pairs; i++)
		if (is_merge_key(map->pairs[i].key))
			any = 1;
	if (!any)
		return 0;
	/* Explicit keys first claim their names. */
	for (i = 0; i < map->n_pairs; i++)
		if (!is_merge_key(map->pairs[i].key))
			strmap_put(&seen, map->pairs[i].key->str, map);
	for (i = 0; i < map->n_pairs; i++) {
		const struct ynode *v = map->pairs[i].value;

		if (!is_merge_key(map->pairs[i].key))
			continue;
		if (v->kind == YNODE_MAP) {
			merge_from(&merged, &n_merged, &seen, v);
			continue;
		}
		if (v->kind != YNODE_SEQ) {
			ynode_error(v, err,
				    "'<<' merges a mapping or a list of "
				    "mappings, not %s",
				    ynode_describe(v));
			goto out;
		}
		for (j = 0; j < v->n_items; j++) {
			if (v->items[j]->kind != YNODE_MAP) {
				ynode_error(v->items[j], err,
					    "'<<' merges mappings, not %s",
					    ynode_describe(v->items[j]));
				goto out;
			}
			merge_from(&merged, &n_merged, &seen, v->items[j]);
		}
	}
	out_pairs = xcalloc(n_merged + map->n_pairs, sizeof(*out_pairs));
	for (i = 0; i < n_merged; i++)
		out_pairs[n_out++] = merged[i];
	for (i = 0; i < map->n_pairs; i++)
		if (!is_merge_key(map->pairs[i].key))
			out_pairs[n_out++] = map->pairs[i];
	free(map->pairs);
	map->pairs = out_pairs;
	map->n_pairs = n_out;
	out_pairs = NULL;
	rc = 0;
out:
	free(out_pairs);
	free(merged);
	strmap_release(&seen);
	return rc;
}

/* Hands a finished node to the collection on top of the stack, or makes it
 * the document's root. */
static int attach(struct loader *ld, struct ynode *node, struct error *err)
{
	struct frame *top;

	if (ld->depth == 0) {
		ld->doc->root = node;
		return 0;
	}
	top = &ld->stack[ld->depth - 1];
	top->node->weight += node->weight;
	if (top->node->kind == YNODE_SEQ) {
		top->node->items =
			array_grow(top->node->items, top->node->n_items,
				   sizeof(*top->node->items));
		top->node->items[top->node->n_items++] = node;
		return 0;
	}
	if (top->key == NULL) {
		if (node->kind != YNODE_SCALAR)
			return ynode_error(node, err,
					   "a mapping key must be a plain "
					   "value, not %s",
					   ynode_describe(node));
		top->key = node;
		return 0;
	}
	map_push(top->node, top->key, node);
	top->key = NULL;
	return 0;
}

/* Registers an anchor for a finished node. */
static void anchor_node(struct loader *ld, const char *anchor,
			struct ynode *node)
{
	if (anchor)
		strmap_put(&ld->anchors, anchor, node);
}

/* Handles a scalar event. */
static int on_scalar(struct loader *ld, const yaml_event_t *ev,
		     struct error *err)
{
	struct ynode *node = node_new(ld, YNODE_SCALAR, ev->start_mark);
	const char *tag = (const char *)ev->data.scalar.tag;

	if (memchr(ev->data.scalar.value, '\0', ev->data.scalar.length))
		return ynode_error(node, err, "a string holds a NUL character");
	node->str = xstrndup((const char *)ev->data.scalar.value,
			     ev->data.scalar.length);
	node->len = ev->data.scalar.length;
	node->plain = tag == NULL && ev->data.scalar.plain_implicit &&
		      ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	if (tag && resolve_tagged(node, tag, err) < 0)
		return -1;
	if (node->plain)
		resolve_plain(node);
	anchor_node(ld, (const char *)ev->data.scalar.anchor, node);
	return attach(ld, node, err);
}

/* Handles an alias event: shares the anchored node, counting its weight. */
static int on_alias(struct loader *ld, const yaml_event_t *ev,
		    struct error *err)
{
	const char *name = (const char *)ev->data.alias.anchor;
	struct ynode *target = strmap_get(&ld->anchors, name);
	size_t i;

	if (target == NULL) {
		for (i = 0; i < ld->depth; i++)
			if (ld->stack[i].anchor &&
			    strcmp(ld->stack[i].anchor, name) == 0)
				return error_set_at(
					err, ERROR_INVALID, ld->doc->file,
					(unsigned)ev->start_mark.line + 1,
					(unsigned)ev->start_mark.column + 1,
					"alias '*%s' refers to a node that "
					"contains it",
					name);
		return error_set_at(err, ERROR_INVALID, ld->doc->file,
				    (unsigned)ev->start_mark.line + 1,
				    (unsigned)ev->start_mark.column + 1,
				    "alias '*%s' names no anchor before it",
				    name);
	}
	ld->alias_weight += target->weight;
	if (ld->alias_weight > YAML_DOC_MAX_ALIAS_NODES)
		return error_set_at(err, ERROR_INVALID, ld->doc->file,
				    (unsigned)ev->start_mark.line + 1,
				    (unsigned)ev->start_mark.column + 1,
				    "aliases expand to more than %u nodes "
				    "(an alias bomb?)",
				    YAML_DOC_MAX_ALIAS_NODES);
	return attach(ld, target, err);
}

/* Handles a sequence or mapping start: pushes a new open collection. */
static int on_start(struct loader *ld, const yaml_event_t *ev,
		    enum ynode_kind kind, struct error *err)
{
	struct ynode *node = node_new(ld, kind, ev->start_mark);
	const yaml_char_t *anchor, *tag;

	if (kind == YNODE_SEQ) {
		anchor = ev->data.sequence_start.anchor;
		tag = ev->data.sequence_start.tag;
	} else {
		anchor = ev->data.mapping_start.anchor;
		tag = ev->data.mapping_start.tag;
	}
	if (check_collection_tag(node, (const char *)tag, err) < 0)
		return -1;
	if (ld->depth >= YAML_DOC_MAX_DEPTH)
		return ynode_error(node, err, "nesting deeper than %u levels",
				   YAML_DOC_MAX_DEPTH);
	if (ld->depth == ld->alloc_stack) {
		ld->alloc_stack = ld->alloc_stack ? ld->alloc_stack * 2 : 16;
		ld->stack = xreallocarray(ld->stack, ld->alloc_stack,
					  sizeof(*ld->stack));
	}
	ld->stack[ld->depth].node = node;
	ld->stack[ld->depth].key = NULL;
	ld->stack[ld->depth].anchor = xstrdup((const char *)anchor);
	ld->depth++;
	return 0;
}

/* Handles a sequence or mapping end: finishes the top collection. */
static int on_end(struct loader *ld, struct error *err)
{
	struct frame top = ld->stack[--ld->depth];
	int rc = -1;

	if (top.node->kind == YNODE_MAP) {
		if (check_duplicates(top.node, err) < 0 ||
		    apply_merges(top.node, err) < 0)
			goto out;
	}
	anchor_node(ld, top.anchor, top.node);
	rc = attach(ld, top.node, err);
out:
	free(top.anchor);
	return rc;
}

/* Handles one parser event. */
static int on_event(struct loader *ld, const yaml_event_t *ev,
		    struct error *err)
{
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++ld->documents > 1)
			return error_set_at(err, ERROR_INVALID, ld->doc->file,
					    (unsigned)ev->start_mark.line + 1,
					    (unsigned)ev->start_mark.column + 1,
					    "a second YAML document; crest "
					    "reads one document per file");
		return 0;
	case YAML_SCALAR_EVENT:
		if (check_tab(ld, ev->start_mark, err) < 0)
			return -1;
		return on_scalar(ld, ev, err);
	case YAML_ALIAS_EVENT:
		if (check_tab(ld, ev->start_mark, err) < 0)
			return -1;
		return on_alias(ld, ev, err);
	case YAML_SEQUENCE_START_EVENT:
		if (check_tab(ld, ev->start_mark, err) < 0)
			return -1;
		return on_start(ld, ev, YNODE_SEQ, err);
	case YAML_MAPPING_START_EVENT:
		if (check_tab(ld, ev->start_mark, err) < 0)
			return -1;
		return on_start(ld, ev, YNODE_MAP, err);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return on_end(ld, err);
	default:
		return 0;
	}
}

/* Loads text that is already in memory. */
int yaml_doc_load_buffer(const char *name, const char *data, size_t len,
			 struct yaml_doc **out, struct error *err)
{
	struct loader ld = {0};
	yaml_parser_t parser;
	yaml_event_t event;
	int done = 0, rc = -1, parser_ready = 0;
	size_t i;

	ld.doc = xcalloc(1, sizeof(*ld.doc));
	ld.doc->file = xstrdup(name);
	ld.data = data;
	ld.len = len;
	ld.anchors = (struct strmap)STRMAP_INIT;
	if (len > YAML_DOC_MAX_BYTES) {
		error_set_at(err, ERROR_INVALID, name, 0, 0,
			     "file is larger than %u bytes",
			     YAML_DOC_MAX_BYTES);
		goto out;
	}
	index_lines(&ld);
	if (!yaml_parser_initialize(&parser)) {
		error_set(err, ERROR_INTERNAL, "cannot start the YAML parser");
		goto out;
	}
	parser_ready = 1;
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	while (!done) {
		if (!yaml_parser_parse(&parser, &event)) {
			parser_error(&ld, &parser, err);
			goto out;
		}
		done = event.type == YAML_STREAM_END_EVENT;
		if (on_event(&ld, &event, err) < 0) {
			yaml_event_delete(&event);
			goto out;
		}
		yaml_event_delete(&event);
	}
	*out = ld.doc;
	ld.doc = NULL;
	rc = 0;
out:
	if (parser_ready)
		yaml_parser_delete(&parser);
	for (i = 0; i < ld.depth; i++)
		free(ld.stack[i].anchor);
	free(ld.stack);
	free(ld.line_starts);
	strmap_release(&ld.anchors);
	yaml_doc_free(ld.doc);
	return rc;
}

/* Reads a whole file, refusing one over the size limit. */
static int read_file(const char *path, char **data, size_t *len,
		     struct error *err)
{
	struct buf b = BUF_INIT;
	char chunk[65536];
	FILE *fp;
	size_t n;
	int rc = -1;

	fp = fopen(path, "rb");
	if (fp == NULL)
		return error_set(err, ERROR_SYSTEM, "%s: %s", path,
				 strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		buf_add(&b, chunk, n);
		if (b.len > YAML_DOC_MAX_BYTES) {
			error_set_at(err, ERROR_INVALID, path, 0, 0,
				     "file is larger than %u bytes",
				     YAML_DOC_MAX_BYTES);
			goto out;
		}
	}
	if (ferror(fp)) {
		error_set(err, ERROR_SYSTEM, "%s: %s", path, strerror(errno));
		goto out;
	}
	*data = buf_detach(&b, len);
	rc = 0;
out:
	fclose(fp);
	buf_release(&b);
	return rc;
}

/* Loads a file. */
int yaml_doc_load_file(const char *path, struct yaml_doc **out,
		       struct error *err)
{
	char *data = NULL;
	size_t len = 0;
	int rc;

	if (read_file(path, &data, &len, err) < 0)
		return -1;
	rc = yaml_doc_load_buffer(path, data, len, out, err);
	free(data);
	return rc;
}

/* Frees every node, then the document. */
void yaml_doc_free(struct yaml_doc *doc)
{
	size_t i;

	if (doc == NULL)
		return;
	for (i = 0; i < doc->n_nodes; i++) {
		free(doc->nodes[i]->str);
		free(doc->nodes[i]->items);
		free(doc->nodes[i]->pairs);
		free(doc->nodes[i]);
	}
	free(doc->nodes);
	free(doc->file);
	free(doc);
}

/* Looks a key up in a mapping and returns its pair. */
static const struct ynode_pair *get_pair(const struct ynode *map,
					 const char *key)
{
	size_t i;

	if (map == NULL || map->kind != YNODE_MAP)
		return NULL;
	for (i = 0; i < map->n_pairs; i++)
		if (strcmp(map->pairs[i].key->str, key) == 0)
			return &map->pairs[i];
	return NULL;
}

/* Returns a mapping's value for key. */
const struct ynode *ynode_get(const struct ynode *map, const char *key)
{
	const struct ynode_pair *p = get_pair(map, key);

	return p ? p->value : NULL;
}

/* Returns a mapping's key node for key. */
const struct ynode *ynode_get_key(const struct ynode *map, const char *key)
{
	const struct ynode_pair *p = get_pair(map, key);

	return p ? p->key : NULL;
}

/* Tells a null scalar (or an absent node). */
int ynode_is_null(const struct ynode *node)
{
	return node == NULL ||
	       (node->kind == YNODE_SCALAR && node->type == YTYPE_NULL);
}

/* Tells a string scalar. */
int ynode_is_str(const struct ynode *node)
{
	return node && node->kind == YNODE_SCALAR && node->type == YTYPE_STR;
}

/* Names what a node is, with an article, for messages. */
const char *ynode_describe(const struct ynode *node)
{
	if (node == NULL)
		return "nothing";
	switch (node->kind) {
	case YNODE_SEQ:
		return "a list";
	case YNODE_MAP:
		return "a mapping";
	case YNODE_SCALAR:
		break;
	}
	switch (node->type) {
	case YTYPE_NULL:
		return "null";
	case YTYPE_BOOL:
		return "a boolean";
	case YTYPE_INT:
		return "an integer";
	case YTYPE_FLOAT:
		return "a number";
	case YTYPE_STR:
		break;
	}
	return "a string";
}

/* Records an error at a node. */
int ynode_error(const struct ynode *node, struct error *err, const char *fmt,
		...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	error_set_at(err, ERROR_INVALID, node->file, node->line, node->column,
		     "%s", b.data);
	buf_release(&b);
	return -1;
}

/* Converts a scalar to JSON by its type. */
static json_t *scalar_to_json(const struct ynode *node)
{
	switch (node->type) {
	case YTYPE_NULL:
		return json_null();
	case YTYPE_BOOL:
		return json_boolean(node->ival);
	case YTYPE_INT:
		return json_integer(node->ival);
	case YTYPE_FLOAT:
		if (isfinite(node->fval))
			return json_real(node->fval);
		break;
	case YTYPE_STR:
		break;
	}
	return json_stringn(node->str, node->len);
}

/* Appends a mapping key as Python's json.dumps() writes a key PyYAML
 * typed: "on" is the boolean true, so "true"; 0x10 is 16. */
static char *key_text(const struct ynode *key)
{
	switch (key->type) {
	case YTYPE_BOOL:
		return xstrdup(key->ival ? "true" : "false");
	case YTYPE_NULL:
		return xstrdup("null");
	case YTYPE_INT:
		return xasprintf("%lld", key->ival);
	default:
		return xstrndup(key->str, key->len);
	}
}

/* Converts a node and its children to JSON. */
json_t *ynode_to_json(const struct ynode *node)
{
	json_t *out;
	size_t i;

	if (node == NULL)
		return json_null();
	switch (node->kind) {
	case YNODE_SCALAR:
		out = scalar_to_json(node);
		break;
	case YNODE_SEQ:
		out = json_array();
		for (i = 0; i < node->n_items; i++)
			json_array_append_new(out,
					      ynode_to_json(node->items[i]));
		break;
	case YNODE_MAP:
		out = json_object();
		for (i = 0; i < node->n_pairs; i++) {
			char *key = key_text(node->pairs[i].key);

			json_object_set_new(
				out, key, ynode_to_json(node->pairs[i].value));
			free(key);
		}
		break;
	default:
		out = json_null();
	}
	if (out == NULL) /* invalid UTF-8 cannot reach here: libyaml checks */
		out = json_null();
	return out;
}
