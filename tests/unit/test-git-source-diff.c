/*
 * test-git-source-diff.c - unit tests for orchestrator/git/git-source-diff.c:
 * the commits and the diff of a run's files since an earlier commit.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "git-helpers.h"
#include "git/git-source.h"

/* Commits since the first, newest first, and the diff of the paths only. */
static void test_diff_since(void **state)
{
	char *dir = git_scratch_repo();
	char *pb_path = xasprintf("%s/repo/playbooks/p.yml", dir);
	char *state_dir = xasprintf("%s/state", dir);
	struct git_source_request req = {0};
	struct git_source_diff d = {BUF_INIT, BUF_INIT, 0};
	struct error err = ERROR_INIT;
	struct git_source *gs = NULL;
	const char *paths[] = {"playbooks/p.yml", "inventory.yml"};
	char first[64], *first_path = xasprintf("%s/first", dir);
	FILE *fp;

	git_sh(dir, "cd repo && git rev-parse HEAD >../first && "
		    "sed -i s/one/two/ playbooks/p.yml && "
		    "git commit -q -am 'agent two' && echo x >README && "
		    "git add README && git commit -q -m readme");
	fp = fopen(first_path, "r");
	assert_non_null(fgets(first, sizeof(first), fp));
	fclose(fp);
	first[40] = '\0';
	mkdir(state_dir, 0700);
	req.playbook = pb_path;
	req.state_dir = state_dir;
	assert_int_equal(git_source_open(&req, &gs, &err), 0);
	assert_int_equal(git_source_diff_since(gs, first, paths, 2, &d, &err),
			 0);
	assert_int_equal(d.n_commits, 2);
	assert_non_null(strstr(d.commits.data, " readme (Alice)\n"));
	assert_true(strstr(d.commits.data, "readme") <
		    strstr(d.commits.data, "agent two"));
	assert_non_null(strstr(d.patch.data, "--- a/playbooks/p.yml"));
	assert_non_null(strstr(d.patch.data, "-    command: echo one\n"));
	assert_non_null(strstr(d.patch.data, "+    command: echo two\n"));
	assert_null(strstr(d.patch.data, "README"));
	buf_release(&d.commits);
	buf_release(&d.patch);
	assert_int_equal(
		git_source_diff_since(gs, "0000000", paths, 2, &d, &err), -1);
	error_release(&err);
	git_source_free(gs);
	free(pb_path);
	free(state_dir);
	free(first_path);
	git_scratch_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_diff_since),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
