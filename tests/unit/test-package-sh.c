/*
 * test-package-sh.c - unit tests for modules/package-sh.c: the exact
 * command lines the package module sends for apt, dnf, yum and zypper
 * (only apt runs in the lab, so the others are checked here).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "modules/package.h"

static const struct package_change changes[] = {
	{"acme-agent", "1.0", "2.0"},
	{"acme-tool", "2.0", "1.5"},
	{"telnet", "0.17", NULL},
	{"jq", NULL, "1.6"},
};

/* Returns the lines of one operation for manager m (static buffer). */
static const char *change_line(enum package_manager m)
{
	static struct buf b = BUF_INIT;

	buf_reset(&b);
	package_sh_change(m, changes, 4, &b);
	return b.data;
}

/* One apt-get for every change, removals as NAME-. */
static void test_apt_change(void **state)
{
	assert_string_equal(
		change_line(PACKAGE_APT),
		"DEBIAN_FRONTEND=noninteractive apt-get -y -q -o "
		"Dpkg::Options::=--force-confold --allow-downgrades -o "
		"DPkg::Lock::Timeout=\"$w\" install "
		"'acme-agent=2.0' 'acme-tool=1.5' telnet- 'jq=1.6'");
}

/* The opening: the backup directory quoted, the lock wait, and for apt
 * dpkg tried again while its lock is held, up to "$w" seconds. */
static void test_prelude(void **state)
{
	struct buf b = BUF_INIT;

	package_sh_prelude(PACKAGE_DNF, "/var/lib/crest/backup/r 1/h1/task-1",
			   60, &b);
	assert_non_null(strstr(b.data,
			       "d='/var/lib/crest/backup/r 1/h1/task-1'; "
			       "w=60; mkdir -p \"$d\""));
	assert_null(strstr(b.data, "pw()"));
	/* The wait for an earlier script of the task, then the subshell. */
	assert_non_null(strstr(b.data, "kill -0 \"$op\""));
	assert_non_null(
		strstr(b.data, "echo \"$$ $ob\" >\"$d/pid\" || exit 1; ( "));
	buf_reset(&b);
	package_sh_close(&b);
	assert_non_null(strstr(b.data, ") >\"$d/out.$$\" 2>\"$d/err.$$\" "
				       "</dev/null; s=$?; rm -f \"$d/pid\""));
	assert_non_null(strstr(b.data, "exit $s"));
	buf_reset(&b);
	package_sh_prelude(PACKAGE_APT, "/b", 2, &b);
	assert_non_null(strstr(b.data, "d=/b; w=2; pw() { pt=$w; "));
	assert_non_null(strstr(b.data, "*'locked by another process'*) if "
				       "[ \"$pt\" -gt 0 ]; then pt=$((pt - "
				       "1)); sleep 1; continue; fi;;"));
	buf_release(&b);
}

/* dnf and yum: install, downgrade to an older version, remove. */
static void test_dnf_yum_change(void **state)
{
	assert_string_equal(change_line(PACKAGE_DNF),
			    "dnf -y -q install acme-agent-2.0 && dnf -y -q "
			    "downgrade acme-tool-1.5 && dnf -y -q remove "
			    "telnet && dnf -y -q install jq-1.6");
	assert_string_equal(change_line(PACKAGE_YUM),
			    "yum -y -q install acme-agent-2.0 && yum -y -q "
			    "downgrade acme-tool-1.5 && yum -y -q remove "
			    "telnet && yum -y -q install jq-1.6");
}

/* zypper: install --oldpackage goes either way. */
static void test_zypper_change(void **state)
{
	assert_string_equal(
		change_line(PACKAGE_ZYPPER),
		"zypper -q --non-interactive install --oldpackage "
		"'acme-agent=2.0' && zypper -q --non-interactive install "
		"--oldpackage 'acme-tool=1.5' && zypper -q --non-interactive "
		"remove telnet && zypper -q --non-interactive install "
		"--oldpackage 'jq=1.6'");
}

/* Refreshing the lists. */
static void test_update(void **state)
{
	const char *want[] = {"apt-get update -q", "dnf -q makecache",
			      "yum -q makecache",
			      "zypper -q --non-interactive refresh"};
	int m;

	for (m = PACKAGE_APT; m <= PACKAGE_ZYPPER; m++) {
		struct buf b = BUF_INIT;

		package_sh_update(m, &b);
		assert_string_equal(b.data, want[m]);
		buf_release(&b);
	}
}

/* Keeping the installed file: each manager's download, and a failure
 * that says nothing changed. */
static void test_keep(void **state)
{
	const char *want[] = {
		"apt-get download -q 'acme-agent=1.0'",
		"dnf -q download --destdir \"$d\" acme-agent-1.0",
		"yumdownloader -q --destdir \"$d\" acme-agent-1.0",
		"zypper -q --non-interactive --pkg-cache-dir \"$d\" download "
		"'acme-agent=1.0'"};
	int m;

	for (m = PACKAGE_APT; m <= PACKAGE_ZYPPER; m++) {
		struct buf b = BUF_INIT;

		package_sh_keep(m, "acme-agent", "1.0", &b);
		if (strstr(b.data, want[m]) == NULL)
			fail_msg("%s: no '%s' in '%s'", package_manager_name(m),
				 want[m], b.data);
		assert_non_null(
			strstr(b.data, "nothing changed\" >&2; exit 1"));
		if (m == PACKAGE_APT)
			assert_non_null(
				strstr(b.data, "/var/cache/apt/archives/"));
		buf_release(&b);
	}
}

/* Restoring: the kept file, or removal of what was absent. */
static void test_restore(void **state)
{
	struct buf b = BUF_INIT;

	package_sh_restore(PACKAGE_DNF, "acme-agent", "1.0-1", &b);
	assert_string_equal(
		b.data,
		"n=acme-agent; v=1.0-1; [ \"$(rpm -q --qf "
		"'%{VERSION}-%{RELEASE}' \"$n\" 2>/dev/null)\" = \"$v\" "
		"] || rpm -U --oldpackage --replacepkgs "
		"\"$d/${n}-${v}\".*.rpm");
	buf_reset(&b);
	package_sh_restore(PACKAGE_ZYPPER, "jq", NULL, &b);
	assert_string_equal(b.data, "n=jq; v=''; ! rpm -q \"$n\" >/dev/null "
				    "2>&1 || rpm -e --nodeps \"$n\"");
	buf_reset(&b);
	package_sh_restore(PACKAGE_APT, "acme-agent", "1.0", &b);
	assert_non_null(strstr(b.data, "pw -i --force-confold "
				       "\"$d/${n}\"_*.deb"));
	assert_non_null(strstr(b.data, "DPkg::Lock::Timeout=\"$w\" install "
				       "\"$n=$v\""));
	buf_reset(&b);
	package_sh_restore(PACKAGE_APT, "jq", NULL, &b);
	assert_non_null(
		strstr(b.data, "pw --purge --force-remove-reinstreq \"$n\""));
	buf_release(&b);
}

/* The queries print the same lines for every manager. */
static void test_query(void **state)
{
	int m;

	for (m = PACKAGE_APT; m <= PACKAGE_ZYPPER; m++) {
		struct buf b = BUF_INIT;

		package_sh_query(m, "acme-agent", &b);
		assert_non_null(strstr(b.data,
				       "printf 'pkg %s installed %s\\n' "
				       "acme-agent \"$v\""));
		assert_non_null(
			strstr(b.data, "candidate %s %s\\n' acme-agent"));
		assert_non_null(strstr(b.data, m == PACKAGE_APT
						       ? "apt-cache madison"
						       : "rpm -q --qf"));
		buf_release(&b);
	}
}

/* A hostile name stays one word. */
static void test_quoting(void **state)
{
	struct package_change c = {"a'b;$(x)", NULL, "1 2"};
	struct buf b = BUF_INIT;

	package_sh_change(PACKAGE_DNF, &c, 1, &b);
	assert_string_equal(b.data, "dnf -y -q install 'a'\\''b;$(x)-1 2'");
	buf_release(&b);
}

/* Versions compare by their numbers; a pin matches its revisions. */
static void test_versions(void **state)
{
	assert_true(package_version_cmp("1.10", "1.9") > 0);
	assert_true(package_version_cmp("1.0", "1.0") == 0);
	assert_true(package_version_cmp("2.0~rc1", "2.0") < 0);
	assert_true(package_version_cmp("1.0-2", "1.0-10") < 0);
	/* dpkg's order: epoch first, letters before other characters, the
	 * revision after the last hyphen, leading zeros ignored. */
	assert_true(package_version_cmp("1:0.9", "2.0") > 0);
	assert_true(package_version_cmp("1.0a", "1.0+") < 0);
	assert_true(package_version_cmp("1.0-rc-1", "1.0-rc-2") < 0);
	assert_true(package_version_cmp("1.002", "1.2") == 0);
	assert_true(package_version_cmp("1.0~~", "1.0~") < 0);
	assert_true(package_version_cmp("2.36-9+deb12u4", "2.36-9+deb12u10") <
		    0);
	assert_true(package_version_matches("2.0-1", "2.0"));
	assert_true(package_version_matches("2.0", "2.0"));
	assert_false(package_version_matches("2.01", "2.0"));
	assert_int_equal(package_manager_find("zypper"), PACKAGE_ZYPPER);
	assert_int_equal(package_manager_find("pacman"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_apt_change),
		cmocka_unit_test(test_prelude),
		cmocka_unit_test(test_dnf_yum_change),
		cmocka_unit_test(test_zypper_change),
		cmocka_unit_test(test_update),
		cmocka_unit_test(test_keep),
		cmocka_unit_test(test_restore),
		cmocka_unit_test(test_query),
		cmocka_unit_test(test_quoting),
		cmocka_unit_test(test_versions),
	};

	return cmocka_run_group_tests_name("package-sh", tests, NULL, NULL);
}
