/*
 * cmd-runs.c - "crest runs": the recorded runs, oldest first: id, start,
 * playbook, commit, status and hosts, as a table or with --json one JSON
 * object a line.  Runs of one state directory by default; --state-dir
 * repeated and journal files given as arguments are read together, so the
 * shards of a rollout on several controllers are seen as one: a --shard
 * run is shown in its rollout's block (rollout.h) with a combined line.
 * Built on run-state.h.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xmalloc.h"
#include "cmd.h"
#include "engine/rollout.h"
#include "engine/run-state.h"
#include "engine/state.h"
#include "options.h"

/* What crest runs was asked for. */
struct runs_args {
	const char **dirs; /* --state-dir, in order (borrowed) */
	size_t n_dirs;
};

/* Takes --state-dir, repeatable here (--json is the shared option). */
static int runs_option(int c, const char *arg, void *data)
{
	struct runs_args *a = data;

	if (c == OPTIONS_CODE_OWN) {
		a->dirs =
			xreallocarray(a->dirs, a->n_dirs + 1, sizeof(*a->dirs));
		a->dirs[a->n_dirs++] = arg;
		return 0;
	}
	return -1;
}

/* Prints one run as a table row or a JSON line; indent for a shard. */
static void runs_print(const struct run_state *rs, int json, int shard)
{
	const char *commit = run_state_header(rs, "commit");
	const char *start = run_state_header(rs, "time");
	const char *status = rs->status ? rs->status : "unfinished";
	unsigned k = 0, n = 0;
	const char *rollout = NULL;
	char name[48];
	json_t *o;

	rollout_shard_of(rs, &k, &n, &rollout);
	if (json) {
		o = json_pack("{s:s, s:s?, s:s?, s:s?, s:s, s:I}", "run",
			      rs->run_id, "start", start, "playbook",
			      run_state_header(rs, "playbook"), "commit",
			      commit, "status", status, "hosts",
			      (json_int_t)rs->n_hosts);
		if (rollout)
			json_object_set_new(o, "shard",
					    json_pack("{s:I, s:I, s:s}",
						      "index", (json_int_t)k,
						      "count", (json_int_t)n,
						      "rollout", rollout));
		json_dumpf(o, stdout, JSON_COMPACT);
		putchar('\n');
		json_decref(o);
		return;
	}
	snprintf(name, sizeof(name), "%s%s", shard ? "  " : "", rs->run_id);
	printf("%-23s %-20.19s %-28s %-12.12s %-16s %zu", name,
	       start ? start : "-", run_state_header(rs, "playbook"),
	       commit ? commit : "-", status, rs->n_hosts);
	if (rollout)
		printf("  shard %u/%u", k, n);
	putchar('\n');
}

/* Prints a rollout's block: its shards, then the combined line. */
static void runs_print_rollout(const struct rollout *ro, int json)
{
	const struct rollout_counts *t = &ro->total;
	struct buf missing = BUF_INIT;
	size_t i;
	unsigned k;
	json_t *o;

	for (k = 1; k <= ro->count; k++)
		if (ro->newest[k] == NULL)
			buf_addf(&missing, "%s%u", missing.len ? " " : "", k);
	if (json) {
		for (i = 0; i < ro->n_runs; i++)
			runs_print(ro->runs[i], 1, 1);
		o = json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
			      "rollout", ro->id, "shards",
			      (json_int_t)ro->count, "shards_seen",
			      (json_int_t)ro->shards_seen, "hosts",
			      (json_int_t)t->hosts, "ok", (json_int_t)t->ok,
			      "failed", (json_int_t)t->failed, "rolled_back",
			      (json_int_t)t->rolled_back, "rollback_failed",
			      (json_int_t)t->rollback_failed, "other",
			      (json_int_t)t->other);
		json_dumpf(o, stdout, JSON_COMPACT);
		putchar('\n');
		json_decref(o);
		buf_release(&missing);
		return;
	}
	printf("rollout %s (%u shard%s)\n", ro->id, ro->count,
	       ro->count == 1 ? "" : "s");
	for (i = 0; i < ro->n_runs; i++)
		runs_print(ro->runs[i], 0, 1);
	printf("  combined: %u/%u shards, %zu hosts: %zu ok, %zu failed, "
	       "%zu rolled back, %zu rollback failed, %zu not done%s%s\n",
	       ro->shards_seen, ro->count, t->hosts, t->ok, t->failed,
	       t->rolled_back, t->rollback_failed, t->other,
	       missing.len ? "; no run of shard " : "",
	       missing.len ? missing.data : "");
	buf_release(&missing);
}

/* Loads the journal at path into *runs; says why on stderr when it
 * cannot. */
static void runs_load(const char *path, struct run_state ***runs, size_t *n)
{
	struct error err = ERROR_INIT;
	struct run_state *rs = NULL;

	if (run_state_load(path, &rs, &err) < 0) {
		fprintf(stderr, "crest runs: %s: %s\n", path, err.message);
		error_release(&err);
		return;
	}
	*runs = xreallocarray(*runs, *n + 1, sizeof(**runs));
	(*runs)[(*n)++] = rs;
}

/* Loads every journal of one state directory. */
static int runs_load_dir(const char *option, struct run_state ***runs,
			 size_t *n, struct error *err)
{
	char *dir = NULL, **ids = NULL, *path;
	size_t i, n_ids = 0;
	int ret = -1;

	if (state_dir_open(option, &dir, err) < 0 ||
	    state_list_runs(dir, &ids, &n_ids, err) < 0)
		goto out;
	for (i = 0; i < n_ids; i++) {
		path = state_run_path(dir, ids[i]);
		runs_load(path, runs, n);
		free(path);
	}
	ret = 0;
out:
	for (i = 0; i < n_ids; i++)
		free(ids[i]);
	free(ids);
	free(dir);
	return ret;
}

/* Orders runs by start time, wherever they were read. */
static int runs_cmp(const void *a, const void *b)
{
	return rollout_run_cmp(*(const struct run_state *const *)a,
			       *(const struct run_state *const *)b);
}

/* Lists the recorded runs. */
static int cmd_runs_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"state-dir", required_argument, NULL, OPTIONS_CODE_OWN},
		{"json", no_argument, NULL, OPTIONS_JSON},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct runs_args a = {NULL, 0};
	struct options o;
	struct error err = ERROR_INIT;
	struct buf msg = BUF_INIT;
	struct run_state **runs = NULL;
	struct rollout *ro = NULL;
	const struct rollout *in;
	size_t i, n = 0, n_ro = 0;
	int rc = CREST_EXIT_INVALID;

	options_init(&o);
	/* --state-dir has runs' own code: options_parse() keeps one. */
	if (!cmd_parse_options_with(&cmd_runs_entry, "h", argc, argv, longopts,
				    &o, runs_option, &a, &rc))
		goto out;
	for (i = 0; i < a.n_dirs || (i == 0 && argc == optind); i++)
		if (runs_load_dir(a.n_dirs ? a.dirs[i] : NULL, &runs, &n,
				  &err) < 0)
			goto fail;
	for (i = (size_t)optind; i < (size_t)argc; i++)
		runs_load(argv[i], &runs, &n);
	if (n > 1)
		qsort(runs, n, sizeof(*runs), runs_cmp);
	rollout_group((const struct run_state *const *)runs, n, &ro, &n_ro);
	if (!o.json)
		printf("%-23s %-20s %-28s %-12s %-16s %s\n", "RUN", "START",
		       "PLAYBOOK", "COMMIT", "STATUS", "HOSTS");
	for (i = 0; i < n; i++) {
		in = rollout_find(ro, n_ro, runs[i]);
		if (in == NULL)
			runs_print(runs[i], o.json, 0);
		else if (in->runs[0] == runs[i])
			runs_print_rollout(in, o.json);
	}
	rc = CREST_EXIT_OK;
	goto out;
fail:
	error_format(&err, &msg);
	fprintf(stderr, "crest runs: %s\n", msg.data);
	rc = error_exit_code(&err);
out:
	rollout_free(ro, n_ro);
	for (i = 0; i < n; i++)
		run_state_free(runs[i]);
	free(runs);
	free(a.dirs);
	options_release(&o);
	buf_release(&msg);
	error_release(&err);
	return rc;
}

const struct cmd_entry cmd_runs_entry = {
	.name = "runs",
	.summary = "list the recorded runs, with their commits",
	.usage = "runs [--state-dir DIR]... [JOURNAL...] [--json]\n\n"
		 "Lists the runs of the state directory, oldest first: id, "
		 "start, playbook,\ncommit, status and hosts.  Several "
		 "--state-dir and journal files\n(STATE/runs/RUN.jsonl) are "
		 "read together; the --shard runs of one rollout\nare shown "
		 "in one block with a combined line (docs/scaling.md).\n\n"
		 "      --state-dir DIR      where runs are recorded "
		 "(repeatable)\n"
		 "      --json               one JSON object per run, and one "
		 "per rollout\n",
	.exec = cmd_runs_exec,
};
