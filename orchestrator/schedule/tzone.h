/*
 * tzone.h - time zones of the TZ database, thread-safe and read-only.
 *
 * Theory of operation: glibc converts between instants and local times only
 * in the one zone the TZ environment variable names, and changing TZ while
 * another thread calls localtime_r() is a data race; systemd forks a child
 * to evaluate a timer in another zone.  crest instead reads the zone's TZif
 * file (/usr/share/zoneinfo/NAME) once, into an immutable struct tzone, and
 * converts with its own code: any number of zones, any number of threads,
 * and the process's TZ is never touched.
 *
 * A civil (wall-clock) time can name no instant (it falls into the gap when
 * clocks spring forward), one, or two (the hour repeated when clocks fall
 * back); tzone_resolve() reports which.  What to do with gaps and repeats is
 * the caller's policy; see calendar.h for the calendar's.
 *
 * Every struct tzone comes from a tzone_load*() or tzone_from_tzif() the
 * caller frees with tzone_free().
 */
#ifndef CREST_TZONE_H
#define CREST_TZONE_H

#include <stddef.h>
#include <stdint.h>

#include "civil.h"
#include "base/error.h"

/* Where zone names are looked up. */
#define TZONE_DIR "/usr/share/zoneinfo"
/* What tzone_load() returns when there is no zone of that name. */
#define TZONE_UNKNOWN (-2)
/* At most this many instants have the same civil time in one zone. */
#define TZONE_MAX_RESOLVE 4

struct tzone;

/* Returns 1 when name is a well-formed zone name (letters, digits, "._+-",
 * components separated by single slashes, none of them "." or ".."),
 * without looking whether the zone exists; else 0. */
int tzone_name_valid(const char *name);

/* Loads the zone named name (e.g. "Europe/Berlin", "UTC") from TZONE_DIR
 * into *out; returns 0, TZONE_UNKNOWN with err set (ERROR_INVALID) when
 * there is no such zone, or -1 with err set: ERROR_INVALID when its file
 * is bad, ERROR_SYSTEM when it cannot be read. */
int tzone_load(const char *name, struct tzone **out, struct error *err);

/* Loads the process's local zone, as glibc finds it: the TZ environment
 * variable (a zone name, ":NAME", an absolute path, or a POSIX rule such
 * as "EST5EDT"), else /etc/localtime, else UTC.  Returns 0, or -1 with err
 * set when the zone named by TZ or /etc/localtime exists but is bad. */
int tzone_load_local(struct tzone **out, struct error *err);

/* Builds a zone named name from the len bytes of a TZif file; returns 0,
 * or -1 with err set (ERROR_INVALID). */
int tzone_from_tzif(const char *name, const void *data, size_t len,
		    struct tzone **out, struct error *err);

/* Returns a new zone that is UTC. */
struct tzone *tzone_new_utc(void);

/* Returns the zone's name as it was loaded; borrowed. */
const char *tzone_name(const struct tzone *zone);

/* Returns the zone's offset from UTC at instant t, in seconds east. */
long tzone_offset(const struct tzone *zone, int64_t t);

/* Returns 1 when instant t is in daylight saving time in zone, else 0. */
int tzone_isdst(const struct tzone *zone, int64_t t);

/* Sets *out to the local civil time at instant t, and *utoff (when not
 * NULL) to the offset in effect. */
void tzone_civil(const struct tzone *zone, int64_t t, struct civil *out,
		 long *utoff);

/* Stores the instants whose local time is c in out[], ascending, and
 * returns how many there are (0 to TZONE_MAX_RESOLVE).  When there is none,
 * c fell into a gap and *gap_end is set to the instant the gap ends. */
size_t tzone_resolve(const struct tzone *zone, const struct civil *c,
		     int64_t out[TZONE_MAX_RESOLVE], int64_t *gap_end);

/* Returns the instant glibc's mktime() makes of civil time c with
 * tm_isdst = isdst (-1: unknown, 0 or 1), in zone, for crest's calendar,
 * which evaluates as systemd does through mktime().  With -1, a time
 * that happens twice is its first instant, and a time in a gap is read
 * with the offset from before the gap (so 02:30 in a gap from 02:00 to
 * 03:00 is 03:30).  With 0 or 1, an instant with that flag is preferred;
 * where there is none, c is read with the offset of the nearest instant
 * that has it, probed a week apart as glibc does (so 00:00 with isdst 1 on
 * a winter day in Berlin is 23:00 the day before). */
int64_t tzone_mktime(const struct tzone *zone, const struct civil *c,
		     int isdst);

/* Frees a zone.  Accepts NULL. */
void tzone_free(struct tzone *zone);

#endif
