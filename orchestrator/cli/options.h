/*
 * options.h - the options shared by every command that reads an inventory
 * or connects to hosts, parsed in this one place so that they are spelled
 * and checked the same everywhere (DESIGN.md, section 11):
 *
 *   -i, --inventory FILE    --limit PATTERN      --forks N
 *   -e, --extra-vars K=V    --key FILE           --known-hosts FILE
 *   --accept-new            -F, --ssh-config FILE
 *   --state-dir DIR         --json
 *
 * the connection limits that go with them:
 *
 *   --connect-timeout S     --timeout S          --host-timeout S
 *   --output-limit SIZE
 *
 * and, for the commands that read a playbook (run, resume, plan), where it
 * comes from (git-source.h), in OPTIONS_GIT_LONG and OPTIONS_GIT_USAGE:
 *
 *   --repo URL|PATH         --ref REF            --allow-dirty
 *   --ignore-window (run outside the play's maintenance window, window.h)
 *
 * and, for the commands that pick a play's hosts (run, plan, exec), one
 * shard of them (inventory/shard.h), in OPTIONS_SHARD_LONG and
 * OPTIONS_SHARD_USAGE:
 *
 *   --shard K/N             --rollout ID
 *
 * A command adds OPTIONS_SHORT to its getopt_long option string and
 * OPTIONS_LONG to its struct option array, gives every getopt result to
 * options_parse() first, handles the ones it says are not shared (its own
 * long options use codes from OPTIONS_CODE_OWN up), then calls
 * options_finish().  Strings point into argv (borrowed); the arrays are
 * owned by the struct and freed by options_release().
 */
#ifndef CREST_OPTIONS_H
#define CREST_OPTIONS_H

#include <getopt.h>
#include <stddef.h>

#include "base/error.h"
#include "inventory/shard.h"
#include "transport/transport.h"

/* getopt_long codes of the shared long options without a short form. */
enum options_code {
	OPTIONS_LIMIT = 0x100,
	OPTIONS_FORKS,
	OPTIONS_KEY,
	OPTIONS_KNOWN_HOSTS,
	OPTIONS_ACCEPT_NEW,
	OPTIONS_STATE_DIR,
	OPTIONS_JSON,
	OPTIONS_CONNECT_TIMEOUT,
	OPTIONS_TIMEOUT,
	OPTIONS_HOST_TIMEOUT,
	OPTIONS_OUTPUT_LIMIT,
	OPTIONS_REPO,
	OPTIONS_REF,
	OPTIONS_ALLOW_DIRTY,
	OPTIONS_IGNORE_WINDOW,
	OPTIONS_FACTS,
	OPTIONS_SHARD,
	OPTIONS_ROLLOUT,
	/* A command's own long options take codes from here up. */
	OPTIONS_CODE_OWN = 0x200,
};

/* The shared short options, for a command's getopt_long optstring. */
#define OPTIONS_SHORT "i:e:F:"

/* The shared long options, for a command's struct option array. */
#define OPTIONS_LONG                                                           \
	{"inventory", required_argument, NULL, 'i'},                           \
		{"limit", required_argument, NULL, OPTIONS_LIMIT},             \
		{"forks", required_argument, NULL, OPTIONS_FORKS},             \
		{"extra-vars", required_argument, NULL, 'e'},                  \
		{"key", required_argument, NULL, OPTIONS_KEY},                 \
		{"known-hosts", required_argument, NULL, OPTIONS_KNOWN_HOSTS}, \
		{"accept-new", no_argument, NULL, OPTIONS_ACCEPT_NEW},         \
		{"ssh-config", required_argument, NULL, 'F'},                  \
		{"state-dir", required_argument, NULL, OPTIONS_STATE_DIR},     \
		{"json", no_argument, NULL, OPTIONS_JSON},                     \
		{"connect-timeout", required_argument, NULL,                   \
		 OPTIONS_CONNECT_TIMEOUT},                                     \
		{"timeout", required_argument, NULL, OPTIONS_TIMEOUT},         \
		{"host-timeout", required_argument, NULL,                      \
		 OPTIONS_HOST_TIMEOUT},                                        \
	{                                                                      \
		"output-limit", required_argument, NULL, OPTIONS_OUTPUT_LIMIT  \
	}

/* The playbook source options, for the struct option array of a command
 * that reads a playbook (after OPTIONS_LONG). */
#define OPTIONS_GIT_LONG                                                       \
	{"repo", required_argument, NULL, OPTIONS_REPO},                       \
		{"ref", required_argument, NULL, OPTIONS_REF},                 \
		{"allow-dirty", no_argument, NULL, OPTIONS_ALLOW_DIRTY},       \
		{"facts", no_argument, NULL, OPTIONS_FACTS},                   \
	{                                                                      \
		"ignore-window", no_argument, NULL, OPTIONS_IGNORE_WINDOW      \
	}

/* The shard options, for the struct option array of run, plan and exec. */
#define OPTIONS_SHARD_LONG                                                     \
	{"shard", required_argument, NULL, OPTIONS_SHARD},                     \
	{                                                                      \
		"rollout", required_argument, NULL, OPTIONS_ROLLOUT            \
	}

/* Their lines for --help. */
#define OPTIONS_SHARD_USAGE                                                    \
	"      --shard K/N          only the hosts of shard K of N (a fixed "  \
	"hash of\n"                                                            \
	"                           the name; docs/scaling.md)\n"              \
	"      --rollout ID         the rollout the shard belongs to, for "    \
	"'crest runs'\n"                                                       \
	"                           (default: from the commit and playbook)\n"

/* Their lines for --help. */
#define OPTIONS_GIT_USAGE                                                      \
	"      --repo URL|PATH      run from this git repository (cloned or "  \
	"fetched\n"                                                            \
	"                           into STATE/repos); PLAYBOOK is a path in " \
	"it\n"                                                                 \
	"      --ref REF            branch, tag or commit to run (default "    \
	"HEAD)\n"                                                              \
	"      --allow-dirty        run a work tree that differs from HEAD "   \
	"(recorded)\n"                                                         \
	"      --ignore-window      run even outside the play's maintenance "  \
	"window\n"                                                             \
	"      --facts              gather every play's hosts' facts first, "  \
	"as\n"                                                                 \
	"                           facts: true does (docs/facts.md)\n"

/* The shared options' lines for a command's --help, a string literal to
 * append to its usage text. */
#define OPTIONS_USAGE                                                          \
	"  -i, --inventory FILE     inventory (YAML, INI, or an executable)\n" \
	"      --limit PATTERN      only the matched hosts that also match "   \
	"PATTERN\n"                                                            \
	"      --forks N            hosts worked on at once (default 50)\n"    \
	"  -e, --extra-vars K=V     set variable K (repeatable; later wins)\n" \
	"      --key FILE           private key to try first (repeatable)\n"   \
	"      --known-hosts FILE   trusted host keys, besides "               \
	"~/.ssh/known_hosts\n"                                                 \
	"      --accept-new         record keys of hosts seen for the first "  \
	"time\n"                                                               \
	"                           (never a changed key)\n"                   \
	"  -F, --ssh-config FILE    ssh_config to read instead of "            \
	"~/.ssh/config\n"                                                      \
	"      --state-dir DIR      where runs are recorded\n"                 \
	"      --json               JSON Lines on stdout\n"                    \
	"      --connect-timeout S  TCP, handshake and login (default 10)\n"   \
	"      --timeout S          each command (default: none)\n"            \
	"      --host-timeout S     everything on one host (default: none)\n"  \
	"      --output-limit SIZE  bytes of stdout and of stderr kept per "   \
	"command\n"                                                            \
	"                           (default 64K; the rest is counted, not "   \
	"kept)\n"

/* One -e KEY=VALUE. */
struct options_var {
	char *key;	   /* owned */
	const char *value; /* borrowed from argv */
};

struct options {
	const char *inventory;	  /* -i; NULL: none given */
	const char *limit;	  /* --limit; NULL: all matched hosts */
	unsigned forks;		  /* --forks; CREST_FORKS_DEFAULT */
	struct options_var *vars; /* -e, in the order given (later wins) */
	size_t n_vars;
	char **keys; /* --key, in the order given (strings borrowed) */
	size_t n_keys;
	const char *state_dir; /* --state-dir; NULL: the default */
	int json;	       /* --json */
	const char *repo;      /* --repo; NULL: the playbook's repository */
	const char *ref;       /* --ref; NULL: HEAD */
	int allow_dirty;       /* --allow-dirty */
	int ignore_window;     /* --ignore-window */
	int facts;	       /* --facts */
	struct shard shard;    /* --shard; count 0: every host */
	const char *rollout;   /* --rollout; NULL: derived (run-session.h) */
	/* For transport_connect(): -F, --known-hosts, --accept-new, --key,
	 * the timeouts and --output-limit; filled by options_finish(). */
	struct transport_options transport;
};

/* Sets every option to its default. */
void options_init(struct options *o);

/* Takes one getopt_long result c (with optarg arg).  Returns 1 when it was
 * a shared option, 0 when it is not one (the command's own), -1 with an
 * ERROR_INVALID err when its value is bad. */
int options_parse(struct options *o, int c, const char *arg, struct error *err);

/* Checks the options as a whole (files readable) and fills o->transport;
 * raises the open-file limit and lowers o->forks to what it can carry,
 * saying so on stderr (fd-limit.h).  Returns 0, or -1 with an
 * ERROR_INVALID err. */
int options_finish(struct options *o, struct error *err);

/* Returns the value of the last -e KEY=VALUE for key, or NULL (borrowed). */
const char *options_var(const struct options *o, const char *key);

struct inventory;
struct transport_target;

/* Loads -i's inventory (into *inv, possibly NULL when none is needed) and
 * selects the hosts pattern matches within --limit, with the -e
 * connection variables over each (exec-select.h); facts terms read the
 * --state-dir's snapshots, and hosts without any are named on stderr as
 * "crest COMMAND: ..." (pattern-facts.h).  Returns 0 or -1. */
int options_select_targets(const struct options *o, const char *command,
			   const char *pattern, struct inventory **inv,
			   struct transport_target **out, size_t *n_out,
			   struct error *err);

/* Parses a duration in seconds ("10", "2.5", "1500ms", "2m") into
 * milliseconds.  Returns 0, or -1 with an ERROR_INVALID err naming what. */
int options_parse_duration(const char *s, const char *what, unsigned *ms,
			   struct error *err);

/* Parses a size in bytes ("65536", "64K", "1M").  Returns 0, or -1 with an
 * ERROR_INVALID err naming what. */
int options_parse_size(const char *s, const char *what, size_t *bytes,
		       struct error *err);

/* Returns the -e options as "KEY=VALUE" strings, in order, in a
 * NULL-terminated array the caller frees with options_extra_vars_free(). */
char **options_extra_vars(const struct options *o);

/* Frees what options_extra_vars() returned.  Accepts NULL. */
void options_extra_vars_free(char **vars);

/* Frees what the options own; they are as after options_init(). */
void options_release(struct options *o);

#endif
