/*
 * transport-ssh.c - the SSH transport, on libssh 0.10.
 *
 * Theory of operation.  A connection is one libssh session, in blocking
 * mode, used by one thread at a time.  Opening it:
 *
 *   configure  ssh_config (-F FILE, or ~/.ssh/config and
 *              /etc/ssh/ssh_config) for HostName, User, Port,
 *              IdentityFile, ProxyJump...; the inventory's port and user
 *              win over ssh_config, as in Ansible; --key files go first
 *   jump       when ssh_config gives a ProxyJump, the hops are connected
 *              (each one like any host) and the session is carried
 *              through the last one (jump.h)
 *   handshake  ssh_connect(), bounded by the connect deadline: TCP, banner
 *              and key exchange; any failure is `unreachable`
 *   host key   hostkey_check(): strict, or accept-new (hostkey.h)
 *   auth       public keys only: ssh-agent, --key, IdentityFile and the
 *              default keys; no password, no keyboard-interactive, no
 *              passphrase prompt (keys that need one are skipped)
 *
 * Each command then opens a channel on the session (one round trip),
 * sends "exec", feeds stdin as the channel's window allows and collects
 * stdout and stderr through channel callbacks into bounded tails until the
 * host closes the channel.  The blocking calls are bounded by setting the
 * session's timeout to what is left of the deadline before each one; the
 * wait for output runs ssh_event_dopoll() in slices up to the deadline.
 */
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <libssh/callbacks.h>
#include <libssh/libssh.h>

#include "hostkey.h"
#include "jump.h"
#include "base/monotime.h"
#include "base/trace.h"
#include "transport.h"
#include "base/xmalloc.h"

/* ProxyJump chains longer than this are refused (they are loops). */
#define SSHCONN_MAX_DEPTH 8

/* The global known_hosts file when ssh_config names none. */
#define SSHCONN_GLOBAL_KNOWN_HOSTS "/etc/ssh/ssh_known_hosts"

/* Most bytes written to a channel at once. */
#define SSHCONN_WRITE_CHUNK 32768u

struct sshconn {
	struct transport_conn base; /* first: a sshconn is a conn */
	ssh_session session;
	struct jump_tunnel *tunnel; /* when reached through a jump host */
	int tunnel_fd;		    /* the session's end of the tunnel; libssh
				       does not close a socket it was given */
	struct sshconn *via;	    /* that jump host's connection */
	char *label;		    /* "user@host:port", for messages */
	char *global_known_hosts;   /* ssh_config's GlobalKnownHostsFile,
				       before --known-hosts took its place */
};

/* Refuses every passphrase prompt: a run never asks for one. */
static int sshconn_no_prompt(const char *prompt, char *buf, size_t len,
			     int echo, int verify, void *userdata)
{
	return -1;
}

static struct ssh_callbacks_struct sshconn_callbacks = {
	.size = sizeof(struct ssh_callbacks_struct),
	.auth_function = sshconn_no_prompt,
};

/* Passes a libssh log line to the trace. */
static void sshconn_log(int priority, const char *function, const char *message,
			void *userdata)
{
	trace(NULL, "libssh: %s", message);
}

/* Bounds the session's next blocking calls by a deadline. */
static void sshconn_set_timeout(ssh_session session, uint64_t deadline)
{
	int left = monotime_left(deadline);
	long sec, usec;

	if (left < 0)
		left = CREST_CONNECT_TIMEOUT_MS;
	if (left == 0)
		left = 1; /* 0 would mean "no timeout" to libssh */
	sec = left / 1000;
	usec = (long)(left % 1000) * 1000;
	ssh_options_set(session, SSH_OPTIONS_TIMEOUT, &sec);
	ssh_options_set(session, SSH_OPTIONS_TIMEOUT_USEC, &usec);
}

/* Returns a string option of the session (caller frees), or NULL. */
static char *sshconn_get(ssh_session session, enum ssh_options_e what)
{
	char *v = NULL, *copy;

	if (ssh_options_get(session, what, &v) != SSH_OK)
		return NULL;
	copy = xstrdup(v);
	ssh_string_free_char(v);
	return copy;
}

/* Applies ssh_config and crest's options to a new session.  Sets
 * *proxy_out to the ProxyCommand and *global_out to the
 * GlobalKnownHostsFile ssh_config asked for, or NULL (caller frees).
 * Returns 0, or -1 with err. */
static int sshconn_configure(ssh_session session,
			     const struct transport_target *target,
			     const struct transport_options *opts,
			     unsigned port, const char *user, char **proxy_out,
			     char **global_out, struct error *err)
{
	const char *address = target->address ? target->address : target->name;
	char *user_set;
	int strict = 1, off = 0;
	int verbosity = trace_enabled() ? SSH_LOG_WARN : SSH_LOG_NOLOG;
	size_t i;

	ssh_set_callbacks(session, &sshconn_callbacks);
	if (ssh_options_set(session, SSH_OPTIONS_HOST, address) < 0)
		return error_set(err, ERROR_INVALID, "bad host address '%s'",
				 address);
	/* A user from the inventory wins over ssh_config's User: libssh
	 * keeps a user that was set before the config is read. */
	if (user && ssh_options_set(session, SSH_OPTIONS_USER, user) < 0)
		return error_set(err, ERROR_INVALID, "bad user '%s'", user);
	if (ssh_options_parse_config(session, opts->ssh_config) < 0)
		return error_set(
			err, ERROR_INVALID, "cannot read ssh_config %s: %s",
			opts->ssh_config ? opts->ssh_config : "~/.ssh/config",
			ssh_get_error(session));
	/* No User anywhere: the local user, as OpenSSH (NULL asks libssh
	 * for it now, so that messages can name it). */
	user_set = sshconn_get(session, SSH_OPTIONS_USER);
	if (user_set == NULL)
		ssh_options_set(session, SSH_OPTIONS_USER, NULL);
	free(user_set);
	/* ...while Port from ssh_config would win over one set before. */
	if (port && ssh_options_set(session, SSH_OPTIONS_PORT, &port) < 0)
		return error_set(err, ERROR_INVALID, "bad port %u", port);
	/* libssh writes its log to stderr, where it would mix with crest's
	 * output: it goes to the trace (and nowhere without CREST_TRACE),
	 * whatever ssh_config's LogLevel says.  Both settings are per
	 * thread in libssh, hence here. */
	ssh_set_log_callback(sshconn_log);
	ssh_options_set(session, SSH_OPTIONS_LOG_VERBOSITY, &verbosity);
	/* Host keys are always checked strictly; see hostkey.h. */
	ssh_options_set(session, SSH_OPTIONS_STRICTHOSTKEYCHECK, &strict);
	ssh_options_set(session, SSH_OPTIONS_PASSWORD_AUTH, &off);
	ssh_options_set(session, SSH_OPTIONS_KBDINT_AUTH, &off);
	ssh_options_set(session, SSH_OPTIONS_GSSAPI_AUTH, &off);
	/* Commands are small request/response exchanges: without this,
	 * Nagle's algorithm and delayed ACKs add 40 ms to many of them. */
	ssh_options_set(session, SSH_OPTIONS_NODELAY, &strict);
	/* libssh orders the key exchange's host key types by what its two
	 * known_hosts files (user, global) hold for the host: make them the
	 * user's and --known-hosts FILE, the two that matter most.  The
	 * global one is still checked (sshconn_policy()). */
	*global_out = sshconn_get(session, SSH_OPTIONS_GLOBAL_KNOWNHOSTS);
	if (opts->known_hosts)
		ssh_options_set(session, SSH_OPTIONS_GLOBAL_KNOWNHOSTS,
				opts->known_hosts);
	/* SSH_OPTIONS_IDENTITY puts a key first: add them last to first. */
	for (i = opts->n_keys; i > 0; i--)
		if (ssh_options_set(session, SSH_OPTIONS_IDENTITY,
				    opts->keys[i - 1]) < 0)
			return error_set(err, ERROR_INVALID, "bad key file %s",
					 opts->keys[i - 1]);
	*proxy_out = sshconn_get(session, SSH_OPTIONS_PROXYCOMMAND);
	return 0;
}

/* Builds "user@host port N" for messages. */
static char *sshconn_label(ssh_session session)
{
	char *host = sshconn_get(session, SSH_OPTIONS_HOST);
	char *user = sshconn_get(session, SSH_OPTIONS_USER);
	unsigned int port = 22;
	char *label;

	ssh_options_get_port(session, &port);
	label = xasprintf("%s%s%s port %u", user ? user : "", user ? "@" : "",
			  host ? host : "?", port);
	free(host);
	free(user);
	return label;
}

/* Says whether the session's socket got as far as a TCP connection. */
static int sshconn_tcp_connected(ssh_session session)
{
	struct sockaddr_storage sa;
	socklen_t len = sizeof(sa);
	socket_t fd = ssh_get_fd(session);

	return fd != SSH_INVALID_SOCKET &&
	       getpeername(fd, (struct sockaddr *)&sa, &len) == 0;
}

/* Runs the handshake; every failure here means the host is unreachable. */
static int sshconn_handshake(struct sshconn *c, uint64_t deadline,
			     struct error *err)
{
	sshconn_set_timeout(c->session, deadline);
	if (ssh_connect(c->session) == SSH_OK)
		return 0;
	if (deadline && monotime_left(deadline) == 0) {
		if (ssh_get_serverbanner(c->session) != NULL)
			return error_set(err, ERROR_UNREACHABLE,
					 "%s: timed out in the SSH handshake",
					 c->label);
		if (c->tunnel || sshconn_tcp_connected(c->session))
			return error_set(err, ERROR_UNREACHABLE,
					 "%s: timed out waiting for the SSH "
					 "banner (the host accepts TCP "
					 "connections but does not answer)",
					 c->label);
		return error_set(err, ERROR_UNREACHABLE,
				 "%s: timed out connecting", c->label);
	}
	return error_set(err, ERROR_UNREACHABLE, "%s: %s", c->label,
			 ssh_get_error(c->session));
}

/* Authenticates with public keys only, never asking anything. */
static int sshconn_auth(struct sshconn *c, const struct transport_options *opts,
			uint64_t deadline, struct error *err)
{
	struct buf tried = BUF_INIT;
	int rc, methods;
	size_t i;

	sshconn_set_timeout(c->session, deadline);
	rc = ssh_userauth_publickey_auto(c->session, NULL, NULL);
	if (rc == SSH_AUTH_SUCCESS)
		return 0;
	if (rc == SSH_AUTH_ERROR) {
		if (deadline && monotime_left(deadline) == 0)
			return error_set(err, ERROR_UNREACHABLE,
					 "%s: timed out authenticating",
					 c->label);
		return error_set(err, ERROR_UNREACHABLE,
				 "%s: authentication broke off: %s", c->label,
				 ssh_get_error(c->session));
	}
	if (rc == SSH_AUTH_PARTIAL)
		return error_set(err, ERROR_AUTH,
				 "%s: the host accepted the key but wants a "
				 "second factor, which crest cannot give",
				 c->label);
	if (getenv("SSH_AUTH_SOCK"))
		buf_adds(&tried, "the ssh-agent's keys, ");
	for (i = 0; i < opts->n_keys; i++)
		buf_addf(&tried, "%s, ", opts->keys[i]);
	buf_adds(&tried, "ssh_config's IdentityFile and ~/.ssh/id_*");
	methods = ssh_userauth_list(c->session, NULL);
	if (!(methods & SSH_AUTH_METHOD_PUBLICKEY))
		error_set(err, ERROR_AUTH,
			  "%s: the host does not accept public keys, and crest "
			  "never uses passwords",
			  c->label);
	else
		error_set(err, ERROR_AUTH,
			  "%s: no key was accepted (tried %s; keys with a "
			  "passphrase count only when loaded in ssh-agent); "
			  "give --key FILE or IdentityFile in ssh_config",
			  c->label, tried.data);
	buf_release(&tried);
	return -1;
}

/* Expands a leading "~/" to the user's home (from the password database,
 * as libssh and OpenSSH do).  Returns a new string. */
static char *sshconn_expand_home(const char *path)
{
	struct passwd pwbuf, *pw = NULL;
	char buf[4096];

	if (strncmp(path, "~/", 2) != 0)
		return xstrdup(path);
	/* The _r form: connections open on several threads at once. */
	if (getpwuid_r(getuid(), &pwbuf, buf, sizeof(buf), &pw) != 0)
		pw = NULL;
	return xasprintf("%s/%s", pw ? pw->pw_dir : "", path + 2);
}

/* Fills the host key policy from the session and the options; the
 * strings are the caller's to free. */
static void sshconn_policy(struct sshconn *c,
			   const struct transport_options *opts,
			   struct hostkey_policy *policy)
{
	/* After ssh_connect() libssh has expanded its paths ("~", "%d"). */
	policy->user_file = sshconn_get(c->session, SSH_OPTIONS_KNOWNHOSTS);
	policy->extra_file = opts->known_hosts;
	if (!opts->known_hosts)
		policy->global_file =
			sshconn_get(c->session, SSH_OPTIONS_GLOBAL_KNOWNHOSTS);
	else if (c->global_known_hosts)
		policy->global_file =
			sshconn_expand_home(c->global_known_hosts);
	else
		policy->global_file = xstrdup(SSHCONN_GLOBAL_KNOWN_HOSTS);
	policy->accept_new = opts->accept_new;
}

/* Connections and their jump hosts are opened and freed recursively. */
static void sshconn_free(struct sshconn *c);
static int sshconn_open(const struct transport_target *target,
			const struct transport_options *opts, uint64_t deadline,
			struct sshconn *via, int depth, struct sshconn **out,
			struct error *err);

/* Connects the hops of a ProxyJump one through the other; the last one is
 * returned in *out. */
static int sshconn_open_hops(const struct jump_list *hops,
			     const struct transport_options *opts,
			     uint64_t deadline, int depth, struct sshconn **out,
			     struct error *err)
{
	struct sshconn *prev = NULL, *next = NULL;
	struct transport_target hop_target;
	size_t i;

	for (i = 0; i < hops->n; i++) {
		memset(&hop_target, 0, sizeof(hop_target));
		hop_target.name = hops->hops[i].host;
		hop_target.user = hops->hops[i].user;
		hop_target.port = hops->hops[i].port;
		/* The first hop may have a ProxyJump of its own; the next
		 * ones are reached through the one before. */
		if (sshconn_open(&hop_target, opts, deadline, prev, depth + 1,
				 &next, err) < 0) {
			error_prefix(err, "jump host %s", hops->hops[i].host);
			return -1;
		}
		prev = next;
	}
	*out = prev;
	return 0;
}

/* Opens one connection, through via when given (via is then owned by the
 * new connection, and freed with it even when opening fails). */
static int sshconn_open(const struct transport_target *target,
			const struct transport_options *opts, uint64_t deadline,
			struct sshconn *via, int depth, struct sshconn **out,
			struct error *err)
{
	struct sshconn *c = xcalloc(1, sizeof(*c));
	struct jump_list hops = JUMP_LIST_INIT;
	struct hostkey_policy policy = {NULL, NULL, NULL, 0};
	char *proxy = NULL, *host = NULL;
	unsigned int port = 22;
	int fd = -1, rc = -1, none_set = 0;

	c->via = via;
	c->tunnel_fd = -1;
	c->session = ssh_new();
	if (c->session == NULL) {
		error_set(err, ERROR_SYSTEM, "cannot create an SSH session");
		goto out;
	}
	if (depth > SSHCONN_MAX_DEPTH) {
		error_set(err, ERROR_INVALID,
			  "ProxyJump nests deeper than %d hosts (a loop?)",
			  SSHCONN_MAX_DEPTH);
		goto out;
	}
	if (sshconn_configure(c->session, target, opts, target->port,
			      target->user, &proxy, &c->global_known_hosts,
			      err) < 0)
		goto out;
	if (proxy && via == NULL) {
		rc = jump_parse(proxy, &hops, err);
		if (rc < 0)
			goto out;
		rc = -1;
		if (hops.n > 0) {
			none_set = 1;
			if (sshconn_open_hops(&hops, opts, deadline, depth,
					      &c->via, err) < 0)
				goto out;
		}
	} else if (proxy) {
		/* A hop reached through another ignores its own proxy. */
		none_set = 1;
	}
	if (none_set)
		ssh_options_set(c->session, SSH_OPTIONS_PROXYCOMMAND, "none");
	c->label = sshconn_label(c->session);
	if (c->via) {
		host = sshconn_get(c->session, SSH_OPTIONS_HOST);
		ssh_options_get_port(c->session, &port);
		sshconn_set_timeout(c->via->session, deadline);
		if (jump_tunnel_open(c->via->session, host, port, &c->tunnel,
				     &c->tunnel_fd, err) < 0) {
			error_prefix(err, "%s", c->label);
			goto out;
		}
		fd = c->tunnel_fd;
		if (ssh_options_set(c->session, SSH_OPTIONS_FD, &fd) < 0) {
			error_set(err, ERROR_SYSTEM, "cannot use the tunnel");
			goto out;
		}
	}
	if (sshconn_handshake(c, deadline, err) < 0)
		goto out;
	trace(target->name, "ssh: %s: handshake done%s", c->label,
	      c->via ? " (through a jump host)" : "");
	sshconn_policy(c, opts, &policy);
	if (hostkey_check(c->session, &policy, err) < 0) {
		error_prefix(err, "%s", c->label);
		goto out;
	}
	if (sshconn_auth(c, opts, deadline, err) < 0)
		goto out;
	trace(target->name, "ssh: %s: logged in", c->label);
	*out = c;
	c = NULL;
	rc = 0;
out:
	free((char *)policy.global_file);
	free((char *)policy.user_file);
	jump_list_release(&hops);
	free(proxy);
	free(host);
	sshconn_free(c);
	return rc;
}

/* Disconnects and frees a connection and the jump hosts behind it. */
static void sshconn_free(struct sshconn *c)
{
	if (c == NULL)
		return;
	if (c->session) {
		ssh_disconnect(c->session);
		ssh_free(c->session);
	}
	/* Closing the session's end of a tunnel is what ends its thread. */
	if (c->tunnel_fd >= 0)
		close(c->tunnel_fd);
	jump_tunnel_close(c->tunnel);
	sshconn_free(c->via);
	free(c->label);
	free(c->global_known_hosts);
	free(c);
}

/* The transport's connect: a connection to target. */
static int sshconn_connect(const struct transport_target *target,
			   const struct transport_options *opts,
			   uint64_t deadline, struct transport_conn **out,
			   struct error *err)
{
	struct sshconn *c = NULL;

	if (sshconn_open(target, opts, deadline, NULL, 0, &c, err) < 0)
		return -1;
	*out = &c->base;
	return 0;
}

/* What the channel callbacks of one command fill in. */
struct sshconn_run {
	struct transport_result *res;
	int closed; /* the host closed the channel */
};

/* Output of the command, either stream, into its tail. */
static int sshconn_on_data(ssh_session session, ssh_channel channel, void *data,
			   uint32_t len, int is_stderr, void *userdata)
{
	struct sshconn_run *run = userdata;

	tail_add(is_stderr ? &run->res->err : &run->res->out, data, len);
	return (int)len;
}

/* The command's exit status. */
static void sshconn_on_exit_status(ssh_session session, ssh_channel channel,
				   int status, void *userdata)
{
	struct sshconn_run *run = userdata;

	run->res->exit_status = status;
}

/* The signal the command died of. */
static void sshconn_on_exit_signal(ssh_session session, ssh_channel channel,
				   const char *signal, int core,
				   const char *errmsg, const char *lang,
				   void *userdata)
{
	struct sshconn_run *run = userdata;

	free(run->res->exit_signal);
	run->res->exit_signal = xstrdup(signal);
}

/* The host closed the channel: the command is over. */
static void sshconn_on_close(ssh_session session, ssh_channel channel,
			     void *userdata)
{
	struct sshconn_run *run = userdata;

	run->closed = 1;
}

/* Sets err for a failure of the session during a command. */
static int sshconn_lost(struct sshconn *c, uint64_t deadline, struct error *err)
{
	if (deadline && monotime_left(deadline) == 0)
		return error_set(err, ERROR_TIMEOUT, "timed out");
	return error_set(err, ERROR_UNREACHABLE, "%s: connection lost: %s",
			 c->label, ssh_get_error(c->session));
}

/* Feeds the channel what it can take of the remaining input. */
static int sshconn_feed(ssh_channel channel, const char *input, size_t len,
			size_t *sent)
{
	uint32_t window = ssh_channel_window_size(channel);
	size_t n = len - *sent;
	int rc;

	if (n > window)
		n = window;
	if (n > SSHCONN_WRITE_CHUNK)
		n = SSHCONN_WRITE_CHUNK;
	if (n == 0)
		return 0;
	rc = ssh_channel_write(channel, input + *sent, (uint32_t)n);
	if (rc < 0)
		return -1;
	*sent += (size_t)rc;
	return 0;
}

/* Runs one command on a new channel of the connection. */
static int sshconn_exec(struct transport_conn *base, const char *line,
			const void *input, size_t input_len, uint64_t deadline,
			struct transport_result *res, struct error *err)
{
	struct sshconn *c = (struct sshconn *)base;
	struct ssh_channel_callbacks_struct cb;
	struct sshconn_run run = {res, 0};
	unsigned connect_ms = c->base.opts->connect_timeout_ms
				      ? c->base.opts->connect_timeout_ms
				      : CREST_CONNECT_TIMEOUT_MS;
	ssh_channel channel = NULL;
	ssh_event event = NULL;
	size_t sent = 0;
	int eof_sent = 0, rc = -1, left;

	/* Opening the channel and sending the command are answered at once
	 * by a live host: bound them like a connect. */
	sshconn_set_timeout(
		c->session,
		monotime_earliest(deadline, monotime_deadline(connect_ms)));
	channel = ssh_channel_new(c->session);
	if (channel == NULL) {
		sshconn_lost(c, deadline, err);
		goto out;
	}
	memset(&cb, 0, sizeof(cb));
	ssh_callbacks_init(&cb);
	cb.userdata = &run;
	cb.channel_data_function = sshconn_on_data;
	cb.channel_exit_status_function = sshconn_on_exit_status;
	cb.channel_exit_signal_function = sshconn_on_exit_signal;
	cb.channel_close_function = sshconn_on_close;
	ssh_set_channel_callbacks(channel, &cb);
	if (ssh_channel_open_session(channel) != SSH_OK ||
	    ssh_channel_request_exec(channel, line) != SSH_OK) {
		sshconn_lost(c, deadline, err);
		goto out;
	}
	event = ssh_event_new();
	if (event == NULL ||
	    ssh_event_add_session(event, c->session) != SSH_OK) {
		error_set(err, ERROR_SYSTEM, "cannot poll the SSH session");
		goto out;
	}
	while (!run.closed) {
		if (sent < input_len &&
		    sshconn_feed(channel, input, input_len, &sent) < 0) {
			sshconn_lost(c, deadline, err);
			goto out;
		}
		if (sent == input_len && !eof_sent) {
			ssh_channel_send_eof(channel);
			eof_sent = 1;
		}
		left = monotime_left(deadline);
		if (left == 0) {
			/* Ask the host to stop the command (OpenSSH honours
			 * "signal" requests); closing the channel follows. */
			ssh_channel_request_send_signal(channel, "TERM");
			error_set(err, ERROR_TIMEOUT, "timed out");
			goto out;
		}
		if (left < 0 || left > 1000)
			left = 1000;
		if (ssh_event_dopoll(event, left) == SSH_ERROR ||
		    !ssh_is_connected(c->session)) {
			if (run.closed)
				break;
			sshconn_lost(c, deadline, err);
			goto out;
		}
	}
	rc = 0;
out:
	if (event) {
		ssh_event_remove_session(event, c->session);
		ssh_event_free(event);
	}
	if (channel) {
		/* The host may still answer on this channel later (a close
		 * after a timeout): nothing must call back into run. */
		ssh_remove_channel_callbacks(channel, &cb);
		if (ssh_is_connected(c->session) &&
		    ssh_channel_is_open(channel)) {
			sshconn_set_timeout(c->session,
					    monotime_deadline(1000));
			ssh_channel_close(channel);
		}
		ssh_channel_free(channel);
	}
	return rc;
}

/* The transport's close. */
static void sshconn_close(struct transport_conn *base)
{
	sshconn_free((struct sshconn *)base);
}

const struct transport transport_ssh = {
	.name = "ssh",
	.stops_at_deadline = 0,
	.connect = sshconn_connect,
	.exec = sshconn_exec,
	.put = transport_put_sh,
	.close = sshconn_close,
};
