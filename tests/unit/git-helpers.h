/*
 * git-helpers.h - what the unit tests of the git source share: a scratch
 * repository made with the git command line, as a user would make it.
 *
 * Include after <cmocka.h>.
 */
#ifndef CREST_TEST_GIT_HELPERS_H
#define CREST_TEST_GIT_HELPERS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xmalloc.h"

/* Runs a shell line in dir; fails the test when it fails. */
static inline void git_sh(const char *dir, const char *line)
{
	char *cmd = xasprintf("cd '%s' && (%s) >/dev/null 2>&1", dir, line);

	if (system(cmd) != 0)
		fail_msg("failed: %s", line);
	free(cmd);
}

/* Makes a scratch directory holding a repository "repo" with one commit of
 * playbooks/p.yml, inventory.yml and crest.yml.  Returns the scratch
 * directory (caller frees; git_scratch_remove() removes it). */
static inline char *git_scratch_repo(void)
{
	char tmpl[] = "/tmp/crest-test-git.XXXXXX";
	char *dir;

	assert_non_null(mkdtemp(tmpl));
	dir = xstrdup(tmpl);
	setenv("GIT_AUTHOR_NAME", "Alice", 1);
	setenv("GIT_AUTHOR_EMAIL", "alice@example.com", 1);
	setenv("GIT_COMMITTER_NAME", "Alice", 1);
	setenv("GIT_COMMITTER_EMAIL", "alice@example.com", 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("HOME", dir, 1);
	git_sh(dir, "git init -q -b main repo && cd repo && mkdir playbooks "
		    "&& printf 'name: p\\nhosts: all\\ntasks:\\n  - name: t\\n"
		    "    command: echo one\\n' >playbooks/p.yml && "
		    "printf 'all:\\n  hosts:\\n    h1:\\n' >inventory.yml && "
		    "printf 'inventory: inventory.yml\\n' >crest.yml && "
		    "git add -A && git commit -q -m first");
	return dir;
}

/* Removes a scratch directory. */
static inline void git_scratch_remove(char *dir)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);

	if (system(cmd) != 0)
		fail_msg("cannot remove %s", dir);
	free(cmd);
	free(dir);
}

#endif
