/*
 * wait_for.c - the wait_for module: wait until a port answers (or stops),
 * a path appears (or goes), or a command succeeds, from the host.
 *
 *	wait_for: {port: 8080, timeout: 2m}
 *	wait_for: {path: /run/acme/ready, delay: 5s}
 *	wait_for: {command: "acme-agent status", retries: 10, delay: 3s}
 *
 * It changes nothing (MODULE_NO_CHANGE) and can serve as a verify check.
 * probe records nothing and sends nothing; apply is one command on the
 * host that tries every "delay" (default 1s) until "timeout" (default
 * 60s) or, when given, "retries" more times after the first; it reports
 * ok (changed 0) or fails.  A port is tested from the host (host default
 * 127.0.0.1) with nc -z, else bash's /dev/tcp (health.c); a command is a
 * line for sh -c.
 */
#include <string.h>

#include "health.h"
#include "module-args.h"
#include "module-run.h"
#include "module.h"
#include "transport/quote.h"

static const char *const wait_states[] = {"started", "stopped", "present",
					  "absent", NULL};

static const struct arg_spec wait_for_args[] = {
	{"port", ARG_INT, 0, NULL, 1, 65535},
	{"host", ARG_STRING, 0, NULL, 0, 0},
	{"path", ARG_PATH, 0, NULL, 0, 0},
	{"command", ARG_STRING, 0, NULL, 0, 0},
	{"state", ARG_CHOICE, 0, wait_states, 0, 0},
	{"timeout", ARG_DURATION, 0, NULL, 0, 0},
	{"delay", ARG_DURATION, 0, NULL, 0, 0},
	{"retries", ARG_INT, 0, NULL, 0, 1000},
	{NULL, 0, 0, NULL, 0, 0},
};

/* Checks that one thing is waited for, with a state that fits it. */
static int wait_for_validate(const struct task *task, struct error *err)
{
	static const char *const what[] = {"port", "path", "command", NULL};
	static const char *const port_states[] = {"started", "stopped", NULL};
	static const char *const path_states[] = {"present", "absent", NULL};
	const struct ynode *state;

	if (module_args_check(task, wait_for_args, err) < 0 ||
	    module_args_one_of(task, what, err) < 0)
		return -1;
	if (module_arg(task, "host") && !module_arg(task, "port"))
		return ynode_error(module_arg(task, "host"), err,
				   "wait_for: 'host' goes only with 'port'");
	state = module_arg(task, "state");
	if (state && !module_arg_is_template(state)) {
		if (module_arg(task, "port") &&
		    !module_arg_is(task, "state", port_states))
			return ynode_error(state, err,
					   "wait_for: a port is 'started' or "
					   "'stopped', not '%s'",
					   state->str);
		if (module_arg(task, "path") &&
		    !module_arg_is(task, "state", path_states))
			return ynode_error(state, err,
					   "wait_for: a path is 'present' or "
					   "'absent', not '%s'",
					   state->str);
		if (module_arg(task, "command"))
			return ynode_error(state, err,
					   "wait_for: 'state' does not go with "
					   "'command'");
	}
	return 0;
}

/* Appends the condition waited for and a description of it. */
static void wait_for_cond(const json_t *args, struct buf *cond,
			  struct buf *what)
{
	const char *path = module_arg_str(args, "path", NULL);
	const char *command = module_arg_str(args, "command", NULL);
	long long port = module_arg_int(args, "port", 0);
	const char *host = module_arg_str(args, "host", "127.0.0.1");
	const char *state = module_arg_str(args, "state", NULL);

	if (path) {
		int absent = state && strcmp(state, "absent") == 0;

		buf_addf(cond, "%s[ -e ", absent ? "! " : "");
		quote_sh_str(cond, path);
		buf_adds(cond, " ]");
		buf_addf(what, "path %s %s", path,
			 absent ? "absent" : "present");
	} else if (command) {
		health_sh_command(cond, command);
		buf_addf(what, "command %s", command);
	} else {
		int stopped = state && strcmp(state, "stopped") == 0;

		if (stopped)
			buf_adds(cond, "! ");
		health_sh_port(cond, host, port, 1);
		buf_addf(what, "port %s:%lld %s", host, port,
			 stopped ? "stopped" : "started");
	}
}

/* Returns the number of tries and the delay between them. */
static unsigned wait_for_tries(const json_t *args, unsigned *delay)
{
	unsigned timeout = module_arg_secs(args, "timeout", 60);
	long long retries = module_arg_int(args, "retries", -1);

	*delay = module_arg_secs(args, "delay", 1);
	if (retries >= 0)
		return (unsigned)retries + 1;
	return *delay ? timeout / *delay + 1 : timeout + 1;
}

/* Nothing to read: wait_for changes nothing. */
static int wait_for_probe(struct module_run *run, const json_t *args,
			  json_t **prior, struct error *err)
{
	*prior = json_object();
	return 0;
}

/* Waits on the host, in one command. */
static int wait_for_apply(struct module_run *run, const json_t *args,
			  const json_t *prior, int *changed, struct error *err)
{
	struct buf cond = BUF_INIT, what = BUF_INIT, sh = BUF_INIT;
	unsigned delay, tries = wait_for_tries(args, &delay);
	unsigned saved = run->timeout_ms;
	int rc;

	*changed = 0;
	wait_for_cond(args, &cond, &what);
	health_sh_retry(&sh, cond.data, tries, delay, what.data);
	/* The host's loop bounds the wait; the command gets room for it. */
	if (saved)
		run->timeout_ms = saved + (tries * (delay + 2)) * 1000u;
	rc = module_sh_ok(run, "wait_for", sh.data, err);
	run->timeout_ms = saved;
	buf_release(&cond);
	buf_release(&what);
	buf_release(&sh);
	return rc;
}

/* Says what is waited for. */
static int wait_for_describe(const json_t *args, const json_t *prior,
			     struct buf *out)
{
	struct buf cond = BUF_INIT, what = BUF_INIT;
	unsigned delay, tries = wait_for_tries(args, &delay);

	wait_for_cond(args, &cond, &what);
	buf_addf(out, "wait for %s (%u tries, %us apart); changes nothing\n",
		 what.data, tries, delay);
	buf_release(&cond);
	buf_release(&what);
	return 0;
}

const struct module module_wait_for = {
	.name = "wait_for",
	.summary = "wait for a port, a path or a command",
	.validate = wait_for_validate,
	.probe = wait_for_probe,
	.apply = wait_for_apply,
	.describe = wait_for_describe,
	.flags = MODULE_NO_CHANGE | MODULE_VERIFY,
};
