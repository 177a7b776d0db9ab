/*
 * schedule-install.h - putting a playbook's systemd units into a unit
 * directory and taking them out again: the work behind "crest schedule
 * install" and "crest schedule remove" (schedule-unit.h writes the text).
 *
 * Installing is three steps, so that the caller can open the state
 * directory between them (engine/state.h) and fail before creating
 * anything: schedule_install_resolve() makes the paths the service runs
 * with absolute, schedule_install_build() names the units and writes their
 * text, and schedule_install_write() puts each into the unit directory.
 * systemd itself is only told when it runs here and reads that directory
 * (schedule_systemd_manages()).
 *
 * Ownership: a struct schedule_install owns its strings and bufs;
 * schedule_install_release() frees them.
 */
#ifndef CREST_SCHEDULE_INSTALL_H
#define CREST_SCHEDULE_INSTALL_H

#include "base/buf.h"
#include "base/error.h"
#include "schedule-unit.h"

/* Where units go unless told otherwise: where systemd reads them. */
#define SCHEDULE_UNIT_DIR "/etc/systemd/system"

/* A playbook's two units, ready to be written. */
struct schedule_install {
	char *crest;		 /* the crest binary, absolute */
	char *inventory;	 /* -i made absolute, or NULL */
	char *state_dir;	 /* the state directory, absolute */
	struct buf service_name; /* "crest-NAME.service" */
	struct buf timer_name;	 /* "crest-NAME.timer" */
	struct buf service;	 /* the .service text */
	struct buf timer;	 /* the .timer text */
};

#define SCHEDULE_INSTALL_INIT                                                  \
	{                                                                      \
		NULL, NULL, NULL, BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT       \
	}

/* Returns the absolute form of the existing path (caller frees), or NULL
 * with an ERROR_INVALID err "WHAT PATH: reason". */
char *schedule_path_absolute(const char *path, const char *what,
			     struct error *err);

/* Finds the crest binary and makes inventory (NULL: crest.yml's) absolute.
 * Returns 0, or -1 with an ERROR_INVALID err. */
int schedule_install_resolve(struct schedule_install *inst,
			     const char *inventory, struct error *err);

/* Makes the opened state_dir absolute, points u's crest, inventory and
 * state_dir at inst's strings (u's playbook, repo, ref and window are the
 * caller's), and builds both units.  Returns 0, or -1 with an
 * ERROR_INVALID err (a path a unit cannot hold). */
int schedule_install_build(struct schedule_install *inst,
			   struct schedule_unit *u, const char *state_dir,
			   struct error *err);

/* Creates dir (0755) when it is missing and writes text to dir/name,
 * replacing it atomically.  Returns 0, or -1 with an ERROR_SYSTEM err. */
int schedule_install_write(const char *dir, const char *name,
			   const struct buf *text, struct error *err);

/* Frees what inst holds; it is SCHEDULE_INSTALL_INIT afterwards. */
void schedule_install_release(struct schedule_install *inst);

/* Deletes playbook's .timer and .service from unit_dir, disabling the
 * timer first when systemd manages unit_dir; *timer and *service are their
 * paths (caller frees, also on error).  Returns 0, or -1 with an
 * ERROR_INVALID err when neither exists, an ERROR_SYSTEM one when one
 * cannot be deleted. */
int schedule_install_remove(const char *unit_dir, const char *playbook,
			    char **timer, char **service, struct error *err);

/* Returns 1 when systemd runs on this machine. */
int schedule_systemd_running(void);

/* Returns 1 when systemd runs here and reads its units from unit_dir. */
int schedule_systemd_manages(const char *unit_dir);

/* Runs "systemctl a [b [c]]" (b, c may be NULL); returns its exit status,
 * or -1 when it could not be run to its end. */
int schedule_systemctl(const char *a, const char *b, const char *c);

#endif
