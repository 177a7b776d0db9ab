/*
 * health.h - what wait_for and check share: one test of a TCP port, an
 * HTTP status or a command, run from the host, and a loop that retries it
 * in one command on the host.
 *
 * A port is tested with nc -z when the host has nc, else with bash's
 * /dev/tcp under timeout(1); an HTTP status with curl, else wget.  A host
 * with none of them fails with a message that says what it lacks.
 */
#ifndef CREST_HEALTH_H
#define CREST_HEALTH_H

#include <jansson.h>

#include "base/buf.h"

/* Appends a sh condition true when host:port accepts a TCP connection
 * within wait seconds. */
void health_sh_port(struct buf *out, const char *host, long long port,
		    unsigned wait);

/* Appends a sh condition true when url answers with status within wait
 * seconds. */
void health_sh_http(struct buf *out, const char *url, long long status,
		    unsigned wait);

/* Appends a sh condition true when the shell line exits 0. */
void health_sh_command(struct buf *out, const char *line);

/* Appends a script trying the condition up to tries times, delay seconds
 * apart: exits 0 at the first success, else prints "crest: what: not
 * after N tries" and exits 1. */
void health_sh_retry(struct buf *out, const char *cond, unsigned tries,
		     unsigned delay, const char *what);

#endif
