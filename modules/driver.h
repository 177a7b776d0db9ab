/*
 * driver.h - the command lines the driver module sends to read, load and
 * unload a kernel module, kept apart so they can be unit-tested.
 *
 * Every value is quoted with quote_sh(); name is the module's name as
 * /sys/module spells it.
 */
#ifndef CREST_DRIVER_H
#define CREST_DRIVER_H

#include "base/buf.h"

/* Appends the line printing the module's state, one fact a line:
 *	loaded        (when /sys/module/NAME exists)
 *	version V     (its loaded version, /sys/module/NAME/version)
 *	refcnt N      (its users; above 0: in use)
 *	file V        (the installed file's version, modinfo -F version) */
void driver_sh_state(const char *name, struct buf *out);

/* Appends the line that loads the module (modprobe). */
void driver_sh_load(const char *name, struct buf *out);

/* Appends the line that unloads the module when it is loaded (modprobe
 * -r); it fails when the module is in use. */
void driver_sh_unload(const char *name, struct buf *out);

#endif
