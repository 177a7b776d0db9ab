/*
 * cmd-inventory.c - "crest inventory": show an inventory as crest reads it,
 * in the shapes ansible-inventory prints (--list, --host, --graph), so the
 * two can be compared directly.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "pattern-facts.h"
#include "base/error.h"
#include "inventory/inventory.h"

/* Prints a JSON document as ansible-inventory does: sorted, indent 4. */
static int print_json(json_t *json)
{
	char *text = json_dumps(json, JSON_SORT_KEYS | JSON_INDENT(4) |
					      JSON_ENCODE_ANY);

	if (text == NULL)
		return -1;
	printf("%s\n", text);
	free(text);
	return 0;
}

/* Prints err as "crest inventory: file:line:col: message". */
static int report(const struct error *err)
{
	struct buf b = BUF_INIT;

	error_format(err, &b);
	fprintf(stderr, "crest inventory: %s\n", b.data);
	buf_release(&b);
	return error_exit_code(err);
}

/* Finds the one host --host names: a host name, else a pattern matching
 * exactly one host (facts terms read state_dir's facts). */
static struct host *find_one_host(struct inventory *inv, const char *name,
				  const char *state_dir, struct error *err)
{
	struct host **hosts = NULL, *h = inventory_host(inv, name);
	struct pattern_facts pf;
	size_t n = 0;
	int rc;

	if (h)
		return h;
	pattern_facts_init(&pf, "inventory", state_dir);
	inventory_set_facts(inv, pattern_facts_ops(&pf));
	rc = inventory_select(inv, name, NULL, &hosts, &n, err);
	inventory_set_facts(inv, NULL);
	pattern_facts_note(&pf);
	pattern_facts_release(&pf);
	if (rc < 0)
		return NULL;
	h = n == 1 ? hosts[0] : NULL;
	free(hosts);
	if (h == NULL)
		error_set(err, ERROR_INVALID,
			  "--host needs one host; '%s' matches %zu", name, n);
	return h;
}

/* Parses the options, loads the inventory, prints the chosen view. */
static int cmd_inventory_exec(int argc, char **argv)
{
	static const struct option options[] = {
		{"inventory", required_argument, NULL, 'i'},
		{"list", no_argument, NULL, 'l'},
		{"host", required_argument, NULL, 'H'},
		{"graph", no_argument, NULL, 'g'},
		{"limit", required_argument, NULL, 'L'},
		{"json", no_argument, NULL, 'j'},
		{"state-dir", required_argument, NULL, 'S'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct error err = ERROR_INIT;
	struct inventory *inv = NULL;
	struct buf out = BUF_INIT;
	const char *path = NULL, *host_name = NULL, *limit = NULL;
	const char *state_dir = NULL;
	int list = 0, graph = 0, c, rc = CREST_EXIT_OK;
	json_t *json = NULL;
	struct host *h;

	optind = 1;
	while ((c = getopt_long(argc, argv, "i:h", options, NULL)) != -1) {
		switch (c) {
		case 'i':
			path = optarg;
			break;
		case 'l':
			list = 1;
			break;
		case 'H':
			host_name = optarg;
			break;
		case 'g':
			graph = 1;
			break;
		case 'L':
			limit = optarg;
			break;
		case 'j':
			break;
		case 'S':
			state_dir = optarg;
			break;
		case 'h':
			cmd_print_usage(&cmd_inventory_entry);
			return CREST_EXIT_OK;
		default:
			return cmd_usage_error(&cmd_inventory_entry,
					       "unknown option");
		}
	}
	if (path == NULL)
		return cmd_usage_error(&cmd_inventory_entry,
				       "-i INVENTORY is required");
	if (list + graph + (host_name != NULL) != 1)
		return cmd_usage_error(&cmd_inventory_entry,
				       "give one of --list, --host NAME, "
				       "--graph");
	if (optind < argc && !(graph && optind + 1 == argc))
		return cmd_usage_error(&cmd_inventory_entry,
				       "unexpected argument '%s'",
				       argv[optind]);
	if (limit)
		fprintf(stderr, "crest inventory: --limit does not narrow "
				"--list, --host or --graph (as in "
				"ansible-inventory)\n");
	if (inventory_load(path, &inv, &err) < 0) {
		rc = report(&err);
		goto out;
	}
	if (list) {
		json = inventory_to_json(inv);
	} else if (host_name) {
		h = find_one_host(inv, host_name, state_dir, &err);
		if (h == NULL) {
			rc = report(&err);
			goto out;
		}
		json = inventory_host_json(inv, h);
	} else {
		if (inventory_graph(inv, optind < argc ? argv[optind] : "all",
				    &out, &err) < 0) {
			rc = report(&err);
			goto out;
		}
		fputs(out.data, stdout);
	}
	if (json && print_json(json) < 0) {
		fprintf(stderr, "crest inventory: cannot encode JSON\n");
		rc = CREST_EXIT_FAILED;
	}
out:
	json_decref(json);
	buf_release(&out);
	inventory_free(inv);
	error_release(&err);
	return rc;
}

const struct cmd_entry cmd_inventory_entry = {
	.name = "inventory",
	.summary = "show an inventory's hosts, groups and variables",
	.usage = "inventory -i INVENTORY (--list | --host NAME | --graph "
		 "[GROUP])\n\n"
		 "  -i, --inventory INV  an INI or YAML file, a directory, an "
		 "executable\n"
		 "                       printing JSON, or a list 'h1,h2,'\n"
		 "  --list               all groups and host variables as "
		 "JSON, in the\n"
		 "                       shape 'ansible-inventory --list' "
		 "prints\n"
		 "  --host NAME          one host's merged variables as JSON\n"
		 "  --graph [GROUP]      the group tree under GROUP (default "
		 "all)\n"
		 "  --json               accepted; the output is JSON anyway\n"
		 "  --state-dir DIR      where facts terms of --host's pattern "
		 "read facts\n"
		 "  -h, --help           this text\n",
	.exec = cmd_inventory_exec,
};
