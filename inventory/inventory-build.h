/*
 * inventory-build.h - the inventory's insides, for the files of inventory/.
 *
 * The source parsers (INI, YAML, script, host list, directory) fill a
 * struct inventory through the functions below, which follow Ansible's
 * InventoryData: adding a host to a group, a group to a group, setting a
 * variable on either.  inventory_finish() then does what Ansible's
 * reconcile_inventory() does (every top group under "all", hosts without a
 * group in "ungrouped"), reads group_vars/ and host_vars/, and merges each
 * host's variables.
 *
 * Nothing outside inventory/ includes this header.
 */
#ifndef CREST_INVENTORY_BUILD_H
#define CREST_INVENTORY_BUILD_H

#include "inventory.h"
#include "base/strmap.h"

/* Cap on the hosts one range pattern may expand to (web[1:100000]). */
#define INVENTORY_MAX_RANGE_HOSTS 100000u
/* Cap on the hosts of one inventory: far above any real fleet, low
 * enough that a hostile range list cannot exhaust memory. */
#define INVENTORY_MAX_HOSTS 200000u
/* Cap on an executable source's output. */
#define INVENTORY_MAX_SCRIPT_OUTPUT (64u * 1024 * 1024)

struct group {
	char *name;
	size_t index;	     /* creation order */
	json_t *vars;	     /* set by an inventory source */
	json_t *file_vars;   /* from group_vars/ */
	struct host **hosts; /* direct members, in order added */
	size_t n_hosts;
	struct group **children; /* in order added */
	size_t n_children;
	struct group **parents;
	size_t n_parents;
	unsigned depth;	    /* longest path from "all" */
	long long priority; /* ansible_group_priority, default 1 */
	unsigned mark;	    /* traversal stamp, see inventory.c */
};

struct inventory {
	char *source;	       /* the path given to inventory_load() */
	struct group **groups; /* in creation order; [0] all, [1] ungrouped */
	size_t n_groups;
	struct strmap group_names;
	struct host **hosts; /* in inventory order */
	size_t n_hosts;
	struct strmap host_names;
	char **var_dirs; /* directories whose group_vars/, host_vars/ apply */
	size_t n_var_dirs;
	unsigned stamp; /* last traversal stamp handed out */
	const struct inventory_facts *facts; /* borrowed; NULL: none */
};

/* Returns a new empty inventory holding "all" and "ungrouped". */
struct inventory *inventory_new(const char *source);

/* Returns the group named name, or NULL. */
struct group *inventory_group(const struct inventory *inv, const char *name);

/* Returns the group named name, creating it (with no parent yet). */
struct group *inventory_add_group(struct inventory *inv, const char *name);

/* Returns the host named name, creating it; when group is not NULL the
 * host joins it.  A new host with a port gets ansible_port. */
struct host *inventory_add_host(struct inventory *inv, const char *name,
				struct group *group, unsigned port);

/* Fails when adding n more hosts would pass INVENTORY_MAX_HOSTS. */
int inventory_check_room(const struct inventory *inv, size_t n,
			 struct error *err);

/* Makes child a child group of parent.  Fails on a cycle. */
int inventory_add_child(struct inventory *inv, struct group *parent,
			struct group *child, struct error *err);

/* Adds host to group unless it is already a direct member. */
void inventory_group_add_host(struct group *group, struct host *host);

/* Sets a group variable (ansible_group_priority sets the priority);
 * steals value.  Fails when the priority is not an integer. */
int inventory_group_set_var(struct group *group, const char *key, json_t *value,
			    struct error *err);

/* Sets a host variable; steals value. */
void inventory_host_set_var(struct host *host, const char *key, json_t *value);

/* Reads one source of any kind into inv; the entry point of the parsers.
 * top is 1 for the path the user gave, 0 inside a directory. */
int inventory_read_source(struct inventory *inv, const char *path, int top,
			  struct error *err);

/* Completes inv after its sources: reconcile, vars files, merged vars,
 * connection settings. */
int inventory_finish(struct inventory *inv, struct error *err);

/* Parses INI text (len bytes) named file into inv. */
int inventory_parse_ini(struct inventory *inv, const char *file,
			const char *text, size_t len, struct error *err);

/* Parses a loaded YAML inventory document into inv. */
struct yaml_doc;
int inventory_parse_yaml(struct inventory *inv, const struct yaml_doc *doc,
			 struct error *err);

/* Runs an executable source with --list and reads its JSON into inv. */
int inventory_parse_script(struct inventory *inv, const char *path,
			   struct error *err);

/* Reads "h1,h2:2222," into inv. */
int inventory_parse_host_list(struct inventory *inv, const char *list,
			      struct error *err);

/* Loads group_vars/ and host_vars/ from every var dir into file_vars. */
int inventory_load_var_files(struct inventory *inv, struct error *err);

/* Marks every ancestor of group (not group itself) with stamp. */
void inventory_mark_ancestors(struct group *group, unsigned stamp);

/* Returns host's groups, direct and inherited, without "all", in
 * Ansible's sort order (by depth, then priority, then name); *n_out is
 * their number.  The array is the caller's to free (the groups are the
 * inventory's).  Stamps the groups' marks. */
struct group **inventory_host_groups(struct inventory *inv,
				     const struct host *host, size_t *n_out);

#endif
