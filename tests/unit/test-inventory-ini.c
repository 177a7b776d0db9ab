/*
 * test-inventory-ini.c - unit tests for inventory/inventory-ini.c: what
 * INI inventories mean, and every error with its exact line:column.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "inventory/inventory-build.h"
#include "base/xmalloc.h"

/* Parses INI text into a finished inventory; NULL and *msg on error. */
static struct inventory *parse(const char *text, size_t len, char **msg)
{
	struct inventory *inv = inventory_new("inv.ini");
	struct error err = ERROR_INIT;
	struct buf b = BUF_INIT;

	if (inventory_parse_ini(inv, "inv.ini", text, len, &err) == 0 &&
	    inventory_finish(inv, &err) == 0)
		return inv;
	error_format(&err, &b);
	*msg = buf_detach(&b, NULL);
	error_release(&err);
	inventory_free(inv);
	return NULL;
}

/* Asserts that text fails with exactly want. */
static void check_error(const char *text, const char *want)
{
	char *msg = NULL;
	struct inventory *inv = parse(text, strlen(text), &msg);

	if (inv)
		fail_msg("'%s' parsed, want error '%s'", text, want);
	if (strcmp(msg, want) != 0)
		fail_msg("got '%s', want '%s'", msg, want);
	free(msg);
}

/* Returns a host variable as compact JSON; caller frees. */
static char *var(struct inventory *inv, const char *host, const char *key)
{
	struct host *h = inventory_host(inv, host);

	assert_non_null(h);
	return json_dumps(json_object_get(h->vars, key),
			  JSON_COMPACT | JSON_ENCODE_ANY);
}

/* Asserts a host variable's JSON. */
static void check_var(struct inventory *inv, const char *host, const char *key,
		      const char *want)
{
	char *got = var(inv, host, key);

	if (got == NULL || strcmp(got, want) != 0)
		fail_msg("%s %s: got %s, want %s", host, key, got, want);
	free(got);
}

/* Inline vars are shell-split and typed; group vars are typed too. */
static void test_values(void **state)
{
	static const char text[] =
		"h1 a=1 b=yes c=\"two words\" d='[1, 2]' e=x#comment\n"
		"[g]\n"
		"h1\n"
		"[g:vars]\n"
		"f = 'quoted'\n"
		"g=1 # trailing comment\n"
		"h=text # kept\n";
	char *msg = NULL;
	struct inventory *inv = parse(text, sizeof(text) - 1, &msg);

	assert_non_null(inv);
	check_var(inv, "h1", "a", "1");
	check_var(inv, "h1", "b", "\"yes\"");
	check_var(inv, "h1", "c", "\"two words\"");
	check_var(inv, "h1", "d", "[1,2]");
	check_var(inv, "h1", "e", "\"x\"");
	check_var(inv, "h1", "f", "\"quoted\"");
	check_var(inv, "h1", "g", "1");
	check_var(inv, "h1", "h", "\"text # kept\"");
	inventory_free(inv);
}

/* Ports, ranges, and children declared after their parent names them. */
static void test_structure(void **state)
{
	static const char text[] = "; comment\n"
				   "[prod:children]\n"
				   "web\n"
				   "[web]\n"
				   "w[1:3:2]:2222\n"
				   "[10.0.0.1]:2200\n"
				   "[web:vars]\n"
				   "ansible_group_priority=3\n";
	char *msg = NULL;
	struct inventory *inv = parse(text, sizeof(text) - 1, &msg);
	struct host **hosts = NULL;
	struct error err = ERROR_INIT;
	size_t n = 0;

	assert_non_null(inv);
	assert_int_equal(inventory_n_hosts(inv), 3);
	assert_int_equal(inventory_host(inv, "w1")->port, 2222);
	assert_int_equal(inventory_host(inv, "w3")->port, 2222);
	assert_int_equal(inventory_host(inv, "10.0.0.1")->port, 2200);
	assert_null(json_object_get(inventory_host(inv, "w1")->vars,
				    "ansible_group_priority"));
	assert_int_equal(inventory_select(inv, "prod", NULL, &hosts, &n, &err),
			 0);
	assert_int_equal(n, 3);
	free(hosts);
	inventory_free(inv);
}

/* Every INI error names its line and column. */
static void test_errors(void **state)
{
	check_error("[web:child]\nh1\n",
		    "inv.ini:1:1: section [web:child] has unknown type 'child' "
		    "(use [web], [web:children] or [web:vars])");
	check_error("\n  [web prod]\n",
		    "inv.ini:2:3: invalid section '[web prod]': no spaces, and "
		    "only [group], [group:children] or [group:vars]");
	check_error("h1 a=\"open\n",
		    "inv.ini:1:1: cannot parse host line: No closing "
		    "quotation");
	check_error("h1 a=1 novalue\n",
		    "inv.ini:1:1: expected key=value after the host name, got "
		    "'novalue'");
	check_error("[g:vars]\nnovalue\n",
		    "inv.ini:2:1: expected key=value, got 'novalue'");
	check_error("[g:vars]\na=1\n",
		    "inv.ini:1:1: section [g:vars] is for group 'g', which the "
		    "inventory never declares");
	check_error("[g]\n[g:children]\nmissing\n",
		    "inv.ini:3:1: section [g:children] names group 'missing', "
		    "which the inventory never declares");
	check_error("[g:children]\nbad name\n",
		    "inv.ini:2:1: expected a group name, got 'bad name'");
	check_error("host:\n", "inv.ini:1:1: host 'host:' ends in ':', which "
			       "is reserved for a port");
	check_error("---\n", "inv.ini:1:1: host '---' looks like the start "
			     "of a YAML file; give YAML inventories a .yml "
			     "name");
	check_error("w[3:1:0]\n", "inv.ini:1:1: bad host range in 'w[3:1:0]'");
	check_error("w[01:100]\n", "inv.ini:1:1: host range must specify "
				   "equal-length begin and end formats in "
				   "'w[01:100]'");
	check_error("[g:vars]\nansible_group_priority=high\n[g]\n",
		    "inv.ini:2:1: ansible_group_priority of group 'g' is not "
		    "an integer");
	check_error("[a:children]\nall\n",
		    "inv.ini:2:1: group 'all' cannot be a child of group "
		    "'a'");
}

/* Found by fuzz-inventory: thousands of hosts from one range used to
 * grow arrays one slot at a time (2 GB under ASan); it now parses in a
 * few megabytes and fails on line 5 as it should.  The input is also
 * kept in tests/fuzz/regressions/. */
static void test_fuzz_range_growth(void **state)
{
	static const char data[] =
		"zt=0:2].exab]:c] ansible_eort=0:2].ex==b]\012\301w[01:10:2]ma"
		"x_conn=100.echildre\006:2]\317\317\317\317\317\317\317\012\301"
		"w[0:21092].exw266620:2].]\3776a\355\355\355\355\355\355pywt7E"
		"b]\012\012w2 db\3775";
	char *msg = NULL;

	assert_null(parse(data, sizeof(data) - 1, &msg));
	if (strstr(msg, "inv.ini:5:1: expected key=value") == NULL)
		fail_msg("%s", msg);
	free(msg);
}

/* Found by fuzz-inventory (a timeout): lines of nested ranges expanding
 * to some 100000 hosts before an error on line 6.  Not a hang, but the
 * caps must keep it to a fraction of a second; kept in
 * tests/fuzz/regressions/ too. */
static void test_fuzz_slow_ranges(void **state)
{
	static const char data[] =
		"zt=0:2].e0:2].ex=b]\012\301w[01:10:2].exw[01:20:2]\317\3170*0"
		"00\304>\210[0:210:2].exw[01:20:2].]\3776a\355\355\355\355\355"
		"\355pywt7Eb2].]\3776j\355\355\355\355\355\355\355\355\355\355"
		"j\355\355\355\355\355\355\355\355\355\355\355\355\355\355\355"
		"\377\377\377\377\377\377\377\377\377\377\377\377\377\377\377"
		"\377"
		"\305\305\305\305\305\305\305\305\305\305\305\305\305\305\305"
		"\305"
		"\305\305\305\305ible_eort=0:2].ex=b]\012\301w[01:10:2].exw[01"
		":20:2]\317\3170*000\304>\210[0:210:2].exw[01:20:2].]\3776a\355"
		"\355\355\355\355\355\355\355\377\377\377\377\377\377\377\377"
		"\377"
		"\377\377\377\377\377\377\377\305\305\305\305\305\305\305\305"
		"\305"
		"\305\305\305\305\305\305\305\305\305\305\305ible_eort=0:2].ex"
		"=b]\012\301w[01:10:2].exw[01:20:2]\317\3170*000\304>\210[0:21"
		"0:2].exw[01:20:2].]\3776a\355\355\355\355\355\355py]\012\012w"
		"2R db\3775";
	char *msg = NULL;

	assert_null(parse(data, sizeof(data) - 1, &msg));
	if (strstr(msg, "inv.ini:6:1: expected key=value") == NULL)
		fail_msg("%s", msg);
	free(msg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_structure),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_fuzz_range_growth),
		cmocka_unit_test(test_fuzz_slow_ranges),
	};

	return cmocka_run_group_tests_name("inventory-ini", tests, NULL, NULL);
}
