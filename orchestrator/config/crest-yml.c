/*
 * crest-yml.c - reading crest.yml and handing its keys to the parts that
 * read them; see crest-yml.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crest-yml.h"
#include "base/buf.h"
#include "base/suggest.h"

/* Every key crest.yml may hold, in the order did-you-mean considers them,
 * and the section it belongs to. */
static const struct crest_yml_key {
	const char *name;
	enum crest_yml_section section;
} crest_yml_keys[] = {
	{"allowed_refs", CREST_YML_POLICY},
	{"require_signed", CREST_YML_POLICY},
	{"allowed_signers", CREST_YML_POLICY},
	{"inventory", CREST_YML_POLICY},
	{"forks", CREST_YML_POLICY},
	{"state_dir", CREST_YML_POLICY},
	{"facts_keep", CREST_YML_POLICY},
	{"windows", CREST_YML_WINDOWS},
	{"notify", CREST_YML_NOTIFY},
};

#define CREST_YML_N_KEYS (sizeof(crest_yml_keys) / sizeof(crest_yml_keys[0]))

/* Returns the table's entry for name, or NULL. */
static const struct crest_yml_key *crest_yml_find(const char *name)
{
	size_t i;

	for (i = 0; i < CREST_YML_N_KEYS; i++)
		if (strcmp(crest_yml_keys[i].name, name) == 0)
			return &crest_yml_keys[i];
	return NULL;
}

/* Refuses a key the table does not hold, with a did-you-mean. */
static int crest_yml_unknown(const struct ynode *key, struct error *err)
{
	const char *names[CREST_YML_N_KEYS + 1];
	const char *hint;
	size_t i;

	for (i = 0; i < CREST_YML_N_KEYS; i++)
		names[i] = crest_yml_keys[i].name;
	names[i] = NULL;
	hint = suggest_word(key->str, names);
	if (hint)
		return ynode_error(key, err,
				   "unknown key '%s' in crest.yml; did you "
				   "mean '%s'?",
				   key->str, hint);
	return ynode_error(key, err, "unknown key '%s' in crest.yml", key->str);
}

/* Parses crest.yml text. */
int crest_yml_parse(const char *name, const char *text, size_t len,
		    struct crest_yml *cy, struct error *err)
{
	const struct ynode *root;

	crest_yml_release(cy);
	cy->present = 1;
	if (yaml_doc_load_buffer(name, text, len, &cy->doc, err) < 0)
		return -1;
	root = cy->doc->root;
	if (!ynode_is_null(root) && root->kind != YNODE_MAP)
		return ynode_error(root, err,
				   "crest.yml must be a mapping, not %s",
				   ynode_describe(root));
	return 0;
}

/* Reads crest.yml from a file. */
int crest_yml_load(const char *path, const char *name, struct crest_yml *cy,
		   struct error *err)
{
	struct buf text = BUF_INIT;
	char chunk[8192];
	FILE *fp = fopen(path, "r");
	size_t n;
	int ret = -1;

	crest_yml_release(cy);
	if (fp == NULL) {
		if (errno == ENOENT) {
			ret = 0;
			goto out;
		}
		error_set(err, ERROR_SYSTEM, "cannot read %s: %s", name,
			  strerror(errno));
		goto out;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_add(&text, chunk, n);
	ret = crest_yml_parse(name, text.data, text.len, cy, err);
out:
	if (fp)
		fclose(fp);
	buf_release(&text);
	return ret;
}

/* Hands every key to the readers of its section, in the file's order. */
int crest_yml_read(const struct crest_yml *cy,
		   const struct crest_yml_reader *readers, size_t n,
		   struct error *err)
{
	const struct ynode *root = cy->doc ? cy->doc->root : NULL;
	size_t i, r;

	for (i = 0; !ynode_is_null(root) && i < root->n_pairs; i++) {
		const struct ynode_pair *pair = &root->pairs[i];
		const struct crest_yml_key *k = crest_yml_find(pair->key->str);

		if (k == NULL)
			return crest_yml_unknown(pair->key, err);
		for (r = 0; r < n; r++)
			if (readers[r].section == k->section &&
			    readers[r].key &&
			    readers[r].key(readers[r].ctx, pair->key,
					   pair->value, err) < 0)
				return -1;
	}
	for (r = 0; r < n; r++)
		if (readers[r].end &&
		    readers[r].end(readers[r].ctx, cy, err) < 0)
			return -1;
	return 0;
}

/* Looks a top-level value up. */
const struct ynode *crest_yml_get(const struct crest_yml *cy, const char *key)
{
	return cy->doc ? ynode_get(cy->doc->root, key) : NULL;
}

/* Looks a top-level key up. */
const struct ynode *crest_yml_get_key(const struct crest_yml *cy,
				      const char *key)
{
	return cy->doc ? ynode_get_key(cy->doc->root, key) : NULL;
}

/* Frees the document. */
void crest_yml_release(struct crest_yml *cy)
{
	yaml_doc_free(cy->doc);
	cy->doc = NULL;
	cy->present = 0;
}
