/*
 * test-inventory-source.c - unit tests for inventory/inventory-source.c:
 * which parser reads a source, directories, host lists, and the
 * group_vars/ and host_vars/ lookup rules.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "inventory/inventory.h"
#include "base/xmalloc.h"

static char dir[] = "/tmp/crest-test-source-XXXXXX";

/* Writes text to DIR/name, making directories on the way. */
static void put(const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", dir, name), *p;
	FILE *fp;

	for (p = strchr(path + strlen(dir) + 1, '/'); p;
	     p = strchr(p + 1, '/')) {
		*p = '\0';
		mkdir(path, 0755);
		*p = '/';
	}
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	free(path);
}

/* Loads DIR/name (or DIR itself for ""). */
static struct inventory *load(const char *name, char **msg)
{
	char *path = *name ? xasprintf("%s/%s", dir, name) : xstrdup(dir);
	struct error err = ERROR_INIT;
	struct inventory *inv = NULL;

	if (inventory_load(path, &inv, &err) < 0) {
		struct buf b = BUF_INIT;

		error_format(&err, &b);
		*msg = buf_detach(&b, NULL);
	}
	error_release(&err);
	free(path);
	return inv;
}

/* Returns a host variable as compact JSON; caller frees. */
static char *var(struct inventory *inv, const char *host, const char *key)
{
	return json_dumps(json_object_get(inventory_host(inv, host)->vars, key),
			  JSON_COMPACT | JSON_ENCODE_ANY);
}

/* Makes the scratch directory. */
static int setup(void **state)
{
	assert_non_null(mkdtemp(dir));
	return 0;
}

/* Removes the scratch directory. */
static int teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);

	assert_int_equal(system(cmd), 0);
	free(cmd);
	return 0;
}

/* Formats by extension, and a guess for files without one. */
static void test_formats(void **state)
{
	struct inventory *inv;
	char *msg = NULL;

	put("a/hosts", "[web]\nw1\n");
	put("a/hosts.yml", "web:\n  hosts: {w2: }\n");
	put("a/hosts.cfg", "w3\n");
	put("a/noext-yaml", "web:\n  hosts: {w4: }\n");
	inv = load("a/hosts", &msg);
	assert_non_null(inventory_host(inv, "w1"));
	inventory_free(inv);
	inv = load("a/hosts.yml", &msg);
	assert_non_null(inventory_host(inv, "w2"));
	inventory_free(inv);
	inv = load("a/hosts.cfg", &msg);
	assert_non_null(inventory_host(inv, "w3"));
	inventory_free(inv);
	inv = load("a/noext-yaml", &msg);
	assert_non_null(inventory_host(inv, "w4"));
	inventory_free(inv);
	put("a/bad.yml", "- [a\n");
	assert_null(load("a/bad.yml", &msg));
	assert_non_null(strstr(msg, "bad.yml:2:1: YAML syntax error"));
	free(msg);
	put("a/list.yml", "- a\n");
	assert_null(load("a/list.yml", &msg));
	assert_non_null(strstr(msg, "list.yml:1:1: a YAML inventory is a "
				    "mapping of groups, not a list"));
	free(msg);
	put("a/x.toml", "[web]\n");
	assert_null(load("a/x.toml", &msg));
	assert_non_null(strstr(msg, "TOML inventories are not supported"));
	free(msg);
}

/* A directory reads its entries in order, skipping Ansible's ignored
 * names, and applies group_vars/ and host_vars/. */
static void test_directory(void **state)
{
	struct inventory *inv;
	char *msg = NULL, *v;

	put("d/10-first", "[web]\nw1\nw2\n[db]\nd1\n");
	put("d/20-second.yml", "web:\n  hosts: {w3: }\n");
	put("d/README.md", "not an inventory\n");
	put("d/old.ini", "[web]\nignored\n");
	put("d/.hidden", "[web]\nignored\n");
	put("d/group_vars/all.yml", "a: all\nb: all\n");
	put("d/group_vars/web/1.yml", "b: web1\nc: web1\n");
	put("d/group_vars/web/2", "c: web2\n");
	put("d/group_vars/web/skip.txt", "c: skipped\n");
	put("d/group_vars/web/backup~", "c: skipped\n");
	put("d/group_vars/db", "b: db-noext\n");
	put("d/group_vars/db.yml", "b: db-yml-unused\n");
	put("d/host_vars/w1.json", "{\"b\": \"w1\"}\n");
	put("d/host_vars/d1.yaml", "");
	inv = load("d", &msg);
	assert_non_null(inv);
	assert_int_equal(inventory_n_hosts(inv), 4);
	assert_null(inventory_host(inv, "ignored"));
	assert_string_equal(inventory_host_at(inv, 3)->name, "w3");
	v = var(inv, "w1", "b");
	assert_string_equal(v, "\"w1\"");
	free(v);
	v = var(inv, "w2", "b");
	assert_string_equal(v, "\"web1\"");
	free(v);
	v = var(inv, "w2", "c");
	assert_string_equal(v, "\"web2\"");
	free(v);
	v = var(inv, "d1", "b");
	assert_string_equal(v, "\"db-noext\"");
	free(v);
	v = var(inv, "d1", "a");
	assert_string_equal(v, "\"all\"");
	free(v);
	inventory_free(inv);
	put("d/group_vars/all.yml", "[1, 2]\n");
	assert_null(load("d", &msg));
	assert_non_null(strstr(msg, "group_vars/all.yml:1:1: a variables file "
				    "holds a mapping, not a list"));
	free(msg);
	put("d/group_vars/all.yml", "a: all\n");
	put("d/30-broken", "[web:child]\n");
	assert_null(load("d", &msg));
	assert_non_null(strstr(msg, "30-broken:1:1: section [web:child]"));
	free(msg);
}

/* A file's group_vars/ are beside it. */
static void test_file_beside_vars(void **state)
{
	struct inventory *inv;
	char *msg = NULL, *v;

	put("f/hosts.ini", "[web]\nw1\n");
	put("f/group_vars/web.yml", "http_port: 80\n");
	inv = load("f/hosts.ini", &msg);
	v = var(inv, "w1", "http_port");
	assert_string_equal(v, "80");
	free(v);
	inventory_free(inv);
}

/* A missing path is invalid input; a host list is not a path. */
static void test_missing_and_lists(void **state)
{
	struct error err = ERROR_INIT;
	struct inventory *inv = NULL;
	char *msg = NULL;

	assert_null(load("nosuch", &msg));
	assert_non_null(strstr(msg, "nosuch: No such file or directory"));
	free(msg);
	assert_int_equal(inventory_load("localhost,", &inv, &err), 0);
	assert_int_equal(inventory_n_hosts(inv), 1);
	assert_string_equal(inventory_host_at(inv, 0)->name, "localhost");
	inventory_free(inv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_directory),
		cmocka_unit_test(test_file_beside_vars),
		cmocka_unit_test(test_missing_and_lists),
	};

	return cmocka_run_group_tests_name("inventory-source", tests, setup,
					   teardown);
}
