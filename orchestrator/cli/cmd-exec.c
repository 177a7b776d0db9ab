/*
 * cmd-exec.c - "crest exec PATTERN -- COMMAND...": one ad-hoc command on
 * every host a pattern matches.
 *
 * The command's words are passed to each host as they are: each is quoted
 * for the host's sh (quote.h), so the host runs exactly that argument
 * vector, as "kubectl exec" or "docker exec" do; pipes and other shell
 * syntax need an explicit "sh -c '...'".  Hosts run in parallel (--forks),
 * and each host's result is printed whole when it ends: a header line
 * "NAME | STATUS | exit N | 0.21 s", then its stdout, then its stderr; or,
 * with --json, one JSON object per host and one for the summary.  The
 * engine is engine/exec.h, which hosts engine/exec-select.h picks, and
 * exec-output.h prints; this file parses options and calls them.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "base/error.h"
#include "engine/exec.h"
#include "exec-output.h"
#include "inventory/inventory.h"
#include "base/monotime.h"
#include "options.h"
#include "transport/quote.h"
#include "base/xmalloc.h"

enum {
	EXEC_OPT_BECOME = OPTIONS_CODE_OWN,
	EXEC_OPT_BECOME_USER,
	EXEC_OPT_INPUT,
	EXEC_OPT_HELP,
};

/* Largest --input: it is held in memory and sent to every host. */
#define EXEC_INPUT_MAX (64u << 20)

/* Set by SIGINT/SIGTERM: start no further host. */
static volatile sig_atomic_t exec_interrupted;

/* The first interrupt stops new hosts. */
static void exec_on_signal(int sig)
{
	exec_interrupted = 1;
}

/* Installs exec_on_signal for SIGINT and SIGTERM, once: a second one ends
 * crest at once (SA_RESETHAND). */
static void exec_catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = exec_on_signal;
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/* Reads --input FILE ("-": crest's own stdin) whole, up to
 * EXEC_INPUT_MAX bytes.  Returns 0, or -1 with an ERROR_INVALID err. */
static int exec_read_input(const char *path, struct buf *out, struct error *err)
{
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	char chunk[65536];
	size_t n;
	int rc = -1;

	if (fp == NULL)
		return error_set(err, ERROR_INVALID,
				 "--input: cannot read %s: %s", path,
				 strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		if (out->len + n > EXEC_INPUT_MAX) {
			error_set(err, ERROR_INVALID,
				  "--input: %s is larger than %u MiB", path,
				  EXEC_INPUT_MAX >> 20);
			goto out;
		}
		buf_add(out, chunk, n);
	}
	if (ferror(fp)) {
		error_set(err, ERROR_INVALID, "--input: cannot read %s: %s",
			  path, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (fp != stdin)
		fclose(fp);
	return rc;
}

/* Parses the command line, runs, prints; returns the exit code. */
static int cmd_exec_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		OPTIONS_LONG,
		{"shard", required_argument, NULL, OPTIONS_SHARD},
		{"become", no_argument, NULL, EXEC_OPT_BECOME},
		{"become-user", required_argument, NULL, EXEC_OPT_BECOME_USER},
		{"input", required_argument, NULL, EXEC_OPT_INPUT},
		{"help", no_argument, NULL, EXEC_OPT_HELP},
		{NULL, 0, NULL, 0},
	};
	struct exec_request req;
	struct exec_output out;
	struct options o;
	struct error err = ERROR_INIT;
	struct inventory *inv = NULL;
	struct transport_target *targets = NULL;
	struct exec_host *hosts = NULL;
	struct buf line = BUF_INIT, msg = BUF_INIT, input = BUF_INIT;
	const char *input_path = NULL;
	const char *pattern;
	size_t n = 0, i;
	uint64_t start;
	int c, rc = CREST_EXIT_INVALID;

	memset(&req, 0, sizeof(req));
	exec_output_init(&out, 0, 0, 0);
	options_init(&o);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "hb" OPTIONS_SHORT, longopts,
				NULL)) != -1) {
		switch (options_parse(&o, c, optarg, &err)) {
		case 1:
			continue;
		case -1:
			rc = cmd_usage_error(&cmd_exec_entry, "%s",
					     err.message);
			goto out;
		}
		switch (c) {
		case 'b':
		case EXEC_OPT_BECOME:
			req.become = 1;
			break;
		case EXEC_OPT_BECOME_USER:
			req.become = 1;
			req.become_user = optarg;
			break;
		case EXEC_OPT_INPUT:
			input_path = optarg;
			break;
		case 'h':
		case EXEC_OPT_HELP:
			cmd_print_usage(&cmd_exec_entry);
			rc = CREST_EXIT_OK;
			goto out;
		default:
			rc = cmd_usage_error(
				&cmd_exec_entry,
				"unknown option '%s' (the command goes after "
				"'--')",
				argv[optind - 1]);
			goto out;
		}
	}
	if (argc - optind < 2) {
		rc = cmd_usage_error(&cmd_exec_entry,
				     argc - optind < 1
					     ? "no host pattern"
					     : "no command (give it after "
					       "'--')");
		goto out;
	}
	if (options_finish(&o, &err) < 0) {
		rc = cmd_usage_error(&cmd_exec_entry, "%s", err.message);
		goto out;
	}
	if (input_path && exec_read_input(input_path, &input, &err) < 0) {
		rc = cmd_usage_error(&cmd_exec_entry, "%s", err.message);
		goto out;
	}
	pattern = argv[optind];
	quote_sh_argv(&line, argv + optind + 1, (size_t)(argc - optind - 1));

	if (options_select_targets(&o, "exec", pattern, &inv, &targets, &n,
				   &err) < 0) {
		error_format(&err, &msg);
		fprintf(stderr, "crest exec: %s\n", msg.data);
		rc = error_exit_code(&err);
		goto out;
	}
	hosts = xcalloc(n, sizeof(*hosts));
	for (i = 0; i < n; i++)
		exec_host_init(&hosts[i], &targets[i]);

	exec_output_init(&out, o.json,
			 !o.json && isatty(STDOUT_FILENO) &&
				 !(getenv("NO_COLOR") && *getenv("NO_COLOR")),
			 n);
	req.line = line.data;
	if (input_path) {
		req.input = input.data;
		req.input_len = input.len;
	}
	req.transport = &o.transport;
	req.forks = o.forks;
	req.host_done = exec_output_host;
	req.data = &out;
	req.stop = &exec_interrupted;
	exec_catch_signals();
	start = monotime_ms();
	if (exec_run(&req, hosts, n, &err) < 0) {
		fprintf(stderr, "crest exec: %s\n", err.message);
		rc = CREST_EXIT_FAILED;
		goto out;
	}
	exec_output_skipped(&out, hosts, n);
	rc = exec_output_summary(&out, monotime_ms() - start, exec_interrupted);
out:
	for (i = 0; hosts && i < n; i++)
		exec_host_release(&hosts[i]);
	free(hosts);
	free(targets);
	inventory_free(inv);
	buf_release(&line);
	buf_release(&msg);
	buf_release(&input);
	error_release(&err);
	options_release(&o);
	return rc;
}

const struct cmd_entry cmd_exec_entry = {
	.name = "exec",
	.summary = "run one command on every host a pattern matches",
	.usage =
		"exec PATTERN [-i INVENTORY] [OPTIONS] [--become] -- "
		"COMMAND [ARG...]\n"
		"\n"
		"Runs COMMAND on every host PATTERN matches, --forks at a "
		"time, and prints\n"
		"each host's output whole as it ends, then a summary.  The "
		"words of COMMAND\n"
		"reach the host as they are (each quoted for its sh): for "
		"pipes or ';', use\n"
		"sh -c '...'.  Exit status: 0 when every host ran it and it "
		"exited 0, 1 when\n"
		"any did not, 4 for bad input, 6 when interrupted.  "
		"'localhost' without an\n"
		"inventory runs on this machine.\n"
		"\n"
		"  -b, --become             run COMMAND through sudo -n (as "
		"root)\n"
		"      --become-user USER   ... as USER (implies --become)\n"
		"      --input FILE         FILE's content on COMMAND's stdin, "
		"on every\n"
		"                           host ('-': crest's own stdin)\n"
		"      --shard K/N          only the hosts of shard K of N "
		"(docs/scaling.md)\n"
		"  -h, --help               this text\n" OPTIONS_USAGE,
	.exec = cmd_exec_exec,
};
