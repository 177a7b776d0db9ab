/*
 * transport.h - how crest reaches a host: connect, exec, put, close.
 *
 * A transport is a table of functions (after pdsh's rcmd_ops and sqlite's
 * VFS methods).  transport_ssh is the real one: libssh, one connection per
 * host for the whole run, one channel per command on it, so a command
 * costs a round trip or two and never a new handshake.  transport_local
 * runs commands on the controller itself, for the implicit "localhost" and
 * for hosts whose inventory says ansible_connection=local.
 *
 * Theory of operation.  transport_connect() picks the transport for a
 * target, opens the connection and stamps it with the host's deadline
 * (--host-timeout); every later call is bounded by that deadline as well
 * as by its own timeout.  transport_exec() is the one entry for commands:
 * it wraps the line in "sudo -n" when the command asks for become (after
 * checking once per connection that sudo runs without a password), clamps
 * the timeout, and calls the transport's exec.  Output is kept as bounded
 * tails (tail.h).  transport_put() uploads a file through the same exec
 * path, so become, timeouts and errors behave the same for uploads.
 *
 * The functions of one connection are called from one thread at a time
 * (the executor gives each host to one worker); different connections may
 * be used from different threads at once.
 *
 * Errors land in the caller's struct error, classified by kind:
 *   ERROR_UNREACHABLE  refused, no route, name lookup, connect timeout,
 *                      connection lost
 *   ERROR_HOSTKEY      host key unknown (without --accept-new) or changed
 *   ERROR_AUTH         no key accepted; sudo wants a password
 *   ERROR_TIMEOUT      a command or the whole host ran out of time
 *   ERROR_INVALID      a request that cannot be sent (e.g. a NUL byte)
 * A command that runs and exits non-zero is not an error of the transport:
 * transport_exec() returns 0 and the exit status is in the result.
 */
#ifndef CREST_TRANSPORT_H
#define CREST_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "tail.h"

/* Defaults of the connection options (docs/ssh.md). */
#define CREST_CONNECT_TIMEOUT_MS 10000u
#define CREST_OUTPUT_LIMIT (64u * 1024u)

/* Where to connect: one host of the inventory.  Strings are borrowed for
 * the duration of transport_connect(). */
struct transport_target {
	const char *name;    /* the inventory's name, used in messages */
	const char *address; /* where to connect (ansible_host); NULL: name.
				ssh_config Host lines match this, as in
				Ansible */
	unsigned port;	     /* 0: ssh_config's Port, else 22 */
	const char *user;    /* NULL: ssh_config's User, else the local user */
	int local;	     /* 1: run on the controller (transport_local) */
};

/* Settings shared by every connection of a command.  Strings and the key
 * list are borrowed and must outlive the connections. */
struct transport_options {
	const char *ssh_config;	 /* -F FILE; NULL: ~/.ssh/config and
				    /etc/ssh/ssh_config */
	const char *known_hosts; /* --known-hosts FILE: checked besides the
				    user's known_hosts, and where
				    --accept-new records keys; or NULL */
	char *const *keys;	 /* --key FILE...: tried before the agent's
				    and ssh_config's keys */
	size_t n_keys;
	int accept_new;		     /* record host keys seen for the first
					time (never changed ones) */
	unsigned connect_timeout_ms; /* TCP, handshake and authentication;
					0: CREST_CONNECT_TIMEOUT_MS */
	unsigned command_timeout_ms; /* default for each command; 0: none */
	unsigned host_timeout_ms;    /* everything done on one host, from
					the start of its connect; 0: none */
	size_t output_limit;	     /* bytes kept of each of stdout and
					stderr per command; 0:
					CREST_OUTPUT_LIMIT */
};

#define TRANSPORT_OPTIONS_INIT                                                 \
	{                                                                      \
		NULL, NULL, NULL, 0, 0, 0, 0, 0, 0                             \
	}

/* One command to run.  Strings and input are borrowed. */
struct transport_command {
	const char *line;	 /* a POSIX sh command line; every value in
				    it went through quote_sh() */
	const void *input;	 /* bytes for the command's stdin; NULL: none
				    (stdin is at end of file at once) */
	size_t input_len;	 /* length of input */
	int become;		 /* run through "sudo -n" */
	const char *become_user; /* with become: the user; NULL: root */
	unsigned timeout_ms;	 /* 0: the options' command_timeout_ms */
};

#define TRANSPORT_COMMAND_INIT                                                 \
	{                                                                      \
		NULL, NULL, 0, 0, NULL, 0                                      \
	}

/* What a command did.  Filled by transport_exec(), also when it fails (the
 * output that arrived before a timeout is kept).  The caller owns it and
 * frees it with transport_result_release(). */
struct transport_result {
	int exit_status;      /* 0..255; -1 when there is none */
	char *exit_signal;    /* "TERM" when it died of a signal, else NULL */
	struct tail out;      /* tail of stdout */
	struct tail err;      /* tail of stderr */
	uint64_t duration_ms; /* from sending the command to its end */
};

#define TRANSPORT_RESULT_INIT                                                  \
	{                                                                      \
		-1, NULL, TAIL_INIT(0), TAIL_INIT(0), 0                        \
	}

/* A file to upload.  Strings and data are borrowed. */
struct transport_file {
	const char *path;	 /* absolute path on the host */
	const void *data;	 /* content */
	size_t len;		 /* length of data */
	unsigned mode;		 /* permission bits, e.g. 0644 */
	int become;		 /* write it through "sudo -n" */
	const char *become_user; /* with become: the user; NULL: root */
};

struct transport_conn;

/* The operations of one kind of transport.  Every slot is required. */
struct transport {
	const char *name; /* "ssh", "local" */
	/* 1 when exec itself stops a command at its deadline (local: it
	 * kills the process group); 0 when the host must be told to
	 * (transport_exec() wraps the line in timeout(1)). */
	int stops_at_deadline;
	/* Opens a connection to target, finished within deadline_ms (a
	 * monotime_ms() value).  Returns 0 and sets *out (close it with
	 * transport_close()), or -1 with err set. */
	int (*connect)(const struct transport_target *target,
		       const struct transport_options *opts,
		       uint64_t deadline_ms, struct transport_conn **out,
		       struct error *err);
	/* Runs line (already wrapped for become) with input on stdin until
	 * it ends or deadline_ms (0: none) passes; output goes into res's
	 * tails, already initialised.  Returns 0 when the command ended
	 * (whatever its exit status), -1 with err set when it could not run
	 * or did not end in time. */
	int (*exec)(struct transport_conn *conn, const char *line,
		    const void *input, size_t input_len, uint64_t deadline_ms,
		    struct transport_result *res, struct error *err);
	/* Uploads a file; transport_put_sh() does it for any transport that
	 * can exec.  Returns 0 or -1 with err set. */
	int (*put)(struct transport_conn *conn,
		   const struct transport_file *file, struct error *err);
	/* Closes the connection and frees it. */
	void (*close)(struct transport_conn *conn);
};

/* The part every transport's connection starts with (its first member).
 * transport_connect() fills it; the strings are owned by the connection. */
struct transport_conn {
	const struct transport *transport;
	/* The host's inventory name, for messages. */
	char *name;
	/* The caller's options, borrowed for the connection's life. */
	const struct transport_options *opts;
	/* When everything on the host must be over (--host-timeout); 0:
	 * never. */
	uint64_t deadline_ms;
	/* The user "sudo -n" is known to work for; NULL: not checked yet. */
	char *become_ok_user;
	/* 1 once a command found the connection gone (ERROR_UNREACHABLE):
	 * nothing more can run on it; transport_lost() says so. */
	int lost;
};

extern const struct transport transport_ssh;
extern const struct transport transport_local;

/* Sets up the libraries the transports use; call once from the main thread
 * before any other thread starts.  Idempotent. */
void transport_global_init(void);

/* Connects to target with the transport it calls for.  Returns 0 and sets
 * *out (the caller closes it with transport_close()), or -1 with err. */
int transport_connect(const struct transport_target *target,
		      const struct transport_options *opts,
		      struct transport_conn **out, struct error *err);

/* Runs one command over conn; res must be TRANSPORT_RESULT_INIT or
 * released.  Returns 0 when the command ran to its end (non-zero exit
 * status included), -1 with err set otherwise; res is filled either way and
 * the caller releases it. */
int transport_exec(struct transport_conn *conn,
		   const struct transport_command *cmd,
		   struct transport_result *res, struct error *err);

/* Uploads a file over conn (replacing the path atomically).  Returns 0 or
 * -1 with err set. */
int transport_put(struct transport_conn *conn,
		  const struct transport_file *file, struct error *err);

/* Uploads through exec: writes a temporary file next to the path with cat
 * reading stdin, sets its mode, renames it over the path. */
int transport_put_sh(struct transport_conn *conn,
		     const struct transport_file *file, struct error *err);

/* Returns 1 when a command found conn gone (the host dropped it, its
 * sshd died): the caller closes it and connects again rather than send
 * more commands down a dead session; 0 otherwise. */
int transport_lost(const struct transport_conn *conn);

/* Closes and frees a connection; accepts NULL. */
void transport_close(struct transport_conn *conn);

/* Frees what a result holds; it is TRANSPORT_RESULT_INIT afterwards. */
void transport_result_release(struct transport_result *res);

/* Returns the output limit in force for options (never 0 by default). */
size_t transport_output_limit(const struct transport_options *opts);

#endif
