/*
 * playbook.c - reading playbooks into typed structs; see playbook.h and
 * docs/playbooks.md.
 *
 * Theory of operation: the YAML loader gives a tree of nodes with their
 * positions; this file walks it key by key.  Each known key has one small
 * function that checks the value's type and stores it; an unknown key is
 * refused with the nearest known key (or a word on the Ansible key crest
 * does not have).  A task's module is found among the task's keys and
 * checks its own arguments (one file per module in modules/).  The first
 * error stops the load.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/duration.h"
#include "modules/module.h"
#include "playbook.h"
#include "base/suggest.h"
#include "base/xmalloc.h"

static const char *const play_keys[] = {
	"name",	     "hosts",	     "waves",
	"serial",    "max_failures", "max_fail_percentage",
	"spread_by", "order",	     "shuffle_seed",
	"pause",     "window",	     "wave_timeout",
	"rollback",  "vars",	     "verify",
	"tasks",     "become",	     NULL};

static const char *const task_keys[] = {"name",	    "when",   "timeout",
					"rollback", "become", NULL};

/* Ansible keys a reader may try, and why crest has none. */
static const char *const ansible_only[][2] = {
	{"gather_facts", "crest gathers no facts"},
	{"roles", "crest has no roles; put the tasks in the play"},
	{"handlers", "crest has no handlers; order the tasks"},
	{"pre_tasks", "put them first in tasks"},
	{"post_tasks", "put them last in tasks, or in verify"},
	{"vars_files", "put the variables in vars or the inventory"},
	{"any_errors_fatal", "use max_failures: 0"},
	{"strategy", "waves run hosts in parallel; see waves"},
	{"remote_user", "set ansible_user or user in the inventory"},
	{"become_user", "become runs commands as root with sudo -n"},
	{"connection", "crest always connects with SSH"},
	{"import_playbook", "give crest each playbook file"},
	{"environment", "set variables in the command instead"},
	{"tags", "crest has no tags"},
	{"register", "crest has no registered results"},
	{"notify", "crest has no handlers; order the tasks"},
	{"loop", "crest has no loops; write one task per item"},
	{"with_items", "crest has no loops; write one task per item"},
	{"ignore_errors", "a failing task fails its host"},
	{"changed_when", "modules decide what changed"},
	{"failed_when", "use a check in verify"},
	{"delegate_to", "tasks run on their own host"},
	{"block", "crest has no blocks"},
	{"args", "give the arguments under the module's key"},
	{"until", "use wait_for or check with retries"},
	{"retries", "use wait_for or check with retries"},
	{NULL, NULL},
};

/* Makes a struct where from a node. */
static struct where where_of(const struct ynode *node)
{
	struct where w = {node->file, node->line, node->column};

	return w;
}

/* Reports an unknown key, with a did-you-mean or an Ansible note. */
static int unknown_key(const struct ynode *key, const char *what,
		       const char *const *known, int with_modules,
		       struct error *err)
{
	const char *names[64], *hint;
	size_t n = 0, i;

	for (i = 0; ansible_only[i][0]; i++)
		if (strcmp(key->str, ansible_only[i][0]) == 0)
			return ynode_error(key, err,
					   "'%s' is an Ansible key crest does "
					   "not have in a %s: %s",
					   key->str, what, ansible_only[i][1]);
	for (i = 0; known[i] && n < 40; i++)
		names[n++] = known[i];
	for (i = 0; with_modules && modules[i] && n < 63; i++)
		names[n++] = modules[i]->name;
	names[n] = NULL;
	hint = suggest_word(key->str, names);
	if (with_modules) {
		if (hint)
			return ynode_error(key, err,
					   "unknown module or key '%s' in a "
					   "%s; did you mean '%s'?",
					   key->str, what, hint);
		return ynode_error(key, err,
				   "unknown module or key '%s' in a %s",
				   key->str, what);
	}
	if (hint)
		return ynode_error(key, err,
				   "unknown key '%s' in a %s; did you mean "
				   "'%s'?",
				   key->str, what, hint);
	return ynode_error(key, err, "unknown key '%s' in a %s", key->str,
			   what);
}

/* Reads a string value, with a hint for unquoted numbers. */
static int get_string(const struct ynode *key, const struct ynode *v,
		      char **out, struct error *err)
{
	if (ynode_is_str(v) && v->len > 0) {
		free(*out);
		*out = xstrdup(v->str);
		return 0;
	}
	if (v->kind == YNODE_SCALAR &&
	    (v->type == YTYPE_INT || v->type == YTYPE_FLOAT))
		return ynode_error(v, err,
				   "'%s' must be a string; %s is a number to "
				   "YAML, quote it",
				   key->str, v->str);
	if (ynode_is_str(v))
		return ynode_error(v, err, "'%s' must not be empty", key->str);
	return ynode_error(v, err, "'%s' must be a string, not %s", key->str,
			   ynode_describe(v));
}

/* Reads a boolean value. */
static int get_bool(const struct ynode *key, const struct ynode *v, int *out,
		    struct error *err)
{
	if (v->kind != YNODE_SCALAR || v->type != YTYPE_BOOL)
		return ynode_error(v, err, "'%s' must be true or false, not %s",
				   key->str, ynode_describe(v));
	*out = (int)v->ival;
	return 0;
}

/* Reads a duration: seconds, or 30s, 2m, 1h. */
static int get_duration(const struct ynode *key, const struct ynode *v,
			unsigned *out, struct error *err)
{
	if (v->kind == YNODE_SCALAR &&
	    (v->type == YTYPE_INT || v->type == YTYPE_STR) &&
	    duration_parse(v->str, out) == 0)
		return 0;
	return ynode_error(
		v, err,
		"'%s' must be a duration such as 30s, 2m or 1h "
		"(at most 30 days), not '%s'",
		key->str, v->kind == YNODE_SCALAR ? v->str : ynode_describe(v));
}

/* Reads a choice among words. */
static int get_choice(const struct ynode *key, const struct ynode *v,
		      const char *const *words, int *out, struct error *err)
{
	struct buf b = BUF_INIT;
	const char *hint;
	size_t i;
	int rc;

	for (i = 0; ynode_is_str(v) && words[i]; i++) {
		if (strcmp(v->str, words[i]) == 0) {
			*out = (int)i;
			return 0;
		}
	}
	for (i = 0; words[i]; i++)
		buf_addf(&b, "%s%s", i ? ", " : "", words[i]);
	hint = ynode_is_str(v) ? suggest_word(v->str, words) : NULL;
	if (hint)
		rc = ynode_error(v, err,
				 "'%s' must be one of %s, not '%s'; did you "
				 "mean '%s'?",
				 key->str, b.data, v->str, hint);
	else
		rc = ynode_error(v, err, "'%s' must be one of %s, not %s",
				 key->str, b.data,
				 v->kind == YNODE_SCALAR ? v->str
							 : ynode_describe(v));
	buf_release(&b);
	return rc;
}

/* Parses "N%" into *pct; returns 0, or -1 when s is not one. */
static int parse_percent(const char *s, double *pct, int integer)
{
	char *end;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	*pct = strtod(s, &end);
	if (errno || end == s || strcmp(end, "%") != 0)
		return -1;
	if (integer && *pct != floor(*pct))
		return -1;
	return 0;
}

/* Reads one entry of waves: a count (0 = all remaining) or "N%". */
static int get_wave_size(const struct ynode *v, struct wave_size *out,
			 struct error *err)
{
	double pct;
	char *end;

	if (v->kind == YNODE_SCALAR && v->type == YTYPE_INT && v->ival >= 0) {
		out->is_percent = 0;
		out->value = v->ival;
		return 0;
	}
	if (ynode_is_str(v)) {
		if (parse_percent(v->str, &pct, 1) == 0 && pct >= 1 &&
		    pct <= 100) {
			out->is_percent = 1;
			out->value = (long long)pct;
			return 0;
		}
		errno = 0;
		out->value = strtoll(v->str, &end, 10);
		if (isdigit((unsigned char)v->str[0]) && *end == '\0' &&
		    errno == 0) {
			out->is_percent = 0;
			return 0;
		}
	}
	return ynode_error(v, err,
			   "a wave is a host count or a whole percentage "
			   "from 1%% to 100%%, not '%s'",
			   v->kind == YNODE_SCALAR ? v->str
						   : ynode_describe(v));
}

/* Reads waves (alias serial): one size or a list whose last entry
 * repeats. */
static int get_waves(struct play *play, const struct ynode *key,
		     const struct ynode *v, struct error *err)
{
	size_t i;

	if (v->kind == YNODE_MAP)
		return ynode_error(v, err,
				   "'%s' must be a size or a list of sizes, "
				   "not a mapping",
				   key->str);
	if (v->kind == YNODE_SEQ && v->n_items == 0)
		return ynode_error(v, err, "'%s' must not be an empty list",
				   key->str);
	if (v->kind == YNODE_SCALAR) {
		play->waves = xcalloc(1, sizeof(*play->waves));
		play->n_waves = 1;
		return get_wave_size(v, &play->waves[0], err);
	}
	play->waves = xcalloc(v->n_items, sizeof(*play->waves));
	play->n_waves = v->n_items;
	for (i = 0; i < v->n_items; i++)
		if (get_wave_size(v->items[i], &play->waves[i], err) < 0)
			return -1;
	return 0;
}

/* Reads max_failures (a count or "N%") or max_fail_percentage (a number
 * of percent, Ansible's spelling). */
static int get_max_failures(struct play *play, const struct ynode *key,
			    const struct ynode *v, struct error *err)
{
	int percent_key = strcmp(key->str, "max_fail_percentage") == 0;
	double pct;

	if (v->kind == YNODE_SCALAR &&
	    (v->type == YTYPE_INT || (percent_key && v->type == YTYPE_FLOAT))) {
		double value = v->type == YTYPE_INT ? (double)v->ival : v->fval;

		if (value >= 0 && (!percent_key || value <= 100)) {
			play->max_failures.is_percent = percent_key;
			play->max_failures.value = value;
			return 0;
		}
	}
	if (ynode_is_str(v) && parse_percent(v->str, &pct, 0) == 0 &&
	    pct <= 100) {
		play->max_failures.is_percent = 1;
		play->max_failures.value = pct;
		return 0;
	}
	if (percent_key)
		return ynode_error(v, err,
				   "'max_fail_percentage' must be a "
				   "percentage from 0 to 100, not '%s'",
				   v->kind == YNODE_SCALAR ? v->str
							   : ynode_describe(v));
	return ynode_error(v, err,
			   "'max_failures' must be a host count or a "
			   "percentage such as 10%%, not '%s'",
			   v->kind == YNODE_SCALAR ? v->str
						   : ynode_describe(v));
}

/* Tells a variable name: a letter or _, then letters, digits, _. */
static int is_identifier(const char *s)
{
	if (!isalpha((unsigned char)*s) && *s != '_')
		return 0;
	for (s++; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return 0;
	return 1;
}

/* Tells a dotted variable reference: identifiers (or indexes) joined by
 * dots. */
static int is_reference(const char *s, size_t n)
{
	size_t i, start = 0;

	for (i = 0; i <= n; i++) {
		if (i < n && s[i] != '.')
			continue;
		if (i == start)
			return 0;
		if (start == 0 && !isalpha((unsigned char)s[0]) && s[0] != '_')
			return 0;
		for (; start < i; start++)
			if (!isalnum((unsigned char)s[start]) &&
			    s[start] != '_')
				return 0;
		start = i + 1;
	}
	return 1;
}

/* Checks a play's vars: names are identifiers; the secret forms
 * {secret: VALUE} and {secret_file: PATH} are well formed. */
static int check_vars(const struct ynode *v, struct error *err)
{
	const struct ynode *val, *file;
	size_t i;

	if (ynode_is_null(v))
		return 0;
	if (v->kind != YNODE_MAP)
		return ynode_error(v, err, "'vars' must be a mapping, not %s",
				   ynode_describe(v));
	for (i = 0; i < v->n_pairs; i++) {
		if (!ynode_is_str(v->pairs[i].key))
			return ynode_error(v->pairs[i].key, err,
					   "variable name '%s' is %s to YAML; "
					   "quote it",
					   v->pairs[i].key->str,
					   ynode_describe(v->pairs[i].key));
		if (!is_identifier(v->pairs[i].key->str))
			return ynode_error(v->pairs[i].key, err,
					   "'%s' is not a variable name "
					   "(letters, digits and _, not first "
					   "a digit)",
					   v->pairs[i].key->str);
		val = v->pairs[i].value;
		file = ynode_get(val, "secret_file");
		if (file && val->n_pairs == 1 &&
		    (!ynode_is_str(file) || file->len == 0))
			return ynode_error(file, err,
					   "'secret_file' must be a path, not "
					   "%s",
					   ynode_describe(file));
	}
	return 0;
}

/* Reads one when condition from a string or a boolean. */
static int parse_condition(const struct ynode *v, struct condition *c,
			   struct error *err)
{
	const char *s, *p, *name_end;
	struct buf lit = BUF_INIT;
	size_t n;
	int rc = -1;

	c->at = where_of(v);
	if (v->kind == YNODE_SCALAR && v->type == YTYPE_BOOL) {
		c->kind = COND_CONSTANT;
		c->value = json_boolean(v->ival);
		return 0;
	}
	if (!ynode_is_str(v))
		return ynode_error(v, err, "'when' takes a variable, not %s",
				   ynode_describe(v));
	s = v->str;
	while (isspace((unsigned char)*s))
		s++;
	if (strstr(s, "{{"))
		return ynode_error(v, err,
				   "'when' takes a variable name, not a "
				   "template: write 'when: NAME'");
	c->kind = COND_TRUTHY;
	if (strncmp(s, "not ", 4) == 0) {
		c->kind = COND_FALSY;
		s += 4;
		while (isspace((unsigned char)*s))
			s++;
	}
	name_end = s;
	while (isalnum((unsigned char)*name_end) || *name_end == '_' ||
	       *name_end == '.')
		name_end++;
	n = (size_t)(name_end - s);
	if (n == 0 || !is_reference(s, n))
		goto bad;
	c->name = xstrndup(s, n);
	p = name_end;
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '\0') {
		rc = 0;
		goto out;
	}
	if (c->kind == COND_FALSY ||
	    (strncmp(p, "==", 2) != 0 && strncmp(p, "!=", 2) != 0))
		goto bad;
	c->kind = p[0] == '=' ? COND_EQUAL : COND_NOT_EQUAL;
	p += 2;
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '\'' || *p == '"') {
		char q = *p++;

		while (*p && *p != q)
			buf_addch(&lit, *p++);
		if (*p++ != q)
			goto bad;
		c->value = json_string(lit.data);
	} else if (strncmp(p, "true", 4) == 0 || strncmp(p, "True", 4) == 0) {
		c->value = json_true();
		p += 4;
	} else if (strncmp(p, "false", 5) == 0 || strncmp(p, "False", 5) == 0) {
		c->value = json_false();
		p += 5;
	} else if (isdigit((unsigned char)*p) || *p == '-') {
		char *end;
		long long i = strtoll(p, &end, 10);

		if (end == p || (*end == '.'))
			goto bad;
		c->value = json_integer(i);
		p = end;
	} else {
		goto bad;
	}
	while (isspace((unsigned char)*p))
		p++;
	if (*p || c->value == NULL)
		goto bad;
	rc = 0;
	goto out;
bad:
	rc = ynode_error(v, err,
			 "'when' must be NAME, not NAME, NAME == VALUE or "
			 "NAME != VALUE (a quoted string, a number, true or "
			 "false), not '%s'",
			 v->str);
out:
	buf_release(&lit);
	return rc;
}

/* Reads when: one condition or a list of them, all of which must hold. */
static int get_when(struct task *task, const struct ynode *v, struct error *err)
{
	size_t i, n = v->kind == YNODE_SEQ ? v->n_items : 1;

	if (v->kind == YNODE_MAP)
		return ynode_error(v, err,
				   "'when' takes a condition or a list of "
				   "them, not a mapping");
	task->when = xcalloc(n, sizeof(*task->when));
	for (i = 0; i < n; i++) {
		task->n_when = i + 1;
		if (parse_condition(v->kind == YNODE_SEQ ? v->items[i] : v,
				    &task->when[i], err) < 0)
			return -1;
	}
	return 0;
}

/* Reads one task (or a verify check when verify is set). */
static int parse_task(const struct ynode *node, struct task *task, int verify,
		      struct error *err)
{
	const char *what = verify ? "verify check" : "task";
	const struct ynode *module_key = NULL;
	const struct module *m;
	size_t i, j;

	task->become = -1;
	task->at = where_of(node);
	if (node->kind != YNODE_MAP)
		return ynode_error(node, err,
				   "a %s is a mapping with a module key, not "
				   "%s",
				   what, ynode_describe(node));
	for (i = 0; i < node->n_pairs; i++) {
		const struct ynode *key = node->pairs[i].key;
		const struct ynode *v = node->pairs[i].value;

		for (j = 0; task_keys[j]; j++)
			if (strcmp(key->str, task_keys[j]) == 0)
				break;
		if (task_keys[j] == NULL) {
			m = module_find(key->str);
			if (m == NULL)
				return unknown_key(key, what, task_keys, 1,
						   err);
			if (module_key)
				return ynode_error(key, err,
						   "a %s runs one module; this "
						   "one has '%s' and '%s'",
						   what, module_key->str,
						   key->str);
			module_key = key;
			task->module = m;
			task->module_at = where_of(key);
			task->args = v;
			continue;
		}
		if (ynode_is_null(v))
			return ynode_error(key, err, "'%s' has no value",
					   key->str);
		if (strcmp(key->str, "name") == 0) {
			if (get_string(key, v, &task->name, err) < 0)
				return -1;
		} else if (strcmp(key->str, "when") == 0) {
			if (get_when(task, v, err) < 0)
				return -1;
		} else if (strcmp(key->str, "timeout") == 0) {
			if (get_duration(key, v, &task->timeout, err) < 0)
				return -1;
		} else if (strcmp(key->str, "rollback") == 0) {
			if (verify)
				return ynode_error(key, err,
						   "a verify check changes "
						   "nothing, so it has no "
						   "rollback");
			if (get_string(key, v, &task->rollback, err) < 0)
				return -1;
		} else if (strcmp(key->str, "become") == 0) {
			if (get_bool(key, v, &task->become, err) < 0)
				return -1;
		}
	}
	if (module_key == NULL)
		return ynode_error(node, err,
				   "a %s needs a module (command, shell, "
				   "package, copy, file, service, reboot, "
				   "wait_for, check, driver or os_upgrade)",
				   what);
	if (verify && !(task->module->flags & MODULE_VERIFY))
		return ynode_error(module_key, err,
				   "'%s' cannot be a verify check; use check, "
				   "command, shell or wait_for",
				   module_key->str);
	if (task->rollback && !(task->module->flags & MODULE_ROLLBACK))
		return ynode_error(
			ynode_get_key(node, "rollback"), err,
			"'%s' takes no 'rollback' (it is for command "
			"and shell; other modules revert on their "
			"own or cannot be reverted)",
			task->module->name);
	return task->module->validate(task, err);
}

/* Reads a list of tasks or verify checks. */
static int get_tasks(const struct ynode *key, const struct ynode *v,
		     struct task **out, size_t *n_out, int verify,
		     struct error *err)
{
	size_t i;

	if (v->kind != YNODE_SEQ)
		return ynode_error(v, err, "'%s' must be a list, not %s",
				   key->str, ynode_describe(v));
	*out = xcalloc(v->n_items + 1, sizeof(**out));
	for (i = 0; i < v->n_items; i++) {
		*n_out = i + 1;
		if (parse_task(v->items[i], &(*out)[i], verify, err) < 0)
			return -1;
	}
	return 0;
}

/* Reads hosts: a pattern, or a list of patterns joined with ','. */
static int get_hosts(struct play *play, const struct ynode *key,
		     const struct ynode *v, struct error *err)
{
	struct buf b = BUF_INIT;
	size_t i;

	play->hosts_at = where_of(v);
	if (v->kind != YNODE_SEQ)
		return get_string(key, v, &play->hosts, err);
	if (v->n_items == 0)
		return ynode_error(v, err, "'hosts' must not be empty");
	for (i = 0; i < v->n_items; i++) {
		if (!ynode_is_str(v->items[i]) || v->items[i]->len == 0) {
			buf_release(&b);
			return ynode_error(v->items[i], err,
					   "items of 'hosts' must be patterns, "
					   "not %s",
					   ynode_describe(v->items[i]));
		}
		buf_addf(&b, "%s%s", i ? "," : "", v->items[i]->str);
	}
	free(play->hosts);
	play->hosts = buf_detach(&b, NULL);
	return 0;
}

static const char *const order_names[] = {"inventory", "reverse_inventory",
					  "sorted",    "reverse_sorted",
					  "shuffle",   NULL};
static const char *const rollback_names[] = {"wave", "run", "none", NULL};

/* Reads one key of a play. */
static int play_key(struct play *play, const struct ynode *key,
		    const struct ynode *v, struct error *err)
{
	const char *k = key->str;
	int choice;

	if (strcmp(k, "vars") != 0 && ynode_is_null(v))
		return ynode_error(key, err, "'%s' has no value", k);
	if (strcmp(k, "name") == 0)
		return get_string(key, v, &play->name, err);
	if (strcmp(k, "hosts") == 0)
		return get_hosts(play, key, v, err);
	if (strcmp(k, "waves") == 0 || strcmp(k, "serial") == 0)
		return get_waves(play, key, v, err);
	if (strcmp(k, "max_failures") == 0 ||
	    strcmp(k, "max_fail_percentage") == 0)
		return get_max_failures(play, key, v, err);
	if (strcmp(k, "spread_by") == 0) {
		if (get_string(key, v, &play->spread_by, err) < 0)
			return -1;
		if (!is_reference(play->spread_by, strlen(play->spread_by)))
			return ynode_error(v, err,
					   "'spread_by' names a host variable, "
					   "not '%s'",
					   play->spread_by);
		return 0;
	}
	if (strcmp(k, "order") == 0) {
		if (get_choice(key, v, order_names, &choice, err) < 0)
			return -1;
		play->order = (enum play_order)choice;
		return 0;
	}
	if (strcmp(k, "shuffle_seed") == 0) {
		if (v->kind != YNODE_SCALAR || v->type != YTYPE_INT ||
		    v->ival < 0)
			return ynode_error(v, err,
					   "'shuffle_seed' must be a whole "
					   "number, not %s",
					   v->kind == YNODE_SCALAR
						   ? v->str
						   : ynode_describe(v));
		play->has_seed = 1;
		play->seed = (unsigned long long)v->ival;
		return 0;
	}
	if (strcmp(k, "pause") == 0)
		return get_duration(key, v, &play->pause, err);
	if (strcmp(k, "wave_timeout") == 0)
		return get_duration(key, v, &play->wave_timeout, err);
	if (strcmp(k, "window") == 0) {
		if (get_string(key, v, &play->window, err) < 0)
			return -1;
		if (!is_identifier(play->window) &&
		    strspn(play->window,
			   "abcdefghijklmnopqrstuvwxyz"
			   "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
			   "0123456789_-") != strlen(play->window))
			return ynode_error(v, err,
					   "'window' names a window of "
					   "crest.yml, not '%s'",
					   play->window);
		return 0;
	}
	if (strcmp(k, "rollback") == 0) {
		if (get_choice(key, v, rollback_names, &choice, err) < 0)
			return -1;
		play->rollback = (enum rollback_scope)choice;
		return 0;
	}
	if (strcmp(k, "vars") == 0) {
		if (check_vars(v, err) < 0)
			return -1;
		json_decref(play->vars);
		play->vars =
			ynode_is_null(v) ? json_object() : ynode_to_json(v);
		return 0;
	}
	if (strcmp(k, "verify") == 0)
		return get_tasks(key, v, &play->verify, &play->n_verify, 1,
				 err);
	if (strcmp(k, "tasks") == 0)
		return get_tasks(key, v, &play->tasks, &play->n_tasks, 0, err);
	if (strcmp(k, "become") == 0)
		return get_bool(key, v, &play->become, err);
	return unknown_key(key, "play", play_keys, 0, err);
}

/* Refuses a key given together with its alias. */
static int check_alias(const struct ynode *node, const char *a, const char *b,
		       struct error *err)
{
	const struct ynode *ka = ynode_get_key(node, a);
	const struct ynode *kb = ynode_get_key(node, b);

	if (ka == NULL || kb == NULL)
		return 0;
	/* Point at whichever comes second. */
	if (ka->line > kb->line ||
	    (ka->line == kb->line && ka->column > kb->column))
		kb = ka;
	return ynode_error(
		kb, err, "'%s' and '%s' are the same setting; give one", a, b);
}

/* Reads one play. */
static int parse_play(const struct ynode *node, struct play *play,
		      struct error *err)
{
	const struct ynode *seed;
	size_t i;

	play->at = where_of(node);
	play->become = 0;
	play->vars = json_object();
	if (node->kind != YNODE_MAP)
		return ynode_error(node, err,
				   "a play is a mapping of keys (hosts, "
				   "tasks...), not %s",
				   ynode_describe(node));
	if (check_alias(node, "waves", "serial", err) < 0 ||
	    check_alias(node, "max_failures", "max_fail_percentage", err) < 0)
		return -1;
	for (i = 0; i < node->n_pairs; i++)
		if (play_key(play, node->pairs[i].key, node->pairs[i].value,
			     err) < 0)
			return -1;
	if (play->hosts == NULL)
		return ynode_error(node, err,
				   "a play needs 'hosts', the inventory "
				   "pattern it runs on");
	if (!ynode_get_key(node, "tasks"))
		return ynode_error(node, err, "a play needs 'tasks'");
	if (play->n_tasks == 0 && play->n_verify == 0)
		return ynode_error(ynode_get(node, "tasks"), err,
				   "a play needs at least one task or verify "
				   "check");
	seed = ynode_get_key(node, "shuffle_seed");
	if (seed && play->order != ORDER_SHUFFLE)
		return ynode_error(seed, err,
				   "'shuffle_seed' goes with 'order: "
				   "shuffle'");
	return 0;
}

/* Frees one task's contents. */
static void task_release(struct task *task)
{
	size_t i;

	for (i = 0; i < task->n_when; i++) {
		free(task->when[i].name);
		json_decref(task->when[i].value);
	}
	free(task->when);
	free(task->name);
	free(task->rollback);
}

/* Frees one play's contents. */
static void play_release(struct play *play)
{
	size_t i;

	for (i = 0; i < play->n_tasks; i++)
		task_release(&play->tasks[i]);
	for (i = 0; i < play->n_verify; i++)
		task_release(&play->verify[i]);
	free(play->tasks);
	free(play->verify);
	free(play->name);
	free(play->hosts);
	free(play->waves);
	free(play->spread_by);
	free(play->window);
	json_decref(play->vars);
}

/* Frees a playbook. */
void playbook_free(struct playbook *pb)
{
	size_t i;

	if (pb == NULL)
		return;
	for (i = 0; i < pb->n_plays; i++)
		play_release(&pb->plays[i]);
	free(pb->plays);
	free(pb->file);
	yaml_doc_free(pb->doc);
	free(pb);
}

/* Reads the plays of a loaded document. */
static int parse_playbook(struct playbook *pb, struct error *err)
{
	const struct ynode *root = pb->doc->root;
	size_t i, n;

	if (ynode_is_null(root))
		return error_set_at(err, ERROR_INVALID, pb->file, 1, 1,
				    "the playbook is empty");
	n = root->kind == YNODE_SEQ ? root->n_items : 1;
	if (n == 0)
		return ynode_error(root, err, "the playbook has no play");
	pb->plays = xcalloc(n, sizeof(*pb->plays));
	for (i = 0; i < n; i++) {
		pb->n_plays = i + 1;
		if (parse_play(root->kind == YNODE_SEQ ? root->items[i] : root,
			       &pb->plays[i], err) < 0)
			return -1;
	}
	return 0;
}

/* Loads a playbook from text. */
int playbook_load_buffer(const char *name, const char *text, size_t len,
			 struct playbook **out, struct error *err)
{
	struct playbook *pb = xcalloc(1, sizeof(*pb));
	int rc = -1;

	pb->file = xstrdup(name);
	if (yaml_doc_load_buffer(name, text, len, &pb->doc, err) < 0 ||
	    parse_playbook(pb, err) < 0)
		goto out;
	*out = pb;
	pb = NULL;
	rc = 0;
out:
	playbook_free(pb);
	return rc;
}

/* Loads a playbook file. */
int playbook_load(const char *path, struct playbook **out, struct error *err)
{
	struct playbook *pb = xcalloc(1, sizeof(*pb));
	int rc = -1;

	pb->file = xstrdup(path);
	if (yaml_doc_load_file(path, &pb->doc, err) < 0 ||
	    parse_playbook(pb, err) < 0)
		goto out;
	*out = pb;
	pb = NULL;
	rc = 0;
out:
	playbook_free(pb);
	return rc;
}

/* Names an order. */
const char *play_order_name(enum play_order order)
{
	return order_names[order];
}

/* Names a rollback scope. */
const char *rollback_scope_name(enum rollback_scope scope)
{
	return rollback_names[scope];
}
