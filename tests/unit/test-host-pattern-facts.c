/*
 * test-host-pattern-facts.c - unit tests for inventory/host-pattern-facts.c:
 * host pattern terms that select by fact (facts.REF=GLOB, facts.REF!=GLOB),
 * their syntax errors, hosts without facts, REFs a host's facts lack, and
 * one lookup per host and selection.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "inventory/inventory.h"
#include "base/xmalloc.h"

static const char inventory_text[] = "lone\n"
				     "[web]\n"
				     "web1\n"
				     "web2\n"
				     "web3.example.com\n"
				     "[db]\n"
				     "db1\n"
				     "db2\n";

/* Each host's facts; db2 and lone have none. */
static const char facts_text[] =
	"{\"web1\": {\"os\": {\"codename\": \"bookworm\"}, \"packages\": "
	"{\"acme-agent\": \"1.0.2\", \"curl\": \"7.88\"}, \"memory_mb\": 4096, "
	"\"reboot_required\": false, \"failed_units\": [\"nginx.service\"]},"
	" \"web2\": {\"os\": {\"codename\": \"trixie\"}, \"packages\": "
	"{\"acme-agent\": \"2.0\"}, \"memory_mb\": 1024, "
	"\"reboot_required\": true, \"failed_units\": []},"
	" \"web3.example.com\": {\"os\": {\"codename\": \"bookworm\"}, "
	"\"packages\": {\"curl\": \"1:7.88\"}},"
	" \"db1\": {\"os\": {\"codename\": \"bookworm\"}, \"packages\": "
	"{\"acme-agent\": \"1.1\"}}}";

static const char *const roots[] = {
	"hostname",	   "os", "memory_mb", "packages", "failed_units",
	"reboot_required", NULL};

/* The inventory and the fake facts store. */
struct fixture {
	struct inventory *inv;
	json_t *facts; /* host -> facts */
	json_t *calls; /* host -> lookups so far */
	int fail;      /* the lookup fails */
	struct inventory_facts ops;
};

/* inventory_facts.get over the fixture's facts, counting calls. */
static int fake_get(void *data, const char *host, json_t **facts,
		    struct error *err)
{
	struct fixture *f = data;
	json_t *n = json_object_get(f->calls, host);

	json_object_set_new(f->calls, host,
			    json_integer(n ? json_integer_value(n) + 1 : 1));
	if (f->fail)
		return error_set(err, ERROR_SYSTEM, "store unreadable");
	*facts = json_incref(json_object_get(f->facts, host));
	return 0;
}

/* Loads the inventory and the facts. */
static int setup(void **state)
{
	char path[] = "/tmp/crest-test-pattern-facts-XXXXXX";
	struct fixture *f = xcalloc(1, sizeof(*f));
	struct error err = ERROR_INIT;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, inventory_text, strlen(inventory_text)),
			 (ssize_t)strlen(inventory_text));
	close(fd);
	if (inventory_load(path, &f->inv, &err) < 0)
		fail_msg("%s", err.message);
	unlink(path);
	f->facts = json_loads(facts_text, 0, NULL);
	assert_non_null(f->facts);
	f->calls = json_object();
	f->ops.get = fake_get;
	f->ops.roots = roots;
	f->ops.data = f;
	inventory_set_facts(f->inv, &f->ops);
	*state = f;
	return 0;
}

/* Frees the fixture. */
static int teardown(void **state)
{
	struct fixture *f = *state;

	inventory_free(f->inv);
	json_decref(f->facts);
	json_decref(f->calls);
	free(f);
	return 0;
}

/* Returns the selected names joined by spaces; caller frees. */
static char *select_names(struct fixture *f, const char *pattern,
			  const char *limit)
{
	struct error err = ERROR_INIT;
	struct host **hosts = NULL;
	struct buf b = BUF_INIT;
	size_t n = 0, i;

	json_object_clear(f->calls);
	if (inventory_select(f->inv, pattern, limit, &hosts, &n, &err) < 0)
		fail_msg("'%s': %s", pattern, err.message);
	for (i = 0; i < n; i++)
		buf_addf(&b, "%s%s", i ? " " : "", hosts[i]->name);
	free(hosts);
	return buf_detach(&b, NULL);
}

/* Asserts what a pattern selects. */
static void check(struct fixture *f, const char *pattern, const char *limit,
		  const char *want)
{
	char *got = select_names(f, pattern, limit);

	if (strcmp(got, want) != 0)
		fail_msg("pattern '%s' limit '%s': got '%s', want '%s'",
			 pattern, limit ? limit : "", got, want);
	free(got);
}

/* Asserts that a pattern is refused with exactly that message. */
static void check_error(struct fixture *f, const char *pattern,
			const char *want)
{
	struct error err = ERROR_INIT;
	struct host **hosts = NULL;
	size_t n = 0;

	json_object_clear(f->calls);
	assert_int_equal(
		inventory_select(f->inv, pattern, NULL, &hosts, &n, &err), -1);
	assert_int_equal(err.kind, ERROR_INVALID);
	if (strcmp(err.message, want) != 0)
		fail_msg("pattern '%s': got '%s', want '%s'", pattern,
			 err.message, want);
	/* Refused before any host's facts were read. */
	assert_int_equal(json_object_size(f->calls), 0);
	error_release(&err);
}

/* = and != on strings, with globs, combined with the other operators. */
static void test_match(void **state)
{
	struct fixture *f = *state;

	check(f, "all:&facts.os.codename=bookworm", NULL,
	      "web1 web3.example.com db1");
	check(f, "web:&facts.os.codename=bookworm", NULL,
	      "web1 web3.example.com");
	check(f, "facts.os.codename=trixie", NULL, "web2");
	check(f, "facts.os.codename=trixie:db1", NULL, "web2 db1");
	check(f, "all:!facts.os.codename=bookworm", NULL, "lone web2 db2");
	check(f, "all:&facts.packages[\"acme-agent\"]=1.*", NULL, "web1 db1");
	check(f, "all:&facts.packages['acme-agent']=1.0*", NULL, "web1");
	check(f, "db:&facts.packages[\"acme-agent\"]=1.1", NULL, "db1");
	/* ',' separates terms, so a glob may hold ':' (an epoch). */
	check(f, "all,&facts.packages[\"curl\"]=1:*", NULL, "web3.example.com");
	check(f, "facts.os.codename=[bt]*", NULL,
	      "web1 web2 web3.example.com db1");
}

/* A host without facts matches neither = nor !=; a REF the facts lack
 * matches != only. */
static void test_missing(void **state)
{
	struct fixture *f = *state;

	check(f, "all:&facts.packages[\"acme-agent\"]!=1.0*", NULL,
	      "web2 web3.example.com db1");
	check(f, "all:&facts.packages[\"acme-agent\"]=*", NULL,
	      "web1 web2 db1");
	check(f, "all:&facts.packages[\"nosuch\"]=*", NULL, "");
	check(f, "all:&facts.packages[\"nosuch\"]!=*", NULL,
	      "web1 web2 web3.example.com db1");
	check(f, "all:&facts.hostname!=x", NULL,
	      "web1 web2 web3.example.com db1");
	check(f, "facts.os.codename!=bookworm", NULL, "web2");
}

/* Numbers, booleans and lists match by their text. */
static void test_types(void **state)
{
	struct fixture *f = *state;

	check(f, "facts.memory_mb=4096", NULL, "web1");
	check(f, "facts.memory_mb=1???", NULL, "web2");
	check(f, "facts.reboot_required=true", NULL, "web2");
	check(f, "facts.reboot_required=false", NULL, "web1");
	check(f, "facts.failed_units=nginx*", NULL, "web1");
	/* web3 has no failed_units: != holds. */
	check(f, "web:&facts.failed_units!=nginx*", NULL,
	      "web2 web3.example.com");
}

/* Facts terms in --limit; each host's facts looked up once per
 * selection, and only where they can change the answer. */
static void test_lookups(void **state)
{
	struct fixture *f = *state;

	check(f, "all:&facts.os.codename=bookworm",
	      "facts.packages[\"acme-agent\"]=1*:!facts.memory_mb=4096", "db1");
	assert_int_equal(json_object_size(f->calls), 6);
	assert_int_equal(json_integer_value(json_object_get(f->calls, "db1")),
			 1);
	assert_int_equal(json_integer_value(json_object_get(f->calls, "web1")),
			 1);
	check(f, "db:&facts.os.codename=bookworm", NULL, "db1");
	assert_int_equal(json_object_size(f->calls), 2);
	assert_null(json_object_get(f->calls, "web1"));
	check(f, "web", NULL, "web1 web2 web3.example.com");
	assert_int_equal(json_object_size(f->calls), 0);
}

/* Bad facts terms: the pattern and the column, nothing looked up. */
static void test_syntax(void **state)
{
	struct fixture *f = *state;

	check_error(f, "all:&facts.",
		    "host pattern 'all:&facts.': column 12: 'facts.' needs "
		    "a fact after it (facts.os.codename=bookworm)");
	check_error(f, "all:&facts.packages[\"acme=1",
		    "host pattern 'all:&facts.packages[\"acme=1': column 20: "
		    "'[' opens a key that is not closed: write [\"KEY\"] "
		    "(facts.packages[\"acme-agent\"])");
	check_error(f, "web:facts.os.codename",
		    "host pattern 'web:facts.os.codename': column 22: no '=' "
		    "or '!=': a facts term is facts.REF=GLOB or "
		    "facts.REF!=GLOB");
	check_error(f, "all:&facts.pakages[\"x\"]=1",
		    "host pattern 'all:&facts.pakages[\"x\"]=1': column 12: no "
		    "fact 'pakages'; did you mean 'packages'? (facts are "
		    "hostname, os, memory_mb, packages, failed_units, "
		    "reboot_required)");
	check_error(f, "all:&facts.os.=x",
		    "host pattern 'all:&facts.os.=x': column 15: '.' needs a "
		    "key after it");
	check_error(f, " web , &facts.os.codename<x",
		    "host pattern ' web , &facts.os.codename<x': column 26: a "
		    "fact's name ends here: expected '=' or '!='");
	/* The limit's terms are parsed before the pattern is matched. */
	check_error(f, "all:&facts.os.codename=x:facts.nope=1",
		    "host pattern 'all:&facts.os.codename=x:facts.nope=1': "
		    "column 32: no fact 'nope' (facts are hostname, os, "
		    "memory_mb, packages, failed_units, reboot_required)");
}

/* A failed lookup fails the selection; without a lookup a facts term is
 * an error. */
static void test_no_store(void **state)
{
	struct fixture *f = *state;
	struct error err = ERROR_INIT;
	struct host **hosts = NULL;
	size_t n = 0;

	f->fail = 1;
	assert_int_equal(inventory_select(f->inv, "facts.os.codename=x", NULL,
					  &hosts, &n, &err),
			 -1);
	assert_string_equal(err.message, "store unreadable");
	error_release(&err);
	f->fail = 0;
	inventory_set_facts(f->inv, NULL);
	check_error(f, "web:&facts.os.codename=x",
		    "host pattern 'web:&facts.os.codename=x': column 6: "
		    "selecting hosts by fact needs the facts store, which "
		    "this command does not read");
	check(f, "web[0]", NULL, "web1");
	inventory_set_facts(f->inv, &f->ops);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_match),  cmocka_unit_test(test_missing),
		cmocka_unit_test(test_types),  cmocka_unit_test(test_lookups),
		cmocka_unit_test(test_syntax), cmocka_unit_test(test_no_store),
	};

	return cmocka_run_group_tests_name("host-pattern-facts", tests, setup,
					   teardown);
}
