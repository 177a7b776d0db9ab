/*
 * test-digest.c - unit tests for orchestrator/git/digest.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <cmocka.h>

#include "git/digest.h"

/* Digests equal git's blob ids (git hash-object). */
static void test_git_blob_ids(void **state)
{
	char hex[DIGEST_HEX_LEN + 1];

	digest_bytes("", 0, hex);
	assert_string_equal(hex, "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
	digest_bytes("hello\n", 6, hex);
	assert_string_equal(hex, "ce013625030ba8dba906f756967f9e9ca394464a");
}

/* A file's digest is its content's; a missing file is an error. */
static void test_file(void **state)
{
	char path[] = "/tmp/crest-test-digest.XXXXXX";
	char hex[DIGEST_HEX_LEN + 1];
	struct error err = ERROR_INIT;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, "hello\n", 6), 6);
	close(fd);
	assert_int_equal(digest_file(path, hex, &err), 0);
	assert_string_equal(hex, "ce013625030ba8dba906f756967f9e9ca394464a");
	unlink(path);
	assert_int_equal(digest_file(path, hex, &err), -1);
	assert_int_equal(err.kind, ERROR_INVALID);
	error_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_git_blob_ids),
		cmocka_unit_test(test_file),
	};

	return cmocka_run_group_tests_name("digest", tests, NULL, NULL);
}
