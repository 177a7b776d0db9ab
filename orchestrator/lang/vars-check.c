/*
 * vars-check.c - expanding a task only to see that it can be; see
 * vars-check.h.
 */
#include <stdlib.h>

#include "vars-check.h"

/* Substitutes every variable one task uses, discarding the results. */
int vars_check_task(const struct vars *v, const struct task *task,
		    struct error *err)
{
	json_t *real = NULL;
	char *text = NULL;
	int holds;

	if (vars_when(v, task->when, task->n_when, &holds, err) < 0)
		return -1;
	if (vars_expand_node(v, task->args, &real, NULL, err) < 0)
		return -1;
	json_decref(real);
	if (task->rollback) {
		if (vars_expand_text(v, task->rollback, &task->at, &text, NULL,
				     err) < 0)
			return -1;
		free(text);
	}
	return 0;
}
