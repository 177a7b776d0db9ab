/*
 * vars-store.h - what the files of the variable store share: the layout
 * of struct vars, lookups by a name n bytes long, secret forms and errors
 * at the place a text was written.  Internal to vars.c, vars-secret.c,
 * vars-expand.c and vars-when.c; everyone else uses vars.h.
 */
#ifndef CREST_VARS_STORE_H
#define CREST_VARS_STORE_H

#include <stddef.h>

#include <jansson.h>

#include "base/error.h"
#include "vars.h"

struct vars {
	json_t *values;
	char **secret_paths; /* dotted names of secret values */
	size_t n_secret_paths;
	char **secret_texts; /* the secret values as rendered text */
	size_t n_secret_texts;
};

/* Returns the value of a dotted name n bytes long, or NULL when undefined
 * (borrowed). */
const json_t *vars_lookup(const struct vars *v, const char *name, size_t n);

/* Returns value with secret forms replaced by their values (a new
 * reference), recording each secret under path in v; a relative
 * secret_file is taken from base_dir when it is not NULL.  Returns NULL
 * with err set when a secret file cannot be read. */
json_t *vars_resolve(struct vars *v, const json_t *value, const char *path,
		     const char *base_dir, struct error *err);

/* Returns 1 when the dotted name n bytes long is, holds or lies inside a
 * secret. */
int vars_secret_ref(const struct vars *v, const char *name, size_t n);

/* Sets err (ERROR_INVALID) to the formatted message, at the place a
 * text was written when at names a file.  Returns -1. */
int vars_error_at(const struct where *at, struct error *err, const char *fmt,
		  ...) __attribute__((format(printf, 3, 4)));

#endif
