/*
 * cmd-patches.c - "crest patches [PATTERN]": the fleet's patch state,
 * read-only.
 *
 * Every host runs the patch module's probe script (patch-sh.c: the
 * package lists refreshed, then what an upgrade would take and whether
 * the host needs a reboot) over the same transport and executor as crest
 * exec, --forks at a time; nothing on the host changes but the package
 * lists.  The journals in the state directory say when crest last
 * patched each host.  patches-report.c prints the records.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "engine/exec.h"
#include "patch/patch-history.h"
#include "engine/state.h"
#include "inventory/inventory.h"
#include "modules/patch.h"
#include "options.h"
#include "patches-report.h"
#include "base/xmalloc.h"

enum {
	PATCHES_OPT_ONLY = OPTIONS_CODE_OWN,
	PATCHES_OPT_ORIGIN,
	PATCHES_OPT_BECOME,
	PATCHES_OPT_HELP,
};

/* The report and where each host's record goes. */
struct patches_run {
	struct patches_report report;
	struct exec_host *hosts;
};

/* Records a host as soon as it ends. */
static void patches_host_done(void *data, struct exec_host *host)
{
	struct patches_run *pr = data;

	patches_report_host(&pr->report, (size_t)(host - pr->hosts), host);
}

/* Probes the hosts and prints the report; returns the exit code. */
static int patches_probe(const struct options *o, const char *pattern,
			 struct patches_run *pr, int become, int verbose)
{
	struct error err = ERROR_INIT;
	struct inventory *inv = NULL;
	struct transport_target *targets = NULL;
	struct exec_request req;
	struct buf line = BUF_INIT;
	json_t *last = NULL;
	char *state_dir = NULL;
	size_t n = 0, i;
	int rc = CREST_EXIT_INVALID;

	memset(&req, 0, sizeof(req));
	if (options_select_targets(o, "patches", pattern, &inv, &targets, &n,
				   &err) < 0 ||
	    state_dir_open(o->state_dir, &state_dir, &err) < 0 ||
	    patch_history_last(state_dir, &last, &err) < 0) {
		fprintf(stderr, "crest patches: %s\n", err.message);
		rc = error_exit_code(&err);
		goto out;
	}
	pr->hosts = xcalloc(n, sizeof(*pr->hosts));
	pr->report.hosts = json_array();
	pr->report.last = last;
	for (i = 0; i < n; i++) {
		exec_host_init(&pr->hosts[i], &targets[i]);
		json_array_append_new(pr->report.hosts, json_null());
	}
	patch_sh_probe(1, &line);
	req.line = line.data;
	req.become = become;
	req.transport = &o->transport;
	req.forks = o->forks;
	req.host_done = patches_host_done;
	req.data = pr;
	if (exec_run(&req, pr->hosts, n, &err) < 0) {
		fprintf(stderr, "crest patches: %s\n", err.message);
		rc = CREST_EXIT_FAILED;
		goto out;
	}
	rc = patches_report_print(&pr->report, o->json, verbose, stdout);
out:
	for (i = 0; pr->hosts && i < n; i++)
		exec_host_release(&pr->hosts[i]);
	free(pr->hosts);
	json_decref(pr->report.hosts);
	json_decref(last);
	free(targets);
	free(state_dir);
	inventory_free(inv);
	buf_release(&line);
	error_release(&err);
	return rc;
}

/* Parses the command line, then probes. */
static int cmd_patches_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		OPTIONS_LONG,
		{"only", required_argument, NULL, PATCHES_OPT_ONLY},
		{"security-origin", required_argument, NULL,
		 PATCHES_OPT_ORIGIN},
		{"become", no_argument, NULL, PATCHES_OPT_BECOME},
		{"verbose", no_argument, NULL, 'v'},
		{"help", no_argument, NULL, PATCHES_OPT_HELP},
		{NULL, 0, NULL, 0},
	};
	struct patches_run pr;
	struct options o;
	struct error err = ERROR_INIT;
	const char **origins = NULL;
	size_t n_origins = 0;
	int c, become = 0, verbose = 0, rc = CREST_EXIT_INVALID;

	memset(&pr, 0, sizeof(pr));
	pr.report.security_only = 1;
	options_init(&o);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "hbv" OPTIONS_SHORT, longopts,
				NULL)) != -1) {
		switch (options_parse(&o, c, optarg, &err)) {
		case 1:
			continue;
		case -1:
			rc = cmd_usage_error(&cmd_patches_entry, "%s",
					     err.message);
			goto out;
		}
		switch (c) {
		case PATCHES_OPT_ONLY:
			if (strcmp(optarg, "security") != 0 &&
			    strcmp(optarg, "all") != 0) {
				rc = cmd_usage_error(
					&cmd_patches_entry,
					"--only: '%s' is not security or all",
					optarg);
				goto out;
			}
			pr.report.security_only =
				strcmp(optarg, "security") == 0;
			break;
		case PATCHES_OPT_ORIGIN:
			if (strchr(optarg, '=') == NULL) {
				rc = cmd_usage_error(
					&cmd_patches_entry,
					"--security-origin: '%s' is not "
					"FIELD=GLOB (a=*-security)",
					optarg);
				goto out;
			}
			origins = xreallocarray(origins, n_origins + 2,
						sizeof(*origins));
			origins[n_origins++] = optarg;
			origins[n_origins] = NULL;
			break;
		case 'b':
		case PATCHES_OPT_BECOME:
			become = 1;
			break;
		case 'v':
			verbose = 1;
			break;
		case 'h':
		case PATCHES_OPT_HELP:
			cmd_print_usage(&cmd_patches_entry);
			rc = CREST_EXIT_OK;
			goto out;
		default:
			rc = cmd_usage_error(&cmd_patches_entry,
					     "unknown option '%s'",
					     argv[optind - 1]);
			goto out;
		}
	}
	if (argc - optind > 1) {
		rc = cmd_usage_error(&cmd_patches_entry,
				     "one host pattern at most, not '%s'",
				     argv[optind + 1]);
		goto out;
	}
	if (options_finish(&o, &err) < 0) {
		rc = cmd_usage_error(&cmd_patches_entry, "%s", err.message);
		goto out;
	}
	pr.report.origins = origins ? origins : patch_default_security_origins;
	rc = patches_probe(&o, optind < argc ? argv[optind] : "all", &pr,
			   become, verbose);
out:
	free(origins);
	error_release(&err);
	options_release(&o);
	return rc;
}

const struct cmd_entry cmd_patches_entry = {
	.name = "patches",
	.summary = "report each host's pending updates, security first",
	.usage = "patches [PATTERN] [-i INVENTORY] [--only security|all] [-v] "
		 "[OPTIONS]\n"
		 "\n"
		 "Asks every host PATTERN matches (default: all) which "
		 "updates it would take,\n"
		 "which of them are security updates (by the archive they "
		 "come from), and\n"
		 "whether it needs a reboot; says when crest last patched it. "
		 " Read-only: only\n"
		 "the package lists are refreshed.  Exit status: 0 when every "
		 "host is\n"
		 "compliant (no pending security update, with --only all no "
		 "pending update,\n"
		 "and no reboot needed), 1 when any is not or cannot be "
		 "reached, 4 for bad\n"
		 "input.\n"
		 "\n"
		 "      --only security|all  what a host must not have "
		 "pending (default\n"
		 "                           security)\n"
		 "      --security-origin FIELD=GLOB  a security archive "
		 "(repeatable; default\n"
		 "                           a=*-security and n=*-security)\n"
		 "  -v, --verbose            list each pending update\n"
		 "  -b, --become             probe through sudo -n\n"
		 "  -h, --help               this text\n" OPTIONS_USAGE,
	.exec = cmd_patches_exec,
};
