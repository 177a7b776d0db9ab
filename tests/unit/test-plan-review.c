/*
 * test-plan-review.c - unit tests for orchestrator/engine/plan-review.c:
 * the paths a review covers and the commit of the last successful run.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "git-helpers.h"
#include "engine/plan-review.h"
#include "engine/state.h"
#include "git/git-source.h"
#include "lang/playbook.h"

/* The review covers the playbook, crest.yml, the inventory, copy sources. */
static void test_review_paths(void **state)
{
	struct git_source gs;
	struct playbook *pb = NULL;
	struct error err = ERROR_INIT;
	const char *text = "name: p\nhosts: all\ntasks:\n"
			   "  - copy: {src: files/ca.pem, dest: /etc/ca.pem}\n"
			   "  - copy: {src: /abs, dest: /x}\n";
	char **paths = NULL;
	size_t n, i;

	memset(&gs, 0, sizeof(gs));
	gs.playbook = "playbooks/p.yml";
	gs.inventory = "inventory.yml";
	gs.inventory_in_repo = 1;
	assert_int_equal(
		playbook_load_buffer("p.yml", text, strlen(text), &pb, &err),
		0);
	n = plan_review_paths(&gs, pb, &paths);
	assert_int_equal(n, 4);
	assert_string_equal(paths[0], "playbooks/p.yml");
	assert_string_equal(paths[1], "crest.yml");
	assert_string_equal(paths[2], "inventory.yml");
	assert_string_equal(paths[3], "playbooks/files/ca.pem");
	for (i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	playbook_free(pb);
}

/* Writes a two-line journal of a run that ran playbook at commit. */
static void write_run(const char *state_dir, const char *id, const char *repo,
		      const char *playbook, const char *commit,
		      const char *status)
{
	char *path = xasprintf("%s/runs/%s.jsonl", state_dir, id);
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fprintf(fp,
		"{\"event\":\"run_start\",\"run\":\"%s\",\"seq\":1,"
		"\"commit\":\"%s\",\"git\":{\"source\":\"commit\","
		"\"repository\":\"%s\",\"playbook\":\"%s\"}}\n"
		"{\"event\":\"run_end\",\"status\":\"%s\",\"seq\":2}\n",
		id, commit, repo, playbook, status);
	fclose(fp);
	free(path);
}

/* The newest ok run of the same playbook and repository is the base. */
static void test_last_ok_commit(void **state)
{
	char tmpl[] = "/tmp/crest-test-lastok.XXXXXX";
	struct error err = ERROR_INIT;
	struct git_source gs;
	char *dir = NULL, *commit = NULL;

	assert_non_null(mkdtemp(tmpl));
	assert_int_equal(state_dir_open(tmpl, &dir, &err), 0);
	memset(&gs, 0, sizeof(gs));
	gs.repository = "/srv/pb";
	gs.playbook = "playbooks/agent.yml";
	assert_int_equal(plan_review_last_ok_commit(&gs, dir, &commit, &err),
			 0);
	assert_null(commit);
	write_run(dir, "20260101-000000-aaaa", "/srv/pb", "playbooks/agent.yml",
		  "c1", "ok");
	write_run(dir, "20260102-000000-aaaa", "/srv/pb", "playbooks/agent.yml",
		  "c2", "ok");
	write_run(dir, "20260103-000000-aaaa", "/srv/pb", "playbooks/agent.yml",
		  "c3", "rolled_back");
	write_run(dir, "20260104-000000-aaaa", "/srv/pb", "playbooks/os.yml",
		  "c4", "ok");
	write_run(dir, "20260105-000000-aaaa", "/srv/other",
		  "playbooks/agent.yml", "c5", "ok");
	assert_int_equal(plan_review_last_ok_commit(&gs, dir, &commit, &err),
			 1);
	assert_string_equal(commit, "c2");
	free(commit);
	free(dir);
	git_scratch_remove(xstrdup(tmpl));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_review_paths),
		cmocka_unit_test(test_last_ok_commit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
