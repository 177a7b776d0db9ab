/*
 * commit-sig.c - checking a commit's signature with ssh-keygen or gpg; see
 * commit-sig.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "commit-sig.h"
#include "base/fdio.h"
#include "base/xmalloc.h"

#define SSH_SIG_BEGIN "-----BEGIN SSH SIGNATURE-----"
#define PGP_SIG_BEGIN "-----BEGIN PGP SIGNATURE-----"

/* Writes len bytes to a new file at path (mode 0600). */
static int write_file(const char *path, const char *data, size_t len,
		      struct error *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	int ret = 0;

	if (fd < 0 || fd_write_all(fd, data, len) < 0)
		ret = error_set(err, ERROR_SYSTEM, "cannot write %s: %s", path,
				strerror(errno));
	if (fd >= 0)
		close(fd);
	return ret;
}

/* Runs argv with stdin from in_path (or /dev/null) and stdout and stderr
 * into out.  Returns the exit status, or -1 with err set. */
static int run_tool(char *const argv[], const char *in_path, struct buf *out,
		    struct error *err)
{
	int pipefd[2], status = 0, ret = -1;
	char chunk[4096];
	ssize_t n;
	pid_t pid;

	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return error_set(err, ERROR_SYSTEM, "pipe: %s",
				 strerror(errno));
	pid = fork();
	if (pid < 0) {
		error_set(err, ERROR_SYSTEM, "fork: %s", strerror(errno));
		close(pipefd[0]);
		close(pipefd[1]);
		return -1;
	}
	if (pid == 0) {
		int in = open(in_path ? in_path : "/dev/null", O_RDONLY);

		if (in < 0 || dup2(in, 0) < 0 || dup2(pipefd[1], 1) < 0 ||
		    dup2(pipefd[1], 2) < 0)
			_exit(127);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(pipefd[1]);
	while ((n = read(pipefd[0], chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		buf_add(out, chunk, (size_t)n);
	}
	close(pipefd[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			error_set(err, ERROR_SYSTEM, "waitpid: %s",
				  strerror(errno));
			goto out;
		}
	ret = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
out:
	return ret;
}

/* Drops trailing newlines of a tool's output for a message. */
static char *one_line(const struct buf *b)
{
	char *s = xstrdup(b->len ? b->data : "no output");
	char *nl = strchr(s, '\n');

	if (nl && nl[1] == '\0')
		*nl = '\0';
	else if (nl)
		for (; nl; nl = strchr(nl, '\n'))
			*nl = ' ';
	return s;
}

/* Verifies an SSH signature: find the principal, then verify with it. */
static int check_ssh(const char *sig_path, const char *payload_path,
		     const char *allowed, struct commit_sig *out,
		     struct error *err)
{
	struct buf o = BUF_INIT;
	char *principal = NULL, *nl;
	int rc, ret = -1;

	if (allowed == NULL) {
		out->reason = xstrdup("no allowed_signers file in crest.yml");
		ret = 0;
		goto out;
	}
	{
		char *argv[] = {
			"ssh-keygen",	  "-Y", "find-principals", "-s",
			(char *)sig_path, "-f", (char *)allowed,   NULL};

		rc = run_tool(argv, NULL, &o, err);
	}
	if (rc < 0)
		goto out;
	if (rc != 0 || o.len == 0) {
		out->reason = xstrdup("signed by a key that is not in "
				      "allowed_signers");
		ret = 0;
		goto out;
	}
	nl = strchr(o.data, '\n');
	principal = xstrndup(o.data, nl ? (size_t)(nl - o.data) : o.len);
	buf_reset(&o);
	{
		char *argv[] = {"ssh-keygen", "-Y", "verify",	      "-n",
				"git",	      "-f", (char *)allowed,  "-I",
				principal,    "-s", (char *)sig_path, NULL};

		rc = run_tool(argv, payload_path, &o, err);
	}
	if (rc < 0)
		goto out;
	out->signer = principal;
	principal = NULL;
	if (rc == 0) {
		out->verified = 1;
	} else {
		char *line = one_line(&o);

		out->reason = xasprintf("bad signature: %s", line);
		free(line);
	}
	ret = 0;
out:
	free(principal);
	buf_release(&o);
	return ret;
}

/* Verifies an OpenPGP signature with gpg and the user's keyring. */
static int check_gpg(const char *sig_path, const char *payload_path,
		     struct commit_sig *out, struct error *err)
{
	char *argv[] = {
		"gpg",	    "--batch",	      "--status-fd",	    "1",
		"--verify", (char *)sig_path, (char *)payload_path, NULL};
	struct buf o = BUF_INIT;
	const char *good;
	int rc, ret = -1;

	rc = run_tool(argv, NULL, &o, err);
	if (rc < 0)
		goto out;
	if (rc == 127) {
		out->reason = xstrdup("an OpenPGP signature, and gpg is not "
				      "installed");
	} else if (rc == 0 && (good = strstr(o.data, "[GNUPG:] GOODSIG ")) &&
		   strstr(o.data, "[GNUPG:] VALIDSIG ")) {
		const char *uid = strchr(good + 17, ' ');
		const char *end = uid ? strchr(uid, '\n') : NULL;

		out->verified = 1;
		if (uid && end)
			out->signer =
				xstrndup(uid + 1, (size_t)(end - uid - 1));
	} else if (strstr(o.data, "[GNUPG:] NO_PUBKEY ")) {
		out->reason = xstrdup("signed by a key that is not in the "
				      "gpg keyring");
	} else {
		out->reason = xstrdup("bad OpenPGP signature");
	}
	ret = 0;
out:
	buf_release(&o);
	return ret;
}

/* Checks a commit's signature. */
int commit_sig_check(git_repository *repo, const git_oid *id,
		     const char *allowed_signers, const char *tmpdir,
		     struct commit_sig *out, struct error *err)
{
	git_buf sig = GIT_BUF_INIT, data = GIT_BUF_INIT;
	char *sig_path = xasprintf("%s/commit.sig", tmpdir);
	char *payload_path = xasprintf("%s/commit.payload", tmpdir);
	int rc, ret = -1;

	commit_sig_release(out);
	rc = git_commit_extract_signature(&sig, &data, repo, (git_oid *)id,
					  NULL);
	if (rc == GIT_ENOTFOUND) {
		out->reason = xstrdup("the commit is not signed");
		ret = 0;
		goto out;
	}
	if (rc < 0) {
		const git_error *e = git_error_last();

		error_set(err, ERROR_INVALID, "cannot read the signature: %s",
			  e ? e->message : "unknown error");
		goto out;
	}
	out->is_signed = 1;
	if (write_file(sig_path, sig.ptr, sig.size, err) < 0 ||
	    write_file(payload_path, data.ptr, data.size, err) < 0)
		goto out;
	if (strncmp(sig.ptr, SSH_SIG_BEGIN, strlen(SSH_SIG_BEGIN)) == 0) {
		out->format = xstrdup("ssh");
		ret = check_ssh(sig_path, payload_path, allowed_signers, out,
				err);
	} else if (strncmp(sig.ptr, PGP_SIG_BEGIN, strlen(PGP_SIG_BEGIN)) ==
		   0) {
		out->format = xstrdup("gpg");
		ret = check_gpg(sig_path, payload_path, out, err);
	} else {
		out->format = xstrdup("unknown");
		out->reason = xstrdup("a signature of a kind crest cannot "
				      "verify (x509?)");
		ret = 0;
	}
out:
	unlink(sig_path);
	unlink(payload_path);
	free(sig_path);
	free(payload_path);
	git_buf_dispose(&sig);
	git_buf_dispose(&data);
	return ret;
}

/* Frees a signature check's strings. */
void commit_sig_release(struct commit_sig *sig)
{
	free(sig->format);
	free(sig->signer);
	free(sig->reason);
	memset(sig, 0, sizeof(*sig));
}
