/*
 * os_upgrade-rhel.c - the RHEL family of os_upgrade (the hosts with dnf):
 * the new release is downloaded by leapp when the host has it, else by
 * dnf system-upgrade, and installed by the reboot into it (dnf's own
 * reboot, or a plain one after leapp).  See os_upgrade.h.
 */
#include "os_upgrade.h"
#include "transport/quote.h"

/* Appends leapp's or dnf system-upgrade's download. */
void os_upgrade_sh_rhel(const char *to, int leapp, struct buf *out)
{
	if (leapp) {
		buf_adds(out, "leapp upgrade --target ");
		quote_sh_str(out, to);
		return;
	}
	buf_adds(out, "dnf -y install dnf-plugin-system-upgrade && dnf -y "
		      "system-upgrade download --releasever=");
	quote_sh_str(out, to);
}

/* Downloads the release; from is not needed. */
static int rhel_upgrade(const char *from, const char *to, int leapp,
			struct buf *out, struct error *err)
{
	os_upgrade_sh_rhel(to, leapp, out);
	return 0;
}

/* dnf system-upgrade installs in its own reboot; leapp's is a plain one. */
static const char *rhel_reboot_command(int leapp)
{
	return leapp ? "reboot" : "dnf -y system-upgrade reboot";
}

const struct os_family os_family_rhel = {
	.name = "rhel",
	.upgrade = rhel_upgrade,
	.reboot_command = rhel_reboot_command,
};
