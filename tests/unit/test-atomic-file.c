/*
 * test-atomic-file.c - unit tests for orchestrator/base/atomic-file.c:
 * the bytes land whole with the mode asked for (less the umask), replace
 * what was there, or lose to it under ATOMIC_FILE_NOREPLACE; no
 * temporary file is left behind, and a failure says which path.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/atomic-file.h"
#include "base/xmalloc.h"
#include "tmpdir.h"

/* Returns the content of path (caller frees), or NULL. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *text = xcalloc(4096, 1);

	if (f == NULL) {
		free(text);
		return NULL;
	}
	assert_true(fread(text, 1, 4095, f) < 4095);
	fclose(f);
	return text;
}

/* Counts the entries of dir besides "." and "..". */
static int entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

/* A new file, then a replacement: whole content, mode, nothing else. */
static void test_write_replace(void **state)
{
	char *dir = tmpdir_new("atomic-file"),
	     *path = xasprintf("%s/page.html", dir), *text;
	struct error err = ERROR_INIT;
	mode_t old = umask(022);
	struct stat st;

	(void)state;
	assert_int_equal(atomic_file_write(path, "one\n", 4, 0600, 0, &err), 0);
	text = slurp(path);
	assert_string_equal(text, "one\n");
	free(text);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);

	assert_int_equal(atomic_file_write(path, "second", 6, 0666, 0, &err),
			 0);
	text = slurp(path);
	assert_string_equal(text, "second");
	free(text);
	/* The new file's mode, less the umask, as open(2) gives it. */
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
	assert_int_equal(entries(dir), 1);

	assert_int_equal(atomic_file_write(path, "", 0, 0600, 0, &err), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, 0);
	assert_int_equal(entries(dir), 1);
	umask(old);
	free(path);
	tmpdir_remove(dir);
}

/* NOREPLACE: the first writer's bytes stay, and it says so. */
static void test_noreplace(void **state)
{
	char *dir = tmpdir_new("atomic-file"),
	     *path = xasprintf("%s/digest.key", dir), *text;
	struct error err = ERROR_INIT;

	(void)state;
	assert_int_equal(atomic_file_write(path, "first", 5, 0600,
					   ATOMIC_FILE_NOREPLACE, &err),
			 0);
	assert_int_equal(atomic_file_write(path, "later", 5, 0600,
					   ATOMIC_FILE_NOREPLACE, &err),
			 1);
	text = slurp(path);
	assert_string_equal(text, "first");
	free(text);
	assert_int_equal(entries(dir), 1);
	free(path);
	tmpdir_remove(dir);
}

/* A directory that is not there: an error naming the path. */
static void test_missing_dir(void **state)
{
	char *dir = tmpdir_new("atomic-file"),
	     *path = xasprintf("%s/no/such/file", dir);
	struct error err = ERROR_INIT;

	(void)state;
	assert_int_equal(atomic_file_write(path, "x", 1, 0600, 0, &err), -1);
	assert_int_equal(err.kind, ERROR_SYSTEM);
	assert_non_null(strstr(err.message, path));
	assert_non_null(strstr(err.message, "No such file"));
	error_release(&err);
	assert_int_equal(entries(dir), 0);
	free(path);
	tmpdir_remove(dir);
}

/* A target that is a directory: the rename fails, nothing is left. */
static void test_rename_fails(void **state)
{
	char *dir = tmpdir_new("atomic-file"), *path = xasprintf("%s/sub", dir);
	char *inner = xasprintf("%s/sub/keep", dir);
	struct error err = ERROR_INIT;

	(void)state;
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(atomic_file_write(inner, "k", 1, 0600, 0, &err), 0);
	assert_int_equal(atomic_file_write(path, "x", 1, 0600, 0, &err), -1);
	assert_int_equal(err.kind, ERROR_SYSTEM);
	error_release(&err);
	assert_int_equal(entries(dir), 1);
	assert_int_equal(entries(path), 1);
	free(inner);
	free(path);
	tmpdir_remove(dir);
}

/* Syncing a directory: fine when it is there, an error when not. */
static void test_sync_dir(void **state)
{
	char *dir = tmpdir_new("atomic-file"),
	     *gone = xasprintf("%s/gone", dir);
	struct error err = ERROR_INIT;

	(void)state;
	assert_int_equal(atomic_file_sync_dir(dir, &err), 0);
	assert_int_equal(atomic_file_sync_dir(gone, &err), -1);
	assert_non_null(strstr(err.message, gone));
	error_release(&err);
	free(gone);
	tmpdir_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_write_replace),
		cmocka_unit_test(test_noreplace),
		cmocka_unit_test(test_missing_dir),
		cmocka_unit_test(test_rename_fails),
		cmocka_unit_test(test_sync_dir),
	};

	return cmocka_run_group_tests_name("atomic-file", tests, NULL, NULL);
}
