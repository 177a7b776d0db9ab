/*
 * fd-limit.h - the open-file limit against --forks.
 *
 * Every host in flight holds descriptors of its own for as long as it
 * runs: its TCP socket, and during the handshake a file libssh reads
 * (ssh_config, known_hosts, a key); through a jump host, the jump
 * session's socket and a socketpair besides.  A controller asked for more
 * parallel hosts than its open-file limit can carry would fail some of
 * them with EMFILE.  So at start crest raises RLIMIT_NOFILE's soft limit
 * to the hard limit and, where that is still too low, runs fewer hosts at
 * once and says so (the command line prints it); it never fails a host for
 * want of a descriptor.
 */
#ifndef CREST_FD_LIMIT_H
#define CREST_FD_LIMIT_H

/* Descriptors one host in flight holds at its peak: measured with
 * tests/bench (2 for a direct connection: the socket and a file read
 * during the handshake; 4 through a jump host), so the worst case. */
#define CREST_FDS_PER_HOST 4u
/* Descriptors kept for the controller itself beyond those open when it
 * checks: the journal, its directory and lock, the state directory, the
 * git repository, libcurl's sockets, the notifier's pipe, an inventory
 * script's pipes. */
#define CREST_FDS_RESERVE 32u

/* Returns how many hosts can be in flight at once (at least 1, at most
 * forks) under an open-file limit of limit with in_use descriptors open. */
unsigned fd_limit_forks(unsigned forks, unsigned long limit,
			unsigned long in_use);

/* Raises this process's RLIMIT_NOFILE soft limit as far as the hard limit
 * allows, counts the descriptors open now, and returns how many of forks
 * hosts fit (fd_limit_forks()); sets *limit to the soft limit in force. */
unsigned fd_limit_fit(unsigned forks, unsigned long *limit);

#endif
