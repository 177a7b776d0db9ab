/*
 * cmd-schedule.c - "crest schedule": maintenance windows and their timers.
 *
 * "next" prints when a window of crest.yml (or a calendar expression)
 * opens next, as "systemd-analyze calendar --iterations=N" would;
 * "install", "list" and "remove" manage the systemd units that start
 * "crest run" when a window opens (schedule-unit.h).
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "schedule/calendar.h"
#include "cmd.h"
#include "base/error.h"
#include "git/repo-policy.h"
#include "engine/run-state.h"
#include "schedule/schedule-unit.h"
#include "engine/state.h"
#include "schedule/timestamp.h"
#include "schedule/tzone.h"
#include "schedule/window.h"
#include "base/xmalloc.h"

/* Where units go without --unit-dir. */
#define SCHEDULE_UNIT_DIR "/etc/systemd/system"

/* "crest schedule next" prints at most this many elapses. */
#define SCHEDULE_MAX_COUNT 100000

/* What "crest schedule next" was asked for. */
struct schedule_next_options {
	const char *calendar;
	const char *name; /* a window of crest.yml */
	const char *repo; /* where crest.yml is; default "." */
	const char *after;
	long count;
	int normalize;
};

/* Reads -n: a count from 1 to SCHEDULE_MAX_COUNT. */
static int parse_count(const char *s, long *out)
{
	char *end;
	long v;

	if (s[0] < '0' || s[0] > '9')
		return -1;
	v = strtol(s, &end, 10);
	if (*end != '\0' || v < 1 || v > SCHEDULE_MAX_COUNT)
		return -1;
	*out = v;
	return 0;
}

/* Reads the options of "next"; returns -1 after printing a usage error
 * (exit code in *exit_code), 1 after --help, else 0. */
static int parse_next_options(int argc, char **argv,
			      struct schedule_next_options *o, int *exit_code)
{
	static const struct option options[] = {
		{"calendar", required_argument, NULL, 'c'},
		{"after", required_argument, NULL, 'a'},
		{"normalize", no_argument, NULL, 'N'},
		{"repo", required_argument, NULL, 'r'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":c:n:h", options, NULL)) != -1) {
		switch (c) {
		case 'c':
			o->calendar = optarg;
			break;
		case 'a':
			o->after = optarg;
			break;
		case 'N':
			o->normalize = 1;
			break;
		case 'r':
			o->repo = optarg;
			break;
		case 'n':
			if (parse_count(optarg, &o->count) < 0) {
				*exit_code = cmd_usage_error(
					&cmd_schedule_entry,
					"-n wants a count from 1 to %d, not "
					"'%s'",
					SCHEDULE_MAX_COUNT, optarg);
				return -1;
			}
			break;
		case 'h':
			cmd_print_usage(&cmd_schedule_entry);
			*exit_code = CREST_EXIT_OK;
			return 1;
		case ':':
			*exit_code = cmd_usage_error(
				&cmd_schedule_entry,
				"option '%s' wants a value", argv[optind - 1]);
			return -1;
		default:
			*exit_code = cmd_usage_error(&cmd_schedule_entry,
						     "unknown option '%s'",
						     argv[optind - 1]);
			return -1;
		}
	}
	if (optind < argc && o->calendar == NULL)
		o->name = argv[optind++];
	if (optind < argc) {
		*exit_code = cmd_usage_error(&cmd_schedule_entry,
					     "unexpected argument '%s'",
					     argv[optind]);
		return -1;
	}
	if (o->calendar == NULL && o->name == NULL) {
		*exit_code = cmd_usage_error(&cmd_schedule_entry,
					     "next wants a window NAME or "
					     "--calendar EXPR");
		return -1;
	}
	return 0;
}

/* Prints the normalized form, or the next elapses, one per line. */
static int schedule_next(int argc, char **argv)
{
	struct schedule_next_options o = {NULL, NULL, NULL, NULL, 1, 0};
	struct window_set set = WINDOW_SET_INIT;
	const struct window *w = NULL;
	struct calendar *own = NULL;
	const struct calendar *cal = NULL;
	struct error err = ERROR_INIT;
	struct buf line = BUF_INIT;
	int64_t from;
	time_t at = time(NULL);
	long i;
	int ret;

	if (parse_next_options(argc, argv, &o, &ret) != 0)
		goto out;
	/* Now, or CREST_NOW (window.h), unless --after says otherwise. */
	if (window_now(&at, &err) < 0) {
		ret = error_exit_code(&err);
		error_format(&err, &line);
		fprintf(stderr, "crest schedule next: %s\n", line.data);
		goto out;
	}
	from = (int64_t)at;
	if (o.name) {
		w = window_load(o.repo, o.name, &repo_policy_check, &set, &err);
		cal = w ? w->cal : NULL;
	} else if (calendar_parse(o.calendar, NULL, &own, &err) == 0) {
		cal = own;
	}
	if (cal == NULL ||
	    (o.after != NULL &&
	     timestamp_parse(o.after, calendar_zone(cal), &from, &err) < 0)) {
		buf_adds(&line, cal == NULL ? "crest schedule next: "
					    : "crest schedule next: --after: ");
		error_format(&err, &line);
		fprintf(stderr, "%s\n", line.data);
		ret = error_exit_code(&err);
		goto out;
	}
	ret = CREST_EXIT_OK;
	if (o.normalize) {
		calendar_format(cal, &line);
		printf("%s\n", line.data);
		goto out;
	}
	for (i = 0; i < o.count; i++) {
		int next = calendar_next(cal, (time_t)from, &at);

		if (next == CALENDAR_STUCK) {
			buf_reset(&line);
			timestamp_format(from, calendar_zone(cal), &line);
			fprintf(stderr,
				"crest schedule next: systemd cannot tell when "
				"'%s' elapses after %s: its search goes round "
				"in a circle at a change of daylight saving "
				"time, and a timer with it would stop there\n",
				o.name ? o.name : o.calendar, line.data);
			ret = CREST_EXIT_FAILED;
			break;
		}
		if (next < 0) {
			buf_reset(&line);
			timestamp_format(from, calendar_zone(cal), &line);
			fprintf(stderr,
				"crest schedule next: '%s' does not elapse "
				"after %s (systemd looks no further than the "
				"end of %d)\n",
				o.name ? o.name : o.calendar, line.data,
				CALENDAR_MAX_YEAR);
			break;
		}
		buf_reset(&line);
		timestamp_format((int64_t)at, calendar_zone(cal), &line);
		printf("%s\n", line.data);
		from = (int64_t)at;
	}
out:
	buf_release(&line);
	error_release(&err);
	calendar_free(own);
	window_set_release(&set);
	return ret;
}

/* What install, list and remove were asked for. */
struct schedule_options {
	const char *playbook;
	const char *window;
	const char *unit_dir;
	const char *repo;
	const char *ref;
	const char *inventory;
	const char *state_dir;
};

/* Reads the options of install, list and remove; want is how many
 * arguments (PLAYBOOK) the subcommand takes.  Returns -1 after a usage
 * error or --help (exit code in *exit_code), else 0. */
static int parse_options(int argc, char **argv, int want,
			 struct schedule_options *o, int *exit_code)
{
	static const struct option options[] = {
		{"window", required_argument, NULL, 'w'},
		{"unit-dir", required_argument, NULL, 'u'},
		{"repo", required_argument, NULL, 'r'},
		{"ref", required_argument, NULL, 'R'},
		{"inventory", required_argument, NULL, 'i'},
		{"state-dir", required_argument, NULL, 's'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;

	optind = 1;
	opterr = 0;
	o->unit_dir = SCHEDULE_UNIT_DIR;
	o->repo = ".";
	while ((c = getopt_long(argc, argv, ":i:h", options, NULL)) != -1) {
		switch (c) {
		case 'w':
			o->window = optarg;
			break;
		case 'u':
			o->unit_dir = optarg;
			break;
		case 'r':
			o->repo = optarg;
			break;
		case 'R':
			o->ref = optarg;
			break;
		case 'i':
			o->inventory = optarg;
			break;
		case 's':
			o->state_dir = optarg;
			break;
		case 'h':
			cmd_print_usage(&cmd_schedule_entry);
			*exit_code = CREST_EXIT_OK;
			return -1;
		case ':':
			*exit_code = cmd_usage_error(
				&cmd_schedule_entry,
				"option '%s' wants a value", argv[optind - 1]);
			return -1;
		default:
			*exit_code = cmd_usage_error(&cmd_schedule_entry,
						     "unknown option '%s'",
						     argv[optind - 1]);
			return -1;
		}
	}
	if (argc - optind != want) {
		*exit_code = cmd_usage_error(
			&cmd_schedule_entry, "%s %s", argv[0],
			want ? "wants one PLAYBOOK" : "takes no argument");
		return -1;
	}
	if (want)
		o->playbook = argv[optind];
	return 0;
}

/* Returns 1 when systemd runs here and the units go where it reads them. */
static int systemd_manages(const char *unit_dir)
{
	return access("/run/systemd/system", F_OK) == 0 &&
	       strcmp(unit_dir, SCHEDULE_UNIT_DIR) == 0;
}

/* Runs "systemctl ARG1 [ARG2 ARG3]"; returns its exit status. */
static int systemctl(const char *a, const char *b, const char *c)
{
	pid_t pid = fork();
	int status = 0;

	if (pid < 0)
		return -1;
	if (pid == 0) {
		execlp("systemctl", "systemctl", a, b, c, (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* Writes text to dir/name (replacing it atomically). */
static int write_unit(const char *dir, const char *name, const struct buf *text,
		      struct error *err)
{
	char *path = xasprintf("%s/%s", dir, name);
	char *tmp = xasprintf("%s/.%s.tmp", dir, name);
	FILE *f = fopen(tmp, "w");
	int ret = -1;

	if (f == NULL) {
		error_set(err, ERROR_SYSTEM, "%s: %s", tmp, strerror(errno));
		goto out;
	}
	fwrite(text->data, 1, text->len, f);
	if (fclose(f) != 0 || rename(tmp, path) < 0) {
		error_set(err, ERROR_SYSTEM, "%s: %s", path, strerror(errno));
		unlink(tmp);
		goto out;
	}
	printf("wrote %s\n", path);
	ret = 0;
out:
	free(path);
	free(tmp);
	return ret;
}

/* Returns the absolute form of an existing path (caller frees), or NULL
 * with err set. */
static char *absolute(const char *path, const char *what, struct error *err)
{
	char *abs = realpath(path, NULL);

	if (abs == NULL)
		error_set(err, ERROR_INVALID, "%s %s: %s", what, path,
			  strerror(errno));
	return abs;
}

/* "crest schedule install PLAYBOOK --window NAME": writes the units. */
static int schedule_install(int argc, char **argv)
{
	struct schedule_options o = {0};
	struct window_set set = WINDOW_SET_INIT;
	struct schedule_unit u = {0};
	struct error err = ERROR_INIT;
	struct buf name = BUF_INIT, service = BUF_INIT, timer = BUF_INIT;
	struct buf msg = BUF_INIT;
	char *crest = NULL, *repo = NULL, *inv = NULL, *state = NULL;
	char *state_abs = NULL;
	int ret;

	if (parse_options(argc, argv, 1, &o, &ret) < 0)
		return ret;
	if (o.window == NULL)
		return cmd_usage_error(&cmd_schedule_entry,
				       "install wants --window NAME");
	ret = CREST_EXIT_INVALID;
	if ((repo = absolute(o.repo, "--repo", &err)) == NULL)
		goto fail;
	u.window = window_load(repo, o.window, &repo_policy_check, &set, &err);
	if (u.window == NULL)
		goto fail;
	if ((crest = absolute("/proc/self/exe", "crest", &err)) == NULL)
		goto fail;
	if (o.inventory && (inv = absolute(o.inventory, "-i", &err)) == NULL)
		goto fail;
	if (state_dir_open(o.state_dir, &state, &err) < 0 ||
	    (state_abs = absolute(state, "--state-dir", &err)) == NULL)
		goto fail;
	u.crest = crest;
	u.playbook = o.playbook;
	u.repo = repo;
	u.ref = o.ref;
	u.inventory = inv;
	u.state_dir = state_abs;
	schedule_unit_name(o.playbook, &name);
	buf_adds(&name, ".service");
	if (schedule_unit_service(&u, &service, &err) < 0)
		goto fail;
	schedule_unit_timer(&u, name.data, &timer);
	if (mkdir(o.unit_dir, 0755) < 0 && errno != EEXIST) {
		error_set(&err, ERROR_SYSTEM, "%s: %s", o.unit_dir,
			  strerror(errno));
		goto fail;
	}
	if (write_unit(o.unit_dir, name.data, &service, &err) < 0)
		goto fail;
	buf_truncate(&name, name.len - strlen(".service"));
	buf_adds(&name, ".timer");
	if (write_unit(o.unit_dir, name.data, &timer, &err) < 0)
		goto fail;
	ret = CREST_EXIT_OK;
	if (systemd_manages(o.unit_dir)) {
		if (systemctl("daemon-reload", NULL, NULL) != 0 ||
		    systemctl("enable", "--now", name.data) != 0) {
			fprintf(stderr,
				"crest schedule install: systemctl failed; "
				"run 'systemctl daemon-reload && systemctl "
				"enable --now %s'\n",
				name.data);
			ret = CREST_EXIT_FAILED;
		} else {
			printf("enabled %s\n", name.data);
		}
	} else {
		printf("%s: put the units where systemd reads them (%s) "
		       "and run\n'systemctl daemon-reload && systemctl "
		       "enable --now %s' there\n",
		       access("/run/systemd/system", F_OK) == 0
			       ? "not enabled, as --unit-dir is not systemd's"
			       : "systemd is not running here",
		       SCHEDULE_UNIT_DIR, name.data);
	}
	goto out;
fail:
	error_format(&err, &msg);
	fprintf(stderr, "crest schedule install: %s\n", msg.data);
	ret = error_exit_code(&err);
out:
	window_set_release(&set);
	error_release(&err);
	buf_release(&name);
	buf_release(&service);
	buf_release(&timer);
	buf_release(&msg);
	free(crest);
	free(repo);
	free(inv);
	free(state);
	free(state_abs);
	return ret;
}

/* Returns the status of the newest run of playbook in state_dir ("none"
 * when there is none, "running" when it did not end); caller frees. */
static char *last_status(const char *state_dir, const char *playbook)
{
	struct error err = ERROR_INIT;
	char **ids = NULL, *status = NULL;
	size_t i, n = 0;

	if (state_list_runs(state_dir, &ids, &n, &err) < 0)
		n = 0;
	for (i = n; i-- > 0 && status == NULL;) {
		char *path = state_run_path(state_dir, ids[i]);
		struct run_state *rs = NULL;
		const char *pb;

		if (run_state_load(path, &rs, &err) == 0 &&
		    (pb = run_state_header(rs, "playbook")) &&
		    strcmp(pb, playbook) == 0)
			status = xasprintf("%s (run %s)",
					   rs->status ? rs->status : "running",
					   ids[i]);
		error_release(&err);
		run_state_free(rs);
		free(path);
	}
	for (i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	return status ? status : xstrdup("none");
}

/* Prints one installed timer: name, window, next opening, last run. */
static void list_timer(const char *dir, const char *file, time_t now)
{
	char *path = xasprintf("%s/%s", dir, file);
	char *text = NULL, *pb, *win, *state, *cal_text, *status = NULL;
	struct calendar *cal = NULL;
	struct error err = ERROR_INIT;
	struct buf next = BUF_INIT;
	size_t cap = 0;
	ssize_t len;
	FILE *f = fopen(path, "r");
	time_t at;

	if (f == NULL)
		goto out;
	len = getdelim(&text, &cap, '\0', f);
	fclose(f);
	if (len < 0)
		goto out;
	pb = schedule_unit_comment(text, "playbook");
	win = schedule_unit_comment(text, "window");
	state = schedule_unit_comment(text, "state-dir");
	cal_text = strstr(text, "\nOnCalendar=");
	if (cal_text) {
		cal_text += strlen("\nOnCalendar=");
		cal_text = xstrndup(cal_text, strcspn(cal_text, "\n"));
	}
	if (cal_text && calendar_parse(cal_text, NULL, &cal, &err) == 0 &&
	    calendar_next(cal, now, &at) == 0)
		timestamp_format((int64_t)at, calendar_zone(cal), &next);
	else
		buf_adds(&next, "never");
	if (pb && state)
		status = last_status(state, pb);
	printf("%-30s %-12s %-26s %s\n", file, win ? win : "?", next.data,
	       status ? status : "?");
	free(pb);
	free(win);
	free(state);
	free(cal_text);
	free(status);
out:
	calendar_free(cal);
	error_release(&err);
	buf_release(&next);
	free(text);
	free(path);
}

/* "crest schedule list": the installed crest timers. */
static int schedule_list(int argc, char **argv)
{
	struct schedule_options o = {0};
	struct error err = ERROR_INIT;
	struct dirent **names = NULL;
	time_t now;
	int ret, i, n;

	if (parse_options(argc, argv, 0, &o, &ret) < 0)
		return ret;
	if (window_now(&now, &err) < 0) {
		fprintf(stderr, "crest schedule list: %s\n", err.message);
		error_release(&err);
		return CREST_EXIT_INVALID;
	}
	n = scandir(o.unit_dir, &names, NULL, alphasort);
	if (n < 0) {
		fprintf(stderr, "crest schedule list: %s: %s\n", o.unit_dir,
			strerror(errno));
		return CREST_EXIT_INVALID;
	}
	printf("%-30s %-12s %-26s %s\n", "TIMER", "WINDOW", "NEXT OPENING",
	       "LAST RUN");
	for (i = 0; i < n; i++) {
		size_t len = strlen(names[i]->d_name);

		if (strncmp(names[i]->d_name, "crest-", 6) == 0 && len > 6 &&
		    strcmp(names[i]->d_name + len - 6, ".timer") == 0)
			list_timer(o.unit_dir, names[i]->d_name, now);
		free(names[i]);
	}
	free(names);
	return CREST_EXIT_OK;
}

/* "crest schedule remove PLAYBOOK": deletes its units. */
static int schedule_remove(int argc, char **argv)
{
	struct schedule_options o = {0};
	struct buf name = BUF_INIT;
	char *timer = NULL, *service = NULL;
	int ret;

	if (parse_options(argc, argv, 1, &o, &ret) < 0)
		return ret;
	schedule_unit_name(o.playbook, &name);
	timer = xasprintf("%s/%s.timer", o.unit_dir, name.data);
	service = xasprintf("%s/%s.service", o.unit_dir, name.data);
	ret = CREST_EXIT_OK;
	if (access(timer, F_OK) < 0 && access(service, F_OK) < 0) {
		fprintf(stderr,
			"crest schedule remove: no timer for %s in %s (see "
			"'crest schedule list')\n",
			o.playbook, o.unit_dir);
		ret = CREST_EXIT_INVALID;
		goto out;
	}
	if (systemd_manages(o.unit_dir)) {
		buf_adds(&name, ".timer");
		systemctl("disable", "--now", name.data);
	}
	if ((unlink(timer) < 0 && errno != ENOENT) ||
	    (unlink(service) < 0 && errno != ENOENT)) {
		fprintf(stderr, "crest schedule remove: %s\n", strerror(errno));
		ret = CREST_EXIT_FAILED;
		goto out;
	}
	printf("removed %s and %s\n", timer, service);
	if (systemd_manages(o.unit_dir))
		systemctl("daemon-reload", NULL, NULL);
out:
	buf_release(&name);
	free(timer);
	free(service);
	return ret;
}

/* Dispatches on the subcommand. */
static int cmd_schedule_exec(int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : NULL;

	if (sub == NULL)
		return cmd_usage_error(&cmd_schedule_entry,
				       "which one: install, list, remove or "
				       "next?");
	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0) {
		cmd_print_usage(&cmd_schedule_entry);
		return CREST_EXIT_OK;
	}
	if (strcmp(sub, "next") == 0)
		return schedule_next(argc - 1, argv + 1);
	if (strcmp(sub, "install") == 0)
		return schedule_install(argc - 1, argv + 1);
	if (strcmp(sub, "list") == 0)
		return schedule_list(argc - 1, argv + 1);
	if (strcmp(sub, "remove") == 0)
		return schedule_remove(argc - 1, argv + 1);
	return cmd_usage_error(&cmd_schedule_entry, "unknown subcommand '%s'",
			       sub);
}

const struct cmd_entry cmd_schedule_entry = {
	.name = "schedule",
	.summary = "maintenance window timers: install, list, remove, next",
	.usage = "schedule install PLAYBOOK --window NAME [options]\n"
		 "       crest schedule list [--unit-dir DIR]\n"
		 "       crest schedule remove PLAYBOOK [--unit-dir DIR]\n"
		 "       crest schedule next NAME|--calendar EXPR [-n N] "
		 "[--after TIME]\n"
		 "\n"
		 "install writes crest-PLAYBOOK.service (running 'crest run' "
		 "with absolute\n"
		 "paths) and crest-PLAYBOOK.timer (OnCalendar of the window of "
		 "crest.yml,\n"
		 "Persistent=true, AccuracySec=1s), and enables the timer when "
		 "systemd runs.\n"
		 "list shows the installed timers, their next opening and last "
		 "run; remove\n"
		 "deletes them.  next prints the next N openings of a window "
		 "(or of an\n"
		 "OnCalendar expression), one ISO 8601 line each, as "
		 "'systemd-analyze calendar\n"
		 "--iterations=N' shows them.\n"
		 "\n"
		 "  --window NAME    the window of crest.yml (install)\n"
		 "  --repo DIR       the playbook repository, with crest.yml "
		 "(default .)\n"
		 "  --ref REF        the ref the service runs (default HEAD)\n"
		 "  -i INVENTORY     the inventory (default: crest.yml's)\n"
		 "  --state-dir DIR  where the runs are recorded\n"
		 "  --unit-dir DIR   where units go (default "
		 "/etc/systemd/system)\n"
		 "  --calendar EXPR  an OnCalendar expression, e.g. "
		 "'Sat *-*-* 02:00 Europe/Berlin'\n"
		 "  -n N             how many openings to print (1 to "
		 "100000)\n"
		 "  --after TIME     start after TIME instead of now: "
		 "2026-11-28T02:00:00+01:00,\n"
		 "                   2026-11-28T02:00 (in the expression's "
		 "zone), or @SECONDS\n"
		 "  --normalize      print the normalized form instead, as "
		 "systemd-analyze does\n"
		 "\n"
		 "docs/windows.md describes windows and the calendar syntax.\n",
	.exec = cmd_schedule_exec,
};
