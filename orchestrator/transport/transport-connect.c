/*
 * transport-connect.c - the transports crest has, and opening a connection
 * with the one a target calls for: the local transport for the controller
 * itself, SSH for every other host.
 *
 * Kept apart from transport.c, the calls every transport shares, because
 * the transports use those calls: the table of transports is above both.
 */
#include <pthread.h>
#include <signal.h>

#include <libssh/libssh.h>

#include "base/monotime.h"
#include "base/xmalloc.h"
#include "transport.h"

static pthread_once_t transport_once = PTHREAD_ONCE_INIT;

/* Initialises libssh (and its crypto) exactly once.  A host that goes
 * away in the middle of a write must never kill the controller, so
 * SIGPIPE is ignored and writes fail with EPIPE instead. */
static void transport_init_once(void)
{
	signal(SIGPIPE, SIG_IGN);
	ssh_init();
}

/* Sets up the libraries before threads start. */
void transport_global_init(void)
{
	pthread_once(&transport_once, transport_init_once);
}

/* Opens a connection with the transport the target calls for. */
int transport_connect(const struct transport_target *target,
		      const struct transport_options *opts,
		      struct transport_conn **out, struct error *err)
{
	const struct transport *t =
		target->local ? &transport_local : &transport_ssh;
	unsigned connect_ms = opts->connect_timeout_ms
				      ? opts->connect_timeout_ms
				      : CREST_CONNECT_TIMEOUT_MS;
	uint64_t host_deadline = monotime_deadline(opts->host_timeout_ms);
	uint64_t deadline =
		monotime_earliest(monotime_deadline(connect_ms), host_deadline);
	struct transport_conn *conn = NULL;

	transport_global_init();
	if (t->connect(target, opts, deadline, &conn, err) < 0)
		return -1;
	conn->transport = t;
	conn->name = xstrdup(target->name);
	conn->opts = opts;
	conn->deadline_ms = host_deadline;
	conn->become_ok_user = NULL;
	*out = conn;
	return 0;
}
