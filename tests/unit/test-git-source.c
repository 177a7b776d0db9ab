/*
 * test-git-source.c - unit tests for orchestrator/git/git-source.c: a run's
 * files from a commit, with real repositories made by git.
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
#include "inventory/inventory.h"
#include "lang/playbook.h"

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

/* A clean tree gives HEAD's files in a private copy, removed at free. */
static void test_clean_head(void **state)
{
	char *dir = git_scratch_repo();
	struct error err = ERROR_INIT;
	struct git_source *gs = NULL;
	struct playbook *pb = NULL;
	struct inventory *inv = NULL;
	char *tmp;
	struct stat st;
	json_t *j;

	assert_int_equal(open_source(dir, 0, &gs, &err), 0);
	assert_int_equal(gs->kind, GIT_SOURCE_COMMIT);
	assert_string_equal(gs->playbook, "playbooks/p.yml");
	assert_string_equal(gs->inventory, "inventory.yml");
	assert_true(gs->inventory_in_repo);
	assert_string_equal(gs->ref, "refs/heads/main");
	assert_string_equal(gs->author, "Alice <alice@example.com>");
	assert_int_equal(strlen(gs->commit), 40);
	assert_int_equal(stat(gs->tmpdir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_int_equal(git_source_load(gs, &pb, &inv, &err), 0);
	assert_string_equal(pb->doc->file, "playbooks/p.yml");
	j = git_source_to_json(gs);
	assert_string_equal(json_string_value(json_object_get(j, "commit")),
			    gs->commit);
	assert_true(json_is_false(json_object_get(j, "allow_dirty")));
	json_decref(j);
	tmp = xstrdup(gs->tmpdir);
	git_source_free(gs);
	assert_int_equal(access(tmp, F_OK), -1);
	free(tmp);
	playbook_free(pb);
	inventory_free(inv);
	git_scratch_remove(dir);
}

/* A dirty tree is refused listing its paths; --allow-dirty records them. */
static void test_dirty(void **state)
{
	char *dir = git_scratch_repo();
	struct error err = ERROR_INIT;
	struct git_source *gs = NULL;
	json_t *j;

	git_sh(dir, "echo '# more' >>repo/playbooks/p.yml && "
		    "touch repo/playbooks/new.yml repo/elsewhere");
	assert_int_equal(open_source(dir, 0, &gs, &err), -1);
	assert_int_equal(err.kind, ERROR_INVALID);
	assert_non_null(strstr(err.message, ": playbooks/new.yml "
					    "(untracked), playbooks/p.yml;"));
	assert_null(strstr(err.message, "elsewhere"));
	error_release(&err);
	assert_int_equal(open_source(dir, 1, &gs, &err), 0);
	assert_int_equal(gs->kind, GIT_SOURCE_WORKTREE);
	assert_int_equal(gs->dirty.n_paths, 2);
	j = git_source_to_json(gs);
	assert_true(json_is_true(json_object_get(j, "allow_dirty")));
	assert_int_equal(json_array_size(json_object_get(j, "dirty")), 2);
	assert_int_equal(
		strlen(json_string_value(json_object_get(j, "dirty_digest"))),
		40);
	json_decref(j);
	git_source_free(gs);
	git_scratch_remove(dir);
}

/* A playbook outside any repository is read from disk. */
static void test_no_repository(void **state)
{
	char tmpl[] = "/tmp/crest-test-nogit.XXXXXX";
	struct git_source_request req = {0};
	struct error err = ERROR_INIT;
	struct git_source *gs = NULL;
	char *pb;
	json_t *j;

	assert_non_null(mkdtemp(tmpl));
	pb = xasprintf("%s/p.yml", tmpl);
	git_sh(tmpl, "touch p.yml");
	req.playbook = pb;
	req.inventory = "h1,";
	req.state_dir = tmpl;
	assert_int_equal(git_source_open(&req, &gs, &err), 0);
	assert_int_equal(gs->kind, GIT_SOURCE_DISK);
	assert_string_equal(gs->inventory_path, "h1,");
	j = git_source_to_json(gs);
	assert_string_equal(json_string_value(json_object_get(j, "source")),
			    "disk");
	json_decref(j);
	git_source_free(gs);
	free(pb);
	git_scratch_remove(xstrdup(tmpl));
}

/* Errors name the repository's path, never the private copy's. */
static void test_fix_error(void **state)
{
	char *dir = git_scratch_repo();
	struct error err = ERROR_INIT;
	struct git_source *gs = NULL;
	char *file;

	assert_int_equal(open_source(dir, 0, &gs, &err), 0);
	file = xasprintf("%s/inventory.yml", gs->tmpdir);
	error_set_at(&err, ERROR_INVALID, file, 2, 3, "bad %s", file);
	git_source_fix_error(gs, &err);
	assert_string_equal(err.file, "inventory.yml");
	assert_string_equal(err.message, "bad inventory.yml");
	error_release(&err);
	free(file);
	git_source_free(gs);
	git_scratch_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean_head),
		cmocka_unit_test(test_dirty),
		cmocka_unit_test(test_no_repository),
		cmocka_unit_test(test_fix_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
