/*
 * tzone.c - time zones read from TZif files; see tzone.h.
 *
 * A zone is the transitions of its TZif file and, after the last of them,
 * its POSIX rule; a zone given as a rule alone (TZ=EST5EDT) or UTC has no
 * file.  tzone_resolve() walks the stretches of constant offset around a
 * civil time and keeps each instant that lands inside its own stretch.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tzif.h"
#include "tzone.h"
#include "tzrule.h"
#include "base/xmalloc.h"

/* No TZif file is anywhere near this big; a bigger one is not a zone. */
#define TZONE_MAX_FILE (1024 * 1024)
/* Further than any offset from UTC (RFC 8536 keeps them within 26h). */
#define TZONE_REACH (27 * 3600L)
/* How glibc's mktime() looks for an instant with the tm_isdst it was
 * given: a week apart (plus an hour), up to about 8.5 years away. */
#define GLIBC_PROBE_STRIDE 601200L
#define GLIBC_PROBE_BOUND (536454000L / 2 + GLIBC_PROBE_STRIDE)

struct tzone {
	char *name;
	struct tzif *tzif; /* NULL for a rule alone, or UTC */
	struct tzrule rule;
	int has_rule; /* rule applies after tzif's last transition, or always */
};

/* Checks characters and components; lengths beyond a path name are out. */
int tzone_name_valid(const char *name)
{
	const char *p, *component = name;
	size_t len = strlen(name);

	if (len == 0 || len > 255)
		return 0;
	for (p = name;; p++) {
		if (*p == '/' || *p == '\0') {
			size_t n = (size_t)(p - component);

			if (n == 0 || (n == 1 && component[0] == '.') ||
			    (n == 2 && component[0] == '.' &&
			     component[1] == '.'))
				return 0;
			if (*p == '\0')
				return 1;
			component = p + 1;
			continue;
		}
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		      (*p >= '0' && *p <= '9') || strchr("._+-", *p) != NULL))
			return 0;
	}
}

/* Makes a zone that has only a rule. */
static struct tzone *zone_from_rule(const char *name, const struct tzrule *r)
{
	struct tzone *zone = xcalloc(1, sizeof(*zone));

	zone->name = xstrdup(name);
	zone->rule = *r;
	zone->has_rule = 1;
	return zone;
}

/* UTC is a rule without daylight saving time and offset 0. */
struct tzone *tzone_new_utc(void)
{
	const struct tzrule utc = {0};

	return zone_from_rule("UTC", &utc);
}

/* Decodes the file, refuses leap seconds, and reads its rule. */
int tzone_from_tzif(const char *name, const void *data, size_t len,
		    struct tzone **out, struct error *err)
{
	struct tzone *zone = xcalloc(1, sizeof(*zone));
	int ret = -1;

	zone->name = xstrdup(name);
	if (tzif_parse(data, len, &zone->tzif, err) < 0)
		goto out;
	if (zone->tzif->nleaps > 0) {
		error_set(err, ERROR_INVALID,
			  "time zone '%s' counts leap seconds, which crest "
			  "does not support",
			  name);
		goto out;
	}
	if (zone->tzif->footer[0] != '\0') {
		if (tzrule_parse(zone->tzif->footer, &zone->rule) < 0) {
			error_set(err, ERROR_INVALID,
				  "time zone '%s' ends with a bad rule '%s'",
				  name, zone->tzif->footer);
			goto out;
		}
		zone->has_rule = 1;
	}
	*out = zone;
	zone = NULL;
	ret = 0;
out:
	tzone_free(zone);
	return ret;
}

/* Reads a whole TZif file; a missing file, or one that is not TZif, is an
 * unknown zone (TZONE_UNKNOWN). */
static int load_file(const char *name, const char *path, struct tzone **out,
		     struct error *err)
{
	unsigned char *data = NULL;
	struct stat st;
	size_t len = 0;
	ssize_t n;
	int fd, ret = -1;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		int saved = errno;

		if (saved == ENOENT || errno == ENOTDIR || errno == ELOOP ||
		    errno == ENAMETOOLONG)
			ret = TZONE_UNKNOWN;
		else
			error_set(err, ERROR_SYSTEM, "cannot open %s: %s", path,
				  strerror(saved));
		goto out;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    st.st_size > TZONE_MAX_FILE) {
		ret = TZONE_UNKNOWN;
		goto out;
	}
	data = xmalloc((size_t)st.st_size + 1);
	while (len < (size_t)st.st_size) {
		n = read(fd, data + len, (size_t)st.st_size - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			error_set(err, ERROR_SYSTEM, "cannot read %s: %s", path,
				  strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (len < 4 || memcmp(data, "TZif", 4) != 0) {
		ret = TZONE_UNKNOWN;
		goto out;
	}
	ret = tzone_from_tzif(name, data, len, out, err);
out:
	if (ret == TZONE_UNKNOWN)
		error_set(err, ERROR_INVALID, "unknown time zone '%s'", name);
	if (fd >= 0)
		close(fd);
	free(data);
	return ret;
}

/* Looks name up under TZONE_DIR. */
int tzone_load(const char *name, struct tzone **out, struct error *err)
{
	char *path;
	int ret;

	if (!tzone_name_valid(name)) {
		error_set(err, ERROR_INVALID, "unknown time zone '%s'", name);
		return TZONE_UNKNOWN;
	}
	path = xasprintf("%s/%s", TZONE_DIR, name);
	ret = load_file(name, path, out, err);
	free(path);
	return ret;
}

/* Follows glibc: TZ unset means /etc/localtime (UTC when there is none),
 * TZ empty means UTC, a leading ':' is dropped, a zone file wins over a
 * rule, and what is neither is UTC. */
int tzone_load_local(struct tzone **out, struct error *err)
{
	const char *tz = getenv("TZ");
	struct tzrule rule;
	int ret;

	if (tz == NULL || *tz == '/' || (*tz == ':' && tz[1] == '/')) {
		if (tz == NULL)
			tz = "/etc/localtime";
		else if (*tz == ':')
			tz++;
		ret = load_file(tz, tz, out, err);
		if (ret == TZONE_UNKNOWN) {
			error_release(err);
			*out = tzone_new_utc();
			ret = 0;
		}
		return ret;
	}
	if (*tz == ':')
		tz++;
	if (*tz == '\0') {
		*out = tzone_new_utc();
		return 0;
	}
	ret = tzone_load(tz, out, err);
	if (ret != TZONE_UNKNOWN)
		return ret;
	error_release(err);
	if (tzrule_parse(tz, &rule) == 0)
		*out = zone_from_rule(tz, &rule);
	else
		*out = tzone_new_utc();
	return 0;
}

/* Borrowed name. */
const char *tzone_name(const struct tzone *zone)
{
	return zone->name;
}

/* Binary search for the last transition not after t; the rule takes over
 * at the last stored transition.  Sets *isdst too. */
static long lookup(const struct tzone *zone, int64_t t, int *isdst)
{
	const struct tzif *f = zone->tzif;
	const struct tzif_type *type;
	size_t lo, hi;

	if (f == NULL)
		return tzrule_offset(&zone->rule, t, isdst);
	if (zone->has_rule && (f->ntimes == 0 || t >= f->times[f->ntimes - 1]))
		return tzrule_offset(&zone->rule, t, isdst);
	if (f->ntimes == 0 || t < f->times[0]) {
		type = &f->types[0];
	} else {
		lo = 0;
		hi = f->ntimes;
		while (hi - lo > 1) {
			size_t mid = lo + (hi - lo) / 2;

			if (f->times[mid] <= t)
				lo = mid;
			else
				hi = mid;
		}
		type = &f->types[f->type_of[lo]];
	}
	*isdst = type->isdst;
	return type->utoff;
}

/* The offset alone. */
long tzone_offset(const struct tzone *zone, int64_t t)
{
	int isdst;

	return lookup(zone, t, &isdst);
}

/* The daylight saving flag alone. */
int tzone_isdst(const struct tzone *zone, int64_t t)
{
	int isdst;

	lookup(zone, t, &isdst);
	return isdst;
}

/* Sets *next to the first stored transition or rule switch after t;
 * returns -1 when there is none. */
static int next_transition(const struct tzone *zone, int64_t t, int64_t *next)
{
	const struct tzif *f = zone->tzif;
	size_t lo, hi;

	if (f != NULL && f->ntimes > 0 && t < f->times[f->ntimes - 1]) {
		lo = 0;
		hi = f->ntimes - 1;
		/* The first transition after t is in (lo, hi]. */
		if (t < f->times[0]) {
			*next = f->times[0];
			return 0;
		}
		while (hi - lo > 1) {
			size_t mid = lo + (hi - lo) / 2;

			if (f->times[mid] <= t)
				lo = mid;
			else
				hi = mid;
		}
		*next = f->times[hi];
		return 0;
	}
	if (!zone->has_rule)
		return -1;
	return tzrule_next_change(&zone->rule, t, next);
}

/* Skips transitions that keep the offset (only the name or isdst
 * changed). */
static int next_change(const struct tzone *zone, int64_t t, int64_t *next)
{
	long before = tzone_offset(zone, t);

	while (next_transition(zone, t, &t) == 0)
		if (tzone_offset(zone, t) != before) {
			*next = t;
			return 0;
		}
	return -1;
}

/* Applies the offset in effect. */
void tzone_civil(const struct tzone *zone, int64_t t, struct civil *out,
		 long *utoff)
{
	long off = tzone_offset(zone, t);

	civil_from_seconds(t + off, out);
	if (utoff != NULL)
		*utoff = off;
}

/* Walks the stretches of constant offset within a day of c: the instant c
 * names under a stretch's offset counts if it lies in that stretch; where
 * it lies after one stretch and before the next, c is in a gap. */
size_t tzone_resolve(const struct tzone *zone, const struct civil *c,
		     int64_t out[TZONE_MAX_RESOLVE], int64_t *gap_end)
{
	int64_t g = civil_to_seconds(c);
	int64_t start = g - TZONE_REACH, end, x;
	long off = tzone_offset(zone, start), next_off;
	size_t n = 0;
	int more;

	*gap_end = g - off + 1;
	for (;;) {
		more = next_change(zone, start, &end) == 0 &&
		       end <= g + TZONE_REACH;
		x = g - off;
		if (x >= start && (!more || x < end) && n < TZONE_MAX_RESOLVE)
			out[n++] = x;
		if (!more)
			break;
		next_off = tzone_offset(zone, end);
		if (x >= end && g - next_off < end)
			*gap_end = end;
		start = end;
		off = next_off;
	}
	return n;
}

/* Resolves c, then looks for the flag wanted: among c's own instants,
 * else by probing ever further back and forth from it. */
int64_t tzone_mktime(const struct tzone *zone, const struct civil *c, int isdst)
{
	int64_t when[TZONE_MAX_RESOLVE], gap_end, g = civil_to_seconds(c), t;
	size_t n = tzone_resolve(zone, c, when, &gap_end), i;
	long delta;

	t = n > 0 ? when[0] : g - tzone_offset(zone, gap_end - 1);
	if (isdst < 0)
		return t;
	for (i = 0; i < n; i++)
		if (tzone_isdst(zone, when[i]) == isdst)
			return when[i];
	if (n == 0 && tzone_isdst(zone, t) == isdst)
		return t;
	for (delta = GLIBC_PROBE_STRIDE; delta < GLIBC_PROBE_BOUND;
	     delta += GLIBC_PROBE_STRIDE) {
		if (tzone_isdst(zone, t - delta) == isdst)
			return g - tzone_offset(zone, t - delta);
		if (tzone_isdst(zone, t + delta) == isdst)
			return g - tzone_offset(zone, t + delta);
	}
	return t;
}

/* Frees the file's data and the name. */
void tzone_free(struct tzone *zone)
{
	if (zone == NULL)
		return;
	tzif_free(zone->tzif);
	free(zone->name);
	free(zone);
}
