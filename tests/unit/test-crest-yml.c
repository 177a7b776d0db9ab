/*
 * test-crest-yml.c - unit tests for orchestrator/config/crest-yml.c: the
 * crest.yml document, its key table and the walk over its sections.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "config/crest-yml.h"
#include "base/xmalloc.h"

/* What a recording reader saw: "key@line:column" per key, then "end". */
struct seen {
	struct buf log;
	const char *fail_at; /* a key to refuse, or NULL */
};

/* Records a key; refuses the one named in fail_at. */
static int seen_key(void *ctx, const struct ynode *key,
		    const struct ynode *value, struct error *err)
{
	struct seen *s = ctx;

	buf_addf(&s->log, "%s@%u:%u ", key->str, value->line, value->column);
	if (s->fail_at && strcmp(key->str, s->fail_at) == 0)
		return ynode_error(value, err, "refused '%s'", key->str);
	return 0;
}

/* Records the end of the walk. */
static int seen_end(void *ctx, const struct crest_yml *cy, struct error *err)
{
	struct seen *s = ctx;

	buf_adds(&s->log, "end");
	return 0;
}

/* Parses text; returns 0 or -1 with the error formatted in msg. */
static int parse(const char *text, struct crest_yml *cy, struct buf *msg)
{
	struct error err = ERROR_INIT;
	int rc = crest_yml_parse("crest.yml", text, strlen(text), cy, &err);

	buf_reset(msg);
	if (rc < 0)
		error_format(&err, msg);
	error_release(&err);
	return rc;
}

/* Parses text and walks it with the readers; the error goes to msg. */
static int read_text(const char *text, const struct crest_yml_reader *r,
		     size_t n, struct buf *msg)
{
	struct crest_yml cy = CREST_YML_INIT;
	struct error err = ERROR_INIT;
	int rc = parse(text, &cy, msg);

	if (rc == 0) {
		rc = crest_yml_read(&cy, r, n, &err);
		if (rc < 0)
			error_format(&err, msg);
	}
	error_release(&err);
	crest_yml_release(&cy);
	return rc;
}

/* The document: a mapping, or empty; anything else is refused. */
static void test_parse(void **state)
{
	struct crest_yml cy = CREST_YML_INIT;
	struct buf msg = BUF_INIT;

	assert_int_equal(parse("inventory: inv.yml\n", &cy, &msg), 0);
	assert_true(cy.present);
	assert_string_equal(crest_yml_get(&cy, "inventory")->str, "inv.yml");
	assert_int_equal(crest_yml_get_key(&cy, "inventory")->column, 1);
	assert_null(crest_yml_get(&cy, "forks"));
	assert_int_equal(parse("", &cy, &msg), 0);
	assert_true(cy.present);
	assert_null(crest_yml_get(&cy, "inventory"));
	assert_int_equal(parse("~\n", &cy, &msg), 0);
	assert_int_equal(parse("- a\n", &cy, &msg), -1);
	assert_string_equal(msg.data,
			    "crest.yml:1:1: crest.yml must be a mapping, not a "
			    "list");
	assert_int_equal(parse("a: [\n", &cy, &msg), -1);
	assert_non_null(strstr(msg.data, "crest.yml:"));
	crest_yml_release(&cy);
	assert_false(cy.present);
	assert_null(cy.doc);
	assert_null(crest_yml_get(&cy, "inventory"));
	buf_release(&msg);
	(void)state;
}

/* No file is no keys; a file is read and named as the caller says. */
static void test_load(void **state)
{
	char tmpl[] = "/tmp/test-crest-yml.XXXXXX";
	char *dir = mkdtemp(tmpl), *path, *cmd;
	struct crest_yml cy = CREST_YML_INIT;
	struct error err = ERROR_INIT;
	FILE *fp;

	assert_non_null(dir);
	path = xasprintf("%s/crest.yml", dir);
	assert_int_equal(crest_yml_load(path, "crest.yml", &cy, &err), 0);
	assert_false(cy.present);
	assert_null(crest_yml_get(&cy, "windows"));
	assert_int_equal(crest_yml_read(&cy, NULL, 0, &err), 0);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("forks: 3\ncolour: red\n", fp);
	fclose(fp);
	assert_int_equal(crest_yml_load(path, "crest.yml", &cy, &err), 0);
	assert_true(cy.present);
	assert_int_equal(crest_yml_get(&cy, "forks")->ival, 3);
	assert_int_equal(crest_yml_read(&cy, NULL, 0, &err), -1);
	assert_int_equal(err.kind, ERROR_INVALID);
	assert_string_equal(err.file, "crest.yml");
	assert_int_equal(err.line, 2);
	crest_yml_release(&cy);
	error_release(&err);
	cmd = xasprintf("rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(path);
	(void)state;
}

/* An unknown key is refused at its position, with a hint when one is
 * close; every key of the table is accepted, read or not. */
static void test_unknown_key(void **state)
{
	struct buf msg = BUF_INIT;

	assert_int_equal(
		read_text("inventory: x\nrequire_signd: true\n", NULL, 0, &msg),
		-1);
	assert_string_equal(msg.data,
			    "crest.yml:2:1: unknown key 'require_signd' in "
			    "crest.yml; did you mean 'require_signed'?");
	assert_int_equal(read_text("colour: blue\n", NULL, 0, &msg), -1);
	assert_string_equal(msg.data,
			    "crest.yml:1:1: unknown key 'colour' in crest.yml");
	assert_int_equal(read_text("window: {}\n", NULL, 0, &msg), -1);
	assert_string_equal(msg.data,
			    "crest.yml:1:1: unknown key 'window' in crest.yml; "
			    "did you mean 'windows'?");
	assert_int_equal(read_text("allowed_refs: [main]\nrequire_signed: no\n"
				   "allowed_signers: s\ninventory: i\n"
				   "forks: 1\nstate_dir: /s\nwindows: {}\n",
				   NULL, 0, &msg),
			 0);
	buf_release(&msg);
	(void)state;
}

/* Each reader gets the keys of its section in the file's order, then its
 * end; a section without a reader is skipped. */
static void test_sections(void **state)
{
	struct seen policy = {BUF_INIT, NULL}, windows = {BUF_INIT, NULL};
	const struct crest_yml_reader r[] = {
		{CREST_YML_POLICY, seen_key, seen_end, &policy},
		{CREST_YML_WINDOWS, seen_key, seen_end, &windows},
	};
	struct buf msg = BUF_INIT;

	assert_int_equal(
		read_text("forks: 2\nwindows: {}\ninventory: i\n", r, 2, &msg),
		0);
	assert_string_equal(policy.log.data, "forks@1:8 inventory@3:12 end");
	assert_string_equal(windows.log.data, "windows@2:10 end");
	buf_reset(&policy.log);
	assert_int_equal(read_text("forks: 2\nwindows: {}\n", r, 1, &msg), 0);
	assert_string_equal(policy.log.data, "forks@1:8 end");
	buf_reset(&policy.log);
	assert_int_equal(read_text("", r, 1, &msg), 0);
	assert_string_equal(policy.log.data, "end");
	buf_release(&policy.log);
	buf_release(&windows.log);
	buf_release(&msg);
	(void)state;
}

/* The first mistake in the file is reported, whoever finds it, and the
 * walk stops there without ending. */
static void test_first_mistake(void **state)
{
	struct seen policy = {BUF_INIT, "forks"};
	struct seen windows = {BUF_INIT, "windows"};
	const struct crest_yml_reader r[] = {
		{CREST_YML_POLICY, seen_key, seen_end, &policy},
		{CREST_YML_WINDOWS, seen_key, seen_end, &windows},
	};
	struct buf msg = BUF_INIT;

	assert_int_equal(read_text("windows: {}\nforks: 2\n", r, 2, &msg), -1);
	assert_string_equal(msg.data, "crest.yml:1:10: refused 'windows'");
	assert_string_equal(windows.log.data, "windows@1:10 ");
	assert_int_equal(policy.log.len, 0);
	buf_reset(&windows.log);
	assert_int_equal(read_text("forks: 2\nwindows: {}\n", r, 2, &msg), -1);
	assert_string_equal(msg.data, "crest.yml:1:8: refused 'forks'");
	assert_int_equal(windows.log.len, 0);
	buf_reset(&policy.log);
	assert_int_equal(read_text("colour: x\nforks: 2\n", r, 2, &msg), -1);
	assert_string_equal(msg.data,
			    "crest.yml:1:1: unknown key 'colour' in crest.yml");
	assert_int_equal(policy.log.len, 0);
	assert_int_equal(read_text("forks: 2\ncolour: x\n", r, 2, &msg), -1);
	assert_string_equal(msg.data, "crest.yml:1:8: refused 'forks'");
	buf_release(&policy.log);
	buf_release(&windows.log);
	buf_release(&msg);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_unknown_key),
		cmocka_unit_test(test_sections),
		cmocka_unit_test(test_first_mistake),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
