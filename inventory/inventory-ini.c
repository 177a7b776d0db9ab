/*
 * inventory-ini.c - INI inventories in Ansible's format:
 *
 *	bastion.example.com
 *	[web]
 *	web[01:20].example.com ansible_user=deploy
 *	[db]
 *	db-[a:f] ansible_port=2222
 *	[prod:children]
 *	web
 *	db
 *	[prod:vars]
 *	ntp_server=ntp1.example.com
 *
 * This follows Ansible's ini inventory plugin line by line: hosts before
 * any section are "ungrouped"; a host line is split like a shell line
 * (quotes, backslashes, '#' comments) into a host pattern and key=value
 * pairs; values are typed as Python literals (ini-value.c); a group named
 * in [x:children] may be declared later in the file, and [x:vars] needs x
 * declared somewhere.  Errors carry file:line:column.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "host-range.h"
#include "ini-value.h"
#include "inventory-build.h"
#include "base/array.h"
#include "base/xmalloc.h"

/* Deepest chain of forward [x:children] references resolved at once. */
#define INI_MAX_PENDING_DEPTH 10000

enum ini_state {
	INI_HOSTS,
	INI_CHILDREN,
	INI_VARS,
};

/* A group named before it was declared. */
struct pending {
	char *name;
	unsigned line;
	enum ini_state state; /* INI_VARS or INI_CHILDREN */
	char **parents;	      /* groups that named it as a child */
	size_t n_parents;
	int done;
};

/* The parser's state across lines. */
struct ini {
	struct inventory *inv;
	const char *file;
	unsigned line;
	unsigned column;
	struct pending *pending;
	size_t n_pending;
};

/* Records an error at the current line. */
static int ini_error(struct ini *ini, struct error *err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Records an error at the current line and column. */
static int ini_error(struct ini *ini, struct error *err, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	error_set_at(err, ERROR_INVALID, ini->file, ini->line, ini->column,
		     "%s", b.data);
	buf_release(&b);
	return -1;
}

/* Adds the current position to an error raised without one. */
static int ini_locate(struct ini *ini, struct error *err)
{
	char *msg = err->message;

	err->message = NULL;
	ini_error(ini, err, "%s", msg ? msg : "invalid inventory");
	free(msg);
	return -1;
}

/* Tells the characters Python's str.strip() removes (ASCII ones). */
static int is_strip_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f' || (c >= 0x1c && c <= 0x1f);
}

/* Tells a character of Python's \w. */
static int is_word(unsigned char c)
{
	return isalnum(c) || c == '_' || c >= 0x80;
}

/* Matches Ansible's section pattern, ^\[([^:\]\s]+)(?::(\w+))?\]\s*(#.*)?$,
 * returning the name and the tag (NULL when none) as new strings. */
static int match_section(const char *line, char **name, char **tag)
{
	const char *p = line + 1, *n0, *t0 = NULL, *t1 = NULL;
	size_t nlen;

	if (line[0] != '[')
		return 0;
	n0 = p;
	while (*p && *p != ':' && *p != ']' && !isspace((unsigned char)*p))
		p++;
	nlen = (size_t)(p - n0);
	if (nlen == 0)
		return 0;
	if (*p == ':') {
		t0 = ++p;
		while (is_word((unsigned char)*p))
			p++;
		t1 = p;
		if (t1 == t0)
			return 0;
	}
	if (*p++ != ']')
		return 0;
	while (isspace((unsigned char)*p))
		p++;
	if (*p && *p != '#')
		return 0;
	*name = xstrndup(n0, nlen);
	*tag = t0 ? xstrndup(t0, (size_t)(t1 - t0)) : NULL;
	return 1;
}

/* Matches Ansible's group name line, ^([^:\]\s]+)\s*(#.*)?$. */
static char *match_group_name(const char *line)
{
	const char *p = line;
	size_t n;

	while (*p && *p != ':' && *p != ']' && !isspace((unsigned char)*p))
		p++;
	n = (size_t)(p - line);
	while (isspace((unsigned char)*p))
		p++;
	if (n == 0 || (*p && *p != '#'))
		return NULL;
	return xstrndup(line, n);
}

/* A list of words from a shell-like split. */
struct words {
	char **v;
	size_t n;
};

/* Frees split words. */
static void words_free(struct words *w)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		free(w->v[i]);
	free(w->v);
	w->v = NULL;
	w->n = 0;
}

/* Ends the current word into w. */
static void words_push(struct words *w, struct buf *word)
{
	w->v = array_grow(w->v, w->n, sizeof(*w->v));
	w->v[w->n++] = buf_detach(word, NULL);
}

/* Splits a line as Python's shlex.split(line, comments=True): quotes,
 * backslash escapes (inside double quotes only before '"' and '\'), and
 * '#' starting a comment wherever a word may continue.  Returns 0, or -1
 * with *problem set. */
static int shell_split(const char *line, struct words *out,
		       const char **problem)
{
	struct buf word = BUF_INIT;
	const char *p = line;
	int in_word = 0, quoted = 0;
	char quote = 0;

	for (;; p++) {
		char c = *p;

		if (quote) {
			if (c == '\0') {
				*problem = "No closing quotation";
				goto fail;
			}
			if (c == quote) {
				quote = 0;
			} else if (c == '\\' && quote == '"') {
				if (p[1] == '\0') {
					*problem = "No closing quotation";
					goto fail;
				}
				if (p[1] != '"' && p[1] != '\\')
					buf_addch(&word, '\\');
				buf_addch(&word, *++p);
			} else {
				buf_addch(&word, c);
			}
			continue;
		}
		if (c == '\0' || c == '#' || c == ' ' || c == '\t' ||
		    c == '\r' || c == '\n') {
			if (in_word && (word.len > 0 || quoted))
				words_push(out, &word);
			buf_reset(&word);
			in_word = quoted = 0;
			if (c == '\0' || c == '#')
				break;
			continue;
		}
		in_word = 1;
		if (c == '\'' || c == '"') {
			quote = c;
			quoted = 1;
		} else if (c == '\\') {
			if (p[1] == '\0') {
				*problem = "No escaped character";
				goto fail;
			}
			buf_addch(&word, *++p);
		} else {
			buf_addch(&word, c);
		}
	}
	buf_release(&word);
	return 0;
fail:
	buf_release(&word);
	words_free(out);
	return -1;
}

/* Returns the pending declaration of name, or NULL. */
static struct pending *find_pending(struct ini *ini, const char *name)
{
	size_t i;

	for (i = 0; i < ini->n_pending; i++)
		if (!ini->pending[i].done &&
		    strcmp(ini->pending[i].name, name) == 0)
			return &ini->pending[i];
	return NULL;
}

/* Notes a group named before its declaration. */
static struct pending *add_pending(struct ini *ini, const char *name,
				   enum ini_state state)
{
	struct pending *p;

	ini->pending =
		array_grow(ini->pending, ini->n_pending, sizeof(*ini->pending));
	p = &ini->pending[ini->n_pending++];
	memset(p, 0, sizeof(*p));
	p->name = xstrdup(name);
	p->line = ini->line;
	p->state = state;
	return p;
}

/* Links a group declared late under the parents that named it, and on up
 * through parents that were themselves waiting (Ansible's
 * _add_pending_children). */
static int resolve_pending(struct ini *ini, const char *name, int depth,
			   struct error *err)
{
	struct pending *p = find_pending(ini, name);
	struct group *child = inventory_group(ini->inv, name);
	size_t i;

	if (depth > INI_MAX_PENDING_DEPTH)
		return ini_error(ini, err, "groups nest too deeply");
	for (i = 0; i < p->n_parents; i++) {
		struct group *parent = inventory_group(ini->inv, p->parents[i]);
		struct pending *pp;

		if (inventory_add_child(ini->inv, parent, child, err) < 0)
			return ini_locate(ini, err);
		pp = find_pending(ini, p->parents[i]);
		if (pp && pp->state == INI_CHILDREN &&
		    resolve_pending(ini, pp->name, depth + 1, err) < 0)
			return -1;
		/* The recursion may have moved the array. */
		p = find_pending(ini, name);
		if (p == NULL)
			return 0;
	}
	p->done = 1;
	return 0;
}

/* Handles a [group] or [group:children] or [group:vars] line. */
static int on_section(struct ini *ini, const char *name, const char *tag,
		      enum ini_state *state, struct error *err)
{
	struct pending *p;

	if (tag == NULL || strcmp(tag, "hosts") == 0)
		*state = INI_HOSTS;
	else if (strcmp(tag, "children") == 0)
		*state = INI_CHILDREN;
	else if (strcmp(tag, "vars") == 0)
		*state = INI_VARS;
	else
		return ini_error(ini, err,
				 "section [%s:%s] has unknown type '%s' (use "
				 "[%s], [%s:children] or [%s:vars])",
				 name, tag, tag, name, name, name);
	if (inventory_group(ini->inv, name) == NULL) {
		if (*state == INI_VARS && find_pending(ini, name) == NULL)
			add_pending(ini, name, INI_VARS);
		inventory_add_group(ini->inv, name);
	}
	p = find_pending(ini, name);
	if (p && *state != INI_VARS) {
		if (p->state == INI_CHILDREN)
			return resolve_pending(ini, name, 0, err);
		p->done = 1;
	}
	return 0;
}

/* Handles a host line: a host pattern, then key=value pairs. */
static int on_host(struct ini *ini, const char *line, const char *group_name,
		   struct error *err)
{
	struct group *group = inventory_group(ini->inv, group_name);
	struct words w = {0};
	const char *problem = NULL;
	char **names = NULL, *eq;
	size_t n = 0, i, j, len;
	unsigned port = 0;
	int rc = -1;

	if (shell_split(line, &w, &problem) < 0)
		return ini_error(ini, err, "cannot parse host line: %s",
				 problem);
	if (w.n == 0 || w.v[0][0] == '\0') {
		ini_error(ini, err, "empty host name");
		goto out;
	}
	for (i = 1; i < w.n; i++) {
		if (strchr(w.v[i], '=') == NULL) {
			ini_error(ini, err,
				  "expected key=value after the host name, "
				  "got '%s'",
				  w.v[i]);
			goto out;
		}
	}
	if (host_range_expand(w.v[0], &names, &n, &port, err) < 0) {
		ini_locate(ini, err);
		goto out;
	}
	if (inventory_check_room(ini->inv, n, err) < 0) {
		ini_locate(ini, err);
		goto out;
	}
	len = strlen(w.v[0]);
	if (port == 0 && len > 0 && w.v[0][len - 1] == ':') {
		ini_error(ini, err,
			  "host '%s' ends in ':', which is reserved for a "
			  "port",
			  w.v[0]);
		goto out;
	}
	for (i = 0; i < n; i++) {
		struct host *h;

		if (strcmp(names[i], "---") == 0) {
			ini_error(ini, err,
				  "host '---' looks like the start of a YAML "
				  "file; give YAML inventories a .yml name");
			goto out;
		}
		h = inventory_add_host(ini->inv, names[i], group, port);
		for (j = 1; j < w.n; j++) {
			eq = strchr(w.v[j], '=');
			*eq = '\0';
			inventory_host_set_var(h, w.v[j],
					       ini_value_parse(eq + 1));
			*eq = '=';
		}
	}
	rc = 0;
out:
	host_range_free(names, n);
	words_free(&w);
	return rc;
}

/* Handles a key=value line of a [group:vars] section. */
static int on_var(struct ini *ini, char *line, const char *group_name,
		  struct error *err)
{
	char *eq = strchr(line, '='), *key, *value, *end;

	if (eq == NULL)
		return ini_error(ini, err, "expected key=value, got '%s'",
				 line);
	*eq = '\0';
	key = line;
	end = eq;
	while (end > key && is_strip_space((unsigned char)end[-1]))
		*--end = '\0';
	value = eq + 1;
	while (is_strip_space((unsigned char)*value))
		value++;
	if (inventory_group_set_var(inventory_group(ini->inv, group_name), key,
				    ini_value_parse(value), err) < 0)
		return ini_locate(ini, err);
	return 0;
}

/* Handles a group name line of a [group:children] section. */
static int on_child(struct ini *ini, const char *line, const char *group_name,
		    struct error *err)
{
	char *child = match_group_name(line);
	struct pending *p;
	int rc = 0;

	if (child == NULL)
		return ini_error(ini, err, "expected a group name, got '%s'",
				 line);
	if (inventory_group(ini->inv, child) == NULL) {
		p = find_pending(ini, child);
		if (p == NULL)
			p = add_pending(ini, child, INI_CHILDREN);
		p->parents = array_grow(p->parents, p->n_parents,
					sizeof(*p->parents));
		p->parents[p->n_parents++] = xstrdup(group_name);
	} else if (inventory_add_child(
			   ini->inv, inventory_group(ini->inv, group_name),
			   inventory_group(ini->inv, child), err) < 0) {
		rc = ini_locate(ini, err);
	}
	free(child);
	return rc;
}

/* Reports the first group still undeclared at the end of the file. */
static int check_pending(struct ini *ini, struct error *err)
{
	size_t i;

	for (i = 0; i < ini->n_pending; i++) {
		struct pending *p = &ini->pending[i];

		if (p->done)
			continue;
		ini->line = p->line;
		ini->column = 1;
		if (p->state == INI_VARS)
			return ini_error(ini, err,
					 "section [%s:vars] is for group '%s', "
					 "which the inventory never declares",
					 p->name, p->name);
		return ini_error(ini, err,
				 "section [%s:children] names group '%s', "
				 "which the inventory never declares",
				 p->parents[p->n_parents - 1], p->name);
	}
	return 0;
}

/* Frees the pending declarations. */
static void free_pending(struct ini *ini)
{
	size_t i, j;

	for (i = 0; i < ini->n_pending; i++) {
		free(ini->pending[i].name);
		for (j = 0; j < ini->pending[i].n_parents; j++)
			free(ini->pending[i].parents[j]);
		free(ini->pending[i].parents);
	}
	free(ini->pending);
}

/* Handles one stripped, non-empty, non-comment line. */
static int on_line(struct ini *ini, char *line, char **group,
		   enum ini_state *state, struct error *err)
{
	char *name = NULL, *tag = NULL;
	size_t len = strlen(line);
	int rc;

	if (match_section(line, &name, &tag)) {
		rc = on_section(ini, name, tag, state, err);
		free(*group);
		*group = name;
		free(tag);
		return rc;
	}
	if (line[0] == '[' && line[len - 1] == ']')
		return ini_error(ini, err,
				 "invalid section '%s': no spaces, and only "
				 "[group], [group:children] or [group:vars]",
				 line);
	switch (*state) {
	case INI_HOSTS:
		return on_host(ini, line, *group, err);
	case INI_VARS:
		return on_var(ini, line, *group, err);
	case INI_CHILDREN:
		return on_child(ini, line, *group, err);
	}
	return 0;
}

/* Parses a whole INI inventory. */
int inventory_parse_ini(struct inventory *inv, const char *file,
			const char *text, size_t len, struct error *err)
{
	struct ini ini = {0};
	enum ini_state state = INI_HOSTS;
	char *group = xstrdup("ungrouped"), *line = NULL;
	size_t pos = 0, end, start, stop, line_start;
	int rc = -1;

	ini.inv = inv;
	ini.file = file;
	if (memchr(text, '\0', len)) {
		error_set_at(err, ERROR_INVALID, file, 0, 0,
			     "not a text file (it holds NUL bytes)");
		goto out;
	}
	while (pos < len) {
		/* Lines end at \n, \r\n or \r, as Python's splitlines(). */
		end = pos;
		while (end < len && text[end] != '\n' && text[end] != '\r')
			end++;
		ini.line++;
		line_start = start = pos;
		stop = end;
		pos = end;
		if (pos < len && text[pos] == '\r' && pos + 1 < len &&
		    text[pos + 1] == '\n')
			pos++;
		if (pos < len)
			pos++;
		while (start < stop &&
		       is_strip_space((unsigned char)text[start]))
			start++;
		while (stop > start &&
		       is_strip_space((unsigned char)text[stop - 1]))
			stop--;
		if (start == stop || text[start] == '#' || text[start] == ';')
			continue;
		ini.column = (unsigned)(start - line_start) + 1;
		line = xstrndup(text + start, stop - start);
		if (on_line(&ini, line, &group, &state, err) < 0)
			goto out;
		free(line);
		line = NULL;
	}
	rc = check_pending(&ini, err);
out:
	free(line);
	free(group);
	free_pending(&ini);
	return rc;
}
