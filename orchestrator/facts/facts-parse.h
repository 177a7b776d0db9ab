/*
 * facts-parse.h - a host's answer to the facts script, parsed into JSON.
 *
 * The answer is sections, each opened by a line "@@ NAME" (facts-sh.c
 * writes them); a host's answer is untrusted input: lines are bounded,
 * unknown sections and malformed lines are skipped, counts are capped.
 */
#ifndef CREST_FACTS_PARSE_H
#define CREST_FACTS_PARSE_H

#include <jansson.h>

#include "base/error.h"

/* Parses text into *facts (a new JSON object the caller owns): hostname,
 * os {id, version, codename, pretty}, kernel, arch, cpu {model, count},
 * memory_mb, filesystems [{mount, size_kb, used_kb}], uptime_s, boot_id,
 * virt, packages {name: version}, modules {name: version}, failed_units
 * [], reboot_required (docs/facts.md).  Returns 0, or -1 with err set when
 * the answer holds no facts section at all. */
int facts_parse(const char *text, json_t **facts, struct error *err);

/* The top-level keys of every object facts_parse() makes, in its order,
 * NULL-terminated: what a host pattern's facts term may name first. */
extern const char *const facts_keys[];

#endif
