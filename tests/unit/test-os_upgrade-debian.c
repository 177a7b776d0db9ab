/*
 * test-os_upgrade-debian.c - unit tests for modules/os_upgrade-debian.c:
 * the apt sources switch, the full-upgrade line, and the family's
 * upgrade and reboot.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "modules/os_upgrade.h"

/* Returns what a generator appended ("" for nothing). */
static const char *line_of(const struct buf *b)
{
	return b->data ? b->data : "";
}

/* The apt sources switch: every file kind, words only, twice. */
static void test_sources(void **state)
{
	struct buf b = BUF_INIT;

	os_upgrade_sh_sources("bookworm", "trixie", &b);
	assert_string_equal(
		line_of(&b),
		"for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list "
		"/etc/apt/sources.list.d/*.sources; do if [ -f \"$f\" ]; then "
		"sed -i -E -e "
		"'s/(^|[^A-Za-z0-9._-])bookworm([^A-Za-z0-9._]|$)/\\1trixie\\2/"
		"g' "
		"-e "
		"'s/(^|[^A-Za-z0-9._-])bookworm([^A-Za-z0-9._]|$)/\\1trixie\\2/"
		"g' "
		"\"$f\" || exit 1; fi; done");
	buf_reset(&b);
	os_upgrade_sh_sources("12.1", "13", &b);
	assert_non_null(strstr(line_of(&b), "])12\\.1(["));
	buf_release(&b);
}

/* Debian full-upgrade keeps the locally changed config files. */
static void test_upgrade_line(void **state)
{
	struct buf b = BUF_INIT;

	os_upgrade_sh_debian(&b);
	assert_string_equal(line_of(&b),
			    "export DEBIAN_FRONTEND=noninteractive; apt-get "
			    "update -q && apt-get -y -q -o "
			    "Dpkg::Options::=--force-confold -o "
			    "Dpkg::Options::=--force-confdef full-upgrade");
	buf_release(&b);
}

/* The family switches the sources, then upgrades; it needs the release
 * it comes from, and reboots plainly. */
static void test_family(void **state)
{
	struct buf b = BUF_INIT, want = BUF_INIT;
	struct error err = ERROR_INIT;

	assert_string_equal(os_family_debian.name, "debian");
	assert_int_equal(
		os_family_debian.upgrade("bookworm", "trixie", 0, &b, &err), 0);
	os_upgrade_sh_sources("bookworm", "trixie", &want);
	buf_adds(&want, " && ");
	os_upgrade_sh_debian(&want);
	assert_string_equal(line_of(&b), want.data);
	buf_reset(&b);
	assert_int_equal(os_family_debian.upgrade(NULL, "trixie", 0, &b, &err),
			 -1);
	assert_int_equal(err.kind, ERROR_FAILED);
	assert_string_equal(err.message, "os_upgrade: the host's release is "
					 "unknown; give 'from'");
	error_release(&err);
	assert_int_equal(os_family_debian.upgrade("", "trixie", 0, &b, &err),
			 -1);
	error_release(&err);
	assert_string_equal(os_family_debian.reboot_command(0), "reboot");
	assert_string_equal(os_family_debian.reboot_command(1), "reboot");
	buf_release(&b);
	buf_release(&want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sources),
		cmocka_unit_test(test_upgrade_line),
		cmocka_unit_test(test_family),
	};

	return cmocka_run_group_tests_name("os_upgrade-debian", tests, NULL,
					   NULL);
}
