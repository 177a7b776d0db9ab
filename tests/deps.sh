#!/bin/sh
# tests/deps.sh - install the Debian packages crest's build, tests, demo and
# benchmarks need, when any is missing.  Runs as root on Debian 12; does
# nothing (and needs no network) when everything is already installed.
set -e

PACKAGES="
	gcc make libc6-dev pkg-config git
	libssh-dev libgit2-dev libyaml-dev libjansson-dev libcmocka-dev
	clang clang-format cppcheck
	openssh-server openssh-client
	dpkg-dev fakeroot
	util-linux iproute2 procps psmisc
	pdsh ansible-core sudo gnupg python3
	curl libcurl4-openssl-dev libssl-dev prometheus
	chromium
	systemd
"

missing=
for p in $PACKAGES; do
	status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$status" = installed ] || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "tests/deps.sh: missing Debian packages:$missing" >&2
	echo "tests/deps.sh: run as root, or: apt-get install$missing" >&2
	exit 1
fi
echo "tests/deps.sh: installing$missing"
export DEBIAN_FRONTEND=noninteractive
# No package's maintainer script may start a daemon here (openssh-server
# would otherwise take port 22 on every address, which the lab needs).
policy=/usr/sbin/policy-rc.d
made_policy=
if [ ! -e $policy ]; then
	printf '#!/bin/sh\nexit 101\n' > $policy
	chmod 755 $policy
	made_policy=1
fi
rc=0
apt-get update -qq || rc=$?
if [ $rc = 0 ]; then
	apt-get install -y -qq --no-install-recommends $missing >/dev/null || rc=$?
fi
[ -n "$made_policy" ] && rm -f $policy
if [ $rc != 0 ]; then
	echo "tests/deps.sh: apt-get failed ($rc) installing:$missing" >&2
	exit 1
fi
