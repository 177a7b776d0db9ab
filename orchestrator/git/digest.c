/*
 * digest.c - git blob ids of content, through libgit2.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "base/buf.h"
#include "digest.h"

/* Hashes bytes as a git blob. */
void digest_bytes(const void *data, size_t len, char out[DIGEST_HEX_LEN + 1])
{
	git_oid oid;

	git_libgit2_init();
	if (git_odb_hash(&oid, data, len, GIT_OBJECT_BLOB) < 0)
		memset(&oid, 0, sizeof(oid));
	git_oid_tostr(out, DIGEST_HEX_LEN + 1, &oid);
	git_libgit2_shutdown();
}

/* Hashes the two parts a, b one after the other as one blob, raw. */
static void hash_two(const unsigned char *a, size_t na, const void *b,
		     size_t nb, git_oid *oid)
{
	struct buf m = BUF_INIT;

	buf_add(&m, a, na);
	buf_add(&m, b, nb);
	if (git_odb_hash(oid, m.data, m.len, GIT_OBJECT_BLOB) < 0)
		memset(oid, 0, sizeof(*oid));
	buf_release(&m);
}

/* HMAC over the blob hash: H((K ^ opad) || H((K ^ ipad) || data)). */
void digest_keyed(const unsigned char key[DIGEST_KEY_LEN], const void *data,
		  size_t len, char out[DIGEST_HEX_LEN + 1])
{
	unsigned char pad[64];
	git_oid inner, outer;
	size_t i;

	git_libgit2_init();
	for (i = 0; i < sizeof(pad); i++)
		pad[i] = (unsigned char)((i < DIGEST_KEY_LEN ? key[i] : 0) ^
					 0x36);
	hash_two(pad, sizeof(pad), data, len, &inner);
	for (i = 0; i < sizeof(pad); i++)
		pad[i] = (unsigned char)((i < DIGEST_KEY_LEN ? key[i] : 0) ^
					 0x5c);
	hash_two(pad, sizeof(pad), inner.id, GIT_OID_RAWSZ, &outer);
	git_oid_tostr(out, DIGEST_HEX_LEN + 1, &outer);
	git_libgit2_shutdown();
}

/* Hashes a file's content as a git blob. */
int digest_file(const char *path, char out[DIGEST_HEX_LEN + 1],
		struct error *err)
{
	struct buf b = BUF_INIT;
	char chunk[65536];
	size_t n;
	FILE *fp;
	int ret = -1;

	fp = fopen(path, "rbe");
	if (fp == NULL) {
		error_set(err, ERROR_INVALID, "cannot read %s: %s", path,
			  strerror(errno));
		goto out;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_add(&b, chunk, n);
	if (ferror(fp)) {
		error_set(err, ERROR_SYSTEM, "cannot read %s: %s", path,
			  strerror(errno));
		goto out;
	}
	digest_bytes(b.data, b.len, out);
	ret = 0;
out:
	if (fp)
		fclose(fp);
	buf_release(&b);
	return ret;
}
