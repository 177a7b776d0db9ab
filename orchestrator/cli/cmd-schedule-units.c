/*
 * cmd-schedule-units.c - "crest schedule install", "list" and "remove":
 * the systemd units that start "crest run" when a window opens.  The
 * three take the same options; the units are written, read back and
 * deleted by schedule/schedule-install.h and schedule/schedule-timer.h,
 * the last run is engine/run-latest.h's.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "base/error.h"
#include "cmd-schedule.h"
#include "cmd.h"
#include "engine/run-latest.h"
#include "engine/state.h"
#include "git/git-source.h"
#include "inventory/inventory.h"
#include "lang/playbook.h"
#include "options.h"
#include "git/repo-policy.h"
#include "schedule/schedule-install.h"
#include "schedule/schedule-timer.h"
#include "schedule/window.h"
#include "base/xmalloc.h"

enum {
	SCHEDULE_OPT_WINDOW = OPTIONS_CODE_OWN,
	SCHEDULE_OPT_UNIT_DIR,
};

/* What install, list and remove were asked for. */
struct schedule_options {
	const char *playbook;
	const char *window;
	const char *unit_dir;
	const char *repo;
	const char *ref;
	const char *inventory;
	const char *state_dir;
	const struct cmd_entry *entry; /* crest schedule's */
};

/* Takes --window or --unit-dir (the others are shared options). */
static int schedule_option(int c, const char *arg, void *data)
{
	struct schedule_options *o = data;

	if (c == SCHEDULE_OPT_WINDOW)
		o->window = arg;
	else if (c == SCHEDULE_OPT_UNIT_DIR)
		o->unit_dir = arg;
	else
		return -1;
	return 0;
}

/* Reads the options of install, list and remove; want is how many
 * arguments (PLAYBOOK) the subcommand takes.  Returns -1 after a usage
 * error or --help (exit code in *exit_code), else 0. */
static int parse_options(int argc, char **argv, int want,
			 struct schedule_options *o, int *exit_code)
{
	static const struct option longopts[] = {
		{"window", required_argument, NULL, SCHEDULE_OPT_WINDOW},
		{"unit-dir", required_argument, NULL, SCHEDULE_OPT_UNIT_DIR},
		{"repo", required_argument, NULL, OPTIONS_REPO},
		{"ref", required_argument, NULL, OPTIONS_REF},
		{"inventory", required_argument, NULL, 'i'},
		{"state-dir", required_argument, NULL, OPTIONS_STATE_DIR},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct options shared;
	int ok;

	options_init(&shared);
	o->unit_dir = SCHEDULE_UNIT_DIR;
	ok = cmd_parse_options_with(o->entry, ":i:h", argc, argv, longopts,
				    &shared, schedule_option, o, exit_code);
	/* The strings are argv's: they outlive the shared options. */
	o->repo = shared.repo ? shared.repo : ".";
	o->ref = shared.ref;
	o->inventory = shared.inventory;
	o->state_dir = shared.state_dir;
	options_release(&shared);
	if (!ok)
		return -1;
	if (argc - optind != want) {
		*exit_code = cmd_usage_error(o->entry, "%s %s", argv[0],
					     want ? "wants one PLAYBOOK"
						  : "takes no argument");
		return -1;
	}
	if (want)
		o->playbook = argv[optind];
	return 0;
}

/* Tells systemd about installed units, or says how to. */
static int enable_timer(const char *unit_dir, const char *timer)
{
	if (!schedule_systemd_manages(unit_dir)) {
		printf("%s: put the units where systemd reads them (%s) "
		       "and run\n'systemctl daemon-reload && systemctl "
		       "enable --now %s' there\n",
		       schedule_systemd_running()
			       ? "not enabled, as --unit-dir is not systemd's"
			       : "systemd is not running here",
		       SCHEDULE_UNIT_DIR, timer);
		return CREST_EXIT_OK;
	}
	if (schedule_systemctl("daemon-reload", NULL, NULL) != 0 ||
	    schedule_systemctl("enable", "--now", timer) != 0) {
		fprintf(stderr,
			"crest schedule install: systemctl failed; run "
			"'systemctl daemon-reload && systemctl enable --now "
			"%s'\n",
			timer);
		return CREST_EXIT_FAILED;
	}
	printf("enabled %s\n", timer);
	return CREST_EXIT_OK;
}

/* Opens and loads what the timer's "crest run" will read: the commit
 * of --repo at --ref, its playbook and inventory, so that a timer that
 * could never start a run (no repository, no such ref or playbook, a bad
 * playbook) is refused now rather than at the window. */
static int check_source(const struct schedule_options *o, const char *repo,
			const char *state, struct error *err)
{
	struct git_source_request req = {0};
	struct git_source *gs = NULL;
	struct playbook *pb = NULL;
	struct inventory *inv = NULL;
	int ret = -1;

	req.playbook = o->playbook;
	req.inventory = o->inventory;
	req.repo = repo;
	req.ref = o->ref;
	req.state_dir = state;
	if (git_source_open(&req, &gs, err) < 0 ||
	    git_source_load(gs, &pb, &inv, err) < 0)
		goto out;
	ret = 0;
out:
	if (gs != NULL && ret < 0)
		git_source_fix_error(gs, err);
	playbook_free(pb);
	inventory_free(inv);
	git_source_free(gs);
	return ret;
}

/* "crest schedule install PLAYBOOK --window NAME": writes the units. */
int cmd_schedule_install(const struct cmd_entry *entry, int argc, char **argv)
{
	struct schedule_options o = {0};
	struct window_set set = WINDOW_SET_INIT;
	struct schedule_unit u = {0};
	struct schedule_install inst = SCHEDULE_INSTALL_INIT;
	struct error err = ERROR_INIT;
	struct buf msg = BUF_INIT;
	char *repo = NULL, *state = NULL;
	int ret;

	o.entry = entry;
	if (parse_options(argc, argv, 1, &o, &ret) < 0)
		return ret;
	if (o.window == NULL)
		return cmd_usage_error(entry, "install wants --window NAME");
	ret = CREST_EXIT_INVALID;
	repo = schedule_path_absolute(o.repo, "--repo", &err);
	if (repo == NULL)
		goto fail;
	u.window = window_load(repo, o.window, &repo_policy_check, &set, &err);
	if (u.window == NULL)
		goto fail;
	u.playbook = o.playbook;
	u.repo = repo;
	u.ref = o.ref;
	if (schedule_install_resolve(&inst, o.inventory, &err) < 0 ||
	    state_dir_open(o.state_dir, &state, &err) < 0 ||
	    check_source(&o, repo, state, &err) < 0 ||
	    schedule_install_build(&inst, &u, state, &err) < 0)
		goto fail;
	if (schedule_install_write(o.unit_dir, inst.service_name.data,
				   &inst.service, &err) < 0)
		goto fail;
	printf("wrote %s/%s\n", o.unit_dir, inst.service_name.data);
	if (schedule_install_write(o.unit_dir, inst.timer_name.data,
				   &inst.timer, &err) < 0)
		goto fail;
	printf("wrote %s/%s\n", o.unit_dir, inst.timer_name.data);
	ret = enable_timer(o.unit_dir, inst.timer_name.data);
	goto out;
fail:
	error_format(&err, &msg);
	fprintf(stderr, "crest schedule install: %s\n", msg.data);
	ret = error_exit_code(&err);
out:
	window_set_release(&set);
	schedule_install_release(&inst);
	error_release(&err);
	buf_release(&msg);
	free(repo);
	free(state);
	return ret;
}

/* Prints one installed timer: name, window, next opening, last run. */
static void list_timer(const char *dir, const char *file, time_t now)
{
	struct schedule_timer t;
	char *id = NULL, *status = NULL, *last = NULL;

	if (schedule_timer_read(dir, file, now, &t) < 0)
		return;
	if (t.playbook && t.state_dir) {
		if (run_latest(t.state_dir, t.playbook, &id, &status))
			last = xasprintf("%s (run %s)",
					 status ? status : "running", id);
		else
			last = xstrdup("none");
	}
	printf("%-30s %-12s %-26s %s\n", file, t.window ? t.window : "?",
	       t.next ? t.next : "never", last ? last : "?");
	free(id);
	free(status);
	free(last);
	schedule_timer_release(&t);
}

/* "crest schedule list": the installed crest timers. */
int cmd_schedule_list(const struct cmd_entry *entry, int argc, char **argv)
{
	struct schedule_options o = {0};
	struct error err = ERROR_INIT;
	char **names = NULL;
	size_t i, n = 0;
	time_t now;
	int ret;

	o.entry = entry;
	if (parse_options(argc, argv, 0, &o, &ret) < 0)
		return ret;
	ret = CREST_EXIT_INVALID;
	if (window_now(&now, &err) < 0 ||
	    schedule_timer_names(o.unit_dir, &names, &n, &err) < 0) {
		fprintf(stderr, "crest schedule list: %s\n", err.message);
		goto out;
	}
	printf("%-30s %-12s %-26s %s\n", "TIMER", "WINDOW", "NEXT OPENING",
	       "LAST RUN");
	for (i = 0; i < n; i++)
		list_timer(o.unit_dir, names[i], now);
	ret = CREST_EXIT_OK;
out:
	schedule_timer_names_free(names, n);
	error_release(&err);
	return ret;
}

/* "crest schedule remove PLAYBOOK": deletes its units. */
int cmd_schedule_remove(const struct cmd_entry *entry, int argc, char **argv)
{
	struct schedule_options o = {0};
	struct error err = ERROR_INIT;
	char *timer = NULL, *service = NULL;
	int ret;

	o.entry = entry;
	if (parse_options(argc, argv, 1, &o, &ret) < 0)
		return ret;
	if (schedule_install_remove(o.unit_dir, o.playbook, &timer, &service,
				    &err) < 0) {
		fprintf(stderr, "crest schedule remove: %s\n", err.message);
		ret = error_exit_code(&err);
		goto out;
	}
	printf("removed %s and %s\n", timer, service);
	if (schedule_systemd_manages(o.unit_dir))
		schedule_systemctl("daemon-reload", NULL, NULL);
	ret = CREST_EXIT_OK;
out:
	error_release(&err);
	free(timer);
	free(service);
	return ret;
}
