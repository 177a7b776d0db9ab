/*
 * tmpdir.h - a scratch directory under /tmp for a unit test, and its
 * removal with everything in it.
 *
 * Include after <cmocka.h>.
 */
#ifndef CREST_TEST_TMPDIR_H
#define CREST_TEST_TMPDIR_H

#include <stdlib.h>

#include "base/xmalloc.h"

/* Makes /tmp/crest-test-NAME-XXXXXX; the caller removes it with
 * tmpdir_remove(). */
static inline char *tmpdir_new(const char *name)
{
	char *dir = xasprintf("/tmp/crest-test-%s-XXXXXX", name);

	assert_non_null(mkdtemp(dir));
	return dir;
}

/* Removes dir and everything in it, and frees the name. */
static inline void tmpdir_remove(char *dir)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);

	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(dir);
}

#endif
