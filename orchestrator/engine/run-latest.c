/*
 * run-latest.c - finding the newest run of a playbook; see run-latest.h.
 */
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/xmalloc.h"
#include "run-latest.h"
#include "run-state.h"
#include "state.h"

/* Walks the journals from the newest back. */
int run_latest(const char *state_dir, const char *playbook, char **id,
	       char **status)
{
	struct error err = ERROR_INIT;
	char **ids = NULL;
	size_t i, n = 0;
	int found = 0;

	if (state_list_runs(state_dir, &ids, &n, &err) < 0)
		n = 0;
	for (i = n; i-- > 0 && !found;) {
		char *path = state_run_path(state_dir, ids[i]);
		struct run_state *rs = NULL;
		const char *pb;

		if (run_state_load(path, &rs, &err) == 0 &&
		    (pb = run_state_header(rs, "playbook")) &&
		    strcmp(pb, playbook) == 0) {
			*id = xstrdup(ids[i]);
			*status = rs->status ? xstrdup(rs->status) : NULL;
			found = 1;
		}
		error_release(&err);
		run_state_free(rs);
		free(path);
	}
	error_release(&err);
	for (i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	return found;
}
