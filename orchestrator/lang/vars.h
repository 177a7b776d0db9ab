/*
 * vars.h - a host's variables, {{ name }} substitution, when conditions
 * and secrets.
 *
 * A struct vars is built in layers, later layers winning key by key
 * (Ansible's "replace" merge): the host's inventory variables (already
 * merged by the inventory, which hands them over with its magic variables
 * through inventory_merge_vars()), then the play's vars, then -e
 * KEY=VALUE.  Variables know nothing of inventories: lang/ never
 * includes inventory/.
 *
 * Substitution is not a template language: "{{ name }}" and
 * "{{ name.key.0 }}" (dots into maps and lists) are replaced by the
 * variable's value; "{{ 'text' }}" writes text as is (so "{{ '{{' }}"
 * writes braces), and {% raw %}...{% endraw %} is copied untouched.
 * Anything else between braces is an error, as is a variable that is not
 * defined; both name the file:line:column where they were used.  A value
 * that itself holds "{{ }}" is expanded in turn.
 *
 * Secrets: a variable written {secret: VALUE}, or {secret_file: PATH}
 * (read when the layer is merged, one trailing newline dropped) is
 * secret.  Every substitution has two results: the real one, sent to the
 * host, and the shown one, where each secret value is "********"; only
 * the shown one may reach a terminal or the journal.  vars_redact()
 * masks secret values in any other text (command output).
 */
#ifndef CREST_VARS_H
#define CREST_VARS_H

#include <jansson.h>

#include "base/buf.h"
#include "base/error.h"
#include "playbook.h"
#include "yaml-doc.h"

#define VARS_MASK "********"

struct vars;

/* Returns an empty set of variables; free with vars_free(). */
struct vars *vars_new(void);

/* Frees vars.  Accepts NULL. */
void vars_free(struct vars *v);

/* Merges layer (a JSON object) over the variables, resolving secret
 * forms; a relative secret_file is taken from base_dir when it is not
 * NULL.  Returns 0, or -1 with err set when a secret file cannot be
 * read. */
int vars_merge(struct vars *v, const json_t *layer, const char *base_dir,
	       struct error *err);

/* Adds one -e argument: KEY=VALUE (the value a string), a JSON or YAML
 * mapping, or @FILE holding one.  Returns 0, or -1 with err set. */
int vars_add_extra(struct vars *v, const char *arg, struct error *err);

/* Returns the value of a dotted name, or NULL when undefined (borrowed). */
const json_t *vars_get(const struct vars *v, const char *name);

/* Returns the merged variables as one JSON object (borrowed), secrets
 * with their real values. */
const json_t *vars_values(const struct vars *v);

/* Returns 1 when name is, or holds, or lies inside, a secret. */
int vars_is_secret(const struct vars *v, const char *name);

/* Substitutes variables in text: *real gets the text for the host,
 * *shown (when shown is not NULL) the text with secrets masked; both new
 * strings the caller frees.  at is where text was written, for errors.
 * Returns 0, or -1 with err set (ERROR_INVALID at at). */
int vars_expand_text(const struct vars *v, const char *text,
		     const struct where *at, char **real, char **shown,
		     struct error *err);

/* Substitutes variables in every string of a playbook node (task
 * arguments), giving new JSON values (*shown may be NULL to skip it).  A
 * string that is exactly one "{{ name }}" of a list or a mapping takes
 * that value with its type; scalars are written as text.  Returns 0, or -1 with err at the string's position. */
int vars_expand_node(const struct vars *v, const struct ynode *node,
		     json_t **real, json_t **shown, struct error *err);

/* Evaluates a task's when conditions (all must hold) into *holds.
 * Strings count as booleans only when they spell one (true/yes/on/1,
 * false/no/off/0, empty).  Returns 0, or -1 with err set for an
 * undefined variable or a value that is no boolean. */
int vars_when(const struct vars *v, const struct condition *conds, size_t n,
	      int *holds, struct error *err);

/* Returns the secret values as rendered text, n of them (borrowed; valid
 * until vars changes or is freed), so other layers (the journal) can mask
 * them as well. */
char *const *vars_secret_texts(const struct vars *v, size_t *n);

/* Returns a copy of text with every secret value replaced by the mask;
 * caller frees. */
char *vars_redact(const struct vars *v, const char *text);

/* Appends a JSON value as substitution writes it: strings as they are,
 * numbers in decimal, true/false, null as nothing, lists and mappings as
 * compact JSON. */
void vars_render(const json_t *value, struct buf *out);

/* Returns 1 when s, n bytes long, is a variable name: a letter or _,
 * then letters, digits and _ (also the form of an environment
 * variable's name). */
int vars_is_identifier(const char *s, size_t n);

#endif
