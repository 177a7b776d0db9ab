/*
 * reboot.c - the reboot module: reboot the host and wait until it is back
 * (its boot id has changed and it answers SSH, and test_command passes).
 *
 *	reboot: {timeout: 10m, test_command: "systemctl is-system-running --wait"}
 *	reboot:
 *
 * A reboot cannot be undone (MODULE_IRREVERSIBLE).  probe records the
 * host's boot id (/proc/sys/kernel/random/boot_id).  apply starts
 * "reboot" in the background a second later (so the command returns
 * before the connection drops), then, once a second until "timeout"
 * (default 10m), asks the engine to connect again (module_run's
 * reconnect) and reads the boot id: the host is back when it answers SSH
 * with a new one.  test_command, when given, must then succeed (retried
 * until the same deadline).  apply always reports changed.  A resumed
 * apply (crest resume after the controller died in this task) whose host
 * already shows another boot id than the one recorded does not reboot
 * again: it only runs test_command.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "module-args.h"
#include "module-run.h"
#include "module.h"
#include "reboot.h"
#include "base/monotime.h"
#include "transport/quote.h"
#include "base/xmalloc.h"
#include "base/json-get.h"

#define BOOT_ID "/proc/sys/kernel/random/boot_id"

static const struct arg_spec reboot_args[] = {
	{"timeout", ARG_DURATION, 0, NULL, 0, 0},
	{"test_command", ARG_STRING, 0, NULL, 0, 0},
	{"msg", ARG_STRING, 0, NULL, 0, 0},
	{NULL, 0, 0, NULL, 0, 0},
};

/* Checks the optional timeout and test command. */
static int reboot_validate(const struct task *task, struct error *err)
{
	return module_args_check(task, reboot_args, err);
}

/* Reads the host's boot id into *id (caller frees). */
static int read_boot_id(struct module_run *run, char **id, struct error *err)
{
	const char *out;

	if (module_sh_ok(run, "reading the boot id", "cat " BOOT_ID, err) < 0)
		return -1;
	out = module_stdout(run);
	*id = xstrndup(out, strcspn(out, "\n"));
	if (**id == '\0') {
		free(*id);
		*id = NULL;
		return error_set(err, ERROR_FAILED, "reboot: no boot id");
	}
	return 0;
}

/* Records the boot id the reboot must change. */
static int reboot_probe(struct module_run *run, const json_t *args,
			json_t **prior, struct error *err)
{
	char *id = NULL;

	if (read_boot_id(run, &id, err) < 0)
		return -1;
	*prior = json_pack("{s:s}", "boot_id", id);
	free(id);
	return 0;
}

/* Sleeps for ms milliseconds. */
static void sleep_ms(unsigned ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) < 0)
		;
}

/* Starts the reboot and waits until the host answers with another boot
 * id than old, or deadline passes. */
static int reboot_wait(struct module_run *run, const json_t *args,
		       const char *old, uint64_t deadline, unsigned timeout,
		       int *changed, struct error *err)
{
	struct error last = ERROR_INIT;
	struct buf line = BUF_INIT, cmd = BUF_INIT;
	char *id = NULL;
	int rc = -1;

	/* "_command" is not a task argument: os_upgrade reboots with dnf
	 * system-upgrade reboot through it. */
	buf_adds(&line, "sh -c ");
	buf_adds(&cmd, "sleep 1; ");
	buf_adds(&cmd, module_arg_str(args, "_command", "reboot"));
	quote_sh_str(&line, cmd.data);
	buf_adds(&line, " </dev/null >/dev/null 2>&1 &");
	if (module_sh_ok(run, "reboot", line.data, err) < 0)
		goto out;
	*changed = 1;
	run->timeout_ms = 5000;
	while (monotime_left(deadline)) {
		sleep_ms(1000);
		error_release(&last);
		if (run->reconnect(run, &last) < 0 || run->conn == NULL)
			continue;
		free(id);
		id = NULL;
		if (read_boot_id(run, &id, &last) < 0)
			continue;
		if (old && strcmp(id, old) == 0)
			continue; /* not gone down yet */
		rc = 0;
		goto out;
	}
	error_set(err, ERROR_TIMEOUT,
		  "reboot: the host did not come back with a new boot "
		  "id within %us%s%s",
		  timeout, last.message ? ": " : "",
		  last.message ? last.message : "");
out:
	error_release(&last);
	buf_release(&line);
	buf_release(&cmd);
	free(id);
	return rc;
}

/* Reboots the host and waits for it to come back with a new boot id. */
static int reboot_apply(struct module_run *run, const json_t *args,
			const json_t *prior, int *changed, struct error *err)
{
	const char *old = json_get_str(prior, "boot_id", NULL);
	const char *test = module_arg_str(args, "test_command", NULL);
	unsigned timeout = module_arg_secs(args, "timeout", 600);
	uint64_t deadline = monotime_deadline(timeout * 1000u);
	unsigned saved = run->timeout_ms;
	struct error ignored = ERROR_INIT;
	struct buf line = BUF_INIT;
	char *id = NULL;
	int rc = -1;

	*changed = 0;
	if (run->reconnect == NULL) {
		error_set(err, ERROR_INTERNAL,
			  "reboot: the engine cannot reconnect this host");
		goto out;
	}
	/* Resumed after the controller died in this task: when the boot id
	 * its first intent recorded is gone, the host has rebooted since,
	 * and rebooting it again would be a second reboot. */
	if (!old || read_boot_id(run, &id, &ignored) < 0 || !strcmp(id, old)) {
		if (reboot_wait(run, args, old, deadline, timeout, changed,
				err) < 0)
			goto out;
	}
	*changed = 1;
	if (test) {
		buf_adds(&line, "sh -c ");
		quote_sh_str(&line, test);
		run->timeout_ms = saved;
		while (module_sh_ok(run, "reboot: test_command", line.data,
				    err) < 0) {
			if (!monotime_left(deadline))
				goto out;
			sleep_ms(1000);
		}
		error_release(err);
	}
	rc = 0;
out:
	run->timeout_ms = saved;
	error_release(&ignored);
	buf_release(&line);
	free(id);
	return rc;
}

/* Reboots as the reboot module's task does, for other modules. */
int reboot_host(struct module_run *run, unsigned timeout_secs,
		const char *command, struct error *err)
{
	json_t *rargs =
		json_pack("{s:I,s:s}", "timeout", (json_int_t)timeout_secs,
			  "_command", command ? command : "reboot");
	json_t *rprior = NULL;
	int changed, rc = -1;

	if (reboot_probe(run, rargs, &rprior, err) < 0)
		goto out;
	rc = reboot_apply(run, rargs, rprior, &changed, err);
out:
	json_decref(rprior);
	json_decref(rargs);
	return rc;
}

/* Says that the host reboots. */
static int reboot_describe(const json_t *args, const json_t *prior,
			   struct buf *out)
{
	buf_addf(out,
		 "reboot and wait up to %us for a new boot id "
		 "(irreversible)\n",
		 module_arg_secs(args, "timeout", 600));
	return 0;
}

const struct module module_reboot = {
	.name = "reboot",
	.summary = "reboot and wait for the host to come back",
	.validate = reboot_validate,
	.probe = reboot_probe,
	.apply = reboot_apply,
	.describe = reboot_describe,
	.flags = MODULE_IRREVERSIBLE | MODULE_REBOOTS,
};
