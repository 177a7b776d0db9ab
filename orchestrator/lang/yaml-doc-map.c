/*
 * yaml-doc-map.c - filling and finishing a mapping: a key given twice is
 * refused, "<<" merge keys are applied.
 *
 * Theory of operation: pairs are appended in document order while the
 * mapping is open; when it ends, duplicates are looked for first (a
 * linear scan for small mappings, a strmap index beyond 8 keys), then
 * merges.  A merge builds the new pair list once: the explicit keys claim
 * their names, the merged mappings (one, or a list of them, earlier ones
 * winning) add the pairs not yet claimed, and the result is the merged
 * pairs followed by the explicit ones, as in PyYAML.  Merged pairs point
 * at the same nodes as the mapping they come from; nothing is copied.
 */
#include <stdlib.h>
#include <string.h>

#include "base/array.h"
#include "base/strmap.h"
#include "base/xmalloc.h"
#include "yaml-doc-build.h"

/* Returns 1 when a key is the merge key "<<". */
static int is_merge_key(const struct ynode *key)
{
	return key->plain && strcmp(key->str, "<<") == 0;
}

/* Appends a pair to a mapping. */
void yaml_doc_map_push(struct ynode *map, struct ynode *key,
		       struct ynode *value)
{
	map->pairs = array_grow(map->pairs, map->n_pairs, sizeof(*map->pairs));
	map->pairs[map->n_pairs].key = key;
	map->pairs[map->n_pairs].value = value;
	map->n_pairs++;
}

/* Finds a key among the first n pairs; a strmap indexes large mappings. */
static struct ynode_pair *find_pair(struct ynode_pair *pairs, size_t n,
				    const struct strmap *index, const char *key)
{
	size_t i;

	if (index)
		return strmap_get(index, key);
	for (i = 0; i < n; i++)
		if (strcmp(pairs[i].key->str, key) == 0)
			return &pairs[i];
	return NULL;
}

/* Refuses a key written twice in one mapping. */
int yaml_doc_check_duplicates(struct ynode *map, struct error *err)
{
	struct strmap index = STRMAP_INIT;
	struct ynode_pair *first;
	size_t i;
	int rc = -1;

	for (i = 0; i < map->n_pairs; i++) {
		struct ynode *key = map->pairs[i].key;

		if (is_merge_key(key))
			continue;
		first = find_pair(map->pairs, i,
				  map->n_pairs > 8 ? &index : NULL, key->str);
		if (first) {
			ynode_error(key, err,
				    "duplicate key '%s' (first given at "
				    "line %u, column %u)",
				    key->str, first->key->line,
				    first->key->column);
			goto out;
		}
		if (map->n_pairs > 8)
			strmap_put(&index, key->str, &map->pairs[i]);
	}
	rc = 0;
out:
	strmap_release(&index);
	return rc;
}

/* Adds the pairs of merged mapping src not already in dst. */
static void merge_from(struct ynode_pair **dst, size_t *n, struct strmap *seen,
		       const struct ynode *src)
{
	size_t i;

	for (i = 0; i < src->n_pairs; i++) {
		const struct ynode_pair *p = &src->pairs[i];

		if (strmap_get(seen, p->key->str))
			continue;
		*dst = array_grow(*dst, *n, sizeof(**dst));
		(*dst)[*n] = *p;
		strmap_put(seen, p->key->str, &(*dst)[*n]);
		(*n)++;
	}
}

/* Applies "<<" merge keys: explicit keys win, then earlier merged
 * mappings over later ones; merged keys come first, as in PyYAML. */
int yaml_doc_apply_merges(struct ynode *map, struct error *err)
{
	struct strmap seen = STRMAP_INIT;
	struct ynode_pair *merged = NULL, *out_pairs = NULL;
	size_t n_merged = 0, n_out = 0, i, j;
	int rc = -1, any = 0;

	for (i = 0; i < map->n_pairs; i++)
		if (is_merge_key(map->pairs[i].key))
			any = 1;
	if (!any)
		return 0;
	/* Explicit keys first claim their names. */
	for (i = 0; i < map->n_pairs; i++)
		if (!is_merge_key(map->pairs[i].key))
			strmap_put(&seen, map->pairs[i].key->str, map);
	for (i = 0; i < map->n_pairs; i++) {
		const struct ynode *v = map->pairs[i].value;

		if (!is_merge_key(map->pairs[i].key))
			continue;
		if (v->kind == YNODE_MAP) {
			merge_from(&merged, &n_merged, &seen, v);
			continue;
		}
		if (v->kind != YNODE_SEQ) {
			ynode_error(v, err,
				    "'<<' merges a mapping or a list of "
				    "mappings, not %s",
				    ynode_describe(v));
			goto out;
		}
		for (j = 0; j < v->n_items; j++) {
			if (v->items[j]->kind != YNODE_MAP) {
				ynode_error(v->items[j], err,
					    "'<<' merges mappings, not %s",
					    ynode_describe(v->items[j]));
				goto out;
			}
			merge_from(&merged, &n_merged, &seen, v->items[j]);
		}
	}
	out_pairs = xcalloc(n_merged + map->n_pairs, sizeof(*out_pairs));
	for (i = 0; i < n_merged; i++)
		out_pairs[n_out++] = merged[i];
	for (i = 0; i < map->n_pairs; i++)
		if (!is_merge_key(map->pairs[i].key))
			out_pairs[n_out++] = map->pairs[i];
	free(map->pairs);
	map->pairs = out_pairs;
	map->n_pairs = n_out;
	out_pairs = NULL;
	rc = 0;
out:
	free(out_pairs);
	free(merged);
	strmap_release(&seen);
	return rc;
}
