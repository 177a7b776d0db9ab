/*
 * test-os_upgrade-rhel.c - unit tests for modules/os_upgrade-rhel.c: the
 * dnf system-upgrade and leapp downloads (the lab has neither), and the
 * family's upgrade and reboot.
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

/* dnf system-upgrade, or leapp when the host has it; values quoted. */
static void test_upgrade_lines(void **state)
{
	struct buf b = BUF_INIT;

	os_upgrade_sh_rhel("9", 0, &b);
	assert_string_equal(
		line_of(&b),
		"dnf -y install dnf-plugin-system-upgrade && dnf -y "
		"system-upgrade download --releasever=9");
	buf_reset(&b);
	os_upgrade_sh_rhel("9.4; rm -rf /", 1, &b);
	assert_string_equal(line_of(&b),
			    "leapp upgrade --target '9.4; rm -rf /'");
	buf_release(&b);
}

/* The family downloads whatever the host runs now, and reboots into the
 * upgrade with dnf's own reboot unless leapp did it. */
static void test_family(void **state)
{
	struct buf b = BUF_INIT;
	struct error err = ERROR_INIT;

	assert_string_equal(os_family_rhel.name, "rhel");
	assert_int_equal(os_family_rhel.upgrade(NULL, "9", 0, &b, &err), 0);
	assert_string_equal(
		line_of(&b),
		"dnf -y install dnf-plugin-system-upgrade && dnf -y "
		"system-upgrade download --releasever=9");
	buf_reset(&b);
	assert_int_equal(os_family_rhel.upgrade("8", "9", 1, &b, &err), 0);
	assert_string_equal(line_of(&b), "leapp upgrade --target 9");
	assert_string_equal(os_family_rhel.reboot_command(0),
			    "dnf -y system-upgrade reboot");
	assert_string_equal(os_family_rhel.reboot_command(1), "reboot");
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_upgrade_lines),
		cmocka_unit_test(test_family),
	};

	return cmocka_run_group_tests_name("os_upgrade-rhel", tests, NULL,
					   NULL);
}
