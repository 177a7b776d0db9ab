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
 * engine is exec.h; this file parses options, selects hosts and prints.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "cmd.h"
#include "base/error.h"
#include "engine/exec.h"
#include "inventory/inventory.h"
#include "base/monotime.h"
#include "options.h"
#include "transport/quote.h"
#include "base/utf8.h"
#include "base/xmalloc.h"

enum {
	EXEC_OPT_BECOME = OPTIONS_CODE_OWN,
	EXEC_OPT_BECOME_USER,
	EXEC_OPT_INPUT,
	EXEC_OPT_HELP,
};

/* The statuses a host can end with, in the order the summary counts
 * them. */
static const char *const exec_statuses[] = {
	"ok",	   "failed",  "unreachable", "auth",   "hostkey",
	"timeout", "skipped", "invalid",     "system", "internal",
};
#define EXEC_N_STATUSES (sizeof(exec_statuses) / sizeof(exec_statuses[0]))

/* Largest --input: it is held in memory and sent to every host. */
#define EXEC_INPUT_MAX (64u << 20)

/* Set by SIGINT/SIGTERM: start no further host. */
static volatile sig_atomic_t exec_interrupted;

/* What printing the results needs. */
struct exec_output {
	int json;
	int color;
	size_t counts[EXEC_N_STATUSES];
	size_t n_hosts;
};

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

/* Returns the index of a status in exec_statuses. */
static size_t exec_status_index(const char *status)
{
	size_t i;

	for (i = 0; i < EXEC_N_STATUSES; i++)
		if (strcmp(exec_statuses[i], status) == 0)
			return i;
	return EXEC_N_STATUSES - 1;
}

/* Writes one stream of a host's output, with a note when it was cut. */
static void exec_print_stream(const char *name, struct tail *t, int marker)
{
	size_t len;
	const char *data = tail_data(t, &len);

	if (tail_cut(t))
		printf("--- %s cut: the last %zu of %zu bytes follow\n", name,
		       len, t->total);
	else if (marker && len > 0)
		printf("--- %s\n", name);
	if (len == 0)
		return;
	fwrite(data, 1, len, stdout);
	if (data[len - 1] != '\n')
		putchar('\n');
}

/* Prints one host's result for a person: a header, then its output. */
static void exec_print_text(struct exec_output *out, struct exec_host *host,
			    const char *status)
{
	struct transport_result *res = &host->result;
	int ok = strcmp(status, "ok") == 0;
	struct buf b = BUF_INIT;

	buf_adds(&b, host->target.name);
	buf_adds(&b, " | ");
	if (out->color)
		buf_adds(&b, ok ? "\033[32m" : "\033[31m");
	buf_adds(&b, status);
	if (out->color)
		buf_adds(&b, "\033[0m");
	if (res->exit_signal)
		buf_addf(&b, " | SIG%s", res->exit_signal);
	else if (res->exit_status >= 0)
		buf_addf(&b, " | exit %d", res->exit_status);
	buf_addf(&b, " | %llu.%02llu s",
		 (unsigned long long)(host->duration_ms / 1000),
		 (unsigned long long)(host->duration_ms % 1000 / 10));
	/* A command that ran says enough through its exit; anything else
	 * gets its error on the header line. */
	if (host->error.message && host->error.kind != ERROR_FAILED)
		buf_addf(&b, " | %s", host->error.message);
	else if (host->error.message && res->exit_status < 0 &&
		 !res->exit_signal)
		buf_addf(&b, " | %s", host->error.message);
	puts(b.data);
	buf_release(&b);
	exec_print_stream("stdout", &res->out, 0);
	exec_print_stream("stderr", &res->err, 1);
}

/* Sets key of obj to a stream's tail as a valid UTF-8 string. */
static void exec_json_stream(json_t *obj, const char *key, struct tail *t)
{
	struct buf clean = BUF_INIT;
	size_t len;
	const char *data = tail_data(t, &len);
	char bytes_key[32], cut_key[32];

	utf8_sanitize(&clean, data, len);
	json_object_set_new(obj, key, json_stringn(clean.data, clean.len));
	snprintf(bytes_key, sizeof(bytes_key), "%s_bytes", key);
	snprintf(cut_key, sizeof(cut_key), "%s_cut", key);
	json_object_set_new(obj, bytes_key, json_integer((json_int_t)t->total));
	json_object_set_new(obj, cut_key, json_boolean(tail_cut(t)));
	buf_release(&clean);
}

/* Prints one JSON Lines object. */
static void exec_print_json_line(json_t *obj)
{
	char *line = json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER |
					     JSON_REAL_PRECISION(6));

	if (line) {
		puts(line);
		free(line);
	}
}

/* Prints one host's result as a JSON object on one line. */
static void exec_print_json(struct exec_host *host, const char *status)
{
	struct transport_result *res = &host->result;
	json_t *obj = json_object();

	json_object_set_new(obj, "type", json_string("host"));
	json_object_set_new(obj, "host", json_string(host->target.name));
	json_object_set_new(obj, "status", json_string(status));
	json_object_set_new(obj, "exit_code",
			    res->exit_status >= 0
				    ? json_integer(res->exit_status)
				    : json_null());
	json_object_set_new(obj, "signal",
			    res->exit_signal ? json_string(res->exit_signal)
					     : json_null());
	exec_json_stream(obj, "stdout", &res->out);
	exec_json_stream(obj, "stderr", &res->err);
	json_object_set_new(obj, "duration",
			    json_real((double)host->duration_ms / 1000.0));
	json_object_set_new(obj, "error",
			    host->error.message
				    ? json_string(host->error.message)
				    : json_null());
	exec_print_json_line(obj);
	json_decref(obj);
}

/* Prints a host as soon as it ends, then frees its output. */
static void exec_host_done(void *data, struct exec_host *host)
{
	struct exec_output *out = data;
	const char *status = exec_host_status(host);

	out->counts[exec_status_index(status)]++;
	if (out->json)
		exec_print_json(host, status);
	else
		exec_print_text(out, host, status);
	fflush(stdout);
	/* Keep memory bounded by --forks, not by the number of hosts. */
	transport_result_release(&host->result);
}

/* Prints the summary line; returns the exit code. */
static int exec_summary(struct exec_output *out, uint64_t elapsed_ms)
{
	size_t i, not_ok = out->n_hosts - out->counts[0];
	struct buf b = BUF_INIT;
	json_t *obj;

	if (out->json) {
		obj = json_object();
		json_object_set_new(obj, "type", json_string("summary"));
		json_object_set_new(obj, "hosts",
				    json_integer((json_int_t)out->n_hosts));
		for (i = 0; i < EXEC_N_STATUSES; i++)
			json_object_set_new(
				obj, exec_statuses[i],
				json_integer((json_int_t)out->counts[i]));
		json_object_set_new(obj, "interrupted",
				    json_boolean(exec_interrupted));
		json_object_set_new(obj, "duration",
				    json_real((double)elapsed_ms / 1000.0));
		exec_print_json_line(obj);
		json_decref(obj);
	} else {
		buf_addf(&b, "%zu host%s:", out->n_hosts,
			 out->n_hosts == 1 ? "" : "s");
		for (i = 0; i < EXEC_N_STATUSES; i++)
			if (out->counts[i] || i == 0)
				buf_addf(&b, "%s %zu %s", i ? "," : "",
					 out->counts[i], exec_statuses[i]);
		buf_addf(&b, " in %llu.%02llu s%s",
			 (unsigned long long)(elapsed_ms / 1000),
			 (unsigned long long)(elapsed_ms % 1000 / 10),
			 exec_interrupted ? " (interrupted)" : "");
		puts(b.data);
		buf_release(&b);
	}
	fflush(stdout);
	if (exec_interrupted)
		return CREST_EXIT_INTERRUPTED;
	return not_ok ? CREST_EXIT_FAILED : CREST_EXIT_OK;
}

/* Reads a string variable of a host (borrowed), or NULL. */
static const char *exec_host_var(const struct host *h, const char *key)
{
	json_t *v = h->vars ? json_object_get(h->vars, key) : NULL;

	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Applies -e connection variables over a target, as Ansible's extra vars
 * win over the inventory. */
static int exec_apply_vars(const struct options *o, struct transport_target *t,
			   struct error *err)
{
	const char *v;
	char *end;
	unsigned long port;

	if ((v = options_var(o, "ansible_user")))
		t->user = v;
	if ((v = options_var(o, "ansible_port"))) {
		port = strtoul(v, &end, 10);
		if (*v == '\0' || *end || port == 0 || port > 65535)
			return error_set(err, ERROR_INVALID,
					 "-e: ansible_port '%s' is not 1 to "
					 "65535",
					 v);
		t->port = (unsigned)port;
	}
	if ((v = options_var(o, "ansible_connection")))
		t->local = strcmp(v, "local") == 0;
	return 0;
}

/* Finds the hosts to run on: the inventory's matches, or the implicit
 * localhost (as in Ansible) when the pattern is "localhost" and the
 * inventory has no such host.  *targets is the caller's. */
static int exec_select(const struct options *o, const char *pattern,
		       struct inventory **inv, struct transport_target **out,
		       size_t *n_out, struct error *err)
{
	struct host **hosts = NULL;
	struct transport_target *t = NULL;
	size_t n = 0, i;
	const char *conn;
	int rc = -1;

	if (o->inventory) {
		if (inventory_load(o->inventory, inv, err) < 0)
			goto out;
		if (inventory_select(*inv, pattern, o->limit, &hosts, &n, err) <
		    0)
			goto out;
	} else if (strcmp(pattern, "localhost") != 0) {
		error_set(err, ERROR_INVALID,
			  "no inventory: give -i FILE (only 'localhost' "
			  "needs none)");
		goto out;
	}
	if (n == 0 && strcmp(pattern, "localhost") == 0 && o->limit == NULL) {
		t = xcalloc(1, sizeof(*t));
		t->name = "localhost";
		t->local = 1;
		n = 1;
	} else if (n == 0) {
		error_set(err, ERROR_INVALID, "'%s'%s%s%s matched no host",
			  pattern, o->limit ? " (with --limit '" : "",
			  o->limit ? o->limit : "", o->limit ? "')" : "");
		goto out;
	} else {
		t = xcalloc(n, sizeof(*t));
		for (i = 0; i < n; i++) {
			t[i].name = hosts[i]->name;
			t[i].address = hosts[i]->address;
			t[i].port = hosts[i]->port;
			t[i].user = hosts[i]->user;
			conn = exec_host_var(hosts[i], "ansible_connection");
			t[i].local = conn && strcmp(conn, "local") == 0;
		}
	}
	for (i = 0; i < n; i++)
		if (exec_apply_vars(o, &t[i], err) < 0)
			goto out;
	*out = t;
	*n_out = n;
	t = NULL;
	rc = 0;
out:
	free(t);
	free(hosts);
	return rc;
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
	memset(&out, 0, sizeof(out));
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

	if (exec_select(&o, pattern, &inv, &targets, &n, &err) < 0) {
		error_format(&err, &msg);
		fprintf(stderr, "crest exec: %s\n", msg.data);
		rc = error_exit_code(&err);
		goto out;
	}
	hosts = xcalloc(n, sizeof(*hosts));
	for (i = 0; i < n; i++)
		exec_host_init(&hosts[i], &targets[i]);

	out.json = o.json;
	out.color = !o.json && isatty(STDOUT_FILENO) &&
		    !(getenv("NO_COLOR") && *getenv("NO_COLOR"));
	out.n_hosts = n;
	req.line = line.data;
	if (input_path) {
		req.input = input.data;
		req.input_len = input.len;
	}
	req.transport = &o.transport;
	req.forks = o.forks;
	req.host_done = exec_host_done;
	req.data = &out;
	req.stop = &exec_interrupted;
	exec_catch_signals();
	start = monotime_ms();
	if (exec_run(&req, hosts, n, &err) < 0) {
		fprintf(stderr, "crest exec: %s\n", err.message);
		rc = CREST_EXIT_FAILED;
		goto out;
	}
	for (i = 0; i < n; i++)
		if (hosts[i].state == EXEC_PENDING)
			out.counts[exec_status_index("skipped")]++;
	rc = exec_summary(&out, monotime_ms() - start);
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
		"  -h, --help               this text\n" OPTIONS_USAGE,
	.exec = cmd_exec_exec,
};
