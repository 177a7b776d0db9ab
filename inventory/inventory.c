/*
 * inventory.c - the inventory's data: hosts, groups, their variables.
 *
 * Theory of operation: a source parser (inventory-ini.c, inventory-yaml.c,
 * inventory-script.c, inventory-source.c) adds groups, hosts and
 * variables in the order it reads them, as Ansible's InventoryData does.
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

/* Appends p to a pointer array. */
static void push_ptr(void ***v, size_t *n, void *p)
{
	*v = array_grow(*v, *n, sizeof(**v));
	(*v)[(*n)++] = p;
}

/* Makes an empty inventory with Ansible's two implicit groups. */
struct inventory *inventory_new(const char *source)
{
	struct inventory *inv = xcalloc(1, sizeof(*inv));
	struct group *all, *ungrouped;

	inv->source = xstrdup(source);
	inv->group_names = (struct strmap)STRMAP_INIT;
	inv->host_names = (struct strmap)STRMAP_INIT;
	all = inventory_add_group(inv, "all");
	ungrouped = inventory_add_group(inv, "ungrouped");
	inventory_add_child(inv, all, ungrouped, NULL);
	return inv;
}

/* Looks a group up by name. */
struct group *inventory_group(const struct inventory *inv, const char *name)
{
	return strmap_get(&inv->group_names, name);
}

/* Finds or creates a group. */
struct group *inventory_add_group(struct inventory *inv, const char *name)
{
	struct group *g = inventory_group(inv, name);

	if (g)
		return g;
	g = xcalloc(1, sizeof(*g));
	g->name = xstrdup(name);
	g->index = inv->n_groups;
	g->vars = json_object();
	g->priority = 1;
	push_ptr((void ***)&inv->groups, &inv->n_groups, g);
	strmap_put(&inv->group_names, name, g);
	return g;
}

/* Adds a host to a group once. */
void inventory_group_add_host(struct group *group, struct host *host)
{
	size_t i;

	for (i = 0; i < host->n_groups; i++)
		if (host->groups[i] == group)
			return;
	push_ptr((void ***)&group->hosts, &group->n_hosts, host);
	push_ptr((void ***)&host->groups, &host->n_groups, group);
}

/* Refuses an inventory growing past the host cap. */
int inventory_check_room(const struct inventory *inv, size_t n,
			 struct error *err)
{
	if (n <= INVENTORY_MAX_HOSTS && inv->n_hosts <= INVENTORY_MAX_HOSTS - n)
		return 0;
	return error_set(err, ERROR_INVALID,
			 "the inventory holds more than %u hosts",
			 INVENTORY_MAX_HOSTS);
}

/* Finds or creates a host, optionally in a group. */
struct host *inventory_add_host(struct inventory *inv, const char *name,
				struct group *group, unsigned port)
{
	struct host *h = inventory_host(inv, name);

	if (h == NULL) {
		h = xcalloc(1, sizeof(*h));
		h->name = xstrdup(name);
		h->index = inv->n_hosts;
		h->own_vars = json_object();
		/* Only a host's first mention sets its port, as in Ansible. */
		if (port)
			json_object_set_new(h->own_vars, "ansible_port",
					    json_integer(port));
		push_ptr((void ***)&inv->hosts, &inv->n_hosts, h);
		strmap_put(&inv->host_names, name, h);
	}
	if (group)
		inventory_group_add_host(group, h);
	return h;
}

/* Walks the parents of group, marking each ancestor with stamp; the
 * stack is reused across calls through *stack. */
static void mark_up(struct group *group, unsigned stamp, struct group ***stack,
		    size_t *alloc)
{
	size_t top = 0, i;

	if (*alloc == 0) {
		*alloc = 16;
		*stack = xreallocarray(*stack, *alloc, sizeof(**stack));
	}
	(*stack)[top++] = group;
	while (top > 0) {
		struct group *g = (*stack)[--top];

		for (i = 0; i < g->n_parents; i++) {
			struct group *p = g->parents[i];

			if (p->mark == stamp)
				continue;
			p->mark = stamp;
			if (top == *alloc) {
				*alloc *= 2;
				*stack = xreallocarray(*stack, *alloc,
						       sizeof(**stack));
			}
			(*stack)[top++] = p;
		}
	}
}

/* Marks every ancestor of group. */
void inventory_mark_ancestors(struct group *group, unsigned stamp)
{
	struct group **stack = NULL;
	size_t alloc = 0;

	mark_up(group, stamp, &stack, &alloc);
	free(stack);
}

/* Links a child group under a parent, refusing cycles. */
int inventory_add_child(struct inventory *inv, struct group *parent,
			struct group *child, struct error *err)
{
	size_t i;

	if (parent == child)
		return error_set(err, ERROR_INVALID,
				 "group '%s' cannot be its own child",
				 parent->name);
	if (child == inv->groups[0])
		return error_set(err, ERROR_INVALID,
				 "group 'all' cannot be a child of group '%s'",
				 parent->name);
	for (i = 0; i < parent->n_children; i++)
		if (parent->children[i] == child)
			return 0;
	inventory_mark_ancestors(parent, ++inv->stamp);
	if (child->mark == inv->stamp)
		return error_set(err, ERROR_INVALID,
				 "adding group '%s' as a child of '%s' "
				 "creates a loop",
				 child->name, parent->name);
	push_ptr((void ***)&parent->children, &parent->n_children, child);
	push_ptr((void ***)&child->parents, &child->n_parents, parent);
	return 0;
}

/* Sets a group variable; ansible_group_priority is the group's priority
 * and not a variable, as in Ansible. */
int inventory_group_set_var(struct group *group, const char *key, json_t *value,
			    struct error *err)
{
	const char *s;
	char *end;
	long long v;

	if (strcmp(key, "ansible_group_priority") != 0) {
		json_object_set_new(group->vars, key, value);
		return 0;
	}
	if (json_is_integer(value)) {
		v = json_integer_value(value);
	} else if (json_is_real(value)) {
		v = (long long)json_real_value(value);
	} else if (json_is_boolean(value)) {
		v = json_is_true(value);
	} else if (json_is_string(value)) {
		s = json_string_value(value);
		v = strtoll(s, &end, 10);
		while (*end == ' ' || *end == '\t')
			end++;
		if (end == s || *end) {
			json_decref(value);
			return error_set(err, ERROR_INVALID,
					 "ansible_group_priority of group "
					 "'%s' is not an integer",
					 group->name);
		}
	} else {
		json_decref(value);
		return error_set(err, ERROR_INVALID,
				 "ansible_group_priority of group '%s' is "
				 "not an integer",
				 group->name);
	}
	group->priority = v;
	json_decref(value);
	return 0;
}

/* Sets a variable on a host. */
void inventory_host_set_var(struct host *host, const char *key, json_t *value)
{
	json_object_set_new(host->own_vars, key, value);
}

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

/* Orders groups as Ansible's sort_groups(): depth, priority, name. */
static int group_order(const void *a, const void *b)
{
	const struct group *x = *(struct group *const *)a;
	const struct group *y = *(struct group *const *)b;

	if (x->depth != y->depth)
		return x->depth < y->depth ? -1 : 1;
	if (x->priority != y->priority)
		return x->priority < y->priority ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* Collects host's groups, direct and inherited, without "all", in
 * Ansible's sort order; *n_out is their number.  Caller frees. */
static struct group **host_groups(struct inventory *inv,
				  const struct host *host, size_t *n_out)
{
	struct group **stack = NULL, **out = NULL;
	size_t alloc = 0, n = 0, i;
	unsigned stamp = ++inv->stamp;

	for (i = 0; i < host->n_groups; i++) {
		host->groups[i]->mark = stamp;
		mark_up(host->groups[i], stamp, &stack, &alloc);
	}
	free(stack);
	/* Marked groups, gathered in creation order, then sorted. */
	for (i = 1; i < inv->n_groups; i++)
		if (inv->groups[i]->mark == stamp)
			push_ptr((void ***)&out, &n, inv->groups[i]);
	if (n > 1)
		qsort(out, n, sizeof(*out), group_order);
	*n_out = n;
	return out;
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

	groups = host_groups(inv, h, &n);
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

/* Frees a host. */
static void host_free(struct host *h)
{
	free(h->name);
	free(h->address);
	free(h->user);
	json_decref(h->vars);
	json_decref(h->own_vars);
	json_decref(h->file_vars);
	free(h->groups);
	free(h);
}

/* Frees a group. */
static void group_free(struct group *g)
{
	free(g->name);
	json_decref(g->vars);
	json_decref(g->file_vars);
	free(g->hosts);
	free(g->children);
	free(g->parents);
	free(g);
}

/* Frees everything the inventory holds. */
void inventory_free(struct inventory *inv)
{
	size_t i;

	if (inv == NULL)
		return;
	for (i = 0; i < inv->n_hosts; i++)
		host_free(inv->hosts[i]);
	for (i = 0; i < inv->n_groups; i++)
		group_free(inv->groups[i]);
	for (i = 0; i < inv->n_var_dirs; i++)
		free(inv->var_dirs[i]);
	free(inv->var_dirs);
	free(inv->hosts);
	free(inv->groups);
	strmap_release(&inv->host_names);
	strmap_release(&inv->group_names);
	free(inv->source);
	free(inv);
}

/* Looks a host up by name. */
struct host *inventory_host(const struct inventory *inv, const char *name)
{
	return strmap_get(&inv->host_names, name);
}

/* Counts hosts. */
size_t inventory_n_hosts(const struct inventory *inv)
{
	return inv->n_hosts;
}

/* Returns the i-th host. */
struct host *inventory_host_at(const struct inventory *inv, size_t i)
{
	return i < inv->n_hosts ? inv->hosts[i] : NULL;
}

/* Tells whether a group exists. */
int inventory_has_group(const struct inventory *inv, const char *name)
{
	return inventory_group(inv, name) != NULL;
}

/* Orders strings for qsort. */
static int name_order(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Lists a host's group names, sorted, without "all". */
const char **inventory_group_names(const struct inventory *inv,
				   const struct host *host, size_t *n_out)
{
	struct group **groups;
	const char **names;
	size_t n, i;

	/* The walk only stamps marks; the inventory's content is unchanged. */
	groups = host_groups((struct inventory *)inv, host, &n);
	names = xcalloc(n + 1, sizeof(*names));
	for (i = 0; i < n; i++)
		names[i] = groups[i]->name;
	qsort(names, n, sizeof(*names), name_order);
	free(groups);
	*n_out = n;
	return names;
}
