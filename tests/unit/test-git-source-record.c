/*
 * test-git-source-record.c - unit tests for
 * orchestrator/git/git-source-record.c:
 * the journal's record of a run's source, and reopening it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "git-helpers.h"
#include "git/git-source.h"

/* Opens repo/playbooks/p.yml of scratch with the given options. */
static int open_source(const char *scratch, int allow_dirty,
		       struct git_source **gs, struct error *err)
{
	struct git_source_request req = {0};
	char *pb = xasprintf("%s/repo/playbooks/p.yml", scratch);
	char *state = xasprintf("%s/state", scratch);
	int rc;

	mkdir(state, 0700);
	req.playbook = pb;
	req.allow_dirty = allow_dirty;
	req.state_dir = state;
	rc = git_source_open(&req, gs, err);
	free(pb);
	free(state);
	return rc;
}

/* A recorded run reopens its commit even after HEAD moved on. */
static void test_reopen(void **state)
{
	char *dir = git_scratch_repo();
	struct error err = ERROR_INIT;
	struct git_source *gs = NULL, *again = NULL;
	char *state_dir = xasprintf("%s/state", dir);
	json_t *header;

	assert_int_equal(open_source(dir, 0, &gs, &err), 0);
	header = json_pack("{s:s, s:o}", "playbook", "playbooks/p.yml", "git",
			   git_source_to_json(gs));
	git_sh(dir, "cd repo && sed -i s/one/two/ playbooks/p.yml && "
		    "git commit -q -am second");
	assert_int_equal(
		git_source_reopen(header, NULL, state_dir, &again, &err), 0);
	assert_string_equal(again->commit, gs->commit);
	assert_string_equal(again->inventory, "inventory.yml");
	git_sh(again->tmpdir, "grep -q one playbooks/p.yml");
	json_decref(header);
	git_source_free(gs);
	git_source_free(again);
	free(state_dir);
	git_scratch_remove(dir);
}

/* A run of files on disk is reopened from its recorded paths; the lock
 * key of an inventory in the repository names the repository. */
static void test_reopen_disk_and_lock_key(void **state)
{
	char *dir = git_scratch_repo();
	struct error err = ERROR_INIT;
	struct git_source *gs = NULL;
	char *key, *want;
	json_t *header;

	header = json_pack("{s:s, s:s, s:{s:s}}", "playbook_file",
			   "/nonexistent/p.yml", "inventory_file", "h1,", "git",
			   "source", "disk");
	assert_int_equal(git_source_reopen(header, NULL, dir, &gs, &err), 0);
	assert_int_equal(gs->kind, GIT_SOURCE_DISK);
	assert_string_equal(gs->playbook_path, "/nonexistent/p.yml");
	assert_string_equal(gs->inventory_path, "h1,");
	git_source_free(gs);
	json_decref(header);
	header = json_object();
	assert_int_equal(git_source_reopen(header, NULL, dir, &gs, &err), -1);
	error_release(&err);
	json_decref(header);
	assert_int_equal(open_source(dir, 0, &gs, &err), 0);
	key = git_source_lock_key(gs);
	want = xasprintf("%s/inventory.yml", gs->repository);
	assert_string_equal(key, want);
	free(key);
	free(want);
	git_source_free(gs);
	git_scratch_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reopen),
		cmocka_unit_test(test_reopen_disk_and_lock_key),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
