/*
 * notify-send.c - one delivery: a webhook POST (signed, retried with
 * backoff) or a message piped to sendmail -t (killed at its timeout).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "base/fdio.h"
#include "base/monotime.h"
#include "http/http.h"
#include "notify-int.h"

/* Sleeps ms milliseconds. */
static void sleep_ms(unsigned ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

/* Writes "X-Crest-Signature: sha256=HEX" for body under key into out. */
static void signature_header(const char *key, const char *body, struct buf *out)
{
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned int len = 0, i;

	HMAC(EVP_sha256(), key, (int)strlen(key), (const unsigned char *)body,
	     strlen(body), mac, &len);
	buf_adds(out, "X-Crest-Signature: sha256=");
	for (i = 0; i < len; i++)
		buf_addf(out, "%02x", mac[i]);
}

/* POSTs body, retrying a failed attempt after 1, 2, 4... seconds. */
int notify_webhook(const struct notify_target *t, const char *body,
		   struct buf *warn)
{
	struct http_request req = {0};
	struct http_response resp = HTTP_RESPONSE_INIT;
	struct error err = ERROR_INIT;
	struct buf sig = BUF_INIT;
	const char *headers[2];
	unsigned attempt, backoff = 1000;
	int ret = -1;

	headers[0] = "Content-Type: application/json";
	req.n_headers = 1;
	if (t->secret) {
		signature_header(t->secret, body, &sig);
		headers[req.n_headers++] = sig.data;
	}
	req.method = "POST";
	req.url = t->url;
	req.body = body;
	req.body_len = strlen(body);
	req.headers = headers;
	req.total_ms = t->timeout * 1000;
	req.connect_ms = req.total_ms;
	req.max_body = 64 * 1024;
	for (attempt = 0; attempt <= t->retries; attempt++) {
		if (attempt) {
			sleep_ms(backoff);
			backoff *= 2;
		}
		error_release(&err);
		if (http_exchange(&req, &resp, &err) == 0 &&
		    resp.status >= 200 && resp.status < 300) {
			ret = 0;
			break;
		}
		if (err.message == NULL)
			error_set(&err, ERROR_FAILED, "HTTP %ld", resp.status);
	}
	if (ret < 0)
		buf_addf(warn,
			 "webhook %s: not delivered after %u attempt%s: "
			 "%s",
			 t->url, t->retries + 1, t->retries ? "s" : "",
			 err.message);
	http_response_release(&resp);
	error_release(&err);
	buf_release(&sig);
	return ret;
}

/* Pipes the message to sendmail -t; kills it at the timeout. */
int notify_mail(const struct notify_target *t, const char *subject,
		const char *body, struct buf *warn)
{
	struct buf msg = BUF_INIT;
	uint64_t deadline = monotime_deadline(t->timeout * 1000);
	int fds[2], status = 0, ret = -1;
	pid_t pid, done = 0;

	if (t->from)
		buf_addf(&msg, "From: %s\n", t->from);
	buf_addf(&msg,
		 "To: %s\nSubject: %s\nContent-Type: text/plain; "
		 "charset=utf-8\n\n%s\n",
		 t->to, subject, body);
	if (pipe(fds) < 0) {
		buf_addf(warn, "mail to %s: pipe: %s", t->to, strerror(errno));
		goto out;
	}
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		buf_addf(warn, "mail to %s: fork: %s", t->to, strerror(errno));
		goto out;
	}
	if (pid == 0) {
		dup2(fds[0], 0);
		close(fds[0]);
		close(fds[1]);
		execl(t->sendmail, t->sendmail, "-t", (char *)NULL);
		_exit(127);
	}
	close(fds[0]);
	signal(SIGPIPE, SIG_IGN);
	fd_write_all(fds[1], msg.data, msg.len);
	close(fds[1]);
	while ((done = waitpid(pid, &status, WNOHANG)) == 0 &&
	       monotime_left(deadline) > 0)
		sleep_ms(20);
	if (done == 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		buf_addf(warn,
			 "mail to %s: %s took more than %us and was "
			 "stopped",
			 t->to, t->sendmail, t->timeout);
		goto out;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		buf_addf(warn, "mail to %s: %s -t failed (exit %d)", t->to,
			 t->sendmail,
			 WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		goto out;
	}
	ret = 0;
out:
	buf_release(&msg);
	return ret;
}
