/*
 * module-run.c - running commands on a host on behalf of a module.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/duration.h"
#include "module-run.h"
#include "base/xmalloc.h"

/* Prepares run for one task on one host. */
void module_run_init(struct module_run *run, struct transport_conn *conn,
		     const char *host, const char *run_id, unsigned task_index,
		     int become, unsigned timeout_ms)
{
	struct transport_result empty = TRANSPORT_RESULT_INIT;

	memset(run, 0, sizeof(*run));
	run->conn = conn;
	run->host = host;
	run->run_id = run_id;
	run->task_index = task_index;
	run->become = become;
	run->timeout_ms = timeout_ms;
	run->last = empty;
}

/* Frees the last result. */
void module_run_release(struct module_run *run)
{
	transport_result_release(&run->last);
}

/* Runs one command line on the host. */
int module_sh(struct module_run *run, const char *line, const void *input,
	      size_t input_len, struct error *err)
{
	struct transport_command cmd = TRANSPORT_COMMAND_INIT;

	transport_result_release(&run->last);
	cmd.line = line;
	cmd.input = input;
	cmd.input_len = input_len;
	cmd.become = run->become;
	cmd.timeout_ms = run->timeout_ms;
	return transport_exec(run->conn, &cmd, &run->last, err);
}

/* Returns the last command's stderr, trimmed of trailing newlines. */
static char *last_stderr(struct module_run *run)
{
	size_t len;
	const char *e = tail_data(&run->last.err, &len);
	char *s;

	while (len > 0 && (e[len - 1] == '\n' || e[len - 1] == '\r'))
		len--;
	/* The message is one line: the last line of stderr says most. */
	s = memrchr(e, '\n', len);
	if (s) {
		len -= (size_t)(s + 1 - e);
		e = s + 1;
	}
	return xstrndup(e, len);
}

/* Runs a command that must succeed. */
int module_sh_ok(struct module_run *run, const char *what, const char *line,
		 struct error *err)
{
	return module_sh_input_ok(run, what, line, NULL, 0, err);
}

/* Runs a command with input that must succeed. */
int module_sh_input_ok(struct module_run *run, const char *what,
		       const char *line, const void *input, size_t input_len,
		       struct error *err)
{
	char *msg;

	if (module_sh(run, line, input, input_len, err) < 0)
		return -1;
	if (run->last.exit_status == 0)
		return 0;
	msg = last_stderr(run);
	if (run->last.exit_signal)
		error_set(err, ERROR_FAILED, "%s: killed by SIG%s%s%s", what,
			  run->last.exit_signal, *msg ? ": " : "", msg);
	else
		error_set(err, ERROR_FAILED, "%s: exit status %d%s%s", what,
			  run->last.exit_status, *msg ? ": " : "", msg);
	free(msg);
	return -1;
}

/* Returns the last command's stdout. */
const char *module_stdout(struct module_run *run)
{
	return tail_data(&run->last.out, NULL);
}

/* Returns the last command's stderr. */
const char *module_stderr(struct module_run *run)
{
	return tail_data(&run->last.err, NULL);
}

/* Names this task's backup directory on the host. */
char *module_backup_dir(const struct module_run *run)
{
	return xasprintf("%s/%s/%s/task-%u", CREST_HOST_STATE, run->run_id,
			 run->host, run->task_index + 1);
}

/* Reads a string argument. */
const char *module_arg_str(const json_t *args, const char *name,
			   const char *def)
{
	json_t *v = json_is_object(args) ? json_object_get(args, name) : NULL;

	return json_is_string(v) ? json_string_value(v) : def;
}

/* Reads a boolean argument; strings that spell one count. */
int module_arg_bool(const json_t *args, const char *name, int def)
{
	json_t *v = json_is_object(args) ? json_object_get(args, name) : NULL;
	const char *s;

	if (json_is_boolean(v))
		return json_is_true(v);
	if (!json_is_string(v))
		return def;
	s = json_string_value(v);
	if (!strcmp(s, "true") || !strcmp(s, "yes") || !strcmp(s, "1"))
		return 1;
	if (!strcmp(s, "false") || !strcmp(s, "no") || !strcmp(s, "0"))
		return 0;
	return def;
}

/* Reads an integer argument; a string of digits counts. */
long long module_arg_int(const json_t *args, const char *name, long long def)
{
	json_t *v = json_is_object(args) ? json_object_get(args, name) : NULL;
	char *end;
	long long n;

	if (json_is_integer(v))
		return json_integer_value(v);
	if (!json_is_string(v))
		return def;
	n = strtoll(json_string_value(v), &end, 10);
	return *json_string_value(v) && *end == '\0' ? n : def;
}

/* Reads a duration argument in seconds. */
unsigned module_arg_secs(const json_t *args, const char *name, unsigned def)
{
	json_t *v = json_is_object(args) ? json_object_get(args, name) : NULL;
	unsigned secs;

	if (json_is_integer(v) && json_integer_value(v) >= 0)
		return (unsigned)json_integer_value(v);
	if (json_is_string(v) &&
	    duration_parse(json_string_value(v), &secs) == 0)
		return secs;
	return def;
}
