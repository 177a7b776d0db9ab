/*
 * service.c - the service module: a systemd unit's state and enablement.
 *
 *	service: {name: acme-agent, state: restarted}
 *	service: {name: acme-agent, enabled: true, state: started}
 *
 * probe asks systemctl is-active and is-enabled (one command) and fails
 * with a clear message on a host where systemd is not running (no
 * /run/systemd/system, as in the lab).  apply runs the systemctl actions
 * needed (one command; restarted and reloaded always act).  revert starts
 * or stops, enables or disables the unit back to what probe found.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "module-args.h"
#include "module-run.h"
#include "module.h"
#include "transport/quote.h"
#include "service.h"
#include "base/xmalloc.h"
#include "base/json-get.h"

static const char *const service_states[] = {"started", "stopped", "restarted",
					     "reloaded", NULL};

static const struct arg_spec service_args[] = {
	{"name", ARG_NAME, ARG_REQUIRED, NULL, 0, 0},
	{"state", ARG_CHOICE, 0, service_states, 0, 0},
	{"enabled", ARG_BOOL, 0, NULL, 0, 0},
	{NULL, 0, 0, NULL, 0, 0},
};

/* Checks the unit and that something is asked of it. */
static int service_validate(const struct task *task, struct error *err)
{
	if (module_args_check(task, service_args, err) < 0)
		return -1;
	if (!module_arg(task, "state") && !module_arg(task, "enabled"))
		return error_set_at(err, ERROR_INVALID, task->module_at.file,
				    task->module_at.line,
				    task->module_at.column,
				    "service: give 'state', 'enabled' or "
				    "both");
	return 0;
}

/* Appends the probe line. */
void service_sh_probe(const char *unit, struct buf *out)
{
	buf_adds(out, "if [ ! -d /run/systemd/system ]; then echo 'crest: "
		      "service: systemd is not running on this host (no "
		      "/run/systemd/system)' >&2; exit 3; fi; u=");
	quote_sh_str(out, unit);
	buf_adds(out, "; a=$(systemctl is-active \"$u\" 2>/dev/null); "
		      "e=$(systemctl is-enabled \"$u\" 2>/dev/null); printf "
		      "'active %s\\nenabled %s\\n' \"${a:-unknown}\" "
		      "\"${e:-unknown}\"");
}

/* Appends one "systemctl VERB UNIT", after " && " unless it is the
 * first. */
static void systemctl(struct buf *out, int *n, const char *verb,
		      const char *unit)
{
	buf_addf(out, "%ssystemctl %s ", *n ? " && " : "", verb);
	quote_sh_str(out, unit);
	(*n)++;
}

/* Returns 1 when an is-active answer means running. */
static int is_running(const char *active)
{
	return strcmp(active, "active") == 0 ||
	       strcmp(active, "activating") == 0 ||
	       strcmp(active, "reloading") == 0;
}

/* Appends the apply lines. */
int service_sh_apply(const json_t *args, const json_t *prior, struct buf *out)
{
	const char *unit = module_arg_str(args, "name", "");
	const char *state = module_arg_str(args, "state", NULL);
	const char *active = json_get_str(prior, "active", "unknown");
	const char *enabled = json_get_str(prior, "enabled", "unknown");
	json_t *en = json_object_get(args, "enabled");
	int n = 0;

	if (en && !json_is_null(en)) {
		int want = module_arg_bool(args, "enabled", 0);

		if (want && strcmp(enabled, "enabled") != 0)
			systemctl(out, &n, "enable", unit);
		else if (!want && strcmp(enabled, "enabled") == 0)
			systemctl(out, &n, "disable", unit);
	}
	if (state == NULL)
		return n;
	if (strcmp(state, "started") == 0 && !is_running(active))
		systemctl(out, &n, "start", unit);
	else if (strcmp(state, "stopped") == 0 && is_running(active))
		systemctl(out, &n, "stop", unit);
	else if (strcmp(state, "restarted") == 0)
		systemctl(out, &n, "restart", unit);
	else if (strcmp(state, "reloaded") == 0)
		systemctl(out, &n, is_running(active) ? "reload" : "start",
			  unit);
	return n;
}

/* Appends the revert lines. */
void service_sh_revert(const json_t *prior, struct buf *out)
{
	const char *unit = json_get_str(prior, "unit", "unknown");
	const char *enabled = json_get_str(prior, "enabled", "unknown");

	buf_adds(out, "u=");
	quote_sh_str(out, unit);
	if (strcmp(enabled, "enabled") == 0)
		buf_adds(out,
			 "; [ \"$(systemctl is-enabled \"$u\")\" = enabled ] "
			 "|| systemctl enable \"$u\" || exit 1");
	else if (strcmp(enabled, "disabled") == 0)
		buf_adds(out,
			 "; [ \"$(systemctl is-enabled \"$u\")\" != "
			 "enabled ] || systemctl disable \"$u\" || exit 1");
	if (is_running(json_get_str(prior, "active", "unknown")))
		buf_adds(out, "; systemctl is-active --quiet \"$u\" || "
			      "systemctl start \"$u\"");
	else
		buf_adds(out, "; ! systemctl is-active --quiet \"$u\" || "
			      "systemctl stop \"$u\"");
}

/* Reads the unit's active state and enablement. */
static int service_probe(struct module_run *run, const json_t *args,
			 json_t **prior, struct error *err)
{
	const char *unit = module_arg_str(args, "name", "");
	struct buf sh = BUF_INIT;
	char active[64] = "unknown", enabled[64] = "unknown";
	int rc = -1;

	service_sh_probe(unit, &sh);
	if (module_sh_ok(run, "service", sh.data, err) < 0)
		goto out;
	if (sscanf(module_stdout(run), "active %63s enabled %63s", active,
		   enabled) < 1) {
		error_set(err, ERROR_FAILED,
			  "service: cannot read the state "
			  "of %s",
			  unit);
		goto out;
	}
	*prior = json_pack("{s:s,s:s,s:s}", "unit", unit, "active", active,
			   "enabled", enabled);
	rc = 0;
out:
	buf_release(&sh);
	return rc;
}

/* Runs the systemctl actions needed. */
static int service_apply(struct module_run *run, const json_t *args,
			 const json_t *prior, int *changed, struct error *err)
{
	struct buf sh = BUF_INIT;
	int rc = 0;

	*changed = 0;
	if (service_sh_apply(args, prior, &sh) > 0) {
		rc = module_sh_ok(run, "service", sh.data, err);
		*changed = rc == 0;
	}
	buf_release(&sh);
	return rc;
}

/* Puts the unit back as probe found it. */
static int service_revert(struct module_run *run, const json_t *args,
			  const json_t *prior, struct error *err)
{
	struct buf sh = BUF_INIT;
	int rc;

	service_sh_revert(prior, &sh);
	rc = module_sh_ok(run, "service: revert", sh.data, err);
	buf_release(&sh);
	return rc;
}

/* Says which systemctl actions apply would run. */
static int service_describe(const json_t *args, const json_t *prior,
			    struct buf *out)
{
	struct buf sh = BUF_INIT;

	if (service_sh_apply(args, prior, &sh) == 0)
		buf_addf(out, "%s: unchanged (%s, %s)\n",
			 module_arg_str(args, "name", ""),
			 json_get_str(prior, "active", "unknown"),
			 json_get_str(prior, "enabled", "unknown"));
	else
		buf_addf(out, "%s (was %s, %s)\n", sh.data,
			 json_get_str(prior, "active", "unknown"),
			 json_get_str(prior, "enabled", "unknown"));
	buf_release(&sh);
	return 0;
}

const struct module module_service = {
	.name = "service",
	.summary = "start, stop, restart, reload, enable or disable a unit",
	.validate = service_validate,
	.probe = service_probe,
	.apply = service_apply,
	.revert = service_revert,
	.describe = service_describe,
	.revert_args = module_revert_args_none,
};
