/*
 * jump.h - reaching a host through jump hosts (ssh_config's ProxyJump).
 *
 * libssh 0.10 has no ProxyJump of its own: its ssh_config reader turns
 * "ProxyJump a,b" into the ProxyCommand "ssh -J b -W '[%h]:%p' a", which
 * starts OpenSSH's client for every host; that client knows nothing of
 * -F, --known-hosts, --key or --accept-new, may prompt, and visits the hops
 * in the wrong order.  So crest reads the hops back out of that string
 * (jump_parse), connects to each hop itself, with the same host key and
 * authentication policy as any host, and carries the target's SSH session
 * through a direct-tcpip channel of the last hop (jump_tunnel): a thread
 * copies bytes between the channel and one end of a socketpair, and the
 * target's libssh session is given the other end (SSH_OPTIONS_FD).
 */
#ifndef CREST_JUMP_H
#define CREST_JUMP_H

#include <stddef.h>

#include <libssh/libssh.h>

#include "base/error.h"

/* One jump host, as [user@]host[:port]. */
struct jump_hop {
	char *user; /* NULL: ssh_config's, else the local user */
	char *host;
	unsigned port; /* 0: ssh_config's, else 22 */
};

/* The hops in the order they are visited. */
struct jump_list {
	struct jump_hop *hops;
	size_t n;
};

#define JUMP_LIST_INIT                                                         \
	{                                                                      \
		NULL, 0                                                        \
	}

/* Parses a ProxyCommand as libssh 0.10's ssh_config reader writes it for
 * ProxyJump.  Returns 1 with out filled (the caller releases it) when it
 * is one, 0 when it is some other ProxyCommand (left to libssh), -1 with
 * an ERROR_INVALID err when a hop cannot be parsed. */
int jump_parse(const char *proxy_command, struct jump_list *out,
	       struct error *err);

/* Parses one hop, [user@]host[:port] or [user@][v6addr]:port.  Returns 0,
 * or -1 with an ERROR_INVALID err. */
int jump_parse_hop(const char *spec, struct jump_hop *out, struct error *err);

/* Frees the hops; list is JUMP_LIST_INIT afterwards. */
void jump_list_release(struct jump_list *list);

struct jump_tunnel;

/* Asks the connected, authenticated session via for a channel to
 * host:port (as the jump host resolves it) and starts the thread that
 * carries it.  Returns 0 with *out and *fd set, or -1 with an
 * ERROR_UNREACHABLE err.  *fd is the socket for the target's session; the
 * session closes it.  From here until jump_tunnel_close() only the tunnel's
 * thread uses via. */
int jump_tunnel_open(ssh_session via, const char *host, unsigned port,
		     struct jump_tunnel **out, int *fd, struct error *err);

/* Ends the tunnel: waits for its thread (which stops once the target's
 * session has closed its socket) and frees the channel.  Accepts NULL.
 * via may be used (and closed) by the caller afterwards. */
void jump_tunnel_close(struct jump_tunnel *tunnel);

#endif
