/*
 * os_upgrade.h - what the os_upgrade files share: the module itself
 * (os_upgrade.c) upgrades a host through the ops of its OS family
 * (os_upgrade-debian.c, os_upgrade-rhel.c), after the preflight
 * (os_upgrade-preflight.c) and a snapshot (os_upgrade-snapshot.c).
 *
 * The command lines are functions of their own, apart from the module,
 * so they can be unit-tested for what the lab does not have (lvm, btrfs,
 * zfs, dnf, leapp).  Every line is POSIX sh; every value in it is quoted
 * with quote_sh().
 */
#ifndef CREST_OS_UPGRADE_H
#define CREST_OS_UPGRADE_H

#include <jansson.h>

#include "base/buf.h"
#include "base/error.h"

struct module_run;

/* An OS family: how a host of it goes from one release to the next. */
struct os_family {
	/* As the preflight and the family: argument name it. */
	const char *name;
	/* Appends the line that upgrades the host from release from (the
	 * task's from:, else the host's release; NULL when neither is a
	 * name os_upgrade_release_ok() accepts) to release to (checked
	 * likewise); leapp is 1 when
	 * the host has leapp.  Returns 0, or -1 with err set. */
	int (*upgrade)(const char *from, const char *to, int leapp,
		       struct buf *out, struct error *err);
	/* Returns the command that reboots into the upgrade (borrowed). */
	const char *(*reboot_command)(int leapp);
};

extern const struct os_family os_family_debian; /* os_upgrade-debian.c */
extern const struct os_family os_family_rhel;	/* os_upgrade-rhel.c */

/* os_upgrade.c */

/* Returns the family called name, or NULL (borrowed). */
const struct os_family *os_upgrade_family(const char *name);

/* Returns 1 when s is a release name crest places into sed: letters,
 * digits, '.', '_' and '-'. */
int os_upgrade_release_ok(const char *s);

/* Returns the command that reboots into the upgrade of family (borrowed):
 * the family's, "reboot" for a name no family has. */
const char *os_upgrade_reboot_command(const char *family, int leapp);

/* os_upgrade-debian.c */

/* Appends the line that switches apt's sources from release from to
 * release to: sources.list, sources.list.d/ *.list and deb822 *.sources,
 * where from stands as a word or as the start of one ("bookworm" also in
 * "bookworm-updates" and in ".../bookworm/"), never inside another. */
void os_upgrade_sh_sources(const char *from, const char *to, struct buf *out);

/* Appends the Debian/Ubuntu upgrade: update, then a non-interactive
 * full-upgrade that keeps locally changed config files. */
void os_upgrade_sh_debian(struct buf *out);

/* os_upgrade-rhel.c */

/* Appends the RHEL-family download of release to: leapp upgrade when
 * leapp is 1, else dnf system-upgrade download. */
void os_upgrade_sh_rhel(const char *to, int leapp, struct buf *out);

/* os_upgrade-preflight.c */

/* The tools the preflight looks for, as bits of tools below. */
enum os_upgrade_tool {
	OS_UPGRADE_TOOL_LVCREATE = 1 << 0,
	OS_UPGRADE_TOOL_BTRFS = 1 << 1,
	OS_UPGRADE_TOOL_ZFS = 1 << 2,
	OS_UPGRADE_TOOL_DNF = 1 << 3,
	OS_UPGRADE_TOOL_LEAPP = 1 << 4,
};

/* What the preflight found on a host. */
struct os_upgrade_preflight {
	char family[16]; /* debian, rhel or unknown */
	char codename[128];
	char version_id[64];
	long long free_kb; /* the least of / and /var; -1: unknown */
	json_t *held;	   /* names (owned: json_decref) */
	int broken;
	int command_ok;
	int tools; /* enum os_upgrade_tool bits */
};

/* Appends the preflight line: it prints one fact a line,
 *	family debian|rhel|unknown
 *	codename C / version_id V      (from /etc/os-release)
 *	free_kb N                      (for / and for /var)
 *	held NAME                      (apt-mark showhold)
 *	broken                         (dpkg --audit reports something)
 *	tool NAME                      (lvcreate, btrfs, zfs, dnf, leapp)
 * and, when command is not NULL, "command ok" when its first word is a
 * command on the host. */
void os_upgrade_sh_preflight(const char *command, struct buf *out);

/* Runs the preflight line on the host for the task's args and parses it
 * into *pf, which holds pf->held afterwards even when it fails.  Returns
 * 0, or -1 with err set. */
int os_upgrade_preflight_read(struct module_run *run, const json_t *args,
			      struct os_upgrade_preflight *pf,
			      struct error *err);

/* Returns 1 when the host's release is name (codename or version), 0
 * also for a NULL name. */
int os_upgrade_preflight_is(const struct os_upgrade_preflight *pf,
			    const char *name);

/* Checks what the preflight found on a host of family against the
 * task's args: the release is from, space, nothing held or broken, the
 * snapshot provider's tool.  Returns 0, or -1 with err set (nothing was
 * changed). */
int os_upgrade_preflight_check(const json_t *args,
			       const struct os_upgrade_preflight *pf,
			       const char *family, struct error *err);

/* Runs the task's own preflight: commands; each must succeed.  Returns
 * 0, or -1 with err set. */
int os_upgrade_preflight_commands(struct module_run *run, const json_t *args,
				  struct error *err);

/* os_upgrade-snapshot.c */

/* What a snapshot step does. */
enum os_snapshot_op {
	OS_SNAPSHOT_CREATE,
	OS_SNAPSHOT_RESTORE,
	OS_SNAPSHOT_DELETE,
};

/* Appends a snapshot step of provider (lvm, btrfs, zfs, command): target
 * is the volume (lvm VG/LV, a btrfs mount point, a zfs dataset), name the
 * snapshot's name, command the user's line (command provider; it gets the
 * name in CREST_SNAPSHOT).  Returns 0, or -1 for an unknown provider or a
 * missing command. */
int os_upgrade_sh_snapshot(const char *provider, enum os_snapshot_op op,
			   const char *target, const char *name,
			   const char *command, struct buf *out);

/* Returns the user's command for a snapshot step of the task's args
 * (borrowed), or NULL. */
const char *os_upgrade_snapshot_command(const json_t *args,
					enum os_snapshot_op op);

/* Runs one snapshot step on the host, of the snapshot prior names.
 * Returns 0, or -1 with err set. */
int os_upgrade_snapshot_step(struct module_run *run, const json_t *args,
			     const json_t *prior, enum os_snapshot_op op,
			     struct error *err);

/* Returns the snapshot's name for this run and task: crest-RUN-task-N
 * (caller frees). */
char *os_upgrade_snapshot_name(const struct module_run *run);

#endif
