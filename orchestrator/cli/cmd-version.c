/*
 * cmd-version.c - "crest version": the version and the libraries in use.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <git2.h>
#include <jansson.h>
#include <libssh/libssh.h>
#include <yaml.h>

#include "cmd.h"
#include "base/error.h"
#include "base/version.h"

/* Prints crest's version, then each library's. */
static int cmd_version_exec(int argc, char **argv)
{
	static const struct option options[] = {
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int major, minor, rev, c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (c) {
		case 'h':
			cmd_print_usage(&cmd_version_entry);
			return CREST_EXIT_OK;
		default:
			return cmd_usage_error(&cmd_version_entry,
					       "unknown option");
		}
	}
	if (optind < argc)
		return cmd_usage_error(&cmd_version_entry,
				       "unexpected argument '%s'",
				       argv[optind]);

	git_libgit2_version(&major, &minor, &rev);
	printf("crest %s\n", CREST_VERSION);
	printf("libssh %s\n", ssh_version(0));
	printf("libgit2 %d.%d.%d\n", major, minor, rev);
	printf("libyaml %s\n", yaml_get_version_string());
	printf("jansson %s\n", jansson_version_str());
	return CREST_EXIT_OK;
}

const struct cmd_entry cmd_version_entry = {
	.name = "version",
	.summary = "print crest's version and the libraries it uses",
	.usage = "version\n",
	.exec = cmd_version_exec,
};
