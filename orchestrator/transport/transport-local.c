/*
 * transport-local.c - running commands on the controller itself.
 *
 * Used for the implicit "localhost" of "crest exec localhost" and for hosts
 * whose inventory sets ansible_connection=local, so that a playbook can
 * prepare something on the controller with the same modules, quoting,
 * become, timeouts and bounded output as on any host.  A command runs as
 * "/bin/sh -c LINE" in its own process group, started with posix_spawn()
 * (safe in a threaded program); one poll() loop feeds its stdin and drains
 * stdout and stderr.  At the deadline the group gets SIGTERM, then SIGKILL
 * after a grace period.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/monotime.h"
#include "transport.h"
#include "base/xmalloc.h"

extern char **environ;

/* How long a timed-out command has between SIGTERM and SIGKILL. */
#define LOCAL_KILL_GRACE_MS 2000

struct localconn {
	struct transport_conn base; /* first: a localconn is a conn */
};

/* The transport's connect: nothing to open. */
static int localconn_connect(const struct transport_target *target,
			     const struct transport_options *opts,
			     uint64_t deadline, struct transport_conn **out,
			     struct error *err)
{
	struct localconn *c = xcalloc(1, sizeof(*c));

	*out = &c->base;
	return 0;
}

/* Starts /bin/sh -c line with pipes for its three streams. */
static int localconn_spawn(const char *line, int fds[3], pid_t *pid,
			   struct error *err)
{
	int in[2] = {-1, -1}, out[2] = {-1, -1}, errp[2] = {-1, -1};
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none, dfl;
	char *argv[] = {"sh", "-c", (char *)line, NULL};
	int rc = -1, e;

	if (pipe2(in, O_CLOEXEC) < 0 || pipe2(out, O_CLOEXEC) < 0 ||
	    pipe2(errp, O_CLOEXEC) < 0) {
		error_set(err, ERROR_SYSTEM, "pipe: %s", strerror(errno));
		goto out;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in[0], 0);
	posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	posix_spawn_file_actions_adddup2(&fa, errp[1], 2);
	posix_spawnattr_init(&attr);
	sigemptyset(&none);
	/* crest ignores SIGPIPE; the command must not inherit that. */
	sigemptyset(&dfl);
	sigaddset(&dfl, SIGPIPE);
	sigaddset(&dfl, SIGINT);
	sigaddset(&dfl, SIGTERM);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &dfl);
	posix_spawnattr_setpgroup(&attr, 0);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP |
						POSIX_SPAWN_SETSIGMASK |
						POSIX_SPAWN_SETSIGDEF);
	e = posix_spawn(pid, "/bin/sh", &fa, &attr, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	if (e != 0) {
		error_set(err, ERROR_SYSTEM, "cannot start /bin/sh: %s",
			  strerror(e));
		goto out;
	}
	fds[0] = in[1];
	fds[1] = out[0];
	fds[2] = errp[0];
	in[1] = out[0] = errp[0] = -1;
	fcntl(fds[0], F_SETFL, O_NONBLOCK);
	rc = 0;
out:
	if (in[0] >= 0)
		close(in[0]);
	if (in[1] >= 0)
		close(in[1]);
	if (out[0] >= 0)
		close(out[0]);
	if (out[1] >= 0)
		close(out[1]);
	if (errp[0] >= 0)
		close(errp[0]);
	if (errp[1] >= 0)
		close(errp[1]);
	return rc;
}

/* Stops a timed-out command's process group and reaps it. */
static void localconn_kill(pid_t pid)
{
	uint64_t grace = monotime_deadline(LOCAL_KILL_GRACE_MS);
	int status;

	kill(-pid, SIGTERM);
	while (waitpid(pid, &status, WNOHANG) == 0) {
		if (monotime_left(grace) == 0) {
			kill(-pid, SIGKILL);
			waitpid(pid, &status, 0);
			return;
		}
		usleep(20000);
	}
}

/* Reads what a pipe has into a tail; returns 0 at end of file. */
static int localconn_drain(int fd, struct tail *t)
{
	char chunk[16384];
	ssize_t n = read(fd, chunk, sizeof(chunk));

	if (n > 0) {
		tail_add(t, chunk, (size_t)n);
		return 1;
	}
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 1;
	return 0;
}

/* Runs one command on the controller. */
static int localconn_exec(struct transport_conn *base, const char *line,
			  const void *input, size_t input_len,
			  uint64_t deadline, struct transport_result *res,
			  struct error *err)
{
	struct pollfd pfd[3];
	struct tail *tails[3] = {NULL, &res->out, &res->err};
	int fds[3] = {-1, -1, -1};
	size_t sent = 0;
	ssize_t n;
	pid_t pid;
	int status, i, rc = -1;

	if (localconn_spawn(line, fds, &pid, err) < 0)
		return -1;
	if (input_len == 0) {
		close(fds[0]);
		fds[0] = -1;
	}
	while (fds[1] >= 0 || fds[2] >= 0) {
		for (i = 0; i < 3; i++) {
			pfd[i].fd = fds[i];
			pfd[i].events = i == 0 ? POLLOUT : POLLIN;
			pfd[i].revents = 0;
		}
		n = poll(pfd, 3, monotime_left(deadline));
		if (n < 0 && errno != EINTR) {
			error_set(err, ERROR_SYSTEM, "poll: %s",
				  strerror(errno));
			localconn_kill(pid);
			goto out;
		}
		if (n == 0) {
			error_set(err, ERROR_TIMEOUT, "timed out");
			localconn_kill(pid);
			goto out;
		}
		if (fds[0] >= 0 && pfd[0].revents) {
			n = write(fds[0], (const char *)input + sent,
				  input_len - sent);
			if (n > 0)
				sent += (size_t)n;
			/* The command may stop reading: that is its call. */
			if (sent == input_len ||
			    (n < 0 && errno != EAGAIN && errno != EINTR)) {
				close(fds[0]);
				fds[0] = -1;
			}
		}
		for (i = 1; i < 3; i++) {
			if (fds[i] >= 0 && pfd[i].revents &&
			    !localconn_drain(fds[i], tails[i])) {
				close(fds[i]);
				fds[i] = -1;
			}
		}
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(status)) {
		res->exit_status = WEXITSTATUS(status);
	} else if (WIFSIGNALED(status)) {
		const char *name = sigabbrev_np(WTERMSIG(status));

		res->exit_signal = xstrdup(name ? name : "UNKNOWN");
	}
	rc = 0;
out:
	for (i = 0; i < 3; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	return rc;
}

/* The transport's close. */
static void localconn_close(struct transport_conn *base)
{
	free(base);
}

const struct transport transport_local = {
	.name = "local",
	.stops_at_deadline = 1,
	.connect = localconn_connect,
	.exec = localconn_exec,
	.put = transport_put_sh,
	.close = localconn_close,
};
