/*
 * lock.h - one run at a time over the same inventory.
 *
 * A lock is a file STATE/locks/KEY.lock held with flock(LOCK_EX) for the
 * whole run; KEY is derived from what the caller names (the inventory's
 * canonical source), so two runs over the same hosts meet at the same file.
 * The file says who holds it (run id, pid, user, host, start) so a refused
 * run can name the holder.  The kernel drops a flock when its process dies,
 * so a lock left by a killed controller is simply free: the next run takes
 * it over and says so.
 *
 * The shards of a run (--shard K/N, docs/scaling.md) hold separate hosts
 * of one inventory: each takes the inventory's lock shared
 * (lock_take_shared(): no note, so many shards at once) and its own
 * shard's key exclusive, so two shards run side by side, two runs of one
 * shard do not, and a run of every host waits for all shards (and they
 * for it).
 */
#ifndef CREST_LOCK_H
#define CREST_LOCK_H

#include "base/error.h"

struct lock;

/* Takes the lock for key (any string; hashed into the file name) in
 * state_dir on behalf of run_id.  When another live process holds it,
 * fails with ERROR_INVALID and a message naming its run, pid and start.
 * When a dead holder's note is found, *stale_run_out (if not NULL) gets its
 * run id (caller frees), else NULL.  *out is the caller's: lock_release(). */
int lock_take(const char *state_dir, const char *key, const char *run_id,
	      struct lock **out, char **stale_run_out, struct error *err);

/* Takes the lock for key shared, as lock_take() but held together with
 * other shared holders; refused (ERROR_INVALID, naming the holder) while
 * lock_take() holds it.  A dead exclusive holder's note is cleared and its
 * run id given in *stale_run_out as lock_take() does. */
int lock_take_shared(const char *state_dir, const char *key, struct lock **out,
		     char **stale_run_out, struct error *err);

/* Releases the lock and frees it; the file stays.  Accepts NULL. */
void lock_release(struct lock *l);

#endif
