/*
 * service.h - the command lines of the service module, apart from the
 * module so that they can be unit-tested (the lab runs no systemd).
 *
 * prior is {"unit": NAME, "active": what "systemctl is-active" said,
 * "enabled": what "systemctl is-enabled" said}.
 */
#ifndef CREST_SERVICE_H
#define CREST_SERVICE_H

#include <jansson.h>

#include "base/buf.h"

/* Appends the probe line: fails with a clear message where systemd is not
 * running, else prints "active WORD" and "enabled WORD". */
void service_sh_probe(const char *unit, struct buf *out);

/* Appends the systemctl lines that bring the unit from prior to what args
 * ask, joined by "&&".  Returns how many actions it appended (0: the unit
 * already is as asked). */
int service_sh_apply(const json_t *args, const json_t *prior, struct buf *out);

/* Appends the lines that put the unit back as prior says (each action
 * only when the unit is not so already). */
void service_sh_revert(const json_t *prior, struct buf *out);

#endif
