/*
 * os_upgrade-debian.c - the Debian family of os_upgrade (Debian, Ubuntu):
 * apt's sources are switched from the old codename to the new one, then
 * apt-get updates and full-upgrades, keeping locally changed config
 * files; a plain reboot boots the new release.  See os_upgrade.h.
 */
#include <string.h>

#include "os_upgrade.h"
#include "transport/quote.h"

/* Appends from as an extended regular expression matching it alone. */
static void regex_literal(const char *s, struct buf *out)
{
	for (; *s; s++) {
		if (*s == '.')
			buf_addch(out, '\\');
		buf_addch(out, *s);
	}
}

/* Appends the apt sources switch (os_upgrade.h). */
void os_upgrade_sh_sources(const char *from, const char *to, struct buf *out)
{
	struct buf e = BUF_INIT;

	/* Twice: a match takes the character after it, so the second of
	 * "bookworm bookworm-updates" is found by the second pass. */
	buf_adds(&e, "s/(^|[^A-Za-z0-9._-])");
	regex_literal(from, &e);
	buf_addf(&e, "([^A-Za-z0-9._]|$)/\\1%s\\2/g", to);
	buf_adds(out, "for f in /etc/apt/sources.list /etc/apt/sources.list.d/*"
		      ".list /etc/apt/sources.list.d/*.sources; do if [ -f "
		      "\"$f\" ]; then sed -i -E -e ");
	quote_sh_str(out, e.data);
	buf_adds(out, " -e ");
	quote_sh_str(out, e.data);
	buf_adds(out, " \"$f\" || exit 1; fi; done");
	buf_release(&e);
}

/* Appends update and full-upgrade, keeping local config files. */
void os_upgrade_sh_debian(struct buf *out)
{
	buf_adds(out, "export DEBIAN_FRONTEND=noninteractive; apt-get update "
		      "-q && apt-get -y -q -o Dpkg::Options::=--force-confold "
		      "-o Dpkg::Options::=--force-confdef full-upgrade");
}

/* Switches the sources, then updates and full-upgrades. */
static int debian_upgrade(const char *from, const char *to, int leapp,
			  struct buf *out, struct error *err)
{
	if (from == NULL || *from == '\0')
		return error_set(err, ERROR_FAILED,
				 "os_upgrade: the host's release is unknown; "
				 "give 'from'");
	os_upgrade_sh_sources(from, to, out);
	buf_adds(out, " && ");
	os_upgrade_sh_debian(out);
	return 0;
}

/* The upgrade is installed already: a plain reboot. */
static const char *debian_reboot_command(int leapp)
{
	return "reboot";
}

const struct os_family os_family_debian = {
	.name = "debian",
	.upgrade = debian_upgrade,
	.reboot_command = debian_reboot_command,
};
