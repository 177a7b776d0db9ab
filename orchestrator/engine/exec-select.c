/*
 * exec-select.c - choosing the hosts of "crest exec"; see exec-select.h.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/xmalloc.h"
#include "exec-select.h"

/* Reads a string variable of a host (borrowed), or NULL. */
static const char *exec_select_host_var(const struct host *h, const char *key)
{
	json_t *v = h->vars ? json_object_get(h->vars, key) : NULL;

	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Lays the -e connection variables over one target. */
static int exec_select_apply(const struct exec_select *sel,
			     struct transport_target *t, struct error *err)
{
	char *end;
	unsigned long port;

	if (sel->user)
		t->user = sel->user;
	if (sel->port) {
		port = strtoul(sel->port, &end, 10);
		if (*sel->port == '\0' || *end || port == 0 || port > 65535)
			return error_set(err, ERROR_INVALID,
					 "-e: ansible_port '%s' is not 1 to "
					 "65535",
					 sel->port);
		t->port = (unsigned)port;
	}
	if (sel->connection)
		t->local = strcmp(sel->connection, "local") == 0;
	return 0;
}

/* Matches the pattern, or falls back to the implicit localhost. */
int exec_select_targets(const struct exec_select *sel, struct inventory **inv,
			struct transport_target **out, size_t *n_out,
			struct error *err)
{
	struct host **hosts = NULL;
	struct transport_target *t = NULL;
	int localhost = strcmp(sel->pattern, "localhost") == 0;
	size_t n = 0, i;
	const char *conn;
	int rc = -1, ret;

	if (sel->inventory) {
		if (inventory_load(sel->inventory, inv, err) < 0)
			goto out;
		inventory_set_facts(*inv, sel->facts);
		ret = inventory_select(*inv, sel->pattern, sel->limit, &hosts,
				       &n, err);
		inventory_set_facts(*inv, NULL);
		if (ret < 0)
			goto out;
		shard_keep(hosts, &n, sel->shard);
	} else if (!localhost) {
		error_set(err, ERROR_INVALID,
			  "no inventory: give -i FILE (only 'localhost' "
			  "needs none)");
		goto out;
	}
	if (n == 0 && sel->shard && sel->shard->count) {
		/* exec has nothing to run a command of no host on. */
		error_set(err, ERROR_INVALID,
			  "'%s'%s%s%s matched no host of shard %u/%u",
			  sel->pattern, sel->limit ? " (with --limit '" : "",
			  sel->limit ? sel->limit : "", sel->limit ? "')" : "",
			  sel->shard->index, sel->shard->count);
		goto out;
	} else if (n == 0 && localhost && sel->limit == NULL) {
		t = xcalloc(1, sizeof(*t));
		t->name = "localhost";
		t->local = 1;
		n = 1;
	} else if (n == 0) {
		error_set(err, ERROR_INVALID, "'%s'%s%s%s matched no host",
			  sel->pattern, sel->limit ? " (with --limit '" : "",
			  sel->limit ? sel->limit : "", sel->limit ? "')" : "");
		goto out;
	} else {
		t = xcalloc(n, sizeof(*t));
		for (i = 0; i < n; i++) {
			t[i].name = hosts[i]->name;
			t[i].address = hosts[i]->address;
			t[i].port = hosts[i]->port;
			t[i].user = hosts[i]->user;
			conn = exec_select_host_var(hosts[i],
						    "ansible_connection");
			t[i].local = conn && strcmp(conn, "local") == 0;
		}
	}
	for (i = 0; i < n; i++)
		if (exec_select_apply(sel, &t[i], err) < 0)
			goto out;
	*out = t;
	*n_out = n;
	t = NULL;
	rc = 0;
out:
	free(t);
	free(hosts);
	return rc;
}
