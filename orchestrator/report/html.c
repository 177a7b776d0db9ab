/*
 * html.c - HTML escaping and the frame of crest's self-contained pages
 * (html.h).
 *
 * The page's style and script are here, once, so a run page and the fleet
 * report look the same and neither loads anything: no fonts, images or
 * scripts from elsewhere (t8010 checks it in a browser with the network
 * off).
 */
#include <string.h>

#include "html.h"
#include "base/atomic-file.h"
#include "base/utf8.h"
#include "base/xmalloc.h"

static const char page_style[] =
	"body{font:13px/1.4 sans-serif;margin:16px 24px;color:#222;"
	"background:#fff}\n"
	"h1{font-size:20px;margin:0 0 8px}h2{font-size:16px;margin:24px 0 "
	"8px;border-bottom:1px solid #ccc}h3{font-size:14px;margin:16px 0 "
	"6px}\n"
	"table{border-collapse:collapse;margin:4px 0 12px}\n"
	"th,td{border:1px solid #ddd;padding:2px 8px;text-align:left;"
	"vertical-align:top}\n"
	"th{background:#f3f3f3}th.sort{cursor:pointer}th.sort:after{content:"
	"' \\2195';color:#999}\n"
	"dl.meta{display:grid;grid-template-columns:max-content auto;gap:2px "
	"12px;margin:4px 0 12px}dl.meta dt{color:#666}dl.meta dd{margin:0}\n"
	"code{font:12px monospace}td.err{max-width:640px;"
	"white-space:pre-wrap;font:12px monospace}\n"
	".legend span{display:inline-block;margin-right:14px}"
	".legend i{display:inline-block;width:14px;height:10px;"
	"margin-right:4px;vertical-align:middle;border:1px solid #0003}\n"
	".o-ok{fill:#9ccc65;background:#9ccc65}"
	".o-changed{fill:#1e88e5;background:#1e88e5}"
	".o-failed{fill:#e53935;background:#e53935}"
	".o-unreachable{fill:#8e24aa;background:#8e24aa}"
	".o-reverted{fill:#fb8c00;background:#fb8c00}"
	".o-rollback_failed{fill:#6d0000;background:#6d0000}"
	".o-unfinished{fill:#757575;background:#757575}"
	".o-not_started{fill:#e0e0e0;background:#e0e0e0}\n"
	".p-soak{fill:#fff59d;background:#fff59d;opacity:.55}"
	".p-rollback{fill:#ffcc80;background:#ffcc80;opacity:.45}\n"
	"td.outcome{font-weight:bold}\n"
	"svg.timeline{display:block;border:1px solid #ddd;margin:6px 0}\n"
	"svg.timeline text{font:11px sans-serif;fill:#222}"
	"svg.timeline .axis text{fill:#666}"
	"svg.timeline .wavehead text{font-weight:bold}"
	"svg.timeline .grid{stroke:#eee}"
	"svg.timeline .span{stroke:#bbb;stroke-width:1}"
	"svg.timeline rect.revert{stroke:#000;stroke-width:.6;"
	"stroke-dasharray:2 1}"
	"svg.timeline .plabel{font-size:10px;fill:#8a6d00}\n"
	"nav a{margin-right:12px}\n";

/* Sorts a table when its header cell is clicked: numbers as numbers
 * (data-sort when given), the rest as text. */
static const char page_script[] =
	"document.querySelectorAll('table.sortable').forEach(function(t){\n"
	" t.querySelectorAll('th').forEach(function(th,i){\n"
	"  th.classList.add('sort');\n"
	"  th.addEventListener('click',function(){\n"
	"   var b=t.tBodies[0],rows=Array.prototype.slice.call(b.rows),"
	"d=th.dataset.dir==='a'?-1:1;th.dataset.dir=d===1?'a':'d';\n"
	"   function v(r){var c=r.cells[i];if(!c)return '';"
	"var s=c.dataset.sort!==undefined?c.dataset.sort:c.textContent;"
	"var n=parseFloat(s);return isNaN(n)||!/^-?[0-9.]+$/.test(s)?"
	"s.toLowerCase():n;}\n"
	"   rows.sort(function(x,y){var a=v(x),c=v(y);"
	"if(typeof a!==typeof c){a=String(a);c=String(c);}"
	"return a<c?-d:a>c?d:0;});\n"
	"   rows.forEach(function(r){b.appendChild(r);});\n"
	"  });\n"
	" });\n"
	"});\n";

/* Appends one character of text, escaped. */
static void escape_char(struct buf *b, unsigned char c)
{
	switch (c) {
	case '&':
		buf_adds(b, "&amp;");
		break;
	case '<':
		buf_adds(b, "&lt;");
		break;
	case '>':
		buf_adds(b, "&gt;");
		break;
	case '"':
		buf_adds(b, "&quot;");
		break;
	case '\'':
		buf_adds(b, "&#39;");
		break;
	default:
		if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
			buf_adds(b, "\xef\xbf\xbd");
		else
			buf_addch(b, c);
	}
}

/* Escapes s: repaired as UTF-8 first, then character by character. */
void html_escape(struct buf *b, const char *s)
{
	struct buf clean = BUF_INIT;
	size_t i;

	if (s == NULL)
		return;
	utf8_sanitize(&clean, s, strlen(s));
	for (i = 0; i < clean.len; i++)
		escape_char(b, (unsigned char)clean.data[i]);
	buf_release(&clean);
}

/* Opens the page. */
void html_page_begin(struct buf *b, const char *title)
{
	buf_adds(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
		    "<meta charset=\"utf-8\">\n"
		    "<meta name=\"generator\" content=\"crest\">\n<title>");
	html_escape(b, title);
	buf_adds(b, "</title>\n<style>\n");
	buf_adds(b, page_style);
	buf_adds(b, "</style>\n</head>\n<body>\n");
}

/* Closes the page. */
void html_page_end(struct buf *b)
{
	buf_adds(b, "<script>\n");
	buf_adds(b, page_script);
	buf_adds(b, "</script>\n</body>\n</html>\n");
}

/* Writes the page beside its final name, then renames it into place. */
int html_write_file(const char *path, const struct buf *b, struct error *err)
{
	return atomic_file_write(path, b->data, b->len, 0600, 0, err) < 0 ? -1
									  : 0;
}
