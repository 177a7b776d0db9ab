/*
 * test-path-state.c - unit tests for modules/path-state.c: reading the
 * probe's answer, the backup and restore scripts, and the diff.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "modules/path-state.h"

/* Parses one answer of the probe script; fails the test on an error. */
static json_t *parse(const char *out)
{
	struct error err = ERROR_INIT;
	json_t *st = NULL;

	if (path_state_parse("/etc/a", out, strlen(out), &st, &err) < 0)
		fail_msg("%s", err.message);
	return st;
}

/* A small file comes with its content; its mode is four digits. */
static void test_parse_file(void **state)
{
	json_t *st = parse("x=1\ny=2\n\ncrest-stat file 640 root adm 0 4 8 "
			   "abcdef\n");

	assert_string_equal(path_state_str(st, "kind"), "file");
	assert_string_equal(path_state_str(st, "mode"), "0640");
	assert_string_equal(path_state_str(st, "owner"), "root");
	assert_string_equal(path_state_str(st, "group"), "adm");
	assert_int_equal(json_integer_value(json_object_get(st, "gid")), 4);
	assert_int_equal(json_integer_value(json_object_get(st, "size")), 8);
	assert_string_equal(path_state_str(st, "sha256"), "abcdef");
	assert_string_equal(path_state_str(st, "_content"), "x=1\ny=2\n");
	json_decref(st);
}

/* Absence, a link and its target, a file too big to fetch. */
static void test_parse_other(void **state)
{
	json_t *st = parse("\ncrest-stat absent\n/etc/a\n");
	struct buf b = BUF_INIT;

	assert_string_equal(path_state_str(st, "kind"), "absent");
	assert_null(json_object_get(st, "mode"));
	assert_null(json_object_get(st, "absent_from"));
	json_decref(st);
	st = parse("\ncrest-stat absent\n/etc\n");
	assert_string_equal(path_state_str(st, "absent_from"), "/etc");
	path_state_restore_sh(&b, st);
	assert_string_equal(b.data, "p=/etc/a; p=/etc; rm -rf \"$p\"");
	buf_release(&b);
	json_decref(st);
	st = parse("\ncrest-stat link 777 root root 0 0 0 -\n/etc/b c\n");
	assert_string_equal(path_state_str(st, "target"), "/etc/b c");
	json_decref(st);
	st = parse("\ncrest-stat file 644 root root 0 0 999999 ff\n");
	assert_null(json_object_get(st, "_content"));
	json_decref(st);
}

/* An answer that is not the script's is an error. */
static void test_parse_error(void **state)
{
	struct error err = ERROR_INIT;
	json_t *st = NULL;

	assert_int_equal(path_state_parse("/x", "hello", 5, &st, &err), -1);
	assert_int_equal(err.kind, ERROR_FAILED);
	error_release(&err);
}

/* Restore: the backup, absence, or mode and owner alone. */
static void test_restore(void **state)
{
	json_t *st =
		json_pack("{s:s,s:s}", "path", "/etc/it's", "kind", "absent");
	struct buf b = BUF_INIT;

	path_state_restore_sh(&b, st);
	assert_string_equal(b.data, "p='/etc/it'\\''s'; rm -rf \"$p\"");
	json_decref(st);
	buf_reset(&b);
	st = json_pack("{s:s,s:s,s:s,s:i,s:i}", "path", "/etc/a", "kind",
		       "file", "mode", "0600", "uid", 1, "gid", 2);
	path_state_restore_sh(&b, st);
	assert_string_equal(b.data, "p=/etc/a; chown -h 1:2 \"$p\" && chmod "
				    "0600 \"$p\"");
	buf_reset(&b);
	json_object_set_new(st, "backup", json_string("/var/b/orig"));
	path_state_restore_sh(&b, st);
	assert_non_null(strstr(b.data, "cp -a \"$b\" \"$p.crest-old\""));
	buf_reset(&b);
	path_state_backup_sh(&b, st);
	assert_non_null(strstr(b.data, "mkdir -p /var/b && chmod 700 /var/b "
				       "&& cp -a /etc/a \"$b\""));
	json_decref(st);
	buf_release(&b);
}

/* One hunk with three lines of context. */
static void test_diff(void **state)
{
	struct buf b = BUF_INIT;

	path_state_diff(&b, "/etc/a", "1\n2\n3\n4\n5\nold\n6\n",
			"1\n2\n3\n4\n5\nnew\n6\n");
	assert_string_equal(b.data, "--- /etc/a\n+++ /etc/a\n@@ -3,5 +3,5 @@\n"
				    " 3\n 4\n 5\n-old\n+new\n 6\n");
	buf_reset(&b);
	path_state_diff(&b, "/etc/a", "", "a\n");
	assert_string_equal(b.data,
			    "--- /etc/a\n+++ /etc/a\n@@ -0,0 +1,1 @@\n+a\n");
	buf_reset(&b);
	path_state_diff(&b, "/etc/a", "same\n", "same\n");
	assert_string_equal(b.data, "");
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_file),
		cmocka_unit_test(test_parse_other),
		cmocka_unit_test(test_parse_error),
		cmocka_unit_test(test_restore),
		cmocka_unit_test(test_diff),
	};

	return cmocka_run_group_tests_name("path-state", tests, NULL, NULL);
}
