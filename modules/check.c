/*
 * check.c - the check module: a health gate, run from the host.
 *
 *	check: {command: "acme-agent selftest"}
 *	check: {port: 8080}
 *	check: {http: "http://127.0.0.1:8080/health", status: 200, retries: 5, delay: 2s}
 *
 * It passes or fails and changes nothing (MODULE_NO_CHANGE); it is meant
 * for verify:.  apply is one command on the host: the test (a line for
 * sh -c, a TCP connect from the host with nc or bash, or an HTTP GET with
 * curl or wget whose status must be "status", default 200), tried
 * 1 + retries times (default 0), "delay" apart (default 1s), each try of
 * a port or URL bounded by "timeout" (default 5s; a command by the task's
 * timeout).
 */
#include "health.h"
#include "module-args.h"
#include "module-run.h"
#include "module.h"

static const struct arg_spec check_args[] = {
	{"command", ARG_STRING, 0, NULL, 0, 0},
	{"port", ARG_INT, 0, NULL, 1, 65535},
	{"host", ARG_STRING, 0, NULL, 0, 0},
	{"http", ARG_URL, 0, NULL, 0, 0},
	{"status", ARG_INT, 0, NULL, 100, 599},
	{"timeout", ARG_DURATION, 0, NULL, 0, 0},
	{"retries", ARG_INT, 0, NULL, 0, 1000},
	{"delay", ARG_DURATION, 0, NULL, 0, 0},
	{NULL, 0, 0, NULL, 0, 0},
};

/* Checks that one kind of check is asked for, with its own options. */
static int check_validate(const struct task *task, struct error *err)
{
	static const char *const what[] = {"command", "port", "http", NULL};

	if (module_args_check(task, check_args, err) < 0 ||
	    module_args_one_of(task, what, err) < 0)
		return -1;
	if (module_arg(task, "host") && !module_arg(task, "port"))
		return ynode_error(module_arg(task, "host"), err,
				   "check: 'host' goes only with 'port'");
	if (module_arg(task, "status") && !module_arg(task, "http"))
		return ynode_error(module_arg(task, "status"), err,
				   "check: 'status' goes only with 'http'");
	return 0;
}

/* Appends the test and what it checks. */
static void check_cond(const json_t *args, struct buf *cond, struct buf *what)
{
	const char *command = module_arg_str(args, "command", NULL);
	const char *http = module_arg_str(args, "http", NULL);
	unsigned wait = module_arg_secs(args, "timeout", 5);

	if (command) {
		health_sh_command(cond, command);
		buf_addf(what, "command %s", command);
	} else if (http) {
		long long status = module_arg_int(args, "status", 200);

		health_sh_http(cond, http, status, wait);
		buf_addf(what, "%s answers %lld", http, status);
	} else {
		const char *host = module_arg_str(args, "host", "127.0.0.1");
		long long port = module_arg_int(args, "port", 0);

		health_sh_port(cond, host, port, wait);
		buf_addf(what, "port %s:%lld open", host, port);
	}
}

/* Nothing to read: check changes nothing. */
static int check_probe(struct module_run *run, const json_t *args,
		       json_t **prior, struct error *err)
{
	*prior = json_object();
	return 0;
}

/* Runs the test with its retries on the host. */
static int check_apply(struct module_run *run, const json_t *args,
		       const json_t *prior, int *changed, struct error *err)
{
	struct buf cond = BUF_INIT, what = BUF_INIT, sh = BUF_INIT;
	long long retries = module_arg_int(args, "retries", 0);
	unsigned delay = module_arg_secs(args, "delay", 1);
	int rc;

	*changed = 0;
	check_cond(args, &cond, &what);
	health_sh_retry(&sh, cond.data, (unsigned)retries + 1, delay,
			what.data);
	rc = module_sh_ok(run, "check", sh.data, err);
	buf_release(&cond);
	buf_release(&what);
	buf_release(&sh);
	return rc;
}

/* Says what is checked. */
static int check_describe(const json_t *args, const json_t *prior,
			  struct buf *out)
{
	struct buf cond = BUF_INIT, what = BUF_INIT;

	check_cond(args, &cond, &what);
	buf_addf(out, "check %s (%lld retries); changes nothing\n", what.data,
		 module_arg_int(args, "retries", 0));
	buf_release(&cond);
	buf_release(&what);
	return 0;
}

const struct module module_check = {
	.name = "check",
	.summary = "a health gate: command, TCP port or HTTP status",
	.validate = check_validate,
	.probe = check_probe,
	.apply = check_apply,
	.describe = check_describe,
	.flags = MODULE_NO_CHANGE | MODULE_VERIFY,
};
