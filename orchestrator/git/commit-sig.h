/*
 * commit-sig.h - is a commit signed, and by whom: SSH signatures checked
 * with "ssh-keygen -Y verify" against an allowed_signers file (what git
 * does with gpg.format=ssh), OpenPGP ones with "gpg --verify" against the
 * user's keyring where gpg is installed.
 *
 * The signature and the signed payload come from the commit object's
 * gpgsig header (git_commit_extract_signature); they are written to files
 * in a private directory the caller gives, for the tools to read.
 *
 * Ownership: struct commit_sig owns its strings; commit_sig_release().
 */
#ifndef CREST_COMMIT_SIG_H
#define CREST_COMMIT_SIG_H

#include <git2.h>

#include "base/error.h"

struct commit_sig {
	int is_signed; /* the commit carries a signature */
	int verified;  /* ... and it is good and by an allowed signer */
	char *format;  /* "ssh" or "gpg", or NULL when unsigned */
	char *signer;  /* the principal (ssh) or user id (gpg), or NULL */
	char *reason;  /* why it is not verified, or NULL */
};

#define COMMIT_SIG_INIT                                                        \
	{                                                                      \
		0                                                              \
	}

/* Checks the signature of commit id.  allowed_signers is the path of an
 * OpenSSH allowed_signers file, or NULL (then no SSH signature can be
 * verified); tmpdir a private directory for the tool's input files.
 * Returns 0 with *out filled (signed or not, verified or not, and the
 * reason), or -1 with err set when the check itself could not run. */
int commit_sig_check(git_repository *repo, const git_oid *id,
		     const char *allowed_signers, const char *tmpdir,
		     struct commit_sig *out, struct error *err);

/* Frees the strings; sig is COMMIT_SIG_INIT afterwards. */
void commit_sig_release(struct commit_sig *sig);

#endif
