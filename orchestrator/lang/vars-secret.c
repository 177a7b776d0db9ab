/*
 * vars-secret.c - secret variables: resolving the {secret: VALUE} and
 * {secret_file: PATH} forms when a layer is merged, telling whether a
 * name touches a secret, and masking secret values in free text; see
 * vars.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vars-ref.h"
#include "vars-store.h"
#include "base/array.h"
#include "base/xmalloc.h"

/* Largest secret file read. */
#define VARS_MAX_SECRET_FILE (1024 * 1024)

/* Appends a string to a list. */
static void push_string(char ***list, size_t *n, char *s)
{
	*list = array_grow(*list, *n, sizeof(**list));
	(*list)[(*n)++] = s;
}

/* Records a secret value at path. */
static void add_secret(struct vars *v, const char *path, const json_t *value)
{
	struct buf b = BUF_INIT;

	push_string(&v->secret_paths, &v->n_secret_paths, xstrdup(path));
	vars_render(value, &b);
	if (b.len > 0)
		push_string(&v->secret_texts, &v->n_secret_texts,
			    buf_detach(&b, NULL));
	buf_release(&b);
}

/* Reads a secret file, dropping one trailing newline. */
static json_t *read_secret_file(const char *path, const char *base_dir,
				struct error *err)
{
	char *full = path[0] == '/' || base_dir == NULL
			     ? xstrdup(path)
			     : xasprintf("%s/%s", base_dir, path);
	struct buf b = BUF_INIT;
	char chunk[4096];
	json_t *out = NULL;
	FILE *fp;
	size_t n;

	fp = fopen(full, "rb");
	if (fp == NULL) {
		error_set(err, ERROR_INVALID, "secret_file %s: %s", full,
			  strerror(errno));
		goto out;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		buf_add(&b, chunk, n);
		if (b.len > VARS_MAX_SECRET_FILE) {
			error_set(err, ERROR_INVALID,
				  "secret_file %s is larger than %d bytes",
				  full, VARS_MAX_SECRET_FILE);
			goto out;
		}
	}
	if (b.len && b.data[b.len - 1] == '\n')
		buf_truncate(&b, b.len - 1);
	if (b.len && b.data[b.len - 1] == '\r')
		buf_truncate(&b, b.len - 1);
	out = json_stringn(b.data, b.len);
	if (out == NULL)
		error_set(err, ERROR_INVALID,
			  "secret_file %s is not UTF-8 text", full);
out:
	if (fp)
		fclose(fp);
	buf_release(&b);
	free(full);
	return out;
}

/* Returns value with secret forms replaced by their values (a new
 * reference), recording each secret under its path. */
json_t *vars_resolve(struct vars *v, const json_t *value, const char *path,
		     const char *base_dir, struct error *err)
{
	json_t *out, *item, *secret;
	const char *key;
	char *sub;
	size_t i;

	if (json_is_object(value) && json_object_size(value) == 1) {
		if ((secret = json_object_get(value, "secret")) != NULL) {
			add_secret(v, path, secret);
			return json_deep_copy(secret);
		}
		secret = json_object_get(value, "secret_file");
		if (secret && json_is_string(secret)) {
			out = read_secret_file(json_string_value(secret),
					       base_dir, err);
			if (out)
				add_secret(v, path, out);
			return out;
		}
	}
	if (json_is_object(value)) {
		out = json_object();
		json_object_foreach((json_t *)value, key, item)
		{
			sub = xasprintf("%s.%s", path, key);
			secret = vars_resolve(v, item, sub, base_dir, err);
			free(sub);
			if (secret == NULL) {
				json_decref(out);
				return NULL;
			}
			json_object_set_new(out, key, secret);
		}
		return out;
	}
	if (json_is_array(value)) {
		out = json_array();
		json_array_foreach(value, i, item)
		{
			sub = xasprintf("%s.%zu", path, i);
			secret = vars_resolve(v, item, sub, base_dir, err);
			free(sub);
			if (secret == NULL) {
				json_decref(out);
				return NULL;
			}
			json_array_append_new(out, secret);
		}
		return out;
	}
	return json_deep_copy(value);
}

/* Tells whether path a is path b or lies under it. */
static int path_within(const char *a, size_t na, const char *b)
{
	size_t nb = strlen(b);

	return na >= nb && strncmp(a, b, nb) == 0 && (na == nb || a[nb] == '.');
}

/* Tells whether a reference touches a secret, n bytes long; secret
 * paths are kept with dots, so the reference is written so first. */
int vars_secret_ref(const struct vars *v, const char *ref, size_t n_ref)
{
	char *name = vars_ref_dotted(ref, n_ref);
	size_t i, n = strlen(name);
	int found = 0;

	for (i = 0; i < v->n_secret_paths && !found; i++) {
		const char *s = v->secret_paths[i];

		/* The reference is the secret, lies in it, or holds it. */
		found = path_within(name, n, s) ||
			(strlen(s) > n && strncmp(s, name, n) == 0 &&
			 s[n] == '.');
	}
	free(name);
	return found;
}

/* Tells whether a name touches a secret. */
int vars_is_secret(const struct vars *v, const char *name)
{
	return vars_secret_ref(v, name, strlen(name));
}

/* Orders texts longest first, so a longer secret is masked before a
 * shorter one inside it. */
static int longest_first(const void *a, const void *b)
{
	size_t la = strlen(*(char *const *)a), lb = strlen(*(char *const *)b);

	return la < lb ? 1 : la > lb ? -1 : 0;
}

/* Masks secret values in text. */
char *vars_redact(const struct vars *v, const char *text)
{
	struct buf out = BUF_INIT;
	char **texts = xcalloc(v->n_secret_texts + 1, sizeof(*texts));
	const char *p = text;
	size_t i, best_len;

	if (v->n_secret_texts > 0) {
		memcpy(texts, v->secret_texts,
		       v->n_secret_texts * sizeof(*texts));
		qsort(texts, v->n_secret_texts, sizeof(*texts), longest_first);
	}
	while (*p) {
		best_len = 0;
		for (i = 0; i < v->n_secret_texts; i++) {
			size_t n = strlen(texts[i]);

			if (strncmp(p, texts[i], n) == 0) {
				best_len = n;
				break;
			}
		}
		if (best_len) {
			buf_adds(&out, VARS_MASK);
			p += best_len;
		} else {
			buf_addch(&out, *p++);
		}
	}
	free(texts);
	if (out.alloc == 0)
		return xstrdup("");
	return buf_detach(&out, NULL);
}

/* Lists the secret values' texts. */
char *const *vars_secret_texts(const struct vars *v, size_t *n)
{
	*n = v->n_secret_texts;
	return v->secret_texts;
}
