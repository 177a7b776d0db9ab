/*
 * schedule-install.c - writing and deleting crest's units in a unit
 * directory, and the systemctl calls that go with it; see
 * schedule-install.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/atomic-file.h"
#include "base/xmalloc.h"
#include "schedule-install.h"

/* Resolves an existing path. */
char *schedule_path_absolute(const char *path, const char *what,
			     struct error *err)
{
	char *abs = realpath(path, NULL);

	if (abs == NULL)
		error_set(err, ERROR_INVALID, "%s %s: %s", what, path,
			  strerror(errno));
	return abs;
}

/* Finds the binary and the inventory. */
int schedule_install_resolve(struct schedule_install *inst,
			     const char *inventory, struct error *err)
{
	inst->crest = schedule_path_absolute("/proc/self/exe", "crest", err);
	if (inst->crest == NULL)
		return -1;
	if (inventory) {
		inst->inventory = schedule_path_absolute(inventory, "-i", err);
		if (inst->inventory == NULL)
			return -1;
	}
	return 0;
}

/* Names the units and writes their text. */
int schedule_install_build(struct schedule_install *inst,
			   struct schedule_unit *u, const char *state_dir,
			   struct error *err)
{
	inst->state_dir = schedule_path_absolute(state_dir, "--state-dir", err);
	if (inst->state_dir == NULL)
		return -1;
	u->crest = inst->crest;
	u->inventory = inst->inventory;
	u->state_dir = inst->state_dir;
	schedule_unit_name(u->playbook, &inst->service_name);
	buf_adds(&inst->timer_name, inst->service_name.data);
	buf_adds(&inst->service_name, ".service");
	buf_adds(&inst->timer_name, ".timer");
	if (schedule_unit_service(u, &inst->service, err) < 0)
		return -1;
	schedule_unit_timer(u, inst->service_name.data, &inst->timer);
	return 0;
}

/* Writes one unit through a temporary file and rename() (mode 0666 less
 * the umask, as a file the user's editor makes). */
int schedule_install_write(const char *dir, const char *name,
			   const struct buf *text, struct error *err)
{
	char *path = xasprintf("%s/%s", dir, name);
	int ret = -1;

	if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
		error_set(err, ERROR_SYSTEM, "%s: %s", dir, strerror(errno));
		goto out;
	}
	if (atomic_file_write(path, text->data, text->len, 0666, 0, err) < 0)
		goto out;
	ret = 0;
out:
	free(path);
	return ret;
}

/* Frees the paths and texts. */
void schedule_install_release(struct schedule_install *inst)
{
	struct schedule_install empty = SCHEDULE_INSTALL_INIT;

	free(inst->crest);
	free(inst->inventory);
	free(inst->state_dir);
	buf_release(&inst->service_name);
	buf_release(&inst->timer_name);
	buf_release(&inst->service);
	buf_release(&inst->timer);
	*inst = empty;
}

/* Disables and deletes a playbook's units. */
int schedule_install_remove(const char *unit_dir, const char *playbook,
			    char **timer, char **service, struct error *err)
{
	struct buf name = BUF_INIT;
	int ret = -1;

	schedule_unit_name(playbook, &name);
	*timer = xasprintf("%s/%s.timer", unit_dir, name.data);
	*service = xasprintf("%s/%s.service", unit_dir, name.data);
	if (access(*timer, F_OK) < 0 && access(*service, F_OK) < 0) {
		error_set(err, ERROR_INVALID,
			  "no timer for %s in %s (see 'crest schedule list')",
			  playbook, unit_dir);
		goto out;
	}
	if (schedule_systemd_manages(unit_dir)) {
		buf_adds(&name, ".timer");
		schedule_systemctl("disable", "--now", name.data);
	}
	if ((unlink(*timer) < 0 && errno != ENOENT) ||
	    (unlink(*service) < 0 && errno != ENOENT)) {
		error_set(err, ERROR_SYSTEM, "%s", strerror(errno));
		goto out;
	}
	ret = 0;
out:
	buf_release(&name);
	return ret;
}

/* Looks for systemd's runtime directory. */
int schedule_systemd_running(void)
{
	return access("/run/systemd/system", F_OK) == 0;
}

/* Says whether systemd would see units written to unit_dir. */
int schedule_systemd_manages(const char *unit_dir)
{
	return schedule_systemd_running() &&
	       strcmp(unit_dir, SCHEDULE_UNIT_DIR) == 0;
}

/* Runs systemctl and waits for it. */
int schedule_systemctl(const char *a, const char *b, const char *c)
{
	pid_t pid = fork();
	int status = 0;

	if (pid < 0)
		return -1;
	if (pid == 0) {
		execlp("systemctl", "systemctl", a, b, c, (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}
