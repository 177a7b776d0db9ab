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
