/*
 * fuzz-tzif.c - libFuzzer target for TZif decoding and zone arithmetic
 * (orchestrator/schedule/tzif.c, tzrule.c, tzone.c).
 *
 * The input is a TZif file.  When it decodes, every instant taken from
 * the input's last bytes must map to a civil time that resolves back to a
 * set of instants holding it: converting both ways must agree.  The seed
 * corpus is real zones from /usr/share/zoneinfo.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schedule/tzone.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Checks that t's civil time resolves to instants holding t. */
static void check_round_trip(const struct tzone *zone, int64_t t)
{
	int64_t when[TZONE_MAX_RESOLVE], gap_end;
	struct civil c;
	size_t n, i;

	tzone_civil(zone, t, &c, NULL);
	n = tzone_resolve(zone, &c, when, &gap_end);
	for (i = 0; i < n; i++)
		if (when[i] == t)
			return;
	if (n == TZONE_MAX_RESOLVE)
		return; /* more instants than kept */
	fprintf(stderr, "fuzz-tzif: %lld does not resolve back\n",
		(long long)t);
	abort();
}

/* Decodes, then converts instants spread over 1900..2200. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tzone *zone = NULL;
	struct error err = ERROR_INIT;
	uint64_t seed = 0;
	size_t i;

	if (tzone_from_tzif("fuzz", data, size, &zone, &err) == 0) {
		for (i = 0; i < 8 && i < size; i++)
			seed = seed << 8 | data[size - 1 - i];
		for (i = 0; i < 16; i++) {
			seed = seed * 6364136223846793005ULL +
			       1442695040888963407ULL;
			check_round_trip(zone,
					 (int64_t)(seed >> 31) % 9467280000LL -
						 2208988800LL);
		}
		check_round_trip(zone, 1806192000);
		check_round_trip(zone, 1824937200);
	}
	tzone_free(zone);
	error_release(&err);
	return 0;
}
