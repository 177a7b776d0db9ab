/*
 * cmd-show.c - "crest show RUN": one run as its journal tells it: the
 * header (playbook, inventory, who, and the commit it ran), then per wave
 * each host with its status, and the failed tasks with their error and
 * output.  --json prints the journal's events as they are; --html the
 * run's page with its timeline (report/run-page.h), on stdout or into -o
 * FILE.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "base/json-get.h"
#include "engine/journal.h"
#include "options.h"
#include "engine/rollout.h"
#include "engine/run-state.h"
#include "engine/state.h"
#include "report/html.h"
#include "report/run-page.h"

/* Prints one event as a JSON line. */
static int show_json_event(json_t *ev, void *data)
{
	(void)data;
	json_dumpf(ev, stdout, JSON_COMPACT);
	putchar('\n');
	return 0;
}

/* Prints a failed task of the host named in data. */
static int show_failed_task(json_t *ev, void *data)
{
	const char *host = data;
	const char *kind = json_get_str(ev, "event", NULL);
	const char *status = json_get_str(ev, "status", NULL);
	const char *name = json_get_str(ev, "host", NULL);
	const char *streams[] = {"stdout", "stderr"};
	size_t i;

	if (!kind || strcmp(kind, "task_result") != 0 || !status ||
	    strcmp(status, "failed") != 0 || !name || strcmp(name, host) != 0)
		return 0;
	printf("      task %lld failed: %s\n",
	       (long long)json_integer_value(json_object_get(ev, "task")) + 1,
	       json_get_str(ev, "error", NULL) ? json_get_str(ev, "error", NULL)
					       : "");
	for (i = 0; i < 2; i++) {
		const char *text = json_get_str(ev, streams[i], NULL);

		if (text && *text)
			printf("        %s: %s%s", streams[i], text,
			       text[strlen(text) - 1] == '\n' ? "" : "\n");
	}
	return 0;
}

/* Prints the analysis measurements of the wave in data. */
static int show_analysis(json_t *ev, void *data)
{
	const unsigned *wave = data;
	const char *kind = json_get_str(ev, "event", NULL);
	const char *reason = json_get_str(ev, "reason", NULL);

	if (!kind || json_integer_value(json_object_get(ev, "wave")) != *wave)
		return 0;
	if (strcmp(kind, "analysis") == 0)
		printf("  analysis %lld %-10s %-6s %s  %s\n",
		       (long long)json_integer_value(
			       json_object_get(ev, "check")),
		       json_get_str(ev, "kind", NULL),
		       json_is_true(json_object_get(ev, "ok")) ? "ok"
							       : "failed",
		       json_get_str(ev, "time", NULL), reason ? reason : "");
	else if (strcmp(kind, "analysis_failed") == 0)
		printf("  %s\n", reason ? reason : "the analysis failed");
	return 0;
}

/* Prints the header's git object: the commit the run came from. */
static void show_commit(const struct run_state *rs)
{
	json_t *git = json_object_get(rs->header, "git");
	const char *source = json_get_str(git, "source", NULL);

	if (source == NULL || strcmp(source, "disk") == 0) {
		printf("commit:    none (files on disk, no git repository)\n");
		return;
	}
	printf("commit:    %s%s\n", json_get_str(git, "commit", NULL),
	       strcmp(source, "worktree") == 0
		       ? " with uncommitted changes (--allow-dirty)"
		       : "");
	printf("           %s, %s\n", json_get_str(git, "author", NULL),
	       json_get_str(git, "date", NULL));
	printf("           %s of %s\n", json_get_str(git, "ref", NULL),
	       json_get_str(git, "repository", NULL));
	printf("signature: %s\n",
	       json_is_true(json_object_get(git, "verified"))
		       ? "verified"
		       : (json_is_true(json_object_get(git, "signed"))
				  ? "signed, not verified"
				  : "unsigned"));
}

/* Prints the gates: each wait for approval, approval and abort. */
static void show_gates(const struct run_state *rs)
{
	size_t i;

	for (i = 0; i < json_array_size(rs->gates); i++) {
		json_t *ev = json_array_get(rs->gates, i);
		const char *kind = json_get_str(ev, "event", NULL);
		const char *comment = json_get_str(ev, "comment", NULL);

		printf("gate:      wave %lld (play %lld) %s %s%s%s%s%s%s\n",
		       (long long)json_integer_value(
			       json_object_get(ev, "wave")),
		       (long long)json_integer_value(
			       json_object_get(ev, "play")),
		       strcmp(kind, "run_paused") == 0 ? "waited for approval"
		       : strcmp(kind, "approval") == 0 ? "approved"
						       : "aborted",
		       json_get_str(ev, "time", NULL),
		       strcmp(kind, "run_paused") == 0 ? "" : " by ",
		       strcmp(kind, "run_paused") == 0
			       ? ""
			       : json_get_str(ev, "user", NULL),
		       comment ? ": \"" : "", comment ? comment : "",
		       comment ? "\"" : "");
	}
}

/* Prints the run as text. */
static void show_text(const struct run_state *rs, const char *path)
{
	unsigned w, max_wave = 0, k, n;
	const char *rollout;
	size_t i;

	printf("run:       %s\n", rs->run_id);
	printf("status:    %s\n", rs->status ? rs->status : "unfinished");
	printf("started:   %s by %s on %s\n", run_state_header(rs, "time"),
	       run_state_header(rs, "user"),
	       run_state_header(rs, "controller"));
	printf("playbook:  %s\n", run_state_header(rs, "playbook"));
	printf("inventory: %s\n", run_state_header(rs, "inventory"));
	if (rollout_shard_of(rs, &k, &n, &rollout))
		printf("shard:     %u/%u of rollout %s (a run of its own)\n", k,
		       n, rollout);
	show_gates(rs);
	show_commit(rs);
	for (i = 0; i < rs->n_hosts; i++)
		if (rs->hosts[i].wave > max_wave)
			max_wave = rs->hosts[i].wave;
	for (w = 1; w <= max_wave; w++) {
		printf("wave %u\n", w);
		for (i = 0; i < rs->n_hosts; i++) {
			const struct host_record *h = &rs->hosts[i];

			if (h->wave != w)
				continue;
			printf("  %-20s %s%s%s\n", h->name,
			       h->status ? h->status : "unfinished",
			       h->error ? ": " : "", h->error ? h->error : "");
			journal_read(path, show_failed_task, h->name, NULL,
				     NULL);
		}
		journal_read(path, show_analysis, &w, NULL, NULL);
	}
}

/* What crest show takes besides the shared options. */
struct show_args {
	int html;
	const char *output;
};

/* Takes --html and -o FILE. */
static int show_option(int c, const char *arg, void *data)
{
	struct show_args *a = data;

	if (c == 'H') {
		a->html = 1;
		return 0;
	}
	if (c == 'o') {
		a->output = arg;
		return 0;
	}
	return -1;
}

/* Writes the run's page to -o FILE (and names it) or to stdout. */
static int show_html(const char *path, const char *output, struct error *err)
{
	struct run_view *v = NULL;
	struct buf page = BUF_INIT;
	int ret = -1;

	if (run_view_load(path, &v, err) < 0)
		goto out;
	run_page_html(&page, v);
	if (output) {
		if (html_write_file(output, &page, err) < 0)
			goto out;
		printf("%s\n", output);
	} else if (fwrite(page.data, 1, page.len, stdout) != page.len) {
		error_set(err, ERROR_SYSTEM, "cannot write the page");
		goto out;
	}
	ret = 0;
out:
	run_view_free(v);
	buf_release(&page);
	return ret;
}

/* Shows one run. */
static int cmd_show_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"state-dir", required_argument, NULL, OPTIONS_STATE_DIR},
		{"json", no_argument, NULL, OPTIONS_JSON},
		{"html", no_argument, NULL, 'H'},
		{"output", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct show_args a = {0};
	struct options o;
	struct error err = ERROR_INIT;
	struct buf msg = BUF_INIT;
	struct run_state *rs = NULL;
	char *state_dir = NULL, *path = NULL;
	int rc = CREST_EXIT_INVALID;

	options_init(&o);
	if (!cmd_parse_options_with(&cmd_show_entry, ":ho:", argc, argv,
				    longopts, &o, show_option, &a, &rc))
		goto out;
	if ((a.output && !a.html) || (a.html && o.json)) {
		rc = cmd_usage_error(&cmd_show_entry,
				     a.output ? "-o FILE goes with --html"
					      : "--html or --json, not both");
		goto out;
	}
	if (argc - optind != 1 || !state_run_id_valid(argv[optind])) {
		rc = cmd_usage_error(&cmd_show_entry,
				     "give one RUN id (see 'crest runs')");
		goto out;
	}
	if (state_dir_open(o.state_dir, &state_dir, &err) < 0)
		goto fail;
	path = state_run_path(state_dir, argv[optind]);
	if (access(path, F_OK) < 0) {
		error_set(&err, ERROR_INVALID,
			  "no run %s in %s (see 'crest runs')", argv[optind],
			  state_dir);
		goto fail;
	}
	if (a.html) {
		if (show_html(path, a.output, &err) < 0)
			goto fail;
	} else if (o.json) {
		if (journal_read(path, show_json_event, NULL, NULL, &err) < 0)
			goto fail;
	} else {
		if (run_state_load(path, &rs, &err) < 0)
			goto fail;
		show_text(rs, path);
	}
	rc = CREST_EXIT_OK;
	goto out;
fail:
	error_format(&err, &msg);
	fprintf(stderr, "crest show: %s\n", msg.data);
	rc = error_exit_code(&err);
out:
	run_state_free(rs);
	free(state_dir);
	free(path);
	options_release(&o);
	buf_release(&msg);
	error_release(&err);
	return rc;
}

const struct cmd_entry cmd_show_entry = {
	.name = "show",
	.summary = "show one run: its commit, waves, hosts and failures",
	.usage = "show RUN [--state-dir DIR] [--json | --html [-o FILE]]\n\n"
		 "Prints run RUN from its journal: the playbook and the commit "
		 "it ran, then per\nwave each host and the failed tasks with "
		 "their output.  --json prints the\njournal's events; --html "
		 "the run's page (self-contained HTML with its\ntimeline "
		 "picture), on stdout or into FILE.\n\n"
		 "      --state-dir DIR      where runs are recorded\n"
		 "      --json               the journal's events, one a line\n"
		 "      --html               the run's HTML page\n"
		 "  -o, --output FILE        write the page to FILE and print "
		 "its path\n",
	.exec = cmd_show_exec,
};
