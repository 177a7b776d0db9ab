/*
 * fuzz-inventory.c - libFuzzer target for the inventory parsers.
 *
 * Each input is read three ways: as an INI inventory, as a YAML
 * inventory, and (its first line) as a host pattern against the INI
 * result; the inventory is then finished and printed as --list and
 * --graph print it, so merging and export run on whatever parsed.  The
 * pattern's facts terms (facts.REF=GLOB) read facts made up from each
 * host's name (none for a name of odd length), so matching runs too.  Every
 * run must end with 0 or a clean error: no crash, leak or sanitizer
 * report.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/ini-value.h"
#include "inventory/inventory-build.h"
#include "base/xmalloc.h"
#include "lang/yaml-doc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Prints an inventory the ways the CLI does, discarding the text. */
static void export(struct inventory *inv)
{
	struct error err = ERROR_INIT;
	struct buf b = BUF_INIT;
	json_t *json = inventory_to_json(inv);
	char *text = json_dumps(json, JSON_SORT_KEYS);

	free(text);
	json_decref(json);
	inventory_graph(inv, "all", &b, &err);
	buf_release(&b);
	error_release(&err);
}

/* The keys the made-up facts have. */
static const char *const fuzz_roots[] = {
	"hostname", "os", "packages", "failed_units", "memory_mb", NULL};

/* inventory_facts.get: facts made up from the host's name. */
static int fuzz_facts(void *data, const char *host, json_t **facts,
		      struct error *err)
{
	size_t n = strlen(host);

	(void)data;
	(void)err;
	*facts =
		n % 2 ? NULL
		      : json_pack("{s:s, s:{s:s}, s:{s:s, s:s}, s:[s, i], s:I}",
				  "hostname", host, "os", "codename",
				  n % 4 ? "bookworm" : "trixie", "packages",
				  "acme-agent", n % 3 ? "1.0" : "2.0", host,
				  "1:1", "failed_units", host, (int)n,
				  "memory_mb", (json_int_t)n * 1024);
	return 0;
}

/* Selects hosts with a pattern taken from the input. */
static void select_hosts(struct inventory *inv, const char *pattern)
{
	static const struct inventory_facts facts = {fuzz_facts, fuzz_roots,
						     NULL};
	struct error err = ERROR_INIT;
	struct host **hosts = NULL;
	size_t n = 0;

	inventory_set_facts(inv, &facts);
	inventory_select(inv, pattern, "all:!nosuch", &hosts, &n, &err);
	free(hosts);
	error_release(&err);
}

/* Runs one input through every inventory reader. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct error err = ERROR_INIT;
	struct yaml_doc *doc = NULL;
	struct inventory *inv;
	char *text = xstrndup((const char *)data, size);
	char *pattern = xstrndup(text, strcspn(text, "\n"));
	json_t *v;

	inv = inventory_new("fuzz.ini");
	if (inventory_parse_ini(inv, "fuzz.ini", (const char *)data, size,
				&err) == 0 &&
	    inventory_finish(inv, &err) == 0) {
		export(inv);
		select_hosts(inv, pattern);
	}
	inventory_free(inv);
	error_release(&err);

	if (yaml_doc_load_buffer("fuzz.yml", (const char *)data, size, &doc,
				 &err) == 0) {
		inv = inventory_new("fuzz.yml");
		if (inventory_parse_yaml(inv, doc, &err) == 0 &&
		    inventory_finish(inv, &err) == 0) {
			export(inv);
			select_hosts(inv, pattern);
		}
		inventory_free(inv);
	}
	yaml_doc_free(doc);
	error_release(&err);

	v = ini_value_parse(text);
	json_decref(v);
	free(pattern);
	free(text);
	return 0;
}
