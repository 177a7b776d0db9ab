/*
 * playbook-parse.h - what the files that read a playbook share: reading
 * a key's value by its type, refusing a key nobody knows, and reading a
 * play and its tasks.  Internal to playbook.c, playbook-key.c,
 * playbook-value.c, playbook-play.c and playbook-task.c; everyone else
 * uses playbook.h.
 *
 * Every reader takes the key (for its name in messages) and its value
 * node; it returns 0, or -1 with an ERROR_INVALID in err at the node it
 * refuses.  What a reader stores belongs to the struct it fills, freed
 * with play_release() or task_release().
 */
#ifndef CREST_PLAYBOOK_PARSE_H
#define CREST_PLAYBOOK_PARSE_H

#include <stddef.h>

#include "playbook.h"
#include "yaml-doc.h"

/* Returns the position of a node. */
struct where playbook_where(const struct ynode *node);

/* Refuses an unknown key of a what ("play", "task", "verify check") with
 * the nearest of the NULL-terminated known keys (and of the modules when
 * with_modules is set), or a word on an Ansible key crest does not have.
 * Returns -1. */
int playbook_unknown_key(const struct ynode *key, const char *what,
			 const char *const *known, int with_modules,
			 struct error *err);

/* Reads a non-empty string into *out (freeing what *out held; the caller
 * owns the copy), with a hint for unquoted numbers. */
int playbook_get_string(const struct ynode *key, const struct ynode *v,
			char **out, struct error *err);

/* Reads true or false into *out. */
int playbook_get_bool(const struct ynode *key, const struct ynode *v, int *out,
		      struct error *err);

/* Reads a duration (seconds, or 30s, 2m, 1h) into *out, in seconds. */
int playbook_get_duration(const struct ynode *key, const struct ynode *v,
			  unsigned *out, struct error *err);

/* Reads one of the NULL-terminated words; *out is its index. */
int playbook_get_choice(const struct ynode *key, const struct ynode *v,
			const char *const *words, int *out, struct error *err);

/* Tells whether the n bytes at s are a variable reference (vars-ref.h):
 * a name, then .key, .index or ["key"] parts. */
int playbook_is_reference(const char *s, size_t n);

/* Reads the list of tasks (verify unset) or verify checks (verify set)
 * under key into *out, an array of *n_out (the play owns it; it is
 * allocated even when the load then fails, with *n_out the tasks to
 * release). */
int playbook_get_tasks(const struct ynode *key, const struct ynode *v,
		       struct task **out, size_t *n_out, int verify,
		       struct error *err);

/* Reads analysis: into *out (the play owns what it holds, even when the
 * load then fails; analysis_release() frees it). */
int playbook_get_analysis(const struct ynode *key, const struct ynode *v,
			  struct play_analysis *out, struct error *err);

/* Frees what an analysis holds. */
void analysis_release(struct play_analysis *a);

/* Frees one task's contents, not the task itself. */
void task_release(struct task *task);

/* Reads one play from its node into *play (zeroed by the caller); on an
 * error *play holds what was read, for play_release(). */
int play_parse(const struct ynode *node, struct play *play, struct error *err);

/* Frees one play's contents, not the play itself. */
void play_release(struct play *play);

#endif
