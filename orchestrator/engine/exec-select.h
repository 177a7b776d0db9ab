/*
 * exec-select.h - the hosts "crest exec" runs on: the inventory's matches
 * of a pattern, or the implicit localhost (as in Ansible) when the pattern
 * is "localhost" and the inventory has no such host, each with the
 * connection variables given as -e laid over it (Ansible's extra vars win
 * over the inventory).
 *
 * Ownership: the targets array is the caller's (free()); its strings are
 * borrowed from the inventory (or static), so *inv must outlive them and
 * is the caller's to inventory_free(); the -e values are borrowed too.
 */
#ifndef CREST_EXEC_SELECT_H
#define CREST_EXEC_SELECT_H

#include <stddef.h>

#include "base/error.h"
#include "inventory/inventory.h"
#include "inventory/shard.h"
#include "transport/transport.h"

/* Where the hosts come from and what is laid over them. */
struct exec_select {
	const char *inventory; /* -i FILE; NULL: none (only "localhost") */
	const char *pattern;   /* the host pattern */
	const char *limit;     /* --limit; NULL: every match */
	/* -e ansible_user, ansible_port and ansible_connection; NULL: not
	 * given. */
	const char *user;
	const char *port;
	const char *connection;
	/* What the pattern's facts terms read (borrowed, set on the
	 * inventory for the selection only); NULL: they are an error. */
	const struct inventory_facts *facts;
	const struct shard *shard; /* --shard; NULL or count 0: every host */
};

/* Loads the inventory (into *inv, possibly NULL when none is needed) and
 * selects the targets.  Returns 0 with *out and *n_out (at least one), or
 * -1 with an ERROR_INVALID err: no inventory for a pattern that needs one,
 * no host matched, a bad -e ansible_port, or what inventory_load() and
 * inventory_select() said. */
int exec_select_targets(const struct exec_select *sel, struct inventory **inv,
			struct transport_target **out, size_t *n_out,
			struct error *err);

#endif
