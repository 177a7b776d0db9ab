/*
 * test-dir-list.c - unit tests for orchestrator/base/dir-list.c: names
 * by suffix, stripped or not, checked by the caller's callback, sorted in
 * byte order; a missing directory is an error unless DIR_LIST_MISSING_OK.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/dir-list.h"
#include "base/xmalloc.h"
#include "tmpdir.h"

/* Makes a directory holding the files names (NULL-terminated); caller
 * frees and removes it. */
static char *dir_with(const char *const *names)
{
	char *dir = tmpdir_new("dir-list"), *path;
	FILE *f;

	for (; *names; names++) {
		path = xasprintf("%s/%s", dir, *names);
		f = fopen(path, "w");
		assert_non_null(f);
		fclose(f);
		free(path);
	}
	return dir;
}

/* Keeps names that do not start with "x"; counts the calls. */
static int not_x(const char *name, void *data)
{
	int *calls = data;

	(*calls)++;
	return name[0] != 'x';
}

/* Every name, sorted by bytes ("B" before "a", "a" before "a.b"). */
static void test_all_sorted(void **state)
{
	static const char *const names[] = {"b",  "a.b",     "B", "a",
					    "~z", ".hidden", NULL};
	char *dir = dir_with(names);
	struct dir_list l = DIR_LIST_INIT;
	struct error err = ERROR_INIT;

	(void)state;
	assert_int_equal(dir_list_read(&l, dir, "", 0, NULL, NULL, &err), 0);
	assert_int_equal(l.n_names, 6);
	assert_string_equal(l.names[0], ".hidden");
	assert_string_equal(l.names[1], "B");
	assert_string_equal(l.names[2], "a");
	assert_string_equal(l.names[3], "a.b");
	assert_string_equal(l.names[4], "b");
	assert_string_equal(l.names[5], "~z");
	dir_list_release(&l);
	assert_null(l.names);
	assert_int_equal(l.n_names, 0);
	dir_list_release(NULL);
	tmpdir_remove(dir);
}

/* A suffix: only names longer than it that end with it, stripped when
 * asked, and the check sees what is listed. */
static void test_suffix_strip_check(void **state)
{
	static const char *const names[] = {"2.jsonl", "1.jsonl", ".jsonl",
					    "x.jsonl", "3.json",  "4.jsonl~",
					    NULL};
	char *dir = dir_with(names);
	struct dir_list l = DIR_LIST_INIT;
	struct error err = ERROR_INIT;
	int calls = 0;

	(void)state;
	assert_int_equal(dir_list_read(&l, dir, ".jsonl", DIR_LIST_STRIP, not_x,
				       &calls, &err),
			 0);
	assert_int_equal(calls, 3);
	assert_int_equal(l.n_names, 2);
	assert_string_equal(l.names[0], "1");
	assert_string_equal(l.names[1], "2");
	dir_list_release(&l);

	calls = 0;
	assert_int_equal(
		dir_list_read(&l, dir, ".jsonl", 0, not_x, &calls, &err), 0);
	assert_int_equal(calls, 3);
	assert_int_equal(l.n_names, 2);
	assert_string_equal(l.names[0], "1.jsonl");
	assert_string_equal(l.names[1], "2.jsonl");
	dir_list_release(&l);
	tmpdir_remove(dir);
}

/* A missing directory (or a file where one should be): empty with
 * DIR_LIST_MISSING_OK, else an error naming it. */
static void test_missing(void **state)
{
	static const char *const names[] = {"file", NULL};
	char *dir = dir_with(names);
	char *gone = xasprintf("%s/gone", dir),
	     *file = xasprintf("%s/file", dir);
	struct dir_list l = DIR_LIST_INIT;
	struct error err = ERROR_INIT;

	(void)state;
	assert_int_equal(dir_list_read(&l, gone, "", DIR_LIST_MISSING_OK, NULL,
				       NULL, &err),
			 0);
	assert_int_equal(l.n_names, 0);
	assert_int_equal(dir_list_read(&l, file, "", DIR_LIST_MISSING_OK, NULL,
				       NULL, &err),
			 0);
	assert_int_equal(l.n_names, 0);
	assert_int_equal(dir_list_read(&l, gone, "", 0, NULL, NULL, &err), -1);
	assert_int_equal(err.kind, ERROR_SYSTEM);
	assert_non_null(strstr(err.message, gone));
	assert_null(l.names);
	error_release(&err);
	free(file);
	free(gone);
	tmpdir_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_sorted),
		cmocka_unit_test(test_suffix_strip_check),
		cmocka_unit_test(test_missing),
	};

	return cmocka_run_group_tests_name("dir-list", tests, NULL, NULL);
}
