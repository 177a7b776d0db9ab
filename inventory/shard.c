/*
 * shard.c - a host's shard from a fixed hash of its name; see shard.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "inventory.h"
#include "shard.h"

/* FNV-1a 64, as published by Fowler, Noll and Vo. */
uint64_t shard_hash(const char *name)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	const unsigned char *p;

	for (p = (const unsigned char *)name; *p; p++) {
		h ^= *p;
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* The hash mod count, 1-based. */
unsigned shard_of(const char *name, unsigned count)
{
	return (unsigned)(shard_hash(name) % count) + 1;
}

/* Parses one decimal number of the K/N pair; returns -1 when it is not
 * one. */
static long shard_number(const char *s, size_t len)
{
	char digits[16];
	char *end;
	long v;

	if (len == 0 || len >= sizeof(digits) || s[0] < '0' || s[0] > '9')
		return -1;
	memcpy(digits, s, len);
	digits[len] = '\0';
	errno = 0;
	v = strtol(digits, &end, 10);
	if (errno || *end)
		return -1;
	return v;
}

/* Parses K/N. */
int shard_parse(const char *text, const char *what, struct shard *out,
		struct error *err)
{
	const char *slash = strchr(text, '/');
	long k, n;

	if (slash == NULL)
		goto bad;
	k = shard_number(text, (size_t)(slash - text));
	n = shard_number(slash + 1, strlen(slash + 1));
	if (k < 0 || n < 0)
		goto bad;
	if (n < 1 || n > SHARD_MAX)
		return error_set(err, ERROR_INVALID,
				 "%s: '%s': N must be from 1 to %u", what, text,
				 SHARD_MAX);
	if (k < 1 || k > n)
		return error_set(err, ERROR_INVALID,
				 "%s: '%s': K must be from 1 to N (%ld)", what,
				 text, n);
	out->index = (unsigned)k;
	out->count = (unsigned)n;
	return 0;
bad:
	return error_set(err, ERROR_INVALID,
			 "%s: '%s' is not K/N (shard K of N, 1 <= K <= N, "
			 "e.g. 1/4)",
			 what, text);
}

/* Filters in place. */
void shard_keep(struct host **hosts, size_t *n, const struct shard *sh)
{
	size_t i, kept = 0;

	if (sh == NULL || sh->count == 0)
		return;
	for (i = 0; i < *n; i++)
		if (shard_of(hosts[i]->name, sh->count) == sh->index)
			hosts[kept++] = hosts[i];
	*n = kept;
}
