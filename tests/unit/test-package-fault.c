/*
 * test-package-fault.c - unit tests for modules/package-fault.c: apt's and
 * dpkg's own words for a full disk and a held lock (verbatim from Debian
 * 12's apt 2.6.1 and dpkg 1.21.22 on lab hosts), and the message each
 * becomes; other failures keep their message.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "modules/package-fault.h"

static const struct package_fault_ctx apply = {"package", "h1", 2};
static const struct package_fault_ctx revert = {"package: revert", "web3", 60};

/* Returns the message output makes under ctx, or NULL when it is no
 * fault (static buffer). */
static const char *explain(const char *output,
			   const struct package_fault_ctx *ctx)
{
	static char msg[1024];
	struct error err = ERROR_INIT;
	int found;

	error_set(&err, ERROR_FAILED, "package: exit status 1: unchanged");
	found = package_fault_explain(output, ctx, &err);
	assert_int_equal(err.kind, ERROR_FAILED);
	if (!found)
		assert_string_equal(err.message,
				    "package: exit status 1: unchanged");
	snprintf(msg, sizeof(msg), "%s", err.message);
	error_release(&err);
	return found ? msg : NULL;
}

/* dpkg runs out of room unpacking: the file, the directory, what to do. */
static void test_disk_full_unpack(void **state)
{
	assert_string_equal(
		explain("Unpacking acme-data (2.0) over (1.0) ...\r\n"
			"dpkg: error processing archive /run/lab-repo/./"
			"acme-data_2.0_all.deb (--unpack):\r\n cannot copy "
			"extracted data for './opt/acme-data/data' to "
			"'/opt/acme-data/data.dpkg-new': failed to write (No "
			"space left on device)\r\nErrors were encountered "
			"while "
			"processing:\r\n /run/lab-repo/./acme-data_2.0_all.deb"
			"\r\nE: Sub-process /usr/bin/dpkg returned an error "
			"code (1)\ncrest: package: the change failed (exit "
			"100); the packages are back as found\n",
			&apply),
		"package: the disk is full on h1: no space left on device "
		"writing /opt/acme-data/data.dpkg-new; the packages are back "
		"as found; free space in /opt/acme-data on h1 (df -h "
		"/opt/acme-data), then run again");
}

/* apt's own check before it downloads, and an ENOSPC naming no file. */
static void test_disk_full_other(void **state)
{
	assert_string_equal(
		explain("E: You don't have enough free space in "
			"/var/cache/apt/archives/.\ncrest: package: the change "
			"failed (exit 100), and putting the packages back "
			"failed too\n",
			&apply),
		"package: the disk is full on h1: not enough free space in "
		"/var/cache/apt/archives; putting the packages back failed "
		"too; "
		"free space in "
		"/var/cache/apt/archives "
		"on h1 (df -h /var/cache/apt/archives), then run again");
	assert_string_equal(
		explain("E: Write error - write (28: No space left on "
			"device)\n",
			&revert),
		"package: revert: the disk is full on web3: no space left on "
		"device; free space on web3 (df -h shows the full filesystem), "
		"then run again");
}

/* apt waited lock_timeout and names the holder. */
static void test_lock_apt(void **state)
{
	assert_string_equal(
		explain("Waiting for cache lock: Could not get lock "
			"/var/lib/dpkg/lock-frontend. It is held by process "
			"26104 (python3)...\nE: Could not get lock "
			"/var/lib/dpkg/lock-frontend. It is held by process "
			"26104 (python3)\nE: Unable to acquire the dpkg "
			"frontend "
			"lock (/var/lib/dpkg/lock-frontend), is another "
			"process "
			"using it?\ncrest: package: the change failed (exit "
			"100); the packages are back as found\n",
			&apply),
		"package: the dpkg lock on h1 (/var/lib/dpkg/lock-frontend) is "
		"held by process 26104 (python3), still after lock_timeout "
		"(2s); the packages are back as found; let that process finish "
		"(or stop it) or give the task a longer lock_timeout, then run "
		"again");
	/* apt's download lock: no lock_timeout covers it. */
	assert_string_equal(
		explain("E: Could not get lock /var/cache/apt/archives/lock. "
			"It "
			"is held by process 812 (apt-get)\n",
			&apply),
		"package: apt's lock on h1 (/var/cache/apt/archives/lock) is "
		"held by process 812 (apt-get); let that process finish (or "
		"stop it), then run again");
	/* The holder gone before apt could name it. */
	assert_string_equal(
		explain("E: Unable to acquire the dpkg frontend lock "
			"(/var/lib/dpkg/lock-frontend), is another process "
			"using it?\n",
			&apply),
		"package: the dpkg lock on h1 (/var/lib/dpkg/lock-frontend) is "
		"held by another process, still after lock_timeout (2s); let "
		"that process finish (or stop it) or give the task a longer "
		"lock_timeout, then run again");
}

/* dpkg (the revert's dpkg -i) names the pid only. */
static void test_lock_dpkg(void **state)
{
	assert_string_equal(
		explain("dpkg: error: dpkg frontend lock was locked by another "
			"process with pid 10134\nNote: removing the lock file "
			"is always wrong, can damage the locked area\n",
			&revert),
		"package: revert: the dpkg lock on web3 "
		"(/var/lib/dpkg/lock-frontend) is held by process 10134, still "
		"after lock_timeout (60s); let that process finish (or stop "
		"it) "
		"or give the task a longer lock_timeout, then run again");
	assert_string_equal(
		explain("dpkg: error: dpkg database lock was locked by another "
			"process with pid 7\n",
			&revert),
		"package: revert: the dpkg lock on web3 (/var/lib/dpkg/lock) "
		"is "
		"held by process 7, still after lock_timeout (60s); let that "
		"process finish (or stop it) or give the task a longer "
		"lock_timeout, then run again");
}

/* Other failures, and a lock apt could not open for want of root, keep
 * the module's message. */
static void test_not_a_fault(void **state)
{
	assert_null(explain("dpkg: error processing package acme-broken "
			    "(--configure):\n installed acme-broken package "
			    "post-installation script subprocess returned "
			    "error exit status 1\n",
			    &apply));
	assert_null(explain("E: Could not open lock file "
			    "/var/lib/dpkg/lock-frontend - open (13: "
			    "Permission denied)\nE: Unable to acquire the dpkg "
			    "frontend lock (/var/lib/dpkg/lock-frontend), are "
			    "you root?\n",
			    &apply));
	assert_null(explain("", &apply));
	assert_null(explain(NULL, &apply));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_disk_full_unpack),
		cmocka_unit_test(test_disk_full_other),
		cmocka_unit_test(test_lock_apt),
		cmocka_unit_test(test_lock_dpkg),
		cmocka_unit_test(test_not_a_fault),
	};

	return cmocka_run_group_tests_name("package-fault", tests, NULL, NULL);
}
