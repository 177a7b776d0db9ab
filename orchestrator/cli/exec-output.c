/*
 * exec-output.c - printing the results of "crest exec"; see
 * exec-output.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/buf.h"
#include "base/error.h"
#include "base/utf8.h"
#include "exec-output.h"

/* The statuses a host can end with, in the order the summary counts
 * them. */
static const char *const exec_statuses[EXEC_OUTPUT_N_STATUSES] = {
	"ok",	   "failed",  "unreachable", "auth",   "hostkey",
	"timeout", "skipped", "invalid",     "system", "internal",
};

/* Starts with every count at 0. */
void exec_output_init(struct exec_output *out, int json, int color,
		      size_t n_hosts)
{
	memset(out, 0, sizeof(*out));
	out->json = json;
	out->color = color;
	out->n_hosts = n_hosts;
}

/* Returns the index of a status in exec_statuses. */
static size_t exec_status_index(const char *status)
{
	size_t i;

	for (i = 0; i < EXEC_OUTPUT_N_STATUSES; i++)
		if (strcmp(exec_statuses[i], status) == 0)
			return i;
	return EXEC_OUTPUT_N_STATUSES - 1;
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
void exec_output_host(void *data, struct exec_host *host)
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

/* Counts the hosts left PENDING. */
void exec_output_skipped(struct exec_output *out, const struct exec_host *hosts,
			 size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (hosts[i].state == EXEC_PENDING)
			out->counts[exec_status_index("skipped")]++;
}

/* Prints the summary line; returns the exit code. */
int exec_output_summary(const struct exec_output *out, uint64_t elapsed_ms,
			int interrupted)
{
	size_t i, not_ok = out->n_hosts - out->counts[0];
	struct buf b = BUF_INIT;
	json_t *obj;

	if (out->json) {
		obj = json_object();
		json_object_set_new(obj, "type", json_string("summary"));
		json_object_set_new(obj, "hosts",
				    json_integer((json_int_t)out->n_hosts));
		for (i = 0; i < EXEC_OUTPUT_N_STATUSES; i++)
			json_object_set_new(
				obj, exec_statuses[i],
				json_integer((json_int_t)out->counts[i]));
		json_object_set_new(obj, "interrupted",
				    json_boolean(interrupted));
		json_object_set_new(obj, "duration",
				    json_real((double)elapsed_ms / 1000.0));
		exec_print_json_line(obj);
		json_decref(obj);
	} else {
		buf_addf(&b, "%zu host%s:", out->n_hosts,
			 out->n_hosts == 1 ? "" : "s");
		for (i = 0; i < EXEC_OUTPUT_N_STATUSES; i++)
			if (out->counts[i] || i == 0)
				buf_addf(&b, "%s %zu %s", i ? "," : "",
					 out->counts[i], exec_statuses[i]);
		buf_addf(&b, " in %llu.%02llu s%s",
			 (unsigned long long)(elapsed_ms / 1000),
			 (unsigned long long)(elapsed_ms % 1000 / 10),
			 interrupted ? " (interrupted)" : "");
		puts(b.data);
		buf_release(&b);
	}
	fflush(stdout);
	if (interrupted)
		return CREST_EXIT_INTERRUPTED;
	return not_ok ? CREST_EXIT_FAILED : CREST_EXIT_OK;
}
