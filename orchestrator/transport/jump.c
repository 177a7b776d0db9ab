/*
 * jump.c - ProxyJump: the hops, and a tunnel through the last one.
 *
 * Theory of operation of a tunnel.  The target's libssh session talks to
 * one end of a socketpair as if it were the TCP connection to the host.
 * The tunnel's thread owns the jump host's session while the tunnel lives
 * and runs a small loop over a libssh event holding that session and the
 * other end of the socketpair:
 *
 *   socket readable  ->  bytes queued in `pending` (the callback only
 *                        reads; writing to the channel from inside the
 *                        event's callback would re-enter libssh)
 *   after each poll  ->  `pending` written to the channel (blocking: the
 *                        channel's window paces the target's session)
 *   channel data     ->  written to the socket straight from libssh's
 *                        channel callback
 *   socket EOF       ->  EOF sent on the channel; the tunnel ends
 *   channel EOF/close->  the socket is shut for writing, so the target's
 *                        session sees its connection end; the tunnel ends
 *
 * The thread ends on its own once either side is finished; closing the
 * target's session (which closes its end of the socketpair) is what
 * normally ends it.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <libssh/callbacks.h>

#include "base/buf.h"
#include "jump.h"
#include "base/xmalloc.h"

/* The exact -W argument libssh 0.10 writes for ProxyJump. */
#define JUMP_FORWARD_ARG "'[%h]:%p'"

/* Bytes read from the socket at a time. */
#define JUMP_CHUNK 32768

struct jump_tunnel {
	ssh_session via;
	ssh_channel channel;
	int fd; /* the tunnel's end of the socketpair */
	pthread_t thread;
	struct ssh_channel_callbacks_struct callbacks;
	struct buf pending; /* read from fd, not yet on the channel */
	int fd_eof;	    /* the target's session closed its end */
	int channel_done;   /* the channel reached EOF or was closed */
	int stop;	    /* set by jump_tunnel_close(); under lock */
	pthread_mutex_t lock;
};

/* Parses a port number 1..65535. */
static int jump_parse_port(const char *s, unsigned *port)
{
	char *end;
	unsigned long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v == 0 || v > 65535)
		return -1;
	*port = (unsigned)v;
	return 0;
}

/* Parses [user@]host[:port], [user@][v6]:port or an ssh:// URI. */
int jump_parse_hop(const char *spec, struct jump_hop *out, struct error *err)
{
	const char *s = spec, *at, *host, *rbracket, *colon;
	char *h = NULL;
	unsigned port = 0;
	int ok = 0;

	out->user = out->host = NULL;
	out->port = 0;
	if (strncmp(s, "ssh://", 6) == 0)
		s += 6;
	at = strrchr(s, '@');
	host = at ? at + 1 : s;
	if (at == s)
		goto out;
	if (*host == '[') {
		rbracket = strchr(host, ']');
		if (rbracket == NULL || rbracket == host + 1)
			goto out;
		h = xstrndup(host + 1, (size_t)(rbracket - host - 1));
		if (rbracket[1] == ':' &&
		    jump_parse_port(rbracket + 2, &port) < 0)
			goto out;
		if (rbracket[1] != ':' && rbracket[1] != '\0')
			goto out;
	} else {
		colon = strchr(host, ':');
		if (colon && strchr(colon + 1, ':') == NULL) {
			h = xstrndup(host, (size_t)(colon - host));
			if (jump_parse_port(colon + 1, &port) < 0)
				goto out;
		} else {
			/* No port, or a bare IPv6 address. */
			h = xstrdup(host);
		}
	}
	if (h[0] == '\0')
		goto out;
	out->user = at ? xstrndup(s, (size_t)(at - s)) : NULL;
	out->host = h;
	out->port = port;
	h = NULL;
	ok = 1;
out:
	free(h);
	if (!ok)
		return error_set(err, ERROR_INVALID,
				 "ProxyJump: cannot parse the jump host '%s' "
				 "(want [user@]host[:port])",
				 spec);
	return 0;
}

/* Frees one hop's strings. */
static void jump_hop_release(struct jump_hop *hop)
{
	free(hop->user);
	free(hop->host);
	hop->user = hop->host = NULL;
}

/* Frees a list of hops. */
void jump_list_release(struct jump_list *list)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		jump_hop_release(&list->hops[i]);
	free(list->hops);
	list->hops = NULL;
	list->n = 0;
}

/* Appends a hop to a list. */
static void jump_list_add(struct jump_list *list, struct jump_hop *hop)
{
	list->hops = xreallocarray(list->hops, list->n + 1, sizeof(*hop));
	list->hops[list->n++] = *hop;
}

/* Reads back "ssh [-l U] [-p P] [-J NEXT] -W '[%h]:%p' HOST", the only
 * form libssh 0.10 writes for ProxyJump; anything else is a ProxyCommand
 * of the user's own. */
int jump_parse(const char *proxy_command, struct jump_list *out,
	       struct error *err)
{
	char *copy = xstrdup(proxy_command);
	char *tok[16], *save = NULL, *p, *next_list = NULL;
	const char *user = NULL, *port = NULL, *next = NULL;
	struct jump_hop hop;
	size_t n = 0, i;
	int saw_w = 0, rc = 0;

	for (p = strtok_r(copy, " ", &save); p;
	     p = strtok_r(NULL, " ", &save)) {
		if (n == sizeof(tok) / sizeof(tok[0]))
			goto out;
		tok[n++] = p;
	}
	if (n < 4 || strcmp(tok[0], "ssh") != 0)
		goto out;
	for (i = 1; i + 1 < n; i += 2) {
		if (strcmp(tok[i], "-l") == 0 && !user)
			user = tok[i + 1];
		else if (strcmp(tok[i], "-p") == 0 && !port)
			port = tok[i + 1];
		else if (strcmp(tok[i], "-J") == 0 && !next)
			next = tok[i + 1];
		else if (strcmp(tok[i], "-W") == 0 && !saw_w &&
			 strcmp(tok[i + 1], JUMP_FORWARD_ARG) == 0)
			saw_w = 1;
		else
			goto out;
	}
	if (!saw_w || i != n - 1)
		goto out;

	rc = -1;
	memset(&hop, 0, sizeof(hop));
	if (port && jump_parse_port(port, &hop.port) < 0) {
		error_set(err, ERROR_INVALID, "ProxyJump: bad port '%s'", port);
		goto out;
	}
	hop.user = xstrdup(user);
	hop.host = xstrdup(tok[n - 1]);
	jump_list_add(out, &hop);
	if (next) {
		next_list = xstrdup(next);
		save = NULL;
		for (p = strtok_r(next_list, ",", &save); p;
		     p = strtok_r(NULL, ",", &save)) {
			if (jump_parse_hop(p, &hop, err) < 0) {
				jump_list_release(out);
				goto out;
			}
			jump_list_add(out, &hop);
		}
	}
	rc = 1;
out:
	free(next_list);
	free(copy);
	return rc;
}

/* Writes all of data to the socket, or marks the socket finished. */
static void jump_send_all(struct jump_tunnel *t, const char *data, size_t len)
{
	ssize_t n;

	while (len > 0 && !t->fd_eof) {
		n = send(t->fd, data, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			t->fd_eof = 1;
			return;
		}
		data += n;
		len -= (size_t)n;
	}
}

/* Channel data from the target goes to the target's session. */
static int jump_on_data(ssh_session session, ssh_channel channel, void *data,
			uint32_t len, int is_stderr, void *userdata)
{
	struct jump_tunnel *t = userdata;

	if (!is_stderr)
		jump_send_all(t, data, len);
	return (int)len;
}

/* The host behind the jump closed its side. */
static void jump_on_eof(ssh_session session, ssh_channel channel,
			void *userdata)
{
	struct jump_tunnel *t = userdata;

	t->channel_done = 1;
}

/* The channel was closed by the jump host. */
static void jump_on_close(ssh_session session, ssh_channel channel,
			  void *userdata)
{
	struct jump_tunnel *t = userdata;

	t->channel_done = 1;
}

/* Bytes from the target's session wait in pending for the loop. */
static int jump_on_socket(socket_t fd, int revents, void *userdata)
{
	struct jump_tunnel *t = userdata;
	char chunk[JUMP_CHUNK];
	ssize_t n;

	if (t->fd_eof)
		return 0;
	n = recv(fd, chunk, sizeof(chunk), MSG_DONTWAIT);
	if (n > 0)
		buf_add(&t->pending, chunk, (size_t)n);
	else if (n == 0 || (errno != EAGAIN && errno != EINTR))
		t->fd_eof = 1;
	return 0;
}

/* Says whether jump_tunnel_close() asked the thread to end. */
static int jump_stopping(struct jump_tunnel *t)
{
	int stop;

	pthread_mutex_lock(&t->lock);
	stop = t->stop;
	pthread_mutex_unlock(&t->lock);
	return stop;
}

/* The tunnel's thread: carries bytes both ways until one side ends. */
static void *jump_run(void *arg)
{
	struct jump_tunnel *t = arg;
	ssh_event event = ssh_event_new();
	int fd_watched = 0, rc;

	if (event == NULL || ssh_event_add_session(event, t->via) != SSH_OK)
		goto out;
	if (ssh_event_add_fd(event, t->fd, POLLIN, jump_on_socket, t) != SSH_OK)
		goto out;
	fd_watched = 1;
	while (!t->channel_done && !jump_stopping(t)) {
		if (t->pending.len > 0) {
			rc = ssh_channel_write(t->channel, t->pending.data,
					       (uint32_t)t->pending.len);
			if (rc < 0)
				break;
			buf_reset(&t->pending);
		}
		if (t->fd_eof) {
			/* The target's session is gone: nothing more will
			 * come from it. */
			ssh_channel_send_eof(t->channel);
			break;
		}
		rc = ssh_event_dopoll(event, 1000);
		if (rc == SSH_ERROR || !ssh_is_connected(t->via))
			break;
	}
out:
	/* Let the target's session see the end of its connection. */
	shutdown(t->fd, SHUT_RDWR);
	if (event) {
		if (fd_watched)
			ssh_event_remove_fd(event, t->fd);
		ssh_event_remove_session(event, t->via);
		ssh_event_free(event);
	}
	return NULL;
}

/* Frees a tunnel whose thread never started. */
static void jump_tunnel_free(struct jump_tunnel *t)
{
	if (t == NULL)
		return;
	if (t->channel)
		ssh_channel_free(t->channel);
	if (t->fd >= 0)
		close(t->fd);
	buf_release(&t->pending);
	pthread_mutex_destroy(&t->lock);
	free(t);
}

/* Opens a direct-tcpip channel and starts the thread carrying it. */
int jump_tunnel_open(ssh_session via, const char *host, unsigned port,
		     struct jump_tunnel **out, int *fd, struct error *err)
{
	struct jump_tunnel *t = xcalloc(1, sizeof(*t));
	struct buf empty = BUF_INIT;
	int pair[2] = {-1, -1};
	int rc = -1;

	t->via = via;
	t->fd = -1;
	t->pending = empty;
	pthread_mutex_init(&t->lock, NULL);
	t->channel = ssh_channel_new(via);
	if (t->channel == NULL ||
	    ssh_channel_open_forward(t->channel, host, (int)port, "127.0.0.1",
				     22) != SSH_OK) {
		error_set(err, ERROR_UNREACHABLE,
			  "the jump host cannot open a connection to %s port "
			  "%u: %s",
			  host, port, ssh_get_error(via));
		goto out;
	}
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) < 0) {
		error_set(err, ERROR_SYSTEM, "socketpair: %s", strerror(errno));
		goto out;
	}
	t->fd = pair[1];
	ssh_callbacks_init(&t->callbacks);
	t->callbacks.userdata = t;
	t->callbacks.channel_data_function = jump_on_data;
	t->callbacks.channel_eof_function = jump_on_eof;
	t->callbacks.channel_close_function = jump_on_close;
	ssh_set_channel_callbacks(t->channel, &t->callbacks);
	if (pthread_create(&t->thread, NULL, jump_run, t) != 0) {
		error_set(err, ERROR_SYSTEM,
			  "cannot start the jump host's thread");
		goto out;
	}
	*fd = pair[0];
	pair[0] = -1;
	*out = t;
	t = NULL;
	rc = 0;
out:
	if (pair[0] >= 0)
		close(pair[0]);
	jump_tunnel_free(t);
	return rc;
}

/* Waits for the tunnel's thread and frees the channel. */
void jump_tunnel_close(struct jump_tunnel *t)
{
	if (t == NULL)
		return;
	pthread_mutex_lock(&t->lock);
	t->stop = 1;
	pthread_mutex_unlock(&t->lock);
	pthread_join(t->thread, NULL);
	if (ssh_channel_is_open(t->channel))
		ssh_channel_close(t->channel);
	ssh_channel_free(t->channel);
	close(t->fd);
	buf_release(&t->pending);
	pthread_mutex_destroy(&t->lock);
	free(t);
}
