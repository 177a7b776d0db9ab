/*
 * test-os_upgrade-preflight.c - unit tests for
 * modules/os_upgrade-preflight.c: the preflight line, and each check of
 * what it found with the exact error.
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

/* The line asks for every fact, and whether the user's snapshot
 * command is there, quoted. */
static void test_line(void **state)
{
	struct buf b = BUF_INIT;

	os_upgrade_sh_preflight("mysnap'x; reboot", &b);
	assert_non_null(strstr(line_of(&b), "apt-mark showhold"));
	assert_non_null(strstr(line_of(&b), "dpkg --audit"));
	assert_non_null(strstr(line_of(&b), "VERSION_CODENAME="));
	assert_non_null(strstr(line_of(&b), "if command -v 'mysnap'\\''x' "
					    ">/dev/null 2>&1; then echo "
					    "command ok; fi"));
	buf_reset(&b);
	os_upgrade_sh_preflight(NULL, &b);
	assert_null(strstr(line_of(&b), "command ok"));
	buf_release(&b);
}

/* Returns a preflight of a healthy bookworm host with every tool. */
static struct os_upgrade_preflight healthy(void)
{
	struct os_upgrade_preflight pf;

	memset(&pf, 0, sizeof(pf));
	strcpy(pf.family, "debian");
	strcpy(pf.codename, "bookworm");
	strcpy(pf.version_id, "12");
	pf.free_kb = 4096 * 1024;
	pf.held = json_array();
	pf.command_ok = 1;
	pf.tools = OS_UPGRADE_TOOL_LVCREATE | OS_UPGRADE_TOOL_BTRFS |
		   OS_UPGRADE_TOOL_ZFS;
	return pf;
}

/* Checks args (JSON text) against pf on family; returns the error, or
 * NULL when it passes (caller frees). */
static char *check(const char *args_text, const struct os_upgrade_preflight *pf,
		   const char *family)
{
	json_t *args = json_loads(args_text, 0, NULL);
	struct error err = ERROR_INIT;
	char *msg = NULL;

	assert_non_null(args);
	if (os_upgrade_preflight_check(args, pf, family, &err) < 0) {
		assert_int_equal(err.kind, ERROR_FAILED);
		msg = strdup(err.message);
	}
	error_release(&err);
	json_decref(args);
	return msg;
}

/* Asserts that the check gives want (NULL: it passes). */
static void assert_check(const char *args_text,
			 const struct os_upgrade_preflight *pf,
			 const char *family, const char *want)
{
	char *got = check(args_text, pf, family);

	if (want == NULL)
		assert_null(got);
	else
		assert_string_equal(got, want);
	free(got);
}

/* The host's release by codename or version. */
static void test_release_is(void **state)
{
	struct os_upgrade_preflight pf = healthy();

	assert_true(os_upgrade_preflight_is(&pf, "bookworm"));
	assert_true(os_upgrade_preflight_is(&pf, "12"));
	assert_false(os_upgrade_preflight_is(&pf, "trixie"));
	assert_false(os_upgrade_preflight_is(&pf, NULL));
	json_decref(pf.held);
}

/* Each check, in order, with its error. */
static void test_checks(void **state)
{
	struct os_upgrade_preflight pf = healthy();

	assert_check("{\"from\": \"bookworm\", \"snapshot\": \"lvm\"}", &pf,
		     "debian", NULL);
	assert_check("{\"snapshot\": \"none\"}", &pf, "unknown",
		     "os_upgrade: preflight: the host has neither apt-get and "
		     "dpkg nor dnf");
	assert_check("{\"from\": \"bullseye\"}", &pf, "debian",
		     "os_upgrade: preflight: the host runs bookworm, not "
		     "bullseye; nothing was changed");
	assert_check(
		"{\"min_free_mb\": 8192}", &pf, "debian",
		"os_upgrade: preflight: 4096 MB free on / or /var, 8192 MB "
		"needed; nothing was changed");
	json_array_append_new(pf.held, json_string("linux-image-amd64"));
	assert_check("{}", &pf, "debian",
		     "os_upgrade: preflight: linux-image-amd64 is held "
		     "(apt-mark showhold); nothing was changed");
	json_array_clear(pf.held);
	pf.broken = 1;
	assert_check("{}", &pf, "debian",
		     "os_upgrade: preflight: dpkg --audit reports broken "
		     "packages; nothing was changed");
	pf.broken = 0;
	pf.tools = OS_UPGRADE_TOOL_LVCREATE;
	assert_check("{\"snapshot\": \"zfs\"}", &pf, "debian",
		     "os_upgrade: preflight: snapshot 'zfs' needs zfs on the "
		     "host; nothing was changed");
	pf.command_ok = 0;
	assert_check("{\"snapshot\": \"command\"}", &pf, "debian",
		     "os_upgrade: preflight: the snapshot command is not a "
		     "command on the host; nothing was changed");
	/* Free space the host did not report is not held against it. */
	pf.free_kb = -1;
	assert_check("{\"min_free_mb\": 8192, \"snapshot\": \"lvm\"}", &pf,
		     "rhel", NULL);
	json_decref(pf.held);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_line),
		cmocka_unit_test(test_release_is),
		cmocka_unit_test(test_checks),
	};

	return cmocka_run_group_tests_name("os_upgrade-preflight", tests, NULL,
					   NULL);
}
