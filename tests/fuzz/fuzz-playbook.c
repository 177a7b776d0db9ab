/*
 * fuzz-playbook.c - libFuzzer target for the playbook reader.
 *
 * Each input is loaded as a playbook; when it loads, every play's waves
 * are cut for a few host counts, and every task's arguments, rollback and
 * conditions go through variable substitution with the play's own vars
 * (and a few extra ones), then through the secret masking.  Every run must
 * end with 0 or a clean error: no crash, leak or sanitizer report.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lang/playbook.h"
#include "lang/vars.h"
#include "engine/wave.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Runs one task through substitution and conditions. */
static void expand_task(const struct vars *v, const struct task *task)
{
	struct error err = ERROR_INIT;
	json_t *real = NULL, *shown = NULL;
	char *r = NULL, *s = NULL, *masked;
	int holds;

	if (vars_expand_node(v, task->args, &real, &shown, &err) == 0) {
		char *text = json_dumps(real, JSON_ENCODE_ANY);

		masked = vars_redact(v, text ? text : "");
		free(masked);
		free(text);
		json_decref(real);
		json_decref(shown);
	}
	error_release(&err);
	if (task->rollback &&
	    vars_expand_text(v, task->rollback, &task->at, &r, &s, &err) == 0) {
		free(r);
		free(s);
	}
	error_release(&err);
	vars_when(v, task->when, task->n_when, &holds, &err);
	error_release(&err);
}

/* Exercises one loaded play. */
static void exercise(const struct play *play)
{
	static const size_t counts[] = {0, 1, 7, 100, 1001};
	struct error err = ERROR_INIT;
	struct vars *v = vars_new();
	char *text = json_dumps(play->vars, JSON_COMPACT);
	size_t i, n, *sizes;

	for (i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		sizes = wave_sizes(play->waves, play->n_waves, counts[i], &n);
		free(sizes);
	}
	vars_add_extra(v, "tier=web", &err);
	error_release(&err);
	vars_add_extra(v, "{db: {password: {secret: hunter2}}, n: [1, 2]}",
		       &err);
	error_release(&err);
	/* A fuzzed secret_file could name /dev/stdin and block: skip those. */
	if (text && strstr(text, "secret_file") == NULL)
		vars_merge(v, play->vars, NULL, &err);
	error_release(&err);
	for (i = 0; i < play->n_tasks; i++)
		expand_task(v, &play->tasks[i]);
	for (i = 0; i < play->n_verify; i++)
		expand_task(v, &play->verify[i]);
	free(text);
	vars_free(v);
}

/* Loads one input as a playbook. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct error err = ERROR_INIT;
	struct playbook *pb = NULL;
	size_t i;

	if (playbook_load_buffer("fuzz.yml", (const char *)data, size, &pb,
				 &err) == 0) {
		for (i = 0; i < pb->n_plays; i++)
			exercise(&pb->plays[i]);
	}
	playbook_free(pb);
	error_release(&err);
	return 0;
}
