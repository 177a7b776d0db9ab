/*
 * fuzz-facts.c - libFuzzer target for the facts parser: a host's answer
 * to the facts script is untrusted input; every run must end with 0 or a
 * clean error, no crash, leak or sanitizer report.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "base/xmalloc.h"
#include "facts/facts-parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Parses the answer and serialises what parsed. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct error err = ERROR_INIT;
	json_t *facts = NULL;
	char *text, *dump;

	if (size > 65536)
		return 0;
	text = xstrndup((const char *)data, size);
	if (facts_parse(text, &facts, &err) == 0) {
		dump = json_dumps(facts, JSON_COMPACT);
		free(dump);
		json_decref(facts);
	}
	free(text);
	error_release(&err);
	return 0;
}
