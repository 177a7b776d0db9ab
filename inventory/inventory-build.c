/*
 * inventory-build.c - the inventory's data: hosts, groups, their
 * variables, added in the order a source reads them (as Ansible's
 * InventoryData does), looked up, and freed.  See inventory-build.h.
 *
 * Group graphs are walked with an explicit stack and a stamp per walk
 * (group->mark), never by recursion, so a deep or wide inventory costs no
 * stack and no allocation per visit.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "base/array.h"
#include "base/xmalloc.h"
#include "inventory-build.h"

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
struct group **inventory_host_groups(struct inventory *inv,
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

/* Lists a host's group names, sorted, without "all". */
const char **inventory_group_names(const struct inventory *inv,
				   const struct host *host, size_t *n_out)
{
	struct group **groups;
	const char **names;
	size_t n, i;

	/* The walk only stamps marks; the inventory's content is unchanged. */
	groups = inventory_host_groups((struct inventory *)inv, host, &n);
	names = xcalloc(n + 1, sizeof(*names));
	for (i = 0; i < n; i++)
		names[i] = groups[i]->name;
	qsort(names, n, sizeof(*names), name_order);
	free(groups);
	*n_out = n;
	return names;
}
