/*
 * test-worktree-dirty.c - unit tests for orchestrator/git/worktree-dirty.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "git-helpers.h"
#include "git/worktree-dirty.h"

/* Scans the scratch repository, watching dir for untracked files. */
static void scan(const char *scratch, const char *watch, const char *skip,
		 struct worktree_dirty *d)
{
	char *path = xasprintf("%s/repo", scratch);
	struct error err = ERROR_INIT;
	git_repository *repo = NULL;

	assert_int_equal(git_repository_open(&repo, path), 0);
	assert_int_equal(worktree_dirty_scan(repo, watch, skip, d, &err), 0);
	git_repository_free(repo);
	free(path);
}

/* Clean, then modified, deleted, staged and untracked paths with blobs. */
static void test_scan(void **state)
{
	char *dir;
	struct worktree_dirty d = WORKTREE_DIRTY_INIT;
	char clean_digest[DIGEST_HEX_LEN + 1];

	git_libgit2_init();
	dir = git_scratch_repo();
	scan(dir, "playbooks/", NULL, &d);
	assert_int_equal(d.n_paths, 0);
	strcpy(clean_digest, d.digest);
	git_sh(dir, "cd repo && echo x >>playbooks/p.yml && rm crest.yml && "
		    "echo n >staged && git add staged && touch top.txt "
		    "playbooks/new.yml");
	scan(dir, "playbooks/", NULL, &d);
	assert_int_equal(d.n_paths, 4);
	assert_string_equal(d.paths[0].path, "crest.yml");
	assert_string_equal(d.paths[0].blob, "deleted");
	assert_string_equal(d.paths[1].path, "playbooks/new.yml");
	assert_true(d.paths[1].untracked);
	assert_string_equal(d.paths[1].blob,
			    "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
	assert_string_equal(d.paths[2].path, "playbooks/p.yml");
	assert_string_equal(d.paths[3].path, "staged");
	assert_string_not_equal(d.digest, clean_digest);
	scan(dir, "", NULL, &d);
	assert_int_equal(d.n_paths, 5);
	/* crest's state directory inside the work tree does not count. */
	git_sh(dir,
	       "mkdir -p repo/state/runs && touch repo/state/runs/r.jsonl");
	scan(dir, "", "state/", &d);
	assert_int_equal(d.n_paths, 5);
	scan(dir, "", NULL, &d);
	assert_int_equal(d.n_paths, 6);
	worktree_dirty_release(&d);
	git_scratch_remove(dir);
	git_libgit2_shutdown();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scan),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
