/*
 * patch-sh.c - the command lines of the patch module (patch.h).  Only apt
 * runs in the lab; dnf, yum and zypper are checked by the unit tests.
 * The lines that keep, change and restore one package are the package
 * module's (package-sh.c).
 */
#include <stdlib.h>
#include <string.h>

#include "package.h"
#include "base/json-get.h"
#include "patch.h"
#include "transport/quote.h"

/* Appends the line printing "reboot yes" or "reboot no" for manager m. */
static void reboot_check(int m, struct buf *out)
{
	switch (m) {
	case PACKAGE_APT:
		buf_adds(out, "if [ -e /var/run/reboot-required ]; then r=yes; "
			      "else r=no; fi");
		break;
	case PACKAGE_ZYPPER:
		buf_adds(out, "zypper -q needs-rebooting >/dev/null 2>&1; "
			      "if [ $? = 102 ]; then r=yes; else r=no; fi");
		break;
	default:
		buf_adds(out, "needs-restarting -r >/dev/null 2>&1; "
			      "if [ $? = 1 ]; then r=yes; else r=no; fi");
		break;
	}
	buf_adds(out, "; echo \"reboot $r\"");
}

/* Appends the probe script. */
void patch_sh_probe(int refresh, struct buf *out)
{
	buf_adds(out,
		 "export LC_ALL=C; if command -v apt-get >/dev/null 2>&1 && "
		 "command -v dpkg-query >/dev/null 2>&1; then m=apt; elif "
		 "command -v dnf >/dev/null 2>&1; then m=dnf; elif command -v "
		 "yum >/dev/null 2>&1; then m=yum; elif command -v zypper "
		 ">/dev/null 2>&1; then m=zypper; else echo 'crest: patch: "
		 "this host has no apt-get, dnf, yum or zypper' >&2; exit 3; "
		 "fi; echo \"manager $m\"; case $m in apt) ");
	reboot_check(PACKAGE_APT, out);
	buf_adds(out, "; [ ! -f /var/run/reboot-required.pkgs ] || sed "
		      "'s/^/reboot-pkg /' /var/run/reboot-required.pkgs; ");
	if (refresh) {
		package_sh_update(PACKAGE_APT, out);
		buf_adds(out, " >&2 || exit 1; ");
	}
	buf_adds(out,
		 "s=$(apt-get -s -q --with-new-pkgs upgrade) || exit 1; "
		 "echo '== sim'; printf '%s\\n' \"$s\" | grep '^Inst '; "
		 "echo '== sources'; apt-cache policy || exit 1; n=$(printf "
		 "'%s\\n' \"$s\" | awk '$1 == \"Inst\" && $3 ~ /^\\[/ "
		 "{print $2}'); echo '== versions'; [ -z \"$n\" ] || "
		 "apt-cache policy $n;; dnf|yum) ");
	reboot_check(PACKAGE_DNF, out);
	buf_adds(out, "; ");
	if (refresh)
		buf_adds(out, "$m -q makecache >&2 || exit 1; ");
	buf_adds(out,
		 "echo '== installed'; rpm -qa --qf '%{NAME} "
		 "%{VERSION}-%{RELEASE}\\n'; echo '== updates'; $m -q "
		 "check-update; [ $? != 1 ] || exit 1; echo '== security'; "
		 "$m -q updateinfo list --security --available 2>/dev/null "
		 "|| $m -q updateinfo list security;; zypper) ");
	reboot_check(PACKAGE_ZYPPER, out);
	buf_adds(out, "; ");
	if (refresh)
		buf_adds(out, "zypper -q --non-interactive refresh >&2 || "
			      "exit 1; ");
	buf_adds(out, "echo '== updates'; zypper -q --non-interactive "
		      "list-updates || exit 1; echo '== security'; zypper -q "
		      "--non-interactive list-patches --category security;; "
		      "esac");
}

/* Appends the line listing the installed package names, sorted. */
static void installed_names(int m, struct buf *out)
{
	if (m == PACKAGE_APT)
		buf_adds(out, "dpkg-query -W -f='${db:Status-Status} "
			      "${Package}\\n' | awk '$1 == \"installed\" "
			      "{print $2}' | sort");
	else
		buf_adds(out, "rpm -qa --qf '%{NAME}\\n' | sort");
}

/* Appends the line removing the package named by shell variable n. */
static void remove_n(int m, struct buf *out)
{
	if (m == PACKAGE_APT)
		buf_adds(out, "case $(dpkg-query -W -f='${db:Status-Status}' "
			      "\"$n\" 2>/dev/null) in installed|half*|"
			      "unpacked) pw --purge "
			      "--force-remove-reinstreq \"$n\" >&2;; esac");
	else
		buf_adds(out, "! rpm -q \"$n\" >/dev/null 2>&1 || rpm -e "
			      "--nodeps \"$n\" >&2");
}

/* Appends the function put_back, which puts every update back at its from from
 * the kept files and removes what "$d/new" names. */
static void restore_fn(int m, const json_t *updates, struct buf *out)
{
	const json_t *u;
	size_t i;

	buf_adds(out, "put_back() { f=; ");
	json_array_foreach(updates, i, u)
	{
		buf_adds(out, "n=");
		quote_sh_str(out, json_get_str(u, "name", NULL));
		buf_adds(out, "; v=");
		quote_sh_str(out, json_get_str(u, "from", NULL));
		if (m == PACKAGE_APT)
			buf_adds(out,
				 "; case $(dpkg-query -W -f='${Status}|"
				 "${Version}' \"$n\" 2>/dev/null) in *' "
				 "installed|'\"$v\") ;; *) for k in "
				 "\"$d/${n}\"_*.deb; do [ ! -f \"$k\" ] || "
				 "f=\"$f $k\"; done;; esac; ");
		else
			buf_adds(out, "; [ \"$(rpm -q --qf "
				      "'%{VERSION}-%{RELEASE}' \"$n\" "
				      "2>/dev/null)\" = \"$v\" ] || for k in "
				      "\"$d/${n}-${v}\".*.rpm; do [ ! -f "
				      "\"$k\" ] || f=\"$f $k\"; done; ");
	}
	/* One dpkg -i (rpm -U) for all: packages that depend on each other
	 * go back together.  The backup path holds no blanks. */
	if (m == PACKAGE_APT)
		buf_adds(out, "[ -z \"$f\" ] || pw -i --force-confold $f >&2 "
			      "|| return 1; ");
	else
		buf_adds(out, "[ -z \"$f\" ] || rpm -U --oldpackage "
			      "--replacepkgs $f >&2 || return 1; ");
	json_array_foreach(updates, i, u)
	{
		package_sh_restore(m, json_get_str(u, "name", NULL),
				   json_get_str(u, "from", NULL), out);
		buf_adds(out, " >&2 || return 1; ");
	}
	buf_adds(out, "[ ! -f \"$d/new\" ] || while read -r n; do ");
	remove_n(m, out);
	buf_adds(out, " || return 1; done <\"$d/new\"; }; ");
}

/* Appends the apply script. */
void patch_sh_apply(int m, const json_t *updates, struct buf *out)
{
	struct package_change *changes;
	const json_t *u;
	size_t i, n = json_array_size(updates);

	changes = calloc(n + 1, sizeof(*changes));
	json_array_foreach(updates, i, u)
	{
		changes[i].name = json_get_str(u, "name", NULL);
		changes[i].from = json_get_str(u, "from", NULL);
		changes[i].to = json_get_str(u, "to", NULL);
		package_sh_keep(m, changes[i].name, changes[i].from, out);
		buf_adds(out, "; ");
	}
	installed_names(m, out);
	buf_adds(out, " >\"$d/before\" || exit 1; ");
	restore_fn(m, updates, out);
	package_sh_change(m, changes, n, out);
	buf_adds(out, " >&2 || { e=$?; ");
	installed_names(m, out);
	buf_adds(out,
		 " | comm -13 \"$d/before\" - >\"$d/new\"; if put_back; then "
		 "echo \"crest: patch: the upgrade failed (exit $e); "
		 "the packages are back as found\" >&2; else echo "
		 "\"crest: patch: the upgrade failed (exit $e), and "
		 "putting the packages back failed too\" >&2; fi; exit "
		 "1; }; ");
	installed_names(m, out);
	buf_adds(out, " | comm -13 \"$d/before\" - >\"$d/new\" && sed "
		      "'s/^/new /' \"$d/new\" || exit 1; ");
	reboot_check(m, out);
	free(changes);
}

/* Appends the revert script. */
void patch_sh_revert(int m, const json_t *updates, struct buf *out)
{
	reboot_check(m, out);
	buf_adds(out, " >/dev/null; b=$r; ");
	restore_fn(m, updates, out);
	buf_adds(out, "put_back || exit 1; ");
	reboot_check(m, out);
	buf_adds(out, " >/dev/null; [ \"$b\" = yes ] || [ \"$r\" = no ] || "
		      "echo 'reboot yes'");
}
