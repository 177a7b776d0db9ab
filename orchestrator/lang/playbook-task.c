/*
 * playbook-task.c - reading a play's tasks and verify checks: the task
 * keys (name, when, timeout, rollback, become), the conditions of when,
 * and the one module key whose module checks its own arguments.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "modules/module.h"
#include "playbook-parse.h"
#include "vars-ref.h"
#include "base/xmalloc.h"

static const char *const task_keys[] = {"name",	    "when",   "timeout",
					"rollback", "become", NULL};

/* The comparisons of when, longest spelling first. */
static const struct {
	const char *op;
	int kind;
} when_ops[] = {
	{"==", COND_EQUAL},
	{"!=", COND_NOT_EQUAL},
	{"<=", COND_LESS_EQUAL},
	{">=", COND_GREATER_EQUAL},
	{"<", COND_LESS},
	{">", COND_GREATER},
	{"is not defined", COND_UNDEFINED},
	{"is defined", COND_DEFINED},
};

/* Reads the literal a comparison compares with; returns the text after it,
 * or NULL when p starts none. */
static const char *parse_literal(const char *p, json_t **value)
{
	struct buf lit = BUF_INIT;
	char *end;

	if (*p == '\'' || *p == '"') {
		char q = *p++;

		while (*p && *p != q)
			buf_addch(&lit, *p++);
		if (*p == q)
			*value = json_string(lit.data);
		buf_release(&lit);
		return *value ? p + 1 : NULL;
	}
	if (strncmp(p, "true", 4) == 0 || strncmp(p, "True", 4) == 0) {
		*value = json_true();
		return p + 4;
	}
	if (strncmp(p, "false", 5) == 0 || strncmp(p, "False", 5) == 0) {
		*value = json_false();
		return p + 5;
	}
	if (isdigit((unsigned char)*p) || *p == '-') {
		long long i = strtoll(p, &end, 10);

		if (end == p || *end == '.')
			return NULL;
		*value = json_integer(i);
		return end;
	}
	return NULL;
}

/* Reads one when condition from a string or a boolean. */
static int parse_condition(const struct ynode *v, struct condition *c,
			   struct error *err)
{
	const char *s, *p;
	size_t n, i;

	c->at = playbook_where(v);
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
	n = vars_ref_length(s, strlen(s));
	if (n == 0)
		goto bad;
	c->name = xstrndup(s, n);
	p = s + n;
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '\0')
		return 0;
	if (c->kind == COND_FALSY)
		goto bad;
	for (i = 0; i < sizeof(when_ops) / sizeof(when_ops[0]); i++)
		if (strncmp(p, when_ops[i].op, strlen(when_ops[i].op)) == 0)
			break;
	if (i == sizeof(when_ops) / sizeof(when_ops[0]))
		goto bad;
	c->kind = when_ops[i].kind;
	p += strlen(when_ops[i].op);
	while (isspace((unsigned char)*p))
		p++;
	if (c->kind != COND_DEFINED && c->kind != COND_UNDEFINED &&
	    (p = parse_literal(p, &c->value)) == NULL)
		goto bad;
	while (isspace((unsigned char)*p))
		p++;
	if (*p)
		goto bad;
	if (c->value && !json_is_integer(c->value) && c->kind >= COND_LESS)
		return ynode_error(v, err,
				   "'when: %s' compares with '%s' by order, "
				   "which takes a number",
				   v->str, when_ops[i].op);
	return 0;
bad:
	return ynode_error(v, err,
			   "'when' must be NAME, not NAME, NAME is defined, "
			   "NAME is not defined, or NAME OP VALUE with OP one "
			   "of == != < <= > >= and VALUE a quoted string, a "
			   "number, true or false; not '%s'",
			   v->str);
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
	task->at = playbook_where(node);
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
				return playbook_unknown_key(key, what,
							    task_keys, 1, err);
			if (module_key)
				return ynode_error(key, err,
						   "a %s runs one module; this "
						   "one has '%s' and '%s'",
						   what, module_key->str,
						   key->str);
			module_key = key;
			task->module = m;
			task->module_at = playbook_where(key);
			task->args = v;
			continue;
		}
		if (ynode_is_null(v))
			return ynode_error(key, err, "'%s' has no value",
					   key->str);
		if (strcmp(key->str, "name") == 0) {
			if (playbook_get_string(key, v, &task->name, err) < 0)
				return -1;
		} else if (strcmp(key->str, "when") == 0) {
			if (get_when(task, v, err) < 0)
				return -1;
		} else if (strcmp(key->str, "timeout") == 0) {
			if (playbook_get_duration(key, v, &task->timeout, err) <
			    0)
				return -1;
		} else if (strcmp(key->str, "rollback") == 0) {
			if (verify)
				return ynode_error(key, err,
						   "a verify check changes "
						   "nothing, so it has no "
						   "rollback");
			if (playbook_get_string(key, v, &task->rollback, err) <
			    0)
				return -1;
		} else if (strcmp(key->str, "become") == 0) {
			if (playbook_get_bool(key, v, &task->become, err) < 0)
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
int playbook_get_tasks(const struct ynode *key, const struct ynode *v,
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

/* Frees one task's contents. */
void task_release(struct task *task)
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
