/*
 * html.h - writing crest's HTML pages: the one escape function every value
 * from a journal, an inventory or a host goes through, and the frame of a
 * self-contained page (inline CSS, a few lines of plain JavaScript that
 * sort tables, nothing loaded from anywhere).
 */
#ifndef CREST_HTML_H
#define CREST_HTML_H

#include "base/buf.h"
#include "base/error.h"

/* Appends s to b as HTML text or attribute value: & < > " ' become
 * entities, bytes that are not valid UTF-8 and control characters other
 * than tab and newline become U+FFFD.  NULL appends nothing. */
void html_escape(struct buf *b, const char *s);

/* Appends the doctype, head (title escaped, the page's style) and <body>. */
void html_page_begin(struct buf *b, const char *title);

/* Appends the table-sorting script and closes the page. */
void html_page_end(struct buf *b);

/* Writes b to path atomically (a temporary file beside it, fsync, rename),
 * mode 0600.  Returns 0, or -1 with err set. */
int html_write_file(const char *path, const struct buf *b, struct error *err);

#endif
