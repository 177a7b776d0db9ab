/*
 * test-repo-cache.c - unit tests for orchestrator/git/repo-cache.c: clone,
 * fetch, and a broken cache cloned again.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "git-helpers.h"
#include "git/repo-cache.h"

/* Local paths become absolute; URLs stay; the cache path is a digest. */
static void test_urls(void **state)
{
	char *u = repo_cache_url("https://example.com/pb.git");
	char *p;

	assert_string_equal(u, "https://example.com/pb.git");
	free(u);
	u = repo_cache_url("git@example.com:pb.git");
	assert_string_equal(u, "git@example.com:pb.git");
	free(u);
	u = repo_cache_url("/");
	assert_string_equal(u, "/");
	free(u);
	p = repo_cache_path("/state", "file:///x");
	assert_int_equal(strlen(p), strlen("/state/repos/") + 40);
	assert_memory_equal(p, "/state/repos/", 13);
	free(p);
}

/* Clone, fetch of a new commit, then a broken cache re-cloned. */
static void test_clone_fetch_reclone(void **state)
{
	struct repo_cache_stats stats;
	struct error err = ERROR_INIT;
	git_repository *repo = NULL;
	git_object *obj = NULL;
	char *dir, *url, *cache;

	git_libgit2_init();
	dir = git_scratch_repo();
	url = xasprintf("file://%s/repo", dir);
	assert_int_equal(repo_cache_update(dir, url, 1, &repo, &stats, &err),
			 0);
	assert_true(stats.cloned);
	assert_true(stats.received_objects >= 5);
	assert_true(git_repository_is_bare(repo));
	assert_int_equal(git_revparse_single(&obj, repo, "refs/heads/main"), 0);
	git_object_free(obj);
	git_repository_free(repo);

	git_sh(dir, "cd repo && git commit -q --allow-empty -m two");
	assert_int_equal(repo_cache_update(dir, url, 1, &repo, &stats, &err),
			 0);
	assert_false(stats.cloned);
	assert_true(stats.received_objects >= 1 && stats.received_objects <= 2);
	assert_int_equal(git_revparse_single(&obj, repo, "main^"), 0);
	git_object_free(obj);
	git_repository_free(repo);

	/* The server gone: an error, and the cache stays. */
	cache = repo_cache_path(dir, url);
	git_sh(dir, "mv repo repo.away");
	assert_int_equal(repo_cache_update(dir, url, 1, &repo, &stats, &err),
			 -1);
	assert_non_null(strstr(err.message, "cannot fetch"));
	error_release(&err);
	git_sh(cache, "test -d objects");
	git_sh(dir, "mv repo.away repo");

	git_sh(cache, "rm -rf objects refs && echo junk >HEAD");
	assert_int_equal(repo_cache_update(dir, url, 1, &repo, &stats, &err),
			 0);
	assert_true(stats.recloned);
	assert_int_equal(git_revparse_single(&obj, repo, "main^"), 0);
	git_object_free(obj);
	git_repository_free(repo);
	free(cache);
	free(url);
	git_scratch_remove(dir);
	git_libgit2_shutdown();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_urls),
		cmocka_unit_test(test_clone_fetch_reclone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
