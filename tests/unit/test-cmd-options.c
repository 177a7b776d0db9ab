/*
 * test-cmd-options.c - unit tests for orchestrator/cli/cmd-options.c: the one
 * getopt loop of the commands, cmd_parse_options_with().
 */
#include <getopt.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base/error.h"
#include "cli/cmd.h"
#include "cli/options.h"

enum { OWN_AFTER = OPTIONS_CODE_OWN };

static const struct cmd_entry test_entry = {
	.name = "test",
	.summary = "a command for the tests",
	.usage = "test [-c X] [-n N]\n",
	.exec = NULL,
};

/* What the test command's own options were. */
struct own {
	const char *c;
	const char *after;
	int n;
};

/* Takes -c, -n (a digit) and --after. */
static int own_option(int c, const char *arg, void *data)
{
	struct own *o = data;

	if (c == 'c')
		o->c = arg;
	else if (c == OWN_AFTER)
		o->after = arg;
	else if (c == 'n' && arg[0] >= '0' && arg[0] <= '9' && !arg[1])
		o->n = arg[0] - '0';
	else if (c == 'n') {
		cmd_usage_error(&test_entry, "bad -n");
		return CMD_OPTION_REPORTED;
	} else
		return -1;
	return 0;
}

/* Parses argv with the test command's options; returns what
 * cmd_parse_options_with() does, the exit code in *rc. */
static int parse(int argc, char **argv, struct options *o, struct own *own,
		 int *rc)
{
	static const struct option longopts[] = {
		{"calendar", required_argument, NULL, 'c'},
		{"after", required_argument, NULL, OWN_AFTER},
		{"inventory", required_argument, NULL, 'i'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};

	memset(own, 0, sizeof(*own));
	options_init(o);
	*rc = -1;
	return cmd_parse_options_with(&test_entry, ":c:n:i:h", argc, argv,
				      longopts, o, own_option, own, rc);
}

/* Own short and long options and a shared one are taken; the arguments
 * are left after optind. */
static void test_options_taken(void **state)
{
	char *argv[] = {"test", "-c", "x",  "--after", "@0", "arg",
			"-n",	"7",  "-i", "inv",     NULL};
	struct options o;
	struct own own;
	int rc;

	assert_int_equal(parse(10, argv, &o, &own, &rc), 1);
	assert_string_equal(own.c, "x");
	assert_string_equal(own.after, "@0");
	assert_int_equal(own.n, 7);
	assert_string_equal(o.inventory, "inv");
	assert_int_equal(optind, 9);
	assert_string_equal(argv[optind], "arg");
	options_release(&o);
	(void)state;
}

/* --help, a missing value, an unknown option, a shared one the command
 * does not list, and a value its callback refused each end the parse. */
static void test_options_stop(void **state)
{
	char *help[] = {"test", "--help", NULL};
	char *missing[] = {"test", "--calendar", NULL};
	char *unknown[] = {"test", "--bogus", NULL};
	char *unlisted[] = {"test", "-e", "a=b", NULL};
	char *refused[] = {"test", "-n", "x", NULL};
	struct options o;
	struct own own;
	int rc;

	assert_int_equal(parse(2, help, &o, &own, &rc), 0);
	assert_int_equal(rc, CREST_EXIT_OK);
	options_release(&o);
	assert_int_equal(parse(2, missing, &o, &own, &rc), 0);
	assert_int_equal(rc, CREST_EXIT_INVALID);
	options_release(&o);
	assert_int_equal(parse(2, unknown, &o, &own, &rc), 0);
	assert_int_equal(rc, CREST_EXIT_INVALID);
	options_release(&o);
	assert_int_equal(parse(3, unlisted, &o, &own, &rc), 0);
	assert_int_equal(rc, CREST_EXIT_INVALID);
	assert_int_equal(o.n_vars, 0);
	options_release(&o);
	assert_int_equal(parse(3, refused, &o, &own, &rc), 0);
	assert_int_equal(rc, CREST_EXIT_INVALID);
	options_release(&o);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_options_taken),
		cmocka_unit_test(test_options_stop),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
