/*
 * reboot.h - rebooting a host from inside another module's task, as the
 * reboot module does (driver, os_upgrade and patch reboot through it).
 */
#ifndef CREST_REBOOT_H
#define CREST_REBOOT_H

#include "base/error.h"

struct module_run;

/* Reboots the host with command (NULL: "reboot") and waits up to
 * timeout_secs for it to answer again with a new boot id, through the
 * engine's reconnect.  Returns 0, or -1 with err set. */
int reboot_host(struct module_run *run, unsigned timeout_secs,
		const char *command, struct error *err);

#endif
