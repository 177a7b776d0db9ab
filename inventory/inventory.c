/*
 * inventory.c - loading an inventory and finishing it.
 *
 * Theory of operation: a source parser (inventory-ini.c, inventory-yaml.c,
 * inventory-script.c, inventory-source.c) adds groups, hosts and
 * variables in the order it reads them (inventory-build.c), as Ansible's
 * InventoryData does.
 * inventory_finish() then puts every group without a parent under "all"
 * and every host without a group into "ungrouped", gives each group its
 * depth (the longest path from "all"), reads group_vars/ and host_vars/,
 * and merges each host's variables once, so later lookups are plain reads.
 * Group graphs are walked with an explicit stack and a stamp per walk
 * (group->mark), never by recursion, so a deep or wide inventory costs no
 * stack and no allocation per visit.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "inventory-build.h"
#include "lang/vars.h"
#include "base/array.h"
#include "base/xmalloc.h"

/* Does Ansible's reconcile_inventory(): roots under "all", lone hosts in
 * "ungrouped", hosts with a real group out of it.  Fails when "all" was
 * made a child of another group. */
static int reconcile(struct inventory *inv, struct error *err)
{
	struct group *all = inv->groups[0], *ungrouped = inv->groups[1];
	size_t i, j, kept = 0;

	for (i = 1; i < inv->n_groups; i++)
		if (inv->groups[i]->n_parents == 0 &&
		    inventory_add_child(inv, all, inv->groups[i], err) < 0)
			return -1;
	for (i = 0; i < inv->n_hosts; i++) {
		struct host *h = inv->hosts[i];
		int in_ungrouped = 0, in_other = 0;

		for (j = 0; j < h->n_groups; j++) {
			if (h->groups[j] == ungrouped)
				in_ungrouped = 1;
			else if (h->groups[j] != all)
				in_other = 1;
		}
		if (in_ungrouped && in_other) {
			for (j = 0, kept = 0; j < h->n_groups; j++)
				if (h->groups[j] != ungrouped)
					h->groups[kept++] = h->groups[j];
			h->n_groups = kept;
		} else if (!in_ungrouped && !in_other) {
			inventory_group_add_host(ungrouped, h);
		}
	}
	/* Drop the hosts that left "ungrouped" from its own list. */
	for (i = 0, kept = 0; i < ungrouped->n_hosts; i++) {
		struct host *h = ungrouped->hosts[i];

		for (j = 0; j < h->n_groups; j++)
			if (h->groups[j] == ungrouped)
				break;
		if (j < h->n_groups)
			ungrouped->hosts[kept++] = h;
	}
	ungrouped->n_hosts = kept;
	return 0;
}

/* Gives every group its depth, the longest path from "all" (Kahn's
 * topological order over the child links). */
static void compute_depths(struct inventory *inv)
{
	size_t *pending = xcalloc(inv->n_groups, sizeof(*pending));
	struct group **queue = xcalloc(inv->n_groups, sizeof(*queue));
	size_t head = 0, tail = 0, i;

	for (i = 0; i < inv->n_groups; i++) {
		pending[i] = inv->groups[i]->n_parents;
		inv->groups[i]->depth = 0;
		if (pending[i] == 0)
			queue[tail++] = inv->groups[i];
	}
	while (head < tail) {
		struct group *g = queue[head++];

		for (i = 0; i < g->n_children; i++) {
			struct group *c = g->children[i];

			if (c->depth < g->depth + 1)
				c->depth = g->depth + 1;
			if (--pending[c->index] == 0)
				queue[tail++] = c;
		}
	}
	free(pending);
	free(queue);
}

/* Copies every key of src into dst (src may be NULL). */
static void update(json_t *dst, const json_t *src)
{
	if (src)
		json_object_update(dst, (json_t *)src);
}

/* Returns the first of the named variables that is set, or NULL. */
static json_t *first_var(json_t *vars, const char *const *names,
			 const char **which)
{
	size_t i;
	json_t *v;

	for (i = 0; names[i]; i++) {
		v = json_object_get(vars, names[i]);
		if (v && !json_is_null(v)) {
			*which = names[i];
			return v;
		}
	}
	return NULL;
}

/* Returns a connection variable's value with {{ }} substituted from the
 * host's own variables (ansible_host: "{{ inventory_hostname }}.lan"),
 * as a new reference; plain values come back as they are. */
static json_t *expand_setting(const struct inventory *inv, const struct host *h,
			      json_t *value, const char *which,
			      struct error *err)
{
	struct vars *v;
	char *text = NULL;
	json_t *out = NULL;

	if (!json_is_string(value) || !strstr(json_string_value(value), "{{"))
		return json_incref(value);
	v = vars_new();
	if (inventory_merge_vars(inv, h, v, err) == 0 &&
	    vars_expand_text(v, json_string_value(value), NULL, &text, NULL,
			     err) == 0 &&
	    (out = json_string(text)) == NULL)
		error_set(err, ERROR_INVALID, "not UTF-8");
	if (out == NULL)
		error_prefix(err, "host '%s': %s", h->name, which);
	free(text);
	vars_free(v);
	return out;
}

/* Reads address, port and user out of a host's merged variables. */
static int connection_settings(const struct inventory *inv, struct host *h,
			       struct error *err)
{
	static const char *const address_vars[] = {"ansible_host",
						   "ansible_ssh_host", NULL};
	static const char *const port_vars[] = {"ansible_port",
						"ansible_ssh_port", NULL};
	static const char *const user_vars[] = {"ansible_user",
						"ansible_ssh_user", NULL};
	const char *which = NULL, *s;
	json_t *v;
	long long port = 0;
	char *end;
	int rc = -1;

	v = first_var(h->vars, address_vars, &which);
	if (v && (v = expand_setting(inv, h, v, which, err)) == NULL)
		return -1;
	if (v && !json_is_string(v)) {
		error_set(err, ERROR_INVALID, "host '%s': %s must be a string",
			  h->name, which);
		goto out;
	}
	h->address = xstrdup(v ? json_string_value(v) : h->name);
	json_decref(v);
	v = first_var(h->vars, user_vars, &which);
	if (v && (v = expand_setting(inv, h, v, which, err)) == NULL)
		return -1;
	if (v && !json_is_string(v)) {
		error_set(err, ERROR_INVALID, "host '%s': %s must be a string",
			  h->name, which);
		goto out;
	}
	h->user = v ? xstrdup(json_string_value(v)) : NULL;
	json_decref(v);
	v = first_var(h->vars, port_vars, &which);
	if (v == NULL)
		return 0;
	if ((v = expand_setting(inv, h, v, which, err)) == NULL)
		return -1;
	if (json_is_integer(v)) {
		port = json_integer_value(v);
	} else if (json_is_string(v)) {
		s = json_string_value(v);
		port = strtoll(s, &end, 10);
		if (end == s || *end)
			port = -1;
	} else {
		port = -1;
	}
	if (port < 1 || port > 65535) {
		error_set(err, ERROR_INVALID,
			  "host '%s': %s is not a port number (1-65535)",
			  h->name, which);
		goto out;
	}
	h->port = (unsigned)port;
	rc = 0;
out:
	json_decref(v);
	return rc;
}

/* Merges one host's variables in Ansible's precedence order. */
static int merge_host_vars(struct inventory *inv, struct host *h,
			   struct error *err)
{
	struct group *all = inv->groups[0];
	struct group **groups;
	size_t n, i;
	int rc;

	groups = inventory_host_groups(inv, h, &n);
	json_decref(h->vars);
	h->vars = json_object();
	update(h->vars, all->vars);
	update(h->vars, all->file_vars);
	for (i = 0; i < n; i++)
		update(h->vars, groups[i]->vars);
	for (i = 0; i < n; i++)
		update(h->vars, groups[i]->file_vars);
	update(h->vars, h->own_vars);
	update(h->vars, h->file_vars);
	free(groups);
	rc = connection_settings(inv, h, err);
	return rc;
}

/* Completes the inventory after its sources are read. */
int inventory_finish(struct inventory *inv, struct error *err)
{
	size_t i;

	if (reconcile(inv, err) < 0)
		return -1;
	compute_depths(inv);
	if (inventory_load_var_files(inv, err) < 0)
		return -1;
	for (i = 0; i < inv->n_hosts; i++)
		if (merge_host_vars(inv, inv->hosts[i], err) < 0)
			return -1;
	return 0;
}

/* Loads an inventory from any source kind. */
int inventory_load(const char *path, struct inventory **out, struct error *err)
{
	struct inventory *inv = inventory_new(path);
	int rc = -1;

	if (inventory_read_source(inv, path, 1, err) < 0)
		goto out;
	if (inventory_finish(inv, err) < 0)
		goto out;
	*out = inv;
	inv = NULL;
	rc = 0;
out:
	inventory_free(inv);
	return rc;
}
