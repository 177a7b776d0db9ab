/*
 * test-patch.c - unit tests for the patch module's parsing and command
 * lines (modules/patch-*.c): apt's answer as the lab gives it, dnf's,
 * yum's and zypper's as their documentation shows them (the lab has none
 * of those, so their generated command lines are checked here only), the
 * security origins, and the filter.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "modules/package.h"
#include "modules/patch.h"

/* apt's answer on a host with two security updates, one of them newer in
 * the ordinary archive too, an ordinary update and a new dependency. */
static const char apt_answer[] =
	"manager apt\n"
	"reboot yes\n"
	"reboot-pkg acme-kernel\n"
	"== sim\n"
	"Inst acme-kernel [1.0] (1.1 Lab-Security:bookworm-security [all])\n"
	"Inst acme-lib [1.0] (1.2 localhost [all])\n"
	"Inst acme-tools-data (1.1 Lab-Security:bookworm-security [all])\n"
	"Inst acme-utils [1.0] (1.1 localhost [all])\n"
	"== sources\n"
	"Package files:\n"
	" 100 /var/lib/dpkg/status\n"
	"     release a=now\n"
	" 500 file:/run/lab-security ./ Packages\n"
	"     release o=Lab,a=bookworm-security,n=bookworm-security,"
	"l=Lab-Security,c=\n"
	" 500 file:/run/lab-repo ./ Packages\n"
	"     release c=\n"
	"Pinned packages:\n"
	"== versions\n"
	"acme-kernel:\n"
	"  Installed: 1.0\n"
	"  Candidate: 1.1\n"
	"  Version table:\n"
	"     1.1 500\n"
	"        500 file:/run/lab-security ./ Packages\n"
	" *** 1.0 500\n"
	"        500 file:/run/lab-repo ./ Packages\n"
	"        100 /var/lib/dpkg/status\n"
	"acme-lib:\n"
	"  Installed: 1.0\n"
	"  Candidate: 1.2\n"
	"  Version table:\n"
	"     1.2 500\n"
	"        500 file:/run/lab-repo ./ Packages\n"
	"     1.1 500\n"
	"        500 file:/run/lab-security ./ Packages\n"
	" *** 1.0 100\n"
	"        100 /var/lib/dpkg/status\n"
	"acme-utils:\n"
	"  Installed: 1.0\n"
	"  Candidate: 1.1\n"
	"  Version table:\n"
	"     1.1 500\n"
	"        500 file:/run/lab-repo ./ Packages\n"
	" *** 1.0 500\n"
	"        100 /var/lib/dpkg/status\n";

/* Returns the pending entry of state named name. */
static json_t *pending(json_t *state, const char *name)
{
	json_t *p;
	size_t i;

	json_array_foreach(json_object_get(state, "pending"), i, p)
	{
		if (strcmp(json_string_value(json_object_get(p, "name")),
			   name) == 0)
			return p;
	}
	fail_msg("no pending %s", name);
	return NULL;
}

/* Returns a string member, or "(null)". */
static const char *str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "(null)";
}

/* apt: what is pending, which version a security origin offers, what is
 * new, and the reboot lines. */
static void test_apt_parse(void **state)
{
	struct error err = ERROR_INIT;
	json_t *st = NULL;

	assert_int_equal(patch_parse(apt_answer, patch_default_security_origins,
				     &st, &err),
			 0);
	assert_string_equal(str(st, "manager"), "apt");
	assert_true(json_is_true(json_object_get(st, "reboot_required")));
	assert_string_equal(json_string_value(json_array_get(
				    json_object_get(st, "reboot_pkgs"), 0)),
			    "acme-kernel");
	assert_int_equal(json_array_size(json_object_get(st, "pending")), 3);
	assert_string_equal(str(pending(st, "acme-kernel"), "security"), "1.1");
	/* The candidate is ordinary; the security fix is the older 1.1. */
	assert_string_equal(str(pending(st, "acme-lib"), "to"), "1.2");
	assert_string_equal(str(pending(st, "acme-lib"), "security"), "1.1");
	assert_string_equal(str(pending(st, "acme-utils"), "security"),
			    "(null)");
	assert_string_equal(
		str(json_array_get(json_object_get(st, "new"), 0), "name"),
		"acme-tools-data");
	json_decref(st);
}

/* The filter: only security takes the security version; include and
 * exclude are globs; what it leaves says why. */
static void test_select(void **state)
{
	static const char *const exc[] = {"acme-k*", NULL};
	static const char *const inc[] = {"acme-lib", NULL};
	struct patch_filter sec = {1, NULL, NULL}, all = {0, NULL, exc};
	struct patch_filter only_lib = {0, inc, NULL};
	struct error err = ERROR_INIT;
	json_t *st = NULL, *take, *skipped = json_array();

	assert_int_equal(patch_parse(apt_answer, patch_default_security_origins,
				     &st, &err),
			 0);
	take = patch_select(st, &sec, skipped);
	assert_int_equal(json_array_size(take), 2);
	assert_string_equal(str(json_array_get(take, 1), "to"), "1.1");
	assert_string_equal(str(json_array_get(skipped, 0), "why"),
			    "not a security update");
	json_decref(take);
	take = patch_select(st, &all, NULL);
	assert_int_equal(json_array_size(take), 2);
	assert_string_equal(str(json_array_get(take, 0), "name"), "acme-lib");
	assert_string_equal(str(json_array_get(take, 0), "to"), "1.2");
	json_decref(take);
	take = patch_select(st, &only_lib, NULL);
	assert_int_equal(json_array_size(take), 1);
	json_decref(take);
	json_decref(skipped);
	json_decref(st);
}

/* Security origins: every condition of one pattern must hold. */
static void test_origins(void **state)
{
	static const char *const debian[] = {"o=Debian,n=*-security",
					     "l=Debian-Security", NULL};
	const char *attrs = "o=Debian,a=stable-security,n=bookworm-security,"
			    "l=Debian-Security,c=main";

	assert_true(patch_origin_matches(attrs, debian));
	assert_true(
		patch_origin_matches(attrs, patch_default_security_origins));
	assert_false(patch_origin_matches("o=Debian,a=stable,n=bookworm,"
					  "l=Debian,c=main",
					  debian));
	assert_false(patch_origin_matches(
		"o=Ubuntu,n=jammy-security",
		(const char *const[]){"o=Debian,n=*-security", NULL}));
	assert_false(patch_origin_matches(NULL, debian));
}

/* dnf: check-update's lines, the installed versions, the advisories. */
static void test_dnf_parse(void **state)
{
	static const char answer[] =
		"manager dnf\n"
		"reboot no\n"
		"== installed\n"
		"openssl 3.0.7-24.el9\n"
		"bash 5.1.8-6.el9\n"
		"== updates\n"
		"\n"
		"openssl.x86_64   1:3.0.7-25.el9_3   baseos\n"
		"bash.x86_64      5.1.8-9.el9        baseos\n"
		"Obsoleting Packages\n"
		"grub2-tools.x86_64 1:2.06-70.el9 baseos\n"
		"== security\n"
		"RHSA-2024:0310 Important/Sec. "
		"openssl-1:3.0.7-25.el9_3.x86_64\n";
	struct error err = ERROR_INIT;
	json_t *st = NULL;

	assert_int_equal(
		patch_parse(answer, patch_default_security_origins, &st, &err),
		0);
	assert_int_equal(json_array_size(json_object_get(st, "pending")), 2);
	assert_string_equal(str(pending(st, "openssl"), "from"),
			    "3.0.7-24.el9");
	assert_string_equal(str(pending(st, "openssl"), "security"),
			    "1:3.0.7-25.el9_3");
	assert_string_equal(str(pending(st, "bash"), "security"), "(null)");
	json_decref(st);
}

/* zypper: list-updates' table and the security patches. */
static void test_zypper_parse(void **state)
{
	static const char answer[] =
		"manager zypper\n"
		"reboot yes\n"
		"== updates\n"
		"S | Repository | Name    | Current Version | Available "
		"Version | Arch\n"
		"--+------------+---------+-----------------+---------------"
		"----+-------\n"
		"v | repo-oss   | openssl | 3.0.8-1.1       | 3.0.8-2.1     "
		"    | x86_64\n"
		"== security\n"
		"Repository | Name | Category | Severity | Interactive | "
		"Status "
		"| Summary\n"
		"-----------+------+----------+----------+-------------+-------"
		"-+--------\n"
		"repo-update | openSUSE-2024-17 | security | important | --- | "
		"needed | openssl fix\n";
	struct error err = ERROR_INIT;
	json_t *st = NULL;

	assert_int_equal(
		patch_parse(answer, patch_default_security_origins, &st, &err),
		0);
	assert_true(json_is_true(json_object_get(st, "reboot_required")));
	assert_string_equal(str(pending(st, "openssl"), "to"), "3.0.8-2.1");
	assert_string_equal(
		json_string_value(json_array_get(
			json_object_get(st, "security_patches"), 0)),
		"openSUSE-2024-17");
	json_decref(st);
}

/* An answer without a manager, or apt's without its simulation, is an
 * error, not an empty (compliant-looking) state. */
static void test_parse_errors(void **state)
{
	struct error err = ERROR_INIT;
	json_t *st = NULL;

	assert_int_equal(
		patch_parse("", patch_default_security_origins, &st, &err), -1);
	assert_non_null(strstr(err.message, "no package manager"));
	error_release(&err);
	assert_int_equal(patch_parse("manager apt\nreboot no\n",
				     patch_default_security_origins, &st, &err),
			 -1);
	assert_non_null(strstr(err.message, "no apt simulation"));
	error_release(&err);
}

/* The command lines: apt keeps, upgrades exactly NAME=VERSION, records
 * what is new; dnf and zypper use their own tools (not run in the lab). */
static void test_sh(void **state)
{
	json_t *updates = json_pack("[{s:s,s:s,s:s}]", "name", "acme-lib",
				    "from", "1.0", "to", "1.1");
	struct buf b = BUF_INIT;

	patch_sh_apply(PACKAGE_APT, updates, &b);
	assert_non_null(strstr(b.data, "install 'acme-lib=1.1'"));
	assert_non_null(strstr(b.data, "comm -13 \"$d/before\" - >\"$d/new\""));
	assert_non_null(strstr(b.data, "[ -e /var/run/reboot-required ]"));
	buf_reset(&b);
	patch_sh_apply(PACKAGE_DNF, updates, &b);
	assert_non_null(strstr(b.data, "dnf -y -q install acme-lib-1.1"));
	assert_non_null(strstr(b.data, "needs-restarting -r"));
	buf_reset(&b);
	patch_sh_revert(PACKAGE_APT, updates, &b);
	assert_non_null(strstr(b.data, "pw -i --force-confold $f"));
	assert_non_null(strstr(b.data, "pw --purge"));
	buf_reset(&b);
	patch_sh_revert(PACKAGE_ZYPPER, updates, &b);
	assert_non_null(strstr(b.data, "rpm -U --oldpackage"));
	assert_non_null(strstr(b.data, "zypper -q needs-rebooting"));
	buf_reset(&b);
	patch_sh_probe(1, &b);
	assert_non_null(
		strstr(b.data, "apt-get -s -q --with-new-pkgs upgrade"));
	assert_non_null(strstr(b.data, "updateinfo list --security"));
	assert_non_null(strstr(b.data, "list-patches --category security"));
	buf_release(&b);
	json_decref(updates);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_apt_parse),
		cmocka_unit_test(test_select),
		cmocka_unit_test(test_origins),
		cmocka_unit_test(test_dnf_parse),
		cmocka_unit_test(test_zypper_parse),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_sh),
	};

	return cmocka_run_group_tests_name("patch", tests, NULL, NULL);
}
