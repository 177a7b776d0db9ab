/*
 * digest.h - content digests for the journal and lock names.
 *
 * A digest is the git blob id of the content (SHA-1 over "blob LEN\0" and
 * the bytes), written as 40 hex digits: the same id `git hash-object` gives,
 * so a playbook's digest in the journal can be looked up in the repository.
 */
#ifndef CREST_DIGEST_H
#define CREST_DIGEST_H

#include <stddef.h>

#include "base/error.h"

#define DIGEST_HEX_LEN 40

/* Writes the digest of len bytes at data into out (41 bytes). */
void digest_bytes(const void *data, size_t len, char out[DIGEST_HEX_LEN + 1]);

/* Writes the digest of a file's content into out; 0 or -1 with err set. */
int digest_file(const char *path, char out[DIGEST_HEX_LEN + 1],
		struct error *err);

/* The length of a key for digest_keyed(). */
#define DIGEST_KEY_LEN 32

/* Writes a keyed digest of len bytes at data into out (41 bytes): HMAC's
 * construction over the blob hash above, with key (DIGEST_KEY_LEN bytes).
 * Who lacks the key can neither compute it nor test guesses of data
 * against it, so it may stand in the journal for a value that must not
 * (an -e value that may be a secret). */
void digest_keyed(const unsigned char key[DIGEST_KEY_LEN], const void *data,
		  size_t len, char out[DIGEST_HEX_LEN + 1]);

#endif
