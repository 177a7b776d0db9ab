/*
 * patch-history.h - when crest last patched each host, from the journals.
 *
 * A host was patched by a run when a task of the patch module ended ok or
 * changed on it and the run did not revert that task afterwards.
 */
#ifndef CREST_PATCH_HISTORY_H
#define CREST_PATCH_HISTORY_H

#include <jansson.h>

#include "base/error.h"

/* Reads every journal in state_dir and returns, in *last (a new JSON
 * object the caller owns), each patched host's name mapped to the time
 * of its latest successful patch task ("2026-12-07T05:23:18.718Z").  A
 * state directory without runs gives an empty object.  Returns 0, or -1
 * with err set when a journal cannot be read. */
int patch_history_last(const char *state_dir, json_t **last, struct error *err);

#endif
