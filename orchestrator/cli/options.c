/*
 * options.c - parsing and checking the shared command-line options; see
 * options.h.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/exec-select.h"
#include "engine/executor.h"
#include "engine/fd-limit.h"
#include "options.h"
#include "pattern-facts.h"
#include "base/xmalloc.h"

/* Sets the defaults. */
void options_init(struct options *o)
{
	struct transport_options t = TRANSPORT_OPTIONS_INIT;

	memset(o, 0, sizeof(*o));
	o->forks = CREST_FORKS_DEFAULT;
	o->transport = t;
}

/* Parses --forks N. */
static int options_parse_forks(struct options *o, const char *arg,
			       struct error *err)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(arg, &end, 10);
	if (errno || *end || arg[0] < '0' || arg[0] > '9' || v < 1 ||
	    v > CREST_FORKS_MAX)
		return error_set(err, ERROR_INVALID,
				 "--forks: '%s' is not a number from 1 to %u",
				 arg, CREST_FORKS_MAX);
	o->forks = (unsigned)v;
	return 0;
}

/* Says whether s is a variable name: a letter or _, then letters, digits
 * and _ (what {{ name }} can refer to). */
static int options_is_name(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || (s[0] >= '0' && s[0] <= '9'))
		return 0;
	for (i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return 0;
	return 1;
}

/* Parses -e KEY=VALUE. */
static int options_parse_var(struct options *o, const char *arg,
			     struct error *err)
{
	const char *eq = strchr(arg, '=');

	if (eq == NULL || !options_is_name(arg, (size_t)(eq - arg)))
		return error_set(err, ERROR_INVALID,
				 "-e: '%s' is not KEY=VALUE with KEY made of "
				 "letters, digits and _",
				 arg);
	o->vars = xreallocarray(o->vars, o->n_vars + 1, sizeof(*o->vars));
	o->vars[o->n_vars].key = xstrndup(arg, (size_t)(eq - arg));
	o->vars[o->n_vars].value = eq + 1;
	o->n_vars++;
	return 0;
}

/* Parses --rollout ID: what crest runs groups shards by, and prints. */
static int options_parse_rollout(struct options *o, const char *arg,
				 struct error *err)
{
	size_t i, len = strlen(arg);

	for (i = 0; i < len; i++)
		if ((unsigned char)arg[i] <= ' ' || arg[i] == 0x7f)
			break;
	if (len == 0 || len > 128 || i < len)
		return error_set(err, ERROR_INVALID,
				 "--rollout: '%s' is not 1 to 128 characters "
				 "without spaces or control characters",
				 arg);
	o->rollout = arg;
	return 0;
}

/* Takes one getopt result if it is a shared option. */
int options_parse(struct options *o, int c, const char *arg, struct error *err)
{
	struct transport_options *t = &o->transport;

	switch (c) {
	case 'i':
		o->inventory = arg;
		break;
	case OPTIONS_LIMIT:
		o->limit = arg;
		break;
	case OPTIONS_FORKS:
		return options_parse_forks(o, arg, err) < 0 ? -1 : 1;
	case 'e':
		return options_parse_var(o, arg, err) < 0 ? -1 : 1;
	case OPTIONS_KEY:
		o->keys =
			xreallocarray(o->keys, o->n_keys + 1, sizeof(*o->keys));
		o->keys[o->n_keys++] = (char *)arg;
		break;
	case OPTIONS_KNOWN_HOSTS:
		t->known_hosts = arg;
		break;
	case OPTIONS_ACCEPT_NEW:
		t->accept_new = 1;
		break;
	case 'F':
		t->ssh_config = arg;
		break;
	case OPTIONS_STATE_DIR:
		o->state_dir = arg;
		break;
	case OPTIONS_JSON:
		o->json = 1;
		break;
	case OPTIONS_REPO:
		o->repo = arg;
		break;
	case OPTIONS_REF:
		o->ref = arg;
		break;
	case OPTIONS_ALLOW_DIRTY:
		o->allow_dirty = 1;
		break;
	case OPTIONS_IGNORE_WINDOW:
		o->ignore_window = 1;
		break;
	case OPTIONS_FACTS:
		o->facts = 1;
		break;
	case OPTIONS_SHARD:
		return shard_parse(arg, "--shard", &o->shard, err) < 0 ? -1 : 1;
	case OPTIONS_ROLLOUT:
		return options_parse_rollout(o, arg, err) < 0 ? -1 : 1;
	case OPTIONS_CONNECT_TIMEOUT:
		if (options_parse_duration(arg, "--connect-timeout",
					   &t->connect_timeout_ms, err) < 0)
			return -1;
		if (t->connect_timeout_ms == 0)
			return error_set(err, ERROR_INVALID,
					 "--connect-timeout: must be more "
					 "than 0");
		break;
	case OPTIONS_TIMEOUT:
		return options_parse_duration(arg, "--timeout",
					      &t->command_timeout_ms, err) < 0
			       ? -1
			       : 1;
	case OPTIONS_HOST_TIMEOUT:
		return options_parse_duration(arg, "--host-timeout",
					      &t->host_timeout_ms, err) < 0
			       ? -1
			       : 1;
	case OPTIONS_OUTPUT_LIMIT:
		if (options_parse_size(arg, "--output-limit", &t->output_limit,
				       err) < 0)
			return -1;
		if (t->output_limit == 0)
			return error_set(err, ERROR_INVALID,
					 "--output-limit: must be at least 1 "
					 "byte");
		break;
	default:
		return 0;
	}
	return 1;
}

/* Checks that a file named by an option can be read. */
static int options_readable(const char *path, const char *what,
			    struct error *err)
{
	if (path && access(path, R_OK) != 0)
		return error_set(err, ERROR_INVALID, "%s: cannot read %s: %s",
				 what, path, strerror(errno));
	return 0;
}

/* Lowers --forks to what the open-file limit can carry (after raising it
 * as far as it goes), and says so: once, since this runs once a command. */
static void options_fit_forks(struct options *o)
{
	unsigned long limit;
	unsigned fit = fd_limit_fit(o->forks, &limit);

	if (fit >= o->forks)
		return;
	fprintf(stderr,
		"crest: open-file limit %lu allows only %u parallel hosts; "
		"using --forks %u (raise ulimit -n to use more)\n",
		limit, fit, fit);
	o->forks = fit;
}

/* Checks files, fills the transport options and fits --forks under the
 * open-file limit. */
int options_finish(struct options *o, struct error *err)
{
	size_t i;

	if (options_readable(o->inventory, "-i", err) < 0 ||
	    options_readable(o->transport.ssh_config, "-F", err) < 0)
		return -1;
	for (i = 0; i < o->n_keys; i++)
		if (options_readable(o->keys[i], "--key", err) < 0)
			return -1;
	/* A missing --known-hosts file is an empty one (and --accept-new
	 * creates it); one that exists must be readable. */
	if (o->transport.known_hosts &&
	    access(o->transport.known_hosts, F_OK) == 0 &&
	    options_readable(o->transport.known_hosts, "--known-hosts", err) <
		    0)
		return -1;
	if (o->rollout && o->shard.count == 0)
		return error_set(err, ERROR_INVALID,
				 "--rollout: names the rollout of a --shard "
				 "run; give --shard K/N too");
	o->transport.keys = o->keys;
	o->transport.n_keys = o->n_keys;
	options_fit_forks(o);
	return 0;
}

/* Finds the last -e for a key. */
const char *options_var(const struct options *o, const char *key)
{
	size_t i;

	for (i = o->n_vars; i > 0; i--)
		if (strcmp(o->vars[i - 1].key, key) == 0)
			return o->vars[i - 1].value;
	return NULL;
}

/* Frees the arrays. */
void options_release(struct options *o)
{
	size_t i;

	for (i = 0; i < o->n_vars; i++)
		free(o->vars[i].key);
	free(o->vars);
	free(o->keys);
	options_init(o);
}

/* Rebuilds the -e arguments as KEY=VALUE strings. */
char **options_extra_vars(const struct options *o)
{
	char **v = xcalloc(o->n_vars + 1, sizeof(*v));
	size_t i;

	for (i = 0; i < o->n_vars; i++)
		v[i] = xasprintf("%s=%s", o->vars[i].key, o->vars[i].value);
	return v;
}

/* Frees the KEY=VALUE strings. */
void options_extra_vars_free(char **vars)
{
	size_t i;

	if (vars == NULL)
		return;
	for (i = 0; vars[i]; i++)
		free(vars[i]);
	free(vars);
}

/* Selects the hosts of a pattern as crest exec and crest patches do. */
int options_select_targets(const struct options *o, const char *command,
			   const char *pattern, struct inventory **inv,
			   struct transport_target **out, size_t *n_out,
			   struct error *err)
{
	struct pattern_facts pf;
	struct exec_select sel;
	int rc;

	pattern_facts_init(&pf, command, o->state_dir);
	sel.inventory = o->inventory;
	sel.pattern = pattern;
	sel.limit = o->limit;
	sel.user = options_var(o, "ansible_user");
	sel.port = options_var(o, "ansible_port");
	sel.connection = options_var(o, "ansible_connection");
	sel.facts = pattern_facts_ops(&pf);
	sel.shard = &o->shard;
	rc = exec_select_targets(&sel, inv, out, n_out, err);
	/* Before "matched no host": often the reason. */
	pattern_facts_note(&pf);
	pattern_facts_release(&pf);
	return rc;
}
