/*
 * test-jump.c - unit tests for the ProxyJump parsing of
 * orchestrator/transport/jump.c.
 *
 * The strings fed to jump_parse() are the ones libssh 0.10's ssh_config
 * reader writes for "ProxyJump ..." (src/config.c,
 * ssh_config_parse_proxy_jump): "ssh [-l U] [-p P] [-J REST] -W '[%h]:%p'
 * FIRST".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "transport/jump.h"

/* One hop, as libssh writes it for "ProxyJump bastion". */
static void test_one_hop(void **state)
{
	struct jump_list l = JUMP_LIST_INIT;
	struct error err = ERROR_INIT;

	assert_int_equal(jump_parse("ssh -W '[%h]:%p' bastion", &l, &err), 1);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.hops[0].host, "bastion");
	assert_null(l.hops[0].user);
	assert_int_equal(l.hops[0].port, 0);
	jump_list_release(&l);
}

/* User and port of the first hop come as -l and -p. */
static void test_user_port(void **state)
{
	struct jump_list l = JUMP_LIST_INIT;
	struct error err = ERROR_INIT;

	assert_int_equal(jump_parse("ssh -l ops -p 2222 -W '[%h]:%p' 10.0.0.1",
				    &l, &err),
			 1);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.hops[0].user, "ops");
	assert_string_equal(l.hops[0].host, "10.0.0.1");
	assert_int_equal(l.hops[0].port, 2222);
	jump_list_release(&l);
}

/* "ProxyJump a,u@b:23,[::1]:24" is visited a, then b, then ::1. */
static void test_chain_order(void **state)
{
	struct jump_list l = JUMP_LIST_INIT;
	struct error err = ERROR_INIT;

	assert_int_equal(
		jump_parse("ssh -J u@b:23,[::1]:24 -W '[%h]:%p' a", &l, &err),
		1);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.hops[0].host, "a");
	assert_string_equal(l.hops[1].host, "b");
	assert_string_equal(l.hops[1].user, "u");
	assert_int_equal(l.hops[1].port, 23);
	assert_string_equal(l.hops[2].host, "::1");
	assert_int_equal(l.hops[2].port, 24);
	jump_list_release(&l);
}

/* A ProxyCommand of the user's own is not a jump: it is left alone. */
static void test_other_proxycommand(void **state)
{
	static const char *const cmds[] = {
		"nc %h %p",
		"ssh -W %h:%p bastion",
		"ssh -W '[%h]:%p'",
		"ssh -o Foo=bar -W '[%h]:%p' bastion",
		"ssh -W '[%h]:%p' bastion extra",
		"/usr/bin/ssh -W '[%h]:%p' bastion",
	};
	struct jump_list l = JUMP_LIST_INIT;
	struct error err = ERROR_INIT;
	size_t i;

	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		assert_int_equal(jump_parse(cmds[i], &l, &err), 0);
		assert_int_equal(l.n, 0);
	}
}

/* Hops in every spelling ProxyJump allows. */
static void test_hop_forms(void **state)
{
	struct jump_hop h;
	struct error err = ERROR_INIT;

	assert_int_equal(jump_parse_hop("host", &h, &err), 0);
	assert_string_equal(h.host, "host");
	assert_null(h.user);
	assert_int_equal(h.port, 0);
	free(h.host);

	assert_int_equal(jump_parse_hop("me@x.example:2200", &h, &err), 0);
	assert_string_equal(h.user, "me");
	assert_string_equal(h.host, "x.example");
	assert_int_equal(h.port, 2200);
	free(h.user);
	free(h.host);

	assert_int_equal(jump_parse_hop("fe80::1", &h, &err), 0);
	assert_string_equal(h.host, "fe80::1");
	assert_int_equal(h.port, 0);
	free(h.host);

	assert_int_equal(jump_parse_hop("ssh://a@[::1]:22", &h, &err), 0);
	assert_string_equal(h.user, "a");
	assert_string_equal(h.host, "::1");
	assert_int_equal(h.port, 22);
	free(h.user);
	free(h.host);
}

/* Bad hops are errors that quote the hop. */
static void test_bad_hops(void **state)
{
	static const char *const bad[] = {
		"",	    "@host", "host:", "host:0", "host:65536",
		"host:22x", "[::1",  "[]:22", "[::1]x", ":22",
	};
	struct jump_hop h;
	struct error err = ERROR_INIT;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(jump_parse_hop(bad[i], &h, &err), -1);
		assert_int_equal(err.kind, ERROR_INVALID);
		assert_non_null(strstr(err.message, "ProxyJump"));
		error_release(&err);
	}
}

/* A bad hop further down the chain fails the whole parse. */
static void test_bad_chain(void **state)
{
	struct jump_list l = JUMP_LIST_INIT;
	struct error err = ERROR_INIT;

	assert_int_equal(
		jump_parse("ssh -J ok,bad:99999 -W '[%h]:%p' a", &l, &err), -1);
	assert_int_equal(l.n, 0);
	assert_non_null(strstr(err.message, "bad:99999"));
	error_release(&err);
}

/* What this libssh really writes for ProxyJump in an ssh_config parses
 * back into the hops in OpenSSH's order: the contract jump.c relies on. */
static void test_libssh_renders(void **state)
{
	char path[] = "/tmp/crest-test-jump.XXXXXX";
	struct jump_list l = JUMP_LIST_INIT;
	struct error err = ERROR_INIT;
	ssh_session s;
	char *proxy = NULL;
	FILE *fp;
	int fd;

	fd = mkstemp(path);
	assert_true(fd >= 0);
	fp = fdopen(fd, "w");
	fprintf(fp, "Host target\n  ProxyJump ops@first:2201,second,"
		    "u@[::1]:24\n");
	fclose(fp);
	s = ssh_new();
	assert_int_equal(ssh_options_set(s, SSH_OPTIONS_HOST, "target"), 0);
	assert_int_equal(ssh_options_parse_config(s, path), 0);
	assert_int_equal(ssh_options_get(s, SSH_OPTIONS_PROXYCOMMAND, &proxy),
			 SSH_OK);
	assert_int_equal(jump_parse(proxy, &l, &err), 1);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.hops[0].host, "first");
	assert_string_equal(l.hops[0].user, "ops");
	assert_int_equal(l.hops[0].port, 2201);
	assert_string_equal(l.hops[1].host, "second");
	assert_string_equal(l.hops[2].host, "::1");
	assert_int_equal(l.hops[2].port, 24);
	jump_list_release(&l);
	ssh_string_free_char(proxy);
	ssh_free(s);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_hop),
		cmocka_unit_test(test_user_port),
		cmocka_unit_test(test_chain_order),
		cmocka_unit_test(test_other_proxycommand),
		cmocka_unit_test(test_hop_forms),
		cmocka_unit_test(test_bad_hops),
		cmocka_unit_test(test_bad_chain),
		cmocka_unit_test(test_libssh_renders),
	};

	return cmocka_run_group_tests_name("jump", tests, NULL, NULL);
}
