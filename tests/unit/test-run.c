/*
 * test-run.c - unit tests for orchestrator/engine/run.c: cutting a play's hosts
 * into waves, and what each run status exits with.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "engine/run.h"
#include "base/xmalloc.h"

/* Writes an INI inventory of n hosts h1..hn; returns its path. */
static char *write_inventory(int n)
{
	char tmpl[] = "/tmp/crest-test-run.XXXXXX";
	int fd = mkstemp(tmpl), k;
	FILE *fp;

	assert_true(fd >= 0);
	fp = fdopen(fd, "w");
	fprintf(fp, "[lab]\n");
	for (k = 1; k <= n; k++)
		fprintf(fp, "h%d rack=r%d\n", k, k <= n / 2 ? 1 : 2);
	fclose(fp);
	return xstrdup(tmpl);
}

/* waves [1, 25%, 100%] over 12 hosts: 1, 3, 8, in inventory order. */
static void test_prepare_waves(void **state)
{
	static const char text[] = "hosts: lab:!h12\n"
				   "waves: [1, 25%, 100%]\n"
				   "tasks:\n"
				   "  - command: 'true'\n";
	char *inv_path = write_inventory(13);
	struct error err = ERROR_INIT;
	struct playbook *pb = NULL;
	struct inventory *inv = NULL;
	struct run_context ctx;
	struct run r;

	assert_int_equal(
		playbook_load_buffer("t.yml", text, strlen(text), &pb, &err),
		0);
	assert_int_equal(inventory_load(inv_path, &inv, &err), 0);
	memset(&ctx, 0, sizeof(ctx));
	ctx.playbook = pb;
	ctx.inventory = inv;
	assert_int_equal(run_prepare(&r, &ctx, NULL, 5, &err), 0);
	assert_int_equal(r.n_hosts, 12);
	assert_int_equal(r.n_waves, 3);
	assert_int_equal(r.wave_sizes[0], 1);
	assert_int_equal(r.wave_sizes[1], 3);
	assert_int_equal(r.wave_sizes[2], 8);
	assert_string_equal(r.hosts[0].host->name, "h1");
	assert_int_equal(r.hosts[0].wave, 0);
	assert_int_equal(r.hosts[3].wave, 1);
	assert_int_equal(r.hosts[4].wave, 2);
	assert_string_equal(r.hosts[11].host->name, "h13");
	run_release(&r);

	/* --limit narrows before the waves are cut. */
	assert_int_equal(run_prepare(&r, &ctx, "h1:h2", 5, &err), 0);
	assert_int_equal(r.n_hosts, 2);
	assert_int_equal(r.n_waves, 2);
	run_release(&r);

	/* No host: an error at the play's hosts key. */
	assert_int_equal(run_prepare(&r, &ctx, "nope", 5, &err), -1);
	assert_int_equal(err.kind, ERROR_INVALID);
	assert_int_equal(err.line, 1);
	error_release(&err);
	playbook_free(pb);
	inventory_free(inv);
	unlink(inv_path);
	free(inv_path);
}

/* Each status has its documented exit code and name. */
static void test_status_exit_codes(void **state)
{
	assert_int_equal(run_status_exit_code(RUN_OK), 0);
	assert_int_equal(run_status_exit_code(RUN_FAILED), 1);
	assert_int_equal(run_status_exit_code(RUN_ROLLED_BACK), 2);
	assert_int_equal(run_status_exit_code(RUN_ROLLBACK_FAILED), 3);
	assert_int_equal(run_status_exit_code(RUN_INVALID), 4);
	assert_int_equal(run_status_exit_code(RUN_INTERRUPTED), 6);
	assert_string_equal(run_status_name(RUN_ROLLED_BACK), "rolled_back");
	assert_string_equal(host_status_name(HOST_ROLLBACK_FAILED),
			    "rollback_failed");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prepare_waves),
		cmocka_unit_test(test_status_exit_codes),
	};

	return cmocka_run_group_tests_name("run", tests, NULL, NULL);
}
