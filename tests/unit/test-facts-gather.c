/*
 * test-facts-gather.c - unit tests for orchestrator/facts/facts-gather.c:
 * the real facts script on the controller (the local transport) gives a
 * saved snapshot that agrees with the controller; a host that refuses the
 * connection keeps its last snapshot, marked stale with the error.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/xmalloc.h"
#include "facts/facts-gather.h"
#include "facts/facts-store.h"

/* Gathers from the controller and from a closed port on loopback. */
static void test_gather(void **state)
{
	char *dir = xstrdup("/tmp/crest-test-facts-gather-XXXXXX"), *cmd;
	struct transport_target t[2];
	struct transport_options topts = TRANSPORT_OPTIONS_INIT;
	struct error err = ERROR_INIT;
	struct utsname u;
	json_t *res = NULL, *names = NULL, *old, *rec, *snap;

	(void)state;
	transport_global_init();
	assert_non_null(mkdtemp(dir));
	memset(t, 0, sizeof(t));
	t[0].name = "ctl";
	t[0].local = 1;
	t[1].name = "down";
	t[1].address = "127.0.0.1";
	t[1].port = 1;
	topts.connect_timeout_ms = 2000;
	old = facts_store_snapshot("down", 1796631600, 5,
				   json_pack("{s:s}", "kernel", "old"));
	assert_int_equal(facts_store_save(dir, old, 20, NULL, &err), 0);
	json_decref(old);

	if (facts_gather(t, 2, &topts, 2, dir, 20, &res, &err) < 0)
		fail_msg("gather: %s", err.message);
	assert_int_equal(uname(&u), 0);
	rec = json_object_get(res, "ctl");
	assert_false(json_is_true(json_object_get(rec, "stale")));
	assert_true(json_is_null(json_object_get(rec, "error")));
	snap = json_object_get(rec, "snapshot");
	assert_string_equal(json_string_value(json_object_get(snap, "host")),
			    "ctl");
	assert_string_equal(json_string_value(json_object_get(
				    json_object_get(snap, "facts"), "kernel")),
			    u.release);
	assert_int_equal(facts_store_list(dir, "ctl", &names, &err), 0);
	assert_int_equal(json_array_size(names), 1);
	/* The name it wrote, which facts-run.c journals. */
	assert_string_equal(json_string_value(json_object_get(rec, "saved")),
			    json_string_value(json_array_get(names, 0)));
	json_decref(names);

	rec = json_object_get(res, "down");
	assert_true(json_is_true(json_object_get(rec, "stale")));
	assert_non_null(json_string_value(json_object_get(rec, "error")));
	assert_true(json_is_null(json_object_get(rec, "saved")));
	snap = json_object_get(rec, "snapshot");
	assert_string_equal(json_string_value(json_object_get(
				    json_object_get(snap, "facts"), "kernel")),
			    "old");
	assert_int_equal(facts_store_list(dir, "down", &names, &err), 0);
	assert_int_equal(json_array_size(names), 1);
	json_decref(names);
	json_decref(res);

	t[1].name = "../escape";
	assert_int_equal(facts_gather(t, 2, &topts, 2, dir, 20, &res, &err),
			 -1);
	assert_int_equal(err.kind, ERROR_INVALID);
	error_release(&err);
	cmd = xasprintf("rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gather),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
