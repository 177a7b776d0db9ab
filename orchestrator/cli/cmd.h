/*
 * cmd.h - the command table of the crest command line.
 *
 * Every command lives in its own orchestrator/cmd-NAME.c, which exports one
 * const struct cmd_entry (after tmux's cmd-*.c) and nothing else; commands.c
 * lists them.  A command parses its own options with getopt_long and calls
 * the engine; it holds no engine logic of its own.  Adding a command is one
 * file and one row: see docs/architecture.md, "Adding a command".
 */
#ifndef CREST_CMD_H
#define CREST_CMD_H

struct cmd_entry {
	const char *name;    /* as typed: "run", "version" */
	const char *summary; /* one line for "crest --help" */
	const char
		*usage; /* the synopsis and options for "crest NAME --help" */
	/* Runs the command; argv[0] is the command's name.  Returns the process
	 * exit code (enum crest_exit). */
	int (*exec)(int argc, char **argv);
};

/* The table, NULL-terminated, in the order "crest --help" lists it. */
extern const struct cmd_entry *const cmd_table[];

/* Returns the entry named name, or NULL. */
const struct cmd_entry *cmd_find(const char *name);

/* Prints "usage: crest NAME ..." and the command's options to stdout. */
void cmd_print_usage(const struct cmd_entry *entry);

struct option;
struct options;

/* What a command's own-option callback returns for a bad value it has
 * reported itself with cmd_usage_error(). */
#define CMD_OPTION_REPORTED (-2)

/* Parses a command's options with getopt_long: the shared ones
 * (options.h) into *o, -h/--help (longopts give it the value 'h'), and the
 * command's own through own(c, optarg, data), which returns 0, -1 for an
 * option it does not take, or CMD_OPTION_REPORTED (may be NULL when there
 * are none).  Returns 1 to go on with argv[optind...], or 0 when the
 * command is to return *rc at once (help printed: 0; a usage error
 * reported: 4). */
int cmd_parse_options(const struct cmd_entry *entry, int argc, char **argv,
		      const struct option *longopts, struct options *o,
		      int (*own)(int c, const char *arg, void *data),
		      void *data, int *rc);

/* cmd_parse_options() with getopt_long's option string given whole, for a
 * command that takes only some of the shared short options or short ones
 * of its own (cmd_parse_options() passes "h" OPTIONS_SHORT).  When
 * optstring starts with ':', an option missing its value is reported as
 * "option '-x' wants a value" rather than as unknown. */
int cmd_parse_options_with(const struct cmd_entry *entry, const char *optstring,
			   int argc, char **argv, const struct option *longopts,
			   struct options *o,
			   int (*own)(int c, const char *arg, void *data),
			   void *data, int *rc);

/* Reports an unusable option of a command on stderr; returns exit code 4. */
int cmd_usage_error(const struct cmd_entry *entry, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

extern const struct cmd_entry cmd_exec_entry;
extern const struct cmd_entry cmd_patches_entry;
extern const struct cmd_entry cmd_plan_entry;
extern const struct cmd_entry cmd_run_entry;
extern const struct cmd_entry cmd_rollback_entry;
extern const struct cmd_entry cmd_resume_entry;
extern const struct cmd_entry cmd_approve_entry;
extern const struct cmd_entry cmd_abort_entry;
extern const struct cmd_entry cmd_runs_entry;
extern const struct cmd_entry cmd_history_entry;
extern const struct cmd_entry cmd_facts_entry;
extern const struct cmd_entry cmd_show_entry;
extern const struct cmd_entry cmd_report_entry;
extern const struct cmd_entry cmd_help_entry;
extern const struct cmd_entry cmd_inventory_entry;
extern const struct cmd_entry cmd_validate_entry;
extern const struct cmd_entry cmd_schedule_entry;
extern const struct cmd_entry cmd_timer_entry;
extern const struct cmd_entry cmd_version_entry;

#endif
