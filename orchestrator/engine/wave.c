/*
 * wave.c - wave sizes, wave failure, host order and spread; see wave.h.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/array.h"
#include "base/strmap.h"
#include "wave.h"
#include "base/xmalloc.h"

/* Ansible's pct_to_int(): a percentage of all matched hosts, rounded
 * down, at least 1; or the count itself. */
static long long serial_value(const struct wave_size *w, size_t n_hosts)
{
	long long v;

	if (!w->is_percent)
		return w->value;
	v = (long long)((double)w->value / 100.0 * (double)n_hosts);
	return v ? v : 1;
}

/* Cuts n_hosts into Ansible's serial batches. */
size_t *wave_sizes(const struct wave_size *waves, size_t n_waves,
		   size_t n_hosts, size_t *n_out)
{
	static const struct wave_size all = {0, -1};
	size_t *sizes = NULL, n = 0, left = n_hosts, item = 0;
	long long serial;

	if (n_waves == 0) {
		waves = &all;
		n_waves = 1;
	}
	while (left > 0) {
		serial = serial_value(&waves[item], n_hosts);
		sizes = array_grow(sizes, n, sizeof(*sizes));
		if (serial <= 0 || (unsigned long long)serial >= left) {
			sizes[n++] = left;
			break;
		}
		sizes[n++] = (size_t)serial;
		left -= (size_t)serial;
		if (item + 1 < n_waves)
			item++;
	}
	*n_out = n;
	return sizes;
}

/* Compares failures with the limit: exceeded, not reached. */
int wave_failed(const struct failure_limit *limit, size_t wave_hosts,
		size_t failed)
{
	if (failed == 0 || wave_hosts == 0)
		return 0;
	if (!limit->is_percent)
		return (double)failed > limit->value;
	return (double)failed / (double)wave_hosts > limit->value / 100.0;
}

/* Orders hosts by name. */
static int by_name(const void *a, const void *b)
{
	return strcmp((*(struct host *const *)a)->name,
		      (*(struct host *const *)b)->name);
}

/* splitmix64: a small, well-mixed generator; a seed fixes the order. */
static uint64_t next_random(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Reverses an array of hosts. */
static void reverse(struct host **hosts, size_t n)
{
	size_t i;

	for (i = 0; i < n / 2; i++) {
		struct host *t = hosts[i];

		hosts[i] = hosts[n - 1 - i];
		hosts[n - 1 - i] = t;
	}
}

/* Puts hosts in a play's order. */
void wave_order(struct host **hosts, size_t n, enum play_order order,
		unsigned long long seed)
{
	uint64_t state = seed;
	size_t i, j;

	switch (order) {
	case ORDER_INVENTORY:
		break;
	case ORDER_REVERSE_INVENTORY:
		reverse(hosts, n);
		break;
	case ORDER_SORTED:
		qsort(hosts, n, sizeof(*hosts), by_name);
		break;
	case ORDER_REVERSE_SORTED:
		qsort(hosts, n, sizeof(*hosts), by_name);
		reverse(hosts, n);
		break;
	case ORDER_SHUFFLE:
		/* Fisher-Yates; the modulo bias is far below one host. */
		for (i = n; i > 1; i--) {
			struct host *t;

			j = (size_t)(next_random(&state) % i);
			t = hosts[i - 1];
			hosts[i - 1] = hosts[j];
			hosts[j] = t;
		}
		break;
	}
}

/* A host's place in the spread: its value's share position. */
struct spread_key {
	struct host *host;
	double key;   /* (rank within its value + 0.5) / hosts of the value */
	size_t value; /* first-seen order of its value, breaking ties */
	size_t rank;
};

/* Orders spread keys by key, then value, then rank. */
static int by_key(const void *a, const void *b)
{
	const struct spread_key *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	if (x->value != y->value)
		return x->value < y->value ? -1 : 1;
	return x->rank < y->rank ? -1 : x->rank > y->rank;
}

/* Returns a host's value of var as text ("" when unset). */
static char *spread_value(const struct host *h, const char *var)
{
	json_t *v = json_object_get(h->vars, var);

	if (v == NULL)
		return xstrdup("");
	if (json_is_string(v))
		return xasprintf("s:%s", json_string_value(v));
	return json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT | JSON_SORT_KEYS);
}

/* Interleaves hosts proportionally by a variable's value. */
void wave_spread(struct host **hosts, size_t n, const char *var)
{
	struct spread_key *keys = xcalloc(n + 1, sizeof(*keys));
	size_t *counts = xcalloc(n + 1, sizeof(*counts));
	struct strmap values = STRMAP_INIT;
	size_t i, n_values = 0;
	uintptr_t idx;
	char *text;

	for (i = 0; i < n; i++) {
		text = spread_value(hosts[i], var);
		idx = (uintptr_t)strmap_get(&values, text);
		if (idx == 0) {
			idx = ++n_values;
			strmap_put(&values, text, (void *)idx);
		}
		free(text);
		keys[i].host = hosts[i];
		keys[i].value = idx - 1;
		keys[i].rank = counts[idx - 1]++;
	}
	for (i = 0; i < n; i++)
		keys[i].key = ((double)keys[i].rank + 0.5) /
			      (double)counts[keys[i].value];
	qsort(keys, n, sizeof(*keys), by_key);
	for (i = 0; i < n; i++)
		hosts[i] = keys[i].host;
	strmap_release(&values);
	free(counts);
	free(keys);
}
