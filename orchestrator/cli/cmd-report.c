/*
 * cmd-report.c - "crest report": the fleet report, one self-contained HTML
 * file (report/fleet-report.h): the inventory with what is known of each
 * host, the patch state the journals tell, and the runs newest first with
 * their timelines.  Writes the file (STATE/report.html unless -o) and
 * prints its path.  Reads the state directory and the inventory; connects
 * to nothing.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "options.h"
#include "base/xmalloc.h"
#include "engine/state.h"
#include "inventory/inventory.h"
#include "report/fleet-report.h"
#include "report/html.h"

enum { REPORT_RUNS = OPTIONS_CODE_OWN };

/* What crest report takes besides the shared options. */
struct report_args {
	const char *output;
	size_t max_runs;
};

/* Takes -o FILE and --runs N. */
static int report_option(int c, const char *arg, void *data)
{
	struct report_args *a = data;
	char *end;
	unsigned long n;

	if (c == 'o') {
		a->output = arg;
		return 0;
	}
	if (c != REPORT_RUNS)
		return -1;
	n = strtoul(arg, &end, 10);
	if (*arg < '0' || *arg > '9' || *end != '\0' || n > 100000) {
		cmd_usage_error(&cmd_report_entry,
				"--runs wants a count (0: every run), not '%s'",
				arg);
		return CMD_OPTION_REPORTED;
	}
	a->max_runs = (size_t)n;
	return 0;
}

/* Writes the fleet report. */
static int cmd_report_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"inventory", required_argument, NULL, 'i'},
		{"state-dir", required_argument, NULL, OPTIONS_STATE_DIR},
		{"output", required_argument, NULL, 'o'},
		{"runs", required_argument, NULL, REPORT_RUNS},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct report_args a = {NULL, 20};
	struct fleet_report req = {0};
	struct options o;
	struct error err = ERROR_INIT;
	struct buf msg = BUF_INIT, page = BUF_INIT;
	struct inventory *inv = NULL;
	char *state_dir = NULL, *path = NULL;
	int rc = CREST_EXIT_INVALID;

	options_init(&o);
	if (!cmd_parse_options_with(&cmd_report_entry, ":hi:o:", argc, argv,
				    longopts, &o, report_option, &a, &rc))
		goto out;
	if (argc != optind) {
		rc = cmd_usage_error(&cmd_report_entry,
				     "no argument expected, got '%s'",
				     argv[optind]);
		goto out;
	}
	if (state_dir_open(o.state_dir, &state_dir, &err) < 0)
		goto fail;
	if (o.inventory && inventory_load(o.inventory, &inv, &err) < 0)
		goto fail;
	req.state_dir = state_dir;
	req.inv = inv;
	req.max_runs = a.max_runs;
	if (fleet_report_html(&req, &page, &err) < 0)
		goto fail;
	path = a.output ? xstrdup(a.output)
			: xasprintf("%s/report.html", state_dir);
	if (html_write_file(path, &page, &err) < 0)
		goto fail;
	printf("%s\n", path);
	rc = CREST_EXIT_OK;
	goto out;
fail:
	error_format(&err, &msg);
	fprintf(stderr, "crest report: %s\n", msg.data);
	rc = error_exit_code(&err);
out:
	inventory_free(inv);
	free(state_dir);
	free(path);
	options_release(&o);
	buf_release(&msg);
	buf_release(&page);
	error_release(&err);
	return rc;
}

const struct cmd_entry cmd_report_entry = {
	.name = "report",
	.summary =
		"write the fleet report: inventory, patch state, runs (HTML)",
	.usage =
		"report [-i INVENTORY] [--state-dir DIR] [-o FILE] [--runs N]"
		"\n\n"
		"Writes one self-contained HTML file (no network, no external "
		"assets): the\nfleet inventory with what the facts store knows "
		"of each host, the patch state\nthe journals tell, and the "
		"runs newest first, each with its timeline.  Prints\nthe path "
		"written.\n\n"
		"  -i, --inventory FILE     the hosts and groups to list "
		"(else those the runs name)\n"
		"      --state-dir DIR      where runs and facts are recorded\n"
		"  -o, --output FILE        where to write (default "
		"STATE/report.html)\n"
		"      --runs N             the newest N runs (default 20; 0: "
		"every run)\n",
	.exec = cmd_report_exec,
};
