/*
 * test-options.c - unit tests for orchestrator/cli/options.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "engine/executor.h"
#include "cli/options.h"

enum { OWN_BECOME = OPTIONS_CODE_OWN };

/* Parses argv the way a command does; returns 0, or -1 with err set, and
 * counts the command's own options in *own. */
static int parse(int argc, char **argv, struct options *o, int *own,
		 struct error *err)
{
	static const struct option longopts[] = {
		OPTIONS_LONG,
		{"become", no_argument, NULL, OWN_BECOME},
		{NULL, 0, NULL, 0},
	};
	int c, rc;

	optind = 1;
	opterr = 0;
	*own = 0;
	while ((c = getopt_long(argc, argv, "+b" OPTIONS_SHORT, longopts,
				NULL)) != -1) {
		rc = options_parse(o, c, optarg, err);
		if (rc < 0)
			return -1;
		if (rc == 0) {
			if (c != OWN_BECOME && c != 'b')
				return error_set(err, ERROR_INVALID, "?");
			(*own)++;
		}
	}
	return options_finish(o, err);
}

/* Every shared option lands in its field, spelled as DESIGN.md says. */
static void test_all_options(void **state)
{
	char *argv[] = {"exec",
			"-i",
			"/dev/null",
			"--limit",
			"web:!legacy",
			"--forks",
			"7",
			"-e",
			"version=2.0",
			"--extra-vars=a_b=x=y",
			"--key",
			"/dev/null",
			"--key",
			"/etc/hostname",
			"--known-hosts",
			"/nonexistent/known_hosts",
			"--accept-new",
			"-F",
			"/dev/null",
			"--state-dir",
			"/tmp/st",
			"--json",
			"--connect-timeout",
			"2.5",
			"--timeout",
			"1m",
			"--host-timeout",
			"500ms",
			"--output-limit",
			"1K",
			"--become",
			NULL};
	struct options o;
	struct error err = ERROR_INIT;
	int own;

	options_init(&o);
	assert_int_equal(
		parse(sizeof(argv) / sizeof(argv[0]) - 1, argv, &o, &own, &err),
		0);
	assert_int_equal(own, 1);
	assert_string_equal(o.inventory, "/dev/null");
	assert_string_equal(o.limit, "web:!legacy");
	assert_int_equal(o.forks, 7);
	assert_int_equal(o.n_vars, 2);
	assert_string_equal(options_var(&o, "version"), "2.0");
	assert_string_equal(options_var(&o, "a_b"), "x=y");
	assert_null(options_var(&o, "nope"));
	assert_int_equal(o.transport.n_keys, 2);
	assert_string_equal(o.transport.keys[1], "/etc/hostname");
	assert_string_equal(o.transport.known_hosts,
			    "/nonexistent/known_hosts");
	assert_int_equal(o.transport.accept_new, 1);
	assert_string_equal(o.transport.ssh_config, "/dev/null");
	assert_string_equal(o.state_dir, "/tmp/st");
	assert_int_equal(o.json, 1);
	assert_int_equal(o.transport.connect_timeout_ms, 2500);
	assert_int_equal(o.transport.command_timeout_ms, 60000);
	assert_int_equal(o.transport.host_timeout_ms, 500);
	assert_int_equal(o.transport.output_limit, 1024);
	options_release(&o);
	assert_int_equal(o.forks, CREST_FORKS_DEFAULT);
}

/* Defaults when nothing is given. */
static void test_defaults(void **state)
{
	char *argv[] = {"exec", NULL};
	struct options o;
	struct error err = ERROR_INIT;
	int own;

	options_init(&o);
	assert_int_equal(parse(1, argv, &o, &own, &err), 0);
	assert_int_equal(o.forks, 50);
	assert_null(o.inventory);
	assert_int_equal(o.transport.connect_timeout_ms, 0);
	assert_int_equal(o.json, 0);
	options_release(&o);
}

/* The later -e for a key wins. */
static void test_later_var_wins(void **state)
{
	char *argv[] = {"exec", "-e", "x=1", "-e", "x=2", "-e", "y=", NULL};
	struct options o;
	struct error err = ERROR_INIT;
	int own;

	options_init(&o);
	assert_int_equal(parse(7, argv, &o, &own, &err), 0);
	assert_string_equal(options_var(&o, "x"), "2");
	assert_string_equal(options_var(&o, "y"), "");
	options_release(&o);
}

/* Bad values are refused with a message naming the option. */
static void test_bad_values(void **state)
{
	static const char *const bad[][3] = {
		{"--forks", "0", "--forks"},
		{"--forks", "1001", "--forks"},
		{"--forks", "-3", "--forks"},
		{"--forks", "5x", "--forks"},
		{"-e", "novalue", "-e"},
		{"-e", "=v", "-e"},
		{"-e", "1x=v", "-e"},
		{"-e", "a-b=v", "-e"},
		{"--connect-timeout", "0", "--connect-timeout"},
		{"--connect-timeout", "ten", "--connect-timeout"},
		{"--timeout", "5d", "--timeout"},
		{"--timeout", "1.", "--timeout"},
		{"--host-timeout", "9999999", "--host-timeout"},
		{"--output-limit", "0", "--output-limit"},
		{"--output-limit", "2G", "--output-limit"},
		{"--output-limit", "12Q", "--output-limit"},
		{"--key", "/nonexistent/key", "--key"},
		{"-F", "/nonexistent/config", "-F"},
		{"-i", "/nonexistent/inventory", "-i"},
	};
	struct options o;
	struct error err = ERROR_INIT;
	size_t i;
	int own;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *argv[] = {"exec", (char *)bad[i][0], (char *)bad[i][1],
				NULL};

		options_init(&o);
		assert_int_equal(parse(3, argv, &o, &own, &err), -1);
		assert_int_equal(err.kind, ERROR_INVALID);
		if (strstr(err.message, bad[i][2]) == NULL)
			fail_msg("%s %s: %s", bad[i][0], bad[i][1],
				 err.message);
		error_release(&err);
		options_release(&o);
	}
}

/* Durations and sizes in the spellings the docs give. */
static void test_units(void **state)
{
	struct error err = ERROR_INIT;
	unsigned ms;
	size_t n;

	assert_int_equal(options_parse_duration("10", "t", &ms, &err), 0);
	assert_int_equal(ms, 10000);
	assert_int_equal(options_parse_duration("0.25", "t", &ms, &err), 0);
	assert_int_equal(ms, 250);
	assert_int_equal(options_parse_duration("2h", "t", &ms, &err), 0);
	assert_int_equal(ms, 7200000);
	assert_int_equal(options_parse_duration("0", "t", &ms, &err), 0);
	assert_int_equal(ms, 0);
	assert_int_equal(options_parse_size("64K", "s", &n, &err), 0);
	assert_int_equal(n, 65536);
	assert_int_equal(options_parse_size("1.5M", "s", &n, &err), 0);
	assert_int_equal(n, 1572864);
	assert_int_equal(options_parse_size("100", "s", &n, &err), 0);
	assert_int_equal(n, 100);
}

/* The usage text lists every shared long option. */
static void test_usage_lists_all(void **state)
{
	static const struct option longopts[] = {OPTIONS_LONG};
	char want[64];
	size_t i;

	for (i = 0; i < sizeof(longopts) / sizeof(longopts[0]); i++) {
		snprintf(want, sizeof(want), "--%s ", longopts[i].name);
		if (strstr(OPTIONS_USAGE, want) == NULL)
			fail_msg("OPTIONS_USAGE lacks %s", want);
	}
}

/* The playbook source options land in their fields; their usage lists
 * them all. */
static void test_git_options(void **state)
{
	static const struct option longopts[] = {
		OPTIONS_LONG,
		OPTIONS_GIT_LONG,
		{NULL, 0, NULL, 0},
	};
	static const struct option git_longopts[] = {OPTIONS_GIT_LONG};
	char *argv[] = {"run",	 "--repo",	"file:///srv/pb.git",
			"--ref", "release-2.1", "--allow-dirty",
			NULL};
	struct error err = ERROR_INIT;
	struct options o;
	char want[64];
	size_t i;
	int c;

	options_init(&o);
	assert_null(o.repo);
	assert_null(o.ref);
	assert_false(o.allow_dirty);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(6, argv, OPTIONS_SHORT, longopts, NULL)) != -1)
		assert_int_equal(options_parse(&o, c, optarg, &err), 1);
	assert_string_equal(o.repo, "file:///srv/pb.git");
	assert_string_equal(o.ref, "release-2.1");
	assert_true(o.allow_dirty);
	options_release(&o);
	for (i = 0; i < sizeof(git_longopts) / sizeof(git_longopts[0]); i++) {
		snprintf(want, sizeof(want), "--%s", git_longopts[i].name);
		if (strstr(OPTIONS_GIT_USAGE, want) == NULL)
			fail_msg("OPTIONS_GIT_USAGE lacks %s", want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_options),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_later_var_wins),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_units),
		cmocka_unit_test(test_usage_lists_all),
		cmocka_unit_test(test_git_options),
	};

	return cmocka_run_group_tests_name("options", tests, NULL, NULL);
}
