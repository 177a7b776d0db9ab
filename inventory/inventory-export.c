/*
 * inventory-export.c - the inventory as ansible-inventory shows it:
 * --list (JSON), --host (one host's variables) and --graph (the tree).
 *
 * The JSON has the structure and content of "ansible-inventory --list":
 * every group with "hosts" (its own, not inherited) and "children", empty
 * lists left out and empty groups left out (though still named among their
 * parent's children), "all" without hosts, then "_meta.hostvars" with each
 * host's merged variables (hosts without any left out).
 */
#include <stdlib.h>
#include <string.h>

#include "inventory-build.h"
#include "base/xmalloc.h"

/* Adds group and, depth first, its children not yet shown to out. */
static void format_group(const struct group *g, json_t *out,
			 unsigned char *seen)
{
	json_t *entry = json_object(), *hosts = json_array(),
	       *children = json_array();
	size_t i;

	if (strcmp(g->name, "all") != 0)
		for (i = 0; i < g->n_hosts; i++)
			json_array_append_new(hosts,
					      json_string(g->hosts[i]->name));
	for (i = 0; i < g->n_children; i++) {
		const struct group *c = g->children[i];

		json_array_append_new(children, json_string(c->name));
		if (!seen[c->index]) {
			format_group(c, out, seen);
			seen[c->index] = 1;
		}
	}
	if (json_array_size(hosts))
		json_object_set(entry, "hosts", hosts);
	if (json_array_size(children))
		json_object_set(entry, "children", children);
	if (json_object_size(entry))
		json_object_set(out, g->name, entry);
	json_decref(entry);
	json_decref(hosts);
	json_decref(children);
}

/* Builds the --list document. */
json_t *inventory_to_json(const struct inventory *inv)
{
	unsigned char *seen = xcalloc(inv->n_groups + 1, 1);
	json_t *out = json_object(), *hostvars = json_object(), *meta;
	size_t i;

	format_group(inv->groups[0], out, seen);
	for (i = 0; i < inv->n_hosts; i++) {
		const struct host *h = inv->hosts[i];

		if (json_object_size(h->vars))
			json_object_set_new(hostvars, h->name,
					    inventory_host_json(inv, h));
	}
	meta = json_object();
	json_object_set_new(meta, "hostvars", hostvars);
	json_object_set_new(out, "_meta", meta);
	free(seen);
	return out;
}

/* Returns a copy of a host's merged variables. */
json_t *inventory_host_json(const struct inventory *inv,
			    const struct host *host)
{
	return json_deep_copy(host->vars);
}

/* Draws one group and what is under it, as ansible-inventory --graph. */
static void graph_group(const struct group *g, unsigned depth, struct buf *out)
{
	unsigned i;
	size_t j;

	for (i = 0; i < depth; i++)
		buf_adds(out, "  |");
	buf_addf(out, "%s@%s:\n", depth ? "--" : "", g->name);
	for (j = 0; j < g->n_children; j++)
		graph_group(g->children[j], depth + 1, out);
	if (strcmp(g->name, "all") == 0)
		return;
	for (j = 0; j < g->n_hosts; j++) {
		for (i = 0; i < depth + 1; i++)
			buf_adds(out, "  |");
		buf_addf(out, "--%s\n", g->hosts[j]->name);
	}
}

/* Draws the tree under a group. */
int inventory_graph(const struct inventory *inv, const char *group,
		    struct buf *out, struct error *err)
{
	const struct group *g = inventory_group(inv, group ? group : "all");

	if (g == NULL)
		return error_set(err, ERROR_INVALID,
				 "no group '%s' in the inventory", group);
	graph_group(g, 0, out);
	return 0;
}
