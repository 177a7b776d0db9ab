/*
 * poll-exec.c - the other executor design, kept to measure against crest.
 *
 * docs/architecture.md ("Executor") chooses between a bounded pool of
 * threads, each driving one blocking libssh session (what crest does), and
 * one thread polling many non-blocking libssh sessions (what this program
 * does).  It does the same work per host as "crest exec HOSTS -- CMD":
 * TCP connect, SSH handshake, host key check against one known_hosts
 * file, public key authentication with one key, one channel running CMD,
 * stdout collected, exit status, disconnect; at most FORKS hosts at once.
 * It has none of crest's features otherwise (no ssh_config, no jump hosts,
 * no tails, no timeouts but a global one), so it bounds from below what a
 * poll loop could cost.  Built and run by tests/bench/executor.sh.
 *
 *   poll-exec KEY KNOWN_HOSTS FORKS CMD HOST[:PORT]...
 *
 * Prints "HOST STATUS OUTPUT" per host and exits 1 when any failed.
 */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libssh/libssh.h>

enum step { CONNECT, HOSTKEY, AUTH, OPEN, EXEC, READ, DONE };

struct job {
	const char *host;
	enum step step;
	ssh_session session;
	ssh_channel channel;
	char out[256];
	size_t len;
	int ok;
};

/* Advances one job as far as it goes without blocking; returns 1 when it
 * is waiting for the network, 0 when it finished. */
static int job_step(struct job *j, ssh_key key, const char *kh, const char *cmd)
{
	int rc;
	char buf[4096];

	for (;;) {
		switch (j->step) {
		case CONNECT:
			if (j->session == NULL) {
				int one = 1;

				j->session = ssh_new();
				char host[256], *colon;

				snprintf(host, sizeof(host), "%s", j->host);
				colon = strchr(host, ':');
				if (colon) {
					*colon = '\0';
					ssh_options_set(j->session,
							SSH_OPTIONS_PORT_STR,
							colon + 1);
				}
				ssh_options_set(j->session, SSH_OPTIONS_HOST,
						host);
				ssh_options_set(j->session, SSH_OPTIONS_USER,
						"root");
				ssh_options_set(j->session,
						SSH_OPTIONS_KNOWNHOSTS, kh);
				ssh_options_set(j->session,
						SSH_OPTIONS_PROCESS_CONFIG,
						&(int){0});
				ssh_options_set(j->session, SSH_OPTIONS_NODELAY,
						&one);
				ssh_set_blocking(j->session, 0);
			}
			rc = ssh_connect(j->session);
			if (rc == SSH_AGAIN)
				return 1;
			if (rc != SSH_OK)
				goto fail;
			j->step = HOSTKEY;
			break;
		case HOSTKEY:
			if (ssh_session_is_known_server(j->session) !=
			    SSH_KNOWN_HOSTS_OK)
				goto fail;
			j->step = AUTH;
			break;
		case AUTH:
			rc = ssh_userauth_publickey(j->session, NULL, key);
			if (rc == SSH_AUTH_AGAIN)
				return 1;
			if (rc != SSH_AUTH_SUCCESS)
				goto fail;
			j->channel = ssh_channel_new(j->session);
			j->step = OPEN;
			break;
		case OPEN:
			rc = ssh_channel_open_session(j->channel);
			if (rc == SSH_AGAIN)
				return 1;
			if (rc != SSH_OK)
				goto fail;
			j->step = EXEC;
			break;
		case EXEC:
			rc = ssh_channel_request_exec(j->channel, cmd);
			if (rc == SSH_AGAIN)
				return 1;
			if (rc != SSH_OK)
				goto fail;
			j->step = READ;
			break;
		case READ:
			rc = ssh_channel_read_nonblocking(j->channel, buf,
							  sizeof(buf), 0);
			if (rc > 0) {
				size_t n = (size_t)rc;

				if (n > sizeof(j->out) - 1 - j->len)
					n = sizeof(j->out) - 1 - j->len;
				memcpy(j->out + j->len, buf, n);
				j->len += n;
				break;
			}
			if (rc < 0 && rc != SSH_EOF)
				goto fail;
			if (rc != SSH_EOF && !ssh_channel_is_eof(j->channel))
				return 1;
			j->ok = 1;
			j->step = DONE;
			break;
		case DONE:
			goto done;
		}
	}
fail:
	j->ok = 0;
done:
	j->step = DONE;
	if (j->channel) {
		ssh_channel_free(j->channel);
		j->channel = NULL;
	}
	if (j->session) {
		ssh_disconnect(j->session);
		ssh_free(j->session);
		j->session = NULL;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct job *jobs;
	struct pollfd *pfd;
	size_t n, i, next = 0, active = 0, forks, failed = 0;
	size_t *slot;
	ssh_key key = NULL;
	int rc;

	if (argc < 6) {
		fprintf(stderr, "usage: poll-exec KEY KNOWN_HOSTS FORKS CMD "
				"HOST...\n");
		return 2;
	}
	ssh_init();
	if (ssh_pki_import_privkey_file(argv[1], NULL, NULL, NULL, &key) !=
	    SSH_OK) {
		fprintf(stderr, "poll-exec: cannot read %s\n", argv[1]);
		return 2;
	}
	forks = strtoul(argv[3], NULL, 10);
	n = (size_t)argc - 5;
	jobs = calloc(n, sizeof(*jobs));
	pfd = calloc(forks, sizeof(*pfd));
	slot = calloc(forks, sizeof(*slot));
	for (i = 0; i < n; i++)
		jobs[i].host = argv[5 + i];

	while (next < n || active > 0) {
		size_t k = 0;

		/* Start jobs up to the fanout; each runs until it waits. */
		while (active < forks && next < n) {
			if (job_step(&jobs[next], key, argv[2], argv[4]))
				active++;
			else
				failed += !jobs[next].ok;
			next++;
		}
		for (i = 0; i < n && k < forks; i++) {
			if (jobs[i].session == NULL || jobs[i].step == DONE)
				continue;
			pfd[k].fd = ssh_get_fd(jobs[i].session);
			pfd[k].events = POLLIN;
			if (jobs[i].step == CONNECT)
				pfd[k].events |= POLLOUT;
			pfd[k].revents = 0;
			slot[k++] = i;
		}
		if (k == 0)
			continue;
		/* Step the jobs whose socket is ready; when none is for
		 * 10 ms, step them all, in case libssh holds data it has
		 * already read. */
		rc = poll(pfd, k, 10);
		for (i = 0; i < k; i++) {
			struct job *j = &jobs[slot[i]];

			if (rc > 0 && pfd[i].revents == 0)
				continue;
			if (!job_step(j, key, argv[2], argv[4])) {
				active--;
				failed += !j->ok;
			}
		}
	}
	for (i = 0; i < n; i++)
		printf("%s %s %.*s", jobs[i].host, jobs[i].ok ? "ok" : "failed",
		       (int)jobs[i].len, jobs[i].out);
	ssh_key_free(key);
	free(jobs);
	free(pfd);
	free(slot);
	ssh_finalize();
	return failed ? 1 : 0;
}
