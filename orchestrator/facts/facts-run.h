/*
 * facts-run.h - what the run engine is given to gather a play's facts
 * (facts: true, crest run --facts) and to load them again on resume:
 * facts_gather() and facts_store_load() behind the engine's
 * struct run_facts_ops (engine/run-session.h).
 */
#ifndef CREST_FACTS_RUN_H
#define CREST_FACTS_RUN_H

#include "engine/run-session.h"

/* The ops the CLI hands to run sessions (static, borrowed). */
extern const struct run_facts_ops facts_run_ops;

#endif
