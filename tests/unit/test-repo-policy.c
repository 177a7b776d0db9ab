/*
 * test-repo-policy.c - unit tests for orchestrator/git/repo-policy.c: the
 * policy section of crest.yml.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "git/repo-policy.h"

/* Reads text with reader r; returns 0 or -1 with the error formatted in
 * msg. */
static int read_with(const char *text, const struct crest_yml_reader *r,
		     struct buf *msg)
{
	struct crest_yml cy = CREST_YML_INIT;
	struct error err = ERROR_INIT;
	int rc = crest_yml_parse("crest.yml", text, strlen(text), &cy, &err);

	if (rc == 0)
		rc = crest_yml_read(&cy, r, 1, &err);
	buf_reset(msg);
	if (rc < 0)
		error_format(&err, msg);
	error_release(&err);
	crest_yml_release(&cy);
	return rc;
}

/* Reads text's policy into *p (released first). */
static int parse(const char *text, struct repo_policy *p, struct buf *msg)
{
	struct crest_yml_reader r;

	repo_policy_release(p);
	r = repo_policy_reader(p);
	return read_with(text, &r, msg);
}

/* Every key of the file is accepted; the policy keys are read. */
static void test_all_keys(void **state)
{
	struct repo_policy p = REPO_POLICY_INIT;
	struct buf msg = BUF_INIT;

	assert_int_equal(parse("allowed_refs: [refs/heads/main, "
			       "'refs/tags/release-*']\n"
			       "require_signed: true\n"
			       "allowed_signers: .crest/allowed_signers\n"
			       "inventory: inv/prod.yml\nforks: 20\n"
			       "state_dir: /var/lib/crest\n"
			       "windows:\n  weekend: {calendar: 'Sat *-*-* "
			       "02:00', duration: 4h}\n",
			       &p, &msg),
			 0);
	assert_int_equal(p.n_allowed_refs, 2);
	assert_string_equal(p.allowed_refs[1], "refs/tags/release-*");
	assert_true(p.require_signed);
	assert_string_equal(p.allowed_signers, ".crest/allowed_signers");
	assert_string_equal(p.inventory, "inv/prod.yml");
	assert_int_equal(p.forks, 20);
	assert_string_equal(p.state_dir, "/var/lib/crest");
	repo_policy_release(&p);
	assert_null(p.allowed_refs);
	buf_release(&msg);
}

/* Of two mistakes the first in the file is reported, whether it is an
 * unknown key (crest-yml.c) or a bad value (here). */
static void test_file_order(void **state)
{
	struct repo_policy p = REPO_POLICY_INIT;
	struct buf msg = BUF_INIT;

	assert_int_equal(parse("inventory: x\nrequire_signd: true\n", &p, &msg),
			 -1);
	assert_string_equal(msg.data,
			    "crest.yml:2:1: unknown key 'require_signd' in "
			    "crest.yml; did you mean 'require_signed'?");
	assert_int_equal(parse("forks: 0\ncolour: blue\n", &p, &msg), -1);
	assert_string_equal(msg.data, "crest.yml:1:8: 'forks' must be a "
				      "positive number, not an integer");
	assert_int_equal(parse("colour: blue\nforks: 0\n", &p, &msg), -1);
	assert_string_equal(msg.data,
			    "crest.yml:1:1: unknown key 'colour' in crest.yml");
	/* The check across keys comes after every key. */
	assert_int_equal(
		parse("require_signed: true\ncolour: blue\n", &p, &msg), -1);
	assert_string_equal(msg.data,
			    "crest.yml:2:1: unknown key 'colour' in crest.yml");
	repo_policy_release(&p);
	buf_release(&msg);
}

/* Values of the wrong type are errors at the value. */
static void test_types(void **state)
{
	struct repo_policy p = REPO_POLICY_INIT;
	struct buf msg = BUF_INIT;

	assert_int_equal(parse("require_signed: maybe\n", &p, &msg), -1);
	assert_non_null(strstr(msg.data, "crest.yml:1:17: 'require_signed' "
					 "must be true or false"));
	assert_int_equal(parse("allowed_refs: {a: b}\n", &p, &msg), -1);
	assert_non_null(strstr(msg.data, "crest.yml:1:15:"));
	assert_int_equal(parse("forks: 0\n", &p, &msg), -1);
	assert_int_equal(parse("- a\n", &p, &msg), -1);
	assert_non_null(strstr(msg.data, "must be a mapping"));
	assert_int_equal(parse("require_signed: true\n", &p, &msg), -1);
	assert_non_null(strstr(msg.data, "needs 'allowed_signers'"));
	assert_int_equal(parse("", &p, &msg), 0);
	assert_int_equal(parse("allowed_refs: main\n", &p, &msg), 0);
	assert_int_equal(p.n_allowed_refs, 1);
	repo_policy_release(&p);
	buf_release(&msg);
}

/* Globs match full ref names; a short glob matches branches and tags. */
static void test_ref_globs(void **state)
{
	struct repo_policy p = REPO_POLICY_INIT;
	struct buf msg = BUF_INIT;

	assert_int_equal(parse("allowed_refs: [main, 'refs/tags/release-*']\n",
			       &p, &msg),
			 0);
	assert_true(repo_policy_ref_allowed(&p, "refs/heads/main"));
	assert_true(repo_policy_ref_allowed(&p, "refs/tags/release-1.2"));
	assert_false(repo_policy_ref_allowed(&p, "refs/heads/feature"));
	assert_false(repo_policy_ref_allowed(&p, "refs/tags/v1"));
	assert_false(repo_policy_ref_allowed(&p, "refs/heads/main2"));
	repo_policy_release(&p);
	buf_release(&msg);
}

/* The check gives the reader's errors and keeps nothing. */
static void test_check(void **state)
{
	static const char *const bad[] = {
		"require_signed: maybe\n",
		"allowed_refs: {a: b}\n",
		"allowed_refs: [main, 3]\n",
		"forks: 0\n",
		"inventory: ''\n",
		"state_dir: [a]\n",
		"require_signed: true\n",
		"inventory: x\nrequire_signed: yes\n",
		"colour: blue\n",
		NULL,
	};
	struct repo_policy p = REPO_POLICY_INIT;
	struct buf want = BUF_INIT, got = BUF_INIT;
	size_t i;

	for (i = 0; bad[i] != NULL; i++) {
		assert_int_equal(parse(bad[i], &p, &want), -1);
		assert_int_equal(read_with(bad[i], &repo_policy_check, &got),
				 -1);
		assert_string_equal(got.data, want.data);
	}
	assert_int_equal(read_with("require_signed: true\nallowed_signers: s\n"
				   "allowed_refs: [a, b]\nwindows: {}\n",
				   &repo_policy_check, &got),
			 0);
	assert_int_equal(
		read_with("require_signed: false\n", &repo_policy_check, &got),
		0);
	repo_policy_release(&p);
	buf_release(&want);
	buf_release(&got);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_keys),
		cmocka_unit_test(test_file_order),
		cmocka_unit_test(test_types),
		cmocka_unit_test(test_ref_globs),
		cmocka_unit_test(test_check),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
