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
#include "base/xmalloc.h"

static const char *const task_keys[] = {"name",	    "when",   "timeout",
					"rollback", "become", NULL};

/* Reads one when condition from a string or a boolean. */
static int parse_condition(const struct ynode *v, struct condition *c,
			   struct error *err)
{
	const char *s, *p, *name_end;
	struct buf lit = BUF_INIT;
	size_t n;
	int rc = -1;

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
	name_end = s;
	while (isalnum((unsigned char)*name_end) || *name_end == '_' ||
	       *name_end == '.')
		name_end++;
	n = (size_t)(name_end - s);
	if (n == 0 || !playbook_is_reference(s, n))
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
