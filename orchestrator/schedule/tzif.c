/*
 * tzif.c - TZif decoding; see tzif.h.
 *
 * A file is a header, a data block, and from version 2 on a second header,
 * a data block with 64-bit instants and a footer line.  Every length is
 * checked against the bytes that are left before anything is allocated,
 * so a hostile file costs at most its own size in memory.
 */
#include <stdlib.h>
#include <string.h>

#include "tzif.h"
#include "base/xmalloc.h"

#define TZIF_HEADER_SIZE 44
/* RFC 8536 asks for offsets from -89999 to 93599 seconds. */
#define TZIF_MAX_UTOFF 93599L

/* The counts of a header, in file order. */
struct tzif_header {
	int version; /* 1, 2, 3, 4 */
	uint32_t isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt;
};

/* Reads a big-endian unsigned 32-bit number. */
static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* Reads a big-endian signed 64-bit number. */
static int64_t get64(const unsigned char *p)
{
	uint64_t v = (uint64_t)get32(p) << 32 | get32(p + 4);

	return (int64_t)v;
}

/* Decodes and checks a header at p, with len bytes left. */
static int read_header(const unsigned char *p, size_t len,
		       struct tzif_header *h, struct error *err)
{
	if (len < TZIF_HEADER_SIZE || memcmp(p, "TZif", 4) != 0)
		return error_set(err, ERROR_INVALID, "not a TZif file");
	if (p[4] == 0)
		h->version = 1;
	else if (p[4] >= '2' && p[4] <= '4')
		h->version = p[4] - '0';
	else
		return error_set(err, ERROR_INVALID,
				 "unknown TZif version 0x%02x", p[4]);
	h->isutcnt = get32(p + 20);
	h->isstdcnt = get32(p + 24);
	h->leapcnt = get32(p + 28);
	h->timecnt = get32(p + 32);
	h->typecnt = get32(p + 36);
	h->charcnt = get32(p + 40);
	if (h->typecnt == 0 || h->typecnt > 256 || h->charcnt == 0 ||
	    (h->isutcnt != 0 && h->isutcnt != h->typecnt) ||
	    (h->isstdcnt != 0 && h->isstdcnt != h->typecnt))
		return error_set(err, ERROR_INVALID, "bad TZif header counts");
	return 0;
}

/* Returns the size of a data block whose instants are time_size bytes. */
static uint64_t block_size(const struct tzif_header *h, int time_size)
{
	return (uint64_t)h->timecnt * (uint64_t)(time_size + 1) +
	       (uint64_t)h->typecnt * 6 + h->charcnt +
	       (uint64_t)h->leapcnt * (uint64_t)(time_size + 4) + h->isstdcnt +
	       h->isutcnt;
}

/* Decodes a data block whose size was checked; fills tz. */
static int read_block(const unsigned char *p, const struct tzif_header *h,
		      int time_size, struct tzif *tz, struct error *err)
{
	const unsigned char *idx = p + (size_t)h->timecnt * time_size;
	const unsigned char *types = idx + h->timecnt;
	size_t i;

	tz->ntimes = h->timecnt;
	tz->ntypes = h->typecnt;
	tz->nleaps = h->leapcnt;
	tz->times = xcalloc(tz->ntimes + 1, sizeof(*tz->times));
	tz->type_of = xcalloc(tz->ntimes + 1, 1);
	tz->types = xcalloc(tz->ntypes, sizeof(*tz->types));
	for (i = 0; i < tz->ntimes; i++) {
		tz->times[i] = time_size == 8 ? get64(p + 8 * i)
					      : (int32_t)get32(p + 4 * i);
		if (i > 0 && tz->times[i] <= tz->times[i - 1])
			return error_set(err, ERROR_INVALID,
					 "TZif transitions out of order");
		tz->type_of[i] = idx[i];
		if (idx[i] >= h->typecnt)
			return error_set(err, ERROR_INVALID,
					 "TZif transition of unknown type %u",
					 idx[i]);
	}
	for (i = 0; i < tz->ntypes; i++) {
		const unsigned char *t = types + 6 * i;
		long utoff = (long)(int32_t)get32(t);

		if (utoff < -TZIF_MAX_UTOFF || utoff > TZIF_MAX_UTOFF ||
		    t[4] > 1 || t[5] >= h->charcnt)
			return error_set(err, ERROR_INVALID,
					 "bad TZif local time type %zu", i);
		tz->types[i].utoff = utoff;
		tz->types[i].isdst = t[4];
	}
	return 0;
}

/* Reads the footer line "\nRULE\n" of a version 2+ file. */
static int read_footer(const unsigned char *p, size_t len, struct tzif *tz,
		       struct error *err)
{
	const unsigned char *end;

	if (len < 2 || p[0] != '\n')
		return error_set(err, ERROR_INVALID, "TZif footer missing");
	end = memchr(p + 1, '\n', len - 1);
	if (end == NULL)
		return error_set(err, ERROR_INVALID,
				 "TZif footer unterminated");
	if (memchr(p + 1, '\0', (size_t)(end - p - 1)) != NULL)
		return error_set(err, ERROR_INVALID, "TZif footer holds NUL");
	tz->footer = xstrndup((const char *)p + 1, (size_t)(end - p - 1));
	return 0;
}

/* Decodes the second header, the 64-bit data and the footer of a version
 * 2+ file, which start at p with len bytes left. */
static int read_v2(const unsigned char *p, size_t len, struct tzif *tz,
		   struct error *err)
{
	struct tzif_header h;
	uint64_t size;

	if (read_header(p, len, &h, err) < 0)
		return -1;
	size = block_size(&h, 8);
	if (size > len - TZIF_HEADER_SIZE)
		return error_set(err, ERROR_INVALID, "truncated TZif file");
	if (read_block(p + TZIF_HEADER_SIZE, &h, 8, tz, err) < 0)
		return -1;
	return read_footer(p + TZIF_HEADER_SIZE + size,
			   len - TZIF_HEADER_SIZE - size, tz, err);
}

/* Reads a version 1 file's data, or skips it for the newer data. */
int tzif_parse(const void *data, size_t len, struct tzif **out,
	       struct error *err)
{
	const unsigned char *p = data;
	struct tzif_header h;
	struct tzif *tz = xcalloc(1, sizeof(*tz));
	uint64_t size;
	int ret = -1;

	if (read_header(p, len, &h, err) < 0)
		goto out;
	size = block_size(&h, 4);
	if (size > len - TZIF_HEADER_SIZE) {
		error_set(err, ERROR_INVALID, "truncated TZif file");
		goto out;
	}
	if (h.version == 1) {
		if (read_block(p + TZIF_HEADER_SIZE, &h, 4, tz, err) < 0)
			goto out;
		tz->footer = xstrdup("");
	} else if (read_v2(p + TZIF_HEADER_SIZE + size,
			   len - TZIF_HEADER_SIZE - size, tz, err) < 0) {
		goto out;
	}
	*out = tz;
	tz = NULL;
	ret = 0;
out:
	tzif_free(tz);
	return ret;
}

/* Frees the arrays and the struct. */
void tzif_free(struct tzif *tzif)
{
	if (tzif == NULL)
		return;
	free(tzif->times);
	free(tzif->type_of);
	free(tzif->types);
	free(tzif->footer);
	free(tzif);
}
