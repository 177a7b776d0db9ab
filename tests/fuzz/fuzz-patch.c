/*
 * fuzz-patch.c - libFuzzer target for the patch module's parsers: a
 * host's answer to the probe script (apt, dnf, yum or zypper, chosen by
 * its "manager" line), then the filter over what parsed.  A host's
 * answer is untrusted input: every run must end with 0 or a clean error,
 * no crash, leak or sanitizer report.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "modules/patch.h"
#include "base/xmalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Parses the answer and selects from it both ways. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const globs[] = {"acme-*", "[", NULL};
	struct patch_filter sec = {1, NULL, globs}, all = {0, globs, NULL};
	struct error err = ERROR_INIT;
	json_t *state = NULL, *skipped = json_array();
	char *text;

	if (size > 65536)
		goto out;
	text = xstrndup((const char *)data, size);
	if (patch_parse(text, patch_default_security_origins, &state, &err) ==
	    0) {
		json_decref(patch_select(state, &sec, skipped));
		json_decref(patch_select(state, &all, NULL));
		json_decref(state);
	}
	free(text);
out:
	json_decref(skipped);
	error_release(&err);
	return 0;
}
