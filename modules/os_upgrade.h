/*
 * os_upgrade.h - the command lines the os_upgrade module sends, one
 * function per step, kept apart from the module so they can be
 * unit-tested for what the lab does not have (lvm, btrfs, zfs, dnf,
 * leapp).
 *
 * Every line is POSIX sh; every value in it is quoted with quote_sh().
 */
#ifndef CREST_OS_UPGRADE_H
#define CREST_OS_UPGRADE_H

#include "base/buf.h"

/* What a snapshot step does. */
enum os_snapshot_op {
	OS_SNAPSHOT_CREATE,
	OS_SNAPSHOT_RESTORE,
	OS_SNAPSHOT_DELETE,
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

/* Appends the line that switches apt's sources from release from to
 * release to: sources.list, sources.list.d/ *.list and deb822 *.sources,
 * where from stands as a word or as the start of one ("bookworm" also in
 * "bookworm-updates" and in ".../bookworm/"), never inside another. */
void os_upgrade_sh_sources(const char *from, const char *to, struct buf *out);

/* Appends the Debian/Ubuntu upgrade: update, then a non-interactive
 * full-upgrade that keeps locally changed config files. */
void os_upgrade_sh_debian(struct buf *out);

/* Appends the RHEL-family download of release to: leapp upgrade when
 * leapp is 1, else dnf system-upgrade download. */
void os_upgrade_sh_rhel(const char *to, int leapp, struct buf *out);

/* Returns the command that reboots into the upgrade (borrowed). */
const char *os_upgrade_reboot_command(const char *family, int leapp);

/* Appends a snapshot step of provider (lvm, btrfs, zfs, command): target
 * is the volume (lvm VG/LV, a btrfs mount point, a zfs dataset), name the
 * snapshot's name, command the user's line (command provider; it gets the
 * name in CREST_SNAPSHOT).  Returns 0, or -1 for an unknown provider or a
 * missing command. */
int os_upgrade_sh_snapshot(const char *provider, enum os_snapshot_op op,
			   const char *target, const char *name,
			   const char *command, struct buf *out);

#endif
