/*
 * check.c - the check module: a health gate, run from the host.
 *
 *	check: {command: "acme-agent selftest"}
 *	check: {port: 8080}
 *	check: {http: "http://127.0.0.1:8080/health", status: 200, retries: 5, delay: 2s}
 *
 * It passes or fails and changes nothing (MODULE_NO_CHANGE); it is meant
 * for verify:.  Issue 3 gives it its argument checks; probe and apply come
 * with the run engine (MODULE_PENDING).
 */
#include "module-args.h"
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

const struct module module_check = {
	.name = "check",
	.summary = "a health gate: command, TCP port or HTTP status",
	.validate = check_validate,
	.flags = MODULE_NO_CHANGE | MODULE_VERIFY | MODULE_PENDING,
};
