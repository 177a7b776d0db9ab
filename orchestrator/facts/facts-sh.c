/*
 * facts-sh.c - the facts script (facts-sh.h).  Each section is opened by
 * "@@ NAME"; a tool the host lacks leaves its section empty.
 */
#include "facts-sh.h"

/* The script, one round trip; LC_ALL=C keeps the tools' output stable. */
const char *facts_script(void)
{
	return "export LC_ALL=C\n"
	       "echo '@@ hostname'; uname -n\n"
	       "echo '@@ os-release'; cat /etc/os-release 2>/dev/null || "
	       "cat /usr/lib/os-release 2>/dev/null\n"
	       "echo '@@ kernel'; uname -r\n"
	       "echo '@@ arch'; uname -m\n"
	       "echo '@@ cpu_model'; sed -n 's/^model name[[:space:]]*: "
	       "*//p' /proc/cpuinfo 2>/dev/null | head -n 1\n"
	       "echo '@@ cpu_count'; grep -c '^processor' /proc/cpuinfo "
	       "2>/dev/null\n"
	       "echo '@@ meminfo'; grep '^MemTotal:' /proc/meminfo "
	       "2>/dev/null\n"
	       "echo '@@ df'; df -Pk 2>/dev/null | sed 1d\n"
	       "echo '@@ uptime'; cut -d. -f1 /proc/uptime 2>/dev/null\n"
	       "echo '@@ boot_id'; cat /proc/sys/kernel/random/boot_id "
	       "2>/dev/null\n"
	       "echo '@@ virt'; command -v systemd-detect-virt >/dev/null "
	       "2>&1 && systemd-detect-virt 2>/dev/null\n"
	       "echo '@@ packages'\n"
	       "if command -v dpkg-query >/dev/null 2>&1; then dpkg-query -W "
	       "-f '${db:Status-Abbrev} ${Package} ${Version}\\n' 2>/dev/null "
	       "| sed -n 's/^ii  *//p'\n"
	       "elif command -v rpm >/dev/null 2>&1; then rpm -qa --qf "
	       "'%{NAME} %{EPOCHNUM}:%{VERSION}-%{RELEASE}\\n' 2>/dev/null; "
	       "fi\n"
	       "echo '@@ modules'; for v in /sys/module/*/version; do "
	       "[ -r \"$v\" ] || continue; m=${v%/version}; "
	       "printf '%s %s\\n' \"${m##*/}\" \"$(cat \"$v\")\"; done\n"
	       "echo '@@ failed_units'; [ -d /run/systemd/system ] && "
	       "systemctl list-units --failed --plain --no-legend 2>/dev/null "
	       "| awk '{print $1}'\n"
	       "echo '@@ reboot'; if [ -e /var/run/reboot-required ]; then "
	       "echo yes; else echo no; fi\n"
	       "exit 0\n";
}
