/*
 * test-facts-store.c - unit tests for orchestrator/facts/facts-store.c:
 * snapshots written atomically with mode 0600, pruned to keep, found
 * again by latest, list and load; foreign and corrupt files skipped;
 * hostile host names refused.
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

#include "base/xmalloc.h"
#include "facts/facts-store.h"

/* Makes a fresh state directory; caller frees and removes it. */
static char *state_new(void)
{
	char *dir = xstrdup("/tmp/crest-test-facts-store-XXXXXX");

	assert_non_null(mkdtemp(dir));
	return dir;
}

/* Removes a state directory and everything in it. */
static void state_remove(char *dir)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);

	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(dir);
}

/* Saves a snapshot of host taken at t with one fact kernel=k. */
static void save(const char *dir, const char *host, time_t t, const char *k,
		 int keep)
{
	struct error err = ERROR_INIT;
	json_t *facts = json_pack("{s:s}", "kernel", k);
	json_t *s = facts_store_snapshot(host, t, 12, facts);

	if (facts_store_save(dir, s, keep, NULL, &err) < 0)
		fail_msg("save: %s", err.message);
	json_decref(s);
}

/* Writes text into STATE/facts/HOST/FILE. */
static void plant(const char *dir, const char *host, const char *file,
		  const char *text)
{
	char *path = xasprintf("%s/facts/%s/%s", dir, host, file);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	free(path);
}

/* The snapshot's file is named by its time, mode 0600, in a 0700
 * directory, with no temporary file left; it loads back whole. */
static void test_save_load(void **state)
{
	char *dir = state_new(), *path, name[FACTS_NAME_SIZE] = "";
	struct error err = ERROR_INIT;
	struct stat st;
	json_t *s = NULL, *names = NULL;

	(void)state;
	save(dir, "h1", 1796631600, "6.1.0", 20); /* 2026-12-07 08:20:00 */
	path = xasprintf("%s/facts/h1/20261207T082000Z.json", dir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	free(path);
	path = xasprintf("%s/facts/h1", dir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	free(path);
	assert_int_equal(facts_store_list(dir, "h1", &names, &err), 0);
	assert_int_equal(json_array_size(names), 1);
	assert_string_equal(json_string_value(json_array_get(names, 0)),
			    "20261207T082000Z");
	json_decref(names);
	/* The name it saved under is handed back. */
	s = facts_store_snapshot("h1", 1796631661, 3, NULL);
	assert_int_equal(facts_store_save(dir, s, 20, name, &err), 0);
	assert_string_equal(name, "20261207T082101Z");
	json_decref(s);
	s = NULL;
	assert_int_equal(facts_store_list(dir, "h1", &names, &err), 0);
	assert_int_equal(json_array_size(names), 2);
	json_decref(names);
	assert_int_equal(
		facts_store_load(dir, "h1", "20261207T082000Z.json", &s, &err),
		0);
	assert_string_equal(json_string_value(json_object_get(s, "taken_at")),
			    "2026-12-07T08:20:00Z");
	assert_int_equal(json_integer_value(json_object_get(s, "duration_ms")),
			 12);
	assert_string_equal(json_string_value(json_object_get(
				    json_object_get(s, "facts"), "kernel")),
			    "6.1.0");
	json_decref(s);
	assert_int_equal(
		facts_store_load(dir, "h1", "20261207T082001Z", &s, &err), -1);
	assert_int_equal(err.kind, ERROR_INVALID);
	error_release(&err);
	assert_int_equal(
		facts_store_load(dir, "h1", "../../etc/passwd", &s, &err), -1);
	assert_int_equal(err.kind, ERROR_INVALID);
	error_release(&err);
	state_remove(dir);
}

/* Keep bounds the snapshots: the oldest go; latest is the newest. */
static void test_prune_latest(void **state)
{
	char *dir = state_new();
	struct error err = ERROR_INIT;
	json_t *s = NULL, *names = NULL;
	int i;

	(void)state;
	assert_int_equal(facts_store_latest(dir, "h2", &s, &err), 1);
	assert_null(s);
	assert_int_equal(facts_store_list(dir, "h2", &names, &err), 0);
	assert_int_equal(json_array_size(names), 0);
	json_decref(names);
	for (i = 0; i < 5; i++) {
		char k[8];

		snprintf(k, sizeof(k), "k%d", i);
		save(dir, "h2", 1796631600 + i * 60, k, 3);
	}
	assert_int_equal(facts_store_list(dir, "h2", &names, &err), 0);
	assert_int_equal(json_array_size(names), 3);
	assert_string_equal(json_string_value(json_array_get(names, 0)),
			    "20261207T082200Z");
	assert_string_equal(json_string_value(json_array_get(names, 2)),
			    "20261207T082400Z");
	json_decref(names);
	assert_int_equal(facts_store_latest(dir, "h2", &s, &err), 0);
	assert_string_equal(json_string_value(json_object_get(
				    json_object_get(s, "facts"), "kernel")),
			    "k4");
	json_decref(s);
	state_remove(dir);
}

/* Corrupt, foreign and misnamed files are skipped, never pruned, never
 * a crash; a snapshot of another host under this one's name is not
 * taken for it. */
static void test_foreign_files(void **state)
{
	char *dir = state_new(), *path;
	struct error err = ERROR_INIT;
	json_t *s = NULL, *names = NULL;

	(void)state;
	save(dir, "h3", 1796631600, "good", 2);
	plant(dir, "h3", "20261207T090000Z.json", "{\"host\": \"h3\", trunc");
	plant(dir, "h3", "20261207T100000Z.json",
	      "{\"host\":\"h4\",\"taken_at\":\"x\",\"facts\":{}}");
	plant(dir, "h3", "20261207T110000Z.json", "[1,2,3]");
	plant(dir, "h3", "notes.txt", "hello");
	plant(dir, "h3", "2026.json", "{}");
	path = xasprintf("%s/facts/h3/20261207T120000Z.json", dir);
	assert_int_equal(symlink("/etc/passwd", path), 0);
	free(path);
	assert_int_equal(facts_store_latest(dir, "h3", &s, &err), 0);
	assert_string_equal(json_string_value(json_object_get(
				    json_object_get(s, "facts"), "kernel")),
			    "good");
	json_decref(s);
	assert_int_equal(
		facts_store_load(dir, "h3", "20261207T090000Z", &s, &err), -1);
	assert_non_null(strstr(err.message, "does not hold a facts snapshot"));
	error_release(&err);
	assert_int_equal(
		facts_store_load(dir, "h3", "20261207T120000Z", &s, &err), -1);
	error_release(&err);
	assert_int_equal(facts_store_list(dir, "h3", &names, &err), 0);
	assert_int_equal(json_array_size(names), 5);
	json_decref(names);
	path = xasprintf("%s/facts/h3/notes.txt", dir);
	assert_int_equal(access(path, F_OK), 0);
	free(path);
	state_remove(dir);
}

/* Host names that would leave or hide in the directory are refused. */
static void test_hostile_hosts(void **state)
{
	static const char *bad[] = {
		"",    ".",    "..",  "../h1", "a/b",  ".hidden",   "-rf",
		"a b", "a\nb", "a;b", "$(id)", "a\\b", "h\xc3\xa9",
	};
	static const char *good[] = {
		"h1",	    "web-01.example.com", "db_2",
		"10.0.0.1", "[::1]:22",		  "user@h",
	};
	char *dir = state_new();
	struct error err = ERROR_INIT;
	json_t *s = NULL;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		json_t *snap =
			facts_store_snapshot(bad[i], 1796631600, 0, NULL);

		assert_false(facts_store_host_valid(bad[i]));
		assert_int_equal(facts_store_save(dir, snap, 20, NULL, &err),
				 -1);
		assert_int_equal(err.kind, ERROR_INVALID);
		error_release(&err);
		assert_int_equal(facts_store_latest(dir, bad[i], &s, &err), -1);
		assert_int_equal(err.kind, ERROR_INVALID);
		error_release(&err);
		json_decref(snap);
	}
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_true(facts_store_host_valid(good[i]));
	assert_false(facts_store_host_valid(NULL));
	state_remove(dir);
}

/* A bad keep or time is refused before anything is written. */
static void test_bad_input(void **state)
{
	char *dir = state_new(), *path;
	struct error err = ERROR_INIT;
	json_t *snap = facts_store_snapshot("h5", 1796631600, 0, NULL);

	(void)state;
	assert_int_equal(facts_store_save(dir, snap, 0, NULL, &err), -1);
	assert_int_equal(err.kind, ERROR_INVALID);
	error_release(&err);
	json_object_set_new(snap, "taken_at", json_string("yesterday"));
	assert_int_equal(facts_store_save(dir, snap, 20, NULL, &err), -1);
	assert_int_equal(err.kind, ERROR_INVALID);
	error_release(&err);
	json_decref(snap);
	path = xasprintf("%s/facts/h5", dir);
	assert_int_not_equal(access(path, F_OK), 0);
	free(path);
	assert_true(facts_store_name_valid("20261207T082000Z"));
	assert_false(facts_store_name_valid("20261207T082000"));
	assert_false(facts_store_name_valid("2026120xT082000Z"));
	state_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_save_load),
		cmocka_unit_test(test_prune_latest),
		cmocka_unit_test(test_foreign_files),
		cmocka_unit_test(test_hostile_hosts),
		cmocka_unit_test(test_bad_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
