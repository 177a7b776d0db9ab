/*
 * package-sh.c - the command lines of the package module, per backend
 * (package.h).  apt/dpkg runs in the lab; dnf, yum and zypper are checked
 * by their unit tests only.
 */
#include <ctype.h>
#include <string.h>

#include "package.h"
#include "transport/quote.h"

/* apt-get's options for every change: no questions, keep changed
 * configuration files, allow going back to an older version, wait up to
 * "$w" seconds for another process's dpkg lock. */
#define APT_GET                                                                \
	"DEBIAN_FRONTEND=noninteractive apt-get -y -q -o "                     \
	"Dpkg::Options::=--force-confold --allow-downgrades -o "               \
	"DPkg::Lock::Timeout=\"$w\""

/* pw ARGS: dpkg ARGS, tried again each second for up to "$w" seconds
 * while another process holds the dpkg lock (dpkg itself does not wait);
 * its output on stdout, or on stderr when it fails. */
#define DPKG_WAIT                                                              \
	"pw() { pt=$w; while :; do po=$(DEBIAN_FRONTEND=noninteractive "       \
	"dpkg \"$@\" 2>&1) && { printf '%s\\n' \"$po\"; return 0; }; "         \
	"case $po in *'locked by another process'*) if [ \"$pt\" -gt 0 ]; "    \
	"then pt=$((pt - 1)); sleep 1; continue; fi;; esac; printf "           \
	"'%s\\n' \"$po\" >&2; return 1; done; }"

static const char *const manager_names[] = {"apt", "dnf", "yum", "zypper",
					    NULL};

/* Finds a manager by name. */
int package_manager_find(const char *name)
{
	int i;

	for (i = 0; manager_names[i]; i++)
		if (strcmp(manager_names[i], name) == 0)
			return i;
	return -1;
}

/* Names a manager. */
const char *package_manager_name(enum package_manager m)
{
	return manager_names[m];
}

/* Returns dnf or yum for the rpm managers that share their syntax. */
static const char *yum_like(enum package_manager m)
{
	return m == PACKAGE_DNF ? "dnf" : "yum";
}

/* Waits up to "$w" seconds while "$d/pid" names a live shell of this boot
 * (a script of this task that a dead controller left running), then
 * names this one there. */
#define ORPHAN_WAIT                                                            \
	"mkdir -p \"$d\" && chmod 700 \"$d\" || exit 1; "                      \
	"ob=$(cat /proc/sys/kernel/random/boot_id 2>/dev/null); ot=$w; "       \
	"while read -r op oq 2>/dev/null <\"$d/pid\" && [ \"$oq\" = \"$ob\" "  \
	"] "                                                                   \
	"&& kill -0 \"$op\" 2>/dev/null; do [ \"$ot\" -gt 0 ] || { echo "      \
	"\"crest: the script an earlier controller started for this task "     \
	"(pid $op) is still running after lock_timeout (${w}s)\" >&2; exit "   \
	"1; }; ot=$((ot - 1)); sleep 1; done; echo \"$$ $ob\" >\"$d/pid\" || " \
	"exit 1; ( "

/* Appends the script's opening: d, w, the apt helper, the wait for an
 * earlier script of the task, and the subshell package_sh_close() ends. */
void package_sh_prelude(enum package_manager m, const char *backup,
			unsigned lock_timeout, struct buf *out)
{
	buf_adds(out, "d=");
	quote_sh_str(out, backup);
	buf_addf(out, "; w=%u; ", lock_timeout);
	if (m == PACKAGE_APT)
		buf_adds(out, DPKG_WAIT "; ");
	buf_adds(out, ORPHAN_WAIT);
}

/* Appends the script's end: the subshell's output went to files in "$d",
 * not to the connection, so that a script whose controller died neither
 * fails writing to it nor puts back what a resume changed; they are
 * printed, then removed. */
void package_sh_close(struct buf *out)
{
	buf_adds(out, " ) >\"$d/out.$$\" 2>\"$d/err.$$\" </dev/null; s=$?; "
		      "rm -f \"$d/pid\"; cat \"$d/out.$$\"; cat \"$d/err.$$\" "
		      ">&2; rm -f \"$d/out.$$\" \"$d/err.$$\"; exit $s");
}

/* Appends the refresh line. */
void package_sh_update(enum package_manager m, struct buf *out)
{
	switch (m) {
	case PACKAGE_APT:
		buf_adds(out, "apt-get update -q");
		break;
	case PACKAGE_DNF:
	case PACKAGE_YUM:
		buf_addf(out, "%s -q makecache", yum_like(m));
		break;
	case PACKAGE_ZYPPER:
		buf_adds(out, "zypper -q --non-interactive refresh");
		break;
	}
}

/* Appends "printf 'WORD NAME ...'" helpers: the name quoted. */
static void print_line(struct buf *out, const char *word, const char *name,
		       const char *rest)
{
	buf_addf(out, "printf '%s %%s %s\\n' ", word, rest);
	quote_sh_str(out, name);
}

/* Appends the query lines. */
void package_sh_query(enum package_manager m, const char *name, struct buf *out)
{
	if (m == PACKAGE_APT) {
		buf_adds(out, "s=$(dpkg-query -W -f='${Status}|${Version}' ");
		quote_sh_str(out, name);
		buf_adds(out, " 2>/dev/null); v=${s#*|}; case ${s%%|*} in "
			      "*' installed') ");
		print_line(out, "pkg", name, "installed %s");
		buf_adds(out, " \"$v\";; *' config-files') ");
		print_line(out, "pkg", name, "config-files -");
		buf_adds(out, ";; ''|*' not-installed') ");
		print_line(out, "pkg", name, "absent -");
		buf_adds(out, ";; *) ");
		print_line(out, "pkg", name, "half %s");
		buf_adds(out, " \"$v\";; esac; apt-cache madison ");
		quote_sh_str(out, name);
		buf_adds(out, " 2>/dev/null | awk -F'|' -v n=");
		quote_sh_str(out, name);
		buf_adds(out,
			 " '{gsub(/ /, \"\", $2); print \"avail \" n \" \" "
			 "$2}'; c=$(apt-cache policy ");
		quote_sh_str(out, name);
		buf_adds(out, " 2>/dev/null | awk '$1 == \"Candidate:\" "
			      "{print $2}'); [ \"$c\" != '(none)' ] || c=; ");
		print_line(out, "candidate", name, "%s");
		buf_adds(out, " \"${c:--}\"");
		return;
	}
	/* The rpm managers: rpm says what is installed. */
	buf_adds(out, "if v=$(rpm -q --qf '%{VERSION}-%{RELEASE}' ");
	quote_sh_str(out, name);
	buf_adds(out, " 2>/dev/null); then ");
	print_line(out, "pkg", name, "installed %s");
	buf_adds(out, " \"$v\"; else ");
	print_line(out, "pkg", name, "absent -");
	buf_adds(out, "; fi; a=$(");
	switch (m) {
	case PACKAGE_DNF:
		buf_adds(out, "dnf -q repoquery --qf '%{version}-%{release}' ");
		quote_sh_str(out, name);
		break;
	case PACKAGE_YUM:
		buf_adds(out, "repoquery -q --show-duplicates --qf "
			      "'%{version}-%{release}' ");
		quote_sh_str(out, name);
		break;
	default:
		buf_adds(out,
			 "zypper -q --no-refresh search -s -x -t package ");
		quote_sh_str(out, name);
		buf_adds(out, " | awk -F'|' 'NR > 2 {gsub(/ /, \"\", $4); "
			      "print $4}'");
		break;
	}
	buf_adds(out, " 2>/dev/null | sort -u -V); for v in $a; do ");
	print_line(out, "avail", name, "%s");
	buf_adds(out, " \"$v\"; done; c=$(printf '%s\\n' $a | tail -n 1); ");
	print_line(out, "candidate", name, "%s");
	buf_adds(out, " \"${c:--}\"");
}

/* Appends the keep line. */
void package_sh_keep(enum package_manager m, const char *name,
		     const char *version, struct buf *out)
{
	struct buf nv = BUF_INIT;

	buf_addf(&nv, "%s%s%s", name,
		 m == PACKAGE_APT || m == PACKAGE_ZYPPER ? "=" : "-", version);
	buf_adds(out, "n=");
	quote_sh_str(out, name);
	buf_adds(out, "; v=");
	quote_sh_str(out, version);
	if (m == PACKAGE_APT) {
		/* apt names a cached file NAME_VERSION_ARCH.deb with the
		 * epoch's colon written %3a. */
		buf_adds(out,
			 "; ls \"$d/${n}\"_*.deb >/dev/null 2>&1 || "
			 "{ f=$(printf '%s' \"$v\" | sed 's/:/%3a/'); "
			 "for c in /var/cache/apt/archives/\"${n}_${f}\"_*."
			 "deb; do [ -f \"$c\" ] && cp \"$c\" \"$d/\" && "
			 "break; done; ls \"$d/${n}\"_*.deb >/dev/null "
			 "2>&1 || (cd \"$d\" && apt-get download -q ");
		quote_sh_str(out, nv.data);
		buf_adds(out,
			 " >&2) && ls \"$d/${n}\"_*.deb >/dev/null 2>&1; }");
	} else {
		buf_adds(out,
			 "; ls \"$d/${n}-${v}\".*.rpm >/dev/null 2>&1 || "
			 "{ find /var/cache/dnf /var/cache/yum "
			 "/var/cache/zypp/packages -name \"${n}-${v}.*.rpm\" "
			 "-exec cp {} \"$d/\" ';' 2>/dev/null; ls "
			 "\"$d/${n}-${v}\".*.rpm >/dev/null 2>&1 || (");
		switch (m) {
		case PACKAGE_DNF:
			buf_adds(out, "dnf -q download --destdir \"$d\" ");
			break;
		case PACKAGE_YUM:
			buf_adds(out, "yumdownloader -q --destdir \"$d\" ");
			break;
		default:
			buf_adds(out,
				 "cd \"$d\" && zypper -q --non-interactive "
				 "--pkg-cache-dir \"$d\" download ");
			break;
		}
		quote_sh_str(out, nv.data);
		buf_adds(out, " >&2; find \"$d\" -mindepth 2 -name '*.rpm' "
			      "-exec mv {} \"$d/\" ';' 2>/dev/null; ls "
			      "\"$d/${n}-${v}\".*.rpm >/dev/null 2>&1); }");
	}
	buf_adds(out, " || { echo \"crest: package: cannot keep $n $v for a "
		      "revert (not in the package cache, and downloading it "
		      "failed); nothing changed\" >&2; exit 1; }");
	buf_release(&nv);
}

/* Appends the change lines. */
void package_sh_change(enum package_manager m,
		       const struct package_change *changes, size_t n,
		       struct buf *out)
{
	size_t i;
	int first = 1;

	if (m == PACKAGE_APT) {
		/* One apt-get does it all: NAME=VERSION installs that
		 * version, NAME alone the candidate, NAME- removes. */
		buf_adds(out, APT_GET " install");
		for (i = 0; i < n; i++) {
			struct buf w = BUF_INIT;

			if (changes[i].to == NULL)
				buf_addf(&w, "%s-", changes[i].name);
			else
				buf_addf(&w, "%s=%s", changes[i].name,
					 changes[i].to);
			buf_addch(out, ' ');
			quote_sh_str(out, w.data);
			buf_release(&w);
		}
		return;
	}
	for (i = 0; i < n; i++) {
		const struct package_change *c = &changes[i];
		struct buf w = BUF_INIT;

		if (!first)
			buf_adds(out, " && ");
		first = 0;
		if (c->to)
			buf_addf(&w, "%s%s%s", c->name,
				 m == PACKAGE_ZYPPER ? "=" : "-", c->to);
		else
			buf_adds(&w, c->name);
		if (m == PACKAGE_ZYPPER)
			buf_addf(out, "zypper -q --non-interactive %s",
				 c->to ? "install --oldpackage" : "remove");
		else if (c->to == NULL)
			buf_addf(out, "%s -y -q remove", yum_like(m));
		else if (c->from && package_version_cmp(c->to, c->from) < 0)
			buf_addf(out, "%s -y -q downgrade", yum_like(m));
		else
			buf_addf(out, "%s -y -q install", yum_like(m));
		buf_addch(out, ' ');
		quote_sh_str(out, w.data);
		buf_release(&w);
	}
}

/* Appends the restore line. */
void package_sh_restore(enum package_manager m, const char *name,
			const char *version, struct buf *out)
{
	buf_adds(out, "n=");
	quote_sh_str(out, name);
	buf_adds(out, "; v=");
	quote_sh_str(out, version ? version : "");
	if (m == PACKAGE_APT) {
		buf_adds(out, "; s=$(dpkg-query -W -f='${Status}|${Version}' "
			      "\"$n\" 2>/dev/null); ");
		if (version)
			buf_adds(out,
				 "case $s in *' installed|'\"$v\") ;; *) if "
				 "ls \"$d/${n}\"_*.deb >/dev/null 2>&1; then "
				 "pw -i --force-confold \"$d/${n}\"_*.deb; "
				 "else " APT_GET
				 " install \"$n=$v\"; fi;; esac");
		else
			buf_adds(out, "case $s in ''|*' not-installed|'*|*' "
				      "config-files|'*) ;; *) pw --purge "
				      "--force-remove-reinstreq \"$n\";; esac");
		return;
	}
	if (version)
		buf_adds(out,
			 "; [ \"$(rpm -q --qf '%{VERSION}-%{RELEASE}' "
			 "\"$n\" 2>/dev/null)\" = \"$v\" ] || rpm -U "
			 "--oldpackage --replacepkgs \"$d/${n}-${v}\".*.rpm");
	else
		buf_adds(out, "; ! rpm -q \"$n\" >/dev/null 2>&1 || rpm -e "
			      "--nodeps \"$n\"");
}

/* The weight of one character in dpkg's order: '~' before the end, the
 * end before letters, letters before everything else. */
static int version_order(int c)
{
	if (isdigit(c))
		return 0;
	if (isalpha(c))
		return c;
	if (c == '~')
		return -1;
	if (c)
		return c + 256;
	return 0;
}

/* Compares two parts of versions as dpkg's verrevcmp(): alternating runs
 * of non-digits (by version_order()) and digits (by value). */
static int version_part_cmp(const char *a, const char *ae, const char *b,
			    const char *be)
{
	while (a < ae || b < be) {
		int first_diff = 0;

		while ((a < ae && !isdigit((unsigned char)*a)) ||
		       (b < be && !isdigit((unsigned char)*b))) {
			int ac = version_order(a < ae ? (unsigned char)*a : 0);
			int bc = version_order(b < be ? (unsigned char)*b : 0);

			if (ac != bc)
				return ac - bc;
			a += a < ae;
			b += b < be;
		}
		while (a < ae && *a == '0')
			a++;
		while (b < be && *b == '0')
			b++;
		while (a < ae && b < be && isdigit((unsigned char)*a) &&
		       isdigit((unsigned char)*b)) {
			if (!first_diff)
				first_diff = *a - *b;
			a++, b++;
		}
		if (a < ae && isdigit((unsigned char)*a))
			return 1;
		if (b < be && isdigit((unsigned char)*b))
			return -1;
		if (first_diff)
			return first_diff;
	}
	return 0;
}

/* Splits "[EPOCH:]UPSTREAM[-REVISION]" at its colon and last hyphen. */
static void version_split(const char *v, unsigned long *epoch, const char **up,
			  const char **up_end, const char **rev)
{
	const char *colon = strchr(v, ':'), *p;

	*epoch = 0;
	if (colon) {
		for (p = v; p < colon && isdigit((unsigned char)*p); p++)
			*epoch = *epoch * 10 + (unsigned long)(*p - '0');
		v = colon + 1;
	}
	*up = v;
	p = strrchr(v, '-');
	*up_end = p ? p : v + strlen(v);
	*rev = p ? p + 1 : v + strlen(v);
}

/* Compares two versions in dpkg's order (epoch, upstream, revision);
 * rpm's EPOCH:VERSION-RELEASE sorts the same way. */
int package_version_cmp(const char *a, const char *b)
{
	const char *au, *aue, *ar, *bu, *bue, *br;
	unsigned long ae, be;
	int c;

	version_split(a, &ae, &au, &aue, &ar);
	version_split(b, &be, &bu, &bue, &br);
	if (ae != be)
		return ae < be ? -1 : 1;
	c = version_part_cmp(au, aue, bu, bue);
	if (c == 0)
		c = version_part_cmp(ar, ar + strlen(ar), br, br + strlen(br));
	return c < 0 ? -1 : c > 0;
}

/* Says whether an installed version is the wanted one. */
int package_version_matches(const char *installed, const char *want)
{
	size_t n = strlen(want);

	return strcmp(installed, want) == 0 ||
	       (strncmp(installed, want, n) == 0 && installed[n] == '-');
}
