/*
 * repo-policy.c - reading crest.yml; see repo-policy.h.
 */
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repo-policy.h"
#include "base/suggest.h"
#include "schedule/window.h"
#include "base/xmalloc.h"

static const char *const policy_keys[] = {
	"allowed_refs", "require_signed", "allowed_signers", "inventory",
	"forks",	"state_dir",	  "windows",	     NULL,
};

/* Copies a string value, or fails naming the key. */
static int policy_str(const struct ynode *v, const char *key, char **out,
		      struct error *err)
{
	if (!ynode_is_str(v) || v->len == 0)
		return ynode_error(v, err, "'%s' must be a string, not %s", key,
				   ynode_describe(v));
	free(*out);
	*out = xstrdup(v->str);
	return 0;
}

/* Reads allowed_refs: a string or a list of strings. */
static int policy_refs(const struct ynode *v, struct repo_policy *p,
		       struct error *err)
{
	size_t i, n = v->kind == YNODE_SEQ ? v->n_items : 1;

	if (v->kind == YNODE_MAP)
		return ynode_error(v, err,
				   "'allowed_refs' must be a list of ref "
				   "globs, not %s",
				   ynode_describe(v));
	p->allowed_refs = xcalloc(n, sizeof(*p->allowed_refs));
	for (i = 0; i < n; i++) {
		const struct ynode *item =
			v->kind == YNODE_SEQ ? v->items[i] : v;

		if (!ynode_is_str(item) || item->len == 0)
			return ynode_error(item, err,
					   "an allowed ref must be a string, "
					   "not %s",
					   ynode_describe(item));
		p->allowed_refs[p->n_allowed_refs++] = xstrdup(item->str);
	}
	return 0;
}

/* Reads one key of crest.yml. */
static int policy_key(const struct ynode *key, const struct ynode *v,
		      struct repo_policy *p, struct error *err)
{
	const char *k = key->str, *hint;

	if (strcmp(k, "allowed_refs") == 0)
		return policy_refs(v, p, err);
	if (strcmp(k, "require_signed") == 0) {
		if (v->kind != YNODE_SCALAR || v->type != YTYPE_BOOL)
			return ynode_error(v, err,
					   "'require_signed' must be true or "
					   "false, not %s",
					   ynode_describe(v));
		p->require_signed = (int)v->ival;
		return 0;
	}
	if (strcmp(k, "allowed_signers") == 0)
		return policy_str(v, k, &p->allowed_signers, err);
	if (strcmp(k, "inventory") == 0)
		return policy_str(v, k, &p->inventory, err);
	if (strcmp(k, "state_dir") == 0)
		return policy_str(v, k, &p->state_dir, err);
	if (strcmp(k, "forks") == 0) {
		if (v->kind != YNODE_SCALAR || v->type != YTYPE_INT ||
		    v->ival < 1)
			return ynode_error(v, err,
					   "'forks' must be a positive number, "
					   "not %s",
					   ynode_describe(v));
		p->forks = (long)v->ival;
		return 0;
	}
	if (strcmp(k, "windows") == 0) {
		/* Checked in full here; the run reads it again (window.h). */
		struct window_set set = WINDOW_SET_INIT;
		int ret = window_set_parse(v, &set, err);

		window_set_release(&set);
		return ret;
	}
	hint = suggest_word(k, policy_keys);
	if (hint)
		return ynode_error(key, err,
				   "unknown key '%s' in crest.yml; did you "
				   "mean '%s'?",
				   k, hint);
	return ynode_error(key, err, "unknown key '%s' in crest.yml", k);
}

/* Parses crest.yml text. */
int repo_policy_parse(const char *name, const char *text, size_t len,
		      struct repo_policy *p, struct error *err)
{
	const struct ynode *root;
	size_t i;
	int ret = -1;

	repo_policy_release(p);
	p->present = 1;
	if (yaml_doc_load_buffer(name, text, len, &p->doc, err) < 0)
		goto out;
	root = p->doc->root;
	if (ynode_is_null(root)) {
		ret = 0;
		goto out;
	}
	if (root->kind != YNODE_MAP) {
		ynode_error(root, err, "crest.yml must be a mapping, not %s",
			    ynode_describe(root));
		goto out;
	}
	for (i = 0; i < root->n_pairs; i++)
		if (policy_key(root->pairs[i].key, root->pairs[i].value, p,
			       err) < 0)
			goto out;
	if (p->require_signed && p->allowed_signers == NULL) {
		ynode_error(ynode_get_key(root, "require_signed"), err,
			    "'require_signed' needs 'allowed_signers' (a "
			    "file of the repository)");
		goto out;
	}
	ret = 0;
out:
	return ret;
}

/* Reads crest.yml from a file. */
int repo_policy_load(const char *path, const char *name, struct repo_policy *p,
		     struct error *err)
{
	struct buf text = BUF_INIT;
	char chunk[8192];
	FILE *fp = fopen(path, "r");
	size_t n;
	int ret = -1;

	repo_policy_release(p);
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
	ret = repo_policy_parse(name, text.data, text.len, p, err);
out:
	if (fp)
		fclose(fp);
	buf_release(&text);
	return ret;
}

/* Matches a ref against the globs. */
int repo_policy_ref_allowed(const struct repo_policy *p, const char *ref)
{
	size_t i;

	for (i = 0; i < p->n_allowed_refs; i++) {
		const char *g = p->allowed_refs[i];
		char *full;
		int hit;

		if (fnmatch(g, ref, 0) == 0)
			return 1;
		if (strncmp(g, "refs/", 5) == 0)
			continue;
		full = xasprintf("refs/heads/%s", g);
		hit = fnmatch(full, ref, 0) == 0;
		free(full);
		full = xasprintf("refs/tags/%s", g);
		hit = hit || fnmatch(full, ref, 0) == 0;
		free(full);
		if (hit)
			return 1;
	}
	return 0;
}

/* Frees the policy. */
void repo_policy_release(struct repo_policy *p)
{
	size_t i;

	for (i = 0; i < p->n_allowed_refs; i++)
		free(p->allowed_refs[i]);
	free(p->allowed_refs);
	free(p->allowed_signers);
	free(p->inventory);
	free(p->state_dir);
	yaml_doc_free(p->doc);
	memset(p, 0, sizeof(*p));
}
