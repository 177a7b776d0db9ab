/*
 * inventory-yaml.c - YAML inventories in Ansible's shape:
 *
 *	all:
 *	  vars: {ntp: ntp1}
 *	  children:
 *	    web:
 *	      hosts:
 *	        web[01:02].example.com: {ansible_port: 2222}
 *
 * Each top-level key is a group; a group holds "hosts" (a mapping of host
 * patterns to their variables), "children" (a mapping of groups, recursively)
 * and "vars".  This is Ansible's yaml inventory plugin, read key by key in
 * document order, with one deliberate difference: where Ansible warns and
 * skips a key or group it cannot use, crest stops with file:line:column.
 */
#include <stdlib.h>
#include <string.h>

#include "host-range.h"
#include "inventory-build.h"
#include "base/suggest.h"
#include "lang/yaml-doc.h"

static const char *const group_keys[] = {"hosts", "children", "vars", NULL};

/* Adds a position to an error raised without one. */
static int at_node(const struct ynode *node, struct error *err)
{
	char *msg = err->message;

	err->message = NULL;
	ynode_error(node, err, "%s", msg ? msg : "invalid inventory");
	free(msg);
	return -1;
}

/* Checks that a group or host name is a string, as Ansible requires. */
static int check_name(const struct ynode *key, const char *what,
		      struct error *err)
{
	if (ynode_is_str(key) && key->len > 0)
		return 0;
	if (key->len == 0)
		return ynode_error(key, err, "empty %s name", what);
	return ynode_error(key, err,
			   "%s name '%s' is %s, not a string; quote it", what,
			   key->str, ynode_describe(key));
}

/* Adds one host pattern of a group's "hosts" with its variables. */
static int parse_host(struct inventory *inv, struct group *group,
		      const struct ynode *key, const struct ynode *vars,
		      struct error *err)
{
	char **names = NULL;
	size_t n = 0, i, j;
	unsigned port = 0;
	int rc = -1;

	if (check_name(key, "host", err) < 0)
		return -1;
	if (!ynode_is_null(vars) && vars->kind != YNODE_MAP)
		return ynode_error(vars, err,
				   "variables of host '%s' must be a mapping, "
				   "not %s",
				   key->str, ynode_describe(vars));
	if (host_range_expand(key->str, &names, &n, &port, err) < 0 ||
	    inventory_check_room(inv, n, err) < 0) {
		at_node(key, err);
		goto out;
	}
	for (i = 0; i < n; i++) {
		struct host *h = inventory_add_host(inv, names[i], group, port);

		for (j = 0;
		     vars && vars->kind == YNODE_MAP && j < vars->n_pairs; j++)
			inventory_host_set_var(
				h, vars->pairs[j].key->str,
				ynode_to_json(vars->pairs[j].value));
	}
	rc = 0;
out:
	host_range_free(names, n);
	return rc;
}

static int parse_group(struct inventory *inv, const struct ynode *key,
		       const struct ynode *data, struct group **out,
		       struct error *err);

/* Reads one section (hosts, children, vars) of a group. */
static int parse_section(struct inventory *inv, struct group *g,
			 const struct ynode *key, const struct ynode *value,
			 struct error *err)
{
	struct group *child;
	size_t i;

	if (ynode_is_null(value))
		return 0;
	/* "hosts: web1" means "hosts: {web1: }", as in Ansible. */
	if (value->kind == YNODE_SCALAR && value->type == YTYPE_STR) {
		if (strcmp(key->str, "vars") == 0)
			return inventory_group_set_var(g, value->str,
						       json_null(), err) < 0
				       ? at_node(value, err)
				       : 0;
		if (strcmp(key->str, "hosts") == 0)
			return parse_host(inv, g, value, NULL, err);
		if (parse_group(inv, value, NULL, &child, err) < 0)
			return -1;
		return inventory_add_child(inv, g, child, err) < 0
			       ? at_node(value, err)
			       : 0;
	}
	if (value->kind != YNODE_MAP)
		return ynode_error(value, err,
				   "'%s' of group '%s' must be a mapping, not "
				   "%s",
				   key->str, g->name, ynode_describe(value));
	for (i = 0; i < value->n_pairs; i++) {
		const struct ynode *k = value->pairs[i].key;
		const struct ynode *v = value->pairs[i].value;

		if (strcmp(key->str, "vars") == 0) {
			if (inventory_group_set_var(g, k->str, ynode_to_json(v),
						    err) < 0)
				return at_node(v, err);
		} else if (strcmp(key->str, "hosts") == 0) {
			if (parse_host(inv, g, k, v, err) < 0)
				return -1;
		} else {
			if (parse_group(inv, k, v, &child, err) < 0)
				return -1;
			if (inventory_add_child(inv, g, child, err) < 0)
				return at_node(k, err);
		}
	}
	return 0;
}

/* Reads a group: its name, then its sections in document order. */
static int parse_group(struct inventory *inv, const struct ynode *key,
		       const struct ynode *data, struct group **out,
		       struct error *err)
{
	struct group *g;
	const char *hint;
	size_t i;

	if (check_name(key, "group", err) < 0)
		return -1;
	if (!ynode_is_null(data) && data->kind != YNODE_MAP)
		return ynode_error(data, err,
				   "group '%s' must be a mapping of hosts, "
				   "children and vars, not %s",
				   key->str, ynode_describe(data));
	g = inventory_add_group(inv, key->str);
	*out = g;
	for (i = 0; data && i < data->n_pairs; i++) {
		const struct ynode *k = data->pairs[i].key;

		if (strcmp(k->str, "hosts") != 0 &&
		    strcmp(k->str, "children") != 0 &&
		    strcmp(k->str, "vars") != 0) {
			hint = suggest_word(k->str, group_keys);
			if (hint)
				return ynode_error(k, err,
						   "unknown key '%s' in group "
						   "'%s'; did you mean '%s'?",
						   k->str, g->name, hint);
			return ynode_error(k, err,
					   "unknown key '%s' in group '%s' "
					   "(a group has hosts, children and "
					   "vars)",
					   k->str, g->name);
		}
		if (parse_section(inv, g, k, data->pairs[i].value, err) < 0)
			return -1;
	}
	return 0;
}

/* Reads a whole YAML inventory document. */
int inventory_parse_yaml(struct inventory *inv, const struct yaml_doc *doc,
			 struct error *err)
{
	const struct ynode *root = doc->root;
	struct group *g;
	size_t i;

	if (ynode_is_null(root))
		return 0;
	if (root->kind != YNODE_MAP)
		return ynode_error(root, err,
				   "a YAML inventory is a mapping of groups, "
				   "not %s",
				   ynode_describe(root));
	if (ynode_get(root, "plugin"))
		return ynode_error(ynode_get_key(root, "plugin"), err,
				   "inventory plugins are not supported; "
				   "this file configures one");
	for (i = 0; i < root->n_pairs; i++)
		if (parse_group(inv, root->pairs[i].key, root->pairs[i].value,
				&g, err) < 0)
			return -1;
	return 0;
}
