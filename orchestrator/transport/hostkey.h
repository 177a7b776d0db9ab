/*
 * hostkey.h - strict host key checking for an SSH session.
 *
 * After the handshake and before anything else (authentication included)
 * the key the host offered is looked up in every known_hosts file crest
 * trusts: the user's (~/.ssh/known_hosts or ssh_config's
 * UserKnownHostsFile), --known-hosts FILE, and the system's
 * (/etc/ssh/ssh_known_hosts).  The rules are OpenSSH's with
 * StrictHostKeyChecking=yes, or =accept-new under --accept-new:
 *
 *  - a match in any file: the host is who it claims to be;
 *  - an entry for the host with another key, of the same type or not, in
 *    any file: the key changed, the host fails, and nothing is recorded,
 *    --accept-new or not;
 *  - no entry at all: unknown; the host fails, unless --accept-new, which
 *    appends the key to --known-hosts FILE (or the user's file).
 *
 * ssh_config's StrictHostKeyChecking is deliberately not honoured: a run
 * never trusts a key it has not seen unless the command line says so.
 * Failures are ERROR_HOSTKEY and name the host, the key type, its SHA256
 * fingerprint, the files checked and what to do.
 */
#ifndef CREST_HOSTKEY_H
#define CREST_HOSTKEY_H

#include <libssh/libssh.h>

#include "base/error.h"

struct hostkey_policy {
	const char *user_file;	 /* the user's known_hosts; NULL: none */
	const char *extra_file;	 /* --known-hosts FILE; NULL: none */
	const char *global_file; /* the system's; NULL: none */
	int accept_new;		 /* record unknown keys */
};

/* Checks the key of the connected session against the policy's files.
 * Changes the session's known_hosts options while it looks.  Returns 0
 * when the key is trusted (or was just recorded), -1 with an
 * ERROR_HOSTKEY err (or ERROR_SYSTEM when recording failed). */
int hostkey_check(ssh_session session, const struct hostkey_policy *policy,
		  struct error *err);

#endif
