/*
 * playbook.h - a playbook read into typed structs.
 *
 * A playbook file holds one play (a mapping) or a list of plays.  A play
 * names its hosts (an inventory pattern), how they are cut into waves,
 * when a wave has failed, what is done on each host (tasks) and how health
 * is checked (verify); docs/playbooks.md is the reference for every key.
 *
 * Loading checks everything that can be checked without a host: every key
 * is known (unknown ones get a did-you-mean), every value has its type,
 * every task names exactly one module and the module accepts its
 * arguments.  Errors are ERROR_INVALID at file:line:column naming the key.
 *
 * Ownership: a struct playbook owns its plays, tasks and the YAML
 * document they point into (task->args is a node of it, kept for the
 * positions of variable errors at run time).  Free with playbook_free().
 */
#ifndef CREST_PLAYBOOK_H
#define CREST_PLAYBOOK_H

#include <stddef.h>

#include <jansson.h>

#include "base/error.h"
#include "yaml-doc.h"

struct module;

/* One entry of waves: (alias serial): a host count or a percentage. */
struct wave_size {
	int is_percent;
	long long value; /* hosts (1 or more), or percent (1 to 100) */
};

/* max_failures (alias max_fail_percentage): a count or a percentage of the
 * wave; a wave has failed when its failed hosts exceed it. */
struct failure_limit {
	int is_percent;
	double value;
};

/* unreachable: whether a host that cannot be reached counts as failed. */
enum unreachable_policy {
	UNREACHABLE_FAIL, /* it counts against the budgets (the default) */
	UNREACHABLE_SKIP, /* it is skipped: listed, never counted */
};

enum play_order {
	ORDER_INVENTORY,
	ORDER_REVERSE_INVENTORY,
	ORDER_SORTED,
	ORDER_REVERSE_SORTED,
	ORDER_SHUFFLE,
};

enum rollback_scope {
	ROLLBACK_WAVE, /* the failed wave (the default) */
	ROLLBACK_RUN,  /* the failed wave, then every earlier one */
	ROLLBACK_NONE, /* nothing: leave hosts as they are */
};

/* A position in the playbook, for messages at run time. */
struct where {
	const char *file; /* borrowed from the document */
	unsigned line;
	unsigned column;
};

/* One condition of when: NAME, not NAME, NAME is [not] defined, NAME OP
 * VALUE (OP one of == != < <= > >=, the order ones with a number), or a
 * literal true/false. */
struct condition {
	enum {
		COND_TRUTHY,
		COND_FALSY,
		COND_EQUAL,
		COND_NOT_EQUAL,
		COND_CONSTANT,
		COND_DEFINED,
		COND_UNDEFINED,
		/* the comparisons by order, from here on */
		COND_LESS,
		COND_LESS_EQUAL,
		COND_GREATER,
		COND_GREATER_EQUAL,
	} kind;
	char *name;    /* a variable reference (vars-ref.h) */
	json_t *value; /* the literal of a comparison, or COND_CONSTANT's */
	struct where at;
};

struct task {
	char *name; /* NULL when not given */
	const struct module *module;
	const struct ynode *args; /* the node under the module key */
	struct condition *when;	  /* all must hold */
	size_t n_when;
	unsigned timeout;	/* seconds, 0 = no task timeout */
	char *rollback;		/* a shell line undoing the task */
	int become;		/* -1 = as the play, 0 no, 1 yes */
	struct where at;	/* the task's first key */
	struct where module_at; /* the module's key */
};

/* One check of analysis: a Prometheus instant query with thresholds, or
 * an HTTP URL's status code, measured from the controller. */
struct analysis_check {
	enum { ANALYSIS_PROMETHEUS, ANALYSIS_HTTP } kind;
	char *url;	      /* prometheus: the server; http: the URL */
	char *query;	      /* prometheus: PromQL, or NULL */
	int has_max, has_min; /* prometheus: which thresholds hold */
	double max, min;      /* every sample must be <= max and >= min */
	long status;	      /* http: the status expected (default 200) */
	unsigned timeout;     /* seconds for one measurement (default 10) */
	struct where at;
};

/* analysis: the metric gates of every wave (docs/running.md, "Metric
 * gates"). */
struct play_analysis {
	struct analysis_check *checks; /* empty: no analysis */
	size_t n_checks;
	unsigned interval; /* seconds between measurements (default 30) */
	unsigned failures; /* consecutive failed ones fail a wave (default 1) */
	struct where at;
};

struct play {
	char *name;
	char *hosts;		 /* an inventory pattern */
	struct wave_size *waves; /* empty: one wave of all hosts */
	size_t n_waves;
	struct failure_limit max_failures; /* default: count 0 */
	/* max_failures_total: a count or a percentage of the play's hosts,
	 * over all its waves; has_max_failures_total 0: no such budget. */
	struct failure_limit max_failures_total;
	int has_max_failures_total;
	enum unreachable_policy unreachable;
	/* Gates (docs/running.md "Gates"): pause: approval (every wave
	 * after the first waits), or approve: the waves (1-based) that wait
	 * for 'crest approve' before they start. */
	int pause_approval;
	unsigned *approve;
	size_t n_approve;
	char *spread_by; /* a host variable, or NULL */
	enum play_order order;
	int has_seed;
	unsigned long long seed; /* shuffle_seed */
	unsigned pause;		 /* seconds after each wave */
	char *window;		 /* a window of crest.yml, or NULL */
	unsigned wave_timeout;	 /* seconds a wave is expected to take at
				    most, for the window (0: unknown) */
	enum rollback_scope rollback;
	json_t *vars;	     /* the play's vars, as written */
	struct task *verify; /* checks after tasks and after pause */
	size_t n_verify;
	struct task *tasks;
	size_t n_tasks;
	struct play_analysis analysis;
	/* notify: the play's own webhooks and mail, added to crest.yml's
	 * for the run (lang/notify-config.h reads it; a node of the
	 * document), or NULL. */
	const struct ynode *notify;
	int become;
	int facts; /* facts: true: gather the hosts' facts first */
	struct where at;
	struct where hosts_at;
};

struct playbook {
	char *file;
	struct play *plays;
	size_t n_plays;
	struct yaml_doc *doc;
};

/* Reads the playbook at path into *out (caller frees with
 * playbook_free()).  Returns 0, or -1 with err set. */
int playbook_load(const char *path, struct playbook **out, struct error *err);

/* Reads a playbook from len bytes of text; name is what errors call it. */
int playbook_load_buffer(const char *name, const char *text, size_t len,
			 struct playbook **out, struct error *err);

/* Frees a playbook.  Accepts NULL. */
void playbook_free(struct playbook *pb);

/* Returns the name of an order or a rollback scope as the playbook spells
 * it. */
const char *play_order_name(enum play_order order);
const char *rollback_scope_name(enum rollback_scope scope);

#endif
