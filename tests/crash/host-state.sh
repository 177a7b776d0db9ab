# tests/crash/host-state.sh - run inside a lab host (sh -s [clean]):
# prints what the crash campaign's plays change on it, one fact a line, so
# two hosts' states compare with diff; then the lines of the counter file
# /var/tmp/crash-count, which the plays' marked tasks append to, as
# "count taskN" lines (run.sh keeps them apart from the state).  Few
# processes: run.sh runs it on 20 hosts twice a trial.
clean=${1:-}
dpkg-query -W -f='${Package} ${db:Status-Abbrev}${Version}\n' acme-agent 2>/dev/null ||
	echo "acme-agent absent"
set -- /etc/crash-motd /srv/crash /srv/crash/agent.conf /srv/crash/state \
	/srv/crash/mark-4 /srv/crash/mark-6 /srv/crash/before-reboot \
	/srv/crash/after-reboot /opt/acme/VERSION /usr/bin/acme-agent
files=
for f; do
	if [ -e "$f" ]; then
		[ -f "$f" ] && files="$files $f"
	else
		echo "$f absent"
	fi
done
stat -c '%n %F %a %U:%G' "$@" 2>/dev/null
# shellcheck disable=SC2086 # the paths hold no blanks
[ -z "$files" ] || sha256sum $files | sed 's/^\(.\{16\}\)[^ ]*  \(.*\)/\2 sha256 \1/'
set -- /srv/crash/* /srv/crash/.[!.]*
echo "srv-crash $*"
if [ -f /var/tmp/crash-count ]; then
	while read -r line; do echo "count $line"; done </var/tmp/crash-count
	[ "$clean" != clean ] || rm -f /var/tmp/crash-count
fi
