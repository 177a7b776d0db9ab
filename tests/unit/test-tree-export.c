/*
 * test-tree-export.c - unit tests for orchestrator/git/tree-export.c.
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
#include "git/tree-export.h"

/* Files, executables, directories and links come out as committed. */
static void test_export(void **state)
{
	char *dir, *repo_path, *out, *p;
	struct error err = ERROR_INIT;
	git_repository *repo = NULL;
	git_object *head = NULL;
	struct stat st;
	char link[64];
	ssize_t n;

	git_libgit2_init();
	dir = git_scratch_repo();
	git_sh(dir, "cd repo && printf '#!/bin/sh\\n' >inv.sh && chmod +x "
		    "inv.sh && ln -s inventory.yml link.yml && git add -A && "
		    "git commit -q -m more && echo dirty >>inventory.yml");
	repo_path = xasprintf("%s/repo", dir);
	out = xasprintf("%s/out", dir);
	assert_int_equal(mkdir(out, 0700), 0);
	assert_int_equal(git_repository_open(&repo, repo_path), 0);
	assert_int_equal(git_revparse_single(&head, repo, "HEAD^{commit}"), 0);
	assert_int_equal(tree_export(repo, (git_commit *)head, out, &err), 0);
	git_sh(out, "grep -q 'command: echo one' playbooks/p.yml && "
		    "! grep -q dirty inventory.yml");
	p = xasprintf("%s/inv.sh", out);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	free(p);
	p = xasprintf("%s/playbooks/p.yml", out);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	free(p);
	p = xasprintf("%s/link.yml", out);
	n = readlink(p, link, sizeof(link) - 1);
	assert_true(n > 0);
	link[n] = '\0';
	assert_string_equal(link, "inventory.yml");
	free(p);
	tree_export_remove(out);
	assert_int_equal(access(out, F_OK), -1);
	git_object_free(head);
	git_repository_free(repo);
	free(repo_path);
	free(out);
	git_scratch_remove(dir);
	git_libgit2_shutdown();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_export),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
