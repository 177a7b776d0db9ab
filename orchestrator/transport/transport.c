/*
 * transport.c - what every transport shares: choosing one, deadlines,
 * become through "sudo -n", uploads through exec; see transport.h.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "base/monotime.h"
#include "quote.h"
#include "transport.h"
#include "base/xmalloc.h"

/* How much longer than a deadline crest waits for a host to report the
 * end of a command that stops itself there (TERM, then KILL after half of
 * it). */
#define TRANSPORT_STOP_GRACE_MS 4000u

/* Returns the output limit the options ask for. */
size_t transport_output_limit(const struct transport_options *opts)
{
	return opts->output_limit ? opts->output_limit : CREST_OUTPUT_LIMIT;
}

/* Formats milliseconds as seconds without trailing zeros: "10", "2.5". */
static void transport_add_seconds(struct buf *b, unsigned ms)
{
	size_t len;

	buf_addf(b, "%u.%03u", ms / 1000, ms % 1000);
	len = b->len;
	while (b->data[len - 1] == '0')
		len--;
	if (b->data[len - 1] == '.')
		len--;
	buf_truncate(b, len);
}

/* Rewords a timeout so it names the limit that was reached. */
static void transport_timeout_message(struct transport_conn *conn,
				      uint64_t deadline, unsigned timeout_ms,
				      struct error *err)
{
	struct buf secs = BUF_INIT;

	if (conn->deadline_ms && deadline == conn->deadline_ms) {
		transport_add_seconds(&secs, conn->opts->host_timeout_ms);
		error_set(err, ERROR_TIMEOUT,
			  "the host ran out of time (--host-timeout %s s)",
			  secs.data);
	} else {
		transport_add_seconds(&secs, timeout_ms);
		error_set(err, ERROR_TIMEOUT,
			  "the command timed out after %s s", secs.data);
	}
	buf_release(&secs);
}

/* Runs a line as it is until deadline (0: none).  remote_stop says the line
 * stops itself at the deadline (transport_wrap_deadline): the transport
 * then waits a little longer to hear how it ended. */
static int transport_exec_line(struct transport_conn *conn, const char *line,
			       const void *input, size_t input_len,
			       uint64_t deadline, unsigned timeout_ms,
			       int remote_stop, struct transport_result *res,
			       struct error *err)
{
	size_t limit = transport_output_limit(conn->opts);
	uint64_t start = monotime_ms();
	uint64_t wait_until = deadline;
	int rc;

	transport_result_release(res);
	tail_init(&res->out, limit);
	tail_init(&res->err, limit);
	if (deadline && monotime_left(deadline) == 0) {
		transport_timeout_message(conn, deadline, timeout_ms, err);
		return -1;
	}
	if (remote_stop && deadline)
		wait_until = deadline + TRANSPORT_STOP_GRACE_MS;
	rc = conn->transport->exec(conn, line, input, input_len, wait_until,
				   res, err);
	res->duration_ms = monotime_ms() - start;
	if (rc < 0 && err->kind == ERROR_UNREACHABLE)
		conn->lost = 1;
	if (rc < 0 && err->kind == ERROR_TIMEOUT) {
		transport_timeout_message(conn, deadline, timeout_ms, err);
	} else if (rc == 0 && remote_stop && deadline &&
		   monotime_left(deadline) == 0 &&
		   (res->exit_status == 124 || res->exit_status == 137)) {
		/* timeout(1) stopped it: 124 after TERM, 137 after KILL.
		 * That status is timeout's, not the command's. */
		transport_timeout_message(conn, deadline, timeout_ms, err);
		res->exit_status = -1;
		rc = -1;
	}
	return rc;
}

/* Appends the last line of a command's stderr (or stdout) to b, for
 * messages that quote what the host said: the last line is the one that
 * explains (a login shell may have said other things first). */
static void transport_add_said(struct buf *b, struct transport_result *res)
{
	size_t len, start;
	const char *s = tail_data(&res->err, &len);

	if (len == 0)
		s = tail_data(&res->out, &len);
	while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == ' '))
		len--;
	start = len;
	while (start > 0 && s[start - 1] != '\n')
		start--;
	if (len - start > 200)
		len = start + 200;
	buf_add(b, s + start, len - start);
}

/* Checks once per connection and user that "sudo -n" runs without asking
 * for a password, so that a command's own failure is never mistaken for
 * sudo's refusal. */
static int transport_become_check(struct transport_conn *conn, const char *user,
				  struct error *err)
{
	struct transport_result res = TRANSPORT_RESULT_INIT;
	struct buf line = BUF_INIT, said = BUF_INIT;
	unsigned timeout_ms = conn->opts->connect_timeout_ms
				      ? conn->opts->connect_timeout_ms
				      : CREST_CONNECT_TIMEOUT_MS;
	int rc = -1;

	if (conn->become_ok_user && strcmp(conn->become_ok_user, user) == 0)
		return 0;
	buf_adds(&line, "sudo -n -u ");
	quote_sh_str(&line, user);
	buf_adds(&line, " -- true");
	if (transport_exec_line(conn, line.data, NULL, 0,
				monotime_earliest(monotime_deadline(timeout_ms),
						  conn->deadline_ms),
				timeout_ms, 0, &res, err) < 0) {
		error_prefix(err, "become: checking sudo");
		goto out;
	}
	transport_add_said(&said, &res);
	if (res.exit_status == 127) {
		error_set(err, ERROR_FAILED,
			  "become: sudo is not installed on the host (%s)",
			  said.data);
		goto out;
	}
	if (res.exit_status != 0) {
		error_set(err, ERROR_AUTH,
			  "become: sudo -n refused to run commands as %s "
			  "(sudo said: %s); crest never types passwords: give "
			  "the remote user NOPASSWD in sudoers, or connect as "
			  "%s",
			  user, said.len ? said.data : "nothing", user);
		goto out;
	}
	free(conn->become_ok_user);
	conn->become_ok_user = xstrdup(user);
	rc = 0;
out:
	transport_result_release(&res);
	buf_release(&line);
	buf_release(&said);
	return rc;
}

/* Appends line wrapped to run as user through sudo without a prompt. */
static void transport_become_wrap(struct buf *out, const char *user,
				  const char *line)
{
	buf_adds(out, "sudo -n -H -u ");
	quote_sh_str(out, user);
	buf_adds(out, " -- sh -c ");
	quote_sh_str(out, line);
}

/* Makes line stop itself on the host when deadline passes: timeout(1)
 * sends TERM to its process group, then KILL, even when the connection is
 * gone by then.  OpenSSH refuses the SSH "signal" request for root logins,
 * and closing a channel without a tty stops nothing, so without this a
 * timed-out command (an apt-get holding the dpkg lock) would run on.  The
 * line goes to the inner sh as $1, quoted once.  Hosts without timeout(1)
 * run the line unbounded on their side. */
static void transport_wrap_deadline(struct buf *out, const char *line,
				    uint64_t deadline)
{
	struct buf secs = BUF_INIT;
	int left = monotime_left(deadline);

	transport_add_seconds(&secs, left > 0 ? (unsigned)left : 1);
	buf_addf(out,
		 "sh -c 'if command -v timeout >/dev/null 2>&1; then exec "
		 "timeout -k %u %s sh -c \"$1\"; fi; exec sh -c \"$1\"' "
		 "crest ",
		 TRANSPORT_STOP_GRACE_MS / 2000, secs.data);
	quote_sh_str(out, line);
	buf_release(&secs);
}

/* Runs one command, through sudo when asked, stopped at its deadline. */
int transport_exec(struct transport_conn *conn,
		   const struct transport_command *cmd,
		   struct transport_result *res, struct error *err)
{
	struct buf bounded = BUF_INIT, line = BUF_INIT;
	const char *user = cmd->become_user ? cmd->become_user : "root";
	unsigned timeout_ms = cmd->timeout_ms ? cmd->timeout_ms
					      : conn->opts->command_timeout_ms;
	uint64_t deadline = monotime_earliest(monotime_deadline(timeout_ms),
					      conn->deadline_ms);
	int remote_stop = deadline && !conn->transport->stops_at_deadline;
	int rc = -1;

	if (cmd->become && transport_become_check(conn, user, err) < 0)
		goto out;
	/* The deadline goes inside sudo, so that it can stop what runs as
	 * the other user. */
	if (remote_stop)
		transport_wrap_deadline(&bounded, cmd->line, deadline);
	else
		buf_adds(&bounded, cmd->line);
	if (cmd->become)
		transport_become_wrap(&line, user, bounded.data);
	else
		buf_add(&line, bounded.data, bounded.len);
	rc = transport_exec_line(conn, line.data, cmd->input, cmd->input_len,
				 deadline, timeout_ms, remote_stop, res, err);
out:
	buf_release(&bounded);
	buf_release(&line);
	return rc;
}

/* Uploads through the transport's own put. */
int transport_put(struct transport_conn *conn,
		  const struct transport_file *file, struct error *err)
{
	if (file->path == NULL || file->path[0] != '/')
		return error_set(err, ERROR_INVALID,
				 "upload: the path must be absolute, not '%s'",
				 file->path ? file->path : "");
	return conn->transport->put(conn, file, err);
}

/* Uploads by piping the content into a small sh script: a temporary file
 * in the same directory (so the rename is atomic), its mode, the rename. */
int transport_put_sh(struct transport_conn *conn,
		     const struct transport_file *file, struct error *err)
{
	struct transport_command cmd = TRANSPORT_COMMAND_INIT;
	struct transport_result res = TRANSPORT_RESULT_INIT;
	struct buf line = BUF_INIT, tmpl = BUF_INIT, said = BUF_INIT;
	int rc = -1;

	buf_addf(&tmpl, "%s.crest-XXXXXX", file->path);
	buf_adds(&line, "umask 077; t=$(mktemp ");
	quote_sh_str(&line, tmpl.data);
	buf_addf(&line,
		 ") || exit 1; if cat >\"$t\" && chmod %04o \"$t\" && "
		 "mv -f \"$t\" ",
		 file->mode & 07777u);
	quote_sh_str(&line, file->path);
	buf_adds(&line, "; then exit 0; fi; rm -f \"$t\"; exit 1");
	cmd.line = line.data;
	cmd.input = file->data;
	cmd.input_len = file->len;
	cmd.become = file->become;
	cmd.become_user = file->become_user;
	if (transport_exec(conn, &cmd, &res, err) < 0) {
		error_prefix(err, "upload to %s", file->path);
		goto out;
	}
	if (res.exit_status != 0) {
		transport_add_said(&said, &res);
		error_set(err, ERROR_FAILED,
			  "upload to %s failed (exit %d): %s", file->path,
			  res.exit_status, said.data);
		goto out;
	}
	rc = 0;
out:
	transport_result_release(&res);
	buf_release(&line);
	buf_release(&tmpl);
	buf_release(&said);
	return rc;
}

/* Whether a command found the connection gone. */
int transport_lost(const struct transport_conn *conn)
{
	return conn != NULL && conn->lost;
}

/* Closes a connection through its transport. */
void transport_close(struct transport_conn *conn)
{
	char *name, *become;

	if (conn == NULL)
		return;
	name = conn->name;
	become = conn->become_ok_user;
	conn->transport->close(conn);
	free(name);
	free(become);
}

/* Frees a result's output and signal name. */
void transport_result_release(struct transport_result *res)
{
	free(res->exit_signal);
	res->exit_signal = NULL;
	res->exit_status = -1;
	tail_release(&res->out);
	tail_release(&res->err);
	res->duration_ms = 0;
}
