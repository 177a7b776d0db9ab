/*
 * module-driver.c - runs one module step of one task on one lab host, for
 * the integration tests of modules (tests/t3NNN-*.sh), while the run
 * engine is written elsewhere.
 *
 *	module-driver -i INV -p PLAYBOOK -H HOST -t N [-k KEY] [-K KNOWN]
 *	              [-r RUN] [-e K=V] probe|apply|describe|revert [PRIOR]
 *
 * It loads the playbook and the inventory, builds the host's variables
 * (inventory, the play's vars, -e), expands task N's arguments (1-based,
 * of the first play), connects, and prints one JSON object:
 *	{"prior": {...}, "journal": {...}, "describe": "...", "changed": 0|1,
 *	 "irreversible": bool, "error": null | {"kind": K, "message": M}}
 * probe probes; describe probes and describes; apply probes, describes
 * and applies; revert reads prior from the file PRIOR (what an earlier
 * run printed, whole or its "prior") and reverts.  Exits 0, or 1 when the
 * step failed (the error is in the JSON), 2 on bad usage.
 */
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/inventory.h"
#include "modules/module-run.h"
#include "modules/module.h"
#include "lang/playbook.h"
#include "transport/transport.h"
#include "lang/vars.h"
#include "base/xmalloc.h"

struct driver {
	struct transport_target target;
	struct transport_options opts;
};

/* Connects the host again (the reboot module's reconnect). */
static int driver_reconnect(struct module_run *run, struct error *err)
{
	struct driver *d = run->engine;

	transport_close(run->conn);
	run->conn = NULL;
	return transport_connect(&d->target, &d->opts, &run->conn, err);
}

/* Prints usage and exits 2. */
static void usage(void)
{
	fprintf(stderr, "usage: module-driver -i INV -p PLAYBOOK -H HOST -t N "
			"[-k KEY] [-K KNOWN_HOSTS] [-r RUN] [-e K=V] "
			"probe|apply|describe|revert [PRIOR]\n");
	exit(2);
}

/* Reads the prior state for revert from a file. */
static json_t *read_prior(const char *path, struct error *err)
{
	json_error_t jerr;
	json_t *j = json_load_file(path, JSON_DECODE_ANY, &jerr), *p;

	if (j == NULL) {
		error_set(err, ERROR_INVALID, "%s: %s", path, jerr.text);
		return NULL;
	}
	p = json_object_get(j, "prior");
	if (p) {
		json_incref(p);
		json_decref(j);
		return p;
	}
	return j;
}

/* Runs the step; the result goes into res. */
static int drive(const char *action, const char *prior_file,
		 struct module_run *run, const struct task *task,
		 const json_t *args, json_t *res, struct error *err)
{
	const struct module *m = task->module;
	json_t *prior = NULL;
	struct buf desc = BUF_INIT;
	int changed = 0, rc = -1;

	if (m->flags & MODULE_PENDING) {
		error_set(err, ERROR_INTERNAL, "%s: not written yet", m->name);
		goto out;
	}
	if (strcmp(action, "revert") == 0) {
		if (prior_file == NULL)
			usage();
		if ((prior = read_prior(prior_file, err)) == NULL)
			goto out;
		if (m->revert == NULL) {
			error_set(err, ERROR_INVALID, "%s: cannot be reverted",
				  m->name);
			goto out;
		}
		rc = m->revert(run, args, prior, err);
		goto out;
	}
	if (m->probe(run, args, &prior, err) < 0)
		goto out;
	json_object_set(res, "prior", prior);
	json_object_set_new(res, "journal", module_prior_journal(prior));
	if (strcmp(action, "probe") == 0) {
		rc = 0;
		goto out;
	}
	m->describe(args, prior, &desc);
	json_object_set_new(res, "describe", json_string(desc.data));
	if (strcmp(action, "describe") == 0) {
		rc = 0;
		goto out;
	}
	if (strcmp(action, "apply") != 0)
		usage();
	rc = m->apply(run, args, prior, &changed, err);
	json_object_set_new(res, "changed", json_integer(changed));
out:
	json_decref(prior);
	buf_release(&desc);
	return rc;
}

/* Runs one step of one task on one host; see the top of the file. */
int main(int argc, char **argv)
{
	const char *inv_path = NULL, *pb_path = NULL, *host_name = NULL;
	const char *run_id = "test", *action, *prior_file;
	char *keys[4], *pb_copy = NULL, *rollback = NULL;
	size_t n_keys = 0;
	unsigned task_no = 0;
	struct driver d;
	struct error err = ERROR_INIT;
	struct playbook *pb = NULL;
	struct inventory *inv = NULL;
	struct host *host;
	struct vars *v = vars_new();
	struct module_run run;
	struct transport_conn *conn = NULL;
	const struct task *task;
	json_t *args = NULL, *res = json_object();
	int c, rc = 1;

	memset(&d, 0, sizeof(d));
	module_run_init(&run, NULL, "", run_id, 0, 0, 0);
	while ((c = getopt(argc, argv, "i:p:H:t:k:K:r:e:")) != -1) {
		switch (c) {
		case 'i':
			inv_path = optarg;
			break;
		case 'p':
			pb_path = optarg;
			break;
		case 'H':
			host_name = optarg;
			break;
		case 't':
			task_no = (unsigned)atoi(optarg);
			break;
		case 'k':
			if (n_keys < 4)
				keys[n_keys++] = optarg;
			break;
		case 'K':
			d.opts.known_hosts = optarg;
			break;
		case 'r':
			run_id = optarg;
			break;
		case 'e':
			if (vars_add_extra(v, optarg, &err) < 0)
				goto out;
			break;
		default:
			usage();
		}
	}
	if (!inv_path || !pb_path || !host_name || task_no == 0 ||
	    optind >= argc)
		usage();
	action = argv[optind];
	prior_file = optind + 1 < argc ? argv[optind + 1] : NULL;
	d.opts.keys = keys;
	d.opts.n_keys = n_keys;
	transport_global_init();
	if (playbook_load(pb_path, &pb, &err) < 0 ||
	    inventory_load(inv_path, &inv, &err) < 0)
		goto out;
	if ((host = inventory_host(inv, host_name)) == NULL) {
		error_set(&err, ERROR_INVALID, "no host '%s'", host_name);
		goto out;
	}
	if (pb->n_plays == 0 || task_no > pb->plays[0].n_tasks) {
		error_set(&err, ERROR_INVALID, "no task %u", task_no);
		goto out;
	}
	task = &pb->plays[0].tasks[task_no - 1];
	pb_copy = xstrdup(pb_path);
	{
		/* The play's vars go under -e, which was merged first:
		 * rebuild in order. */
		struct vars *extra = v;

		v = vars_new();
		if (inventory_merge_vars(inv, host, v, &err) < 0 ||
		    (pb->plays[0].vars &&
		     vars_merge(v, pb->plays[0].vars, dirname(pb_copy), &err) <
			     0) ||
		    vars_merge(v, vars_values(extra), NULL, &err) < 0) {
			vars_free(extra);
			goto out;
		}
		vars_free(extra);
	}
	if (vars_expand_node(v, task->args, &args, NULL, &err) < 0)
		goto out;
	if (task->rollback && vars_expand_text(v, task->rollback, &task->at,
					       &rollback, NULL, &err) < 0)
		goto out;
	json_object_set_new(res, "irreversible",
			    json_boolean(module_task_irreversible(task)));
	d.target.name = host->name;
	d.target.address = host->address;
	d.target.port = host->port;
	d.target.user = host->user;
	if (transport_connect(&d.target, &d.opts, &conn, &err) < 0)
		goto out;
	run.conn = conn;
	run.host = host->name;
	run.run_id = run_id;
	run.task_index = task_no - 1;
	run.become = task->become > 0;
	run.timeout_ms = task->timeout * 1000u;
	run.rollback = rollback;
	free(pb_copy);
	pb_copy = xstrdup(pb_path);
	run.base_dir = dirname(pb_copy);
	run.reconnect = driver_reconnect;
	run.engine = &d;
	if (drive(action, prior_file, &run, task, args, res, &err) == 0)
		rc = 0;
	conn = run.conn;
out:
	if (err.kind != ERROR_NONE)
		json_object_set_new(res, "error",
				    json_pack("{s:s,s:s}", "kind",
					      error_kind_name(err.kind),
					      "message",
					      err.message ? err.message : ""));
	else
		json_object_set_new(res, "error", json_null());
	json_dumpf(res, stdout, JSON_INDENT(1) | JSON_SORT_KEYS);
	putchar('\n');
	module_run_release(&run);
	transport_close(conn);
	json_decref(res);
	json_decref(args);
	free(rollback);
	free(pb_copy);
	vars_free(v);
	inventory_free(inv);
	playbook_free(pb);
	error_release(&err);
	return rc;
}
