/*
 * repo-policy.c - reading crest.yml's policy section and matching refs
 * against it; see repo-policy.h.
 */
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "repo-policy.h"
#include "base/xmalloc.h"

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

/* Reads one key of the policy section. */
static int policy_key(const struct ynode *key, const struct ynode *v,
		      struct repo_policy *p, struct error *err)
{
	const char *k = key->str;

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
	if (strcmp(k, "forks") == 0 || strcmp(k, "facts_keep") == 0) {
		if (v->kind != YNODE_SCALAR || v->type != YTYPE_INT ||
		    v->ival < 1 || v->ival > 100000)
			return ynode_error(v, err,
					   "'%s' must be a positive number, "
					   "not %s",
					   k, ynode_describe(v));
		*(strcmp(k, "forks") == 0 ? &p->forks : &p->facts_keep) =
			(long)v->ival;
		return 0;
	}
	/* crest-yml.c's table and this function disagree. */
	return ynode_error(key, err, "'%s' is not a policy key", k);
}

/* Reads one key into the policy ctx, or into a scratch one for a check. */
static int policy_read_key(void *ctx, const struct ynode *key,
			   const struct ynode *v, struct error *err)
{
	struct repo_policy scratch = REPO_POLICY_INIT;
	int ret = policy_key(key, v, ctx ? ctx : &scratch, err);

	repo_policy_release(&scratch);
	return ret;
}

/* Checks across the keys once all are read.  It looks at the file, not
 * at a policy, so that a check keeping nothing does it too: the keys have
 * been checked, so a require_signed there is a boolean and an
 * allowed_signers there a string. */
static int policy_end(void *ctx, const struct crest_yml *cy, struct error *err)
{
	const struct ynode *sig = crest_yml_get(cy, "require_signed");

	if (sig && sig->ival && crest_yml_get(cy, "allowed_signers") == NULL)
		return ynode_error(crest_yml_get_key(cy, "require_signed"), err,
				   "'require_signed' needs 'allowed_signers' "
				   "(a file of the repository)");
	return 0;
}

/* The check: the policy reader without a policy to keep. */
const struct crest_yml_reader repo_policy_check = {
	CREST_YML_POLICY,
	policy_read_key,
	policy_end,
	NULL,
};

/* Returns the reader of the policy section into p. */
struct crest_yml_reader repo_policy_reader(struct repo_policy *p)
{
	struct crest_yml_reader r = repo_policy_check;

	r.ctx = p;
	return r;
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
	memset(p, 0, sizeof(*p));
}
