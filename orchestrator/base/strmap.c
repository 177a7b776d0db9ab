/*
 * strmap.c - a hash map from C strings to pointers; see strmap.h.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strmap.h"
#include "xmalloc.h"

/* FNV-1a over n bytes: short keys (host and group names) hash well. */
static uint64_t strmap_hash(const char *key, size_t n)
{
	uint64_t h = 14695981039346656037ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)key[i];
		h *= 1099511628211ULL;
	}
	return h;
}

/* Returns the slot holding key, or the empty slot where it would go. */
static struct strmap_slot *strmap_find(const struct strmap *map,
				       const char *key, size_t n)
{
	size_t mask = map->n_slots - 1;
	size_t i = (size_t)strmap_hash(key, n) & mask;

	for (;;) {
		struct strmap_slot *slot = &map->slots[i];

		if (slot->key == NULL ||
		    (strncmp(slot->key, key, n) == 0 && slot->key[n] == '\0'))
			return slot;
		i = (i + 1) & mask;
	}
}

/* Doubles the table and moves every entry over. */
static void strmap_grow(struct strmap *map)
{
	struct strmap_slot *old = map->slots;
	size_t old_n = map->n_slots;
	size_t i;

	map->n_slots = old_n ? old_n * 2 : 16;
	map->slots = xcalloc(map->n_slots, sizeof(*map->slots));
	for (i = 0; i < old_n; i++) {
		struct strmap_slot *slot;

		if (old[i].key == NULL)
			continue;
		slot = strmap_find(map, old[i].key, strlen(old[i].key));
		*slot = old[i];
	}
	free(old);
}

/* Looks a key up by its first n bytes. */
void *strmap_getn(const struct strmap *map, const char *key, size_t n)
{
	struct strmap_slot *slot;

	if (map->n_slots == 0)
		return NULL;
	slot = strmap_find(map, key, n);
	return slot->key ? slot->value : NULL;
}

/* Looks a key up. */
void *strmap_get(const struct strmap *map, const char *key)
{
	return strmap_getn(map, key, strlen(key));
}

/* Inserts or replaces; returns what was there. */
void *strmap_put(struct strmap *map, const char *key, void *value)
{
	struct strmap_slot *slot;
	void *old;

	if ((map->count + 1) * 2 > map->n_slots)
		strmap_grow(map);
	slot = strmap_find(map, key, strlen(key));
	if (slot->key) {
		old = slot->value;
		slot->value = value;
		return old;
	}
	slot->key = xstrdup(key);
	slot->value = value;
	map->count++;
	return NULL;
}

/* Frees the keys and the table. */
void strmap_release(struct strmap *map)
{
	size_t i;

	for (i = 0; i < map->n_slots; i++)
		free(map->slots[i].key);
	free(map->slots);
	map->slots = NULL;
	map->n_slots = 0;
	map->count = 0;
}
