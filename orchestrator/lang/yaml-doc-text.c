/*
 * yaml-doc-text.c - the YAML loader's view of the raw text: where each line
 * starts, a tab in indentation, and libyaml's failures as positioned
 * errors.
 *
 * Theory of operation: libyaml accepts a tab in some indentations and
 * fails obscurely on others, so the loader looks for one itself.  The text
 * is indexed by line once; every event that starts right after its line's
 * indentation has that indentation checked for a tab, and so has the line
 * libyaml failed on, which turns its "found character that cannot start
 * any token" into the real cause.
 */
#include "base/xmalloc.h"
#include "yaml-doc-build.h"

/* Records the byte offset where each line starts, for the tab check. */
void yaml_doc_index_lines(struct yaml_doc_loader *ld)
{
	size_t i, n = 1;

	for (i = 0; i < ld->len; i++)
		if (ld->data[i] == '\n')
			n++;
	ld->line_starts = xcalloc(n, sizeof(*ld->line_starts));
	ld->n_lines = 0;
	ld->line_starts[ld->n_lines++] = 0;
	for (i = 0; i < ld->len; i++)
		if (ld->data[i] == '\n')
			ld->line_starts[ld->n_lines++] = i + 1;
}

/* Returns the 0-based column of the first tab in line's indentation, with
 * *indent set to the indentation's width, or -1 when it has none. */
static long indent_tab(const struct yaml_doc_loader *ld, size_t line,
		       size_t *indent)
{
	size_t i, start, end;
	long tab = -1;

	*indent = 0;
	if (line >= ld->n_lines)
		return -1;
	start = ld->line_starts[line];
	end = line + 1 < ld->n_lines ? ld->line_starts[line + 1] : ld->len;
	for (i = start; i < end; i++) {
		if (ld->data[i] == '\t') {
			if (tab < 0)
				tab = (long)(i - start);
		} else if (ld->data[i] != ' ') {
			break;
		}
	}
	*indent = i - start;
	if (i == end || ld->data[i] == '\n' || ld->data[i] == '\r' ||
	    ld->data[i] == '#')
		return -1; /* a blank or comment line indents nothing */
	return tab;
}

/* Fails when the thing starting at mark sits right after an indentation
 * that holds a tab. */
int yaml_doc_check_tab(struct yaml_doc_loader *ld, yaml_mark_t mark,
		       struct error *err)
{
	size_t indent;
	long tab = indent_tab(ld, mark.line, &indent);

	if (tab < 0 || mark.column != indent)
		return 0;
	return error_set_at(err, ERROR_INVALID, ld->doc->file,
			    (unsigned)mark.line + 1, (unsigned)tab + 1,
			    "tab character in indentation (YAML indents with "
			    "spaces only)");
}

/* Turns libyaml's failure into an error at its position. */
int yaml_doc_parser_error(struct yaml_doc_loader *ld,
			  const yaml_parser_t *parser, struct error *err)
{
	yaml_mark_t mark = parser->problem_mark;
	const char *problem = parser->problem ? parser->problem : "bad YAML";
	size_t indent;
	long tab;

	if (parser->error == YAML_READER_ERROR) {
		return error_set_at(err, ERROR_INVALID, ld->doc->file, 0, 0,
				    "not valid text: %s at byte %zu", problem,
				    parser->problem_offset);
	}
	/* A tab in indentation usually surfaces here as a confusing
	 * "found character that cannot start any token". */
	tab = indent_tab(ld, mark.line, &indent);
	if (tab >= 0)
		return error_set_at(err, ERROR_INVALID, ld->doc->file,
				    (unsigned)mark.line + 1, (unsigned)tab + 1,
				    "tab character in indentation (YAML "
				    "indents with spaces only)");
	if (parser->context)
		return error_set_at(
			err, ERROR_INVALID, ld->doc->file,
			(unsigned)mark.line + 1, (unsigned)mark.column + 1,
			"YAML syntax error: %s %s (line %zu)", parser->context,
			problem, parser->context_mark.line + 1);
	return error_set_at(err, ERROR_INVALID, ld->doc->file,
			    (unsigned)mark.line + 1, (unsigned)mark.column + 1,
			    "YAML syntax error: %s", problem);
}
