/*
 * run-page.c - one run as HTML (run-page.h).
 *
 * The section is the same wherever it goes: a run page holds one, the
 * fleet report one per run, so what a person reads of a run does not
 * depend on where they found it.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "run-page.h"
#include "html.h"
#include "timeline.h"

/* Appends an instant as UTC text. */
void run_page_time(struct buf *b, int64_t ms)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	char text[32];

	if (ms < 0 || gmtime_r(&t, &tm) == NULL) {
		buf_adds(b, "-");
		return;
	}
	strftime(text, sizeof(text), "%Y-%m-%d %H:%M:%S UTC", &tm);
	buf_adds(b, text);
}

/* Appends one <dt>/<dd> pair, the value escaped ("-" when missing). */
static void meta(struct buf *b, const char *term, const char *value)
{
	buf_addf(b, "<dt>%s</dt><dd>", term);
	html_escape(b, value ? value : "-");
	buf_adds(b, "</dd>\n");
}

/* Appends the commit the run came from, as crest show prints it. */
static void meta_commit(struct buf *b, const struct run_view *v)
{
	const char *source = run_view_header(v, "git.source");

	buf_adds(b, "<dt>commit</dt><dd>");
	if (source == NULL || strcmp(source, "disk") == 0) {
		buf_adds(b, "none (files on disk, no git repository)</dd>\n");
		return;
	}
	buf_adds(b, "<code class=\"commit\">");
	html_escape(b, run_view_header(v, "git.commit"));
	buf_adds(b, "</code>");
	if (strcmp(source, "worktree") == 0)
		buf_adds(b, " with uncommitted changes (--allow-dirty)");
	buf_adds(b, "<br>");
	html_escape(b, run_view_header(v, "git.author"));
	buf_adds(b, ", ");
	html_escape(b, run_view_header(v, "git.date"));
	buf_adds(b, "<br>");
	html_escape(b, run_view_header(v, "git.ref"));
	buf_adds(b, " of ");
	html_escape(b, run_view_header(v, "git.repository"));
	buf_adds(b, "</dd>\n");
}

/* Appends the run's header as a definition list. */
static void section_meta(struct buf *b, const struct run_view *v)
{
	buf_adds(b, "<dl class=\"meta\">\n");
	meta(b, "run", v->run_id);
	buf_adds(b, "<dt>status</dt><dd class=\"status\">");
	html_escape(b, v->status ? v->status : "unfinished");
	buf_adds(b, "</dd>\n");
	meta(b, "playbook", run_view_header(v, "playbook"));
	meta_commit(b, v);
	meta(b, "ran by", run_view_header(v, "user"));
	meta(b, "controller", run_view_header(v, "controller"));
	meta(b, "inventory", run_view_header(v, "inventory"));
	buf_adds(b, "<dt>started</dt><dd>");
	run_page_time(b, v->start_ms);
	buf_adds(b, "</dd>\n<dt>last event</dt><dd>");
	run_page_time(b, v->end_ms);
	buf_addf(b, " (+%lld s)</dd>\n",
		 (long long)((v->end_ms - v->start_ms) / 1000));
	buf_adds(b, "</dl>\n");
}

/* Appends the waves and their budgets as a table. */
static void section_waves(struct buf *b, const struct run_view *v)
{
	size_t i;

	buf_adds(b, "<table class=\"waves\">\n<thead><tr><th>play</th>"
		    "<th>wave</th><th>hosts</th><th>tolerates</th><th>ok</th>"
		    "<th>failed</th><th>budget</th><th>rollback</th>"
		    "<th>started</th></tr></thead>\n<tbody>\n");
	for (i = 0; i < v->n_waves; i++) {
		const struct view_wave *w = &v->waves[i];

		buf_addf(b,
			 "<tr data-play=\"%u\" data-wave=\"%u\"><td>%u</td>"
			 "<td>%u</td><td>%zu</td>",
			 w->play, w->wave, w->play, w->wave, w->hosts);
		if (w->budget >= 0)
			buf_addf(b, "<td>%ld</td>", w->budget);
		else
			buf_adds(b, "<td>-</td>");
		if (w->ok >= 0)
			buf_addf(b, "<td>%ld</td><td>%ld</td><td>%s</td>",
				 w->ok, w->failed,
				 w->exceeded ? "exceeded" : "held");
		else
			buf_addf(b, "<td>-</td><td>-</td><td>%s</td>",
				 w->start_ms < 0 ? "not started"
						 : "unfinished");
		buf_addf(b, "<td>%s</td><td>",
			 w->rollback ? (strcmp(w->rollback, "ok") == 0
						? "rolled back"
						: "a revert failed")
				     : "-");
		run_page_time(b, w->start_ms);
		buf_adds(b, "</td></tr>\n");
	}
	buf_adds(b, "</tbody></table>\n");
}

/* Appends the legend of the timeline's colours. */
static void section_legend(struct buf *b)
{
	static const char *const outcomes[] = {
		"ok",	    "changed",	       "failed",     "unreachable",
		"reverted", "rollback_failed", "unfinished", "not_started"};
	size_t i;

	buf_adds(b, "<p class=\"legend\">");
	for (i = 0; i < sizeof(outcomes) / sizeof(outcomes[0]); i++)
		buf_addf(b,
			 "<span data-outcome=\"%s\"><i class=\"o-%s\"></i>%s"
			 "</span>",
			 outcomes[i], outcomes[i], outcomes[i]);
	buf_adds(b, "<span><i class=\"p-soak\"></i>soak</span>"
		    "<span><i class=\"p-rollback\"></i>rollback</span>"
		    "<span><i style=\"border:1px dashed #000\"></i>a revert "
		    "step</span></p>\n");
}

/* Appends the hosts as a sortable table. */
static void section_hosts(struct buf *b, const struct run_view *v)
{
	size_t i, k;

	buf_adds(b, "<table class=\"hosts sortable\">\n<thead><tr>"
		    "<th>host</th><th>play</th><th>wave</th><th>outcome</th>"
		    "<th>tasks changed</th><th>reverted</th><th>time</th>"
		    "<th>error</th></tr></thead>\n<tbody>\n");
	for (i = 0; i < v->n_hosts; i++) {
		const struct view_host *h = &v->hosts[i];
		unsigned changed = 0, reverted = 0;

		for (k = 0; k < h->n_bars; k++) {
			const char *o = h->bars[k].outcome;

			if (h->bars[k].revert)
				reverted += strcmp(o, "reverted") == 0;
			else
				changed += strcmp(o, "changed") == 0 ||
					   strcmp(o, "reverted") == 0;
		}
		buf_adds(b, "<tr data-host=\"");
		html_escape(b, h->name);
		buf_addf(b, "\" data-outcome=\"%s\"><td>", h->outcome);
		html_escape(b, h->name);
		buf_addf(b,
			 "</td><td>%u</td><td>%u</td><td class=\"outcome\">%s"
			 "</td><td>%u</td><td>%u</td>",
			 h->play, h->wave, h->outcome, changed, reverted);
		if (h->start_ms >= 0 && h->end_ms >= 0)
			buf_addf(b, "<td data-sort=\"%lld\">%.1f s</td>",
				 (long long)(h->end_ms - h->start_ms),
				 (double)(h->end_ms - h->start_ms) / 1000);
		else
			buf_adds(b, "<td data-sort=\"-1\">-</td>");
		buf_adds(b, "<td class=\"err\">");
		html_escape(b, h->error);
		buf_adds(b, "</td></tr>\n");
	}
	buf_adds(b, "</tbody></table>\n");
}

/* Appends one run's section. */
void run_page_section(struct buf *b, const struct run_view *v, int h)
{
	buf_adds(b, "<section class=\"run\" id=\"run-");
	html_escape(b, v->run_id);
	buf_adds(b, "\" data-run=\"");
	html_escape(b, v->run_id);
	buf_adds(b, "\" data-status=\"");
	html_escape(b, v->status ? v->status : "unfinished");
	buf_addf(b, "\">\n<h%d>run ", h);
	html_escape(b, v->run_id);
	buf_adds(b, ": ");
	html_escape(b, run_view_header(v, "playbook"));
	buf_adds(b, " (");
	html_escape(b, v->status ? v->status : "unfinished");
	buf_addf(b, ")</h%d>\n", h);
	section_meta(b, v);
	buf_addf(b, "<h%d>waves</h%d>\n", h + 1, h + 1);
	section_waves(b, v);
	buf_addf(b, "<h%d>timeline</h%d>\n", h + 1, h + 1);
	section_legend(b);
	timeline_svg(b, v);
	buf_addf(b, "<h%d>hosts</h%d>\n", h + 1, h + 1);
	section_hosts(b, v);
	buf_adds(b, "</section>\n");
}

/* Appends one run's page. */
void run_page_html(struct buf *b, const struct run_view *v)
{
	struct buf title = BUF_INIT;

	buf_addf(&title, "crest run %s", v->run_id);
	html_page_begin(b, title.data);
	run_page_section(b, v, 1);
	html_page_end(b);
	buf_release(&title);
}
