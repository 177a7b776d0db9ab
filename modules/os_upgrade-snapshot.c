/*
 * os_upgrade-snapshot.c - the snapshot os_upgrade takes before it changes
 * a host and restores to revert it: the snapshot's name, each provider's
 * create, restore and delete lines (lvm, btrfs, zfs, or the user's
 * commands), and running one step on the host; see os_upgrade.h.
 */
#include <stdlib.h>
#include <string.h>

#include "module-run.h"
#include "base/json-get.h"
#include "os_upgrade.h"
#include "transport/quote.h"

/* Appends one snapshot step of a provider (os_upgrade.h). */
int os_upgrade_sh_snapshot(const char *provider, enum os_snapshot_op op,
			   const char *target, const char *name,
			   const char *command, struct buf *out)
{
	struct buf t = BUF_INIT;
	const char *slash;
	int rc = 0;

	if (strcmp(provider, "command") == 0) {
		if (command == NULL)
			return -1;
		buf_adds(out, "CREST_SNAPSHOT=");
		quote_sh_str(out, name);
		buf_adds(out, " sh -c ");
		quote_sh_str(out, command);
		return 0;
	}
	if (target == NULL)
		return -1;
	if (strcmp(provider, "lvm") == 0) {
		/* The snapshot lives in the origin's volume group; a merge
		 * of an origin in use completes at the next boot. */
		slash = strchr(target, '/');
		buf_add(&t, target, slash ? (size_t)(slash - target) + 1 : 0);
		buf_adds(&t, name);
		if (op == OS_SNAPSHOT_CREATE) {
			buf_addf(out, "lvcreate --snapshot --extents 50%%FREE "
				      "--name ");
			quote_sh_str(out, name);
			buf_adds(out, " ");
			quote_sh_str(out, target);
		} else if (op == OS_SNAPSHOT_RESTORE) {
			buf_adds(out, "lvconvert --merge ");
			quote_sh_str(out, t.data);
		} else {
			buf_adds(out, "lvremove -f ");
			quote_sh_str(out, t.data);
		}
	} else if (strcmp(provider, "btrfs") == 0) {
		/* Restore makes the snapshot the default subvolume, which the
		 * next boot mounts. */
		buf_addf(&t, "%s%s.crest-snapshots/%s", target,
			 target[strlen(target) - 1] == '/' ? "" : "/", name);
		if (op == OS_SNAPSHOT_CREATE) {
			buf_adds(out, "mkdir -p \"$(dirname ");
			quote_sh_str(out, t.data);
			buf_adds(out, ")\" && btrfs subvolume snapshot ");
			quote_sh_str(out, target);
			buf_adds(out, " ");
			quote_sh_str(out, t.data);
		} else if (op == OS_SNAPSHOT_RESTORE) {
			buf_adds(out, "btrfs subvolume set-default \"$(btrfs "
				      "subvolume show ");
			quote_sh_str(out, t.data);
			buf_adds(out,
				 " | awk '/Subvolume ID:/ {print $3}')\" ");
			quote_sh_str(out, target);
		} else {
			buf_adds(out, "btrfs subvolume delete ");
			quote_sh_str(out, t.data);
		}
	} else if (strcmp(provider, "zfs") == 0) {
		buf_addf(&t, "%s@%s", target, name);
		buf_adds(out, op == OS_SNAPSHOT_CREATE	  ? "zfs snapshot "
			      : op == OS_SNAPSHOT_RESTORE ? "zfs rollback -r "
							  : "zfs destroy ");
		quote_sh_str(out, t.data);
	} else {
		rc = -1;
	}
	buf_release(&t);
	return rc;
}

/* Returns the user's command for a snapshot step (borrowed, or NULL). */
const char *os_upgrade_snapshot_command(const json_t *args,
					enum os_snapshot_op op)
{
	return module_arg_str(args,
			      op == OS_SNAPSHOT_CREATE	  ? "snapshot_command"
			      : op == OS_SNAPSHOT_RESTORE ? "restore_command"
							  : "delete_command",
			      NULL);
}

/* Runs one snapshot step on the host. */
int os_upgrade_snapshot_step(struct module_run *run, const json_t *args,
			     const json_t *prior, enum os_snapshot_op op,
			     struct error *err)
{
	static const char *const what[] = {
		"os_upgrade: taking the snapshot",
		"os_upgrade: restoring the snapshot",
		"os_upgrade: deleting the snapshot",
	};
	struct buf sh = BUF_INIT;
	int rc;

	if (os_upgrade_sh_snapshot(
		    module_arg_str(args, "snapshot", "none"), op,
		    module_arg_str(args, "snapshot_target", NULL),
		    json_get_str(prior, "snapshot_name", NULL),
		    os_upgrade_snapshot_command(args, op), &sh) < 0) {
		buf_release(&sh);
		return error_set(err, ERROR_INVALID,
				 "os_upgrade: snapshot '%s' cannot do this",
				 module_arg_str(args, "snapshot", "none"));
	}
	rc = module_sh_ok(run, what[op], sh.data, err);
	buf_release(&sh);
	return rc;
}

/* Returns the snapshot's name for this run and task (caller frees). */
char *os_upgrade_snapshot_name(const struct module_run *run)
{
	struct buf b = BUF_INIT;
	const char *p;

	buf_adds(&b, "crest-");
	for (p = run->run_id ? run->run_id : "run"; *p; p++)
		buf_addch(&b, strchr("abcdefghijklmnopqrstuvwxyz"
				     "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-",
				     *p)
				      ? *p
				      : '_');
	buf_addf(&b, "-task-%u", run->task_index + 1);
	return buf_detach(&b, NULL);
}
