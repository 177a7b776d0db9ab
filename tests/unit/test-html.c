/*
 * test-html.c - unit tests for orchestrator/report/html.c: the escape
 * function with hostile strings, and the atomic page write.
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

#include "base/buf.h"
#include "report/html.h"

/* Checks what html_escape() makes of in. */
static void expect_escape(const char *in, const char *want)
{
	struct buf b = BUF_INIT;

	html_escape(&b, in);
	assert_string_equal(b.data, want);
	buf_release(&b);
}

/* Markup, attribute breakouts and entities come out as text. */
static void test_markup(void **state)
{
	(void)state;
	expect_escape("<script>alert(1)</script>",
		      "&lt;script&gt;alert(1)&lt;/script&gt;");
	expect_escape("\" onmouseover=\"x()", "&quot; onmouseover=&quot;x()");
	expect_escape("' autofocus='", "&#39; autofocus=&#39;");
	expect_escape("&amp; &lt;", "&amp;amp; &amp;lt;");
	expect_escape("]]><!--", "]]&gt;&lt;!--");
	expect_escape("plain h1.example.org", "plain h1.example.org");
	expect_escape("", "");
	expect_escape(NULL, "");
}

/* Bad UTF-8 and control characters become U+FFFD; UTF-8 stays. */
static void test_bytes(void **state)
{
	(void)state;
	expect_escape("a\xff<b", "a\xef\xbf\xbd&lt;b");
	expect_escape("\xc3(", "\xef\xbf\xbd(");
	expect_escape("esc\x1b[31m", "esc\xef\xbf\xbd[31m");
	expect_escape("del\x7f", "del\xef\xbf\xbd");
	expect_escape("tab\tnl\n", "tab\tnl\n");
	expect_escape("h\xc3\xa9te \xe2\x9c\x93", "h\xc3\xa9te \xe2\x9c\x93");
}

/* A page is written whole with mode 0600, and nothing is left beside. */
static void test_write(void **state)
{
	char dir[] = "/tmp/crest-test-html-XXXXXX", path[64], text[64];
	struct buf b = BUF_INIT;
	struct error err = ERROR_INIT;
	struct stat st;
	FILE *f;
	size_t n;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/p.html", dir);
	html_page_begin(&b, "a <title>");
	html_page_end(&b);
	assert_int_equal(html_write_file(path, &b, &err), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal((size_t)st.st_size, b.len);
	f = fopen(path, "r");
	assert_non_null(f);
	n = fread(text, 1, sizeof(text) - 1, f);
	text[n] = '\0';
	fclose(f);
	assert_memory_equal(text, "<!DOCTYPE html>", 15);
	assert_non_null(strstr(b.data, "<title>a &lt;title&gt;</title>"));
	unlink(path);
	snprintf(path, sizeof(path), "%s/none/p.html", dir);
	assert_int_equal(html_write_file(path, &b, &err), -1);
	assert_non_null(strstr(err.message, "cannot write"));
	error_release(&err);
	buf_release(&b);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_markup),
		cmocka_unit_test(test_bytes),
		cmocka_unit_test(test_write),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
