/*
 * inventory-vars.c - a host's variables as a play sees them: its merged
 * inventory variables, then Ansible's magic variables for it
 * (inventory_hostname, inventory_hostname_short, group_names).
 *
 * The inventory hands them to lang/vars.h as plain JSON layers through
 * vars_merge(), so the variable store knows nothing of inventories and
 * the dependency runs one way: inventory/ uses lang/, never the reverse.
 */
#include <stdlib.h>
#include <string.h>

#include "inventory.h"
#include "lang/vars.h"

/* Builds the magic variables of a host. */
json_t *inventory_magic_vars(const struct inventory *inv,
			     const struct host *host)
{
	json_t *magic = json_object(), *names = json_array();
	const char **groups;
	size_t n, i, dot;

	groups = inventory_group_names(inv, host, &n);
	for (i = 0; i < n; i++)
		json_array_append_new(names, json_string(groups[i]));
	free(groups);
	/* An address keeps its dots; a name is cut at the first. */
	dot = strcspn(host->name, ".");
	if (strspn(host->name, "0123456789.") == strlen(host->name) ||
	    strchr(host->name, ':'))
		dot = strlen(host->name);
	json_object_set_new(magic, "inventory_hostname",
			    json_string(host->name));
	json_object_set_new(magic, "inventory_hostname_short",
			    json_stringn(host->name, dot));
	json_object_set_new(magic, "group_names", names);
	return magic;
}

/* Merges a host's variables and its magic variables. */
int inventory_merge_vars(const struct inventory *inv, const struct host *host,
			 struct vars *v, struct error *err)
{
	json_t *magic = NULL;
	int rc = -1;

	if (vars_merge(v, host->vars, NULL, err) < 0)
		goto out;
	magic = inventory_magic_vars(inv, host);
	rc = vars_merge(v, magic, NULL, err);
out:
	json_decref(magic);
	return rc;
}
