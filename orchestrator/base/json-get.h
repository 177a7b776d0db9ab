/*
 * json-get.h - reading one member of a JSON object (jansson) with a
 * fallback, for the journal's events, snapshots and records.
 *
 * A missing member, a member of another type, and an object that is NULL
 * or no object all give the fallback.  Returned strings are borrowed
 * from the object (or are the fallback itself).
 */
#ifndef CREST_JSON_GET_H
#define CREST_JSON_GET_H

#include <jansson.h>

/* Returns obj's string member key, or dflt (which may be NULL). */
const char *json_get_str(const json_t *obj, const char *key, const char *dflt);

/* Returns obj's integer member key, or dflt. */
json_int_t json_get_int(const json_t *obj, const char *key, json_int_t dflt);

#endif
