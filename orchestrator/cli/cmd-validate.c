/*
 * cmd-validate.c - "crest validate": check playbooks without connecting
 * anywhere.
 *
 * Each playbook is read and checked (keys, types, modules and their
 * arguments).  With -i, each play's host pattern must match hosts of the
 * inventory, and every variable a task, check, rollback or condition uses
 * must be defined for every one of those hosts (inventory vars, play vars,
 * -e).  Each playbook's work tree's crest.yml is checked as a run reads
 * it.  Every error is printed as file:line:column; exit 4 if any.
 */
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "pattern-facts.h"
#include "base/error.h"
#include "base/strmap.h"
#include "git/git-source.h"
#include "inventory/inventory.h"
#include "modules/module.h"
#include "lang/playbook.h"
#include "lang/vars-check.h"
#include "lang/vars.h"
#include "engine/wave.h"
#include "base/xmalloc.h"

/* What the options asked for. */
struct validate_options {
	const char *inventory;
	const char *limit;
	const char *state_dir; /* where facts terms read facts; NULL: default */
	const char **extra;    /* -e arguments */
	size_t n_extra;
	int quiet;
};

/* Prints an error as "crest validate: file:line:col: message". */
static void report(const struct error *err, const char *host)
{
	struct buf b = BUF_INIT;

	error_format(err, &b);
	if (host)
		fprintf(stderr, "crest validate: %s (host %s)\n", b.data, host);
	else
		fprintf(stderr, "crest validate: %s\n", b.data);
	buf_release(&b);
}

/* Builds one host's variables for a play. */
static struct vars *host_vars(const struct inventory *inv, const struct host *h,
			      const struct play *play, const char *base_dir,
			      const struct validate_options *opt,
			      struct error *err)
{
	struct vars *v = vars_new();
	size_t i;

	if (inventory_merge_vars(inv, h, v, err) < 0 ||
	    vars_merge(v, play->vars, base_dir, err) < 0)
		goto fail;
	for (i = 0; i < opt->n_extra; i++)
		if (vars_add_extra(v, opt->extra[i], err) < 0)
			goto fail;
	return v;
fail:
	vars_free(v);
	return NULL;
}

/* Checks one play against the inventory; prints what it finds. */
static int check_play(const struct playbook *pb, const struct play *play,
		      const struct inventory *inv, const char *base_dir,
		      const struct validate_options *opt)
{
	struct error err = ERROR_INIT;
	struct host **hosts = NULL;
	struct vars *v = NULL;
	size_t n = 0, i, j, n_sizes = 0, *sizes = NULL;
	int rc = -1;

	if (inventory_select(inv, play->hosts, opt->limit, &hosts, &n, &err) <
	    0) {
		char *msg = xstrdup(err.message);

		error_set_at(&err, ERROR_INVALID, play->hosts_at.file,
			     play->hosts_at.line, play->hosts_at.column,
			     "hosts '%s': %s", play->hosts, msg);
		free(msg);
		report(&err, NULL);
		goto out;
	}
	if (n == 0) {
		error_set_at(&err, ERROR_INVALID, play->hosts_at.file,
			     play->hosts_at.line, play->hosts_at.column,
			     "hosts '%s'%s%s match no host of %s", play->hosts,
			     opt->limit ? " limited to " : "",
			     opt->limit ? opt->limit : "", opt->inventory);
		report(&err, NULL);
		goto out;
	}
	for (i = 0; i < n; i++) {
		v = host_vars(inv, hosts[i], play, base_dir, opt, &err);
		if (v == NULL) {
			report(&err, hosts[i]->name);
			goto out;
		}
		for (j = 0; j < play->n_tasks; j++)
			if (vars_check_task(v, &play->tasks[j], &err) < 0)
				break;
		for (j = 0; err.kind == ERROR_NONE && j < play->n_verify; j++)
			if (vars_check_task(v, &play->verify[j], &err) < 0)
				break;
		if (err.kind != ERROR_NONE) {
			report(&err, hosts[i]->name);
			goto out;
		}
		vars_free(v);
		v = NULL;
	}
	sizes = wave_sizes(play->waves, play->n_waves, n, &n_sizes);
	if (!opt->quiet) {
		printf("%s: play '%s': %zu host%s in %zu wave%s:", pb->file,
		       play->name ? play->name : play->hosts, n,
		       n == 1 ? "" : "s", n_sizes, n_sizes == 1 ? "" : "s");
		for (i = 0; i < n_sizes && i < 12; i++)
			printf(" %zu", sizes[i]);
		printf("%s\n", n_sizes > 12 ? " ..." : "");
	}
	rc = 0;
out:
	free(sizes);
	vars_free(v);
	free(hosts);
	error_release(&err);
	return rc;
}

/* Checks one playbook file; returns 0 when it is valid.  Says "ok"
 * only when yml_ok (its crest.yml passed too). */
static int validate_one(const char *path, const struct inventory *inv,
			const struct validate_options *opt, int yml_ok)
{
	struct error err = ERROR_INIT;
	struct playbook *pb = NULL;
	char *copy = xstrdup(path);
	const char *base_dir = dirname(copy);
	size_t i, tasks = 0;
	int rc = 0;

	if (playbook_load(path, &pb, &err) < 0) {
		report(&err, NULL);
		rc = -1;
		goto out;
	}
	for (i = 0; i < pb->n_plays; i++) {
		tasks += pb->plays[i].n_tasks;
		if (inv &&
		    check_play(pb, &pb->plays[i], inv, base_dir, opt) < 0)
			rc = -1;
	}
	if (rc == 0 && yml_ok && !opt->quiet)
		printf("%s: ok (%zu play%s, %zu task%s)\n", path, pb->n_plays,
		       pb->n_plays == 1 ? "" : "s", tasks,
		       tasks == 1 ? "" : "s");
out:
	playbook_free(pb);
	error_release(&err);
	free(copy);
	return rc;
}

/* Checks the crest.yml of the playbook's work tree, once per file (a
 * second playbook of the same tree gets the first one's result). */
static int validate_crest_yml(const char *playbook, struct strmap *seen)
{
	static char bad;
	struct error err = ERROR_INIT;
	char *path = git_source_crest_yml_path(playbook);
	void *known;
	int rc = 0;

	if (path == NULL)
		goto out;
	known = strmap_get(seen, path);
	if (known != NULL) {
		rc = known == &bad ? -1 : 0;
		goto out;
	}
	if (git_source_check_crest_yml(path, path, &err) < 0) {
		report(&err, NULL);
		rc = -1;
	}
	strmap_put(seen, path, rc < 0 ? (void *)&bad : (void *)seen);
out:
	error_release(&err);
	free(path);
	return rc;
}

/* Lists the modules a task can use, with what each can do. */
static int list_modules(void)
{
	size_t i;

	for (i = 0; modules[i]; i++) {
		const struct module *m = modules[i];

		printf("%-11s %s%s%s\n", m->name, m->summary,
		       m->flags & MODULE_VERIFY ? "; can verify" : "",
		       m->flags & MODULE_ROLLBACK ? "; undone by the task's "
						    "rollback: only"
		       : m->flags & MODULE_IRREVERSIBLE ? "; irreversible"
		       : m->flags & MODULE_NO_CHANGE	? "; changes nothing"
							: "");
	}
	return CREST_EXIT_OK;
}

/* Parses the options and validates each playbook. */
static int cmd_validate_exec(int argc, char **argv)
{
	static const struct option options[] = {
		{"inventory", required_argument, NULL, 'i'},
		{"limit", required_argument, NULL, 'l'},
		{"extra-vars", required_argument, NULL, 'e'},
		{"quiet", no_argument, NULL, 'q'},
		{"modules", no_argument, NULL, 'm'},
		{"state-dir", required_argument, NULL, 'S'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct validate_options opt = {0};
	struct strmap seen = STRMAP_INIT;
	struct error err = ERROR_INIT;
	struct inventory *inv = NULL;
	struct pattern_facts pf;
	int c, i, rc = CREST_EXIT_OK;

	memset(&pf, 0, sizeof(pf));
	optind = 1;
	while ((c = getopt_long(argc, argv, "i:l:e:qh", options, NULL)) != -1) {
		switch (c) {
		case 'i':
			opt.inventory = optarg;
			break;
		case 'l':
			opt.limit = optarg;
			break;
		case 'e':
			opt.extra = xreallocarray(opt.extra, opt.n_extra + 1,
						  sizeof(*opt.extra));
			opt.extra[opt.n_extra++] = optarg;
			break;
		case 'q':
			opt.quiet = 1;
			break;
		case 'S':
			opt.state_dir = optarg;
			break;
		case 'm':
			rc = list_modules();
			goto out;
		case 'h':
			cmd_print_usage(&cmd_validate_entry);
			goto out;
		default:
			rc = cmd_usage_error(&cmd_validate_entry,
					     "unknown option");
			goto out;
		}
	}
	if (optind >= argc || (opt.limit && !opt.inventory)) {
		rc = cmd_usage_error(&cmd_validate_entry, "%s",
				     optind >= argc
					     ? "name at least one playbook"
					     : "--limit needs -i INVENTORY");
		goto out;
	}
	if (opt.inventory && inventory_load(opt.inventory, &inv, &err) < 0) {
		report(&err, NULL);
		rc = CREST_EXIT_INVALID;
		goto out;
	}
	pattern_facts_init(&pf, "validate", opt.state_dir);
	if (inv)
		inventory_set_facts(inv, pattern_facts_ops(&pf));
	for (i = optind; i < argc; i++) {
		int yml_ok = validate_crest_yml(argv[i], &seen) == 0;

		if (validate_one(argv[i], inv, &opt, yml_ok) < 0 || !yml_ok)
			rc = CREST_EXIT_INVALID;
	}
	pattern_facts_note(&pf);
out:
	strmap_release(&seen);
	inventory_free(inv);
	pattern_facts_release(&pf);
	error_release(&err);
	free(opt.extra);
	return rc;
}

const struct cmd_entry cmd_validate_entry = {
	.name = "validate",
	.summary = "check playbooks (and their hosts and variables) offline",
	.usage = "validate [-i INVENTORY] [--limit PATTERN] [-e KEY=VALUE]... "
		 "PLAYBOOK...\n\n"
		 "  -i, --inventory INV   also check each play's hosts and "
		 "variables\n"
		 "                        against this inventory\n"
		 "  -l, --limit PATTERN   narrow the hosts checked\n"
		 "  -e, --extra-vars KEY=VALUE|@FILE|{...}\n"
		 "                        variables over all others, as for "
		 "crest run\n"
		 "  -q, --quiet           print errors only\n"
		 "      --state-dir DIR   where facts terms of patterns read "
		 "facts\n"
		 "                        (facts.os.codename=bookworm)\n"
		 "  --modules             list the modules tasks can use\n"
		 "  -h, --help            this text\n\n"
		 "Nothing connects anywhere.  Exits 0 when every playbook is "
		 "valid, 4 otherwise.\n",
	.exec = cmd_validate_exec,
};
