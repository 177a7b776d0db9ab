/*
 * inventory.h - the hosts crest can reach, their groups and variables.
 *
 * An inventory is read from one source, in Ansible's formats so existing
 * inventories work unchanged (docs/inventory.md is the reference):
 *  - an INI file ([group], [group:children], [group:vars], inline host
 *    vars, host ranges such as web[01:20].example.com);
 *  - a YAML file (all/children/hosts/vars), or .json in the same shape;
 *  - an executable, run with --list, printing Ansible's dynamic inventory
 *    JSON (with _meta.hostvars, or answering --host NAME per host);
 *  - a directory: every file in it (sorted, Ansible's ignored extensions
 *    skipped), plus group_vars/ and host_vars/ beside the sources;
 *  - a comma-separated host list ("h1,h2," or "localhost,").
 *
 * Hosts keep the order in which the inventory first names them; that is
 * the "inventory" order of a play.  Each host's variables are merged once,
 * at load time, with Ansible's precedence (lowest first): group "all", then
 * the other groups from parents to children (ties by ansible_group_priority,
 * then name), each level's group_vars/ files over the inventory's own group
 * vars, then the host's own vars, then host_vars/.
 *
 * Connection settings come from Ansible's variables "ansible_host",
 * "ansible_port" and "ansible_user" (or the older ansible_ssh_*
 * spellings); crest calls them a host's address, port and user.  Plain
 * "port" or "user" variables are an application's, as in Ansible, and
 * never change where crest connects.
 *
 * Ownership: struct inventory owns every host and group.  Pointers to hosts
 * stay valid until inventory_free().  Arrays returned through "**out"
 * parameters are the caller's to free with free(); the hosts in them are
 * borrowed from the inventory.
 */
#ifndef CREST_INVENTORY_H
#define CREST_INVENTORY_H

#include <stddef.h>

#include <jansson.h>

#include "base/buf.h"
#include "base/error.h"

struct group;
struct inventory;
struct vars;

struct host {
	char *name;    /* the inventory's name for it, unique */
	char *address; /* where to connect: ansible_host, else the name */
	unsigned port; /* ansible_port; 0 = the SSH default */
	char *user;    /* ansible_user; NULL = the SSH default */
	json_t *vars;  /* merged variables, a JSON object owned by the host */

	/* The rest belongs to inventory/ and may change without notice. */
	size_t index;	       /* position in inventory order */
	json_t *own_vars;      /* set on the host by an inventory source */
	json_t *file_vars;     /* from host_vars/ */
	struct group **groups; /* groups naming the host directly */
	size_t n_groups;
};

/* Loads the inventory at path (file, directory, executable or host list)
 * into *out, which the caller frees with inventory_free().  Returns 0, or
 * -1 with err set: ERROR_INVALID (file:line:column where the input has
 * one) for an inventory crest cannot read as Ansible would, ERROR_SYSTEM
 * when it cannot be read at all. */
int inventory_load(const char *path, struct inventory **out, struct error *err);

/* Frees an inventory, its hosts and groups.  Accepts NULL. */
void inventory_free(struct inventory *inv);

/* Where a pattern's facts terms (facts.os.codename=bookworm) find each
 * host's facts.  The caller builds it (the CLI, from the facts store,
 * which inventory/ cannot include) and keeps it for as long as it is set
 * on an inventory. */
struct inventory_facts {
	/* Sets *facts to the facts object of host's latest snapshot (a new
	 * reference, which the inventory releases), or to NULL when the
	 * host has none.  Called at most once per host and selection.
	 * Returns 0, or -1 with err set (the selection then fails). */
	int (*get)(void *data, const char *host, json_t **facts,
		   struct error *err);
	/* The top-level keys a facts object has (hostname, os, packages,
	 * ...), NULL-terminated: a term naming another is a pattern error. */
	const char *const *roots;
	void *data;
};

/* Lets inv's patterns select by fact through facts (borrowed; NULL: a
 * facts term is an error, "this command does not read facts"). */
void inventory_set_facts(struct inventory *inv,
			 const struct inventory_facts *facts);

/* Selects the hosts matching an Ansible host pattern ("web:!legacy",
 * "a:&b", "web*", "~db[0-9]+", "web[0:2]", host names; ':' or ','
 * separate terms), or a facts term (facts.REF=GLOB, facts.REF!=GLOB,
 * through inventory_set_facts()'s lookup), narrowed by limit when limit
 * is not NULL (a second pattern, as --limit; "@FILE" reads names from a
 * file).  The hosts come in inventory order, each once.  *hosts_out is a
 * new array the caller frees with free() (NULL when nothing matched); the
 * hosts are borrowed from inv.  Returns 0 (also when nothing matched), or
 * -1 with err set for a malformed pattern (a facts term's error names its
 * column) or a failed facts lookup. */
int inventory_select(const struct inventory *inv, const char *pattern,
		     const char *limit, struct host ***hosts_out, size_t *n_out,
		     struct error *err);

/* Returns the host named name, or NULL (borrowed). */
struct host *inventory_host(const struct inventory *inv, const char *name);

/* Returns the number of hosts and the i-th host in inventory order
 * (borrowed). */
size_t inventory_n_hosts(const struct inventory *inv);
struct host *inventory_host_at(const struct inventory *inv, size_t i);

/* Returns 1 when the inventory has a group of that name. */
int inventory_has_group(const struct inventory *inv, const char *name);

/* Returns the names of the groups host belongs to, directly or through a
 * child group, sorted, without "all" (Ansible's group_names).  The array
 * is the caller's (free() it); the strings are borrowed. */
const char **inventory_group_names(const struct inventory *inv,
				   const struct host *host, size_t *n_out);

/* Returns Ansible's magic variables for host: inventory_hostname,
 * inventory_hostname_short (cut at the first dot, unless the name is an
 * address) and group_names.  New reference, a JSON object. */
json_t *inventory_magic_vars(const struct inventory *inv,
			     const struct host *host);

/* Merges into v (lang/vars.h) a host's inventory variables, then its
 * magic variables, each a layer as vars_merge() takes it.  Returns 0, or
 * -1 with err set (a secret_file that cannot be read). */
int inventory_merge_vars(const struct inventory *inv, const struct host *host,
			 struct vars *v, struct error *err);

/* Returns the inventory as "ansible-inventory --list" prints it: groups
 * with "hosts" and "children", "_meta.hostvars".  New reference. */
json_t *inventory_to_json(const struct inventory *inv);

/* Returns one host's variables as "ansible-inventory --host" prints them.
 * New reference. */
json_t *inventory_host_json(const struct inventory *inv,
			    const struct host *host);

/* Appends the group tree from group as "ansible-inventory --graph" draws
 * it.  Returns 0, or -1 with err set when there is no such group. */
int inventory_graph(const struct inventory *inv, const char *group,
		    struct buf *out, struct error *err);

#endif
