/*
 * tzif.h - decoding of TZif files, the compiled time zone database.
 *
 * /usr/share/zoneinfo holds one TZif file (RFC 8536) per zone: the instants
 * the zone's offset changed or will change, the offsets, and a POSIX TZ
 * rule for every instant after the last stored one.  tzif_parse() decodes
 * such a file from memory and checks everything it later relies on:
 * transitions strictly ascending, type indices in range, offsets within 26
 * hours of UTC.  Version 1 files are read from their 32-bit data, later
 * versions from their 64-bit data and footer.
 *
 * A struct tzif owns its arrays; tzif_free() frees it.
 */
#ifndef CREST_TZIF_H
#define CREST_TZIF_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

/* One local time type: an offset and whether it is daylight saving time. */
struct tzif_type {
	long utoff; /* seconds east of UTC */
	int isdst;
};

struct tzif {
	size_t ntimes;
	int64_t *times;		/* transition instants, strictly ascending */
	unsigned char *type_of; /* index into types of each transition */
	size_t ntypes;		/* at least 1 */
	struct tzif_type
		*types; /* types[0] holds before the first transition */
	size_t nleaps;	/* leap second records ("right/" zones) */
	char *footer;	/* POSIX TZ rule, "" when none; never NULL */
};

/* Decodes len bytes of a TZif file into *out, which the caller frees with
 * tzif_free(); returns 0, or -1 with err set (ERROR_INVALID). */
int tzif_parse(const void *data, size_t len, struct tzif **out,
	       struct error *err);

/* Frees a decoded file.  Accepts NULL. */
void tzif_free(struct tzif *tzif);

#endif
