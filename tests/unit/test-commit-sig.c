/*
 * test-commit-sig.c - unit tests for orchestrator/git/commit-sig.c: commits
 * signed with ssh-keygen keys through git, checked against allowed_signers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "git/commit-sig.h"
#include "git-helpers.h"

/* Checks HEAD of the scratch repository. */
static void check_head(const char *scratch, struct commit_sig *sig)
{
	char *path = xasprintf("%s/repo", scratch);
	char *signers = xasprintf("%s/allowed_signers", scratch);
	struct error err = ERROR_INIT;
	git_repository *repo = NULL;
	git_oid id;

	assert_int_equal(git_repository_open(&repo, path), 0);
	assert_int_equal(git_reference_name_to_id(&id, repo, "HEAD"), 0);
	assert_int_equal(
		commit_sig_check(repo, &id, signers, scratch, sig, &err), 0);
	git_repository_free(repo);
	free(path);
	free(signers);
}

/* Unsigned, signed by an allowed key, signed by another key. */
static void test_ssh_signatures(void **state)
{
	struct commit_sig sig = COMMIT_SIG_INIT;
	char *dir;

	git_libgit2_init();
	dir = git_scratch_repo();
	git_sh(dir, "ssh-keygen -q -t ed25519 -N '' -f alice && "
		    "ssh-keygen -q -t ed25519 -N '' -f mallory && "
		    "echo \"alice@example.com $(cat alice.pub)\" "
		    ">allowed_signers");
	check_head(dir, &sig);
	assert_false(sig.is_signed);
	assert_string_equal(sig.reason, "the commit is not signed");

	git_sh(dir, "cd repo && git -c gpg.format=ssh -c "
		    "user.signingkey=../alice commit -q -S --allow-empty "
		    "-m signed");
	check_head(dir, &sig);
	assert_true(sig.is_signed);
	assert_true(sig.verified);
	assert_string_equal(sig.format, "ssh");
	assert_string_equal(sig.signer, "alice@example.com");
	assert_null(sig.reason);

	git_sh(dir, "cd repo && git -c gpg.format=ssh -c "
		    "user.signingkey=../mallory commit -q -S --allow-empty "
		    "-m other");
	check_head(dir, &sig);
	assert_true(sig.is_signed);
	assert_false(sig.verified);
	assert_string_equal(sig.reason,
			    "signed by a key that is not in allowed_signers");
	commit_sig_release(&sig);
	git_scratch_remove(dir);
	git_libgit2_shutdown();
}

/* An OpenPGP signature verifies against the keyring that has its key,
 * and is "not in the gpg keyring" against an empty one. */
static void test_gpg_signature(void **state)
{
	struct commit_sig sig = COMMIT_SIG_INIT;
	char *dir, *home, *empty;

	if (system("command -v gpg >/dev/null 2>&1") != 0) {
		skip();
		return;
	}
	git_libgit2_init();
	dir = git_scratch_repo();
	home = xasprintf("%s/gnupg", dir);
	empty = xasprintf("%s/gnupg-empty", dir);
	setenv("GNUPGHOME", home, 1);
	git_sh(dir, "mkdir -m 700 gnupg gnupg-empty && gpg --batch "
		    "--passphrase '' --quick-gen-key 'Alice "
		    "<alice@example.com>' ed25519 sign never && cd repo && "
		    "git -c gpg.format=openpgp -c "
		    "user.signingkey=alice@example.com commit -q -S "
		    "--allow-empty -m gpg");
	check_head(dir, &sig);
	assert_true(sig.is_signed);
	assert_string_equal(sig.format, "gpg");
	assert_true(sig.verified);
	assert_string_equal(sig.signer, "Alice <alice@example.com>");
	setenv("GNUPGHOME", empty, 1);
	check_head(dir, &sig);
	assert_false(sig.verified);
	assert_string_equal(sig.reason,
			    "signed by a key that is not in the gpg keyring");
	/* gpg started an agent for each home: stop them, by their home. */
	git_sh(dir, "GNUPGHOME=gnupg gpgconf --kill gpg-agent; "
		    "GNUPGHOME=gnupg-empty gpgconf --kill gpg-agent; true");
	unsetenv("GNUPGHOME");
	commit_sig_release(&sig);
	free(home);
	free(empty);
	git_scratch_remove(dir);
	git_libgit2_shutdown();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ssh_signatures),
		cmocka_unit_test(test_gpg_signature),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
