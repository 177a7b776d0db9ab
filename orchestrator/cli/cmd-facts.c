/*
 * cmd-facts.c - "crest facts [PATTERN]": every host's facts, gathered
 * now and kept as snapshots; with --diff what changed since an earlier
 * one.
 *
 * facts_gather() runs the facts script on every host (the executor of
 * crest exec, --forks at a time) and saves a snapshot per host that
 * answered; a host that did not keeps its last one, marked stale.
 * facts-report.c prints the records.  Read-only on the hosts.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "config/crest-yml.h"
#include "engine/state.h"
#include "facts/facts-diff.h"
#include "facts/facts-gather.h"
#include "facts/facts-store.h"
#include "git/repo-policy.h"
#include "base/duration.h"
#include "base/json-get.h"
#include "inventory/inventory.h"
#include "options.h"
#include "facts-report.h"

enum {
	FACTS_OPT_KEEP = OPTIONS_CODE_OWN,
	FACTS_OPT_DIFF,
};

/* What the command line asked for besides the shared options. */
struct facts_args {
	int keep; /* 0: crest.yml's facts_keep, else the default */
	int diff;
	const char *since; /* --diff's value, or NULL */
};

/* Reads facts_keep from ./crest.yml (the policy section); 0 when unset. */
static int keep_from_crest_yml(int *keep, struct error *err)
{
	struct crest_yml cy = CREST_YML_INIT;
	struct repo_policy p = REPO_POLICY_INIT;
	struct crest_yml_reader r = repo_policy_reader(&p);
	int ret = -1;

	if (crest_yml_load("crest.yml", "crest.yml", &cy, err) < 0 ||
	    crest_yml_read(&cy, &r, 1, err) < 0)
		goto out;
	*keep = (int)p.facts_keep;
	ret = 0;
out:
	repo_policy_release(&p);
	crest_yml_release(&cy);
	return ret;
}

/* Prints one host's changes since its base snapshot. */
static int print_diff(const char *state_dir, const char *host,
		      const json_t *rec, const struct facts_args *a, int json)
{
	struct error err = ERROR_INIT;
	const json_t *snap = json_object_get(rec, "snapshot");
	json_t *base = NULL, *diff = NULL;
	int ret = 0;

	if (json_is_object(snap)) {
		int found = facts_diff_base(state_dir, snap, a->since,
					    time(NULL), &base, &err);

		if (found < 0) {
			fprintf(stderr, "crest facts: %s: %s\n", host,
				err.message);
			ret = -1;
			goto out;
		}
		if (found == 0)
			diff = facts_diff(base, snap);
	}
	facts_report_diff(host, diff, json, stdout);
	if (!json && json_is_true(json_object_get(rec, "stale")))
		printf("  stale: %s\n", json_get_str(rec, "error", NULL));
out:
	json_decref(base);
	json_decref(diff);
	error_release(&err);
	return ret;
}

/* Gathers and prints; returns the exit code. */
static int facts_run(const struct options *o, const char *pattern,
		     const struct facts_args *a)
{
	struct error err = ERROR_INIT;
	struct inventory *inv = NULL;
	struct transport_target *targets = NULL;
	json_t *result = NULL;
	char *state_dir = NULL;
	size_t n = 0, i;
	int keep = a->keep, stale = 0, bad = 0, rc;

	if ((keep == 0 && keep_from_crest_yml(&keep, &err) < 0) ||
	    options_select_targets(o, "facts", pattern, &inv, &targets, &n,
				   &err) < 0 ||
	    state_dir_open(o->state_dir, &state_dir, &err) < 0 ||
	    facts_gather(targets, n, &o->transport, o->forks, state_dir,
			 keep ? keep : FACTS_KEEP_DEFAULT, &result, &err) < 0) {
		struct buf msg = BUF_INIT;

		error_format(&err, &msg);
		fprintf(stderr, "crest facts: %s\n", msg.data);
		buf_release(&msg);
		rc = error_exit_code(&err);
		goto out;
	}
	if (!o->json && !a->diff)
		facts_report_header(stdout);
	for (i = 0; i < n; i++) {
		const json_t *rec = json_object_get(result, targets[i].name);

		stale |= json_is_true(json_object_get(rec, "stale"));
		if (a->diff)
			bad |= print_diff(state_dir, targets[i].name, rec, a,
					  o->json) < 0;
		else
			facts_report_host(targets[i].name, rec, o->json,
					  stdout);
	}
	rc = bad     ? CREST_EXIT_INVALID
	     : stale ? CREST_EXIT_FAILED
		     : CREST_EXIT_OK;
out:
	json_decref(result);
	free(targets);
	free(state_dir);
	inventory_free(inv);
	error_release(&err);
	return rc;
}

/* Reads the command's own options into the struct facts_args. */
static int facts_own(int c, const char *arg, void *data)
{
	struct facts_args *a = data;
	char *end = NULL;
	long v;

	switch (c) {
	case FACTS_OPT_KEEP:
		v = strtol(arg, &end, 10);
		if (end == arg || *end || v < 1 || v > 100000) {
			cmd_usage_error(&cmd_facts_entry,
					"--keep: '%s' is not a number from 1 "
					"to 100000",
					arg);
			return CMD_OPTION_REPORTED;
		}
		a->keep = (int)v;
		return 0;
	case FACTS_OPT_DIFF:
		a->diff = 1;
		a->since = arg;
		return 0;
	}
	return -1;
}

/* Parses the command line, then gathers. */
static int cmd_facts_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		OPTIONS_LONG,
		{"keep", required_argument, NULL, FACTS_OPT_KEEP},
		{"diff", optional_argument, NULL, FACTS_OPT_DIFF},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct facts_args a = {0, 0, NULL};
	struct options o;
	struct error err = ERROR_INIT;
	unsigned seconds;
	int i, rc = CREST_EXIT_INVALID;

	options_init(&o);
	if (!cmd_parse_options(&cmd_facts_entry, argc, argv, longopts, &o,
			       facts_own, &a, &rc))
		goto out;
	/* "--diff 7d": without "=", the first operand that is a snapshot
	 * name or a duration is --diff's, not the host pattern (getopt has
	 * moved the operands after the options). */
	for (i = optind; a.diff && a.since == NULL && i < argc; i++) {
		if (!facts_store_name_valid(argv[i]) &&
		    duration_parse(argv[i], &seconds) < 0)
			continue;
		a.since = argv[i];
		memmove(&argv[optind + 1], &argv[optind],
			(size_t)(i - optind) * sizeof(*argv));
		optind++;
	}
	if (argc - optind > 1) {
		rc = cmd_usage_error(&cmd_facts_entry,
				     "one host pattern at most, not '%s'",
				     argv[optind + 1]);
		goto out;
	}
	if (facts_diff_since_check(a.since, &err) < 0 ||
	    options_finish(&o, &err) < 0) {
		rc = cmd_usage_error(&cmd_facts_entry, "%s", err.message);
		goto out;
	}
	rc = facts_run(&o, optind < argc ? argv[optind] : "all", &a);
out:
	error_release(&err);
	options_release(&o);
	return rc;
}

const struct cmd_entry cmd_facts_entry = {
	.name = "facts",
	.summary = "gather and show each host's facts; what changed since",
	.usage = "facts [PATTERN] [-i INVENTORY] [--keep N] "
		 "[--diff[=SNAPSHOT|DURATION]] [OPTIONS]\n"
		 "\n"
		 "Gathers the facts of every host PATTERN matches (default: "
		 "all) in one round\n"
		 "trip each and keeps them as a snapshot in "
		 "STATE/facts/HOST/; prints host, OS,\n"
		 "kernel, CPU, memory, disk use, packages and when it was "
		 "last seen.  A host\n"
		 "that does not answer shows its last facts, marked stale.  "
		 "Exit status: 0 when\n"
		 "every host answered, 1 when any is stale, 4 for bad "
		 "input.\n"
		 "\n"
		 "      --keep N             snapshots kept per host (default "
		 "crest.yml's\n"
		 "                           facts_keep, else 20)\n"
		 "      --diff [SNAPSHOT|DURATION]  what changed per host "
		 "since the previous\n"
		 "                           snapshot, the one named, or the "
		 "newest at least\n"
		 "                           DURATION (7d, 12h) old\n"
		 "  -h, --help               this text\n" OPTIONS_USAGE,
	.exec = cmd_facts_exec,
};
