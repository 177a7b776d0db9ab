/*
 * run-approval.c - the approval gate before a wave; see run-approval.h.
 */
#include <stdio.h>
#include <string.h>

#include "run-approval.h"
#include "base/json-get.h"

/* Tells whether wave w (0-based) waits for approval. */
int run_approval_needed(const struct play *play, size_t w)
{
	size_t i;

	if (play->pause_approval)
		return w > 0;
	for (i = 0; i < play->n_approve; i++)
		if (play->approve[i] == w + 1)
			return 1;
	return 0;
}

/* Looks for an approval event of the play's wave. */
int run_approval_given(const json_t *gates, unsigned play, unsigned wave)
{
	size_t i;

	for (i = 0; gates && i < json_array_size(gates); i++) {
		const json_t *ev = json_array_get(gates, i);
		const char *kind = json_get_str(ev, "event", NULL);

		if (kind && strcmp(kind, "approval") == 0 &&
		    json_integer_value(json_object_get(ev, "play")) ==
			    (json_int_t)play + 1 &&
		    json_integer_value(json_object_get(ev, "wave")) ==
			    (json_int_t)wave)
			return 1;
	}
	return 0;
}

/* Decides whether wave w may start: approved, then the next gate. */
int run_approval_gate(void *data, const struct run *r, size_t w)
{
	struct run_approval *ra = data;
	struct error err = ERROR_INIT;
	json_t *ev;

	if (!run_approval_needed(ra->play, w) ||
	    run_approval_given(ra->gates, ra->play_index, (unsigned)w + 1))
		return ra->next_gate ? ra->next_gate(ra->next_data, r, w) : 0;
	snprintf(ra->message, sizeof(ra->message),
		 "wave %zu/%zu (%zu host%s) waits for approval; 'crest "
		 "approve %s [--comment TEXT]' approves it and goes on, "
		 "'crest abort %s' rolls back instead",
		 w + 1, r->n_waves, r->wave_sizes[w],
		 r->wave_sizes[w] == 1 ? "" : "s", ra->run_id, ra->run_id);
	ev = json_pack("{s:s, s:I, s:I, s:s}", "event", "run_paused", "play",
		       (json_int_t)ra->play_index + 1, "wave",
		       (json_int_t)w + 1, "reason", "approval");
	journal_append(ra->journal, ev, &err);
	json_decref(ev);
	error_release(&err);
	ra->paused = 1;
	return 1;
}
