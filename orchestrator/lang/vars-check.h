/*
 * vars-check.h - whether a task can be expanded with a host's variables:
 * every variable its when conditions, its module's arguments and its
 * rollback line use must be defined, and every {{ }} must be one crest
 * writes (vars.h).  "crest validate -i" checks each task and check of a
 * play this way for each of its hosts, without connecting anywhere.
 */
#ifndef CREST_VARS_CHECK_H
#define CREST_VARS_CHECK_H

#include "base/error.h"
#include "playbook.h"
#include "vars.h"

/* Expands everything of task with v, discarding the results.  Returns 0,
 * or -1 with err at the file:line:column of the first use that fails. */
int vars_check_task(const struct vars *v, const struct task *task,
		    struct error *err);

#endif
