/*
 * cmd-options.c - what every command does with its command line: one
 * getopt_long loop over the shared options (options.h), --help and the
 * command's own, and the messages for a command line it cannot use.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>

#include "base/error.h"
#include "cmd.h"
#include "options.h"

/* Prints one command's usage text. */
void cmd_print_usage(const struct cmd_entry *entry)
{
	printf("usage: crest %s\n", entry->usage);
}

/* Prints an option error and how to get help. */
int cmd_usage_error(const struct cmd_entry *entry, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "crest %s: ", entry->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'crest %s --help'.\n", entry->name);
	return CREST_EXIT_INVALID;
}

/* Parses shared, help and own options in one getopt_long loop. */
int cmd_parse_options(const struct cmd_entry *entry, int argc, char **argv,
		      const struct option *longopts, struct options *o,
		      int (*own)(int c, const char *arg, void *data),
		      void *data, int *rc)
{
	return cmd_parse_options_with(entry, "h" OPTIONS_SHORT, argc, argv,
				      longopts, o, own, data, rc);
}

/* The loop of cmd_parse_options(), over the short options given. */
int cmd_parse_options_with(const struct cmd_entry *entry, const char *optstring,
			   int argc, char **argv, const struct option *longopts,
			   struct options *o,
			   int (*own)(int c, const char *arg, void *data),
			   void *data, int *rc)
{
	struct error err = ERROR_INIT;
	int c, taken, ret = 0;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, optstring, longopts, NULL)) != -1) {
		switch (options_parse(o, c, optarg, &err)) {
		case 1:
			continue;
		case -1:
			*rc = cmd_usage_error(entry, "%s", err.message);
			goto out;
		}
		if (c == 'h') {
			cmd_print_usage(entry);
			*rc = CREST_EXIT_OK;
			goto out;
		}
		/* Only with a leading ':' in optstring. */
		if (c == ':') {
			*rc = cmd_usage_error(entry,
					      "option '%s' wants a value",
					      argv[optind - 1]);
			goto out;
		}
		taken = own ? own(c, optarg, data) : -1;
		if (taken == CMD_OPTION_REPORTED) {
			*rc = CREST_EXIT_INVALID;
			goto out;
		}
		if (taken < 0) {
			*rc = cmd_usage_error(entry, "unknown option '%s'",
					      argv[optind - 1]);
			goto out;
		}
	}
	ret = 1;
out:
	error_release(&err);
	return ret;
}
