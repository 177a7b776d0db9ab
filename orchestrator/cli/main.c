/*
 * main.c - the crest command line: global options, then one command.
 *
 * Everything a command does is in its cmd-*.c and in the engine; this file
 * only finds the command in the table and hands it argv.
 */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "crest.h"
#include "base/error.h"
#include "base/version.h"

/* Finds the command named by argv[1] and runs it. */
int main(int argc, char **argv)
{
	const struct cmd_entry *entry;
	const char *name;

	setlocale(LC_ALL, "");
	if (argc < 2) {
		crest_print_help(stderr);
		return CREST_EXIT_INVALID;
	}
	name = argv[1];
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
		crest_print_help(stdout);
		return CREST_EXIT_OK;
	}
	if (strcmp(name, "--version") == 0)
		name = "version";
	entry = cmd_find(name);
	if (entry == NULL) {
		fprintf(stderr,
			"crest: '%s' is not a crest command; see "
			"'crest --help'\n",
			name);
		return CREST_EXIT_INVALID;
	}
	/* Commands see their own name as argv[0], as git's builtins do. */
	return entry->exec(argc - 1, argv + 1);
}
