/*
 * test-notify-config.c - unit tests for orchestrator/lang/notify-config.c,
 * the one reader of a notify: section (crest.yml's and a play's): the
 * defaults, sections merged, secrets by reference (secret_env,
 * secret_file) and inline only in crest.yml, and each refused value at
 * its position.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "yaml-doc-helpers.h"
#include "lang/notify-config.h"

/* Reads text's root as a section from origin into *cfg; returns the
 * formatted error (caller frees) or NULL. */
static char *parse(const char *text, enum notify_origin origin, const char *dir,
		   struct notify_config *cfg)
{
	struct yaml_doc *doc = load(text);
	struct error err = ERROR_INIT;
	struct buf b = BUF_INIT;
	char *msg = NULL;

	if (notify_config_parse(doc->root, origin, dir, cfg, &err) < 0) {
		error_format(&err, &b);
		msg = buf_detach(&b, NULL);
	}
	error_release(&err);
	yaml_doc_free(doc);
	return msg;
}

/* Asserts the exact error of a section. */
static void check_refused_in(const char *text, enum notify_origin origin,
			     const char *dir, const char *want)
{
	struct notify_config cfg = {0};
	char *got = parse(text, origin, dir, &cfg);

	if (got == NULL)
		fail_msg("accepted: %s", text);
	if (strcmp(got, want) != 0)
		fail_msg("got  '%s'\nwant '%s'", got, want);
	free(got);
	notify_config_release(&cfg);
}

/* Asserts the exact error of a section, its secrets only checked. */
static void check_refused(const char *text, enum notify_origin origin,
			  const char *want)
{
	check_refused_in(text, origin, NULL, want);
}

/* A webhook and a mail with their defaults. */
static void test_defaults(void **state)
{
	struct notify_config cfg = {0};

	assert_null(parse("webhooks:\n  - url: \"http://127.0.0.1:8/h\"\n"
			  "mail:\n  - to: ops@example.test\n",
			  NOTIFY_IN_CREST_YML, "/", &cfg));
	assert_int_equal(cfg.n_targets, 2);
	assert_int_equal(cfg.wait, 0);
	assert_int_equal(cfg.targets[0].events,
			 NOTIFY_RUN_END | NOTIFY_FAILURE | NOTIFY_ROLLBACK);
	assert_int_equal(cfg.targets[0].retries, 3);
	assert_int_equal(cfg.targets[0].timeout, 5);
	assert_null(cfg.targets[0].secret);
	assert_true(cfg.targets[1].is_mail);
	assert_string_equal(cfg.targets[1].sendmail, "/usr/sbin/sendmail");
	notify_config_release(&cfg);
}

/* A play's section appends to crest.yml's; the longest wait wins. */
static void test_merge(void **state)
{
	struct notify_config cfg = {0};

	assert_null(parse("webhooks:\n  - {url: \"http://a/\", events: "
			  "[run_end]}\nwait: 3s\n",
			  NOTIFY_IN_CREST_YML, "/", &cfg));
	assert_null(parse("webhooks:\n  - {url: \"https://b/\", events: "
			  "[run_start, wave_end]}\nwait: 7s\n",
			  NOTIFY_IN_PLAY, "/", &cfg));
	assert_int_equal(cfg.wait, 7);
	assert_string_equal(cfg.targets[0].url, "http://a/");
	assert_int_equal(cfg.targets[0].events, NOTIFY_RUN_END);
	assert_string_equal(cfg.targets[1].url, "https://b/");
	assert_int_equal(cfg.targets[1].events,
			 NOTIFY_RUN_START | NOTIFY_WAVE_END);
	notify_config_release(&cfg);
	assert_int_equal(cfg.n_targets, 0);
}

/* secret_env and secret_file are read only with a directory. */
static void test_secret_references(void **state)
{
	struct notify_config cfg = {0};
	char dir[] = "/tmp/crest-notify-XXXXXX", path[64];
	FILE *fp;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/hook.key", dir);
	fp = fopen(path, "w");
	fputs("from-a-file\n", fp);
	fclose(fp);
	setenv("CREST_TEST_HOOK", "from-the-env", 1);
	assert_null(parse("webhooks:\n"
			  "  - {url: \"http://a/\", secret: {secret_env: "
			  "CREST_TEST_HOOK}}\n"
			  "  - {url: \"http://b/\", secret: {secret_file: "
			  "hook.key}}\n",
			  NOTIFY_IN_PLAY, dir, &cfg));
	assert_string_equal(cfg.targets[0].secret, "from-the-env");
	assert_string_equal(cfg.targets[1].secret, "from-a-file");
	notify_config_release(&cfg);
	/* Checked only: nothing is read. */
	unsetenv("CREST_TEST_HOOK");
	assert_null(parse("webhooks:\n  - {url: \"http://a/\", secret: "
			  "{secret_env: CREST_TEST_HOOK}}\n",
			  NOTIFY_IN_PLAY, NULL, &cfg));
	assert_null(cfg.targets[0].secret);
	notify_config_release(&cfg);
	/* Read: an unset variable is an error at its name. */
	check_refused_in("webhooks:\n  - {url: \"http://a/\", secret: "
			 "{secret_env: CREST_TEST_HOOK}}\n",
			 NOTIFY_IN_PLAY, dir,
			 "d.yml:2:45: secret_env CREST_TEST_HOOK is not set in "
			 "crest's environment");
	/* A file that is not there, named as written. */
	check_refused_in("webhooks:\n  - {url: \"http://a/\", secret: "
			 "{secret_file: nothere.key}}\n",
			 NOTIFY_IN_PLAY, dir,
			 "d.yml:2:46: cannot read secret_file nothere.key: No "
			 "such file or directory");
	unlink(path);
	rmdir(dir);
}

/* Each refused value, at its position. */
static void test_refused(void **state)
{
	check_refused("webhooks:\n  - {url: \"http://a/\", events: "
		      "[run_ends]}\n",
		      NOTIFY_IN_CREST_YML,
		      "d.yml:2:33: 'run_ends' is not an event (run_start, "
		      "run_end, wave_end, rollback, pause, failure); did you "
		      "mean 'run_end'?");
	check_refused("webhooks:\n  - {url: \"ftp://a/\"}\n",
		      NOTIFY_IN_CREST_YML,
		      "d.yml:2:11: 'url' must be an http:// or https:// URL, "
		      "not ftp://a/");
	check_refused("webhooks:\n  - {url: \"http:///x\"}\n",
		      NOTIFY_IN_CREST_YML,
		      "d.yml:2:11: 'url' http:///x names no host");
	check_refused("webhooks:\n  - {events: [run_end]}\n",
		      NOTIFY_IN_CREST_YML,
		      "d.yml:2:5: a webhook needs 'url', an http:// or "
		      "https:// URL");
	check_refused("webhooks:\n  - {url: \"http://a/\", retries: many}\n",
		      NOTIFY_IN_CREST_YML,
		      "d.yml:2:33: 'retries' must be a count from 0 to 10");
	check_refused("webhooks:\n  - {url: \"http://a/\", timeout: 2h}\n",
		      NOTIFY_IN_CREST_YML,
		      "d.yml:2:33: 'timeout' must be a duration from 1s to "
		      "1h, not 2h");
	check_refused("webhook:\n  - {url: \"http://a/\"}\n",
		      NOTIFY_IN_CREST_YML,
		      "d.yml:1:1: unknown key 'webhook' in notify; did you "
		      "mean 'webhooks'?");
	check_refused("webhooks: {url: \"http://a/\"}\n", NOTIFY_IN_PLAY,
		      "d.yml:1:11: 'webhooks' must be a list, not a mapping");
	check_refused("mail:\n  - {from: a@b}\n", NOTIFY_IN_PLAY,
		      "d.yml:2:5: a mail needs 'to', its recipients");
	check_refused(
		"webhooks:\n  - {url: \"http://a/\", secret: {secret_env: "
		"2X}}\n",
		NOTIFY_IN_CREST_YML,
		"d.yml:2:45: 'secret_env' must name an environment "
		"variable (letters, digits and _, not first a digit), "
		"not '2X'");
	check_refused("webhooks:\n  - {url: \"http://a/\", secret: hunter2}\n",
		      NOTIFY_IN_PLAY,
		      "d.yml:2:32: 'secret' must be {secret_env: NAME} or "
		      "{secret_file: PATH}");
}

/* Written inline, a secret is refused in a play, taken in crest.yml;
 * the error never holds it. */
static void test_inline_secret(void **state)
{
	struct notify_config cfg = {0};
	const char *text = "webhooks:\n  - {url: \"http://a/\", secret: "
			   "{secret: hunter2}}\n";
	char *got = parse(text, NOTIFY_IN_PLAY, "/", &cfg);

	assert_non_null(got);
	assert_null(strstr(got, "hunter2"));
	assert_non_null(strstr(got, "d.yml:2:32: a play's webhook secret is "
				    "given by reference"));
	free(got);
	notify_config_release(&cfg);
	assert_null(parse(text, NOTIFY_IN_CREST_YML, "/", &cfg));
	assert_string_equal(cfg.targets[0].secret, "hunter2");
	notify_config_release(&cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_secret_references),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_inline_secret),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
